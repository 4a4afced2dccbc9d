"""The boards' test world: the reviews app's department world (reviews/tests/world.py) with an organising
committee login, brought through the procedure up to a named stage by the services, and a way to grow it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from danhgia.apps.access.models import Role
from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.cycles.models import CycleState, CycleTemplate, QuotaGroup, ReviewCycle
from danhgia.apps.cycles.services import cycle_advance, cycle_create
from danhgia.apps.orgs.models import CellMembership, PartyMembership, Person, Unit, UnitKind
from danhgia.apps.orgs.services import unit_create
from danhgia.apps.reviews.models import Comment, Complaint, Decision, Review, ReviewState
from danhgia.apps.reviews.services import (
    complaint_file,
    review_save,
    review_submit,
    review_verify,
    reviews_accept_engine,
    reviews_decide,
    reviews_publish,
    verification_compute,
)
from danhgia.apps.reviews.services.opening import cycle_open, quota_group_update
from danhgia.apps.reviews.tests.world import START, World, build_world, excellent_answers, good_answers, login

NOW = datetime(2025, 12, 10, 9, 0, tzinfo=UTC)
PASSWORD = "danhgia-demo-2025"
STAGES = ("open", "submitted", "verification", "computed", "verified", "decision", "decided", "published")


def make_world(**kwargs: Any) -> World:
    world = build_world(**kwargs)
    login(world, "bantochuc", Role.VIEWER, world.province)
    login(world, "khongvaitro", None, None)
    return world


def review_of(world: World, key: str, cycle: ReviewCycle | None = None) -> Review:
    reviews = Review.objects.filter(person=world.people[key])
    return (reviews.filter(cycle=cycle) if cycle else reviews).get()


def collective(unit: Unit, category: str, cycle: ReviewCycle | None = None) -> Review:
    reviews = Review.objects.filter(unit=unit, category=category)
    return (reviews.filter(cycle=cycle) if cycle else reviews).get()


def author(world: World, review: Review) -> User:
    """Who writes a review's self-review: the person, or for a collective the administrator."""
    if review.person_id is None:
        return world.users["admin"]
    key = next(k for k, p in world.people.items() if p.pk == review.person_id)
    return world.users["bithu" if key == "P1" else key.lower()]


def open_cycle(world: World, name: str = "Kiểm điểm năm 2025") -> ReviewCycle:
    cycle = cycle_create(
        actor=world.users["admin"],
        name=name,
        kind="year",
        year=2025,
        root=world.province,
        ruleset="qd366-2025",
        deadlines={"complaints_until": date(2026, 1, 31), "decision_due": date(2026, 1, 15)},
        now=NOW,
    )
    cycle_open(cycle=cycle, actor=world.users["admin"], now=NOW)
    return cycle


def submit_all(world: World, cycle: ReviewCycle) -> None:
    """P0 and P2 propose level 1 with excellent answers, everyone else level 2."""
    for review in Review.objects.filter(cycle=cycle).order_by("pk"):
        key = next((k for k, p in world.people.items() if p.pk == review.person_id), "")
        excellent = key in ("P0", "P2")
        review_save(
            review=review,
            actor=author(world, review),
            answers=excellent_answers() if excellent else good_answers(),
            score=Decimal(95 if excellent else 84),
            proposed_level="L1" if excellent else "L2",
            now=NOW,
        )
        review_submit(review=review, actor=author(world, review), now=NOW)


def bring(world: World, stage: str, name: str = "Kiểm điểm năm 2025") -> ReviewCycle:
    """A qd366 year cycle over the world, brought through the services up to `stage` (see STAGES)."""
    assert stage in STAGES, stage
    cycle = open_cycle(world, name)
    if stage == "open":
        return cycle
    submit_all(world, cycle)
    if stage == "submitted":
        return cycle
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.VERIFICATION, now=NOW)
    if stage == "verification":
        return cycle
    verification_compute(cycle=cycle, unit=world.province, actor=world.users["thamdinh"], now=NOW)
    if stage == "computed":
        return cycle
    reviews_accept_engine(reviews=Review.objects.filter(cycle=cycle), actor=world.users["thamdinh"], now=NOW)
    review_verify(
        review=review_of(world, "P2", cycle),
        actor=world.users["thamdinh"],
        status="classified",
        level="L1",
        justification="Sáng kiến cải cách thủ tục được Bộ công nhận.",
        now=NOW,
    )
    if stage == "verified":
        return cycle
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.DECISION, now=NOW)
    if stage == "decision":
        return cycle
    group = QuotaGroup.objects.get(cycle=cycle, code="DB-SNV/individual/staff")
    quota_group_update(
        group=group, actor=world.users["quyetdinh"], exception=True, grounds="Thành tích đột phá.", now=NOW
    )
    reviews_decide(reviews=[collective(world.agency, "organisation", cycle)], actor=world.users["tinhuy"], now=NOW)
    cell = Review.objects.filter(cycle=cycle, unit=world.cell)
    reviews_decide(reviews=list(cell), actor=world.users["quyetdinh"], now=NOW)
    rest = Review.objects.filter(cycle=cycle).exclude(state=ReviewState.DECIDED)
    reviews_decide(reviews=list(rest), actor=world.users["tinhuy"], now=NOW)
    if stage == "decided":
        return cycle
    reviews_publish(reviews=Review.objects.filter(cycle=cycle), actor=world.users["tinhuy"], now=NOW)
    return cycle


def file_complaint(world: World, key: str = "P3") -> Complaint:
    return complaint_file(
        review=review_of(world, key), actor=world.users[key.lower()], text="Đề nghị xem xét lại mức xếp loại.", now=NOW
    )


def grow(world: World, *, cells: int, members: int, parent: Unit | None = None) -> list[Unit]:
    """More party cells under the grassroots committee (or `parent`), each with `members` party members (outside
    the agency) who log in to write their self-reviews."""
    made = []
    start = Person.objects.count()
    for c in range(cells):
        cell = unit_create(
            code=f"CB-X{c:03d}",
            name=f"Chi bộ Thôn {c + 1}",
            kind=UnitKind.CELL,
            parent=parent or world.committee,
            valid_from=START,
        )
        for m in range(members):
            person = Person.objects.create(personnel_code=f"X{start + c * members + m:05d}", full_name=f"Đảng viên {m}")
            PartyMembership.objects.create(person=person, admitted_on=date(2015, 3, 2))
            CellMembership.objects.create(person=person, cell=cell, valid_from=START)
            key = f"X{person.pk}"
            world.people[key] = person
            login(world, key.lower(), Role.MEMBER, cell, person)
        made.append(cell)
    return made


def everything() -> tuple[Any, ...]:
    """Every row a board could change, to assert that a refused request changed nothing."""
    return (
        list(Review.objects.order_by("pk").values()),
        list(Decision.objects.order_by("pk").values()),
        list(Comment.objects.order_by("pk").values()),
        list(Complaint.objects.order_by("pk").values()),
        list(ReviewCycle.objects.order_by("pk").values()),
        list(QuotaGroup.objects.order_by("pk").values()),
        list(CycleTemplate.objects.order_by("pk").values()),
        AuditEntry.objects.count(),
    )


def client_for(world: World, name: str) -> Client:
    client = Client()
    assert client.login(username=name, password=PASSWORD)
    return client


def queries(client: Client, url: str) -> int:
    """How many queries a GET of `url` makes (it must answer 200)."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(captured.captured_queries)
