"""Helpers of the self-service tests (view tests and browser tests): the world of the review services
(reviews/tests/world.py) with an open qd366 cycle, its logins, a cycle brought to publication, and a
snapshot of every row a request could change."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.test import Client
from django.utils import timezone

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.cycles.models import CycleState, ReviewCycle
from danhgia.apps.cycles.services import cycle_advance, cycle_create
from danhgia.apps.reviews.models import Comment, Complaint, Evidence, Review, ReviewState
from danhgia.apps.reviews.services import (
    review_save,
    review_submit,
    reviews_accept_engine,
    reviews_decide,
    reviews_publish,
    verification_compute,
)
from danhgia.apps.reviews.services.comments import Minutes
from danhgia.apps.reviews.services.opening import cycle_open
from danhgia.apps.reviews.tests.world import World, good_answers, replay_grounds

NOW = datetime(2025, 12, 10, 9, 0, tzinfo=UTC)
# the cell's review meeting (its 6 members, all present), as the service takes it and as the page posts it
MINUTES = Minutes(date(2025, 12, 5), "Trần Thị Bình", 6, 6)
MINUTES_POST = {"held_on": "2025-12-05", "chair": "Trần Thị Bình", "members": "6", "attendees": "6"}


def open_cycle(world: World, ruleset: str = "qd366-2025", name: str = "Kiểm điểm năm 2025") -> ReviewCycle:
    cycle = cycle_create(
        actor=world.users["admin"],
        name=name,
        kind="year",
        year=2025,
        root=world.province,
        ruleset=ruleset,
        replay_grounds=replay_grounds(ruleset, 2025),
        deadlines={
            "self_review_due": (NOW + timedelta(days=5)).date(),
            "complaints_until": timezone.localdate() + timedelta(days=30),
        },
        now=NOW,
    )
    cycle_open(cycle=cycle, actor=world.users["admin"], now=NOW)
    return cycle


def login_of(world: World, review: Review) -> str:
    """Who fills `review` in: its person (P1 is the secretary, bithu), or the administrator for a collective."""
    if review.person_id is None:
        return "admin"
    key = next(k for k, person in world.people.items() if person.pk == review.person_id)
    return "bithu" if key == "P1" else key.lower()


def submit_all(world: World, *, score: int = 80, level: str = "L2") -> None:
    """Every review not yet submitted gets a good self-review, submitted through the services."""
    for review in Review.objects.exclude(state=ReviewState.SUBMITTED).order_by("pk"):
        actor = world.users[login_of(world, review)]
        saved = review_save(
            review=review, actor=actor, answers=good_answers(), score=Decimal(score), proposed_level=level, now=NOW
        )
        review_submit(review=saved, actor=actor, now=NOW)


def advance(world: World, cycle: ReviewCycle, to: str) -> None:
    """Bring an open cycle (every self-review submitted) to verification, decision or published."""
    admin, verifier = world.users["admin"], world.users["thamdinh"]
    cycle_advance(cycle=cycle, actor=verifier, to=CycleState.VERIFICATION, now=NOW)
    verification_compute(cycle=cycle, unit=world.province, actor=verifier, now=NOW)
    reviews_accept_engine(reviews=Review.objects.filter(cycle=cycle), actor=verifier, now=NOW)
    if to == CycleState.VERIFICATION:
        return
    cycle_advance(cycle=cycle, actor=verifier, to=CycleState.DECISION, now=NOW)
    if to == CycleState.DECISION:
        return
    reviews = Review.objects.filter(cycle=cycle)
    reviews_decide(reviews=list(reviews.filter(category="organisation")), actor=world.users["tinhuy"], now=NOW)
    reviews_decide(reviews=list(reviews.filter(unit=world.cell)), actor=world.users["quyetdinh"], now=NOW)
    reviews_decide(reviews=list(reviews.exclude(state="decided")), actor=world.users["tinhuy"], now=NOW)
    reviews_publish(reviews=reviews, actor=admin, now=NOW)


def client_of(world: World, login: str) -> Client:
    client = Client()
    client.force_login(world.users[login])
    return client


def review_of(world: World, key: str) -> Review:
    return Review.objects.get(person=world.people[key])


def everything() -> tuple[Any, ...]:
    """Every row a self-service request could change."""
    return (
        list(Review.objects.order_by("pk").values()),
        list(Comment.objects.order_by("pk").values()),
        list(Complaint.objects.order_by("pk").values()),
        list(Evidence.objects.order_by("pk").values()),
        AuditEntry.objects.count(),
    )
