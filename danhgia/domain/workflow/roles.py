"""Which role may perform which action, as data.

Sources: the three steps (124-QĐ/TW Art. 11; 366-QĐ/TW, HD 43): the subject self-assesses; the cell's review
meeting, led by the cell secretary or the head of unit, comments and may send a review back (HD 16 step 2);
the advisory body verifies and proposes; the competent level decides and notifies (HD 21); on a complaint the
superior level's advisory body re-verifies and its competent level re-decides (124 Art. 11, 13). The
organising committee only reads (README.md personas); the administrator runs the cycle's calendar but decides
nothing about a subject. Where in the organisation tree a role holds is the caller's check.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from danhgia.domain.workflow.review import review_actions
from danhgia.domain.workflow.states import Action, CycleAction, CycleState, ReviewAction, ReviewState, Role

REVIEW_PERMISSIONS: Final[Mapping[ReviewAction, frozenset[Role]]] = {
    ReviewAction.START: frozenset({Role.SUBJECT}),
    ReviewAction.SAVE: frozenset({Role.SUBJECT}),
    ReviewAction.SUBMIT: frozenset({Role.SUBJECT}),
    ReviewAction.COMMENT: frozenset({Role.SECRETARY}),
    ReviewAction.RETURN: frozenset({Role.SECRETARY, Role.VERIFIER}),
    ReviewAction.VERIFY: frozenset({Role.VERIFIER}),
    ReviewAction.DECIDE: frozenset({Role.DECIDER}),
    ReviewAction.PUBLISH: frozenset({Role.DECIDER}),
    ReviewAction.COMPLAIN: frozenset({Role.SUBJECT}),
    ReviewAction.REVERIFY: frozenset({Role.VERIFIER}),
    ReviewAction.REDECIDE: frozenset({Role.DECIDER}),
}

# Kept apart from REVIEW_PERMISSIONS: the two enums are `str` enums, so ReviewAction.PUBLISH and
# CycleAction.PUBLISH are equal as dictionary keys.
CYCLE_PERMISSIONS: Final[Mapping[CycleAction, frozenset[Role]]] = {
    CycleAction.OPEN: frozenset({Role.ADMINISTRATOR}),
    CycleAction.START_VERIFICATION: frozenset({Role.ADMINISTRATOR}),
    CycleAction.START_DECISION: frozenset({Role.ADMINISTRATOR}),
    CycleAction.PUBLISH: frozenset({Role.ADMINISTRATOR}),
    CycleAction.CLOSE: frozenset({Role.ADMINISTRATOR}),
}

READ_ROLES: Final = frozenset(Role)
"""Every role reads (within its part of the tree); the organising committee's viewer does nothing else."""


def may(role: Role, action: Action) -> bool:
    """Whether `role` may perform `action` at all (the state and the tree scope are checked elsewhere)."""
    if isinstance(action, CycleAction):
        return role in CYCLE_PERMISSIONS[action]
    return role in REVIEW_PERMISSIONS[action]


def review_actions_for(role: Role, state: ReviewState, cycle_state: CycleState) -> tuple[ReviewAction, ...]:
    """The buttons to show `role` on a review in `state` during `cycle_state`."""
    return tuple(action for action in review_actions(state, cycle_state) if may(role, action))
