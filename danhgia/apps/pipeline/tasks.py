"""The pipeline's work as django-tasks tasks, run by `manage.py db_worker` (the database backend,
django-tasks-db): any number of workers on any number of hosts that reach the database.

Starting a job enqueues one `pipeline_job_work` task per worker wanted (PIPELINE_WORKERS) and a watchdog,
`pipeline_job_watch`, deferred by one lease. The tasks share the job's provinces through the shards' leases
(`jobs.job_work`). A worker killed mid-province stops renewing its lease; the watchdog, which looks again every
lease while the job is unfinished, then hands the province to a new task, so another worker does it again from
the start (its first attempt left nothing: a province commits in one transaction). The job and its shards are
the durable record: a task lost with its worker loses nothing.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from danhgia.apps.pipeline.jobs import job_settle, job_work, lease_seconds, shards_orphaned
from danhgia.apps.pipeline.models import JobRun, JobState


@task()
def pipeline_job_work(job_id: int) -> int:
    """Work on a pipeline job until no shard is left to claim; several of these share one job."""
    return job_work(JobRun.objects.get(pk=job_id))


@task()
def pipeline_job_watch(job_id: int) -> str:
    """While the job is unfinished: hand the provinces whose worker stopped to a new task, and look again after a
    lease. Returns the job's state."""
    job = job_settle(JobRun.objects.get(pk=job_id))
    if job.state in (JobState.DONE, JobState.FAILED):
        return job.state
    if shards_orphaned(job):
        pipeline_job_work.enqueue(job_id)
    _watch_later(job_id)
    return job.state


def job_enqueue(job: JobRun, *, workers: int | None = None) -> None:
    """Hand the job to the workers once the transaction that created it commits."""
    count = workers or int(getattr(settings, "PIPELINE_WORKERS", 2))

    def enqueue() -> None:
        for _ in range(count):
            pipeline_job_work.enqueue(job.pk)
        _watch_later(job.pk)

    transaction.on_commit(enqueue)


def _watch_later(job_id: int) -> None:
    at = timezone.now() + timedelta(seconds=lease_seconds())
    pipeline_job_watch.using(run_after=at).enqueue(job_id)
