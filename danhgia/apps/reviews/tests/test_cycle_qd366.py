"""A whole qd366-2025 year cycle through the services: open, self-review, comments, verification with the
engine and the quota, decision in the required order, publication, a complaint and re-classification."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.audit.services import audit_verify
from danhgia.apps.cycles.models import CycleState, QuotaGroup, ReviewCycle
from danhgia.apps.cycles.services import cycle_advance, cycle_create
from danhgia.apps.orgs.models import Unit
from danhgia.apps.reports.selectors import statistics
from danhgia.apps.reviews.models import Decision, Review, ReviewState
from danhgia.apps.reviews.services import (
    comment_add,
    complaint_file,
    complaint_resolve,
    review_save,
    review_submit,
    review_verify,
    reviews_accept_engine,
    reviews_decide,
    reviews_publish,
    verification_compute,
)
from danhgia.apps.reviews.services.comments import Minutes
from danhgia.apps.reviews.services.opening import cycle_open, quota_group_update
from danhgia.apps.reviews.tests.world import World, build_world, excellent_answers, good_answers

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 12, 10, 9, 0, tzinfo=UTC)


def review_of(world: World, key: str) -> Review:
    return Review.objects.get(person=world.people[key])


def collective(world: World, unit: Unit, category: str) -> Review:
    return Review.objects.get(unit=unit, category=category)


def state_of_all() -> list[tuple[int, str, str, str]]:
    return list(Review.objects.order_by("pk").values_list("pk", "state", "verified_level", "decided_level"))


@pytest.fixture
def world() -> World:
    return build_world()


def open_cycle(world: World) -> ReviewCycle:
    cycle = cycle_create(
        actor=world.users["admin"],
        name="Kiểm điểm năm 2025",
        kind="year",
        year=2025,
        root=world.province,
        ruleset="qd366-2025",
        deadlines={"complaints_until": date(2026, 1, 31)},
        now=NOW,
    )
    assert cycle_open(cycle=cycle, actor=world.users["admin"], now=NOW) == 12
    return cycle


def self_reviews(world: World) -> None:
    for key in world.people:
        login = "bithu" if key == "P1" else key.lower()
        answers = excellent_answers() if key in ("P0", "P2") else good_answers()
        score = Decimal(95) if key in ("P0", "P2") else Decimal(82)
        review = review_save(
            review=review_of(world, key),
            actor=world.users[login],
            answers=answers,
            score=score,
            proposed_level="L1" if key in ("P0", "P2") else "L2",
            now=NOW,
        )
        review_submit(review=review, actor=world.users[login], now=NOW)
    for unit, category, points in (
        (world.agency, "organisation", 86),
        (world.agency, "leadership_collective", 88),
        (world.cell, "party_organisation", 85),
        (world.other_cell, "party_organisation", 80),
        (world.committee, "party_organisation", 84),
        (world.province, "party_organisation", 90),
    ):
        review = review_save(
            review=collective(world, unit, category),
            actor=world.users["admin"],
            answers=good_answers(),
            score=Decimal(points),
            proposed_level="L2",
            now=NOW,
        )
        review_submit(review=review, actor=world.users["admin"], now=NOW)


def test_a_qd366_year_cycle_from_opening_to_a_reclassified_complaint(world: World) -> None:
    cycle = open_cycle(world)
    assert sorted(Review.objects.values_list("category", flat=True)) == [
        "leader",
        "leadership_collective",
        "organisation",
        "party_organisation",
        "party_organisation",
        "party_organisation",
        "party_organisation",
        "staff",
        "staff",
        "staff",
        "staff",
        "staff",
    ]
    assert cycle.templates.count() == 5  # one frozen template per category present
    self_reviews(world)
    assert set(Review.objects.values_list("state", flat=True)) == {ReviewState.SUBMITTED}

    comment_add(
        review=review_of(world, "P2"),
        actor=world.users["bithu"],
        kind="meeting",
        text="Chi bộ thống nhất đề nghị mức hoàn thành xuất sắc.",
        votes={"L1": 5, "L2": 1},
        minutes=Minutes(NOW.date(), "Trần Thị Bình", 6, 6),
        now=NOW,
    )

    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.VERIFICATION, now=NOW)
    computed = verification_compute(cycle=cycle, unit=world.province, actor=world.users["thamdinh"], now=NOW)
    assert (computed.reviews, computed.by_status) == (12, {"classified": 12})
    p2 = review_of(world, "P2")
    # P2 meets level 1 but its group (the cell's staff) has four peers at level 2: floor(5/6) = 0 keep L1.
    assert (p2.engine_status, p2.engine_level) == ("classified", "L2")
    assert [r["code"] for r in p2.engine_reasons] == ["quota_level1_over_20pct_of_level2"]
    head = review_of(world, "P0")
    # The director meets level 1 personally, but the department exceeded only 1 of its 10 tasks.
    assert (head.engine_level, [r["code"] for r in head.engine_reasons]) == ("L2", ["level1_led_units_exceeded_share"])

    assert reviews_accept_engine(reviews=Review.objects.all(), actor=world.users["thamdinh"], now=NOW) == 12
    before = state_of_all()
    with pytest.raises(ValidationError, match="Đề xuất khác với mức tính toán phải có giải trình"):
        review_verify(review=p2, actor=world.users["thamdinh"], status="classified", level="L1", now=NOW)
    assert state_of_all() == before
    review_verify(
        review=p2,
        actor=world.users["thamdinh"],
        status="classified",
        level="L1",
        justification="Sáng kiến cải cách thủ tục được Bộ công nhận.",
        now=NOW,
    )

    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.DECISION, now=NOW)
    before = state_of_all()
    with pytest.raises(ValidationError, match=r"Chưa đúng trình tự: R[0-9]+ phải chờ quyết định đối với R[0-9]+"):
        reviews_decide(reviews=[head], actor=world.users["tinhuy"], now=NOW)
    assert state_of_all() == before
    organisation = [collective(world, world.agency, "organisation")]
    assert reviews_decide(reviews=organisation, actor=world.users["tinhuy"], now=NOW) == 1
    cell_reviews = list(Review.objects.filter(unit=world.cell))
    before = state_of_all()
    with pytest.raises(ValidationError, match="sẽ có 1 mức 1 nhưng chỉ được giữ 0"):
        reviews_decide(reviews=cell_reviews, actor=world.users["quyetdinh"], now=NOW)
    assert state_of_all() == before
    group = QuotaGroup.objects.get(cycle=cycle, code="DB-SNV/individual/staff")
    quota_group_update(
        group=group,
        actor=world.users["quyetdinh"],
        exception=True,
        grounds="Chi bộ có thành tích đột phá được Tỉnh ủy ghi nhận.",
        now=NOW,
    )
    assert reviews_decide(reviews=cell_reviews, actor=world.users["quyetdinh"], now=NOW) == 7
    rest = Review.objects.exclude(state=ReviewState.DECIDED)
    assert reviews_decide(reviews=list(rest), actor=world.users["tinhuy"], now=NOW) == 4
    assert reviews_publish(reviews=Review.objects.all(), actor=world.users["tinhuy"], now=NOW) == 12
    assert review_of(world, "P2").decided_level == "L1"
    # the statistics followed every batch without anyone recomputing them
    figures = statistics(cycle=cycle, unit=world.province).overall
    assert (figures.total, figures.decided, figures.levels) == (12, 12, {"L1": 1, "L2": 11, "L3": 0, "L4": 0})

    p3 = review_of(world, "P3")
    complaint = complaint_file(review=p3, actor=world.users["p3"], text="Đề nghị xem xét lại mức xếp loại.", now=NOW)
    with pytest.raises(PermissionDenied):  # the committee decided: the complaint goes to the province
        complaint_resolve(
            complaint=complaint,
            actor=world.users["quyetdinh"],
            upheld=True,
            resolution="x",
            status="classified",
            level="L1",
            now=NOW,
        )
    complaint_resolve(
        complaint=complaint,
        actor=world.users["tinhuy"],
        upheld=True,
        resolution="Kết luận sau xác minh của Ban Tổ chức Tỉnh ủy.",
        status="classified",
        level="L2",
        now=NOW,
    )
    p3.refresh_from_db()
    assert (p3.state, p3.decided_level) == (ReviewState.PUBLISHED, "L2")
    assert list(Decision.objects.filter(review=p3).values_list("kind", "level")) == [
        ("verify", "L2"),
        ("decide", "L2"),
        ("reclassify", "L2"),
    ]
    assert audit_verify() == []
    actions = list(
        AuditEntry.objects.filter(object_type="review", object_id=str(p3.pk)).values_list("action", flat=True)
    )
    assert actions == ["review_save", "review_submit", "complaint_file", "complaint_resolve"]
    batches = [
        (entry.action, [row[0] for row in (entry.after or {})["reviews"]])
        for entry in AuditEntry.objects.filter(object_type="batch").order_by("seq")
    ]
    assert [action for action, ids in batches if p3.pk in ids] == [
        "reviews_accept_engine",
        "reviews_decide",
        "reviews_publish",
    ]
