"""The score a review sends to the engine: exact, never the rounded figure shown beside it.

- A self-review stores its total rounded for display (`Review.score`, 2 places half up) and exactly
  (`Review.score_exact`, a fraction): the engine compares the exact value with its bands, so 89.995 is below 90.
- A Decree 335 leader's Art. 15 d (every civil servant in their charge scored 50 or more) comes from those
  civil servants' results in the same cycle, read when the facts are built; the leader's saved d is replaced
  (`with_staff_result`). The staff are the individuals reviewed in the cycle who hold a post, at period end,
  in a unit the leader heads (everyone else posted there) or deputises (its members). A civil servant without
  a score yet does not count.
- The Decree 335 year (a yearly cycle whose rule set has `year_from_periods`) is the mean of the monitoring
  totals over the periods actually worked (Art. 21, `year_mean`): the subject's submitted Q1–Q3 quarterly
  self-reviews of the same year and rule set, and the year-end self-review itself as the last period (HD 43:
  Q1–Q3 plus the fourth quarter's results). A quarter without a submitted self-review is a period not worked
  and is left out.

Rows are read in a fixed number of queries per call.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.orgs.models import Post, PostRole
from danhgia.apps.orgs.selectors import in_force
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.domain.scoring import (
    LeaderFactors,
    parse_fraction,
    staff_all_completed,
    with_staff_result,
    year_mean,
)

LEADERS = ("leader", "leader_central")
SUBMITTED = (
    ReviewState.SUBMITTED,
    ReviewState.VERIFIED,
    ReviewState.DECIDED,
    ReviewState.PUBLISHED,
    ReviewState.COMPLAINED,
)


def exact_score(score: Decimal | None, score_exact: str) -> Fraction | None:
    """A review's own total before rounding (a review saved before exact values were kept: its score)."""
    if score_exact:
        return parse_fraction(score_exact)
    return None if score is None else Fraction(score)


@dataclass(frozen=True)
class StaffResult:
    """One civil servant in a leader's charge and their result in the cycle (None: not scored yet)."""

    review_id: int
    person_id: int
    name: str
    score: Fraction | None


@dataclass(frozen=True)
class EngineScore:
    """What the engine gets for a review and how it was made, for the pages that explain it."""

    exact: Fraction
    own: Fraction  # the review's own total (a leader's with d from the staff)
    quarters: Mapping[int, Fraction]  # Decree 335 year: the quarterly totals averaged with `own`
    staff: tuple[StaffResult, ...] | None  # Decree 335 leader: the results d was computed from


def is_year_of_periods(cycle: ReviewCycle) -> bool:
    return cycle_rules(cycle).year_from_periods and not cycle.quarter and not cycle.term_start


def engine_scores(cycle: ReviewCycle, reviews: Iterable[Mapping[str, Any]]) -> dict[int, EngineScore]:
    """For each review row (`id`, `person_id`, `category`, `score`, `score_exact`, `answers`) with a score:
    the exact value to send to the engine."""
    rows = [r for r in reviews if exact_score(r["score"], r.get("score_exact", "")) is not None]
    end = period_end(cycle)
    yearly = is_year_of_periods(cycle)
    people = {r["person_id"] for r in rows if r["person_id"] is not None}
    quarters = quarter_totals(cycle, people) if yearly else {}
    leaders = {r["person_id"] for r in rows if _leader_factors(r) is not None}
    staff = staff_results(cycle, leaders, end) if leaders else {}
    if yearly and staff:  # the staff's results are their years too
        staff_quarters = quarter_totals(cycle, {s.person_id for found in staff.values() for s in found})
        staff = {
            leader: [_as_year(s, staff_quarters.get(s.person_id, {})) for s in found] for leader, found in staff.items()
        }
    result: dict[int, EngineScore] = {}
    for row in rows:
        own = exact_score(row["score"], row.get("score_exact", ""))
        assert own is not None
        factors = _leader_factors(row)
        found: tuple[StaffResult, ...] | None = None
        if factors is not None:
            found = tuple(staff.get(row["person_id"], ()))
            scored = [s.score for s in found if s.score is not None]
            own = with_staff_result(own, factors, staff_all_completed(scored))
        periods = quarters.get(row["person_id"], {}) if row["person_id"] is not None else {}
        exact = year_mean([*periods.values(), own]) if yearly else own
        result[row["id"]] = EngineScore(exact, own, periods, found)
    return result


def engine_score_of(review: Review) -> EngineScore | None:
    """`engine_scores` for one review."""
    row = {
        "id": review.pk,
        "person_id": review.person_id,
        "category": review.category,
        "score": review.score,
        "score_exact": review.score_exact,
        "answers": review.answers,
    }
    return engine_scores(review.cycle, [row]).get(review.pk)


def _as_year(staff: StaffResult, quarters: Mapping[int, Fraction]) -> StaffResult:
    if staff.score is None:
        return staff
    return StaffResult(staff.review_id, staff.person_id, staff.name, year_mean([*quarters.values(), staff.score]))


def _leader_factors(row: Mapping[str, Any]) -> LeaderFactors | None:
    """The Art. 15 factors a Decree 335 leader's self-review was saved with (its products table)."""
    if row["category"] not in LEADERS or row["person_id"] is None:
        return None
    saved = (row.get("answers") or {}).get("leader_factors")
    if not isinstance(saved, Mapping):
        return None
    return LeaderFactors(
        staff_all_completed=bool(saved.get("staff_all_completed")),
        tasks_on_plan=bool(saved.get("tasks_on_plan")),
        united=bool(saved.get("united")),
    )


def period_end(cycle: ReviewCycle) -> date:
    if cycle.quarter:
        last = 3 * cycle.quarter
        return date(cycle.year, last, 30 if last in (6, 9) else 31)
    return date(cycle.year, 12, 31)


def quarter_totals(cycle: ReviewCycle, people: set[int]) -> dict[int, dict[int, Fraction]]:
    """person → {quarter: exact total} of their submitted quarterly self-reviews of the cycle's year and rule
    set (the latest cycle of a quarter when there are several)."""
    rows = (
        Review.objects.filter(
            person_id__in=people,
            cycle__kind="quarter",
            cycle__year=cycle.year,
            cycle__ruleset=cycle.ruleset,
            state__in=SUBMITTED,
            score__isnull=False,
        )
        .values_list("person_id", "cycle__quarter", "score", "score_exact")
        .order_by("cycle_id")
    )
    found: dict[int, dict[int, Fraction]] = defaultdict(dict)
    for person, quarter, score, exact in rows:
        value = exact_score(score, exact)
        if quarter and value is not None:
            found[person][quarter] = value
    return {person: dict(sorted(quarters.items())) for person, quarters in found.items()}


def staff_results(cycle: ReviewCycle, leaders: set[int], on: date) -> dict[int, list[StaffResult]]:
    """leader → the civil servants in their charge reviewed in `cycle`, with their own exact totals."""
    posts = list(Post.objects.filter(in_force(on), person_id__in=leaders, role__in=[PostRole.HEAD, PostRole.DEPUTY]))
    units = {post.unit_id for post in posts}
    posted = list(
        Post.objects.filter(in_force(on), unit_id__in=units).values_list("unit_id", "person_id", "role").order_by("id")
    )
    candidates = {person for _unit, person, _role in posted}
    reviews = {
        row["person_id"]: row
        for row in Review.objects.filter(cycle=cycle, person_id__in=candidates, subject_type="individual").values(
            "id", "person_id", "person__full_name", "score", "score_exact", "state"
        )
    }
    charge: dict[int, dict[int, None]] = defaultdict(dict)
    for post in posts:
        below = (PostRole.DEPUTY, PostRole.MEMBER) if post.role == PostRole.HEAD else (PostRole.MEMBER,)
        for unit, person, role in posted:
            if unit == post.unit_id and role in below and person != post.person_id and person in reviews:
                charge[post.person_id][person] = None
    result: dict[int, list[StaffResult]] = {}
    for leader, people in charge.items():
        result[leader] = [
            StaffResult(
                reviews[p]["id"],
                p,
                reviews[p]["person__full_name"],
                exact_score(reviews[p]["score"], reviews[p]["score_exact"])
                if reviews[p]["state"] in SUBMITTED
                else None,
            )
            for p in people
        ]
    return result
