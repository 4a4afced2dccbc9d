"""score_template: every rule of every mode, defaults, checklists, evidence, and the validation errors."""

from __future__ import annotations

from decimal import Decimal

import pytest

from danhgia.domain.scoring import (
    Answer,
    AnswerError,
    Band,
    ChecklistItem,
    CriteriaTemplate,
    DefaultState,
    Group,
    GroupKind,
    Item,
    ProblemCode,
    Scale,
    ScoringMode,
    default_template,
    score_template,
)
from danhgia.domain.texts import Text

D = Decimal


def text(code: str) -> Text:
    return Text(f"Tiêu chí {code}", f"Criterion {code}")


ITEMS = (
    Item(code="bin", text=text("bin"), mode=ScoringMode.BINARY, max_points=D(10)),
    Item(code="grd", text=text("grd"), mode=ScoringMode.GRADED, max_points=D(10), step=D("0.5")),
    Item(
        code="band",
        text=text("band"),
        mode=ScoringMode.BAND,
        max_points=D(5),
        bands=(
            Band(code="tot", text=Text("Tốt", "Good"), points=D(5), min_ratio=D("0.9")),
            Band(code="kha", text=Text("Khá", "Fair"), points=D(3), min_ratio=D("0.7")),
            Band(code="kem", text=Text("Kém", "Weak"), points=D(1), min_ratio=D(0)),
        ),
    ),
    Item(
        code="chk",
        text=text("chk"),
        mode=ScoringMode.BINARY,
        max_points=D(5),
        default_state=DefaultState.MET,
        evidence_required=True,
        children=(
            ChecklistItem(code="x", text=text("x")),
            ChecklistItem(code="y", text=text("y"), default_state=DefaultState.MET),
        ),
    ),
)
TEMPLATE = CriteriaTemplate(
    code="test",
    ruleset="qd366-2025",
    framework="TEST",
    categories=("staff",),
    form="Mẫu thử",
    title=text("template"),
    scale=Scale.POINTS,
    source="tests",
    groups=(
        Group(code="A", text=text("A"), kind=GroupKind.GENERAL, max_points=D(30), items=ITEMS),
        Group(code="B", text=text("B"), kind=GroupKind.TASKS, max_points=D(70), computed=True),
    ),
)
FULL = {
    "bin": Answer(met=True),
    "grd": Answer(points=D("7.5")),
    "band": Answer(band="kha"),
    "chk": Answer(met=True, checklist={"x": True}, evidence=("biên bản",)),
}


def problems(answers: dict[str, Answer], computed: dict[str, Decimal] | None = None) -> list[tuple[str, ProblemCode]]:
    with pytest.raises(AnswerError) as caught:
        score_template(TEMPLATE, answers, {"B": D(60)} if computed is None else computed)
    return [(p.item, p.code) for p in caught.value.problems]


def test_points_per_item_group_and_total() -> None:
    result = score_template(TEMPLATE, FULL, {"B": D("62.71")})
    assert [(i.code, i.points, i.max_points) for i in result.group("A").items] == [
        ("bin", D(10), D(10)),
        ("grd", D("7.5"), D(10)),
        ("band", D(3), D(5)),
        ("chk", D(5), D(5)),
    ]
    assert (result.general, result.tasks, result.total, result.max_total) == (D("25.5"), D("62.71"), D("88.21"), D(100))
    assert result.group("B").computed is True


@pytest.mark.parametrize(("met", "points"), [(True, D(10)), (False, D(0))])
def test_binary_is_full_or_nothing(met: bool, points: Decimal) -> None:
    result = score_template(TEMPLATE, {**FULL, "bin": Answer(met=met)}, {"B": D(0)})
    assert result.item("bin").points == points


@pytest.mark.parametrize("points", ["0", "0.5", "9.5", "10"])
def test_graded_takes_any_multiple_of_the_step(points: str) -> None:
    assert score_template(TEMPLATE, {**FULL, "grd": Answer(points=D(points))}, {"B": D(0)}).item("grd").points == D(
        points
    )


@pytest.mark.parametrize(
    ("points", "code", "en"),
    [
        (
            "0.25",
            ProblemCode.NOT_A_STEP_MULTIPLE,
            "Item grd ('Criterion grd'): points must be a multiple of 0.5, got 0.25.",
        ),
        ("10.5", ProblemCode.POINTS_OUT_OF_RANGE, "Item grd ('Criterion grd'): points must be from 0 to 10, got 10.5."),
        ("-0.5", ProblemCode.POINTS_OUT_OF_RANGE, "Item grd ('Criterion grd'): points must be from 0 to 10, got -0.5."),
    ],
)
def test_graded_refuses_points_off_the_steps_or_out_of_range(points: str, code: ProblemCode, en: str) -> None:
    with pytest.raises(AnswerError) as caught:
        score_template(TEMPLATE, {**FULL, "grd": Answer(points=D(points))}, {"B": D(0)})
    (problem,) = caught.value.problems
    assert (problem.item, problem.code, problem.message.en) == ("grd", code, en)


def test_graded_error_in_vietnamese() -> None:
    with pytest.raises(AnswerError) as caught:
        score_template(TEMPLATE, {**FULL, "grd": Answer(points=D("0.3"))}, {"B": D(0)})
    assert caught.value.problems[0].message.vi == "Mục grd «Tiêu chí grd»: điểm phải là bội số của 0.5, nhận được 0.3."


@pytest.mark.parametrize(("band", "points"), [("tot", D(5)), ("kha", D(3)), ("kem", D(1))])
def test_band_scores_the_chosen_band(band: str, points: Decimal) -> None:
    assert score_template(TEMPLATE, {**FULL, "band": Answer(band=band)}, {"B": D(0)}).item("band").points == points


def test_unknown_band_names_the_bands() -> None:
    with pytest.raises(AnswerError) as caught:
        score_template(TEMPLATE, {**FULL, "band": Answer(band="xuat_sac")}, {"B": D(0)})
    assert caught.value.problems[0].message.en == (
        "Item band ('Criterion band'): there is no band 'xuat_sac' (bands: tot, kha, kem)."
    )


def test_a_failed_checklist_entry_zeroes_its_parent() -> None:
    result = score_template(
        TEMPLATE, {**FULL, "chk": Answer(met=True, checklist={"x": True, "y": False}, evidence=("e",))}, {"B": D(0)}
    )
    assert (result.item("chk").points, result.item("chk").failed_checks) == (D(0), ("y",))


def test_defaults_fill_unanswered_items_and_checklist_entries() -> None:
    # "chk" defaults to met; its entry "y" to met; "x" has no default, so the checklist still needs it
    result = score_template(TEMPLATE, {**FULL, "chk": Answer(checklist={"x": True}, evidence=("e",))}, {"B": D(0)})
    assert (result.item("chk").points, result.item("chk").defaulted) == (D(5), True)
    assert problems({k: v for k, v in FULL.items() if k != "chk"}) == [
        ("chk", ProblemCode.MISSING_CHECKLIST_ANSWER),
        ("chk", ProblemCode.EVIDENCE_MISSING),
    ]


def test_evidence_is_required_only_when_the_item_scores() -> None:
    assert score_template(TEMPLATE, {**FULL, "chk": Answer(met=False, checklist={"x": True})}, {"B": D(0)}).item(
        "chk"
    ).points == D(0)
    assert problems({**FULL, "chk": Answer(met=True, checklist={"x": True}, evidence=(" ",))}) == [
        ("chk", ProblemCode.EVIDENCE_MISSING)
    ]


def test_every_problem_is_reported_at_once_naming_its_item() -> None:
    answers = {
        "bin": Answer(points=D(10)),
        "band": Answer(band="kha"),
        "chk": Answer(met=True, checklist={"x": True, "z": True}, evidence=("e",)),
        "typo": Answer(met=True),
    }
    with pytest.raises(AnswerError) as caught:
        score_template(TEMPLATE, answers, {"B": D(71), "C": D(1)})
    assert [(p.item, p.code) for p in caught.value.problems] == [
        ("typo", ProblemCode.UNKNOWN_ITEM),
        ("C", ProblemCode.UNKNOWN_COMPUTED),
        ("bin", ProblemCode.WRONG_ANSWER_KIND),
        ("grd", ProblemCode.MISSING_ANSWER),
        ("chk", ProblemCode.UNKNOWN_CHECKLIST_ITEM),
        ("B", ProblemCode.MISSING_COMPUTED),
    ]
    messages = [p.message for p in caught.value.problems]
    assert [m.vi for m in messages] == [
        "Mục «typo» không có trong bộ tiêu chí «test».",
        "Nhóm «C» không phải nhóm tính từ sản phẩm.",
        "Mục bin «Tiêu chí bin» chấm theo kiểu đạt / không đạt (Đảm bảo / Không đảm bảo): chỉ điền «met».",
        "Mục grd «Tiêu chí grd» chưa được chấm.",
        "Mục chk «Tiêu chí chk»: không có mục con «z».",
        "Nhóm B «Tiêu chí B» cần điểm từ 0 đến 70, nhận được 71.",
    ]
    assert [m.en for m in messages] == [
        "Item 'typo' is not in the criteria template 'test'.",
        "Group 'C' is not a computed group.",
        "Item bin ('Criterion bin') is answered with met / not met: fill in 'met' only.",
        "Item grd ('Criterion grd') has no answer.",
        "Item chk ('Criterion chk'): there is no checklist entry 'z'.",
        "Group B ('Criterion B') needs points from 0 to 70, got 71.",
    ]
    assert caught.value.code == "invalid_answers"
    assert caught.value.message.en == " ".join(m.en for m in messages)


def test_a_computed_group_needs_its_points() -> None:
    assert problems(FULL, computed={}) == [("B", ProblemCode.MISSING_COMPUTED)]


def test_grades_template_collects_the_grades_for_the_engine() -> None:
    template = default_template("qd124-2023", "staff")
    answers = {
        "politics": Answer(grade="T"),
        "ethics": Answer(grade="XS"),
        "discipline": Answer(grade="T"),
        "style": Answer(grade="TB"),
        "tasks": Answer(grade="XS", evidence=("báo cáo kết quả",)),
        "remedy": Answer(grade="T"),
    }
    result = score_template(template, answers)
    assert result.grades == {
        "politics": "T",
        "ethics": "XS",
        "discipline": "T",
        "style": "TB",
        "remedy": "T",
        "tasks": "XS",
    }
    assert (result.total, result.max_total) == (D(0), D(0))


def test_grade_needs_evidence_for_the_task_results_criterion() -> None:
    template = default_template("qd132-2018", "organisation")
    with pytest.raises(AnswerError) as caught:
        score_template(
            template, {"building": Answer(grade="T"), "tasks": Answer(grade="T"), "remedy": Answer(grade="TB")}
        )
    assert [(p.item, p.code) for p in caught.value.problems] == [("tasks", ProblemCode.EVIDENCE_MISSING)]
