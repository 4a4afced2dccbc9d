"""Short constructors for writing the shipped templates as readable data."""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from danhgia.domain.scoring.templates import (
    ChecklistItem,
    DefaultState,
    Group,
    GroupKind,
    Item,
    ScoringMode,
)
from danhgia.domain.texts import Text

MET, NOT_MET = DefaultState.MET, DefaultState.NOT_MET


def binary(
    code: str,
    vi: str,
    en: str,
    points: str,
    *,
    default: DefaultState = DefaultState.UNANSWERED,
    evidence: bool = False,
    children: Sequence[ChecklistItem] = (),
) -> Item:
    return Item(
        code=code,
        text=Text(vi, en),
        mode=ScoringMode.BINARY,
        max_points=Decimal(points),
        default_state=default,
        evidence_required=evidence,
        children=tuple(children),
    )


def graded(
    code: str,
    vi: str,
    en: str,
    points: str,
    step: str = "0.5",
    *,
    default: DefaultState = DefaultState.UNANSWERED,
    evidence: bool = False,
    children: Sequence[ChecklistItem] = (),
) -> Item:
    return Item(
        code=code,
        text=Text(vi, en),
        mode=ScoringMode.GRADED,
        max_points=Decimal(points),
        step=Decimal(step),
        default_state=default,
        evidence_required=evidence,
        children=tuple(children),
    )


def grade(code: str, vi: str, en: str, *, evidence: bool = False) -> Item:
    return Item(code=code, text=Text(vi, en), mode=ScoringMode.GRADE, evidence_required=evidence)


def check(code: str, vi: str, en: str, default: DefaultState = DefaultState.UNANSWERED) -> ChecklistItem:
    return ChecklistItem(code=code, text=Text(vi, en), default_state=default)


def general(code: str, vi: str, en: str, *items: Item) -> Group:
    return Group(
        code=code,
        text=Text(vi, en),
        kind=GroupKind.GENERAL,
        max_points=sum((i.max_points for i in items), Decimal(0)),
        items=items,
    )


def tasks(code: str, vi: str, en: str, *items: Item) -> Group:
    return Group(
        code=code,
        text=Text(vi, en),
        kind=GroupKind.TASKS,
        max_points=sum((i.max_points for i in items), Decimal(0)),
        items=items,
    )


def computed_tasks(code: str, vi: str, en: str, guidance: Sequence[Text] = ()) -> Group:
    """The 70-point task group computed from products (Decree 335 Art. 14–16 method)."""
    return Group(
        code=code,
        text=Text(vi, en),
        kind=GroupKind.TASKS,
        max_points=Decimal(70),
        computed=True,
        guidance=tuple(guidance),
    )


TASK_GROUP_VI = "Nhóm tiêu chí về kết quả thực hiện nhiệm vụ"
TASK_GROUP_EN = "Task results"
