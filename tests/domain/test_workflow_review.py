"""One review's state machine: transitions, refusals, the cycle's phases, the return and complaint flows."""

from __future__ import annotations

import itertools

import pytest

from danhgia.domain.workflow import (
    AWAITING_DECISION,
    FINAL_STATES,
    CycleState,
    ReviewAction,
    ReviewState,
    TransitionError,
    review_actions,
    review_transition,
)

S, A, C = ReviewState, ReviewAction, CycleState

ALLOWED = {
    (S.NOT_STARTED, A.SAVE): S.DRAFT,
    (S.DRAFT, A.SAVE): S.DRAFT,
    (S.RETURNED, A.SAVE): S.RETURNED,
    (S.DRAFT, A.SUBMIT): S.SUBMITTED,
    (S.RETURNED, A.SUBMIT): S.SUBMITTED,
    (S.SUBMITTED, A.RETURN): S.RETURNED,
    (S.NOT_STARTED, A.VERIFY): S.VERIFIED,
    (S.DRAFT, A.VERIFY): S.VERIFIED,
    (S.RETURNED, A.VERIFY): S.VERIFIED,
    (S.SUBMITTED, A.VERIFY): S.VERIFIED,
    (S.VERIFIED, A.VERIFY): S.VERIFIED,
    (S.VERIFIED, A.DECIDE): S.DECIDED,
    (S.DECIDED, A.PUBLISH): S.PUBLISHED,
    (S.PUBLISHED, A.COMPLAIN): S.COMPLAINED,
    (S.COMPLAINED, A.RESOLVE): S.PUBLISHED,
}

# Which review actions each phase of the cycle allows ("x"); docs/workflow-decisions.md.
PHASES = """
action    draft open verification decision published closed
save        .    x       x           x         .       .
submit      .    x       x           x         .       .
return      .    x       x           x         .       .
verify      .    .       x           x         x       .
decide      .    .       .           x         x       .
publish     .    .       .           x         x       .
complain    .    .       .           x         x       .
resolve     .    .       .           x         x       .
"""


def phase_table() -> dict[tuple[ReviewAction, CycleState], bool]:
    header, *rows = PHASES.strip().splitlines()
    phases = [C(name) for name in header.split()[1:]]
    return {
        (A(name), phase): mark == "x"
        for name, *marks in (row.split() for row in rows)
        for phase, mark in zip(phases, marks, strict=True)
    }


def open_phase_for(action: ReviewAction) -> CycleState:
    return next(phase for (a, phase), allowed in phase_table().items() if a == action and allowed)


@pytest.mark.parametrize(("state", "action", "target"), [(s, a, t) for (s, a), t in ALLOWED.items()])
def test_allowed_transition_reaches_its_target(state: ReviewState, action: ReviewAction, target: ReviewState) -> None:
    assert review_transition(state, action, cycle_state=open_phase_for(action)) == target


@pytest.mark.parametrize(("state", "action"), [(s, a) for s, a in itertools.product(S, A) if (s, a) not in ALLOWED])
def test_refused_transition_names_the_state_and_the_action(state: ReviewState, action: ReviewAction) -> None:
    with pytest.raises(TransitionError) as caught:
        review_transition(state, action, cycle_state=C.DECISION)
    error = caught.value
    assert (error.code, error.state, error.action) == ("transition_not_allowed", state, action)
    for message in (error.message.vi, error.message.en):
        assert f"({state.value})" in message and f"({action.value})" in message


def test_refused_transition_message_in_both_languages() -> None:
    with pytest.raises(TransitionError) as caught:
        review_transition(S.DECIDED, A.SUBMIT, cycle_state=C.DECISION)
    assert caught.value.message.vi == (
        "Không thể «Nộp bản kiểm điểm» (submit) khi bản kiểm điểm đang ở trạng thái «Đã quyết định xếp loại»"
        " (decided). Thao tác được phép: «Công bố kết quả»."
    )
    assert caught.value.message.en == (
        "Cannot 'Submit the self-review' (submit) while the review is 'Decided' (decided)."
        " Allowed actions: 'Publish the result'."
    )


@pytest.mark.parametrize(("action", "phase", "allowed"), [(a, p, ok) for (a, p), ok in phase_table().items()])
def test_each_phase_of_the_cycle_allows_its_review_actions(
    action: ReviewAction, phase: CycleState, allowed: bool
) -> None:
    state = next(s for (s, a) in ALLOWED if a == action)
    if allowed:
        assert review_transition(state, action, cycle_state=phase) == ALLOWED[(state, action)]
    else:
        with pytest.raises(TransitionError) as caught:
            review_transition(state, action, cycle_state=phase)
        assert (caught.value.code, caught.value.state, caught.value.action) == ("phase_not_allowed", state, action)
        assert f"({phase.value})" in caught.value.message.vi and f"({phase.value})" in caught.value.message.en


def test_phase_refusal_message_names_the_review_state_and_the_phase() -> None:
    with pytest.raises(TransitionError) as caught:
        review_transition(S.SUBMITTED, A.VERIFY, cycle_state=C.OPEN)
    assert caught.value.message.vi == (
        "Không thể «Thẩm định, đề xuất mức xếp loại» (verify) bản kiểm điểm «Đã nộp» (submitted) khi kỳ đánh giá"
        " đang ở giai đoạn «Đang tự kiểm điểm» (open)."
    )
    assert caught.value.message.en == (
        "Cannot 'Verify and propose a level' (verify) a review that is 'Submitted' (submitted) while the cycle"
        " is in the 'Self-review open' phase (open)."
    )


def run(state: ReviewState, phase: CycleState, *actions: ReviewAction) -> list[ReviewState]:
    history = [state]
    for action in actions:
        history.append(review_transition(history[-1], action, cycle_state=phase))
    return history


def test_self_review_returned_for_correction_during_verification_then_resubmitted_and_verified() -> None:
    assert run(S.NOT_STARTED, C.VERIFICATION, A.SAVE, A.SUBMIT, A.RETURN, A.SAVE, A.SUBMIT, A.VERIFY) == [
        S.NOT_STARTED,
        S.DRAFT,
        S.SUBMITTED,
        S.RETURNED,
        S.RETURNED,
        S.SUBMITTED,
        S.VERIFIED,
    ]


def test_complaint_is_resolved_back_to_published_and_the_caller_keeps_the_history() -> None:
    assert run(S.VERIFIED, C.DECISION, A.DECIDE, A.PUBLISH, A.COMPLAIN, A.RESOLVE) == [
        S.VERIFIED,
        S.DECIDED,
        S.PUBLISHED,
        S.COMPLAINED,
        S.PUBLISHED,
    ]
    # a second complaint on the resolved result follows the same path
    assert run(S.PUBLISHED, C.PUBLISHED, A.COMPLAIN, A.RESOLVE)[-1] == S.PUBLISHED


def test_a_result_under_complaint_stands() -> None:
    assert S.COMPLAINED in FINAL_STATES
    assert set(AWAITING_DECISION) == {S.VERIFIED}


@pytest.mark.parametrize(
    ("state", "phase", "actions"),
    [
        (S.NOT_STARTED, C.DRAFT, ()),
        (S.NOT_STARTED, C.OPEN, (A.SAVE,)),
        (S.SUBMITTED, C.OPEN, (A.RETURN,)),
        (S.SUBMITTED, C.VERIFICATION, (A.RETURN, A.VERIFY)),
        (S.NOT_STARTED, C.DECISION, (A.SAVE, A.VERIFY)),
        (S.VERIFIED, C.VERIFICATION, (A.VERIFY,)),
        (S.VERIFIED, C.DECISION, (A.VERIFY, A.DECIDE)),
        (S.VERIFIED, C.PUBLISHED, (A.VERIFY, A.DECIDE)),
        (S.PUBLISHED, C.PUBLISHED, (A.COMPLAIN,)),
        (S.PUBLISHED, C.CLOSED, ()),
        (S.COMPLAINED, C.PUBLISHED, (A.RESOLVE,)),
    ],
)
def test_review_actions_offered(state: ReviewState, phase: CycleState, actions: tuple[ReviewAction, ...]) -> None:
    assert review_actions(state, phase) == actions
