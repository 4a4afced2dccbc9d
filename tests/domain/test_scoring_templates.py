"""Templates as data: validation of their rules, the shipped defaults, JSON round trip, engine input."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from pydantic import ValidationError

from danhgia.domain.scoring import (
    DEFAULT_TEMPLATES,
    Answer,
    Band,
    CriteriaTemplate,
    EngineInput,
    EngineInputError,
    GroupKind,
    Item,
    ScoringMode,
    ShortcomingCounts,
    TaskCounts,
    TemplateNotFound,
    band_for_ratio,
    default_template,
    default_template_json,
    engine_input,
    score_template,
)
from danhgia.domain.scoring.defaults import PL4_TASK_BLOCS
from danhgia.domain.texts import Text

D = Decimal
T = {"vi": "Tiêu chí", "en": "Criterion"}


def item(**fields: Any) -> dict[str, Any]:
    return {"code": "1", "text": T, "mode": "binary", "max_points": "30", **fields}


def template(general: list[dict[str, Any]], **fields: Any) -> dict[str, Any]:
    return {
        "code": "t",
        "ruleset": "qd366-2025",
        "framework": "X",
        "categories": ["staff"],
        "form": "Mẫu",
        "title": T,
        "scale": "points",
        "source": "tests",
        "groups": [
            {"code": "A", "text": T, "kind": "general", "max_points": "30", "items": general},
            {"code": "B", "text": T, "kind": "tasks", "max_points": "70", "computed": True},
        ],
        **fields,
    }


def test_a_valid_template_reads_from_json() -> None:
    loaded = CriteriaTemplate.model_validate(template([item()]))
    assert (loaded.max_total, loaded.item("1").mode) == (D(100), ScoringMode.BINARY)


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (template([item(max_points="20")]), "the items add up to 20, not the group's 30"),
        (template([item(), item()]), "the items add up to 60"),
        (template([item(), item(code="2", max_points="0")]), "an item has 0 maximum points exactly when"),
        (template([item(mode="graded")]), "step is for graded"),
        (template([item(step="0.5")]), "step is for graded"),
        (template([item(mode="graded", step="0.7")]), "maximum 30 is not a multiple of the step 0.7"),
        (template([item(mode="band")]), "bands are for band items"),
        (
            template([item(mode="band", bands=[{"code": "a", "text": T, "points": "20"}])]),
            "the best band at the maximum",
        ),
        (
            template([item(mode="band", bands=[{"code": "a", "text": T, "points": "31"}])]),
            "no band above the maximum",
        ),
        (
            template([item(children=[{"code": "a", "text": T}, {"code": "a", "text": T}])]),
            "duplicate checklist codes ['a']",
        ),
        (
            template([item(max_points="15"), item(max_points="15")]),
            "duplicate item codes ['1']",
        ),
        (
            {**template([item()]), "groups": [*template([item()])["groups"], template([item()])["groups"][1]]},
            "duplicate group codes ['B']",
        ),
        (
            template([item(), item(code="g", mode="grade", max_points="0")]),
            "a points template has no XS/T/TB/K item",
        ),
        (
            {
                **template([item(max_points="25")]),
                "groups": [
                    {"code": "A", "text": T, "kind": "general", "max_points": "25", "items": [item(max_points="25")]},
                    {"code": "B", "text": T, "kind": "tasks", "max_points": "75", "computed": True},
                ],
            },
            "the general groups must total 30 points, not 25",
        ),
        (
            {**template([item()]), "groups": [template([item()])["groups"][0]]},
            "the tasks groups must total 70 points, not 0",
        ),
        (template([item()], scale="grades"), "exactly one task-results item coded 'tasks'"),
        (template([item(text={"vi": "Tie\u0302u chí", "en": "x"})]), "a text must be non-empty NFC"),
        (
            template([item(), item(code="g", mode="grade", max_points="0", default_state="met")]),
            "a graded XS/T/TB/K item takes no checklist and no default",
        ),
        (
            {
                **template([item()]),
                "groups": [
                    template([item()])["groups"][0],
                    {"code": "B", "text": T, "kind": "tasks", "max_points": "70", "computed": True, "items": [item()]},
                ],
            },
            "a computed group has no items",
        ),
        (
            {
                **template([item()]),
                "groups": [
                    template([item()])["groups"][0],
                    {"code": "B", "text": T, "kind": "tasks", "max_points": "70"},
                ],
            },
            "group B: the group has no items",
        ),
        (template([item(unknown=1)]), "Extra inputs are not permitted"),
    ],
)
def test_invalid_templates_are_refused(data: dict[str, Any], fragment: str) -> None:
    with pytest.raises(ValidationError) as caught:
        CriteriaTemplate.model_validate(data)
    assert fragment in str(caught.value)


def test_template_errors_are_in_vietnamese_too() -> None:
    with pytest.raises(ValidationError) as caught:
        CriteriaTemplate.model_validate(template([item(max_points="20")]))
    assert "nhóm A: tổng điểm các mục 20 khác điểm của nhóm 30" in str(caught.value)


def test_band_for_ratio_picks_the_highest_band_reached() -> None:
    bands = [
        {"code": "m1", "text": T, "points": "10", "min_ratio": "1"},
        {"code": "m2", "text": T, "points": "8", "min_ratio": "0.9"},
        {"code": "m3", "text": T, "points": "5", "min_ratio": "0.5"},
    ]
    banded = Item.model_validate(item(mode="band", max_points="10", bands=bands))
    assert [band_for_ratio(banded, D(r)).code for r in ("1", "0.95", "0.9", "0.5")] == ["m1", "m2", "m2", "m3"]
    with pytest.raises(ValueError, match=r"no band for the ratio 0\.4"):
        band_for_ratio(banded, D("0.4"))
    assert isinstance(banded.bands[0], Band)


# --- the shipped defaults -----------------------------------------------------------------------------------

EXPECTED_DEFAULTS = {
    # code: (ruleset, categories, group maxima, item counts per group)
    "qd366-pl1": ("qd366-2025", ("organisation", "party_organisation", "leadership_collective"), ["30", "70"], [4, 0]),
    "qd366-pl2": ("qd366-2025", ("leader_central",), ["18", "4", "8", "70"], [9, 4, 4, 0]),
    "qd366-pl3": ("qd366-2025", ("leader",), ["5", "5", "16", "2", "2", "70"], [6, 6, 16, 2, 1, 3]),
    "qd366-pl4": ("qd366-2025", ("staff",), ["15", "10", "5", "70"], [10, 4, 1, 0]),
    "qd366-pl5": ("qd366-2025", ("member_outside",), ["24", "6", "70"], [3, 1, 3]),
    "nd335": ("nd335-2025", ("leader", "staff"), ["10", "10", "10", "70"], [2, 4, 4, 0]),
    "qd132-individual": ("qd132-2018", ("leader_central", "leader", "staff", "member_outside"), ["0", "0"], [5, 1]),
    "qd132-collective": (
        "qd132-2018",
        ("organisation", "party_organisation", "leadership_collective"),
        ["0", "0"],
        [2, 1],
    ),
    "qd124-individual": ("qd124-2023", ("leader_central", "leader", "staff", "member_outside"), ["0", "0"], [5, 1]),
    "qd124-collective": (
        "qd124-2023",
        ("organisation", "party_organisation", "leadership_collective"),
        ["0", "0"],
        [2, 1],
    ),
}


@pytest.mark.parametrize("template_", DEFAULT_TEMPLATES, ids=lambda t: t.code)
def test_default_template_shape(template_: CriteriaTemplate) -> None:
    ruleset, categories, maxima, counts = EXPECTED_DEFAULTS[template_.code]
    assert (template_.ruleset, template_.categories) == (ruleset, categories)
    assert [g.max_points for g in template_.groups] == [D(m) for m in maxima]
    assert [len(g.items) for g in template_.groups] == counts
    assert template_.points_confirmed is template_.code.startswith(("qd132", "qd124"))


@pytest.mark.parametrize("template_", DEFAULT_TEMPLATES, ids=lambda t: t.code)
def test_default_template_round_trips_through_json(template_: CriteriaTemplate) -> None:
    stored = template_.model_dump(mode="json")
    assert CriteriaTemplate.model_validate(stored) == template_
    assert CriteriaTemplate.model_validate_json(template_.model_dump_json()) == template_


@pytest.mark.parametrize(
    ("ruleset", "category", "code"),
    [
        ("qd366-2025", "organisation", "qd366-pl1"),
        ("qd366-2025", "party_organisation", "qd366-pl1"),
        ("qd366-2025", "leadership_collective", "qd366-pl1"),
        ("qd366-2025", "leader_central", "qd366-pl2"),
        ("qd366-2025", "leader", "qd366-pl3"),
        ("qd366-2025", "staff", "qd366-pl4"),
        ("qd366-2025", "member_outside", "qd366-pl5"),
        ("nd335-2025", "leader", "nd335"),
        ("nd335-2025", "staff", "nd335"),
        ("qd132-2018", "staff", "qd132-individual"),
        ("qd132-2018", "leadership_collective", "qd132-collective"),
        ("qd124-2023", "leader", "qd124-individual"),
        ("qd124-2023", "party_organisation", "qd124-collective"),
    ],
)
def test_default_template_by_ruleset_and_category(ruleset: str, category: str, code: str) -> None:
    assert default_template(ruleset, category).code == code
    assert default_template_json(ruleset, category)["code"] == code


@pytest.mark.parametrize(
    ("ruleset", "category"), [("nd335-2025", "organisation"), ("qd999", "staff"), ("qd366-2025", "x")]
)
def test_no_default_template(ruleset: str, category: str) -> None:
    with pytest.raises(TemplateNotFound) as caught:
        default_template(ruleset, category)
    assert caught.value.message.en == (
        f"There is no default criteria template for '{category}' under the rule set '{ruleset}'."
    )


def test_pl2_items_are_all_or_nothing_at_two_one_two_points() -> None:
    pl2 = default_template("qd366-2025", "leader_central")
    assert {(g.code, i.mode, i.max_points) for g in pl2.groups for i in g.items} == {
        ("A1", ScoringMode.BINARY, D(2)),
        ("A2", ScoringMode.BINARY, D(1)),
        ("A3", ScoringMode.BINARY, D(2)),
    }


def test_nd335_defaults_discipline_met_and_innovation_not_met_unless_evidenced() -> None:
    nd335 = default_template("nd335-2025", "staff")
    states = {i.code: (i.default_state.value, i.evidence_required, i.step) for i in nd335.items()}
    assert states["I.1"] == ("met", False, D("0.5"))
    assert states["II.3"] == ("unanswered", False, D("0.5"))
    assert states["III.1"] == ("not_met", True, D("0.5"))
    assert [c.code for c in nd335.item("I.1").children] == ["a", "b", "c", "d", "e", "f", "g", "h"]


def test_pl4_task_group_is_computed_with_the_nine_sector_blocs_as_guidance() -> None:
    (tasks,) = [g for g in default_template("qd366-2025", "staff").groups if g.kind is GroupKind.TASKS]
    assert (tasks.computed, tasks.max_points, len(tasks.guidance)) == (True, D(70), 9)
    assert tasks.guidance == PL4_TASK_BLOCS
    assert PL4_TASK_BLOCS[1].vi.startswith("Khối cơ quan hành chính nhà nước:")


def _texts(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)


@pytest.mark.parametrize("template_", DEFAULT_TEMPLATES, ids=lambda t: t.code)
def test_every_shipped_text_is_nfc_with_vietnamese_and_english(template_: CriteriaTemplate) -> None:
    stored = template_.model_dump(mode="json")
    assert all(unicodedata.normalize("NFC", s) == s for s in _texts(stored))
    texts = [t for t in _texts(stored)]
    assert texts and all(t.strip() == t for t in texts)
    all_text_objects = [i.text for i in template_.items()] + [g.text for g in template_.groups] + [template_.title]
    assert all(isinstance(t, Text) and t.vi != t.en for t in all_text_objects)


def test_full_marks_on_every_points_default_reach_one_hundred() -> None:
    for template_ in DEFAULT_TEMPLATES:
        if template_.max_total == 0:
            continue
        answers = {}
        for it in template_.items():
            checklist = {c.code: True for c in it.children}
            if it.mode is ScoringMode.BINARY:
                answers[it.code] = Answer(met=True, checklist=checklist, evidence=("x",))
            else:
                answers[it.code] = Answer(points=it.max_points, checklist=checklist, evidence=("x",))
        computed = {g.code: g.max_points for g in template_.groups if g.computed}
        assert score_template(template_, answers, computed).total == 100, template_.code


# --- engine input ---------------------------------------------------------------------------------------------


def test_engine_input_from_points_with_counts() -> None:
    pl5 = default_template("qd366-2025", "member_outside")
    answers = {i.code: Answer(met=True) for i in pl5.items() if i.mode is ScoringMode.BINARY}
    answers |= {"B.1": Answer(points=D(30)), "B.2": Answer(points=D("17.5")), "B.3": Answer(points=D(20))}
    result = engine_input(
        score_template(pl5, answers),
        tasks=TaskCounts(assigned=10, completed=10, on_time=10, exceeded=3),
        shortcomings=ShortcomingCounts(noted=2, remedied=2),
    )
    assert result == EngineInput(
        score=D("97.5"),
        tasks=TaskCounts(assigned=10, completed=10, on_time=10, exceeded=3),
        shortcomings=ShortcomingCounts(noted=2, remedied=2),
    )
    assert result.fields() == {
        "score": 97.5,
        "tasks": {
            "assigned": 10,
            "completed": 10,
            "on_time": 10,
            "exceeded": 3,
            "key_missed": 0,
            "force_majeure": False,
        },
        "shortcomings": {"noted": 2, "remedied": 2},
    }


def test_engine_input_from_grades() -> None:
    template = default_template("qd132-2018", "organisation")
    answers = {
        "building": Answer(grade="T"),
        "tasks": Answer(grade="XS", evidence=("báo cáo",)),
        "remedy": Answer(grade="TB"),
    }
    result = engine_input(score_template(template, answers), shortcomings=ShortcomingCounts(noted=0, remedied=0))
    assert result.fields() == {
        "grades": {"building": "T", "remedy": "TB", "tasks": "XS"},
        "shortcomings": {"noted": 0, "remedied": 0},
    }


def test_engine_input_whole_score_is_an_integer_and_grades_pass_through() -> None:
    assert EngineInput(score=D("90.00")).fields() == {"score": 90}
    assert EngineInput(grades={"tasks": "XS", "politics": "T"}).fields() == {"grades": {"tasks": "XS", "politics": "T"}}


@pytest.mark.parametrize(
    ("assigned", "completed", "on_time", "exceeded", "key_missed"),
    [(5, 6, 5, 0, 0), (5, 4, 5, 0, 0), (5, 4, 4, 5, 0), (5, 4, 4, 0, -1), (-1, 0, 0, 0, 0)],
)
def test_task_counts_the_engine_would_refuse(
    assigned: int, completed: int, on_time: int, exceeded: int, key_missed: int
) -> None:
    with pytest.raises(EngineInputError) as caught:
        TaskCounts(assigned, completed, on_time, exceeded, key_missed)
    assert caught.value.code == "invalid_task_counts"


def test_shortcoming_counts_the_engine_would_refuse() -> None:
    with pytest.raises(EngineInputError) as caught:
        ShortcomingCounts(noted=1, remedied=2)
    assert caught.value.message.vi == "Số hạn chế đã khắc phục phải từ 0 đến số hạn chế được chỉ ra."


def test_engine_classifies_from_the_mapped_fields() -> None:
    from danhgia.engine import classify_scenario

    pl4 = default_template("qd366-2025", "staff")
    answers = {i.code: Answer(met=True, checklist={c.code: True for c in i.children}) for i in pl4.items()}
    breakdown = score_template(pl4, answers, {"B": D("62.5")})
    fields = engine_input(
        breakdown,
        tasks=TaskCounts(assigned=10, completed=10, on_time=10, exceeded=4),
        shortcomings=ShortcomingCounts(noted=1, remedied=1),
    ).fields()
    scenario = {
        "format": "danhgia-scenario/1",
        "ruleset": "qd366-2025",
        "period": {"kind": "year", "year": 2025},
        "units": [{"id": "C1", "parent": None, "kind": "grassroots_cell"}],
        "subjects": [{"id": "P1", "type": "individual", "category": "staff", "unit": "C1", **fields}],
    }
    (result,) = classify_scenario(scenario)["results"]
    assert (fields["score"], result["status"], result["level"]) == (92.5, "classified", "L2")
    assert [r["code"] for r in result["reasons"]] == ["quota_level1_over_20pct_of_level2"]
