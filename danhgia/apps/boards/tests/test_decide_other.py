"""Deciding a level other than the proposal (reviews.services.decide_other), on the demo's decision cycle: it
needs a level and a reason, refuses the proposed level itself and a user who is not the competent level — each
refusal changes nothing — and records the reason with the decision and on the audit chain."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.audit.services import audit_verify
from danhgia.apps.boards.selectors import readiness
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.reviews.models import Decision, DecisionKind, Review, ReviewState
from danhgia.apps.reviews.services.decide_other import review_decide_other

pytestmark = pytest.mark.django_db
DECISION = "Năm 2025 — Đảng bộ xã Tân An"


@pytest.fixture
def subject(settings: object, tmp_path: object) -> Review:
    """A ready level-3 proposal of a member outside the political system."""
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    call_command("demo_setup", force=True, verbosity=0)
    cycle = ReviewCycle.objects.get(name=DECISION)
    for review in Review.objects.filter(
        cycle=cycle, state=ReviewState.VERIFIED, verified_level="L3", category="member_outside"
    ).order_by("unit__code", "pk"):
        unit = Review.objects.filter(cycle=cycle, unit_id=review.unit_id, state=ReviewState.VERIFIED)
        if review.pk in readiness(cycle, set(unit.values_list("pk", flat=True))).ready:
            return review
    raise AssertionError("the demo has no ready level-3 proposal")


def unchanged(review: Review, entries: int) -> None:
    review.refresh_from_db()
    assert (review.state, review.decided_level, review.decided_status) == (ReviewState.VERIFIED, "", "")
    assert not Decision.objects.filter(review=review, kind=DecisionKind.DECIDE).exists()
    assert AuditEntry.objects.count() == entries


@pytest.mark.parametrize(
    ("level", "reason", "field", "message"),
    [
        ("L2", "  ", "reason", "Hãy ghi lý do quyết định mức khác với đề xuất."),
        ("", "Có thành tích.", "level", "Hãy chọn mức xếp loại để quyết định."),
        ("L3", "Có thành tích.", "level", "Đây là mức đã được đề xuất: hãy quyết định theo đề xuất."),
    ],
)
def test_a_refused_decision_names_the_field_and_changes_nothing(
    subject: Review, level: str, reason: str, field: str, message: str
) -> None:
    entries = AuditEntry.objects.count()
    with pytest.raises(ValidationError) as refused:
        review_decide_other(review=subject, actor=User.objects.get(username="quyetdinh"), level=level, reason=reason)
    assert refused.value.message_dict == {field: [message]}
    unchanged(subject, entries)


def test_only_the_competent_level_decides(subject: Review) -> None:
    entries = AuditEntry.objects.count()
    with pytest.raises(PermissionDenied):
        review_decide_other(review=subject, actor=User.objects.get(username="bithu"), level="L2", reason="Lý do.")
    unchanged(subject, entries)


def test_the_decision_keeps_the_proposal_and_records_the_reason(subject: Review) -> None:
    actor = User.objects.get(username="quyetdinh")
    review_decide_other(review=subject, actor=actor, level="L2", reason="Có thành tích nổi bật.")
    subject.refresh_from_db()
    assert (subject.state, subject.decided_status, subject.decided_level, subject.verified_level) == (
        ReviewState.DECIDED,
        "classified",
        "L2",
        "L3",
    )
    decision = Decision.objects.get(review=subject, kind=DecisionKind.DECIDE)
    assert (decision.level, decision.grounds, decision.by_id) == ("L2", "Có thành tích nổi bật.", actor.pk)
    entry = AuditEntry.objects.get(action="review_decide_other", object_id=str(subject.pk))
    assert entry.reason == "Có thành tích nổi bật."
    assert entry.after["proposed_level"] == "L3" and entry.after["decided_level"] == "L2"  # type: ignore[index]
    assert audit_verify() == []
