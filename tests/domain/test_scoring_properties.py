"""Hypothesis properties of scoring: scores stay within their maxima, a better answer never lowers a score,
and exact rounding agrees with the decimal module."""

from __future__ import annotations

from decimal import (
    ROUND_CEILING,
    ROUND_DOWN,
    ROUND_FLOOR,
    ROUND_HALF_DOWN,
    ROUND_HALF_EVEN,
    ROUND_HALF_UP,
    ROUND_UP,
    Decimal,
)
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danhgia.domain.scoring import (
    Answer,
    Band,
    ChecklistItem,
    CriteriaTemplate,
    DefaultState,
    Group,
    GroupKind,
    Item,
    Rounding,
    Scale,
    ScoreBreakdown,
    ScoringMode,
    score_template,
)
from danhgia.domain.texts import Text

D = Decimal
TEXT = Text("Tiêu chí", "Criterion")
STEPS = [D("0.25"), D("0.5"), D(1)]


@st.composite
def items(draw: st.DrawFn, code: str) -> Item:
    mode = draw(st.sampled_from([ScoringMode.BINARY, ScoringMode.GRADED, ScoringMode.BAND]))
    step = draw(st.sampled_from(STEPS))
    max_points = step * draw(st.integers(1, 7))  # at most 7 points: a few items never exceed a group
    children = tuple(
        ChecklistItem(code=f"c{i}", text=TEXT, default_state=draw(st.sampled_from(DefaultState)))
        for i in range(draw(st.integers(0, 3)))
    )
    common = {
        "code": code,
        "text": TEXT,
        "max_points": max_points,
        "default_state": draw(st.sampled_from(DefaultState)),
        "evidence_required": draw(st.booleans()),
        "children": children,
    }
    if mode is ScoringMode.GRADED:
        return Item(mode=mode, step=step, **common)
    if mode is ScoringMode.BAND:
        lower = sorted(set(draw(st.lists(st.integers(0, int(max_points / step) - 1), max_size=3))))
        points = [step * n for n in lower] + [max_points]
        bands = tuple(Band(code=f"b{i}", text=TEXT, points=p) for i, p in enumerate(points))
        return Item(mode=mode, bands=bands, **common)
    return Item(mode=mode, **common)


def fill(kind: GroupKind, code: str, items_: list[Item], total: Decimal) -> Group:
    """A group whose items add up to `total`: a binary filler item takes what is left (always > 0 here)."""
    left = total - sum((i.max_points for i in items_), D(0))
    filler = Item(code=f"{code}-fill", text=TEXT, mode=ScoringMode.BINARY, max_points=left)
    return Group(code=code, text=TEXT, kind=kind, max_points=total, items=(*items_, filler))


@st.composite
def templates(draw: st.DrawFn) -> CriteriaTemplate:
    general = [draw(items(f"g{i}")) for i in range(draw(st.integers(0, 4)))]
    groups = [fill(GroupKind.GENERAL, "A", general, D(30))]
    if draw(st.booleans()):
        groups.append(Group(code="B", text=TEXT, kind=GroupKind.TASKS, max_points=D(70), computed=True))
    else:
        task_items = [draw(items(f"t{i}")) for i in range(draw(st.integers(0, 6)))]
        groups.append(fill(GroupKind.TASKS, "B", task_items, D(70)))
    return CriteriaTemplate(
        code="random",
        ruleset="qd366-2025",
        framework="X",
        categories=("staff",),
        form="-",
        title=TEXT,
        scale=Scale.POINTS,
        groups=tuple(groups),
        source="hypothesis",
    )


def answer_for(item: Item, rank: int, checklist: dict[str, bool]) -> Answer:
    """The `rank`-th answer of an item, from worst (0) upwards."""
    evidence = ("minh chứng",)
    if item.mode is ScoringMode.BINARY:
        return Answer(met=rank > 0, checklist=checklist, evidence=evidence)
    if item.mode is ScoringMode.GRADED:
        assert item.step is not None
        return Answer(points=min(item.step * rank, item.max_points), checklist=checklist, evidence=evidence)
    ordered = sorted(item.bands, key=lambda b: b.points)
    return Answer(band=ordered[min(rank, len(ordered) - 1)].code, checklist=checklist, evidence=evidence)


@st.composite
def answer_pairs(draw: st.DrawFn, template: CriteriaTemplate) -> tuple[dict[str, Answer], dict[str, Answer]]:
    """Two complete answer sets where the second is at least as good as the first on every item."""
    worse: dict[str, Answer] = {}
    better: dict[str, Answer] = {}
    for it in template.items():
        low = draw(st.integers(0, 70))
        high = low + draw(st.integers(0, 70))
        checks = {c.code: draw(st.booleans()) for c in it.children}
        improved = {code: met or draw(st.booleans()) for code, met in checks.items()}
        worse[it.code] = answer_for(it, low, checks)
        better[it.code] = answer_for(it, high, improved)
    return worse, better


def computed_pair(data: st.DataObject, template: CriteriaTemplate) -> tuple[dict[str, Decimal], dict[str, Decimal]]:
    low = {g.code: data.draw(st.decimals(0, g.max_points, places=2)) for g in template.groups if g.computed}
    high = {code: data.draw(st.decimals(value, 70, places=2)) for code, value in low.items()}
    return low, high


def within_maxima(result: ScoreBreakdown) -> None:
    for group in result.groups:
        assert 0 <= group.points <= group.max_points
        for it in group.items:
            assert 0 <= it.points <= it.max_points
    assert 0 <= result.general <= 30 and 0 <= result.tasks <= 70
    assert 0 <= result.total <= result.max_total == 100


@given(st.data())
def test_scores_stay_within_every_maximum(data: st.DataObject) -> None:
    template = data.draw(templates())
    worse, better = data.draw(answer_pairs(template))
    low, high = computed_pair(data, template)
    within_maxima(score_template(template, worse, low))
    within_maxima(score_template(template, better, high))


@given(st.data())
def test_a_better_answer_never_lowers_a_score(data: st.DataObject) -> None:
    template = data.draw(templates())
    worse, better = data.draw(answer_pairs(template))
    low, high = computed_pair(data, template)
    before, after = score_template(template, worse, low), score_template(template, better, high)
    for old, new in zip(before.groups, after.groups, strict=True):
        assert new.points >= old.points
        for old_item, new_item in zip(old.items, new.items, strict=True):
            assert new_item.points >= old_item.points
    assert after.total >= before.total


@given(st.data())
def test_unanswered_items_with_defaults_score_as_their_default(data: st.DataObject) -> None:
    template = data.draw(templates())
    answers = {
        it.code: Answer(checklist={c.code: True for c in it.children}, evidence=("e",))
        for it in template.items()
        if it.default_state is not DefaultState.UNANSWERED
    }
    answers |= {
        it.code: answer_for(it, 0, {c.code: True for c in it.children})
        for it in template.items()
        if it.default_state is DefaultState.UNANSWERED
    }
    result = score_template(template, answers, {g.code: D(0) for g in template.groups if g.computed})
    for it in template.items():
        scored = result.item(it.code)
        if it.default_state is DefaultState.MET:
            assert scored.points == it.max_points and scored.defaulted
        elif it.default_state is DefaultState.NOT_MET:
            assert scored.points == min((b.points for b in it.bands), default=D(0)) and scored.defaulted


MODES = [ROUND_HALF_UP, ROUND_HALF_EVEN, ROUND_HALF_DOWN, ROUND_DOWN, ROUND_UP, ROUND_FLOOR, ROUND_CEILING]


@given(st.decimals(-1000, 1000, places=6), st.integers(0, 4), st.sampled_from(MODES))
def test_exact_rounding_agrees_with_decimal_quantize(value: Decimal, places: int, mode: str) -> None:
    expected = value.quantize(D(1).scaleb(-places), rounding=mode)
    assert Rounding(places, mode).apply(Fraction(value)) == expected


@given(st.fractions(min_value=0, max_value=100), st.sampled_from(MODES))
def test_rounding_moves_less_than_one_unit_of_the_last_place(value: Fraction, mode: str) -> None:
    rounded = Rounding(2, mode).apply(value)
    assert abs(Fraction(rounded) - value) < Fraction(1, 100)


@pytest.mark.parametrize(
    ("value", "mode", "expected"),
    [
        (Fraction(5, 1000), ROUND_HALF_UP, "0.01"),
        (Fraction(5, 1000), ROUND_HALF_DOWN, "0.00"),
        (Fraction(5, 1000), ROUND_HALF_EVEN, "0.00"),
        (Fraction(15, 1000), ROUND_HALF_EVEN, "0.02"),
        (Fraction(-5, 1000), ROUND_HALF_UP, "-0.01"),
        (Fraction(-5, 1000), ROUND_HALF_DOWN, "0.00"),
        (Fraction(-1, 1000), ROUND_DOWN, "0.00"),
        (Fraction(-1, 1000), ROUND_UP, "-0.01"),
        (Fraction(-1, 1000), ROUND_FLOOR, "-0.01"),
        (Fraction(-1, 1000), ROUND_CEILING, "0.00"),
        (Fraction(2, 3), ROUND_HALF_UP, "0.67"),
    ],
)
def test_rounding_ties_and_signs(value: Fraction, mode: str, expected: str) -> None:
    assert Rounding(2, mode).apply(value) == D(expected)


@pytest.mark.parametrize(("places", "mode"), [(-1, ROUND_HALF_UP), (2, "ROUND_05UP"), (2, "nearest")])
def test_rounding_parameters_are_checked(places: int, mode: str) -> None:
    with pytest.raises(ValueError):
        Rounding(places, mode)
