"""Consequence flags from published yearly results: two L4 years in a row, commendation."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.contrib.auth.models import User

from danhgia.apps.cycles.models import QuotaGroup, ReviewCycle
from danhgia.apps.orgs.models import Post
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.selectors import appointment_term, consequences_of, quarterly_results, yearly_history
from danhgia.apps.reviews.tests.world import World, build_world
from danhgia.domain.periods import Term

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 12, 10, tzinfo=UTC)


def published(
    world: World, year: int, level: str, ruleset: str = "qd366-2025", key: str = "P3", category: str = "staff"
) -> Review:
    admin = User.objects.get(username="admin")
    cycle = ReviewCycle.objects.create(
        name=f"Năm {year}",
        kind="year",
        year=year,
        root=world.province,
        ruleset=ruleset,
        state="published",
        created_at=NOW,
        created_by=admin,
    )
    group = QuotaGroup.objects.create(cycle=cycle, code="G", name="G")
    return Review.objects.create(
        cycle=cycle,
        subject_type="individual",
        category=category,
        person=world.people[key],
        unit=world.cell,
        quota_group=group,
        state="published",
        decided_status="classified",
        decided_level=level,
    )


def test_two_consecutive_failures_of_a_party_member() -> None:
    world = build_world()
    published(world, 2023, "L2")
    published(world, 2024, "L4")
    latest = published(world, 2025, "L4")
    assert yearly_history(latest) == {2023: "L2", 2024: "L4", 2025: "L4"}
    [flag] = consequences_of(latest)
    assert (flag.code, flag.years) == ("party_education_then_removal", (2024, 2025))
    assert flag.text.vi == (
        "Đảng viên có 02 năm liên tiếp (2024, 2025) xếp loại «Không hoàn thành nhiệm vụ»: chi bộ giáo dục, "
        "giúp đỡ; nếu không tiến bộ, xem xét đưa ra khỏi Đảng."
    )


def test_a_civil_servant_failing_twice_faces_termination() -> None:
    world = build_world()
    published(world, 2026, "L4", "nd335-2025")
    latest = published(world, 2027, "L4", "nd335-2025")
    assert [c.code for c in consequences_of(latest)] == ["termination"]


def test_a_civil_servant_leader_failing_twice_in_one_appointment_term_is_reassigned() -> None:
    # P0 has held the head's post since 2020-01-01: the appointment term 2025–2029 covers 2026 and 2028.
    world = build_world()
    published(world, 2026, "L4", "nd335-2025", key="P0", category="leader")
    published(world, 2027, "L2", "nd335-2025", key="P0", category="leader")
    latest = published(world, 2028, "L4", "nd335-2025", key="P0", category="leader")
    [flag] = consequences_of(latest)
    assert (flag.code, flag.years) == ("reassignment_or_no_reappointment", (2026, 2028))
    # the same years for a civil servant without a leadership post: two L4 years within three
    published(world, 2026, "L4", "nd335-2025")
    published(world, 2027, "L2", "nd335-2025")
    staff = published(world, 2028, "L4", "nd335-2025")
    assert [c.code for c in consequences_of(staff)] == ["lower_job_position"]
    # a leader whose post ended before the year is judged without a term
    Post.objects.filter(person=world.people["P0"]).update(valid_to=date(2027, 12, 31))
    assert consequences_of(latest) == ()


def test_appointment_terms_run_five_years_from_the_post() -> None:
    world = build_world()  # P0's head post from START
    start = world.people["P0"].posts.get().valid_from.year
    assert appointment_term(world.people["P0"].pk, start) == Term(start, start + 4)
    assert appointment_term(world.people["P0"].pk, start + 6) == Term(start + 5, start + 9)
    assert appointment_term(world.people["P3"].pk, start) is None  # no leadership post


def test_excellence_makes_a_member_eligible_for_commendation() -> None:
    world = build_world()
    latest = published(world, 2025, "L1")
    assert [c.code for c in consequences_of(latest)] == ["commendation_year"]


def published_quarters(world: World, year: int, levels: dict[int, str]) -> None:
    """Published quarterly results of P3 in quarter cycles of `year` ({quarter: level})."""
    admin = User.objects.get(username="admin")
    for quarter, level in levels.items():
        cycle = ReviewCycle.objects.create(
            name=f"Quý {quarter}/{year}",
            kind="quarter",
            quarter=quarter,
            year=year,
            root=world.province,
            ruleset="qd366-2025",
            state="published",
            created_at=NOW,
            created_by=admin,
        )
        group = QuotaGroup.objects.create(cycle=cycle, code="G", name="G")
        Review.objects.create(
            cycle=cycle,
            subject_type="individual",
            category="staff",
            person=world.people["P3"],
            unit=world.cell,
            quota_group=group,
            state="published",
            decided_status="classified",
            decided_level=level,
        )


def test_the_year_end_review_draws_on_the_quarters_of_the_year() -> None:
    world = build_world()
    published_quarters(world, 2025, {1: "L2", 2: "L1", 3: "L2"})
    year_end = published(world, 2025, "L2")
    assert quarterly_results(year_end) == {1: "L2", 2: "L1", 3: "L2"}
    second = Review.objects.get(cycle__quarter=2)
    assert quarterly_results(second) == {}  # only the year-end cycle draws on quarters
