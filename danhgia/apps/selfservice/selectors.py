"""Reads of the self-service pages, each with its access check: the subject's own reviews, and the reviews
under a secretary's units (the tree as it stood at the cycle's period end, like the services)."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, JSONField, Lookup, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.http import Http404
from django.utils import timezone

from danhgia.apps.access.duties import require_no_conflict
from danhgia.apps.access.models import Role, RoleAssignment
from danhgia.apps.access.services import has_role, has_role_within, person_of, units_in_scope
from danhgia.apps.cycles.models import CycleState, CycleTemplate, ReviewCycle
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.orgs.models import CellKind, CellMembership, Person, Post, Unit, UnitLink
from danhgia.apps.orgs.selectors import in_force
from danhgia.apps.orgs.services import nfc
from danhgia.apps.reviews.facts import cycle_dates
from danhgia.apps.reviews.models import (
    Comment,
    CommentKind,
    Complaint,
    ComplaintState,
    Decision,
    DecisionKind,
    Review,
    ReviewState,
)
from danhgia.apps.reviews.scores import period_end, staff_results
from danhgia.apps.selfservice.criteria import Criteria, criteria_from_body, level_minimums
from danhgia.engine.codes import LEADER_CATEGORIES

User = AbstractBaseUser | AnonymousUser
PUBLISHED = (ReviewState.PUBLISHED, ReviewState.COMPLAINED)
NOT_SUBMITTED = (ReviewState.NOT_STARTED, ReviewState.DRAFT, ReviewState.RETURNED)


def reference_date(cycle: ReviewCycle) -> date:
    """The tree and the roles as they stood at the period's end (the services ask the same)."""
    return cycle_dates(cycle)[1]


def _review(pk: int) -> Review:
    review = Review.objects.select_related("cycle", "unit", "person").filter(pk=pk).first()
    if review is None or review.cycle.state == CycleState.DRAFT:
        raise Http404
    return review


def is_subject(user: User, review: Review) -> bool:
    """The person under review; for a collective, a secretary (head) over its unit."""
    if review.person_id is not None:
        person = person_of(user)
        return person is not None and person.pk == review.person_id
    return has_role(user, Role.SECRETARY, review.unit, reference_date(review.cycle))


def subject_review(user: User, pk: int) -> Review:
    """A review its subject may open: 404 when there is none, 403 when it is someone else's."""
    review = _review(pk)
    if not is_subject(user, review):
        raise PermissionDenied
    return review


def secretary_review(user: User, pk: int) -> Review:
    """A review under a unit the user is secretary (head) of."""
    review = _review(pk)
    if not has_role(user, Role.SECRETARY, review.unit, reference_date(review.cycle)):
        raise PermissionDenied
    require_no_conflict(user, review)  # own or a close relative's meeting: the level above records it
    return review


def reader_review(user: User, pk: int) -> Review:
    """A review whose self-review (and evidence) the user may read: its subject or their secretary."""
    review = _review(pk)
    if not (is_subject(user, review) or has_role(user, Role.SECRETARY, review.unit, reference_date(review.cycle))):
        raise PermissionDenied
    return review


def criteria_for(review: Review) -> Criteria:
    """The form's shape: the cycle's frozen template for the subject's category, the rule set's scoring, and
    whether the category is a leader's (Decree 335 Art. 15)."""
    body = (
        CycleTemplate.objects.filter(cycle_id=review.cycle_id, category=review.category)
        .values_list("body", flat=True)
        .first()
    )
    rules = cycle_rules(review.cycle)
    criteria = criteria_from_body(
        body, rules.scoring, is_leader=review.category in LEADER_CATEGORIES, minimums=level_minimums(rules)
    )
    if criteria.product_group is not None and review.person_id is not None:
        criteria = replace(criteria, person_id=review.person_id)
        if criteria.is_leader:
            found = staff_results(review.cycle, {review.person_id}, period_end(review.cycle))
            criteria = replace(criteria, staff=tuple(found.get(review.person_id, ())))
    return criteria


def person_reviews(person: Person) -> QuerySet[Review]:
    """The person's own reviews in cycles that have opened, the latest period first."""
    return (
        Review.objects.filter(person=person)
        .exclude(cycle__state=CycleState.DRAFT)
        .select_related("cycle", "unit", "person")
        .order_by("-cycle__year", "-cycle__quarter", "-cycle__created_at", "-pk")
    )


def current_reviews(person: Person) -> list[Review]:
    """The person's reviews in cycles not yet closed, the one waiting for the person first (a self-review still
    to submit in an open cycle), then those under way, then published results; the latest first within each."""
    reviews = list(person_reviews(person).exclude(cycle__state=CycleState.CLOSED))
    return sorted(reviews, key=lambda r: 0 if is_mine_to_do(r) else 2 if r.state in PUBLISHED else 1)


def is_mine_to_do(review: Review) -> bool:
    """A self-review its subject can still fill in and submit."""
    return review.cycle.state == CycleState.OPEN and review.state in NOT_SUBMITTED


EVENT_PREFETCH = (
    Prefetch("complaints", queryset=Complaint.objects.order_by("filed_at", "pk")),
    Prefetch(
        "decisions",
        queryset=Decision.objects.filter(kind__in=[DecisionKind.DECIDE, DecisionKind.RECLASSIFY]).order_by("at", "pk"),
        to_attr="results",
    ),
)


def history(person: Person) -> QuerySet[Review]:
    """Published results only, with their complaints and re-classifications (for `result_events`)."""
    return person_reviews(person).filter(state__in=PUBLISHED).prefetch_related(*EVENT_PREFETCH)


@dataclass(frozen=True)
class ResultEvent:
    """One dated event of a published result: its publication, a complaint filed, a complaint resolved (rejected,
    or upheld with the new result). A resolution never moves the publication: each keeps its own date."""

    kind: str  # "published", "complaint_filed", "complaint_rejected", "complaint_upheld"
    at: datetime
    status: str = ""  # the result it states (the one published, or the re-classification)
    level: str = ""


def result_events(review: Review) -> list[ResultEvent]:
    """The events of a published result, oldest first (prefetch with EVENT_PREFETCH to read them for free)."""
    if review.published_at is None:
        return []
    results = getattr(review, "results", None)
    if results is None:
        results = list(
            review.decisions.filter(kind__in=[DecisionKind.DECIDE, DecisionKind.RECLASSIFY]).order_by("at", "pk")
        )
    decided = [d for d in results if d.kind == DecisionKind.DECIDE]
    original = (decided[-1].status, decided[-1].level) if decided else (review.decided_status, review.decided_level)
    events = [ResultEvent("published", review.published_at, *original)]
    for complaint in review.complaints.all():
        events.append(ResultEvent("complaint_filed", complaint.filed_at))
        if complaint.resolved_at is None:
            continue
        if complaint.state == ComplaintState.UPHELD:
            new = next(
                (d for d in results if d.kind == DecisionKind.RECLASSIFY and d.at == complaint.resolved_at), None
            )
            status, level = (new.status, new.level) if new else (review.decided_status, review.decided_level)
            events.append(ResultEvent("complaint_upheld", complaint.resolved_at, status, level))
        else:
            events.append(ResultEvent("complaint_rejected", complaint.resolved_at))
    return sorted(events, key=lambda event: event.at)


def can_complain(review: Review) -> bool:
    """A published result, within the cycle's time for complaints."""
    until = review.cycle.complaints_until
    return review.state == ReviewState.PUBLISHED and until is not None and timezone.localdate() <= until


def is_secretary(user: User) -> bool:
    """Holds the secretary (unit head) role somewhere, at any time (the board then narrows it per cycle)."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return RoleAssignment.objects.filter(user_id=user.pk, role__in=[Role.SECRETARY, Role.ADMINISTRATOR]).exists()


def my_person(user: User) -> Person | None:
    return person_of(user)


# --- the unit board ----------------------------------------------------------------------------------------
def board_reviews(user: User, cycle: ReviewCycle) -> QuerySet[Review]:
    """The cycle's reviews under the units the user is secretary (head) of."""
    units = Unit.objects.filter(units_in_scope(user, Role.SECRETARY, reference_date(cycle))).values("pk")
    return Review.objects.filter(cycle=cycle, unit_id__in=units)


def board_cycles(user: User) -> list[ReviewCycle]:
    """The opened cycles with at least one review under the user's units, the latest first.

    Cycles whose scope cannot meet the user's units (neither root inside the other, on any date) are left
    out in Python first, so only the few that can are checked against the tree of their own period."""
    if user.pk is None:
        return []
    cycles = list(
        ReviewCycle.objects.exclude(state=CycleState.DRAFT).order_by("-year", "-quarter", "-created_at", "-pk")
    )
    if not getattr(user, "is_superuser", False):
        assigned = RoleAssignment.objects.filter(user_id=int(user.pk), role__in=[Role.SECRETARY, Role.ADMINISTRATOR])
        units = assigned.values("unit_id")
        mine = set(UnitLink.objects.filter(unit_id__in=units).values_list("path", flat=True))
        roots: dict[int, set[str]] = {}
        for unit, path in UnitLink.objects.filter(unit_id__in={c.root_id for c in cycles}).values_list(
            "unit_id", "path"
        ):
            roots.setdefault(unit, set()).add(path)
        cycles = [
            c for c in cycles if any(r.startswith(p) or p.startswith(r) for r in roots.get(c.root_id, ()) for p in mine)
        ]
    found = [cycle for cycle in cycles if board_reviews(user, cycle).exists()]
    return sorted(found, key=lambda c: c.state not in MEETING_STATES)  # where meetings are held first


MEETING_STATES = (CycleState.OPEN, CycleState.VERIFICATION)  # review meetings are recorded then


def board_rows(reviews: QuerySet[Review]) -> QuerySet[Review]:
    """The board's rows in one query: subject, unit, whether the meeting was recorded and its last vote (of the
    records in force: a corrected or withdrawn record no longer counts)."""
    meetings = Comment.objects.filter(
        review=OuterRef("pk"), kind=CommentKind.MEETING, withdrawn_at__isnull=True, superseded_by__isnull=True
    )
    return (
        reviews.select_related("person", "unit")
        .annotate(
            has_meeting=Exists(meetings),
            last_votes=Subquery(meetings.order_by("-at", "-pk").values("votes")[:1], output_field=JSONField()),
        )
        .order_by("subject_type", "unit__code", "person__full_name", "category", "pk")
    )


def missing(reviews: QuerySet[Review], limit: int = 50) -> list[dict[str, Any]]:
    """Who has not submitted yet (the first `limit`, by unit and name)."""
    rows = (
        reviews.filter(state__in=NOT_SUBMITTED)
        .order_by("subject_type", "unit__code", "person__full_name", "category", "pk")
        .values("pk", "subject_type", "category", "person__full_name", "unit__name")[:limit]
    )
    return [dict(row) for row in rows]


# --- comments of the residence cell --------------------------------------------------------------------------
COMMENT_STATES = (CycleState.OPEN, CycleState.VERIFICATION)  # comment_add takes comments in these states only
# A term with a digit and no letters outside ASCII is an identifier (personnel code, national ID), never a name.
IDENTIFIER = re.compile(r"[A-Za-z0-9./-]*[0-9][A-Za-z0-9./-]*")


class _Like(Lookup):
    """`lhs ILIKE rhs` on PostgreSQL, which the trigram index on people's names serves (Django's `icontains`
    wraps both sides in UPPER() and reads every row); LIKE elsewhere (SQLite's ignores case, ASCII only)."""

    lookup_name = "danhgia_like"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        if connection.vendor == "postgresql":
            return f"{lhs} ILIKE {rhs}", [*lhs_params, *rhs_params]
        return f"{lhs} LIKE {rhs} ESCAPE '\\'", [*lhs_params, *rhs_params]


def name_pattern(term: str) -> str:
    """`%term%` with LIKE's wildcards in the term taken literally."""
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def may_comment_as_residence(user: User, review: Review) -> bool:
    """Whom comment_add lets record a residence cell's comments: a secretary of any unit in the cycle's tree
    (reviews.services.comments; the search below offers the same reviews)."""
    return has_role_within(user, Role.SECRETARY, review.cycle.root, reference_date(review.cycle))


def residence_cycles(user: User) -> list[ReviewCycle]:
    """The cycles taking comments in which the user is a cell secretary (whose cell has reviews in them), the
    latest first: each offers every member of its tree to the residence cell's comments."""
    return [cycle for cycle in board_cycles(user) if cycle.state in COMMENT_STATES]


def residence_reviews(user: User, cycle: ReviewCycle) -> QuerySet[Review]:
    """The cycle's individual reviews the user may comment on as a residence cell's secretary (see
    `may_comment_as_residence`)."""
    reviews = Review.objects.filter(cycle=cycle, person__isnull=False)
    if has_role_within(user, Role.SECRETARY, cycle.root, reference_date(cycle)):
        return reviews
    return reviews.none()


def person_matches(reviews: QuerySet[Review], term: str) -> QuerySet[Review]:
    """The reviews whose person has `term` (NFC) in their name, or as their personnel code or national ID."""
    term = nfc(term.strip())
    if IDENTIFIER.fullmatch(term):
        return reviews.filter(Q(person__personnel_code=term) | Q(person__national_id=term))
    return reviews.filter(_Like(F("person__full_name"), Value(name_pattern(term))))


def residence_search(reviews: QuerySet[Review], term: str, on: date) -> QuerySet[Review]:
    """The reviews whose person has `term` (NFC) in their name, or as their personnel code or national ID; each
    with the person, the unit classified in, the official party cell and the first workplace on `on`, and
    whether the residence cell has commented yet: one query for a page, whatever its length."""
    found = person_matches(reviews, term)
    cells = CellMembership.objects.filter(in_force(on), person=OuterRef("person_id"), kind=CellKind.OFFICIAL)
    posts = Post.objects.filter(in_force(on), person=OuterRef("person_id")).order_by("-is_leadership", "pk")
    residence = Comment.objects.filter(review=OuterRef("pk"), kind=CommentKind.RESIDENCE)
    return (
        found.select_related("person", "unit", "cycle")
        .annotate(
            cell_name=Subquery(cells.order_by("-valid_from", "pk").values("cell__name")[:1]),
            workplace=Subquery(posts.values("unit__name")[:1]),
            has_residence=Exists(residence),
        )
        .order_by("person__full_name", "person_id", "unit__code", "pk")
    )


def residence_review(user: User, pk: int) -> Review:
    """An individual review of a cycle taking comments (404 otherwise) that the user may comment on as the
    residence cell's secretary (403 otherwise)."""
    review = _review(pk)
    if review.person_id is None or review.cycle.state not in COMMENT_STATES:
        raise Http404
    if not may_comment_as_residence(user, review):
        raise PermissionDenied
    return review


def member_places(review: Review) -> dict[str, str]:
    """The member's official party cell and workplace on the cycle's reference date (blank when none)."""
    on, person = reference_date(review.cycle), review.person_id
    if person is None:
        return {"cell": "", "workplace": ""}
    cell = (
        CellMembership.objects.filter(in_force(on), person_id=person, kind=CellKind.OFFICIAL)
        .order_by("-valid_from", "pk")
        .values_list("cell__name", flat=True)
        .first()
    )
    post = (
        Post.objects.filter(in_force(on), person_id=person)
        .order_by("-is_leadership", "pk")
        .values_list("unit__name", flat=True)
        .first()
    )
    return {"cell": cell or "", "workplace": post or ""}


def comments_of(review: Review, *kinds: str) -> list[Comment]:
    """The review's comments (of `kinds`, or all), oldest first, with their authors."""
    comments = review.comments.select_related("author", "superseded_by", "supersedes", "withdrawn_by").order_by(
        "at", "pk"
    )
    return list(comments.filter(kind__in=kinds) if kinds else comments)
