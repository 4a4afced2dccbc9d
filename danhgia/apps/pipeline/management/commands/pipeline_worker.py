"""`manage.py pipeline_worker [--once] [--interval SECONDS]`: the background worker of the web server.

Runs queued statistics exports and works on every unfinished pipeline job (open, compute, publish a cycle),
claiming one province at a time under a lease. Start as many as the machine has cores, on any host that reaches
the database: they share the jobs. A worker killed mid-province leaves it to another once its lease runs out.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from danhgia.apps.pipeline.jobs import job_work, worker_name
from danhgia.apps.pipeline.models import JobRun, JobState
from danhgia.apps.reports.services import export_jobs_run_pending


def work_once(worker: str) -> int:
    """One round: the queued exports, then each unfinished job until nothing is left to claim in it."""
    done = export_jobs_run_pending()
    for job in JobRun.objects.filter(state__in=[JobState.QUEUED, JobState.RUNNING]).order_by("created_at", "pk"):
        done += job_work(job, worker=worker)
    return done


class Command(BaseCommand):
    help = "Run background work: statistics exports and pipeline jobs (shared between any number of workers)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="do what is queued now, then stop")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between polls (default 2)")
        parser.add_argument("--name", default="", help="this worker's name in the shards' lease (default host:pid)")

    def handle(self, *args: Any, **options: Any) -> None:
        worker = options["name"] or worker_name()
        while True:
            done = work_once(worker)
            if done and options["verbosity"] > 1:
                self.stdout.write(f"{worker}: {done} done")
            if options["once"]:
                return
            try:
                time.sleep(options["interval"])
            except KeyboardInterrupt:
                return
