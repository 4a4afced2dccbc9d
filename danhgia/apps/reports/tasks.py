"""The statistics' background work as django-tasks tasks, run by `manage.py db_worker` (the database backend).

What a write queued (`services.statistics_changed`) is refreshed by `statistics_refresh`, enqueued when the
write commits; several writes' tasks drain one queue, the first takes everything queued for the cycle.

A queued export is one `export_run` task, and a watchdog, `export_watch`, deferred by the export's lease: while the
export is unfinished it looks again every lease; once the lease of a running export ran out (its worker was
killed) the export is queued again with a new task, or failed with a message after EXPORT_MAX_ATTEMPTS
(`services.export_jobs_recover`).
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from danhgia.apps.reports.models import ExportJob, JobState
from danhgia.apps.reports.services import (
    EXPORT_LEASE_SECONDS,
    Actor,
    export_job_run,
    export_jobs_recover,
    statistics_drain,
)


@task()
def statistics_refresh(cycle_id: int, actor_id: int | None = None) -> int:
    """Refresh what is queued for the cycle; returns how many queued entries it cleared."""
    actor = User.objects.filter(pk=actor_id).first() if actor_id is not None else None
    return statistics_drain(cycle_id=cycle_id, actor=actor)


def statistics_enqueue(cycle_id: int, actor: Actor) -> None:
    """Hand the cycle's queued statistics to a worker once the writer's transaction commits."""
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    transaction.on_commit(lambda: statistics_refresh.enqueue(cycle_id, actor_id))


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
