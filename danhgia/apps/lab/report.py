"""The report on implementation results: over a span of years, across rule-set versions, how the rules worked.

Per year (the year review cycles of that year within the reader's scope): the share of each level by subject
category and by province (the top of the tree each subject sits in), the L1 share against the quota and how
many the quota demoted, the disqualifiers and caps that decided most often, the project defaults that decided
(rules no source confirms), and the complaints with their outcomes. A subject's level is the decided one, else
the proposed one, else the engine's.

Every figure is counted in the database (GROUP BY; the engine's reasons expanded from their JSON list there),
so a cycle of millions of reviews is read as a few hundred aggregate rows. The statistics' summary tables
(reports app) are not used: they count the decision or else the engine's proposal (never the advisory body's)
and keep only a result's first reason, while this report counts every reason a subject carries.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from django.db import connection, transaction
from django.db.models import Case, CharField, Count, F, FilteredRelation, Q, QuerySet, Value, When
from django.db.models.functions import Substr

from danhgia.apps.cycles.models import ReviewCycle, RulesetVersion
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.orgs.models import PATH_SEGMENT, Unit
from danhgia.apps.orgs.selectors import in_force
from danhgia.apps.reviews.facts import cycle_dates
from danhgia.apps.reviews.models import Complaint, Review
from danhgia.engine import CompiledRuleset

TOP = 8  # rules listed per year
WORK_MEM = "64MB"  # PostgreSQL, for the report's GROUP BYs


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
        return _most_common(self.deciding)

    def top_defaults(self) -> list[tuple[str, int]]:
        return _most_common(self.defaults)


def _most_common(counts: Counter[str]) -> list[tuple[str, int]]:
    """The TOP most frequent, ties in code order."""
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP]


def _result() -> Case:
    """A subject's result, in SQL: the decided one, else the proposed one, else the engine's — the level when
    classified, else the status ("" when there is none)."""
    whens = [
        When(
            ~Q(**{f"{basis}_status": ""}),
            then=Case(
                When(**{f"{basis}_status": "classified"}, then=F(f"{basis}_level")),
                default=F(f"{basis}_status"),
            ),
        )
        for basis in ("decided", "verified", "engine")
    ]
    return Case(*whens, default=Value(""), output_field=CharField())


def _results(cycle: ReviewCycle) -> QuerySet[Review, dict[str, Any]]:
    """(category, top, result, n): the cycle's reviews counted in the database by subject category, the top
    of the tree their unit sat in at the period's end (its id; None outside the tree) and result."""
    end = cycle_dates(cycle)[1]
    return (
        Review.objects.filter(cycle=cycle)
        .annotate(link=FilteredRelation("unit__links", condition=in_force(end, "unit__links__")))
        .values("category", top=Substr("link__path", 1, PATH_SEGMENT), result=_result())
        .annotate(n=Count("pk"))
        .order_by()
    )


def _reason_sql(codes: int, per_code: bool) -> str:
    """Reviews of a cycle (%s) carrying one of `codes` reason codes (%s each) among their engine reasons:
    how many per code (a review counted once per code), or in all. The reasons are a JSON list, expanded in
    the database (json_each on SQLite, jsonb_array_elements on PostgreSQL)."""
    review = connection.ops.quote_name(Review._meta.db_table)
    column = "r." + connection.ops.quote_name("engine_reasons")
    if connection.vendor == "postgresql":
        listed = f"CASE WHEN jsonb_typeof({column}) = 'array' THEN {column} ELSE '[]'::jsonb END"
        source = f"{review} r CROSS JOIN LATERAL jsonb_array_elements({listed}) AS j(value)"
        code = "(j.value ->> 'code')"
    else:
        listed = f"CASE WHEN json_type({column}) = 'array' THEN {column} ELSE '[]' END"
        source = f"{review} r, json_each({listed}) j"
        code = "(CASE WHEN j.type = 'object' THEN json_extract(j.value, '$.code') END)"
    key = "r." + connection.ops.quote_name("id")
    where = f"r.{connection.ops.quote_name('cycle_id')} = %s AND {code} IN ({', '.join(['%s'] * codes)})"
    if per_code:
        return f"SELECT {code}, COUNT(DISTINCT {key}) FROM {source} WHERE {where} GROUP BY {code}"
    return f"SELECT COUNT(DISTINCT {key}) FROM {source} WHERE {where}"


def _reason_counts(cycle: ReviewCycle, codes: set[str]) -> Counter[str]:
    """How many reviews of the cycle carry each of `codes` (in code order; none for a code no one carries)."""
    if not codes:
        return Counter()
    with connection.cursor() as cursor:
        cursor.execute(_reason_sql(len(codes), per_code=True), [cycle.pk, *sorted(codes)])
        found = dict(cursor.fetchall())
    return Counter({code: int(found[code]) for code in sorted(found)})


def _reviews_with_any(cycle: ReviewCycle, codes: set[str]) -> int:
    if not codes:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(_reason_sql(len(codes), per_code=False), [cycle.pk, *sorted(codes)])
        return int(cursor.fetchone()[0])


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
        with transaction.atomic():
            _tune_session()
            _count_cycle(year, cycle, rules)
    return [years[y] for y in sorted(years)]


def _tune_session() -> None:
    """PostgreSQL, for this transaction: the GROUP BYs sorted in memory, and no JIT compilation (it took
    longer than the queries it compiled: the expanded reasons are estimated at millions of rows)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            cursor.execute("SET LOCAL jit = off")


def _count_cycle(year: Year, cycle: ReviewCycle, rules: CompiledRuleset) -> None:
    """Add the cycle's figures to its year's: three aggregate queries and one for the names of the tops."""
    every = [rule for stages in rules.stages.values() for rule in stages]
    deciding = {rule.code for rule in every if rule.stage in ("disqualifier", "cap")}
    unconfirmed = {rule.code for rule in every if not rule.confirmed}
    quota = {rule.code for rule in rules.rules("quota")}
    groups = list(_results(cycle))
    tops = {int(g["top"]) for g in groups if g["top"]}
    names = dict(Unit.objects.filter(pk__in=tops).values_list("pk", "name"))
    for group in groups:
        result, n = str(group["result"]), int(group["n"])
        year.by_category[str(group["category"])][result] += n
        year.by_province[names.get(int(group["top"]), "") if group["top"] else ""][result] += n
        year.levels[result] += n
    counted = _reason_counts(cycle, deciding | unconfirmed | quota)
    year.deciding.update({code: n for code, n in counted.items() if code in deciding})
    year.defaults.update({code: n for code, n in counted.items() if code in unconfirmed})
    # one quota rule (every shipped rule set): its count is the number demoted; several: reviews with any
    year.demoted += sum(counted[code] for code in quota) if len(quota) == 1 else _reviews_with_any(cycle, quota)
    complaints = Complaint.objects.filter(review__cycle=cycle).values_list("state").annotate(n=Count("pk"))
    for state, n in complaints.order_by("state"):
        year.complaints[state] += n
