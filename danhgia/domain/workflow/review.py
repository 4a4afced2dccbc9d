"""One subject's review in one cycle: self-review → comments → verification → decision → publication,
and the complaint flow published → complained → re-verified → re-decided → published.

Sources (docs/regulations/party.md §8): 124-QĐ/TW Art. 11 and 366-QĐ/TW with HD 43 — three steps, self-assessment,
verification and proposal by the advisory body, decision by the competent level; HD 16/21 — the cell's review
meeting collects comments before the proposal; HD 21 — results are notified to the subject; 124 Art. 11 and
13 — on a complaint the immediate superior level verifies and re-assesses. The function returns the new
state only: the caller keeps the history (each transition is a row with its audit entry).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from danhgia.domain.texts import Text
from danhgia.domain.workflow.states import (
    CycleState,
    ReviewAction,
    ReviewState,
    TransitionError,
    action_text,
    not_allowed,
    state_text,
)

S, A = ReviewState, ReviewAction

REVIEW_TRANSITIONS: Final[Mapping[tuple[ReviewState, ReviewAction], ReviewState]] = {
    (S.NOT_STARTED, A.START): S.DRAFT,
    (S.DRAFT, A.SAVE): S.DRAFT,
    (S.RETURNED, A.SAVE): S.RETURNED,
    (S.DRAFT, A.SUBMIT): S.SUBMITTED,
    (S.RETURNED, A.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, A.COMMENT): S.COMMENTED,
    (S.COMMENTED, A.COMMENT): S.COMMENTED,
    (S.SUBMITTED, A.RETURN): S.RETURNED,
    (S.COMMENTED, A.RETURN): S.RETURNED,
    (S.SUBMITTED, A.VERIFY): S.VERIFIED,
    (S.COMMENTED, A.VERIFY): S.VERIFIED,
    (S.VERIFIED, A.DECIDE): S.DECIDED,
    (S.DECIDED, A.PUBLISH): S.PUBLISHED,
    (S.PUBLISHED, A.COMPLAIN): S.COMPLAINED,
    (S.COMPLAINED, A.REVERIFY): S.REVERIFIED,
    (S.REVERIFIED, A.REDECIDE): S.REDECIDED,
    (S.REDECIDED, A.PUBLISH): S.PUBLISHED,
}

_SELF_REVIEW: Final = frozenset({A.START, A.SAVE, A.SUBMIT, A.COMMENT, A.RETURN})
_AFTER_DECISION: Final = frozenset({A.PUBLISH, A.COMPLAIN, A.REVERIFY, A.REDECIDE})

REVIEW_ACTIONS_BY_PHASE: Final[Mapping[CycleState, frozenset[ReviewAction]]] = {
    CycleState.DRAFT: frozenset(),
    CycleState.OPEN: _SELF_REVIEW,
    # Late self-reviews stay possible: absentees are reviewed and classified as soon as possible (124 Art. 11).
    CycleState.VERIFICATION: _SELF_REVIEW | {A.VERIFY},
    CycleState.DECISION: _SELF_REVIEW | {A.VERIFY, A.DECIDE} | _AFTER_DECISION,
    CycleState.PUBLISHED: _AFTER_DECISION,
    CycleState.CLOSED: frozenset(),
}
"""Which review actions each phase of the cycle allows."""

FINAL_STATES: Final = frozenset({S.DECIDED, S.PUBLISHED, S.REDECIDED})
"""States whose level is decided and stands: dependants may be decided (docs/regulations/party.md §8.2)."""

AWAITING_DECISION: Final = frozenset({S.VERIFIED, S.REVERIFIED})
"""States in which the competent level has a proposal to decide on."""


def review_actions(state: ReviewState, cycle_state: CycleState) -> tuple[ReviewAction, ...]:
    """The actions a review in `state` allows while its cycle is in `cycle_state` (before roles)."""
    phase = REVIEW_ACTIONS_BY_PHASE[cycle_state]
    return tuple(action for (source, action) in REVIEW_TRANSITIONS if source == state and action in phase)


def review_transition(state: ReviewState, action: ReviewAction, *, cycle_state: CycleState) -> ReviewState:
    """The review's next state, or `TransitionError` naming the state (or the cycle's phase) and the action."""
    target = REVIEW_TRANSITIONS.get((state, action))
    if target is None:
        raise not_allowed(state, action, review_actions(state, cycle_state))
    if action not in REVIEW_ACTIONS_BY_PHASE[cycle_state]:
        act, phase, st = action_text(action), state_text(cycle_state), state_text(state)
        raise TransitionError(
            "phase_not_allowed",
            Text(
                f"Không thể «{act.vi}» ({action.value}) bản kiểm điểm «{st.vi}» ({state.value}) khi kỳ đánh giá"
                f" đang ở giai đoạn «{phase.vi}» ({cycle_state.value}).",
                f"Cannot '{act.en}' ({action.value}) a review that is '{st.en}' ({state.value}) while the cycle"
                f" is in the '{phase.en}' phase ({cycle_state.value}).",
            ),
            state=state,
            action=action,
        )
    return target
