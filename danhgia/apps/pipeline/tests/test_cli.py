"""`danhgia cycle compute|publish`: the same job as the workers', worked in the command with a progress bar."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import CommandError, call_command

from danhgia.apps.cycles.models import CycleState
from danhgia.apps.cycles.services import cycle_advance
from danhgia.apps.pipeline.compute import ENGINE_FIELDS
from danhgia.apps.pipeline.jobs import job_create, job_work_one
from danhgia.apps.pipeline.models import JobRun, JobState
from danhgia.apps.pipeline.tests.test_compute import NOW, demo_cycle, engine_rows
from danhgia.apps.reviews.bulk import update_rows
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.services import reviews_accept_engine, verification_compute

pytestmark = pytest.mark.django_db


def test_compute_resumes_an_interrupted_job_and_ends_with_the_per_subject_results() -> None:
    cycle = demo_cycle("qd366-2025", 9)
    verifier = User.objects.get(username="thamdinh")
    verification_compute(cycle=cycle, unit=cycle.root, actor=verifier, now=NOW)
    expected = engine_rows(cycle)
    update_rows(Review, ENGINE_FIELDS, [["", "", [], [], pk] for pk in expected])
    job = job_create(cycle=cycle, kind="compute", actor=verifier, now=NOW)
    assert job_work_one(job, worker="interrupted")  # one province, then the process "stopped"
    out = StringIO()
    call_command("cycle", "compute", "--cycle", str(cycle.pk), "--actor", "thamdinh", stdout=out)
    text = out.getvalue()
    total = job.shards.count()
    assert f"resuming job {job.pk} (1 provinces already done)" in text
    assert f"done: {total}/{total} provinces, {len(expected)} reviews" in text
    assert JobRun.objects.filter(cycle=cycle, kind="compute").count() == 1
    assert engine_rows(cycle) == expected


def test_a_user_without_the_role_is_refused_and_nothing_is_queued() -> None:
    cycle = demo_cycle("qd366-2025", 10)
    with pytest.raises(CommandError):
        call_command("cycle", "compute", "--cycle", str(cycle.pk), "--actor", "dangvien", stdout=StringIO())
    assert not JobRun.objects.exists()
    assert not Review.objects.filter(cycle=cycle).exclude(engine_status="").exists()


def test_publish_decides_and_publishes_what_the_rules_allow() -> None:
    cycle = demo_cycle("qd366-2025", 11)
    admin = User.objects.get(username="admin")
    call_command("cycle", "compute", "--cycle", str(cycle.pk), "--actor", "thamdinh", stdout=StringIO())
    accepted = reviews_accept_engine(reviews=Review.objects.filter(cycle=cycle), actor=admin, now=NOW)
    cycle_advance(cycle=cycle, actor=User.objects.get(username="thamdinh"), to=CycleState.DECISION, now=NOW)
    out = StringIO()
    call_command("cycle", "publish", "--cycle", str(cycle.pk), "--actor", "admin", stdout=out)
    job = JobRun.objects.get(cycle=cycle, kind="publish")
    assert job.state == JobState.DONE, job.message
    published = Review.objects.filter(cycle=cycle, state=ReviewState.PUBLISHED).count()
    waiting = Review.objects.filter(cycle=cycle, state=ReviewState.VERIFIED).count()
    assert published + waiting == accepted and published > 0
