"""The self-review deadline: whether a self-review is late, and whether the cycle still accepts it
(ReviewCycle.late_self_review: accepted and marked late, or refused)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import pgettext

from danhgia.apps.cycles.models import LateSelfReview, ReviewCycle
from danhgia.apps.reviews.models import Review


def is_late(cycle: ReviewCycle, on: date) -> bool:
    """Whether `on` is after the cycle's self-review deadline (never, without one)."""
    return cycle.self_review_due is not None and on > cycle.self_review_due


def submitted_late(review: Review) -> bool:
    """A self-review submitted after its cycle's deadline (the flag the boards show)."""
    return review.submitted_at is not None and is_late(review.cycle, timezone.localdate(review.submitted_at))


def deadline_note(cycle: ReviewCycle, on: date) -> str:
    """What the self-review page says about the deadline on `on` (blank before it, or without one)."""
    if not is_late(cycle, on):
        return ""
    due = f"{cycle.self_review_due:%d/%m/%Y}"
    if cycle.late_self_review == LateSelfReview.REFUSE:
        return pgettext(
            "selfservice", "The deadline for self-reviews was %(due)s: this cycle no longer accepts them."
        ) % {"due": due}
    return pgettext(
        "selfservice",
        "The deadline for self-reviews was %(due)s: this cycle still accepts yours, marked as submitted late.",
    ) % {"due": due}


def require_on_time(cycle: ReviewCycle, on: date) -> None:
    """Refuse a submission after the deadline when the cycle refuses late self-reviews."""
    if is_late(cycle, on) and cycle.late_self_review == LateSelfReview.REFUSE:
        raise ValidationError(deadline_note(cycle, on))
