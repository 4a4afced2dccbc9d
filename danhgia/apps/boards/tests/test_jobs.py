"""The cycle page starts a pipeline job and shows its progress in a fragment that polls while it runs."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django_tasks_db.models import DBTaskResult

from danhgia.apps.pipeline.jobs import job_work
from danhgia.apps.pipeline.models import JobRun, JobState
from danhgia.apps.pipeline.tests.test_compute import demo_cycle

pytestmark = pytest.mark.django_db


def tasks() -> list[tuple[str, object]]:
    return sorted(DBTaskResult.objects.values_list("task_path", "args_kwargs"))


def test_the_cycle_page_starts_the_job_and_its_fragment_polls_until_it_is_done(
    django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    settings.PIPELINE_WORKERS = 2
    cycle = demo_cycle("qd366-2025", 12)
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    page = client.get(f"/cycles/{cycle.pk}/")
    assert page.status_code == 200
    assert f'hx-get="/cycles/{cycle.pk}/jobs/"' in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cycles/{cycle.pk}/jobs/compute/")
    assert response.status_code == 302
    job = JobRun.objects.get(cycle=cycle, kind="compute")
    assert job.state == JobState.QUEUED
    # handed to two task workers, and to the watchdog that looks again a lease later
    work = {"args": [job.pk], "kwargs": {}}
    assert tasks() == [
        ("danhgia.apps.pipeline.tasks.pipeline_job_watch", work),
        ("danhgia.apps.pipeline.tasks.pipeline_job_work", work),
        ("danhgia.apps.pipeline.tasks.pipeline_job_work", work),
    ]
    fragment = client.get(f"/cycles/{cycle.pk}/jobs/").content.decode()
    assert 'hx-trigger="every 2s"' in fragment
    assert f"0/{job.shards.count()} tỉnh" in fragment

    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/cycles/{cycle.pk}/jobs/compute/")  # a second start while it runs queues nothing
    assert JobRun.objects.filter(cycle=cycle).count() == 1
    assert len(tasks()) == 3

    job_work(job, worker="test")
    fragment = client.get(f"/cycles/{cycle.pk}/jobs/").content.decode()
    total = job.shards.count()
    assert "every 2s" not in fragment
    assert f"{total}/{total} tỉnh" in fragment


def test_someone_without_the_board_gets_403_and_nothing_starts() -> None:
    cycle = demo_cycle("qd366-2025", 13)
    client = Client()
    client.force_login(User.objects.get(username="dangvien"))
    assert client.post(f"/cycles/{cycle.pk}/jobs/compute/").status_code == 403
    assert not JobRun.objects.exists()
    assert not DBTaskResult.objects.exists()
