"""The pipeline's work as django-tasks tasks, for a task backend with its own workers (`manage.py db_worker` of a
database backend). Without one, `manage.py pipeline_worker` finds the same jobs in the JobRun table: the job and
its shards are the durable record either way, so a task lost with its worker loses nothing."""

from __future__ import annotations

from django.db import transaction
from django_tasks import task

from danhgia.apps.pipeline.models import JobRun


@task()
def pipeline_job_work(job_id: int) -> int:
    """Work on a pipeline job until no shard is left; several of these share one job."""
    from danhgia.apps.pipeline.jobs import job_work

    return job_work(JobRun.objects.get(pk=job_id))


def job_enqueue(job: JobRun, *, workers: int = 1) -> None:
    """Hand the job to the task backend once the transaction that created it commits."""
    transaction.on_commit(lambda: [pipeline_job_work.enqueue(job.pk) for _ in range(workers)])
