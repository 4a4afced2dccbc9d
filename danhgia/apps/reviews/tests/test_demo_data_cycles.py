"""A qd366-2025 and a qd124-2023 year cycle over the demo data (Đảng bộ xã Tân An), through the services:
open, self-reviews, verification with the engine and the quota, decision in the required order, publication,
a complaint and its re-classification by the level above."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from danhgia.apps.access.models import Account
from danhgia.apps.audit.services import audit_verify
from danhgia.apps.cycles.models import CycleState, ReviewCycle
from danhgia.apps.cycles.services import cycle_advance, cycle_create
from danhgia.apps.orgs.models import Person, Unit
from danhgia.apps.reviews.bulk import update_rows
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.services import (
    complaint_file,
    complaint_resolve,
    reviews_accept_engine,
    reviews_decide,
    reviews_publish,
    verification_compute,
)
from danhgia.apps.reviews.services.decision import blockers
from danhgia.apps.reviews.services.opening import cycle_open
from danhgia.apps.reviews.tests.world import replay_grounds

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
GRADES = (
    {"politics": "T", "ethics": "T", "discipline": "T", "style": "T", "tasks": "XS"},
    {"politics": "T", "ethics": "TB", "discipline": "T", "style": "T", "tasks": "T"},
    {"politics": "TB", "ethics": "TB", "discipline": "TB", "style": "TB", "tasks": "TB"},
)


def self_reviews(cycle: ReviewCycle, grades: bool) -> None:
    rng = random.Random(11)
    rows = []
    for pk in Review.objects.filter(cycle=cycle).order_by("pk").values_list("pk", flat=True):
        answers: dict[str, Any] = {
            "tasks": {"assigned": 10, "completed": 10, "on_time": 10, "exceeded": rng.choice((1, 4))}
        }
        if grades:
            answers["grades"] = rng.choice(GRADES)
        score = None if grades else Decimal(rng.choice((72, 80, 86, 93)))
        rows.append([answers, score, "L2", ReviewState.SUBMITTED, pk])
    update_rows(Review, ("answers", "score", "proposed_level", "state"), rows)


def decide_in_order(cycle: ReviewCycle, actor: User) -> int:
    """Decide whatever is ready, layer by layer, as the competent levels would."""
    decided = 0
    while pending := set(Review.objects.filter(cycle=cycle, state=ReviewState.VERIFIED).values_list("pk", flat=True)):
        waiting = blockers(cycle, pending)
        ready = pending - set(waiting)
        assert ready, f"nothing can be decided: {waiting}"
        decided += reviews_decide(reviews=list(Review.objects.filter(pk__in=ready)), actor=actor, now=NOW)
    return decided


@pytest.mark.parametrize("ruleset", ["qd366-2025", "qd124-2023"])
def test_a_year_cycle_over_the_demo_commune(ruleset: str) -> None:
    call_command("demo_setup", force=True, verbosity=0)
    admin = User.objects.get(username="admin")
    commune = Unit.objects.get(code="T27.X001")
    cycle = cycle_create(
        actor=admin,
        name=f"Năm 2025 ({ruleset}) — Đảng bộ xã Tân An",
        kind="year",
        year=2025,
        root=commune,
        ruleset=ruleset,
        replay_grounds=replay_grounds(ruleset, 2025),
        deadlines={"complaints_until": date(2026, 12, 31)},
        now=NOW,
    )
    opened = cycle_open(cycle=cycle, actor=admin, now=NOW)
    assert opened == Review.objects.filter(cycle=cycle).count() > 200
    self_reviews(cycle, grades=ruleset == "qd124-2023")
    cycle_advance(cycle=cycle, actor=User.objects.get(username="thamdinh"), to=CycleState.VERIFICATION, now=NOW)
    computed = verification_compute(cycle=cycle, unit=commune, actor=User.objects.get(username="thamdinh"), now=NOW)
    assert computed.reviews == opened
    accepted = reviews_accept_engine(reviews=Review.objects.filter(cycle=cycle), actor=admin, now=NOW)
    needs_decision = Review.objects.filter(cycle=cycle, engine_status="needs_decision").count()
    assert accepted == opened - needs_decision
    cycle_advance(cycle=cycle, actor=User.objects.get(username="thamdinh"), to=CycleState.DECISION, now=NOW)
    assert decide_in_order(cycle, admin) == accepted
    assert reviews_publish(reviews=Review.objects.filter(cycle=cycle), actor=admin, now=NOW) == accepted
    levels = set(
        Review.objects.filter(cycle=cycle, decided_status="classified").values_list("decided_level", flat=True)
    )
    assert {"L2"} <= levels

    member = Person.objects.get(personnel_code="DEMO-0007")  # the village cell's secretary
    login = User.objects.create_user("bithu-thon-dong", password="x")
    Account.objects.create(user=login, person=member)
    review = Review.objects.get(cycle=cycle, person=member)
    complaint = complaint_file(review=review, actor=login, text="Đề nghị xem xét lại kết quả.", now=NOW)
    complaint_resolve(
        complaint=complaint,
        actor=User.objects.get(username="bantochuc"),
        upheld=True,
        resolution="Xếp loại lại sau xác minh.",
        status="classified",
        level="L3",
        now=NOW,
    )
    review.refresh_from_db()
    assert (review.state, review.decided_level) == (ReviewState.PUBLISHED, "L3")
    assert audit_verify() == []
