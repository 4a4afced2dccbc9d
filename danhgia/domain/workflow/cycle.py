"""The review cycle's state machine: draft → open → verification → decision → published → closed.

Each transition may carry guards on data the caller counts (a pinned rule set, how many reviews are not
published yet); the caller passes them as a `CycleContext`. A guarded action without a context is a programming
error, so a service cannot skip a guard by forgetting it. Publication waits for nobody (absentees are classified
as soon as possible, docs/workflow-decisions.md §2); closing waits for every result and complaint.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Final

from danhgia.domain.texts import Text
from danhgia.domain.workflow.states import (
    CycleAction,
    CycleState,
    ReviewState,
    TransitionError,
    action_text,
    not_allowed,
    state_text,
)

CYCLE_TRANSITIONS: Final[Mapping[tuple[CycleState, CycleAction], CycleState]] = {
    (CycleState.DRAFT, CycleAction.OPEN): CycleState.OPEN,
    (CycleState.OPEN, CycleAction.START_VERIFICATION): CycleState.VERIFICATION,
    (CycleState.VERIFICATION, CycleAction.START_DECISION): CycleState.DECISION,
    (CycleState.DECISION, CycleAction.PUBLISH): CycleState.PUBLISHED,
    (CycleState.PUBLISHED, CycleAction.CLOSE): CycleState.CLOSED,
}


@dataclass(frozen=True)
class CycleContext:
    """What the guards read: whether a rule-set version is pinned, and how many reviews are in each state."""

    ruleset_pinned: bool
    review_counts: Mapping[ReviewState, int] = field(default_factory=dict)

    def count(self, states: frozenset[ReviewState]) -> int:
        return sum(n for state, n in self.review_counts.items() if state in states)


@dataclass(frozen=True)
class Guard:
    code: str
    source: str
    holds: Callable[[CycleContext], bool]
    message: Callable[[CycleContext], Text]


def _unpublished(context: CycleContext) -> Text:
    n = context.count(frozenset(ReviewState) - {ReviewState.PUBLISHED})
    return Text(
        f"Còn {n} bản kiểm điểm chưa công bố kết quả (kể cả đang giải quyết khiếu nại).",
        f"{n} reviews are not published yet (complaints in progress included).",
    )


CYCLE_GUARDS: Final[Mapping[CycleAction, tuple[Guard, ...]]] = {
    CycleAction.OPEN: (
        Guard(
            "ruleset_pinned",
            "docs/adr/0002-rule-set-format.md: a cycle pins the rule-set version it uses",
            lambda c: c.ruleset_pinned,
            lambda c: Text("Kỳ đánh giá chưa gắn phiên bản bộ quy tắc.", "The cycle has no rule-set version pinned."),
        ),
    ),
    CycleAction.CLOSE: (
        Guard(
            "all_reviews_published",
            "124-QĐ/TW Art. 11 and 13 (complaints are re-verified and re-decided before the cycle ends)",
            lambda c: c.count(frozenset(ReviewState) - {ReviewState.PUBLISHED}) == 0,
            _unpublished,
        ),
    ),
}


class GuardError(TransitionError):
    """The state allows the action but a guard does not hold; `failed` lists the guard codes."""

    def __init__(self, message: Text, *, state: CycleState, action: CycleAction, failed: tuple[str, ...]) -> None:
        super().__init__("guard_failed", message, state=state, action=action)
        self.failed = failed


def action_towards(state: CycleState, target: CycleState) -> CycleAction | None:
    """The action that moves a cycle from `state` to `target`, if there is one."""
    return next((action for (source, action), to in CYCLE_TRANSITIONS.items() if (source, to) == (state, target)), None)


def cycle_actions(state: CycleState) -> tuple[CycleAction, ...]:
    """The actions the state allows, before guards (what the UI may offer)."""
    return tuple(action for (source, action) in CYCLE_TRANSITIONS if source == state)


def cycle_transition(state: CycleState, action: CycleAction, context: CycleContext | None = None) -> CycleState:
    """The cycle's next state, or `TransitionError` naming the state and the action.

    Actions with guards (`CYCLE_GUARDS`: open, close) need `context`; every failed guard is
    listed in the `GuardError`.
    """
    target = CYCLE_TRANSITIONS.get((state, action))
    if target is None:
        raise not_allowed(state, action, cycle_actions(state))
    guards = CYCLE_GUARDS.get(action, ())
    if guards and context is None:
        raise ValueError(f"cycle action {action.value!r} has guards: pass a CycleContext")
    failed = [g for g in guards if context is not None and not g.holds(context)]
    if failed and context is not None:
        messages = [g.message(context) for g in failed]
        act, st = action_text(action), state_text(state)
        raise GuardError(
            Text(
                f"Chưa thể «{act.vi}» ({action.value}) khi kỳ đánh giá ở trạng thái «{st.vi}» ({state.value}): "
                + " ".join(m.vi for m in messages),
                f"Cannot '{act.en}' ({action.value}) yet while the cycle is '{st.en}' ({state.value}): "
                + " ".join(m.en for m in messages),
            ),
            state=state,
            action=action,
            failed=tuple(g.code for g in failed),
        )
    return target
