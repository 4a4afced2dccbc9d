"""The workflow as the services run it (danhgia.domain.workflow on the live path), with the three settled
disagreements of docs/workflow-decisions.md: late self-reviews, a result under complaint stands, and who moves
the cycle."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danhgia.apps.cycles.models import CycleState, ReviewCycle
from danhgia.apps.cycles.services import cycle_advance, cycle_create
from danhgia.apps.orgs.models import CivilServiceResult
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.services import (
    complaint_file,
    review_save,
    review_submit,
    reviews_accept_engine,
    reviews_decide,
    reviews_publish,
    verification_compute,
)
from danhgia.apps.reviews.services.decision import decision_readiness
from danhgia.apps.reviews.services.opening import cycle_open
from danhgia.apps.reviews.tests.world import World, build_world
from danhgia.domain.workflow import FINAL_STATES

pytestmark = pytest.mark.django_db
NOW = datetime(2024, 12, 20, 9, 0, tzinfo=UTC)
GOOD = {"grades": {"politics": "T", "ethics": "T", "discipline": "TB", "style": "T", "tasks": "T"}}


def actor_of(world: World, review: Review) -> str:
    if review.person is None:
        return "admin"
    key = next(k for k, person in world.people.items() if person == review.person)
    return "bithu" if key == "P1" else key.lower()


def self_review(world: World, review: Review) -> None:
    actor = world.users[actor_of(world, review)]
    saved = review_save(review=review, actor=actor, answers=GOOD, score=None, proposed_level="L2", now=NOW)
    review_submit(review=saved, actor=actor, now=NOW)


def opened(world: World) -> ReviewCycle:
    cycle = cycle_create(
        actor=world.users["admin"],
        name="Kiểm điểm năm 2024",
        kind="year",
        year=2024,
        root=world.province,
        ruleset="qd124-2023",
        deadlines={"complaints_until": date(2025, 1, 31)},
        now=NOW,
    )
    cycle_open(cycle=cycle, actor=world.users["admin"], now=NOW)
    return cycle


def test_the_cycle_moves_by_the_domains_roles_and_a_late_self_review_is_taken() -> None:
    world = build_world()
    for person in world.people.values():
        CivilServiceResult.objects.create(person=person, year=2024, level="L2")
    cycle = opened(world)
    late = Review.objects.get(person=world.people["P3"])
    for review in Review.objects.exclude(pk=late.pk):
        self_review(world, review)

    # The competent level does not start verification: the advisory body does.
    with pytest.raises(PermissionDenied):
        cycle_advance(cycle=cycle, actor=world.users["tinhuy"], to=CycleState.VERIFICATION, now=NOW)
    assert ReviewCycle.objects.get(pk=cycle.pk).state == CycleState.OPEN
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.VERIFICATION, now=NOW)

    # An absentee reviews late, during verification (docs/regulations/party.md §8.2 item 7).
    self_review(world, late)
    assert Review.objects.get(pk=late.pk).state == ReviewState.SUBMITTED

    verification_compute(cycle=cycle, unit=world.province, actor=world.users["thamdinh"], now=NOW)
    reviews_accept_engine(reviews=Review.objects.all(), actor=world.users["thamdinh"], now=NOW)
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.DECISION, now=NOW)
    reviews_decide(reviews=list(Review.objects.filter(category="organisation")), actor=world.users["tinhuy"], now=NOW)
    reviews_decide(reviews=list(Review.objects.filter(unit=world.cell)), actor=world.users["quyetdinh"], now=NOW)
    reviews_decide(
        reviews=list(Review.objects.exclude(state=ReviewState.DECIDED)), actor=world.users["tinhuy"], now=NOW
    )
    assert reviews_publish(reviews=Review.objects.all(), actor=world.users["tinhuy"], now=NOW) == 12

    # The advisory body does not publish; the competent level does.
    with pytest.raises(PermissionDenied):
        cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.PUBLISHED, now=NOW)
    cycle_advance(cycle=cycle, actor=world.users["tinhuy"], to=CycleState.PUBLISHED, now=NOW)

    # A complaint keeps the result, and the cycle cannot close until it is resolved.
    contested = Review.objects.get(person=world.people["P4"])
    complaint_file(review=contested, actor=world.users["p4"], text="Tôi đề nghị xem xét lại.", now=NOW)
    with pytest.raises(ValidationError, match="Còn 1 bản kiểm điểm chưa công bố kết quả"):
        cycle_advance(cycle=cycle, actor=world.users["admin"], to=CycleState.CLOSED, now=NOW)
    assert ReviewCycle.objects.get(pk=cycle.pk).state == CycleState.PUBLISHED
    contested.refresh_from_db()
    assert (contested.state, contested.decided_level) == (ReviewState.COMPLAINED, "L2")


def test_a_dependency_under_complaint_stands_for_the_decision_order() -> None:
    world = build_world()
    for person in world.people.values():
        CivilServiceResult.objects.create(person=person, year=2024, level="L2")
    cycle = opened(world)
    for review in Review.objects.all():
        self_review(world, review)
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.VERIFICATION, now=NOW)
    verification_compute(cycle=cycle, unit=world.province, actor=world.users["thamdinh"], now=NOW)
    reviews_accept_engine(reviews=Review.objects.all(), actor=world.users["thamdinh"], now=NOW)
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.DECISION, now=NOW)
    organisation = Review.objects.get(category="organisation", unit=world.agency)
    head = Review.objects.get(person=world.people["P0"])
    assert decision_readiness(cycle, {head.pk}).blockers[head.pk][0].waits_for == organisation.pk

    reviews_decide(reviews=[organisation], actor=world.users["tinhuy"], now=NOW)
    reviews_publish(reviews=[organisation], actor=world.users["tinhuy"], now=NOW)
    Review.objects.filter(pk=organisation.pk).update(state=ReviewState.COMPLAINED)

    assert "complained" in FINAL_STATES
    assert head.pk not in decision_readiness(cycle, {head.pk}).blockers
