"""Writes of the reports app: refreshing a cycle's summary tables, and export jobs.

`summaries_refresh` is what the workflow calls after a batch (verification, decision, publication,
re-classification): the whole cycle, or only the subtree of `unit` (then its ancestors are recomputed from
their children's rows, a few hundred rows each).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from io import BytesIO
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import pgettext

from danhgia.apps.audit.batches import digest
from danhgia.apps.audit.services import audit_record, cycle_chain
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.orgs.models import PATH_SEGMENT, Unit
from danhgia.apps.orgs.selectors import unit_link_on
from danhgia.apps.reports import rollup
from danhgia.apps.reports.exports.data import statistics_document
from danhgia.apps.reports.exports.pdf import statistics_pdf
from danhgia.apps.reports.exports.xlsx import statistics_workbook
from danhgia.apps.reports.models import ExportFormat, ExportJob, JobState, SubtreeSummary, SummaryQueue, SummaryRun
from danhgia.apps.reports.selectors import Statistics, statistics, statistics_access, subtree_links
from danhgia.apps.reviews.facts import cycle_dates

Actor = AbstractBaseUser | AnonymousUser | None
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@transaction.atomic
def summaries_refresh(
    *, cycle: ReviewCycle, actor: Actor = None, unit: Unit | None = None, now: datetime | None = None
) -> SummaryRun:
    """Recompute the statistics of `cycle` (or of the subtree of `unit` and its ancestors) from its reviews.

    Runs entirely in the database (rollup.py); one audit entry in the cycle's chain records it. Concurrent
    refreshes of one cycle wait for each other (the cycle's SummaryRun row is locked).
    """
    started = time.perf_counter()
    now = now or timezone.now()
    on = cycle_dates(cycle)[1]
    root = unit_link_on(unit=cycle.root, on=on)
    if root is None:
        raise ValidationError(pgettext("reports", "The cycle's scope is not in the tree at the end of the period."))
    run, _created = SummaryRun.objects.get_or_create(cycle=cycle, defaults={"refreshed_at": now})
    run = SummaryRun.objects.select_for_update().get(pk=run.pk)
    top, ancestors = root, []
    if unit is not None and unit.pk != cycle.root_id:
        link = unit_link_on(unit=unit, on=on)
        if link is None or not link.path.startswith(root.path):
            raise ValidationError({"unit": pgettext("reports", "The unit is not in the cycle's scope.")})
        top = link
        # the ancestors between the unit and the cycle's root, nearest first, with their depths
        ancestors = [
            (int(link.path[i : i + PATH_SEGMENT]), i // PATH_SEGMENT)
            for i in range(len(link.path) - 2 * PATH_SEGMENT, len(root.path) - PATH_SEGMENT - 1, -PATH_SEGMENT)
        ]
    scope = rollup.Scope(cycle=cycle, on=on, root_path=root.path, path=None if top is root else top.path)
    rollup.tune_session()
    unit_deleted, tree_deleted = rollup.delete_rows(scope, [pk for pk, _depth in ancestors])
    unit_rows = rollup.insert_unit_rows(scope)
    tree_rows = 0
    deepest = rollup.max_depth(scope)
    if deepest is not None:
        for depth in range(deepest, top.depth - 1, -1):
            tree_rows += rollup.insert_subtree_level(scope, depth, deepest=depth == deepest)
    for pk, depth in ancestors:
        tree_rows += rollup.insert_subtree_unit(scope, pk, depth)
    root_rows = _root_rows(cycle)
    run.refreshed_at = now
    run.reviews = sum(row[-1] for row in root_rows)
    run.unit_rows = (0 if top is root else run.unit_rows - unit_deleted) + unit_rows
    run.subtree_rows = (0 if top is root else run.subtree_rows - tree_deleted) + tree_rows
    run.seconds = time.perf_counter() - started
    run.save()
    audit_record(
        chain=cycle_chain(cycle.pk),
        actor=actor,
        action="summaries_refresh",
        object_type="cycle",
        object_id=cycle.pk,
        at=now,
        after={"unit": top.unit_id, "reviews": run.reviews, "digest": digest(root_rows)},
    )
    return run


def _root_rows(cycle: ReviewCycle) -> list[tuple[Any, ...]]:
    rows = SubtreeSummary.objects.filter(cycle=cycle, unit=cycle.root_id).values_list(*rollup.DIMENSIONS, "count")
    return sorted(rows)


# --- exports ------------------------------------------------------------------------------------------------
SYNC_MAX_UNITS = 2000  # an .xlsx of a subtree larger than this runs as a background job


@dataclass(frozen=True)
class Rendered:
    content: bytes
    filename: str
    content_type: str


def export_filename(stats: Statistics, fmt: str) -> str:
    """Unique per cycle and unit: the period, the cycle ("ky" and its number: two cycles may share a period)
    and the unit's code."""
    code = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_") else "-" for ch in stats.unit.code)
    period = f"{stats.cycle.year}" + (f"-q{stats.cycle.quarter}" if stats.cycle.quarter else "")
    return f"thong-ke-{period}-ky{stats.cycle.pk}-{code}.{fmt}"


def export_render(
    *, stats: Statistics, fmt: str, depth: int | None = None, progress: Callable[[float], None] | None = None
) -> Rendered:
    """The statistics of a node in a format (ExportFormat), as bytes."""
    if fmt == ExportFormat.XLSX:
        out = BytesIO()
        statistics_workbook(stats, out, depth=depth, progress=progress)
        return Rendered(out.getvalue(), export_filename(stats, "xlsx"), XLSX_TYPE)
    if fmt == ExportFormat.PDF:
        return Rendered(statistics_pdf(stats), export_filename(stats, "pdf"), "application/pdf")
    if fmt == ExportFormat.JSON:
        text = json.dumps(statistics_document(stats), ensure_ascii=False, indent=2)
        return Rendered(text.encode("utf-8"), export_filename(stats, "json"), "application/json")
    raise ValidationError({"format": pgettext("reports", "Unknown export format.")})


def export_is_large(*, stats: Statistics, fmt: str, depth: int | None) -> bool:
    """Only a workbook lists a whole subtree; the PDF and JSON stop at the node's children."""
    if fmt != ExportFormat.XLSX:
        return False
    links = subtree_links(cycle=stats.cycle, unit=Unit(pk=stats.unit.pk), depth=depth)
    return links[: SYNC_MAX_UNITS + 1].count() > SYNC_MAX_UNITS


def export_job_create(
    *, actor: User, cycle: ReviewCycle, unit: Unit, fmt: str, depth: int | None, now: datetime | None = None
) -> ExportJob:
    """Record an export for a worker (`reports.tasks.export_enqueue` hands it over); the reader's access is
    checked here and again when the file is downloaded."""
    statistics_access(actor, cycle, unit)
    if fmt not in ExportFormat.values:
        raise ValidationError({"format": pgettext("reports", "Unknown export format.")})
    return ExportJob.objects.create(
        requested_by=actor,
        cycle=cycle,
        unit=unit,
        format=fmt,
        depth=depth,
        language=translation.get_language() or "vi",
        created_at=now or timezone.now(),
    )


EXPORT_LEASE_SECONDS = 300  # a running export renews its lease at each 5 % of progress
EXPORT_MAX_ATTEMPTS = 2


def export_job_run(*, job: ExportJob) -> ExportJob:
    """Run one queued job (claimed atomically, so two workers never run the same one); progress is saved as
    it goes so the page can show it, and renews the job's lease; a failure is recorded on the job, never raised."""
    now = timezone.now()
    claimed = ExportJob.objects.filter(pk=job.pk, state=JobState.QUEUED).update(
        state=JobState.RUNNING,
        started_at=now,
        progress=0,
        lease_until=now + timedelta(seconds=EXPORT_LEASE_SECONDS),
        attempts=F("attempts") + 1,
    )
    job = ExportJob.objects.select_related("cycle", "unit").get(pk=job.pk)
    if not claimed:
        return job
    last = [0]

    def progress(done: float) -> None:
        percent = min(99, int(done * 100))
        if percent >= last[0] + 5:
            last[0] = percent
            ExportJob.objects.filter(pk=job.pk).update(
                progress=percent, lease_until=timezone.now() + timedelta(seconds=EXPORT_LEASE_SECONDS)
            )

    try:
        with translation.override(job.language):
            stats = statistics(cycle=job.cycle, unit=job.unit)
            rendered = export_render(stats=stats, fmt=job.format, depth=job.depth, progress=progress)
        job.file.save(rendered.filename, ContentFile(rendered.content), save=False)
        job.filename, job.state, job.progress = rendered.filename, JobState.DONE, 100
    except Exception as error:
        job.state, job.error = JobState.FAILED, f"{type(error).__name__}: {error}"
    job.finished_at, job.lease_until = timezone.now(), None
    job.save(update_fields=["file", "filename", "state", "progress", "error", "finished_at", "lease_until"])
    return job


def export_jobs_recover(*, now: datetime | None = None) -> int:
    """Running jobs whose lease ran out lost their worker: queue them again, or fail them after
    EXPORT_MAX_ATTEMPTS with a message saying so. Returns how many were recovered."""
    now = now or timezone.now()
    stale = ExportJob.objects.filter(state=JobState.RUNNING, lease_until__lt=now)
    retried = stale.filter(attempts__lt=EXPORT_MAX_ATTEMPTS).update(state=JobState.QUEUED, progress=0)
    failed = stale.filter(attempts__gte=EXPORT_MAX_ATTEMPTS).update(
        state=JobState.FAILED,
        finished_at=now,
        error=pgettext("reports", "The worker running this export stopped %(n)d times; the export was given up.")
        % {"n": EXPORT_MAX_ATTEMPTS},
    )
    return retried + failed


def export_jobs_run_pending(*, limit: int | None = None) -> int:
    """Recover jobs whose worker died, then run the queued jobs, oldest first; returns how many ran."""
    export_jobs_recover()
    ran = 0
    for job in ExportJob.objects.filter(state=JobState.QUEUED).order_by("created_at", "pk")[:limit]:
        if export_job_run(job=job).state in (JobState.DONE, JobState.FAILED):
            ran += 1
    return ran


def statistics_changed(*, cycle: ReviewCycle, actor: Actor, unit: Unit | None, now: datetime) -> None:
    """A write changed the figures of `unit`'s subtree (None: the whole cycle).

    With STATISTICS_DEFERRED (the default) the subtree is queued in the writer's transaction, which takes no lock
    on the cycle's statistics, and once the writer commits a task worker refreshes it (`reports.tasks.
    statistics_refresh` → `statistics_drain`, in its own transaction; the pages say what time the figures are as
    of). Without it they are refreshed at once, in the writer's transaction (the test settings: a test's
    transaction never commits)."""
    if not getattr(settings, "STATISTICS_DEFERRED", True):
        summaries_refresh(cycle=cycle, actor=actor, unit=unit, now=now)
        return
    from danhgia.apps.reports.tasks import statistics_enqueue

    SummaryQueue.objects.create(cycle=cycle, unit=unit, queued_at=now)
    statistics_enqueue(cycle.pk, actor)


def statistics_drain(*, cycle_id: int, actor: Actor = None) -> int:
    """Refresh what is queued for the cycle: the smallest subtree holding every queued one, once; returns how many
    queued entries it cleared (0 when another process is refreshing them: it takes them too)."""
    with transaction.atomic():
        queued = list(
            SummaryQueue.objects.select_for_update(skip_locked=True)
            .filter(cycle_id=cycle_id)
            .values_list("pk", "unit_id")
        )
        if not queued:
            return 0
        cycle = ReviewCycle.objects.select_related("root").get(pk=cycle_id)
        units = {unit for _pk, unit in queued}
        unit = None if None in units else _lowest_common(cycle, units)
        summaries_refresh(cycle=cycle, actor=actor, unit=unit)
        SummaryQueue.objects.filter(pk__in=[pk for pk, _unit in queued]).delete()
        return len(queued)


def _lowest_common(cycle: ReviewCycle, units: set[int]) -> Unit | None:
    on = cycle_dates(cycle)[1]
    paths = [link.path for pk in units if (link := unit_link_on(unit=Unit(pk=pk), on=on)) is not None]
    if not paths:
        return None
    common = paths[0]
    for path in paths[1:]:
        while not path.startswith(common):
            common = common[:-PATH_SEGMENT]
    return Unit(pk=int(common[-PATH_SEGMENT:])) if common else None
