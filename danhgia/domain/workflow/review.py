"""One subject's review in one cycle: self-review → verification → decision → publication, and the complaint
flow published → complained → published (resolved by the superior level, with or without a re-classification).

Sources (docs/regulations/party.md §8, docs/workflow-decisions.md): 124-QĐ/TW Art. 11 and 366-QĐ/TW with HD 43 —
three steps, self-assessment, verification and proposal by the advisory body, decision by the competent level;
HD 21 — results are notified to the subject; 124 Art. 11 and 13 — on a complaint the superior level verifies and
re-assesses. The function returns the new state only: the caller keeps the history (each transition is a row
with its audit entry). Comments of the cell's review meeting change no state (`COMMENT_PHASES`).
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

EDITABLE: Final = frozenset({S.NOT_STARTED, S.DRAFT, S.RETURNED})
"""States in which the subject may still change the self-review."""

SELF_REVIEWED: Final = frozenset({S.SUBMITTED, S.VERIFIED})
"""States whose self-review was submitted: only these may be proposed at a level (the others are exempt or
not classified)."""

FINAL_STATES: Final = frozenset({S.DECIDED, S.PUBLISHED, S.COMPLAINED})
"""States whose level is decided and stands: dependants may be decided, and the effective level is the decided
one. A complaint does not suspend the result: it stands until the superior level re-classifies
(docs/workflow-decisions.md §1)."""

AWAITING_DECISION: Final = frozenset({S.VERIFIED})
"""States in which the competent level has a proposal to decide on."""

REVIEW_TRANSITIONS: Final[Mapping[tuple[ReviewState, ReviewAction], ReviewState]] = {
    (S.NOT_STARTED, A.SAVE): S.DRAFT,
    (S.DRAFT, A.SAVE): S.DRAFT,
    (S.RETURNED, A.SAVE): S.RETURNED,
    (S.DRAFT, A.SUBMIT): S.SUBMITTED,
    (S.RETURNED, A.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, A.RETURN): S.RETURNED,
    # The advisory body proposes for every undecided subject: a level after a submitted self-review, or
    # exempt / not classified for one who did not review (docs/regulations/party.md §8.2 item 7).
    **{(state, A.VERIFY): S.VERIFIED for state in (*EDITABLE, S.SUBMITTED, S.VERIFIED)},
    (S.VERIFIED, A.DECIDE): S.DECIDED,
    (S.DECIDED, A.PUBLISH): S.PUBLISHED,
    (S.PUBLISHED, A.COMPLAIN): S.COMPLAINED,
    (S.COMPLAINED, A.RESOLVE): S.PUBLISHED,
}

_SELF_REVIEW: Final = frozenset({A.SAVE, A.SUBMIT, A.RETURN})
_AFTER_DECISION: Final = frozenset({A.PUBLISH, A.COMPLAIN, A.RESOLVE})

REVIEW_ACTIONS_BY_PHASE: Final[Mapping[CycleState, frozenset[ReviewAction]]] = {
    CycleState.DRAFT: frozenset(),
    CycleState.OPEN: _SELF_REVIEW,
    # Late self-reviews stay possible until decisions are published: absentees are reviewed and classified as
    # soon as possible, and a review returned during verification must be corrected (docs/workflow-decisions.md §2).
    CycleState.VERIFICATION: _SELF_REVIEW | {A.VERIFY},
    CycleState.DECISION: _SELF_REVIEW | {A.VERIFY, A.DECIDE} | _AFTER_DECISION,
    # Publication waits for nobody: the late ones are verified, decided and published in this phase.
    CycleState.PUBLISHED: frozenset({A.VERIFY, A.DECIDE}) | _AFTER_DECISION,
    CycleState.CLOSED: frozenset(),
}
"""Which review actions each phase of the cycle allows."""

COMMENT_PHASES: Final = frozenset({CycleState.OPEN, CycleState.VERIFICATION})
"""The phases in which the cell's review meeting and the assessors comment on a review."""


def review_actions(state: ReviewState, cycle_state: CycleState) -> tuple[ReviewAction, ...]:
    """The actions a review in `state` allows while its cycle is in `cycle_state` (before roles)."""
    phase = REVIEW_ACTIONS_BY_PHASE[cycle_state]
    return tuple(action for (source, action) in REVIEW_TRANSITIONS if source == state and action in phase)


def phase_allows(action: ReviewAction, cycle_state: CycleState) -> bool:
    return action in REVIEW_ACTIONS_BY_PHASE[cycle_state]


def review_transition(state: ReviewState, action: ReviewAction, *, cycle_state: CycleState) -> ReviewState:
    """The review's next state, or `TransitionError` naming the state (or the cycle's phase) and the action."""
    target = REVIEW_TRANSITIONS.get((state, action))
    if target is None:
        raise not_allowed(state, action, review_actions(state, cycle_state))
    if not phase_allows(action, cycle_state):
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
