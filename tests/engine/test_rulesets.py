"""Rule sets are data: validated files, sources on every rule, switches that change results without code."""

from __future__ import annotations

import copy
import re
from typing import Any

import pytest

from danhgia.engine import ScenarioError, builtin_ruleset, classify_scenario, compile_ruleset
from danhgia.engine.compile import PLACEHOLDERS
from danhgia.engine.explain import _VALUES, _Context, _number
from danhgia.engine.schema import builtin_text, load_spec_text, parse_fraction, ruleset_ids

# What docs/engine-contract.md §3 lists as the project's defaults that no source settles: exactly these are unconfirmed.
UNCONFIRMED = {
    "qd132-2018": {
        "level1_party_organisation_members",
        "organisation_formed_less_than_6_months",
        "score_below_50",
        "level2_individual_tasks_good",
        "level2_individual_others_average",
        "level3_individual_tasks_average",
        "level3_individual_others_average",
        "quota_rounding",
    },
    "qd124-2023": {
        "collective_formed_less_than_6_months",
        "score_below_50",
        "sick_leave_cap",
        "head_capped_by_unit",
        "leadership_collective_capped_by_organisation",
        "level2_individual_tasks_good",
        "level2_individual_others_average",
        "level3_individual_tasks_average",
        "level3_individual_others_average",
        "quota_rounding",
    },
    "qd366-2025": {
        "collective_formed_less_than_6_months",
        "sick_leave_cap",
        "head_capped_by_unit",
        "leadership_collective_capped_by_organisation",
        "quota_rounding",
        "score_bands_are_minimums",
    },
    "nd335-2025": {
        "worked_less_than_6_months",
        "head_capped_by_unit",
        "leadership_collective_capped_by_organisation",
        "quota_rounding",
        "score_bands_are_minimums",
        "quota_exception_ratio",
    },
}


@pytest.mark.parametrize("ruleset_id", ruleset_ids())
def test_every_rule_names_its_source_and_exactly_the_documented_defaults_are_unconfirmed(ruleset_id: str) -> None:
    spec, digest = load_spec_text(builtin_text(ruleset_id))
    assert spec.ruleset.id == ruleset_id
    assert len(digest) == 64
    assert all(rule.source.strip() and rule.vi.strip() and rule.en.strip() for rule in spec.rules)
    unconfirmed = {r.code for r in spec.rules if not r.confirmed} | {
        name for name, p in spec.parameters.items() if not p.confirmed
    }
    assert unconfirmed == UNCONFIRMED[ruleset_id]


@pytest.mark.parametrize("ruleset_id", ruleset_ids())
def test_rule_texts_are_nfc_vietnamese(ruleset_id: str) -> None:
    import unicodedata

    text = builtin_text(ruleset_id)
    assert unicodedata.normalize("NFC", text) == text


def test_a_rule_set_is_compiled_once_per_process() -> None:
    assert builtin_ruleset("qd366-2025") is builtin_ruleset("qd366-2025")


def test_explanations_fill_every_placeholder_the_compiler_allows() -> None:
    rules = builtin_ruleset("nd335-2025")
    from danhgia.engine import classify_facts, prepare

    _, _, facts = prepare(SCENARIO)
    outcome = classify_facts(rules, facts)
    assert set(_VALUES) == PLACEHOLDERS
    context = _Context(rules, rules.rules("quota")[0], facts, outcome, 0, "vi")
    values = {name: context[name] for name in sorted(PLACEHOLDERS)}
    assert (values["score"], values["ratio"], values["max_level1"], values["cap"]) == ("95", "20 %", "1", "mức 1")
    assert all(isinstance(value, str) and value for value in values.values())
    assert _number(float("nan")) == "—"  # a fact not given (no score) reads as a dash


def variant(ruleset_id: str, old: str, new: str, count: int = 1) -> Any:
    """The built-in rule set with one textual change, compiled: how a local guidance is expressed."""
    text = builtin_text(ruleset_id)
    assert text.count(old) == count, old
    return compile_ruleset(*load_spec_text(text.replace(old, new)))


SCENARIO: dict[str, Any] = {
    "format": "danhgia-scenario/1",
    "ruleset": "nd335-2025",
    "period": {"kind": "year", "year": 2026},
    "units": [{"id": "U1", "parent": None, "kind": "agency"}],
    "subjects": [
        {"id": f"P{i:02d}", "type": "individual", "category": "staff", "unit": "U1", "score": 95 if i < 3 else 80}
        for i in range(11)
    ],
}


def levels(result: dict[str, Any]) -> list[str]:
    return [r["level"] for r in result["results"]]


def test_half_up_rounding_keeps_one_more_level1_than_floor() -> None:
    # 3 candidates, 8 at L2: r·11/(1+r) = 11/6 = 1.83 → floor keeps 1, half-up keeps 2.
    assert levels(classify_scenario(SCENARIO)).count("L1") == 1
    half_up = variant("nd335-2025", 'value = "floor"', 'value = "half_up"')
    result = classify_scenario(SCENARIO, ruleset=half_up)
    assert levels(result).count("L1") == 2
    assert result["quota"][0]["max_level1"] == 2


def test_floor_demotion_is_flagged_as_resting_on_an_unconfirmed_rounding() -> None:
    flags = {r["subject"]: r["flags"] for r in classify_scenario(SCENARIO)["results"]}
    # Only P01, the first demoted, would keep level 1 if 11/6 were rounded up.
    assert (flags["P00"], flags["P01"], flags["P02"]) == (
        ["quota_tie"],
        ["quota_tie", "unconfirmed_rule"],
        ["quota_tie"],
    )


def test_switching_the_head_cap_off_is_a_data_change() -> None:
    scenario: dict[str, Any] = {
        "format": "danhgia-scenario/1",
        "ruleset": "nd335-2025",
        "period": {"kind": "year", "year": 2026},
        "units": [{"id": "U1", "parent": None, "kind": "agency"}],
        "subjects": [
            {"id": "ORG", "type": "collective", "category": "organisation", "unit": "U1", "score": 75},
            {"id": "H", "type": "individual", "category": "leader", "unit": "U1", "head_of": "U1", "score": 80},
        ],
    }
    capped = classify_scenario(scenario)["results"][1]
    assert (capped["level"], [r["code"] for r in capped["reasons"]]) == ("L2", ["level1_score"])
    scenario["subjects"][0]["score"] = 55
    capped = classify_scenario(scenario)["results"][1]
    assert (capped["level"], capped["flags"]) == ("L3", ["unconfirmed_rule"])
    assert capped["reasons"][-1]["code"] == "head_capped_by_unit"
    no_cap = variant("nd335-2025", 'kind = "head_capped_by_unit"\n', 'kind = "head_capped_by_unit"\nenabled = false\n')
    assert classify_scenario(scenario, ruleset=no_cap)["results"][1]["level"] == "L2"


def test_without_linkage_rules_there_are_no_dependency_edges() -> None:
    text = builtin_text("nd335-2025")
    for kind in ("head_capped_by_unit", "leadership_collective_capped_by_organisation"):
        text = text.replace(f'kind = "{kind}"\n', f'kind = "{kind}"\nenabled = false\n')
    rules = compile_ruleset(*load_spec_text(text))
    assert rules.rules("cap") == []
    assert levels(classify_scenario(SCENARIO, ruleset=rules)).count("L1") == 1


def test_exact_score_bands_send_a_band_mismatch_to_a_person() -> None:
    scenario = {
        "format": "danhgia-scenario/1",
        "ruleset": "qd366-2025",
        "period": {"kind": "year", "year": 2025},
        "units": [{"id": "C1", "parent": None, "kind": "grassroots_cell"}],
        "subjects": [
            {
                "id": "P1",
                "type": "individual",
                "category": "staff",
                "unit": "C1",
                "score": 92,
                "tasks": {"assigned": 40, "completed": 40, "on_time": 40, "exceeded": 10},
            }
        ],
    }
    assert classify_scenario(scenario)["results"][0]["level"] == "L2"
    exact = variant(
        "qd366-2025",
        "[parameters.score_bands_are_minimums]\nvalue = true",
        "[parameters.score_bands_are_minimums]\nvalue = false",
    )
    result = classify_scenario(scenario, ruleset=exact)["results"][0]
    assert (result["status"], result["level"], result["flags"]) == ("needs_decision", None, ["band_condition_mismatch"])
    assert [r["code"] for r in result["reasons"]] == ["level1_exceeded_share"]


def test_texts_are_available_in_english() -> None:
    result = classify_scenario(SCENARIO, lang="en")["results"][5]
    assert result["reasons"][0]["detail"] == "Level 1 needs at least 90 points; the total score is 80."


BROKEN: list[tuple[str, str, str]] = [
    ('code = "level1_score"', 'code = "level2_score"', "rule level2_score: duplicate rule code"),
    (
        'kind = "score_at_least"\nparams = { min = 90 }',
        'kind = "score_at_most"\nparams = { min = 90 }',
        "rule level1_score: unknown rule kind 'score_at_most'",
    ),
    (
        'level = 1\nkind = "score_at_least"',
        'kind = "score_at_least"',
        "rule level1_score: a level or cap rule needs 'level'",
    ),
    ('outcome = "not_classified"\n', "", "rule worked_less_than_6_months: an eligibility rule needs 'outcome'"),
    ('applies_to = ["leaders"]', 'applies_to = ["bosses"]', "unknown subject group 'bosses' in applies_to"),
    ("params = { min = 90 }", "params = { minimum = 90 }", "rule level1_score: parameters must be exactly ['min']"),
    ("params = { min = 90 }", 'params = { min = "ninety" }', "rule level1_score: bad parameter: expected a number"),
    ("params = { min = 90 }", "params = { min = true }", "rule level1_score: bad parameter: expected a number"),
    ("params = { months = 6 }", 'params = { months = "6" }', "bad parameter: expected a number"),
    ('vi = "Mức 1 cần từ {min} điểm', 'vi = "Mức 1 cần từ {minimum} điểm', "unknown placeholder(s) ['minimum']"),
    ('value = "floor"', 'value = "ceiling"', "quota_rounding is floor or half_up"),
    ("[parameters.quota_rounding]", "[parameters.quota_roundings]", "parameter 'quota_rounding' is missing"),
    ('stage = "quota"', 'stage = "input"', "needs exactly one input rule"),
    ('scoring = "score"', 'scoring = "points"', "invalid rule-set file"),
    ("[ruleset]", "[ruleset", "invalid rule-set file"),
]


@pytest.mark.parametrize(("old", "new", "message"), BROKEN, ids=[b[2][:40] for b in BROKEN])
def test_a_broken_rule_set_file_is_rejected_with_the_rule_named(old: str, new: str, message: str) -> None:
    text = builtin_text("nd335-2025")
    assert old in text, old
    with pytest.raises(ScenarioError, match=re.escape(message)):
        compile_ruleset(*load_spec_text(text.replace(old, new, 1)))


def test_discipline_parameters_must_be_booleans() -> None:
    text = builtin_text("nd335-2025").replace("self_detected_counts = true", 'self_detected_counts = "yes"')
    with pytest.raises(ScenarioError, match="bad parameter: expected true or false"):
        compile_ruleset(*load_spec_text(text))


def test_more_than_64_rules_of_one_stage_are_rejected() -> None:
    text = builtin_text("nd335-2025")
    block = text[text.index('[[rules]]\ncode = "degradation"') : text.index('[[rules]]\ncode = "duty_discipline"')]
    extra = "".join(block.replace('code = "degradation"', f'code = "degradation_{i}"') for i in range(60))
    with pytest.raises(ScenarioError, match="more than 64 disqualifier rules"):
        compile_ruleset(*load_spec_text(text + "\n" + extra))


def test_an_unknown_built_in_rule_set_is_named() -> None:
    with pytest.raises(ScenarioError, match="unknown rule set 'qd1-1900'"):
        builtin_ruleset("qd1-1900")


@pytest.mark.parametrize(("value", "expected"), [("1/5", (1, 5)), ("0.3", (3, 10)), (0.5, (1, 2)), (30, (30, 1))])
def test_fractions_are_exact(value: Any, expected: tuple[int, int]) -> None:
    share = parse_fraction(value)
    assert (share.numerator, share.denominator) == expected


def test_a_boolean_is_not_a_fraction() -> None:
    with pytest.raises(ValueError, match="expected a number or fraction"):
        parse_fraction(True)


def test_a_what_if_rule_set_may_carry_its_own_id() -> None:
    draft = variant("qd366-2025", 'id = "qd366-2025"', 'id = "qd366-2025-draft"')
    scenario = copy.deepcopy(SCENARIO) | {"ruleset": "qd366-2025-draft"}
    assert classify_scenario(scenario, ruleset=draft)["ruleset"] == "qd366-2025-draft"


@pytest.mark.parametrize(
    ("level1", "level2", "ratio", "rounding", "kept"),
    [
        (5, 15, "1/5", "floor", 3),
        (5, 15, "1/4", "floor", 4),
        (3, 8, "1/5", "floor", 1),
        (3, 8, "1/5", "half_up", 2),
        (1, 0, "1/5", "floor", 0),
        (0, 0, "1/5", "floor", 0),
    ],
)
def test_allowed_level1_for_one_group(level1: int, level2: int, ratio: str, rounding: str, kept: int) -> None:
    from danhgia.engine.quota import allowed_level1

    assert allowed_level1(level1, level2, parse_fraction(ratio), rounding) == kept


def test_the_cell_condition_can_count_heads_again_at_the_price_of_a_cycle() -> None:
    """`exclude_heads` is the switch of a project default: counted again, a head of the cell's own party
    organisation would wait for the cell while the cell waits for the head."""
    counting_heads = variant("qd132-2018", "exclude_heads = true", "exclude_heads = false", count=2)
    units = [{"id": "C1", "parent": None, "kind": "grassroots_cell"}]
    good = {"politics": "T", "tasks": "T"}
    members = [
        {"id": f"M{i}", "type": "individual", "category": "staff", "unit": "C1", "grades": good} for i in range(3)
    ]
    cell = {"id": "PO", "type": "collective", "category": "party_organisation", "unit": "C1", "grades": good}
    scenario: dict[str, Any] = {
        "format": "danhgia-scenario/1",
        "ruleset": "qd132-2018",
        "period": {"kind": "year", "year": 2021},
        "units": units,
        "subjects": [cell, *members],
    }
    default = classify_scenario(scenario)["results"][0]
    switched = classify_scenario(scenario, ruleset=counting_heads)["results"][0]
    assert (default["level"], default["flags"]) == (switched["level"], switched["flags"]) == ("L2", [])
    scenario["subjects"][1] = dict(members[0], category="leader", head_of="C1")
    assert "unconfirmed_rule" in classify_scenario(scenario)["results"][0]["flags"]
    with pytest.raises(ScenarioError, match="dependency cycle"):
        classify_scenario(scenario, ruleset=counting_heads)
