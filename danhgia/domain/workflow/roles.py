"""Which role may perform which action, as data.

Sources: the three steps (124-QĐ/TW Art. 11; 366-QĐ/TW, HD 43): the subject self-assesses (a collective through
its secretary or head); the advisory body verifies, proposes and may send a self-review back; the competent level
decides and notifies (HD 21); on a complaint the level above the competent one resolves (124 Art. 11, 13). The
advisory body also runs the cycle's calendar up to the decisions, the competent level publishes, the
administrator closes (docs/workflow-decisions.md §3). The organising committee only reads. Where in the
organisation tree a role holds is the caller's check (danhgia.apps.access).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from danhgia.domain.workflow.review import review_actions
from danhgia.domain.workflow.states import Action, CycleAction, CycleState, ReviewAction, ReviewState, Role

REVIEW_PERMISSIONS: Final[Mapping[ReviewAction, frozenset[Role]]] = {
    ReviewAction.SAVE: frozenset({Role.SUBJECT}),
    ReviewAction.SUBMIT: frozenset({Role.SUBJECT}),
    ReviewAction.RETURN: frozenset({Role.VERIFIER}),
    ReviewAction.VERIFY: frozenset({Role.VERIFIER}),
    ReviewAction.DECIDE: frozenset({Role.DECIDER}),
    ReviewAction.PUBLISH: frozenset({Role.DECIDER}),
    ReviewAction.COMPLAIN: frozenset({Role.SUBJECT}),
    ReviewAction.RESOLVE: frozenset({Role.DECIDER}),
}

COMPETENT_LEVELS: Final[Mapping[ReviewAction, int]] = {
    ReviewAction.DECIDE: 1,
    ReviewAction.PUBLISH: 1,
    ReviewAction.RESOLVE: 2,
}
"""How many levels above the subject's unit the deciding role must hold (docs/regulations/party.md §9: the
competent level decides at most one level below it; a complaint goes to the level above it)."""

# Kept apart from REVIEW_PERMISSIONS: the two enums are `str` enums, so ReviewAction.PUBLISH and
# CycleAction.PUBLISH are equal as dictionary keys.
CYCLE_PERMISSIONS: Final[Mapping[CycleAction, frozenset[Role]]] = {
    CycleAction.OPEN: frozenset({Role.ADMINISTRATOR}),
    CycleAction.START_VERIFICATION: frozenset({Role.VERIFIER}),
    CycleAction.START_DECISION: frozenset({Role.VERIFIER}),
    CycleAction.PUBLISH: frozenset({Role.DECIDER}),
    CycleAction.CLOSE: frozenset({Role.ADMINISTRATOR}),
}

READ_ROLES: Final = frozenset(Role)
"""Every role reads (within its part of the tree); the organising committee's viewer does nothing else."""


def may(role: Role, action: Action) -> bool:
    """Whether `role` may perform `action` at all (the state and the tree scope are checked elsewhere)."""
    if isinstance(action, CycleAction):
        return role in CYCLE_PERMISSIONS[action]
    return role in REVIEW_PERMISSIONS[action]


def cycle_role(action: CycleAction) -> Role:
    """The one role that makes a cycle move."""
    (role,) = CYCLE_PERMISSIONS[action]
    return role


def review_actions_for(role: Role, state: ReviewState, cycle_state: CycleState) -> tuple[ReviewAction, ...]:
    """The buttons to show `role` on a review in `state` during `cycle_state`."""
    return tuple(action for action in review_actions(state, cycle_state) if may(role, action))
