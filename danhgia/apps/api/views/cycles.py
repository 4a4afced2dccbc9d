"""Review cycles (`read:cycles`), their published results (`read:results`) and statistics
(`read:statistics`), and the national database export (`read:export`)."""

from __future__ import annotations

from datetime import UTC
from itertools import islice
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import pgettext
from ninja import Query, Router

from danhgia.apps.api.errors import ApiProblem, FieldError, not_found
from danhgia.apps.api.models import Operation, SyncChannel
from danhgia.apps.api.national import FORMAT, ordered_mapping
from danhgia.apps.api.pagination import cursor_decode, page_of
from danhgia.apps.api.schemas.common import READ_ERRORS
from danhgia.apps.api.schemas.reads import (
    CycleFilters,
    CycleOut,
    CyclePage,
    ExportFilters,
    ExportOut,
    OverduePage,
    ResultFilters,
    ResultPage,
    StatisticsFilters,
    StatisticsOut,
)
from danhgia.apps.api.scope import TokenScope
from danhgia.apps.api.selectors.cycles import (
    VisibleCycle,
    export_records,
    is_yearly,
    published_results,
    published_statistics,
    reasons_of,
    visible_cycle,
    visible_cycles,
)
from danhgia.apps.api.selectors.national import overdue_results
from danhgia.apps.api.selectors.people import unit_path_on
from danhgia.apps.api.services.national import national_sync_record
from danhgia.apps.api.views.auth import READ_CYCLES, READ_EXPORT, READ_RESULTS, READ_STATISTICS, scope_of
from danhgia.apps.orgs.models import Unit
from danhgia.apps.reviews.facts import cycle_dates
from danhgia.apps.reviews.models import ReviewState

router = Router()


def _cycle(visible: VisibleCycle) -> dict[str, Any]:
    cycle = visible.cycle
    start, end = cycle_dates(cycle)
    return {
        "id": cycle.pk,
        "name": cycle.name,
        "kind": cycle.kind,
        "year": cycle.year,
        "quarter": cycle.quarter,
        "term_start": cycle.term_start,
        "state": cycle.state,
        "ruleset": cycle.ruleset,
        "root": visible.root_code,
        "period_start": start,
        "period_end": end,
        "complaints_until": cycle.complaints_until,
    }


def _visible(scope: TokenScope, cycle_id: int) -> VisibleCycle:
    visible = visible_cycle(scope=scope, cycle_id=cycle_id)
    if visible is None:
        raise not_found()
    return visible


def _yearly(scope: TokenScope, cycle_id: int) -> VisibleCycle:
    visible = _visible(scope, cycle_id)
    if not is_yearly(visible.cycle):
        message = pgettext("api", "The export covers yearly cycles only.")
        raise ApiProblem(422, "not_yearly", message, [FieldError(("path", "cycle_id"), "not_yearly", message)])
    return visible


@router.get(
    "/cycles",
    response={200: CyclePage, **READ_ERRORS},
    auth=READ_CYCLES,
    operation_id="listCycles",
    tags=["cycles"],
    summary="Review cycles whose scope meets the token's subtree",
)
def list_cycles(request: HttpRequest, filters: Query[CycleFilters]) -> dict[str, Any]:
    """Scope `read:cycles`. Cycles past their draft, by id; `root` is null when the cycle's root unit lies
    above the token's subtree."""
    after = cursor_decode(filters.cursor, kind="cycles")
    found = visible_cycles(
        scope=scope_of(request, CycleFilters), year=filters.year, kind=filters.kind, state=filters.state
    )
    rows = [v for v in found if after is None or v.cycle.pk > after][: filters.limit + 1]
    page = page_of(rows, limit=filters.limit, key=lambda v: v.cycle.pk, kind="cycles")
    return {"items": [_cycle(v) for v in page.items], "next_cursor": page.next_cursor}


@router.get(
    "/cycles/{int:cycle_id}",
    response={200: CycleOut, **READ_ERRORS},
    auth=READ_CYCLES,
    operation_id="getCycle",
    tags=["cycles"],
    summary="One review cycle",
)
def get_cycle(request: HttpRequest, cycle_id: int) -> dict[str, Any]:
    """Scope `read:cycles`."""
    return _cycle(_visible(scope_of(request), cycle_id))


@router.get(
    "/cycles/{int:cycle_id}/results",
    response={200: ResultPage, **READ_ERRORS},
    auth=READ_RESULTS,
    operation_id="listResults",
    tags=["cycles"],
    summary="Published results of a cycle in the token's subtree, with their reasons",
    exclude_unset=True,
)
def list_results(request: HttpRequest, cycle_id: int, filters: Query[ResultFilters]) -> dict[str, Any]:
    """Scope `read:results`. Only results the competent level published (under complaint included); the
    reasons are the engine's, as the subject reads them. Never a proposal or a verification note.
    `national_id` only with `read:people:pid` as well."""
    scope = scope_of(request, ResultFilters)
    visible = _visible(scope, cycle_id)
    within = None
    if filters.unit is not None:
        within = unit_path_on(scope=scope, code=filters.unit, on=visible.on)
        if within is None:
            raise not_found()
    after = cursor_decode(filters.cursor, kind=f"results.{cycle_id}")
    rows = published_results(
        scope=scope,
        visible=visible,
        after=after,
        limit=filters.limit + 1,
        within=within,
        subject_type=filters.subject_type,
    )
    page = page_of(rows, limit=filters.limit, key=lambda review: review.pk, kind=f"results.{cycle_id}")
    identifiers = scope.allows(Operation.READ_PEOPLE_PID)
    items = []
    for review in page.items:
        item: dict[str, Any] = {
            "id": review.pk,
            "subject_type": review.subject_type,
            "category": review.category,
            "person": review.person_id,
            "unit": review.unit.code,
            "status": review.decided_status,
            "level": review.decided_level or None,
            "published_at": review.published_at,
            "under_complaint": review.state == ReviewState.COMPLAINED,
            "reasons": reasons_of(review),
        }
        if identifiers:
            item["national_id"] = review.person.national_id if review.person is not None else None
        items.append(item)
    return {"items": items, "next_cursor": page.next_cursor}


@router.get(
    "/cycles/{int:cycle_id}/statistics",
    response={200: StatisticsOut, **READ_ERRORS},
    auth=READ_STATISTICS,
    operation_id="getStatistics",
    tags=["cycles"],
    summary="Statistics of published results for a unit's subtree and its children",
)
def get_statistics(request: HttpRequest, cycle_id: int, filters: Query[StatisticsFilters]) -> dict[str, Any]:
    """Scope `read:statistics`. The unit must lie in the token's subtree and in the cycle's scope."""
    scope = scope_of(request, StatisticsFilters)
    visible = _visible(scope, cycle_id)
    code = filters.unit or visible.root_code or scope.token.root.code
    path = unit_path_on(scope=scope, code=code, on=visible.on)
    cycle_root = unit_path_on(scope=scope, code=visible.root_code, on=visible.on) if visible.root_code else None
    inside_cycle = path is not None and (cycle_root is None or path.startswith(cycle_root))
    unit = Unit.objects.filter(code=code).first() if inside_cycle else None
    if unit is None:
        raise not_found()
    return published_statistics(cycle=visible.cycle, unit=unit, on=visible.on)


@router.get(
    "/cycles/{int:cycle_id}/export",
    response={200: ExportOut, **READ_ERRORS},
    auth=READ_EXPORT,
    operation_id="exportNational",
    tags=["export"],
    summary="Published yearly results keyed on the national ID number, for the national database",
)
def export_national(request: HttpRequest, cycle_id: int, filters: Query[ExportFilters]) -> dict[str, Any]:
    """Scope `read:export`. Individuals' published results of a yearly cycle in the token's subtree, each
    mapped by the system's field mapping (docs/api.md §5: the official format is not public). A page that
    carries records is logged in the sync log, each result with the version sent."""
    scope = scope_of(request, ExportFilters)
    visible = _yearly(scope, cycle_id)
    kind = f"export.{cycle_id}"
    mapping = ordered_mapping(scope.token.system.export_mapping)
    records, missing = export_records(
        scope=scope,
        visible=visible,
        mapping=mapping,
        after=cursor_decode(filters.cursor, kind=kind),
        limit=filters.limit + 1,
    )
    page = page_of(records, limit=filters.limit, key=lambda row: row.review_id, kind=kind)
    cycle = visible.cycle
    if page.items:
        national_sync_record(
            system=scope.token.system,
            cycle=cycle,
            channel=SyncChannel.API,
            mapping=mapping,
            rows=page.items,
            now=timezone.now(),
        )
    return {
        "format": FORMAT,
        "cycle": {"id": cycle.pk, "name": cycle.name, "year": cycle.year, "ruleset": cycle.ruleset},
        "mapping": mapping,
        "items": [row.record for row in page.items],
        "next_cursor": page.next_cursor,
        "without_national_id": missing,
    }


@router.get(
    "/cycles/{int:cycle_id}/export/overdue",
    response={200: OverduePage, **READ_ERRORS},
    auth=READ_EXPORT,
    operation_id="listOverdueExports",
    tags=["export"],
    summary="Results changed and not sent to the national database within 3 working days",
)
def list_overdue_exports(request: HttpRequest, cycle_id: int, filters: Query[ExportFilters]) -> dict[str, Any]:
    """Scope `read:export`. Published results of individuals with a national ID in the token's subtree whose
    current version (publication, or latest re-classification after a complaint) no export has sent, though
    3 working days (Monday to Friday, public holidays not counted out) have passed since the change; by id.
    Sent means taken by any system or written to a file (docs/api.md §5)."""
    scope = scope_of(request, ExportFilters)
    visible = _yearly(scope, cycle_id)
    kind = f"overdue.{cycle_id}"
    found = overdue_results(
        now=timezone.now(),
        cycle=visible.cycle,
        unit_ids=scope.links(visible.on).values("unit_id"),
        after=cursor_decode(filters.cursor, kind=kind),
    )
    rows = list(islice(found, filters.limit + 1))
    page = page_of(rows, limit=filters.limit, key=lambda row: row.review_id, kind=kind)
    return {
        "items": [
            {
                "review": row.review_id,
                "national_id": row.national_id,
                "unit": row.unit_code,
                "changed_at": row.changed_at,
                "due_at": row.due_at.astimezone(UTC),
                "last_sent_version": row.last_sent_at,
            }
            for row in page.items
        ],
        "next_cursor": page.next_cursor,
    }
