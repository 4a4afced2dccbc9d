"""Step 1b: the collective's comments and votes at the review meeting, residence-cell comments, assessors."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia.apps.access.models import Role
from danhgia.apps.access.services import has_role, has_role_within
from danhgia.apps.cycles.models import CycleState
from danhgia.apps.reviews.models import Comment, CommentKind, Review
from danhgia.apps.reviews.services.common import audit, reference_date, require, require_cycle_state

LEVELS = ("L1", "L2", "L3", "L4")


@transaction.atomic
def comment_add(
    *,
    review: Review,
    actor: User,
    kind: str,
    text: str,
    votes: dict[str, int] | None = None,
    now: datetime | None = None,
) -> Comment:
    """Record comments (and, for the meeting, the vote per level) with who and when."""
    review = Review.objects.select_related("cycle", "unit").get(pk=review.pk)
    require_cycle_state(review.cycle, CycleState.OPEN, CycleState.VERIFICATION)
    if kind == CommentKind.RESIDENCE:
        # The residence cell's secretary is outside the member's unit: any secretary in the cycle's tree.
        if not has_role_within(actor, Role.SECRETARY, review.cycle.root, reference_date(review.cycle)):
            require(actor, Role.SECRETARY, review)
    elif kind == CommentKind.MEETING:
        require(actor, Role.SECRETARY, review)
    elif kind == CommentKind.ASSESSOR:
        if not has_role(actor, Role.VERIFIER, review.unit, reference_date(review.cycle)):
            require(actor, Role.SECRETARY, review)
    else:
        raise ValidationError({"kind": _("Unknown kind of comment.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the comments.")})
    votes = votes or {}
    if set(votes) - set(LEVELS) or any(not isinstance(n, int) or n < 0 for n in votes.values()):
        raise ValidationError({"votes": _("Votes are whole numbers per level 1–4.")})
    if votes and kind != CommentKind.MEETING:
        raise ValidationError({"votes": _("Only the review meeting votes.")})
    now = now or timezone.now()
    comment = Comment.objects.create(review=review, kind=kind, author=actor, text=text.strip(), votes=votes, at=now)
    audit(
        review=review,
        actor=actor,
        action="comment_add",
        at=now,
        before=None,
        after={"comment": comment.pk, "kind": kind, "text": comment.text, "votes": votes},
    )
    return comment
