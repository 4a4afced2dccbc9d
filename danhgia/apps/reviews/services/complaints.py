"""Complaints: a subject contests a published result; the superior level re-verifies and re-classifies."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia.apps.access.duties import require_no_conflict
from danhgia.apps.access.models import Role
from danhgia.apps.reviews.models import Complaint, ComplaintState, Decision, DecisionKind, Outcome, Review, ReviewState
from danhgia.apps.reviews.services.common import (
    audit,
    lock_review,
    next_state,
    refresh_statistics,
    require_action,
    require_phase,
    require_subject,
    share_cycles,
    snapshot,
)
from danhgia.domain.workflow import ReviewAction


@transaction.atomic
def complaint_file(*, review: Review, actor: User, text: str, now: datetime | None = None) -> Complaint:
    review = lock_review(review.pk)
    require_subject(actor, review, Role.SECRETARY)
    now = now or timezone.now()
    if review.state != ReviewState.PUBLISHED:
        raise ValidationError(_("Only a published result can be contested."))
    require_phase(review.cycle, ReviewAction.COMPLAIN)
    until = review.cycle.complaints_until
    if until is None or timezone.localdate(now) > until:
        raise ValidationError(_("The time for complaints in this cycle has passed."))
    if not text.strip():
        raise ValidationError({"text": _("Say what the complaint is about.")})
    complaint = Complaint.objects.create(review=review, filed_by=actor, text=text.strip(), filed_at=now)
    review.state = next_state(review, ReviewAction.COMPLAIN)
    review.save(update_fields=["state"])
    audit(
        review=review,
        actor=actor,
        action="complaint_file",
        at=now,
        before={"state": ReviewState.PUBLISHED},
        after={"state": ReviewState.COMPLAINED, "complaint": complaint.pk, "text": complaint.text},
    )
    return complaint


@transaction.atomic
def complaint_resolve(
    *,
    complaint: Complaint,
    actor: User,
    upheld: bool,
    resolution: str,
    status: str = "",
    level: str = "",
    now: datetime | None = None,
) -> Complaint:
    """The superior level rejects the complaint, or upholds it and re-classifies; the history is kept.

    The original publication is never changed: the result's history shows the publication and, beside it, the
    complaint's resolution with its own date."""
    share_cycles(Complaint.objects.filter(pk=complaint.pk).values_list("review__cycle_id", flat=True))
    complaint = (
        Complaint.objects.select_for_update(of=("self",))
        .select_related("review__cycle", "review__unit")
        .get(pk=complaint.pk)
    )
    review = complaint.review
    require_action(actor, ReviewAction.RESOLVE, review)  # the level above the competent one
    require_no_conflict(actor, review)
    if complaint.state != ComplaintState.OPEN:
        raise ValidationError(_("This complaint has already been resolved."))
    if not resolution.strip():
        raise ValidationError({"resolution": _("Give the grounds of the resolution.")})
    now = now or timezone.now()
    before = snapshot(review, "state", "decided_status", "decided_level")
    if upheld:
        if status not in (Outcome.CLASSIFIED, Outcome.EXEMPT, Outcome.NOT_CLASSIFIED) or (
            (status == Outcome.CLASSIFIED) != bool(level)
        ):
            raise ValidationError(
                {"level": _("Give the new result: classified with a level, exempt or not classified.")}
            )
        review.decided_status, review.decided_level = status, level
        Decision.objects.create(
            review=review,
            kind=DecisionKind.RECLASSIFY,
            status=status,
            level=level,
            grounds=resolution.strip(),
            by=actor,
            at=now,
        )
    # The result stays published from its original date (published_at is never touched here): the complaint's
    # resolution is its own event, dated by complaint.resolved_at, and a re-classification is a Decision row.
    review.state = next_state(review, ReviewAction.RESOLVE)
    review.save(update_fields=["state", "decided_status", "decided_level"])
    complaint.state = ComplaintState.UPHELD if upheld else ComplaintState.REJECTED
    complaint.resolution, complaint.resolved_at = resolution.strip(), now
    complaint.save(update_fields=["state", "resolution", "resolved_at"])
    audit(
        review=review,
        actor=actor,
        action="complaint_resolve",
        at=now,
        before=before,
        after=snapshot(review, "state", "decided_status", "decided_level") | {"complaint": complaint.state},
        reason=resolution.strip(),
    )
    refresh_statistics(cycle=review.cycle, unit_ids={review.unit_id}, actor=actor, now=now)
    return complaint
