"""Large statistics exports as django-tasks tasks, run by `manage.py db_worker` (the database backend).

A queued export is one `export_run` task, and a watchdog, `export_watch`, deferred by the export's lease: while the
export is unfinished it looks again every lease; once the lease of a running export ran out (its worker was
killed) the export is queued again with a new task, or failed with a message after EXPORT_MAX_ATTEMPTS
(`services.export_jobs_recover`).
"""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from danhgia.apps.reports.models import ExportJob, JobState
from danhgia.apps.reports.services import EXPORT_LEASE_SECONDS, export_job_run, export_jobs_recover


@task()
def export_run(export_id: int) -> str:
    """Run one queued export; returns its state."""
    return export_job_run(job=ExportJob.objects.get(pk=export_id)).state


@task()
def export_watch(export_id: int) -> str:
    """Recover the export if its worker stopped; look again after a lease while it is unfinished."""
    export_jobs_recover()
    state = ExportJob.objects.filter(pk=export_id).values_list("state", flat=True).first()
    if state == JobState.QUEUED:
        export_run.enqueue(export_id)
    if state in (JobState.QUEUED, JobState.RUNNING):
        _watch_later(export_id)
    return state or ""


def export_enqueue(job: ExportJob) -> None:
    """Hand the export to a worker once the transaction that created it commits."""

    def enqueue() -> None:
        export_run.enqueue(job.pk)
        _watch_later(job.pk)

    transaction.on_commit(enqueue)


def _watch_later(export_id: int) -> None:
    at = timezone.now() + timedelta(seconds=EXPORT_LEASE_SECONDS)
    export_watch.using(run_after=at).enqueue(export_id)
