"""Role × action × in/out of scope: every service refuses an actor outside their role or scope, and a
refused request changes nothing (reviews, decisions, comments, complaints, audit entries)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.cycles.models import CycleState, QuotaGroup, ReviewCycle
from danhgia.apps.cycles.services import cycle_advance, cycle_create
from danhgia.apps.reviews.models import Comment, Complaint, Decision, Review
from danhgia.apps.reviews.services import (
    comment_add,
    complaint_file,
    complaint_resolve,
    review_return,
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
from danhgia.apps.reviews.tests.world import World, build_world, good_answers, login

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 12, 10, 9, 0, tzinfo=UTC)
MINUTES = Minutes(date(2025, 12, 5), "Trần Thị Bình", 6, 6)  # the cell's review meeting


def everything() -> tuple[Any, ...]:
    return (
        list(Review.objects.order_by("pk").values()),
        list(Decision.objects.values()),
        list(Comment.objects.values()),
        list(Complaint.objects.values()),
        AuditEntry.objects.count(),
        list(ReviewCycle.objects.values()),
        list(QuotaGroup.objects.values()),
    )


def advance(world: World, to: str) -> ReviewCycle:
    """A qd366 cycle over the world, brought up to `to` (open, verification, decision, published)."""
    cycle = cycle_create(
        actor=world.users["admin"],
        name="Năm 2025",
        kind="year",
        year=2025,
        root=world.province,
        ruleset="qd366-2025",
        deadlines={"complaints_until": date(2026, 1, 31)},
        now=NOW,
    )
    cycle_open(cycle=cycle, actor=world.users["admin"], now=NOW)
    if to == "open":
        return cycle
    for review in Review.objects.all():
        actor = (
            world.users["admin"]
            if review.person is None
            else world.users[
                "bithu"
                if review.person == world.people["P1"]
                else next(k.lower() for k, p in world.people.items() if p == review.person)
            ]
        )
        review_save(review=review, actor=actor, answers=good_answers(), score=Decimal(80), proposed_level="L2", now=NOW)
        review_submit(review=review, actor=actor, now=NOW)
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.VERIFICATION, now=NOW)
    if to == "verification":
        return cycle
    verification_compute(cycle=cycle, unit=world.province, actor=world.users["thamdinh"], now=NOW)
    reviews_accept_engine(reviews=Review.objects.all(), actor=world.users["thamdinh"], now=NOW)
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.DECISION, now=NOW)
    if to == "decision":
        return cycle
    org = Review.objects.filter(category="organisation")
    reviews_decide(reviews=list(org), actor=world.users["tinhuy"], now=NOW)
    reviews_decide(reviews=list(Review.objects.filter(unit=world.cell)), actor=world.users["quyetdinh"], now=NOW)
    rest = Review.objects.exclude(state="decided")
    reviews_decide(reviews=list(rest), actor=world.users["tinhuy"], now=NOW)
    reviews_publish(reviews=Review.objects.all(), actor=world.users["tinhuy"], now=NOW)
    return cycle


def p(world: World, key: str) -> Review:
    return Review.objects.get(person=world.people[key])


Action = Callable[[World, ReviewCycle, str], object]
CASES: list[tuple[str, str, Action, str, bool]] = [
    # (name, stage, action, actor, allowed)
    (
        "own draft",
        "open",
        lambda w, c, a: review_save(review=p(w, "P2"), actor=w.users[a], answers={}, score=None, now=NOW),
        "p2",
        True,
    ),
    (
        "someone else's draft",
        "open",
        lambda w, c, a: review_save(review=p(w, "P2"), actor=w.users[a], answers={}, score=None, now=NOW),
        "p3",
        False,
    ),
    (
        "draft by the secretary",
        "open",
        lambda w, c, a: review_save(review=p(w, "P2"), actor=w.users[a], answers={}, score=None, now=NOW),
        "bithu",
        False,
    ),
    (
        "meeting comment in the cell",
        "open",
        lambda w, c, a: comment_add(
            review=p(w, "P2"), actor=w.users[a], kind="meeting", text="Tốt", minutes=MINUTES, now=NOW
        ),
        "bithu",
        True,
    ),
    (
        "meeting comment by a member",
        "open",
        lambda w, c, a: comment_add(
            review=p(w, "P2"), actor=w.users[a], kind="meeting", text="Tốt", minutes=MINUTES, now=NOW
        ),
        "p3",
        False,
    ),
    (
        "verifier of another cell computes",
        "verification",
        lambda w, c, a: verification_compute(cycle=c, unit=w.cell, actor=w.users[a], now=NOW),
        "ngoai",
        False,
    ),
    (
        "verifier computes",
        "verification",
        lambda w, c, a: verification_compute(cycle=c, unit=w.cell, actor=w.users[a], now=NOW),
        "thamdinh",
        True,
    ),
    (
        "secretary computes",
        "verification",
        lambda w, c, a: verification_compute(cycle=c, unit=w.cell, actor=w.users[a], now=NOW),
        "bithu",
        False,
    ),
    (
        "return by a decider",
        "verification",
        lambda w, c, a: review_return(review=p(w, "P2"), actor=w.users[a], reason="Thiếu minh chứng", now=NOW),
        "tinhuy",
        False,
    ),
    (
        "verify out of scope",
        "decision",
        lambda w, c, a: review_verify(review=p(w, "P2"), actor=w.users[a], status="exempt", justification="x", now=NOW),
        "ngoai",
        False,
    ),
    (
        "accept engine out of scope",
        "decision",
        lambda w, c, a: reviews_accept_engine(reviews=[p(w, "P2")], actor=w.users[a], now=NOW),
        "ngoai",
        False,
    ),
    (
        "cell members decided by the committee",
        "decision",
        lambda w, c, a: reviews_decide(
            reviews=list(Review.objects.filter(category="organisation")), actor=w.users[a], now=NOW
        ),
        "quyetdinh",
        False,
    ),
    (
        "decide by a verifier",
        "decision",
        lambda w, c, a: reviews_decide(
            reviews=list(Review.objects.filter(category="organisation")), actor=w.users[a], now=NOW
        ),
        "thamdinh",
        False,
    ),
    (
        "decide by the province",
        "decision",
        lambda w, c, a: reviews_decide(
            reviews=list(Review.objects.filter(category="organisation")), actor=w.users[a], now=NOW
        ),
        "tinhuy",
        True,
    ),
    (
        "quota exception by a member",
        "decision",
        lambda w, c, a: quota_group_update(
            group=QuotaGroup.objects.get(code="DB-SNV/individual/staff"),
            actor=w.users[a],
            exception=True,
            grounds="Thành tích",
            now=NOW,
        ),
        "p2",
        False,
    ),
    (
        "advance by a member",
        "verification",
        lambda w, c, a: cycle_advance(cycle=c, actor=w.users[a], to=CycleState.DECISION, now=NOW),
        "p2",
        False,
    ),
    (
        "create by an outsider",
        "none",
        lambda w, c, a: cycle_create(
            actor=w.users[a], name="X", kind="year", year=2026, root=w.province, ruleset="qd366-2025", now=NOW
        ),
        "outsider",
        False,
    ),
    (
        "complaint on someone else's result",
        "published",
        lambda w, c, a: complaint_file(review=p(w, "P2"), actor=w.users[a], text="Không đồng ý", now=NOW),
        "p3",
        False,
    ),
    (
        "complaint on one's own result",
        "published",
        lambda w, c, a: complaint_file(review=p(w, "P2"), actor=w.users[a], text="Không đồng ý", now=NOW),
        "p2",
        True,
    ),
    (
        "publish by a member",
        "decision",
        lambda w, c, a: reviews_publish(reviews=list(Review.objects.all()), actor=w.users[a], now=NOW),
        "p2",
        False,
    ),
]


@pytest.mark.parametrize(("name", "stage", "action", "actor", "allowed"), CASES, ids=[c[0] for c in CASES])
def test_role_and_scope(name: str, stage: str, action: Action, actor: str, allowed: bool) -> None:
    world = build_world()
    login(world, "outsider", None, None)
    cycle = advance(world, stage if stage != "none" else "open")
    before = everything()
    if allowed:
        action(world, cycle, actor)
        assert everything() != before
    else:
        with pytest.raises(PermissionDenied):
            action(world, cycle, actor)
        assert everything() == before


def test_a_complaint_is_resolved_only_by_the_level_above_the_decider() -> None:
    world = build_world()
    advance(world, "published")
    complaint = complaint_file(review=p(world, "P2"), actor=world.users["p2"], text="Đề nghị xem lại", now=NOW)
    before = everything()
    for actor in ("quyetdinh", "thamdinh", "bithu", "p2"):
        with pytest.raises(PermissionDenied):
            complaint_resolve(
                complaint=complaint, actor=world.users[actor], upheld=False, resolution="Giữ nguyên", now=NOW
            )
        assert everything() == before
    complaint_resolve(complaint=complaint, actor=world.users["tinhuy"], upheld=False, resolution="Giữ nguyên", now=NOW)
    assert everything() != before


def test_only_an_administrator_opens_a_cycle() -> None:
    world = build_world()
    cycle = cycle_create(
        actor=world.users["admin"],
        name="Quý I",
        kind="quarter",
        quarter=1,
        year=2026,
        root=world.province,
        ruleset="qd366-2025",
        now=NOW,
    )
    before = everything()
    for actor in ("thamdinh", "tinhuy", "bithu", "p2"):
        with pytest.raises(PermissionDenied):
            cycle_open(cycle=cycle, actor=world.users[actor], now=NOW)
        assert everything() == before
    assert cycle_open(cycle=cycle, actor=world.users["admin"], now=NOW) == 12
