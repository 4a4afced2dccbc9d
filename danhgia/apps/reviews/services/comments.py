"""Step 1b: the collective's comments and votes at the review meeting, residence-cell comments, assessors.

The review meeting's comments are its minutes: the date, who chaired, how many members the collective has and
how many attended, and the vote per level — votes ≤ attendees ≤ members (and, for a party cell, members ≤ its
official members in the registry). Minutes are never edited in place: `meeting_correct` records a new version
that supersedes the wrong one and `meeting_withdraw` marks a record withdrawn; both keep the old record and write
their audit entry in the same transaction. A refused request changes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia.apps.access.duties import require_no_conflict
from danhgia.apps.access.models import Role
from danhgia.apps.access.services import has_role, has_role_within
from danhgia.apps.cycles.periods import cycle_dates
from danhgia.apps.orgs.models import CellKind, CellMembership
from danhgia.apps.orgs.selectors import in_force
from danhgia.apps.reviews.models import Comment, CommentKind, Review
from danhgia.apps.reviews.services.common import (
    audit,
    reference_date,
    require,
    require_cycle_state,
    share_cycles,
)
from danhgia.domain.workflow import COMMENT_PHASES

LEVELS = ("L1", "L2", "L3", "L4")
COMMENT_STATES = tuple(sorted(s.value for s in COMMENT_PHASES))


@dataclass(frozen=True)
class Minutes:
    """What the minutes of a review meeting record beside its comments and votes."""

    held_on: date
    chair: str
    members: int  # members of the collective (a party cell's official members)
    attendees: int  # members present


def registered_members(review: Review, on: date) -> int:
    """The official members of the review's party cell on `on` per the registry (0: not a cell, or none recorded)."""
    return CellMembership.objects.filter(in_force(on), cell_id=review.unit_id, kind=CellKind.OFFICIAL).count()


def minutes_errors(
    *, minutes: Minutes, votes: dict[str, int], registered: int, earliest: date, today: date
) -> dict[str, str]:
    """What is wrong with a meeting's record, by field (empty: nothing). `registered` is the cell's official
    members in the registry (0: unknown), `earliest` the first day of the cycle's period."""
    errors: dict[str, str] = {}
    if minutes.held_on > today:
        errors["held_on"] = _("The meeting date cannot be after today.")
    elif minutes.held_on < earliest:
        errors["held_on"] = _("The meeting date cannot be before the period under review (from %(date)s).") % {
            "date": earliest.strftime("%d/%m/%Y")
        }
    if not minutes.chair.strip():
        errors["chair"] = _("Name who chaired the meeting.")
    if minutes.members < 1:
        errors["members"] = _("The collective has at least one member.")
    elif registered and minutes.members > registered:
        errors["members"] = _(
            "The cell has %(registered)d official members in the registry: the members of the collective "
            "cannot be more (%(members)d given)."
        ) % {"registered": registered, "members": minutes.members}
    if minutes.attendees < 0:
        errors["attendees"] = _("The members present cannot be negative.")
    elif minutes.attendees > minutes.members:
        errors["attendees"] = _(
            "The members present (%(attendees)d) cannot be more than the members of the collective (%(members)d)."
        ) % {"attendees": minutes.attendees, "members": minutes.members}
    cast = sum(votes.values())
    if "attendees" not in errors and cast > minutes.attendees:
        errors["votes"] = _(
            "The votes cast (%(votes)d in all) cannot be more than the members present (%(attendees)d)."
        ) % {"votes": cast, "attendees": minutes.attendees}
    return errors


def _check_votes(votes: dict[str, int]) -> None:
    if set(votes) - set(LEVELS) or any(not isinstance(n, int) or isinstance(n, bool) or n < 0 for n in votes.values()):
        raise ValidationError({"votes": _("Votes are whole numbers per level 1–4.")})


def _check_meeting(review: Review, minutes: Minutes | None, votes: dict[str, int], now: datetime) -> Minutes:
    if minutes is None:
        raise ValidationError(_("The minutes of the review meeting need its date, its chair and its attendance."))
    errors = minutes_errors(
        minutes=minutes,
        votes=votes,
        registered=registered_members(review, minutes.held_on),
        earliest=cycle_dates(review.cycle)[0],
        today=timezone.localdate(now),
    )
    if errors:
        raise ValidationError(errors)
    return Minutes(minutes.held_on, minutes.chair.strip(), minutes.members, minutes.attendees)


def _record(comment: Comment) -> dict[str, Any]:
    """What the audit trail keeps of a comment (and of a meeting's minutes)."""
    found: dict[str, Any] = {"comment": comment.pk, "kind": comment.kind, "text": comment.text, "votes": comment.votes}
    if comment.kind == CommentKind.MEETING:
        found |= {
            "held_on": comment.held_on,
            "chair": comment.chair,
            "members": comment.members,
            "attendees": comment.attendees,
        }
        if comment.supersedes_id is not None:
            found["supersedes"] = comment.supersedes_id
    return found


@transaction.atomic
def comment_add(
    *,
    review: Review,
    actor: User,
    kind: str,
    text: str,
    votes: dict[str, int] | None = None,
    minutes: Minutes | None = None,
    now: datetime | None = None,
) -> Comment:
    """Record comments (and, for the meeting, its minutes and the vote per level) with who and when."""
    review = Review.objects.select_related("cycle", "unit").get(pk=review.pk)
    require_cycle_state(review.cycle, *COMMENT_STATES)
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
    require_no_conflict(actor, review)  # nobody comments or votes on their own or a close relative's review
    if not text.strip():
        raise ValidationError({"text": _("Write the comments.")})
    votes = votes or {}
    _check_votes(votes)
    if votes and kind != CommentKind.MEETING:
        raise ValidationError({"votes": _("Only the review meeting votes.")})
    now = now or timezone.now()
    fields: dict[str, Any] = {}
    if kind == CommentKind.MEETING:
        checked = _check_meeting(review, minutes, votes, now)
        fields = {
            "held_on": checked.held_on,
            "chair": checked.chair,
            "members": checked.members,
            "attendees": checked.attendees,
        }
    elif minutes is not None:
        raise ValidationError(_("Only the review meeting keeps minutes."))
    comment = Comment.objects.create(
        review=review, kind=kind, author=actor, text=text.strip(), votes=votes, at=now, **fields
    )
    audit(review=review, actor=actor, action="comment_add", at=now, before=None, after=_record(comment))
    return comment


def _current_record(record: Comment, actor: User) -> Comment:
    """The meeting record, locked, if the actor may change it and it is still the one in force."""
    share_cycles(Comment.objects.filter(pk=record.pk).values_list("review__cycle_id", flat=True))
    record = (
        Comment.objects.select_for_update(of=("self",))
        .select_related("review__cycle", "review__unit")
        .get(pk=record.pk)
    )
    review = record.review
    require_cycle_state(review.cycle, *COMMENT_STATES)
    require(actor, Role.SECRETARY, review)
    require_no_conflict(actor, review)
    if record.kind != CommentKind.MEETING:
        raise ValidationError(_("Only the minutes of a review meeting can be corrected or withdrawn."))
    if record.withdrawn_at is not None:
        raise ValidationError(_("This record was withdrawn: it can no longer be changed."))
    if Comment.objects.filter(supersedes=record).exists():
        raise ValidationError(_("This record was already corrected: change the correction instead."))
    return record


@transaction.atomic
def meeting_correct(
    *,
    record: Comment,
    actor: User,
    text: str,
    votes: dict[str, int] | None,
    minutes: Minutes,
    reason: str,
    now: datetime | None = None,
) -> Comment:
    """Correct a meeting's record: a new record supersedes it, the old one stays (both on the audit trail)."""
    record = _current_record(record, actor)
    review = record.review
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the record is corrected.")})
    if not text.strip():
        raise ValidationError({"text": _("Write the comments.")})
    votes = votes or {}
    _check_votes(votes)
    now = now or timezone.now()
    checked = _check_meeting(review, minutes, votes, now)
    correction = Comment.objects.create(
        review=review,
        kind=CommentKind.MEETING,
        author=actor,
        text=text.strip(),
        votes=votes,
        at=now,
        held_on=checked.held_on,
        chair=checked.chair,
        members=checked.members,
        attendees=checked.attendees,
        supersedes=record,
        correction_reason=reason.strip(),
    )
    audit(
        review=review,
        actor=actor,
        action="meeting_correct",
        at=now,
        before=_record(record),
        after=_record(correction),
        reason=reason.strip(),
    )
    return correction


@transaction.atomic
def meeting_withdraw(*, record: Comment, actor: User, reason: str, now: datetime | None = None) -> Comment:
    """Withdraw a meeting's record (it stays, marked withdrawn, with who, when and why)."""
    record = _current_record(record, actor)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the record is withdrawn.")})
    now = now or timezone.now()
    record.withdrawn_at, record.withdrawn_by, record.withdrawal_reason = now, actor, reason.strip()
    record.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    audit(
        review=record.review,
        actor=actor,
        action="meeting_withdraw",
        at=now,
        before=_record(record),
        after={"comment": record.pk, "withdrawn_at": now},
        reason=reason.strip(),
    )
    return record
