"""A term cycle lists the term's yearly results and leaves the term level to the competent level."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from danhgia.apps.cycles.models import CycleState, QuotaGroup, ReviewCycle
from danhgia.apps.cycles.services import cycle_advance, cycle_create
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.services import verification_compute
from danhgia.apps.reviews.services.opening import cycle_open
from danhgia.apps.reviews.tests.test_cycle_qd366 import self_reviews
from danhgia.apps.reviews.tests.world import World, build_world

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 12, 10, 9, 0, tzinfo=UTC)


def published_year(world: World, year: int, levels: dict[str, str]) -> None:
    cycle = ReviewCycle.objects.create(
        name=f"Năm {year}",
        kind="year",
        year=year,
        root=world.province,
        ruleset="qd124-2023",
        state="published",
        created_at=NOW,
        created_by=world.users["admin"],
    )
    group = QuotaGroup.objects.create(cycle=cycle, code="G", name="G")
    for key, level in levels.items():
        Review.objects.create(
            cycle=cycle,
            subject_type="individual",
            category="staff",
            person=world.people[key],
            unit=world.cell,
            quota_group=group,
            state="published",
            decided_status="classified",
            decided_level=level,
        )


def test_a_term_review_lists_every_year_and_needs_a_decision() -> None:
    world = build_world()
    cycle = cycle_create(
        actor=world.users["admin"],
        name="Nhiệm kỳ 2021–2025",
        kind="term",
        term_start=2021,
        year=2025,
        root=world.province,
        ruleset="qd366-2025",
        now=NOW,
    )
    cycle_open(cycle=cycle, actor=world.users["admin"], now=NOW)
    self_reviews(world)
    published_year(world, 2023, {"P3": "L2", "P4": "L1"})
    published_year(world, 2024, {"P3": "L3"})
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.VERIFICATION, now=NOW)

    verification_compute(cycle=cycle, unit=world.province, actor=world.users["thamdinh"], now=NOW)

    p3 = Review.objects.get(cycle=cycle, person=world.people["P3"])
    assert (p3.engine_status, p3.engine_level, p3.engine_flags) == ("needs_decision", "", ["unconfirmed_rule"])
    reason = p3.engine_reasons[-1]
    assert reason["code"] == "term_years_to_combine"
    assert reason["detail"] == (
        "Kết quả từng năm của nhiệm kỳ — 2021: chưa có kết quả, 2022: chưa có kết quả, 2023: L2, 2024: L3,"
        " 2025: chưa có kết quả. Theo dữ liệu cả nhiệm kỳ, bộ quy tắc cho L2. Chưa có văn bản quy định cách"
        " tổng hợp: cấp có thẩm quyền quyết định."
    )
    assert reason["source"].startswith("Mặc định của dự án")
    statuses = set(Review.objects.filter(cycle=cycle).values_list("engine_status", flat=True))
    assert statuses == {"needs_decision"}
