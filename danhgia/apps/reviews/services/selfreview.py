"""Step 1: the subject's self-review — drafts (autosaved), submission that locks it, return for correction."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia.apps.access.duties import require_no_conflict
from danhgia.apps.access.models import Role
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.services.common import (
    audit,
    lock_review,
    next_state,
    refresh_statistics,
    require,
    require_phase,
    require_subject,
    snapshot,
)
from danhgia.domain.scoring import DEFAULT_ROUNDING, fraction_text
from danhgia.domain.workflow import EDITABLE, ReviewAction

LEVELS = ("L1", "L2", "L3", "L4")


def _locked(review_id: int) -> Review:
    return lock_review(review_id)


@transaction.atomic
def review_save(
    *,
    review: Review,
    actor: User,
    answers: dict[str, Any],
    score: Decimal | None,
    proposed_level: str = "",
    now: datetime | None = None,
    score_exact: Fraction | None = None,
) -> Review:
    """Save the self-review as a draft (the form autosaves through this). `score_exact` is the score before
    rounding (bands compare it); `score` must be its display, rounded half up to 2 places."""
    review = _locked(review.pk)
    require_subject(actor, review, Role.SECRETARY)
    require_phase(review.cycle, ReviewAction.SAVE)
    if review.state not in EDITABLE:
        raise ValidationError(_("This self-review was submitted and can no longer be changed."))
    if proposed_level and proposed_level not in LEVELS:
        raise ValidationError({"proposed_level": _("Choose a level from 1 to 4.")})
    if score is not None and not Decimal(0) <= score <= Decimal(100):
        raise ValidationError({"score": _("The score must be between 0 and 100.")})
    if score_exact is not None and (score is None or DEFAULT_ROUNDING.apply(score_exact) != score):
        raise ValidationError({"score": _("The score does not match its exact value.")})
    before = snapshot(review, "state", "answers", "score", "score_exact", "proposed_level")
    review.answers, review.score, review.proposed_level = answers, score, proposed_level
    review.score_exact = "" if score_exact is None else fraction_text(score_exact)
    review.state = next_state(review, ReviewAction.SAVE)
    review.save(update_fields=["answers", "score", "score_exact", "proposed_level", "state"])
    audit(
        review=review,
        actor=actor,
        action="review_save",
        at=now or timezone.now(),
        before=before,
        after=snapshot(review, "state", "answers", "score", "score_exact", "proposed_level"),
    )
    return review


@transaction.atomic
def review_submit(*, review: Review, actor: User, now: datetime | None = None) -> Review:
    """Submit the self-review: it is locked from now on (unless returned for correction)."""
    review = _locked(review.pk)
    require_subject(actor, review, Role.SECRETARY)
    require_phase(review.cycle, ReviewAction.SUBMIT)
    if review.state not in (ReviewState.DRAFT, ReviewState.RETURNED):
        raise ValidationError(_("Only a saved draft can be submitted."))
    if not review.proposed_level:
        raise ValidationError({"proposed_level": _("Propose a level before submitting.")})
    now = now or timezone.now()
    before = snapshot(review, "state")
    review.state, review.submitted_at = next_state(review, ReviewAction.SUBMIT), now
    review.save(update_fields=["state", "submitted_at"])
    audit(review=review, actor=actor, action="review_submit", at=now, before=before, after=snapshot(review, "state"))
    refresh_statistics(cycle=review.cycle, unit_ids={review.unit_id}, actor=actor, now=now)
    return review


@transaction.atomic
def review_return(*, review: Review, actor: User, reason: str, now: datetime | None = None) -> Review:
    """The advisory body sends a submitted self-review back for correction, saying why."""
    review = _locked(review.pk)
    require(actor, Role.VERIFIER, review)
    require_no_conflict(actor, review)
    require_phase(review.cycle, ReviewAction.RETURN)
    if review.state != ReviewState.SUBMITTED:
        raise ValidationError(_("Only a submitted self-review can be returned."))
    if not reason.strip():
        raise ValidationError({"reason": _("Say what must be corrected.")})
    before = snapshot(review, "state")
    review.state = next_state(review, ReviewAction.RETURN)
    review.save(update_fields=["state"])
    audit(
        review=review,
        actor=actor,
        action="review_return",
        at=now or timezone.now(),
        before=before,
        after=snapshot(review, "state"),
        reason=reason.strip(),
    )
    return review
