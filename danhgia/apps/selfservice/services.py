"""Writes of the self-service pages that the reviews app has no single service for.

`self_review_submit` saves the final answers and submits them in one transaction (the submit button
carries the whole form). Evidence files have no service in the reviews app yet: `evidence_add` and
`evidence_remove` follow its conventions (keyword-only, transactional, the subject's own check, audit entry
in the same transaction) and belong there once it grows one.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import pgettext

from danhgia.apps.access.models import Role
from danhgia.apps.cycles.models import CycleState
from danhgia.apps.reviews.models import Evidence, Review, ReviewState
from danhgia.apps.reviews.services import review_save, review_submit
from danhgia.apps.reviews.services.common import audit, lock_review, require_cycle_state, require_subject
from danhgia.apps.selfservice.deadlines import require_on_time

EDITABLE = (ReviewState.NOT_STARTED, ReviewState.DRAFT, ReviewState.RETURNED)


@transaction.atomic
def self_review_submit(
    *,
    review: Review,
    actor: User,
    answers: dict[str, Any],
    score: Decimal | None,
    proposed_level: str,
    now: datetime | None = None,
    score_exact: Fraction | None = None,
) -> Review:
    """Save the self-review as the form stands and submit it; either both happen or neither (nor either after
    the deadline when the cycle refuses late self-reviews)."""
    require_on_time(review.cycle, timezone.localdate(now or timezone.now()))
    saved = review_save(
        review=review,
        actor=actor,
        answers=answers,
        score=score,
        proposed_level=proposed_level,
        now=now,
        score_exact=score_exact,
    )
    return review_submit(review=saved, actor=actor, now=now)


def _editable(review_id: int, actor: User) -> Review:
    review = lock_review(review_id)
    require_subject(actor, review, Role.SECRETARY)
    require_cycle_state(review.cycle, CycleState.OPEN)
    if review.state not in EDITABLE:
        raise ValidationError(
            pgettext("selfservice", "This self-review was submitted: its evidence can no longer be changed.")
        )
    return review


@transaction.atomic
def evidence_add(
    *, review: Review, actor: User, file: UploadedFile, description: str, now: datetime | None = None
) -> Evidence:
    """Attach an evidence file to a self-review that can still be edited."""
    review = _editable(review.pk, actor)
    if not description.strip():
        raise ValidationError({"description": pgettext("selfservice", "Say what the file shows.")})
    now = now or timezone.now()
    evidence = Evidence.objects.create(
        review=review, file=file, description=description.strip(), uploaded_by=actor, at=now
    )
    audit(
        review=review,
        actor=actor,
        action="evidence_add",
        at=now,
        before=None,
        after={"evidence": evidence.pk, "file": evidence.file.name, "description": evidence.description},
    )
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: Evidence, actor: User, now: datetime | None = None) -> None:
    """Remove an evidence file from a self-review that can still be edited (the row and the stored file)."""
    review = _editable(evidence.review_id, actor)
    evidence = Evidence.objects.select_for_update().get(pk=evidence.pk, review=review)
    before = {"evidence": evidence.pk, "file": evidence.file.name, "description": evidence.description}
    name, storage = evidence.file.name, evidence.file.storage
    evidence.delete()
    audit(review=review, actor=actor, action="evidence_remove", at=now or timezone.now(), before=before, after=None)
    transaction.on_commit(lambda: storage.delete(name))
