"""Decisions side by side (PostgreSQL, two connections, committed transactions): two decisions on reviews of
different units of one cycle do not wait for each other — each locks its review's row only, holds the cycle FOR
SHARE, and appends to its unit's audit chain — while a change of the cycle's phase waits for a decision under way.
The trail still replays to what is stored."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError, connection, connections, transaction

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.audit.services import cycle_chain
from danhgia.apps.audit.state import state_verify
from danhgia.apps.cycles.models import CycleState, ReviewCycle
from danhgia.apps.cycles.services import cycle_advance
from danhgia.apps.pipeline.jobs import job_create, job_work
from danhgia.apps.pipeline.tests.test_compute import NOW, demo_cycle
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.services import review_verify

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres"), reason="two connections need PostgreSQL"
    ),
]


def verify(review: Review) -> None:
    review_verify(
        review=review, actor=User.objects.get(username="thamdinh"), status="classified", level=review.engine_level
    )


@contextmanager
def held_open(work: Callable[[], None]) -> Iterator[None]:
    """Run `work` in a transaction of another connection and keep that transaction open until the block ends."""
    inside, release = threading.Event(), threading.Event()
    errors: list[BaseException] = []

    def hold() -> None:
        try:
            with transaction.atomic():
                work()
                inside.set()
                release.wait(30)
        except BaseException as error:
            errors.append(error)
            inside.set()
        finally:
            connections.close_all()

    holder = threading.Thread(target=hold)
    holder.start()
    assert inside.wait(60)
    try:
        assert errors == []
        yield
    finally:
        release.set()
        holder.join(60)
    assert errors == []


def two_reviews_in_different_units(cycle: ReviewCycle) -> tuple[Review, Review]:
    job_work(job_create(cycle=cycle, kind="compute", actor=User.objects.get(username="thamdinh"), now=NOW))
    ready = Review.objects.filter(cycle=cycle, state=ReviewState.SUBMITTED, engine_status="classified").order_by("pk")
    first = ready.first()
    assert first is not None
    second = ready.exclude(unit_id=first.unit_id).first()
    assert second is not None
    return first, second


def test_two_decisions_in_different_units_do_not_wait_for_each_other(settings: Any) -> None:
    settings.STATISTICS_DEFERRED = True  # as in production: a decision queues the statistics it changed
    cycle = demo_cycle("qd366-2025", 21)
    first, second = two_reviews_in_different_units(cycle)
    with held_open(lambda: verify(first)):
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL lock_timeout = '3s'")  # a wait on the first decision would fail here
            verify(second)
        assert Review.objects.get(pk=second.pk).state == ReviewState.VERIFIED  # committed while the first is open
        assert Review.objects.get(pk=first.pk).state == ReviewState.SUBMITTED
    assert Review.objects.get(pk=first.pk).state == ReviewState.VERIFIED
    # each on its unit's chain, and the cycle's trail replays to what is stored
    chains = dict(
        AuditEntry.objects.filter(action="review_verify", object_id__in=[str(first.pk), str(second.pk)]).values_list(
            "object_id", "chain__name"
        )
    )
    assert chains == {
        str(first.pk): cycle_chain(cycle.pk, first.unit_id),
        str(second.pk): cycle_chain(cycle.pk, second.unit_id),
    }
    assert state_verify(chain=cycle_chain(cycle.pk)) == []


def test_a_change_of_phase_waits_for_a_decision_under_way() -> None:
    cycle = demo_cycle("qd366-2025", 22)
    first, _second = two_reviews_in_different_units(cycle)
    thamdinh = User.objects.get(username="thamdinh")
    with held_open(lambda: verify(first)), pytest.raises(OperationalError, match="lock timeout"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL lock_timeout = '1s'")
        cycle_advance(cycle=cycle, actor=thamdinh, to=CycleState.DECISION, now=NOW)
    assert ReviewCycle.objects.get(pk=cycle.pk).state == CycleState.VERIFICATION  # refused: nothing changed
    assert Review.objects.get(pk=first.pk).state == ReviewState.VERIFIED
