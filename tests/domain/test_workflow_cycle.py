"""The cycle's state machine: every allowed transition, every refused one, and the guards."""

from __future__ import annotations

import itertools

import pytest

from danhgia.domain.workflow import (
    CycleAction,
    CycleContext,
    CycleState,
    GuardError,
    ReviewState,
    TransitionError,
    action_towards,
    cycle_actions,
    cycle_transition,
)

C, A, R = CycleState, CycleAction, ReviewState
READY = CycleContext(ruleset_pinned=True, review_counts={R.PUBLISHED: 3})

ALLOWED = {
    (C.DRAFT, A.OPEN): C.OPEN,
    (C.OPEN, A.START_VERIFICATION): C.VERIFICATION,
    (C.VERIFICATION, A.START_DECISION): C.DECISION,
    (C.DECISION, A.PUBLISH): C.PUBLISHED,
    (C.PUBLISHED, A.CLOSE): C.CLOSED,
}


@pytest.mark.parametrize(("state", "action", "target"), [(s, a, t) for (s, a), t in ALLOWED.items()])
def test_allowed_transition_reaches_its_target(state: CycleState, action: CycleAction, target: CycleState) -> None:
    assert cycle_transition(state, action, READY) == target


REFUSED = [(s, a) for s, a in itertools.product(CycleState, CycleAction) if (s, a) not in ALLOWED]


@pytest.mark.parametrize(("state", "action"), REFUSED)
def test_refused_transition_names_the_state_and_the_action(state: CycleState, action: CycleAction) -> None:
    with pytest.raises(TransitionError) as caught:
        cycle_transition(state, action, READY)
    error = caught.value
    assert (error.code, error.state, error.action) == ("transition_not_allowed", state, action)
    assert f"({state.value})" in error.message.vi and f"({state.value})" in error.message.en
    assert f"({action.value})" in error.message.vi and f"({action.value})" in error.message.en


def test_refused_transition_message_lists_the_allowed_actions() -> None:
    with pytest.raises(TransitionError) as caught:
        cycle_transition(C.OPEN, A.PUBLISH, READY)
    assert caught.value.message.vi == (
        "Không thể «Công bố kết quả» (publish) khi kỳ đánh giá đang ở trạng thái «Đang tự kiểm điểm» (open)."
        " Thao tác được phép: «Chuyển sang thẩm định»."
    )
    assert caught.value.message.en == (
        "Cannot 'Publish the results' (publish) while the cycle is 'Self-review open' (open)."
        " Allowed actions: 'Start verification'."
    )
    assert str(caught.value) == f"{caught.value.message.vi} / {caught.value.message.en}"


def test_closed_cycle_allows_nothing() -> None:
    assert cycle_actions(C.CLOSED) == ()
    with pytest.raises(TransitionError) as caught:
        cycle_transition(C.CLOSED, A.OPEN, READY)
    assert caught.value.message.en.endswith("Allowed actions: none.")
    assert caught.value.message.vi.endswith("Thao tác được phép: không có.")


@pytest.mark.parametrize(
    ("state", "actions"),
    [
        (C.DRAFT, (A.OPEN,)),
        (C.OPEN, (A.START_VERIFICATION,)),
        (C.VERIFICATION, (A.START_DECISION,)),
        (C.DECISION, (A.PUBLISH,)),
        (C.PUBLISHED, (A.CLOSE,)),
        (C.CLOSED, ()),
    ],
)
def test_cycle_actions_per_state(state: CycleState, actions: tuple[CycleAction, ...]) -> None:
    assert cycle_actions(state) == actions


def test_opening_needs_a_pinned_ruleset() -> None:
    with pytest.raises(GuardError) as caught:
        cycle_transition(C.DRAFT, A.OPEN, CycleContext(ruleset_pinned=False))
    assert caught.value.failed == ("ruleset_pinned",)
    assert caught.value.code == "guard_failed"
    assert caught.value.message.vi == (
        "Chưa thể «Mở kỳ đánh giá» (open) khi kỳ đánh giá ở trạng thái «Dự thảo» (draft):"
        " Kỳ đánh giá chưa gắn phiên bản bộ quy tắc."
    )


def test_publishing_waits_for_nobody() -> None:
    """Absentees are classified as soon as possible (docs/workflow-decisions.md §2): the late ones are decided
    in the published phase."""
    context = CycleContext(ruleset_pinned=True, review_counts={R.VERIFIED: 2, R.RETURNED: 1, R.DECIDED: 10})
    assert cycle_transition(C.DECISION, A.PUBLISH, context) == C.PUBLISHED
    assert cycle_transition(C.DECISION, A.PUBLISH) == C.PUBLISHED


@pytest.mark.parametrize("pending", [R.NOT_STARTED, R.VERIFIED, R.DECIDED, R.COMPLAINED])
def test_closing_needs_every_review_published_and_no_complaint_open(pending: ReviewState) -> None:
    context = CycleContext(ruleset_pinned=True, review_counts={R.PUBLISHED: 9, pending: 1})
    with pytest.raises(GuardError) as caught:
        cycle_transition(C.PUBLISHED, A.CLOSE, context)
    assert caught.value.failed == ("all_reviews_published",)
    assert caught.value.message.vi.endswith(
        "Còn 1 bản kiểm điểm chưa công bố kết quả (kể cả đang giải quyết khiếu nại)."
    )


@pytest.mark.parametrize(("state", "action"), [(C.DRAFT, A.OPEN), (C.PUBLISHED, A.CLOSE)])
def test_a_guarded_action_without_context_is_a_programming_error(state: CycleState, action: CycleAction) -> None:
    with pytest.raises(ValueError, match="pass a CycleContext"):
        cycle_transition(state, action)


@pytest.mark.parametrize(("state", "action"), [(C.OPEN, A.START_VERIFICATION), (C.VERIFICATION, A.START_DECISION)])
def test_unguarded_actions_need_no_context(state: CycleState, action: CycleAction) -> None:
    assert cycle_transition(state, action) == ALLOWED[(state, action)]


def test_the_whole_cycle_from_draft_to_closed() -> None:
    state = C.DRAFT
    for action in A:
        state = cycle_transition(state, action, READY)
    assert state == C.CLOSED


@pytest.mark.parametrize(("state", "target", "action"), [(s, t, a) for (s, a), t in ALLOWED.items()])
def test_the_action_towards_each_next_state(state: CycleState, target: CycleState, action: CycleAction) -> None:
    assert action_towards(state, target) == action
    assert action_towards(target, state) is None
