"""Facts for the engine: a `danhgia-scenario/1` document built from the registry and the self-reviews.

Rows are read with `.values()` in a fixed number of queries per call (never one per review), as the tree
and the registry stood at the cycle's period end. Subject ids are "R<review id>", unit ids "U<unit id>".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.cycles.periods import cycle_dates as cycle_dates
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.orgs.models import (
    CivilServiceResult,
    Conclusion,
    DisciplineRecord,
    LeadershipCollective,
    MembershipStatus,
    PartyMembership,
    Post,
    PostRole,
    UnitLink,
    YearAbsence,
)
from danhgia.apps.orgs.selectors import in_force
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.scores import engine_scores

# Self-review answers the engine reads directly (the rest of `answers` is the form's content).
ENGINE_ANSWERS = ("grades", "tasks", "shortcomings", "specific_products", "confidence")
DISCIPLINE_FIELDS = (
    "id",
    "person_id",
    "unit_id",
    "on_leadership_collective",
    "form",
    "system",
    "effective_on",
    "violation",
    "self_detected_remedied",
    "public_service",
    "counted_in_year",
)


def subject_id(review_id: int) -> str:
    return f"R{review_id}"


def unit_id(pk: int) -> str:
    return f"U{pk}"


def scenario_for(cycle: ReviewCycle, review_ids: Iterable[int]) -> dict[str, Any]:
    """The engine's input for these reviews of `cycle` (their dependencies should be among them)."""
    start, end = cycle_dates(cycle)
    reviews: list[dict[str, Any]] = [
        dict(row)
        for row in Review.objects.filter(cycle=cycle, pk__in=list(review_ids))
        .values(
            "id",
            "subject_type",
            "category",
            "person_id",
            "unit_id",
            "quota_group__code",
            "quota_priority",
            "score",
            "score_exact",
            "answers",
        )
        .order_by("id")
    ]
    people = {r["person_id"] for r in reviews if r["person_id"]}
    collectives = {r["unit_id"] for r in reviews if r["person_id"] is None}
    posts = _posts(people | _collective_members(collectives, end), end)
    led: dict[int, set[int]] = defaultdict(set)
    head_of: dict[int, int] = {}
    for post in posts:
        if post["role"] == PostRole.HEAD:
            head_of.setdefault(post["person_id"], post["unit_id"])
        if post["role"] in (PostRole.HEAD, PostRole.DEPUTY):
            led[post["person_id"]].add(post["unit_id"])
    units = {r["unit_id"] for r in reviews} | set(head_of.values()) | {u for s in led.values() for u in s}
    ctx = _Context(start=start, end=end, people=people, collectives=collectives, posts=posts)
    ctx.scores = {pk: found.exact for pk, found in engine_scores(cycle, reviews).items()}
    subjects = [_subject(r, ctx, head_of, led) for r in reviews]
    groups = {r["quota_group__code"] for r in reviews}
    exceptions = list(cycle.quota_groups.filter(code__in=groups, exception=True).values_list("code", flat=True))
    document: dict[str, Any] = {
        "format": "danhgia-scenario/1",
        "ruleset": cycle.ruleset,
        "period": {"kind": "quarter", "year": cycle.year, "quarter": cycle.quarter}
        if cycle.quarter
        else {"kind": "year", "year": end.year},
        "units": _units(units, end),
        "subjects": subjects,
    }
    if exceptions and cycle_rules(cycle).quota_exception_ratio is not None:
        document["quota_exceptions"] = sorted(exceptions)
    return document


class _Context:
    """Everything fetched in bulk for one call, indexed by person or unit."""

    def __init__(
        self, *, start: date, end: date, people: set[int], collectives: set[int], posts: list[dict[str, Any]]
    ) -> None:
        self.start, self.end = start, end
        self.scores: dict[int, Fraction] = {}  # review id → the exact score (reviews.scores)
        members = _collective_members(collectives, end)
        everyone = people | members
        self.membership = dict(
            PartyMembership.objects.filter(person_id__in=people).values_list("person_id", "admitted_on")
        )
        statuses = MembershipStatus.objects.filter(in_force(end), person_id__in=people).values_list("person_id", "kind")
        self.status: dict[int, set[str]] = defaultdict(set)
        for person, kind in statuses:
            self.status[person].add(kind)
        self.absence = {
            a["person_id"]: a
            for a in YearAbsence.objects.filter(person_id__in=people, year=end.year).values(
                "person_id", "sick_months", "other_months", "maternity", "months_worked"
            )
        }
        self.civil = dict(
            CivilServiceResult.objects.filter(person_id__in=people, year=end.year).values_list("person_id", "level")
        )
        self.children = _children(collectives, end)
        units = collectives | {child for kids in self.children.values() for child in kids}
        records = DisciplineRecord.objects.filter(effective_on__lte=end)
        self.discipline: dict[tuple[str, int], list[dict[str, Any]]] = defaultdict(list)
        for row in records.filter(person_id__in=everyone).values(*DISCIPLINE_FIELDS):
            self.discipline[("person", row["person_id"])].append(row)
        for row in records.filter(unit_id__in=units).values(*DISCIPLINE_FIELDS):
            self.discipline[("lc" if row["on_leadership_collective"] else "unit", row["unit_id"])].append(row)
        found = Conclusion.objects.filter(concluded_on__gte=start, concluded_on__lte=end)
        self.conclusions: dict[tuple[str, int], dict[str, bool]] = defaultdict(dict)
        for person, kind, self_detected in found.filter(person_id__in=everyone).values_list(
            "person_id", "kind", "self_detected"
        ):
            self._conclude(("person", person), kind, self_detected)
        for unit, kind, self_detected in found.filter(unit_id__in=collectives).values_list(
            "unit_id", "kind", "self_detected"
        ):
            self._conclude(("unit", unit), kind, self_detected)
        self.lc_members: dict[int, list[int]] = defaultdict(list)
        for post in posts:
            if post["collective__unit_id"]:
                self.lc_members[post["collective__unit_id"]].append(post["person_id"])

    def _conclude(self, key: tuple[str, int], kind: str, self_detected: bool) -> None:
        flags = self.conclusions[key]
        flags[kind] = True
        if kind == "corruption_in_subordinate" and self_detected:
            flags["corruption_self_detected"] = True


def _posts(people: set[int], on: date) -> list[dict[str, Any]]:
    return [
        dict(row)
        for row in Post.objects.filter(in_force(on), person_id__in=people)
        .values("person_id", "unit_id", "role", "collective__unit_id")
        .order_by("id")
    ]


def _collective_members(collectives: set[int], on: date) -> set[int]:
    ids = LeadershipCollective.objects.filter(unit_id__in=collectives).values("id")
    return set(Post.objects.filter(in_force(on), collective_id__in=ids).values_list("person_id", flat=True))


def _children(units: set[int], on: date) -> dict[int, list[int]]:
    children: dict[int, list[int]] = defaultdict(list)
    for child, parent in UnitLink.objects.filter(in_force(on), parent_id__in=units).values_list("unit_id", "parent_id"):
        children[parent].append(child)
    return children


def _units(units: set[int], on: date) -> list[dict[str, Any]]:
    rows = UnitLink.objects.filter(in_force(on), unit_id__in=units).values(
        "unit_id", "parent_id", "unit__kind", "unit__name"
    )
    found = {row["unit_id"]: row for row in rows}
    return [
        {
            "id": unit_id(pk),
            "parent": unit_id(found[pk]["parent_id"]) if found[pk]["parent_id"] in found else None,
            "kind": found[pk]["unit__kind"],
            "name": found[pk]["unit__name"],
        }
        for pk in sorted(found)
    ]


def _entry(row: dict[str, Any]) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "form": row["form"],
        "system": row["system"],
        "effective": row["effective_on"].isoformat(),
        "violation": row["violation"],
        "self_detected_remedied": row["self_detected_remedied"],
        "public_service": row["public_service"],
    }
    if row["counted_in_year"] is not None:
        entry["counted_in_year"] = row["counted_in_year"]
    return entry


def _score(value: Fraction) -> int | float:
    """The exact score as a JSON number: an integer as is, else the nearest double (the bands are whole
    numbers and the scores' denominators small, so it stays on the same side of every band as the fraction)."""
    return value.numerator if value.denominator == 1 else float(value)


def _months(value: Decimal) -> float:
    return float(value)


def _subject(
    review: dict[str, Any], ctx: _Context, head_of: dict[int, int], led: dict[int, set[int]]
) -> dict[str, Any]:
    subject: dict[str, Any] = {
        "id": subject_id(review["id"]),
        "type": review["subject_type"],
        "category": review["category"],
        "unit": unit_id(review["unit_id"]),
        "quota_group": review["quota_group__code"],
        "quota_priority": review["quota_priority"],
    }
    if review["id"] in ctx.scores:
        subject["score"] = _score(ctx.scores[review["id"]])
    answers = review["answers"] or {}
    subject.update({key: answers[key] for key in ENGINE_ANSWERS if key in answers})
    person = review["person_id"]
    if person is not None:
        _individual(subject, person, ctx, head_of, led)
    else:
        _collective(subject, review, ctx)
    return subject


def _individual(
    subject: dict[str, Any], person: int, ctx: _Context, head_of: dict[int, int], led: dict[int, set[int]]
) -> None:
    if person in head_of:
        subject["head_of"] = unit_id(head_of[person])
    if led.get(person):
        subject["leads"] = [unit_id(u) for u in sorted(led[person])]
    if person in ctx.membership:
        subject["membership"] = {
            "admitted": ctx.membership[person].isoformat(),
            "exempt_from_activities": "exempt" in ctx.status[person],
            "suspended": "suspended" in ctx.status[person],
        }
    absence = ctx.absence.get(person)
    if absence:
        subject["absence"] = {
            "sick_months": _months(absence["sick_months"]),
            "other_months": _months(absence["other_months"]),
            "maternity": absence["maternity"],
            "months_worked": _months(absence["months_worked"]),
        }
    if person in ctx.civil:
        subject["civil_service_level"] = ctx.civil[person]
    entries = ctx.discipline.get(("person", person), [])
    if entries:
        subject["discipline"] = [_entry(row) for row in entries]
    if ctx.conclusions.get(("person", person)):
        subject["conclusions"] = dict(ctx.conclusions[("person", person)])


def _collective(subject: dict[str, Any], review: dict[str, Any], ctx: _Context) -> None:
    unit = review["unit_id"]
    own = "lc" if review["category"] == "leadership_collective" else "unit"
    if ctx.discipline.get((own, unit)):
        subject["discipline"] = [_entry(row) for row in ctx.discipline[(own, unit)]]
    if ctx.conclusions.get(("unit", unit)):
        subject["conclusions"] = dict(ctx.conclusions[("unit", unit)])
    if review["category"] == "leadership_collective":
        members = ctx.lc_members.get(unit, [])
        entries = [row for person in members for row in ctx.discipline.get(("person", person), [])]
        if entries:
            subject["member_discipline"] = [_entry(row) for row in entries]
        if any(ctx.conclusions.get(("person", p), {}).get("degradation") for p in members):
            subject["member_degradation"] = True
        return
    children = ctx.children.get(unit, [])
    if children:
        disciplined = [c for c in children if _disciplined_in_period(ctx, c)]
        self_detected = [c for c in disciplined if all(r["self_detected_remedied"] for r in _in_period(ctx, c))]
        subject["subordinates"] = {
            "total": len(children),
            "disciplined": len(disciplined),
            "disciplined_self_detected": len(self_detected),
        }


def _in_period(ctx: _Context, unit: int) -> list[dict[str, Any]]:
    return [
        r
        for r in ctx.discipline.get(("unit", unit), []) + ctx.discipline.get(("lc", unit), [])
        if ctx.start <= r["effective_on"] <= ctx.end
    ]


def _disciplined_in_period(ctx: _Context, unit: int) -> bool:
    return bool(_in_period(ctx, unit))
