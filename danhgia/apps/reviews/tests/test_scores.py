"""The score the engine compares with its bands is exact (reviews.scores): a self-review keeps its total before
rounding beside the display; a Decree 335 year is the mean of its monitoring periods; a Decree 335 leader's d
comes from the results of the civil servants in their charge."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.cycles.services import cycle_create
from danhgia.apps.reviews.facts import scenario_for, subject_id
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.scores import engine_score_of
from danhgia.apps.reviews.services import review_save, review_submit
from danhgia.apps.reviews.services.opening import cycle_open
from danhgia.apps.reviews.tests.world import World, build_world, good_answers
from danhgia.apps.selfservice.tests.factories import NOW, open_cycle
from danhgia.engine import classify_scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db: None) -> World:
    return build_world()


def review_in(world: World, cycle: ReviewCycle, key: str) -> Review:
    return Review.objects.get(cycle=cycle, person=world.people[key])


def submit(world: World, review: Review, score: str, exact: Fraction | None = None, **answers: Any) -> Review:
    actor = world.users["bithu" if review.person_id == world.people["P1"].pk else _login(world, review)]
    saved = review_save(
        review=review,
        actor=actor,
        answers=good_answers() | answers,
        score=Decimal(score),
        score_exact=exact,
        proposed_level="L2",
        now=NOW,
    )
    return review_submit(review=saved, actor=actor, now=NOW)


def _login(world: World, review: Review) -> str:
    return next(k for k, p in world.people.items() if p.pk == review.person_id).lower()


def result_of(cycle: ReviewCycle, review: Review) -> dict[str, Any]:
    document = scenario_for(cycle, [review.pk])
    results = classify_scenario(document, lang="en")["results"]
    return next(r for r in results if r["subject"] == subject_id(review.pk))


def test_an_exact_8999_5_is_below_the_band_of_90_though_it_shows_as_90(world: World) -> None:
    cycle = open_cycle(world, ruleset="nd335-2025", name="Đánh giá công chức năm 2025")
    below, at = review_in(world, cycle, "P2"), review_in(world, cycle, "P3")
    below = submit(world, below, "90.00", Fraction(17999, 200))  # 89.995: half up shows 90.00
    at = submit(world, at, "90.00", Fraction(90))

    below.refresh_from_db()
    assert (below.score, below.score_exact) == (Decimal("90.00"), "17999/200")
    assert scenario_for(cycle, [below.pk])["subjects"][0]["score"] == 89.995
    # the exact value is below the band: L2 by its score, not by the quota
    assert [r["code"] for r in result_of(cycle, below)["reasons"]] == ["level1_score"]
    assert "89.995" in result_of(cycle, below)["reasons"][0]["detail"]
    # 90 exactly reaches the band (only the quota of its group demotes it)
    assert [r["code"] for r in result_of(cycle, at)["reasons"]] == ["quota_level1_over_20pct_of_level2"]
    entry = AuditEntry.objects.filter(action="review_save").order_by("pk").first()
    assert entry is not None and entry.after is not None and entry.after["score_exact"] == "17999/200"


def test_a_score_that_is_not_the_display_of_its_exact_value_is_refused(world: World) -> None:
    cycle = open_cycle(world, ruleset="nd335-2025", name="Đánh giá công chức năm 2025")
    review = review_in(world, cycle, "P2")
    before = (list(Review.objects.values()), AuditEntry.objects.count())

    with pytest.raises(ValidationError) as refused:
        review_save(
            review=review,
            actor=world.users["p2"],
            answers=good_answers(),
            score=Decimal("90.00"),
            score_exact=Fraction(8999, 100),  # 89.99 shows as 89.99, not 90.00
            now=NOW,
        )

    assert "score" in refused.value.message_dict
    assert (list(Review.objects.values()), AuditEntry.objects.count()) == before


def quarter_cycle(world: World, quarter: int) -> ReviewCycle:
    cycle = cycle_create(
        actor=world.users["admin"],
        name=f"Theo dõi quý {quarter}/2025",
        kind="quarter",
        year=2025,
        quarter=quarter,
        root=world.province,
        ruleset="nd335-2025",
        replay_grounds="Diễn tập: áp dụng Nghị định 335 cho năm 2025.",
        deadlines={"self_review_due": (NOW + timedelta(days=5)).date()},
        now=NOW,
    )
    cycle_open(cycle=cycle, actor=world.users["admin"], now=NOW)
    return cycle


def test_the_decree_335_year_is_the_mean_of_the_periods_worked(world: World) -> None:
    q1, q2, q3 = (quarter_cycle(world, q) for q in (1, 2, 3))
    year = open_cycle(world, ruleset="nd335-2025", name="Đánh giá công chức năm 2025")
    submit(world, review_in(world, q1, "P2"), "88.90")
    submit(world, review_in(world, q2, "P2"), "91.20")
    review_in(world, q3, "P2")  # Q3 on leave: no self-review, not a period worked
    review_save(  # a draft is not a result either
        review=review_in(world, q3, "P3"), actor=world.users["p3"], answers={}, score=Decimal(10), now=NOW
    )
    p2 = submit(world, review_in(world, year, "P2"), "90.40", Fraction(9040, 100))
    p3 = submit(world, review_in(world, year, "P3"), "60.00")

    subjects = {s["id"]: s for s in scenario_for(year, [p2.pk, p3.pk])["subjects"]}

    # (88.90 + 91.20 + 90.40) / 3 = 270.5 / 3 = 90.1666…, over the three periods worked
    assert subjects[subject_id(p2.pk)]["score"] == float(Fraction(2705, 30))
    assert subjects[subject_id(p3.pk)]["score"] == 60
    found = engine_score_of(p2)
    assert found is not None
    assert (found.exact, dict(found.quarters), found.own) == (
        Fraction(2705, 30),
        {1: Fraction(8890, 100), 2: Fraction(9120, 100)},
        Fraction(9040, 100),
    )
    # a quarterly cycle itself is its own period
    assert scenario_for(q1, [review_in(world, q1, "P2").pk])["subjects"][0]["score"] == 88.9


def test_a_leaders_d_comes_from_the_results_of_the_staff(world: World) -> None:
    cycle = open_cycle(world, ruleset="nd335-2025", name="Đánh giá công chức năm 2025")
    leader = review_in(world, cycle, "P0")  # head of SNV; P1–P5 are posted there
    assert leader.category == "leader"
    # saved while no one in charge had a result: d = 100 %, a + b + c + d + đ + e = 5 → 70 × 5/6 + 20
    factors = {"staff_all_completed": True, "tasks_on_plan": True, "united": True}
    leader = submit(world, leader, "78.33", Fraction(235, 3), leader_factors=factors)
    assert scenario_for(cycle, [leader.pk])["subjects"][0]["score"] == float(Fraction(235, 3))

    submit(world, review_in(world, cycle, "P2"), "72.00")
    submit(world, review_in(world, cycle, "P3"), "49.99")  # below the completion band

    # d becomes 50 %: 70 × 0.5 / 6 = 35/6 fewer points
    assert scenario_for(cycle, [leader.pk])["subjects"][0]["score"] == float(Fraction(235, 3) - Fraction(35, 6))
    found = engine_score_of(leader)
    assert found is not None and found.staff is not None
    assert sorted((s.name, s.score) for s in found.staff) == sorted(
        [
            (world.people["P2"].full_name, Fraction(72)),
            (world.people["P3"].full_name, Fraction(4999, 100)),
            (world.people["P1"].full_name, None),
            (world.people["P4"].full_name, None),
            (world.people["P5"].full_name, None),
        ]
    )
    leader.refresh_from_db()
    assert leader.score_exact == "235/3"  # the saved figure stays; the engine gets the one the staff give
