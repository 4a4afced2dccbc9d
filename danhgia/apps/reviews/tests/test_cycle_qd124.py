"""A qd124-2023 year cycle (criteria graded XS/T/TB/K) through the services, with a disciplined member and
the civil-service result required before the party-member decision."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import ValidationError

from danhgia.apps.audit.services import audit_verify
from danhgia.apps.cycles.models import CycleState
from danhgia.apps.cycles.services import cycle_advance, cycle_create
from danhgia.apps.orgs.models import CivilServiceResult, DisciplineRecord
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.services import (
    review_save,
    review_submit,
    reviews_accept_engine,
    reviews_decide,
    reviews_publish,
    verification_compute,
)
from danhgia.apps.reviews.services.opening import cycle_open
from danhgia.apps.reviews.tests.world import build_world

pytestmark = pytest.mark.django_db
NOW = datetime(2024, 12, 20, 9, 0, tzinfo=UTC)
GOOD = {"grades": {"politics": "T", "ethics": "T", "discipline": "TB", "style": "T", "tasks": "T"}}


def test_a_qd124_cycle_with_discipline_and_the_civil_service_order() -> None:
    world = build_world(civil_results=False)
    DisciplineRecord.objects.create(
        person=world.people["P3"],
        form="reprimand",
        system="party",
        effective_on=date(2024, 6, 10),
        violation="QĐ-15/2024",
    )
    cycle = cycle_create(
        actor=world.users["admin"],
        name="Kiểm điểm năm 2024",
        kind="year",
        year=2024,
        root=world.province,
        ruleset="qd124-2023",
        now=NOW,
    )
    assert cycle_open(cycle=cycle, actor=world.users["admin"], now=NOW) == 12
    for review in Review.objects.all():
        if review.person is None:
            actor = world.users["admin"]
        else:
            key = next(k for k, person in world.people.items() if person == review.person)
            actor = world.users["bithu" if key == "P1" else key.lower()]
        saved = review_save(review=review, actor=actor, answers=GOOD, score=None, proposed_level="L2", now=NOW)
        review_submit(review=saved, actor=actor, now=NOW)
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.VERIFICATION, now=NOW)
    verification_compute(cycle=cycle, unit=world.province, actor=world.users["thamdinh"], now=NOW)
    p3 = Review.objects.get(person=world.people["P3"])
    assert (p3.engine_level, [r["code"] for r in p3.engine_reasons]) == ("L4", ["disciplined_in_year"])
    p4 = Review.objects.get(person=world.people["P4"])
    assert (p4.engine_level, p4.engine_flags) == ("L2", ["unconfirmed_rule"])
    reviews_accept_engine(reviews=Review.objects.all(), actor=world.users["thamdinh"], now=NOW)
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.DECISION, now=NOW)
    reviews_decide(reviews=list(Review.objects.filter(category="organisation")), actor=world.users["tinhuy"], now=NOW)
    cell = list(Review.objects.filter(unit=world.cell))
    with pytest.raises(ValidationError, match="phải chờ kết quả xếp loại công chức trong năm"):
        reviews_decide(reviews=cell, actor=world.users["quyetdinh"], now=NOW)
    assert set(Review.objects.filter(unit=world.cell).values_list("state", flat=True)) == {ReviewState.VERIFIED}
    for person in world.people.values():
        CivilServiceResult.objects.create(person=person, year=2024, level="L2")
    assert reviews_decide(reviews=cell, actor=world.users["quyetdinh"], now=NOW) == 7
    reviews_decide(
        reviews=list(Review.objects.exclude(state=ReviewState.DECIDED)), actor=world.users["tinhuy"], now=NOW
    )
    assert reviews_publish(reviews=Review.objects.all(), actor=world.users["tinhuy"], now=NOW) == 12
    levels = dict(Review.objects.filter(person__isnull=False).values_list("person__personnel_code", "decided_level"))
    assert levels == {"CB000": "L2", "CB001": "L2", "CB002": "L2", "CB003": "L4", "CB004": "L2", "CB005": "L2"}
    assert audit_verify() == []
