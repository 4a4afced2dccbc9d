"""A worker killed mid-export does not leave the export "running 0 %" forever: once its lease runs out the export's
watchdog task queues it again for the next worker, and after EXPORT_MAX_ATTEMPTS it is failed with a message."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from danhgia.apps.reports.models import ExportJob
from danhgia.apps.reports.services import EXPORT_MAX_ATTEMPTS, export_jobs_recover, summaries_refresh
from danhgia.apps.reports.tasks import export_watch
from danhgia.apps.reports.tests.helpers import NOW, open_cycle, reports_world, the_2025_results

pytestmark = pytest.mark.django_db


def stuck_export(attempts: int, *, lease_left: timedelta) -> ExportJob:
    """An export as a killed worker leaves it: running, at 0 %, with the lease it last renewed."""
    world = reports_world()
    cycle = open_cycle(world)
    the_2025_results(world, cycle)
    summaries_refresh(cycle=cycle, now=NOW)
    now = timezone.now()
    return ExportJob.objects.create(
        requested_by=world.users["bantochuc"],
        cycle=cycle,
        unit=world.province,
        format="json",
        state="running",
        progress=0,
        attempts=attempts,
        started_at=now - timedelta(minutes=10),
        lease_until=now + lease_left,
        created_at=now - timedelta(minutes=10),
    )


@pytest.mark.django_db(transaction=True)  # the worker closes its connections between tasks, as in production
def test_an_export_whose_worker_died_is_retried_by_the_next_worker(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path
    job = stuck_export(1, lease_left=-timedelta(seconds=1))
    assert export_watch.call(job.pk) == "queued"  # what the worker runs once the watchdog is due
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())
    job.refresh_from_db()
    assert (job.state, job.progress, job.attempts, job.error) == ("done", 100, 2, "")
    # the export task ran; the watchdog looks again a lease later, and then finds the export done
    assert sorted(DBTaskResult.objects.values_list("task_path", "status")) == [
        ("danhgia.apps.reports.tasks.export_run", "SUCCESSFUL"),
        ("danhgia.apps.reports.tasks.export_watch", "READY"),
    ]
    assert export_watch.call(job.pk) == "done"


def test_an_export_that_keeps_losing_its_worker_fails_with_a_message() -> None:
    job = stuck_export(EXPORT_MAX_ATTEMPTS, lease_left=-timedelta(seconds=1))
    assert export_jobs_recover() == 1
    job.refresh_from_db()
    assert job.state == "failed"
    assert job.error == "Tiến trình chạy bản xuất này đã dừng 2 lần; bản xuất bị hủy."


def test_an_export_whose_worker_is_alive_is_left_alone() -> None:
    job = stuck_export(1, lease_left=timedelta(minutes=4))
    assert export_jobs_recover() == 0
    job.refresh_from_db()
    assert (job.state, job.attempts) == ("running", 1)
