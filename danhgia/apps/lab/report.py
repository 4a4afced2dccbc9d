"""The report on implementation results: over a span of years, across rule-set versions, how the rules worked.

Per year (the year review cycles of that year within the reader's scope): the share of each level by subject
category and by province (the top of the tree each subject sits in), the L1 share against the quota and how
many the quota demoted, the disqualifiers and caps that decided most often, the project defaults that decided
(rules no source confirms), and the complaints with their outcomes. A subject's level is the decided one, else
the proposed one, else the engine's.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db.models import QuerySet

from danhgia.apps.cycles.models import ReviewCycle, RulesetVersion
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.orgs.models import PATH_SEGMENT, Unit, UnitLink
from danhgia.apps.orgs.selectors import in_force
from danhgia.apps.reviews.facts import cycle_dates
from danhgia.apps.reviews.models import Complaint, Review

TOP = 8  # rules listed per year


@dataclass
class Year:
    year: int
    cycles: list[str] = field(default_factory=list)
    rulesets: set[str] = field(default_factory=set)
    by_category: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    by_province: dict[str, Counter[str]] = field(default_factory=lambda: defaultdict(Counter))
    levels: Counter[str] = field(default_factory=Counter)
    quota_ratio: Fraction | None = None
    demoted: int = 0
    deciding: Counter[str] = field(default_factory=Counter)  # disqualifier and cap rules
    defaults: Counter[str] = field(default_factory=Counter)  # project defaults (unconfirmed rules)
    complaints: Counter[str] = field(default_factory=Counter)

    @property
    def level1_of_level2(self) -> Fraction | None:
        return Fraction(self.levels["L1"], self.levels["L2"]) if self.levels["L2"] else None

    def top_deciding(self) -> list[tuple[str, int]]:
        return self.deciding.most_common(TOP)

    def top_defaults(self) -> list[tuple[str, int]]:
        return self.defaults.most_common(TOP)


def _result(row: Mapping[str, Any]) -> str:
    for status, level in (
        (row["decided_status"], row["decided_level"]),
        (row["verified_status"], row["verified_level"]),
        (row["engine_status"], row["engine_level"]),
    ):
        if status:
            return str(level) if status == "classified" else str(status)
    return ""


def _provinces(cycle: ReviewCycle, units: set[int]) -> dict[int, str]:
    """Unit → the name of the top of the tree it sits in (as the tree stood at the period's end)."""
    end = cycle_dates(cycle)[1]
    paths = dict(UnitLink.objects.filter(in_force(end), unit_id__in=units).values_list("unit_id", "path"))
    tops = {pk: int(path[:PATH_SEGMENT]) for pk, path in paths.items()}
    names = dict(Unit.objects.filter(pk__in=set(tops.values())).values_list("pk", "name"))
    return {pk: names.get(top, "") for pk, top in tops.items()}


def report_cycles(cycles: QuerySet[ReviewCycle], first: int, last: int) -> QuerySet[ReviewCycle]:
    return cycles.filter(kind="year", year__gte=first, year__lte=last).exclude(ruleset_sha256="").order_by("year", "pk")


def implementation_report(cycles: QuerySet[ReviewCycle]) -> list[Year]:
    years: dict[int, Year] = {}
    for cycle in cycles:
        try:
            rules = cycle_rules(cycle)
        except RulesetVersion.DoesNotExist:
            continue
        year = years.setdefault(cycle.year, Year(cycle.year))
        year.cycles.append(cycle.name)
        year.rulesets.add(rules.id)
        year.quota_ratio = rules.quota_ratio
        stage = {rule.code: rule.stage for stages in rules.stages.values() for rule in stages}
        unconfirmed = {rule.code for stages in rules.stages.values() for rule in stages if not rule.confirmed}
        quota_codes = {rule.code for rule in rules.rules("quota")}
        rows = list(
            Review.objects.filter(cycle=cycle).values(
                "unit_id",
                "category",
                "decided_status",
                "decided_level",
                "verified_status",
                "verified_level",
                "engine_status",
                "engine_level",
                "engine_reasons",
            )
        )
        provinces = _provinces(cycle, {r["unit_id"] for r in rows})
        for row in rows:
            result = _result(row)
            year.by_category[str(row["category"])][result] += 1
            year.by_province[provinces.get(row["unit_id"], "")][result] += 1
            year.levels[result] += 1
            codes = {str(r.get("code")) for r in row["engine_reasons"] or [] if isinstance(r, dict)}
            year.demoted += bool(codes & quota_codes)
            for code in codes:
                if stage.get(code) in ("disqualifier", "cap"):
                    year.deciding[code] += 1
                if code in unconfirmed:
                    year.defaults[code] += 1
        for state in Complaint.objects.filter(review__cycle=cycle).values_list("state", flat=True):
            year.complaints[state] += 1
    return [years[y] for y in sorted(years)]
