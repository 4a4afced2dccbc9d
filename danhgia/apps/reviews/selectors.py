"""Reads for the boards: progress per unit, the quota meter of each group, conflicts to resolve."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from danhgia.apps.cycles.models import QuotaGroup, ReviewCycle
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.orgs.models import Post
from danhgia.apps.reviews.models import Outcome, Review, ReviewState
from danhgia.domain.consequences import Consequence, PersonKind, consequences
from danhgia.domain.periods import Term
from danhgia.engine.quota import allowed_level1

STATES = [state.value for state in ReviewState]


def progress(reviews: QuerySet[Review]) -> dict[str, int]:
    """How many reviews are in each state (all states present, zeros included)."""
    counts = dict(reviews.values_list("state").annotate(n=Count("pk")).values_list("state", "n"))
    return {state: counts.get(state, 0) for state in STATES}


@dataclass(frozen=True)
class QuotaMeter:
    group: QuotaGroup
    level1: int  # proposed (or decided) at level 1
    level2: int
    allowed: int  # how many may keep level 1 given the proposals
    exception: bool

    @property
    def over(self) -> int:
        return max(0, self.level1 - self.allowed)


def quota_meters(cycle: ReviewCycle, groups: QuerySet[QuotaGroup] | None = None) -> list[QuotaMeter]:
    """For each group: level 1 and level 2 among the current proposals, and the allowance (§3.5)."""
    rules = cycle_rules(cycle)
    groups = groups if groups is not None else cycle.quota_groups.all()
    rows = Review.objects.filter(quota_group__in=groups).values_list(
        "quota_group_id", "state", "verified_level", "decided_level", "engine_level"
    )
    tally: dict[int, Counter[str]] = {}
    for group_id, state, verified, decided, engine in rows:
        level = (
            decided
            if state in (ReviewState.DECIDED, ReviewState.PUBLISHED, ReviewState.COMPLAINED)
            else (verified or engine)
        )
        tally.setdefault(group_id, Counter())[level] += 1
    meters = []
    for group in groups.order_by("code"):
        counts = tally.get(group.pk, Counter())
        c, b = counts["L1"], counts["L2"]
        ratio = rules.quota_exception_ratio if group.exception and rules.quota_exception_ratio else rules.quota_ratio
        allowed = allowed_level1(c, b, ratio, rules.quota_rounding)
        meters.append(QuotaMeter(group, c, b, allowed, group.exception))
    return meters


def conflicts(reviews: QuerySet[Review]) -> list[dict[str, Any]]:
    """What the advisory body must look at: self-proposed level ≠ engine, missing self-reviews, undecided ones."""
    found = []
    for review in reviews.select_related("person", "unit").order_by("unit__code", "pk"):
        if review.state in (ReviewState.NOT_STARTED, ReviewState.DRAFT, ReviewState.RETURNED):
            found.append({"review": review, "code": "missing_self_review"})
        elif review.engine_status == Outcome.NEEDS_DECISION:
            found.append({"review": review, "code": "needs_decision"})
        elif review.engine_level and review.proposed_level and review.engine_level != review.proposed_level:
            found.append({"review": review, "code": "self_vs_engine"})
    return found


def yearly_history(review: Review) -> dict[int, str]:
    """The subject's published levels of year cycles: {year: level} (classified results only)."""
    published = Review.objects.filter(
        cycle__kind="year",
        state__in=[ReviewState.PUBLISHED, ReviewState.COMPLAINED],
        decided_status=Outcome.CLASSIFIED,
    )
    if review.person_id is not None:
        published = published.filter(person_id=review.person_id)
    else:
        published = published.filter(unit_id=review.unit_id, category=review.category)
    return dict(published.values_list("cycle__year", "decided_level").order_by("cycle__year"))


def consequences_of(review: Review) -> tuple[Consequence, ...]:
    """What this subject's published results entail this year: two L4 years, commendation.

    Sources: docs/regulations/party.md §10, state.md §5.
    """
    kind = _person_kind(review)
    history = yearly_history(review)
    year = review.cycle.year
    if kind is None or review.cycle.kind != "year" or year not in history:
        return ()
    leader = kind is PersonKind.CIVIL_SERVANT_LEADER and review.person_id is not None
    term = appointment_term(review.person_id, year) if leader else None  # type: ignore[arg-type]
    if kind is PersonKind.CIVIL_SERVANT_LEADER and term is None:
        kind = PersonKind.CIVIL_SERVANT  # no leadership post on record that year: the rules without a term
    return consequences(kind, history, year=year, appointment_term=term)  # type: ignore[arg-type]


def _person_kind(review: Review) -> PersonKind | None:
    if review.subject_type == "collective":
        return PersonKind.PARTY_ORGANISATION if review.category == "party_organisation" else None
    if cycle_rules(review.cycle).side == "state":
        leader = review.category in ("leader", "leader_central")
        return PersonKind.CIVIL_SERVANT_LEADER if leader else PersonKind.CIVIL_SERVANT_NON_LEADER
    return PersonKind.PARTY_MEMBER


# A leadership appointment runs five years; the registry records a post's start and end, not its terms.
APPOINTMENT_YEARS = 5


def appointment_term(person: int, year: int) -> Term | None:
    """The appointment term of the person's leadership post that covers `year`: from the post's start, in
    five-year terms (a re-appointment without a new post record starts the next term), ended early where the
    post ended. None when the person held no leadership post in `year`."""
    post = (
        Post.objects.filter(person_id=person, is_leadership=True, valid_from__year__lte=year)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__year__gte=year))
        .order_by("valid_from")
        .values_list("valid_from", flat=True)
        .first()
    )
    if post is None:
        return None
    start = post.year + (year - post.year) // APPOINTMENT_YEARS * APPOINTMENT_YEARS
    return Term(start, start + APPOINTMENT_YEARS - 1)


def quarterly_results(review: Review) -> dict[int, str]:
    """For a year-end review: the subject's published Q1–Q3 results of the same year ({quarter: level}); the
    year-end classification draws on them (HD 43-HD/BTCTW, KL 198-KL/TW; docs/regulations/party.md §8.3)."""
    if review.cycle.kind != "year":
        return {}
    published = Review.objects.filter(
        cycle__kind="quarter",
        cycle__year=review.cycle.year,
        state__in=[ReviewState.PUBLISHED, ReviewState.COMPLAINED],
        decided_status=Outcome.CLASSIFIED,
    )
    if review.person_id is not None:
        published = published.filter(person_id=review.person_id)
    else:
        published = published.filter(unit_id=review.unit_id, category=review.category)
    rows = published.values_list("cycle__quarter", "decided_level").order_by("cycle__quarter")
    return {quarter: level for quarter, level in rows if quarter is not None}
