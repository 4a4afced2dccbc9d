"""The basis as data: what the page says about switching rules off is what the compiler does, shares read as
percentages, rule texts in plain language, and the committed test index written and read back exactly."""

from __future__ import annotations

import pytest
from django.utils import translation

from danhgia.apps.rules.basis import (
    CoveringTest,
    builtin_bases,
    committed_bases,
    fill_text,
    parse_index,
    render_index,
    rule_codes,
)
from danhgia.apps.rules.labels import effect_label, value_label
from danhgia.engine import ScenarioError, compile_ruleset
from danhgia.engine.schema import builtin_text, load_spec_text, ruleset_ids


def switched_off(ruleset_id: str, code: str) -> str:
    text = builtin_text(ruleset_id)
    line = f'code = "{code}"\n'
    assert text.count(line) == 1, code
    return text.replace(line, f"{line}enabled = false\n")


@pytest.mark.parametrize("ruleset_id", ruleset_ids())
def test_every_rule_but_the_input_and_quota_rule_can_be_switched_off_in_its_file(ruleset_id: str) -> None:
    (basis,) = [b for b in builtin_bases({}) if b.id == ruleset_id]
    refused = []
    for rule in basis.rules:
        try:
            compiled = compile_ruleset(*load_spec_text(switched_off(ruleset_id, rule.code)))
        except ScenarioError:
            refused.append(rule.code)
        else:
            assert rule.code not in {r.code for rules in compiled.stages.values() for r in rules}
    assert refused == [rule.code for rule in basis.rules if not rule.can_be_switched_off]
    assert refused == ["missing_input", "quota_level1_over_20pct_of_level2"]


def test_the_four_rule_sets_are_read_with_their_version_and_years() -> None:
    got = [(b.id, b.version, b.applies_from, b.applies_until, len(b.sha256)) for b in committed_bases()]
    assert got == [
        ("qd132-2018", "2018.1", 2018, 2022, 64),
        ("qd124-2023", "2023.1", 2023, 2024, 64),
        ("qd366-2025", "2025.1", 2025, None, 64),
        ("nd335-2025", "2026.1", 2026, None, 64),
    ]
    assert all(b.sha256 == load_spec_text(builtin_text(b.id))[1] for b in committed_bases())


@pytest.mark.parametrize(
    ("name", "value", "vi", "en"),
    [
        ("quota_ratio", "1/5", "20 %", "20 %"),
        ("share", "3/10", "30 %", "30 %"),
        ("share", "7/10", "70 %", "70 %"),
        ("share", "1/3", "33,33 %", "33.33 %"),
        ("quota_exception_ratio", False, "không có", "none"),
        ("quota_rounding", "floor", "làm tròn xuống", "rounded down"),
        ("score_bands_are_minimums", True, "Có", "yes"),
        ("min_form", "warning", "cảnh cáo", "warning"),
        ("months", 6, "6", "6"),
    ],
)
def test_parameter_values_read_as_a_person_reads_them(name: str, value: object, vi: str, en: str) -> None:
    with translation.override("vi"):
        assert value_label(name, value) == vi  # type: ignore[arg-type]
    with translation.override("en"):
        assert value_label(name, value) == en  # type: ignore[arg-type]


def test_a_rule_text_fills_its_parameters_and_leaves_a_subjects_facts_open() -> None:
    qd366 = next(b for b in committed_bases() if b.id == "qd366-2025")
    rule = next(r for r in qd366.rules if r.code == "level3_late_share")
    with translation.override("vi"):
        assert fill_text(rule, "vi", value_label, {}) == "Mức 3 cần số nhiệm vụ chậm tiến độ không quá 20 %; chậm …/…."
        assert effect_label(rule) == "điều kiện của mức 3"
    quota = next(r for r in qd366.rules if r.code == "quota_level1_over_20pct_of_level2")
    assert fill_text(quota, "en", value_label, {"ratio": "20 %"}) == (
        "The group of similar roles may keep … at level 1 (at most 20 % of level 2); demoted to level 2 in score order."
    )


def test_the_test_index_is_written_and_read_back_exactly() -> None:
    index = {
        "head_capped_by_unit": (
            CoveringTest("tests/a/test_x.py::test_two", ("qd366-2025",)),
            CoveringTest('tests/a/test_x.py::test_one["quoted"]', ()),
        ),
        "degradation": (CoveringTest("tests/b/test_y.py::TestThing::test_it", ("nd335-2025", "qd124-2023")),),
    }
    text = render_index(index)
    assert parse_index(text) == {
        "degradation": index["degradation"],
        "head_capped_by_unit": tuple(reversed(index["head_capped_by_unit"])),
    }
    assert render_index(parse_index(text)) == text
    with pytest.raises(ValueError, match="control character"):
        render_index({"x": (CoveringTest("tests/test_z.py::test_\x01"),)})
    with pytest.raises(ValueError, match="danhgia-rule-tests/1"):
        parse_index('format = "something-else"\n')


def test_a_test_naming_no_rule_set_covers_every_rule_set() -> None:
    generic, specific = CoveringTest("t::a"), CoveringTest("t::b", ("qd132-2018",))
    assert (generic.covers("qd366-2025"), specific.covers("qd366-2025"), specific.covers("qd132-2018")) == (
        True,
        False,
        True,
    )


def test_rule_codes_are_those_of_the_four_files() -> None:
    codes = rule_codes()
    assert codes == sorted(set(codes))
    assert {"duty_discipline", "head_capped_by_unit", "worked_less_than_6_months", "missing_input"} <= set(codes)
    assert len(codes) == len({r.code for b in builtin_bases({}) for r in b.rules})
