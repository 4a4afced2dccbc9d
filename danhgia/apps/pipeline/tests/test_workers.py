"""Task workers (`manage.py db_worker`, django-tasks' database backend) in their own processes on PostgreSQL: a
worker killed mid-province leaves nothing of it, and once its lease runs out the job's watchdog hands the province
to another worker; two workers share one job."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django_tasks_db.models import DBTaskResult

from danhgia.apps.pipeline.compute import ENGINE_FIELDS
from danhgia.apps.pipeline.facts import Shard, shard_review_ids
from danhgia.apps.pipeline.jobs import job_create, job_work
from danhgia.apps.pipeline.models import JobRun, JobState, ShardState
from danhgia.apps.pipeline.tasks import job_enqueue
from danhgia.apps.pipeline.tests.test_compute import NOW, demo_cycle, engine_rows
from danhgia.apps.reviews.bulk import update_rows
from danhgia.apps.reviews.models import Review

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"),
        reason="workers in other processes need a shared database server (PostgreSQL)",
    ),
]
ROOT = Path(__file__).resolve().parents[4]
LEASE = "3"


def worker() -> subprocess.Popen[str]:
    """`manage.py db_worker --batch` (runs the tasks that are ready, then stops) against the test database, in its
    own process."""
    db = connection.settings_dict
    url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DATABASE_URL=url, SECRET_KEY="test", PIPELINE_LEASE_SECONDS=LEASE)
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay", "--no-reload", "-v", "0"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def name(process: subprocess.Popen[str]) -> str:
    """The name a worker process leaves on the shards it holds."""
    return f"{socket.gethostname()}:{process.pid}"


def wait_for(condition: Callable[[], bool], process: subprocess.Popen[str], seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"the worker ended: {process.communicate()[0]}")
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


@contextmanager
def row_locked(review_id: int) -> Iterator[None]:
    """Hold a lock on one review from another connection, so a worker writing it waits there (mid-province)."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute("SELECT id FROM reviews_review WHERE id = %s FOR UPDATE", [review_id])
            yield
            cursor.execute("ROLLBACK")
    finally:
        other.close()


def prepared_job() -> tuple[JobRun, dict[int, Any], list[Any]]:
    cycle = demo_cycle("qd366-2025", 8)
    verifier = User.objects.get(username="thamdinh")
    # the expected results, from the in-process path; then cleared
    expected_job = job_create(cycle=cycle, kind="compute", actor=verifier, now=NOW)
    job_work(expected_job, worker="reference")
    expected = engine_rows(cycle)
    update_rows(Review, ENGINE_FIELDS, [["", "", [], [], pk] for pk in expected])
    job = job_create(cycle=cycle, kind="compute", actor=verifier, now=NOW)
    # the provinces only: the root's own reviews depend on every province (their closure is the whole cycle)
    job.shards.filter(key="root").delete()
    shards = list(job.shards.order_by("id"))
    owned = set().union(*(set(shard_review_ids(cycle, Shard(r.key, r.unit_id, r.name)).tolist()) for r in shards))
    return job, {pk: row for pk, row in expected.items() if pk in owned}, shards


def waiting_on_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return bool(cursor.fetchone()[0])


def first_review(job: JobRun, row: Any) -> int:
    return int(shard_review_ids(job.cycle, Shard(row.key, row.unit_id, row.name))[0])


def test_a_worker_killed_mid_province_leaves_nothing_and_another_takes_it_over(settings: Any) -> None:
    settings.PIPELINE_LEASE_SECONDS = float(LEASE)
    job, expected, shards = prepared_job()
    job_enqueue(job, workers=1)  # one task, and the watchdog a lease later
    victim = shards[0]
    with row_locked(first_review(job, victim)):
        first = worker()
        wait_for(waiting_on_lock, first)  # the first province is written up to the locked row
        first.send_signal(signal.SIGKILL)
        first.wait()
    victim.refresh_from_db()
    assert (victim.state, victim.worker, victim.attempts) == (ShardState.RUNNING, name(first), 1)
    assert not Review.objects.filter(cycle=job.cycle).exclude(engine_status="").exists()  # nothing partial

    time.sleep(float(LEASE) + 0.5)  # the dead worker's lease runs out; the watchdog is due
    second = worker()
    output, _ = second.communicate(timeout=300)
    assert second.returncode == 0, output
    victim.refresh_from_db()
    assert (victim.state, victim.worker, victim.attempts) == (ShardState.DONE, name(second), 2)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert {pk: row for pk, row in engine_rows(job.cycle).items() if pk in expected} == expected


def test_two_workers_share_one_job(settings: Any) -> None:
    settings.PIPELINE_LEASE_SECONDS = float(LEASE)
    job, expected, shards = prepared_job()
    job_enqueue(job, workers=2)
    with row_locked(first_review(job, shards[0])):
        one = worker()
        wait_for(waiting_on_lock, one)  # "one" holds the first province, waiting
        two = worker()
        wait_for(lambda: job.shards.filter(worker=name(two)).exists(), two)  # "two" took the next one meanwhile
    for process in (one, two):
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, output
    workers = dict(job.shards.values_list("key", "worker"))
    assert (workers[shards[0].key], workers[shards[1].key]) == (name(one), name(two))
    assert job.shards.filter(state=ShardState.DONE).count() == len(shards)
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert {pk: row for pk, row in engine_rows(job.cycle).items() if pk in expected} == expected


def test_a_job_whose_tasks_were_lost_is_handed_to_a_worker_by_its_watchdog(settings: Any) -> None:
    settings.PIPELINE_LEASE_SECONDS = float(LEASE)
    job, expected, _shards = prepared_job()
    job_enqueue(job, workers=1)
    DBTaskResult.objects.filter(task_path__endswith="pipeline_job_work").delete()  # the work task is lost
    time.sleep(float(LEASE) + 0.5)
    process = worker()
    output, _ = process.communicate(timeout=300)
    assert process.returncode == 0, output
    assert set(job.shards.values_list("state", flat=True)) == {ShardState.DONE}
    # each province was worked by that worker, or written with one that covered it (its quota groups span both)
    assert {w for w in job.shards.values_list("worker", flat=True) if not w.endswith("(covered)")} == {name(process)}
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert {pk: row for pk, row in engine_rows(job.cycle).items() if pk in expected} == expected
