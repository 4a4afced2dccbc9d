"""A self-review after the deadline: refused when the cycle refuses late ones (nothing changes: neither the
answers nor the state, nor the audit chain), accepted otherwise."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.cycles.models import LateSelfReview, ReviewCycle
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.selfservice.deadlines import deadline_note, is_late
from danhgia.apps.selfservice.services import self_review_submit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def vietnamese() -> Iterator[None]:
    with translation.override("vi"):
        yield


OPEN = "Năm 2025 — Đảng bộ Sở Nội vụ"
HANOI = ZoneInfo("Asia/Ho_Chi_Minh")


@pytest.fixture
def demo(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    call_command("demo_setup", force=True, verbosity=0)


def test_a_refused_late_self_review_changes_nothing(demo: None) -> None:
    cycle = ReviewCycle.objects.get(name=OPEN)
    cycle.late_self_review = LateSelfReview.REFUSE
    cycle.save(update_fields=["late_self_review"])
    review = Review.objects.select_related("cycle").get(cycle=cycle, person__personnel_code="DEMO-0003")
    before = (review.state, review.answers, review.score, review.proposed_level, review.submitted_at)
    entries = AuditEntry.objects.count()
    late = datetime(2025, 12, 16, 9, 0, tzinfo=HANOI)
    with pytest.raises(ValidationError) as refused:
        self_review_submit(
            review=review,
            actor=User.objects.get(username="dangvien"),
            answers={"text": {"strengths": "x"}},
            score=None,
            proposed_level="L2",
            now=late,
        )
    assert refused.value.messages == [
        "Hạn nộp bản tự kiểm điểm là ngày 15/12/2025: kỳ đánh giá này không nhận bản nộp sau hạn."
    ]
    review.refresh_from_db()
    assert (review.state, review.answers, review.score, review.proposed_level, review.submitted_at) == before
    assert review.state != ReviewState.SUBMITTED
    assert AuditEntry.objects.count() == entries


def test_the_deadline_is_the_last_day_accepted(demo: None) -> None:
    cycle = ReviewCycle.objects.get(name=OPEN)
    assert not is_late(cycle, cycle.self_review_due)  # type: ignore[arg-type]
    assert deadline_note(cycle, cycle.self_review_due) == ""  # type: ignore[arg-type]
    assert deadline_note(cycle, datetime(2025, 12, 16).date()) == (
        "Hạn nộp bản tự kiểm điểm là ngày 15/12/2025: kỳ đánh giá này vẫn nhận bản của đồng chí, có đánh dấu nộp muộn."
    )
