"""The role matrix, every pair asserted, and the buttons each role sees."""

from __future__ import annotations

import pytest

from danhgia.domain.workflow import (
    COMPETENT_LEVELS,
    CYCLE_PERMISSIONS,
    READ_ROLES,
    REVIEW_PERMISSIONS,
    Action,
    CycleAction,
    CycleState,
    ReviewAction,
    ReviewState,
    Role,
    may,
    review_actions_for,
)

# "x" = the role may perform the action. Cycle actions are prefixed "cycle:".
MATRIX = """
action                    subject secretary verifier decider viewer administrator
save                         x        .        .        .      .        .
submit                       x        .        .        .      .        .
return                       .        .        x        .      .        .
verify                       .        .        x        .      .        .
decide                       .        .        .        x      .        .
publish                      .        .        .        x      .        .
complain                     x        .        .        .      .        .
resolve                      .        .        .        x      .        .
cycle:open                   .        .        .        .      .        x
cycle:start_verification     .        .        x        .      .        .
cycle:start_decision         .        .        x        .      .        .
cycle:publish                .        .        .        x      .        .
cycle:close                  .        .        .        .      .        x
"""


def parse_action(name: str) -> Action:
    return CycleAction(name.removeprefix("cycle:")) if name.startswith("cycle:") else ReviewAction(name)


def matrix() -> list[tuple[Role, Action, bool]]:
    """(role, action, allowed) for every cell; a list, since ReviewAction.PUBLISH == CycleAction.PUBLISH as str."""
    header, *rows = MATRIX.strip().splitlines()
    roles = [Role(name) for name in header.split()[1:]]
    return [
        (role, parse_action(name), mark == "x")
        for name, *marks in (row.split() for row in rows)
        for role, mark in zip(roles, marks, strict=True)
    ]


def test_the_matrix_covers_every_role_and_every_action() -> None:
    cells = {(role, type(action), action.value) for role, action, _ in matrix()}
    everything = [*ReviewAction, *CycleAction]
    assert cells == {(role, type(action), action.value) for role in Role for action in everything}
    assert len(matrix()) == len(Role) * len(everything)
    assert (set(REVIEW_PERMISSIONS), set(CYCLE_PERMISSIONS)) == (set(ReviewAction), set(CycleAction))


@pytest.mark.parametrize(("role", "action", "allowed"), matrix())
def test_may(role: Role, action: Action, allowed: bool) -> None:
    assert may(role, action) is allowed


def test_review_publish_and_cycle_publish_are_different_permissions() -> None:
    assert (may(Role.DECIDER, ReviewAction.PUBLISH), may(Role.DECIDER, CycleAction.PUBLISH)) == (True, True)
    assert (may(Role.VERIFIER, ReviewAction.PUBLISH), may(Role.VERIFIER, CycleAction.START_DECISION)) == (False, True)
    assert COMPETENT_LEVELS == {ReviewAction.DECIDE: 1, ReviewAction.PUBLISH: 1, ReviewAction.RESOLVE: 2}


def test_the_organising_committee_only_reads() -> None:
    assert not any(may(Role.VIEWER, action) for action in [*ReviewAction, *CycleAction])
    assert set(Role) == READ_ROLES


def test_the_administrator_decides_nothing_about_a_subject() -> None:
    assert [a for a in ReviewAction if may(Role.ADMINISTRATOR, a)] == []


@pytest.mark.parametrize(
    ("role", "state", "phase", "actions"),
    [
        (Role.SUBJECT, ReviewState.NOT_STARTED, CycleState.OPEN, (ReviewAction.SAVE,)),
        (Role.SECRETARY, ReviewState.NOT_STARTED, CycleState.OPEN, ()),
        (Role.VERIFIER, ReviewState.SUBMITTED, CycleState.VERIFICATION, (ReviewAction.RETURN, ReviewAction.VERIFY)),
        (Role.VERIFIER, ReviewState.SUBMITTED, CycleState.OPEN, (ReviewAction.RETURN,)),
        (Role.DECIDER, ReviewState.VERIFIED, CycleState.DECISION, (ReviewAction.DECIDE,)),
        (Role.SUBJECT, ReviewState.PUBLISHED, CycleState.PUBLISHED, (ReviewAction.COMPLAIN,)),
        (Role.DECIDER, ReviewState.COMPLAINED, CycleState.PUBLISHED, (ReviewAction.RESOLVE,)),
        (Role.VIEWER, ReviewState.VERIFIED, CycleState.DECISION, ()),
    ],
)
def test_review_actions_for_a_role(
    role: Role, state: ReviewState, phase: CycleState, actions: tuple[ReviewAction, ...]
) -> None:
    assert review_actions_for(role, state, phase) == actions
