"""The boards' reads: progress per state, the quota meter, conflicts."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

import pytest

from danhgia.apps.cycles.models import CycleState, QuotaGroup
from danhgia.apps.cycles.services import cycle_advance, cycle_create
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.selectors import conflicts, progress, quota_meters
from danhgia.apps.reviews.services import review_save, review_submit, verification_compute
from danhgia.apps.reviews.services.opening import cycle_open, quota_group_update
from danhgia.apps.reviews.tests.world import build_world, excellent_answers, good_answers

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 12, 10, 9, 0, tzinfo=UTC)


def test_progress_quota_meter_and_conflicts() -> None:
    world = build_world()
    cycle = cycle_create(
        actor=world.users["admin"],
        name="Năm 2025",
        kind="year",
        year=2025,
        root=world.province,
        ruleset="qd366-2025",
        now=NOW,
    )
    cycle_open(cycle=cycle, actor=world.users["admin"], now=NOW)
    assert progress(Review.objects.all())["not_started"] == 12
    for key, login in (("P2", "p2"), ("P3", "p3")):
        answers = excellent_answers() if key == "P2" else good_answers()
        review = review_save(
            review=Review.objects.get(person=world.people[key]),
            actor=world.users[login],
            answers=answers,
            score=Decimal(95 if key == "P2" else 80),
            proposed_level="L1",
            now=NOW,
        )
        review_submit(review=review, actor=world.users[login], now=NOW)
    counts = progress(Review.objects.all())
    assert (counts["not_started"], counts["submitted"], counts["published"]) == (10, 2, 0)
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.VERIFICATION, now=NOW)
    verification_compute(cycle=cycle, unit=world.cell, actor=world.users["thamdinh"], now=NOW)
    group = QuotaGroup.objects.filter(code="DB-SNV/individual/staff")
    [meter] = quota_meters(cycle, group)
    assert (meter.level1, meter.level2, meter.allowed, meter.over) == (0, 2, 0, 0)  # P2 demoted by the engine
    Review.objects.filter(person=world.people["P2"]).update(verified_level="L1")
    [meter] = quota_meters(cycle, group)
    assert (meter.level1, meter.level2, meter.allowed, meter.over) == (1, 1, 0, 1)
    quota_group_update(group=group.get(), actor=world.users["quyetdinh"], exception=True, grounds="Đột phá", now=NOW)
    [meter] = quota_meters(cycle, QuotaGroup.objects.filter(code="DB-SNV/individual/staff"))
    assert (meter.allowed, meter.exception) == (0, True)  # floor(2/5) = 0 even at 25 %
    found = {(c["review"].person_id, c["code"]) for c in conflicts(Review.objects.filter(unit=world.cell))}
    assert (world.people["P3"].pk, "self_vs_engine") in found
    assert (world.people["P4"].pk, "missing_self_review") in found


def test_reasons_are_stored_in_vietnamese_and_english_and_shown_in_the_readers_language() -> None:
    from django.template import Context, Template
    from django.utils import translation

    world = build_world()
    cycle = cycle_create(
        actor=world.users["admin"],
        name="Năm 2025",
        kind="year",
        year=2025,
        root=world.province,
        ruleset="qd366-2025",
        now=NOW,
    )
    cycle_open(cycle=cycle, actor=world.users["admin"], now=NOW)
    review = review_save(
        review=Review.objects.get(person=world.people["P3"]),
        actor=world.users["p3"],
        answers=good_answers(),
        score=Decimal(47),
        proposed_level="L3",
        now=NOW,
    )
    review_submit(review=review, actor=world.users["p3"], now=NOW)
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.VERIFICATION, now=NOW)
    verification_compute(cycle=cycle, unit=world.cell, actor=world.users["thamdinh"], now=NOW)
    [reason] = Review.objects.get(pk=review.pk).engine_reasons
    assert (reason["code"], reason["detail"], reason["detail_en"]) == (
        "score_below_50",
        "Tổng điểm 47 dưới 50 điểm.",
        "Total score 47 is below 50 points.",
    )
    show = Template("{% load reviews %}{{ reason|reason_detail }}")
    for language, text in (("vi", "Tổng điểm 47 dưới 50 điểm."), ("en", "Total score 47 is below 50 points.")):
        with translation.override(language):
            assert show.render(Context({"reason": reason})) == text
