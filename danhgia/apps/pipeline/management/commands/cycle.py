"""`danhgia cycle open|compute|publish --cycle ID --actor USERNAME [--watch]`: a cycle's heavy steps, province by
province, with a progress bar (provinces done, reviews, time left).

The work is a pipeline job: this process works on it, and so do the task workers (`manage.py db_worker`) when the
job is handed to them (`--watch` hands it to them and only shows their progress). Run again after an
interruption, it resumes the same job: the provinces already done stay done, the one that was interrupted is
done again from the start.
"""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.pipeline.jobs import job_progress, job_settle, job_start, job_work_one, worker_name
from danhgia.apps.pipeline.models import JobKind, JobRun, JobState
from danhgia.apps.pipeline.tasks import job_enqueue


class Command(BaseCommand):
    help = "Open, compute or publish a cycle province by province, with a progress bar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("step", choices=[k.value for k in JobKind])
        parser.add_argument("--cycle", type=int, required=True, help="the cycle's id")
        parser.add_argument("--actor", required=True, help="the username the work is recorded under")
        parser.add_argument(
            "--watch", action="store_true", help="hand the job to the task workers and show their progress"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            cycle = ReviewCycle.objects.get(pk=options["cycle"])
            actor = User.objects.get(username=options["actor"])
        except (ReviewCycle.DoesNotExist, User.DoesNotExist) as missing:
            raise CommandError(f"--cycle/--actor: {missing}") from None
        try:
            job, created = job_start(cycle=cycle, kind=options["step"], actor=actor)
        except (ValidationError, PermissionDenied) as refused:
            raise CommandError(" ".join(getattr(refused, "messages", [str(refused)]))) from None
        if not created:
            self.stdout.write(f"resuming job {job.pk} ({job_progress(job).done} provinces already done)")
        if options["watch"]:
            job_enqueue(job)
        self._run(job, watch=options["watch"])
        done = job_progress(job)
        self.stdout.write(
            f"{done.state}: {done.done}/{done.total} provinces, {done.reviews} reviews, {done.elapsed:.1f} s"
        )
        if done.state == JobState.FAILED:
            raise CommandError(done.message)

    def _run(self, job: JobRun, *, watch: bool) -> None:
        worker = worker_name()
        columns = (
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("provinces · {task.fields[reviews]} reviews"),
            TimeElapsedColumn(),
            TimeRemainingColumn(),
        )
        with Progress(*columns, console=None, transient=False) as bar:
            state = job_progress(job)
            task = bar.add_task(str(JobKind(job.kind).label), total=state.total, reviews=state.reviews)
            while True:
                worked = False if watch else job_work_one(job, worker=worker)
                state = job_progress(job)
                bar.update(task, completed=state.done + state.failed, reviews=state.reviews)
                if state.done + state.failed >= state.total:
                    job_settle(job)
                    return
                if not worked:
                    time.sleep(0.5)  # the remaining provinces are with other workers
