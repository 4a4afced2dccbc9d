"""Separation of duties: nobody verifies, decides, votes on or reads the confidential notes (the advisory
body's justification, assessors' comments, the meeting's minutes) about their own review or a close
relative's (spouse, parent, child, sibling, where the registry knows it: orgs.Relative).

Such a review goes to the level above: roles cover a unit's whole subtree, so the verifier, secretary or
competent level one level higher acts on it, and the boards say so. One rule, asked in one place:
`conflict(user, review)` (or `Duties(user)` for a batch: the actor's person and relatives are read once,
then each review is answered without a query).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Protocol

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from danhgia.apps.access.services import User, person_of
from danhgia.apps.orgs.models import RelationKind, Relative


class Subject(Protocol):
    """What the rule reads of a review: whose it is (None for a collective)."""

    pk: int
    person_id: int | None


class Conflict(PermissionDenied):
    """A refusal under the separation of duties; its message says why and where the case goes."""


# How the relative stands to the actor, read from a row written the other way round.
REVERSED = {
    RelationKind.SPOUSE: RelationKind.SPOUSE,
    RelationKind.PARENT: RelationKind.CHILD,
    RelationKind.CHILD: RelationKind.PARENT,
    RelationKind.SIBLING: RelationKind.SIBLING,
}


def relatives_of(person_id: int) -> dict[int, str]:
    """The person's close relatives the registry knows of: relative's id -> how they stand to the person."""
    found: dict[int, str] = {}
    rows = Relative.objects.filter(Q(person_id=person_id) | Q(relative_id=person_id)).values_list(
        "person_id", "relative_id", "kind"
    )
    for person, relative, kind in rows:
        if person == person_id:
            found[relative] = kind
        else:
            found[person] = REVERSED[RelationKind(kind)]
    return found


def _relation_reason(kind: str) -> str:
    reasons = {
        RelationKind.SPOUSE: _("This is the review of your spouse"),
        RelationKind.PARENT: _("This is the review of your parent"),
        RelationKind.CHILD: _("This is the review of your child"),
        RelationKind.SIBLING: _("This is the review of your sibling"),
    }
    return reasons[RelationKind(kind)]


class Duties:
    """The separation of duties for one actor: their own person and close relatives, read once."""

    def __init__(self, user: User) -> None:
        person = person_of(user)
        self.person_id = person.pk if person is not None else None
        self.relatives = relatives_of(person.pk) if person is not None else {}

    def conflict(self, review: Subject) -> str | None:
        """Why the actor may not act on (or read the notes of) `review`, or None when they may."""
        if review.person_id is None or self.person_id is None:
            return None
        if review.person_id == self.person_id:
            who = _("This is your own review")
        elif review.person_id in self.relatives:
            who = _relation_reason(self.relatives[review.person_id])
        else:
            return None
        return _("%(who)s: it goes to the level above, which verifies, decides and votes on it.") % {"who": who}

    def require(self, review: Subject) -> None:
        """Refuse (Conflict, a PermissionDenied) when the actor may not act on `review`."""
        reason = self.conflict(review)
        if reason is not None:
            raise Conflict(reason)

    def require_all(self, reviews: Iterable[Subject]) -> None:
        for review in reviews:
            self.require(review)

    def conflicts(self, reviews: Iterable[Subject]) -> dict[int, str]:
        """The reviews of a page or batch the actor may not act on: review id -> why."""
        found = {review.pk: self.conflict(review) for review in reviews}
        return {pk: reason for pk, reason in found.items() if reason is not None}

    def redact(self, reviews: Iterable[Subject]) -> dict[int, str]:
        """Blank, in memory, the advisory body's justification of the reviews the actor may not read the notes
        of (nothing is saved); returns those reviews: id -> why (what the boards say on their rows)."""
        listed = list(reviews)
        found = self.conflicts(listed)
        for review in listed:
            if review.pk in found and hasattr(review, "verification_note"):
                review.verification_note = ""
        return found

    def without_conflicts(self, reviews: Iterable[Subject]) -> list[int]:
        """The ids of a batch's reviews the actor may act on (the others go to the level above)."""
        return [review.pk for review in reviews if self.conflict(review) is None]


def conflict(user: User, review: Subject) -> str | None:
    """Why `user` may not verify, decide, vote on or read the notes of `review`; None when they may."""
    return Duties(user).conflict(review)


def require_no_conflict(user: User, review: Subject) -> None:
    """Refuse (Conflict, a PermissionDenied) a user acting on their own or a close relative's review."""
    Duties(user).require(review)
