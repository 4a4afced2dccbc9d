"""Review cycles, their published results and statistics, and the national database export, within a token's
subtree as the tree stood at each cycle's period end (what the web pages read too).

Only what a subject may see of their own result leaves through here: the decided status and level, once
published, and the engine's reasons. Never the advisory body's proposal or its justification (verification
notes), never a decision before its publication (`.only()` keeps those columns out of every read).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet, Sum

from danhgia.apps.api.scope import TokenScope
from danhgia.apps.api.selectors.national import ExportRow, export_rows, exportable
from danhgia.apps.cycles.models import CycleState, PeriodKind, ReviewCycle
from danhgia.apps.orgs.models import Unit, UnitLink
from danhgia.apps.orgs.selectors import in_force, path_range
from danhgia.apps.reports.figures import Figures, figures_from
from danhgia.apps.reports.models import Subject, SubtreeSummary, SummaryRun
from danhgia.apps.reviews.facts import cycle_dates
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.terms import PUBLISHED

RESULT_COLUMNS = (
    "id",
    "cycle",
    "subject_type",
    "category",
    "person",
    "unit",
    "state",
    "decided_status",
    "decided_level",
    "decided_at",
    "published_at",
    "engine_reasons",
)
REASON_KEYS = ("code", "source", "detail")


@dataclass(frozen=True)
class VisibleCycle:
    cycle: ReviewCycle
    on: date  # the period's end: the tree the cycle reads
    root_code: str | None  # the cycle's root, when it lies in the token's subtree


def reference_date(cycle: ReviewCycle) -> date:
    return cycle_dates(cycle)[1]


def visible_cycles(
    *, scope: TokenScope, year: int | None = None, kind: str | None = None, state: str | None = None
) -> list[VisibleCycle]:
    """Cycles past their draft whose scope meets the token's subtree on their period end, by id."""
    cycles = ReviewCycle.objects.exclude(state=CycleState.DRAFT).select_related("root").order_by("pk")
    if year is not None:
        cycles = cycles.filter(year=year)
    if kind is not None:
        cycles = cycles.filter(kind=kind)
    if state is not None:
        cycles = cycles.filter(state=state)
    by_date: dict[date, list[ReviewCycle]] = defaultdict(list)
    for cycle in cycles:
        by_date[reference_date(cycle)].append(cycle)
    visible: list[VisibleCycle] = []
    for on, group in by_date.items():
        token_path = scope.root_path(on)
        if token_path is None:
            continue
        links = UnitLink.objects.filter(in_force(on), unit_id__in={c.root_id for c in group})
        paths = dict(links.values_list("unit_id", "path"))
        for cycle in group:
            path = paths.get(cycle.root_id)
            if path is not None and (path.startswith(token_path) or token_path.startswith(path)):
                visible.append(VisibleCycle(cycle, on, cycle.root.code if path.startswith(token_path) else None))
    return sorted(visible, key=lambda v: v.cycle.pk)


def visible_cycle(*, scope: TokenScope, cycle_id: int) -> VisibleCycle | None:
    cycle = ReviewCycle.objects.filter(pk=cycle_id).exclude(state=CycleState.DRAFT).first()
    if cycle is None:
        return None
    return next(
        (v for v in visible_cycles(scope=scope, year=cycle.year, kind=cycle.kind) if v.cycle.pk == cycle_id), None
    )


def _published(scope: TokenScope, visible: VisibleCycle, within: str | None) -> QuerySet[Review]:
    links = scope.links(visible.on)
    if within is not None:
        links = links.filter(path_range(within))
    return Review.objects.filter(cycle=visible.cycle, state__in=PUBLISHED, unit_id__in=links.values("unit_id")).only(
        *RESULT_COLUMNS
    )


def published_results(
    *,
    scope: TokenScope,
    visible: VisibleCycle,
    after: int | None,
    limit: int,
    within: str | None = None,
    subject_type: str | None = None,
) -> list[Review]:
    """Up to `limit` published results of the cycle in the subtree (or `within` a unit's), by id."""
    reviews = _published(scope, visible, within).select_related("unit").order_by("pk")
    if subject_type is not None:
        reviews = reviews.filter(subject_type=subject_type)
    if after is not None:
        reviews = reviews.filter(pk__gt=after)
    return list(reviews[:limit])


def reasons_of(review: Review) -> list[dict[str, str]]:
    """The engine's reasons as the subject sees them on their result page: code, source, detail."""
    return [{key: str(reason.get(key, "")) for key in REASON_KEYS} for reason in review.engine_reasons or []]


# --- statistics ------------------------------------------------------------------------------------------

SUMMARY_DIMENSIONS = ("subject", "kind", "state", "basis", "status", "level", "reason")


def _published_only(row: dict[str, Any]) -> dict[str, Any]:
    """A summary row as the published results see it: a result not yet published is pending."""
    if row["state"] in PUBLISHED:
        return row
    return {**row, "status": "", "level": "", "reason": "", "basis": ""}


def published_statistics(*, cycle: ReviewCycle, unit: Unit, on: date) -> dict[str, Any]:
    """The figures of `unit`'s subtree in the cycle, and of each child's, counting published results only
    (the reports' summary tables, refreshed with every decision and publication). A small unit's figures
    would otherwise reveal decisions before their publication."""
    rows = SubtreeSummary.objects.filter(cycle=cycle, unit=unit).values(*SUMMARY_DIMENSIONS).annotate(n=Sum("count"))
    by_subject: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows.order_by():
        by_subject[row["subject"]].append(_published_only(row))
    subjects = []
    for subject in Subject.values:
        found = by_subject.get(subject)
        if found:
            kinds: dict[str, list[dict[str, Any]]] = defaultdict(list)
            for row in found:
                kinds[row["kind"]].append(row)
            subjects.append(
                {
                    "subject": subject,
                    "figures": figures_from(found).as_dict(),
                    "rows": [{"kind": k, "figures": figures_from(kinds[k]).as_dict()} for k in sorted(kinds) if k],
                }
            )
    children_rows = (
        SubtreeSummary.objects.filter(cycle=cycle, parent=unit.pk)
        .values("unit_id", *SUMMARY_DIMENSIONS)
        .annotate(n=Sum("count"))
        .order_by()
    )
    grouped: dict[int, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for row in children_rows:
        grouped[row["unit_id"]][row["subject"]].append(_published_only(row))
    children = [
        {
            "code": child.code,
            "name": child.name,
            "kind": child.kind,
            "subjects": {s: figures_from(r).as_dict() for s, r in sorted(grouped[child.pk].items())},
        }
        for child in Unit.objects.filter(pk__in=list(grouped)).order_by("code")
    ]
    refreshed = SummaryRun.objects.filter(cycle=cycle).values_list("refreshed_at", flat=True).first()
    overall = Figures()
    for found_rows in by_subject.values():
        overall.merge(figures_from(found_rows))
    return {
        "cycle": cycle.pk,
        "unit": {"code": unit.code, "name": unit.name, "kind": unit.kind},
        "as_of_tree": on,
        "refreshed_at": refreshed,
        "basis": "published",
        "overall": overall.as_dict(),
        "subjects": subjects,
        "children": children,
    }


# --- the national database export (Decree 27/2026) -------------------------------------------------------


def export_records(
    *, scope: TokenScope, visible: VisibleCycle, mapping: dict[str, str], after: int | None, limit: int
) -> tuple[list[ExportRow], int]:
    """Up to `limit` published results of individuals with a national ID in the subtree, by review id after
    `after`, each as its mapped record; and how many published results of the subtree have no national ID."""
    cycle = visible.cycle
    units = scope.links(visible.on).values("unit_id")
    missing = _published(scope, visible, None).filter(subject_type="individual", person__national_id__isnull=True)
    page = exportable(cycle).filter(unit_id__in=units).order_by("pk")
    if after is not None:
        page = page.filter(pk__gt=after)
    return export_rows(cycle, page[:limit], mapping), missing.count()


def is_yearly(cycle: ReviewCycle) -> bool:
    return cycle.kind == PeriodKind.YEAR
