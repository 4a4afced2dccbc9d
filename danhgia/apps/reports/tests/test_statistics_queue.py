"""Statistics off the lock (PostgreSQL, committed transactions): a decision queues the statistics it changed and
holds no lock on them; they catch up after it commits. (That two decisions do not wait for each other otherwise:
danhgia/apps/reviews/tests/test_concurrent_decisions.py.)"""

from __future__ import annotations

import os
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection, transaction
from django_tasks_db.models import DBTaskResult

from danhgia.apps.pipeline.facts import cycle_shards, shard_review_ids
from danhgia.apps.pipeline.jobs import job_create, job_work
from danhgia.apps.pipeline.tests.test_compute import NOW, demo_cycle
from danhgia.apps.reports.models import SummaryQueue, SummaryRun
from danhgia.apps.reports.services import summaries_refresh
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.services import review_verify
from danhgia.apps.reviews.tests.test_concurrent_decisions import held_open

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="two connections need PostgreSQL"
    ),
]


def submitted_in(cycle: Any, shard: Any) -> Review | None:
    ids = shard_review_ids(cycle, shard).tolist()
    return Review.objects.filter(pk__in=ids, state=ReviewState.SUBMITTED, engine_status="classified").first()


def test_a_decision_holds_no_lock_on_the_cycles_statistics(settings: Any) -> None:
    """While a decision's transaction is open, the cycle's statistics can be refreshed (the decision only queued
    its subtree); once it commits, a task worker refreshes its subtree and the queue is empty."""
    cycle = demo_cycle("qd366-2025", 14)
    verifier = User.objects.get(username="thamdinh")
    job_work(job_create(cycle=cycle, kind="compute", actor=verifier, now=NOW), worker="test")
    summaries_refresh(cycle=cycle, actor=verifier)
    first = submitted_in(cycle, cycle_shards(cycle)[0])
    assert first is not None
    before = SummaryRun.objects.get(cycle=cycle).refreshed_at
    settings.STATISTICS_DEFERRED = True  # as in production (the data above was set up without it)

    def decide() -> None:
        review_verify(review=first, actor=verifier, status="classified", level=first.engine_level)

    with held_open(decide), transaction.atomic(), connection.cursor() as cursor:  # the decision stays open meanwhile
        # the lock a statistics refresh takes (the cycle's SummaryRun row) is free while the decision is open
        cursor.execute("SELECT id FROM reports_summaryrun WHERE cycle_id = %s FOR UPDATE NOWAIT", [cycle.pk])
        assert cursor.fetchone() is not None
        assert SummaryQueue.objects.filter(cycle=cycle).count() == 0  # the decision's entry is not committed yet
    assert Review.objects.get(pk=first.pk).state == ReviewState.VERIFIED
    # once the decision committed, its subtree waits for a task worker
    assert SummaryQueue.objects.filter(cycle=cycle).count() == 1
    assert list(DBTaskResult.objects.values_list("task_path", "args_kwargs")) == [
        ("danhgia.apps.reports.tasks.statistics_refresh", {"args": [cycle.pk, verifier.pk], "kwargs": {}})
    ]
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())
    assert not SummaryQueue.objects.filter(cycle=cycle).exists()  # refreshed after the decision's commit
    assert SummaryRun.objects.get(cycle=cycle).refreshed_at > before
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
