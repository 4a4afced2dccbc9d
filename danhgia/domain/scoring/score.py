"""Scoring a filled-in template: points per item, per group and in total, after validating every answer.

Rules (docs/regulations/frameworks.md §1.6; the modes are described in `templates`): binary — met gives the
full points, not met 0; graded — a multiple of the step from 0 to the maximum; band — the chosen band's
points; grade — XS, T, TB or K and no points. A checklist child that fails zeroes its parent. An item left
unanswered takes its default state (met → full points / best band, not met → 0 / lowest band) or, without
one, is an error. An item that requires evidence and scores above 0 (or is graded) needs at least one
evidence reference. All problems are collected and raised together, each naming its item in Vietnamese and
English.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from typing import Literal

from pydantic import BaseModel, ConfigDict

from danhgia.domain.scoring.templates import (
    CriteriaTemplate,
    DefaultState,
    Group,
    GroupKind,
    Item,
    Scale,
    ScoringMode,
)
from danhgia.domain.texts import DomainError, Text

Grade = Literal["XS", "T", "TB", "K"]


class Answer(BaseModel):
    """One item's answer: the field of its mode (`met`, `points`, `band` or `grade`), checklist, evidence."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    met: bool | None = None
    points: Decimal | None = None
    band: str | None = None
    grade: Grade | None = None
    checklist: dict[str, bool] = {}
    evidence: tuple[str, ...] = ()


class ProblemCode(StrEnum):
    UNKNOWN_ITEM = "unknown_item"
    MISSING_ANSWER = "missing_answer"
    WRONG_ANSWER_KIND = "wrong_answer_kind"
    POINTS_OUT_OF_RANGE = "points_out_of_range"
    NOT_A_STEP_MULTIPLE = "not_a_step_multiple"
    UNKNOWN_BAND = "unknown_band"
    UNKNOWN_CHECKLIST_ITEM = "unknown_checklist_item"
    MISSING_CHECKLIST_ANSWER = "missing_checklist_answer"
    EVIDENCE_MISSING = "evidence_missing"
    MISSING_COMPUTED = "missing_computed"
    UNKNOWN_COMPUTED = "unknown_computed"


@dataclass(frozen=True)
class Problem:
    item: str
    code: ProblemCode
    message: Text


class AnswerError(DomainError):
    """Every problem found in a set of answers; `problems` names each item."""

    def __init__(self, problems: tuple[Problem, ...]) -> None:
        message = Text(" ".join(p.message.vi for p in problems), " ".join(p.message.en for p in problems))
        super().__init__("invalid_answers", message)
        self.problems = problems


@dataclass(frozen=True)
class ItemScore:
    code: str
    points: Decimal
    max_points: Decimal
    grade: Grade | None = None
    defaulted: bool = False
    failed_checks: tuple[str, ...] = ()


@dataclass(frozen=True)
class GroupScore:
    code: str
    kind: GroupKind
    points: Decimal
    max_points: Decimal
    items: tuple[ItemScore, ...] = ()
    computed: bool = False


@dataclass(frozen=True)
class ScoreBreakdown:
    template: str
    scale: Scale
    groups: tuple[GroupScore, ...]
    general: Decimal
    tasks: Decimal
    total: Decimal
    max_total: Decimal
    grades: Mapping[str, Grade] = field(default_factory=dict)

    def item(self, code: str) -> ItemScore:
        return next(i for g in self.groups for i in g.items if i.code == code)

    def group(self, code: str) -> GroupScore:
        return next(g for g in self.groups if g.code == code)


_EMPTY = Answer()

_MODE_TEXTS: dict[ScoringMode, tuple[str, str, str]] = {
    ScoringMode.BINARY: ("met", "đạt / không đạt (Đảm bảo / Không đảm bảo)", "met / not met"),
    ScoringMode.GRADED: ("points", "chấm điểm", "points"),
    ScoringMode.BAND: ("band", "chọn mức", "a band"),
    ScoringMode.GRADE: ("grade", "xếp loại XS / T / TB / K", "a grade XS / T / TB / K"),
}


class _Scorer:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def problem(self, item: str, code: ProblemCode, vi: str, en: str) -> None:
        self.problems.append(Problem(item, code, Text(vi, en)))

    def score(self, item: Item, answer: Answer) -> ItemScore:
        names = f"Mục {item.code} «{item.text.vi}»", f"Item {item.code} ('{item.text.en}')"
        field_name, mode_vi, mode_en = _MODE_TEXTS[item.mode]
        given = {k for k in ("met", "points", "band", "grade") if getattr(answer, k) is not None}
        if given - {field_name}:
            self.problem(
                item.code,
                ProblemCode.WRONG_ANSWER_KIND,
                f"{names[0]} chấm theo kiểu {mode_vi}: chỉ điền «{field_name}».",
                f"{names[1]} is answered with {mode_en}: fill in '{field_name}' only.",
            )
            return ItemScore(item.code, Decimal(0), item.max_points)
        if not given and item.default_state is DefaultState.UNANSWERED:
            self.problem(
                item.code, ProblemCode.MISSING_ANSWER, f"{names[0]} chưa được chấm.", f"{names[1]} has no answer."
            )
            return ItemScore(item.code, Decimal(0), item.max_points)
        if given:
            points = self._points(item, answer, *names)
        else:
            points = item.max_points if item.default_state is DefaultState.MET else self._lowest(item)
        failed = self._checklist(item, answer.checklist, *names)
        return self._finish(item, points, answer.grade, failed, answer.evidence, defaulted=not given, names=names)

    def _lowest(self, item: Item) -> Decimal:
        return min(b.points for b in item.bands) if item.bands else Decimal(0)

    def _points(self, item: Item, answer: Answer, name_vi: str, name_en: str) -> Decimal:
        if item.mode is ScoringMode.BINARY:
            return item.max_points if answer.met else Decimal(0)
        if item.mode is ScoringMode.BAND:
            band = next((b for b in item.bands if b.code == answer.band), None)
            if band is None:
                codes = ", ".join(b.code for b in item.bands)
                self.problem(
                    item.code,
                    ProblemCode.UNKNOWN_BAND,
                    f"{name_vi}: không có mức «{answer.band}» (các mức: {codes}).",
                    f"{name_en}: there is no band '{answer.band}' (bands: {codes}).",
                )
                return Decimal(0)
            return band.points
        if item.mode is ScoringMode.GRADE:
            return Decimal(0)
        points = answer.points if answer.points is not None else Decimal(0)
        if not (points.is_finite() and 0 <= points <= item.max_points):
            self.problem(
                item.code,
                ProblemCode.POINTS_OUT_OF_RANGE,
                f"{name_vi}: điểm phải từ 0 đến {item.max_points}, nhận được {points}.",
                f"{name_en}: points must be from 0 to {item.max_points}, got {points}.",
            )
            return Decimal(0)
        if item.step is not None and points % item.step != 0:
            self.problem(
                item.code,
                ProblemCode.NOT_A_STEP_MULTIPLE,
                f"{name_vi}: điểm phải là bội số của {item.step}, nhận được {points}.",
                f"{name_en}: points must be a multiple of {item.step}, got {points}.",
            )
            return Decimal(0)
        return points

    def _checklist(self, item: Item, answers: Mapping[str, bool], name_vi: str, name_en: str) -> tuple[str, ...]:
        known = {c.code for c in item.children}
        for code in sorted(set(answers) - known):
            self.problem(
                item.code,
                ProblemCode.UNKNOWN_CHECKLIST_ITEM,
                f"{name_vi}: không có mục con «{code}».",
                f"{name_en}: there is no checklist entry '{code}'.",
            )
        failed: list[str] = []
        for child in item.children:
            met = answers.get(child.code)
            if met is None and child.default_state is DefaultState.UNANSWERED:
                self.problem(
                    item.code,
                    ProblemCode.MISSING_CHECKLIST_ANSWER,
                    f"{name_vi}: chưa chấm mục con {child.code} «{child.text.vi}».",
                    f"{name_en}: checklist entry {child.code} ('{child.text.en}') has no answer.",
                )
            elif not (child.default_state is DefaultState.MET if met is None else met):
                failed.append(child.code)
        return tuple(failed)

    def _finish(
        self,
        item: Item,
        points: Decimal,
        grade: Grade | None,
        failed: tuple[str, ...],
        evidence: tuple[str, ...],
        *,
        defaulted: bool,
        names: tuple[str, str],
    ) -> ItemScore:
        if failed:
            points = Decimal(0)
        if item.evidence_required and (points > 0 or grade is not None) and not any(e.strip() for e in evidence):
            self.problem(
                item.code,
                ProblemCode.EVIDENCE_MISSING,
                f"{names[0]}: cần minh chứng.",
                f"{names[1]}: evidence is required.",
            )
        return ItemScore(item.code, points, item.max_points, grade, defaulted, failed)


def score_template(
    template: CriteriaTemplate, answers: Mapping[str, Answer], computed: Mapping[str, Decimal] | None = None
) -> ScoreBreakdown:
    """Score `answers` (item code → `Answer`) on `template`; `computed` gives each computed group's points.

    Raises `AnswerError` listing every problem. Group points are the sum of their items; the total is the
    sum of the groups (docs/regulations/frameworks.md §1.0: general 30 + task results 70).
    """
    computed = computed or {}
    scorer = _Scorer()
    _unknown_keys(scorer, template, answers, computed)
    groups: list[GroupScore] = []
    for group in template.groups:
        if group.computed:
            groups.append(_computed_group(scorer, group, computed.get(group.code)))
            continue
        items = tuple(scorer.score(item, answers.get(item.code, _EMPTY)) for item in group.items)
        total = sum((i.points for i in items), Decimal(0))
        groups.append(GroupScore(group.code, group.kind, total, group.max_points, items))
    if scorer.problems:
        raise AnswerError(tuple(scorer.problems))
    general = sum((g.points for g in groups if g.kind is GroupKind.GENERAL), Decimal(0))
    tasks = sum((g.points for g in groups if g.kind is GroupKind.TASKS), Decimal(0))
    grades = {i.code: i.grade for g in groups for i in g.items if i.grade is not None}
    return ScoreBreakdown(
        template.code, template.scale, tuple(groups), general, tasks, general + tasks, template.max_total, grades
    )


def exact_total(breakdown: ScoreBreakdown, computed: Mapping[str, Fraction] | None = None) -> Fraction:
    """The total before rounding: the answered groups as scored (their points are exact decimals) and each
    computed group's exact points where given (a Decree 335 task score is rounded only for display)."""
    computed = computed or {}
    return sum(
        (computed.get(g.code, Fraction(g.points)) if g.computed else Fraction(g.points) for g in breakdown.groups),
        Fraction(0),
    )


def _unknown_keys(
    scorer: _Scorer, template: CriteriaTemplate, answers: Mapping[str, Answer], computed: Mapping[str, Decimal]
) -> None:
    for code in sorted(set(answers) - {i.code for i in template.items()}):
        scorer.problem(
            code,
            ProblemCode.UNKNOWN_ITEM,
            f"Mục «{code}» không có trong bộ tiêu chí «{template.code}».",
            f"Item '{code}' is not in the criteria template '{template.code}'.",
        )
    for code in sorted(set(computed) - {g.code for g in template.groups if g.computed}):
        scorer.problem(
            code,
            ProblemCode.UNKNOWN_COMPUTED,
            f"Nhóm «{code}» không phải nhóm tính từ sản phẩm.",
            f"Group '{code}' is not a computed group.",
        )


def _computed_group(scorer: _Scorer, group: Group, points: Decimal | None) -> GroupScore:
    if points is None or not (points.is_finite() and 0 <= points <= group.max_points):
        scorer.problem(
            group.code,
            ProblemCode.MISSING_COMPUTED,
            f"Nhóm {group.code} «{group.text.vi}» cần điểm từ 0 đến {group.max_points}, nhận được {points}.",
            f"Group {group.code} ('{group.text.en}') needs points from 0 to {group.max_points}, got {points}.",
        )
        points = Decimal(0)
    return GroupScore(group.code, group.kind, points, group.max_points, computed=True)
