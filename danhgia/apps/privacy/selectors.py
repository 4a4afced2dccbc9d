"""Reads for the data subject: who read their data, their logins and failed logins, everything held on them."""

from __future__ import annotations

from typing import Any

from axes.models import AccessFailureLog, AccessLog  # type: ignore[import-untyped]
from django.db.models import Model, QuerySet

from danhgia.apps.orgs.models import (
    CellMembership,
    CivilServiceResult,
    Conclusion,
    DisciplineRecord,
    MembershipStatus,
    PartyMembership,
    Person,
    Post,
    Relative,
    YearAbsence,
)
from danhgia.apps.privacy.models import AccessLogEntry
from danhgia.apps.reviews.models import Complaint, Review, ReviewState

SHOWN = 200  # the latest entries a page lists
PUBLISHED = (ReviewState.PUBLISHED, ReviewState.COMPLAINED)
# What the subject's export holds of each review: their own self-review and, once published, the decision.
# The advisory body's notes and the meeting's comments stay out (they are about the person but written by
# others in confidence until publication; a request for them is answered by the controller, see the notice).
REVIEW_FIELDS = (
    *("id", "cycle__name", "cycle__year", "unit__name", "category"),
    *("state", "answers", "score", "proposed_level", "submitted_at"),
)
DECISION_FIELDS = ("decided_status", "decided_level", "decided_at", "published_at")


def reads_of(person: Person) -> QuerySet[AccessLogEntry]:
    """Who read this person's data, the latest first."""
    return AccessLogEntry.objects.filter(person=person).order_by("-at", "-pk")


def failed_logins(username: str) -> QuerySet[AccessFailureLog]:
    """Failed logins with this username (django-axes keeps one row per failure), the latest first."""
    return AccessFailureLog.objects.filter(username=username).order_by("-attempt_time")


def logins(username: str) -> QuerySet[AccessLog]:
    return AccessLog.objects.filter(username=username).order_by("-attempt_time")


def _rows(model: type[Model], **lookup: Any) -> list[dict[str, Any]]:
    return list(model._default_manager.filter(**lookup).order_by("pk").values())


def person_data(person: Person, username: str) -> dict[str, Any]:
    """Everything danhgia holds on `person` that the person may have (a data subject's access request)."""
    reviews = []
    for review in Review.objects.filter(person=person).select_related("cycle").order_by("pk"):
        row = {name: _field(review, name) for name in REVIEW_FIELDS}
        if review.state in PUBLISHED:
            row |= {name: getattr(review, name) for name in DECISION_FIELDS}
        reviews.append(row)
    return {
        "person": _rows(Person, pk=person.pk)[0],
        "party_membership": _rows(PartyMembership, person=person),
        "cell_memberships": _rows(CellMembership, person=person),
        "membership_statuses": _rows(MembershipStatus, person=person),
        "posts": _rows(Post, person=person),
        "relatives": _rows(Relative, person=person) + _rows(Relative, relative=person),
        "discipline": _rows(DisciplineRecord, person=person),
        "conclusions": _rows(Conclusion, person=person),
        "absences": _rows(YearAbsence, person=person),
        "civil_service_results": _rows(CivilServiceResult, person=person),
        "reviews": reviews,
        "complaints": list(
            Complaint.objects.filter(review__person=person)
            .order_by("pk")
            .values("id", "review_id", "text", "filed_at", "state", "resolution", "resolved_at")
        ),
        "reads_of_my_data": list(reads_of(person).values("viewer_name", "what", "object_id", "path", "at")),
        "logins": list(logins(username).values("attempt_time", "logout_time", "ip_address", "user_agent")),
        "failed_logins": list(failed_logins(username).values("attempt_time", "ip_address", "locked_out")),
    }


def _field(review: Review, name: str) -> Any:
    value: Any = review
    for part in name.split("__"):
        value = getattr(value, part)
    return value
