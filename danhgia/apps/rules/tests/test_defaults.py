"""Where each project default decided a result: per cycle, the reviews whose engine result carries
`unconfirmed_rule`, put down to the default of the cycle's rule set that decided each."""

from __future__ import annotations

import json

import pytest
from django.db import connection

from danhgia.apps.boards.tests.world import bring
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.tests.world import World
from danhgia.apps.rules.basis import committed_bases
from danhgia.apps.rules.jsonlist import ListHolds
from danhgia.apps.rules.selectors import CycleDefaults, defaults_by_cycle
from danhgia.apps.rules.tests.helpers import qd124_computed, qd366_computed, world_with_logins

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return world_with_logins()


def counts() -> dict[str, tuple[str, int, int, dict[str, int], int]]:
    """cycle name → (rule set, computed, flagged, the defaults that decided something, put down to none)."""
    return {
        c.name: (c.ruleset, c.computed, c.flagged, {d.name: d.count for d in c.defaults if d.count}, c.unattributed)
        for c in defaults_by_cycle(committed_bases())
    }


def of(cycle: ReviewCycle) -> CycleDefaults:
    return next(c for c in defaults_by_cycle(committed_bases()) if c.cycle_id == cycle.pk)


def test_each_cycle_counts_its_flagged_reviews_per_default_of_its_own_rule_set(world: World) -> None:
    qd366 = qd366_computed(world)
    qd124_computed(world)
    assert counts() == {
        # the head capped by the department (L1 → L2); the lone level-1 staff member demoted by the quota, whose
        # allowance 5/6 was rounded down
        "Kiểm điểm năm 2025": ("qd366-2025", 12, 2, {"head_capped_by_unit": 1, "quota_rounding": 1}, 0),
        # the six individuals granted level 2 by the individual L2 conditions no source confirms; the collectives'
        # own L2 conditions are confirmed, so they are not flagged
        "Kiểm điểm năm 2024": (
            "qd124-2023",
            12,
            6,
            {"level2_individual_tasks_good": 6, "level2_individual_others_average": 6},
            0,
        ),
    }
    assert [(d.name, d.is_parameter) for d in of(qd366).defaults] == [
        ("collective_formed_less_than_6_months", False),
        ("sick_leave_cap", False),
        ("head_capped_by_unit", False),
        ("leadership_collective_capped_by_organisation", False),
        ("quota_rounding", True),
        ("score_bands_are_minimums", True),
    ]
    assert of(qd366).pin_matches


def test_a_band_condition_mismatch_is_put_down_to_score_bands_read_as_minimums(world: World) -> None:
    bring(world, "computed")  # the head scores 95 but his department exceeded too few tasks: level 2
    assert counts() == {
        "Kiểm điểm năm 2025": ("qd366-2025", 12, 2, {"score_bands_are_minimums": 1, "quota_rounding": 1}, 0),
    }


def test_a_flag_no_stored_field_explains_is_counted_apart_and_a_code_matches_exactly(world: World) -> None:
    cycle = qd366_computed(world)
    Review.objects.filter(cycle=cycle, person=world.people["P3"]).update(
        engine_flags=["unconfirmed_rule"], engine_reasons=[{"code": "head_capped_by_unit_elsewhere"}]
    )
    Review.objects.filter(cycle=cycle, person=world.people["P4"]).update(
        engine_flags=["unconfirmed_rule_elsewhere"], engine_reasons=[{"code": "head_capped_by_unit"}]
    )
    assert counts() == {
        "Kiểm điểm năm 2025": ("qd366-2025", 12, 3, {"head_capped_by_unit": 1, "quota_rounding": 1}, 1),
    }


def test_a_cycle_not_yet_computed_counts_nothing_and_a_changed_rule_set_is_shown(world: World) -> None:
    cycle = bring(world, "submitted")
    ReviewCycle.objects.filter(pk=cycle.pk).update(ruleset_sha256="0" * 64)
    got = of(cycle)
    assert (got.computed, got.flagged, got.unattributed, {d.count for d in got.defaults}) == (0, 0, 0, {0})
    assert not got.pin_matches


def test_json_lists_are_matched_whatever_the_spacing_of_their_text(world: World) -> None:
    cycle = qd366_computed(world)
    review = Review.objects.get(cycle=cycle, person=world.people["P3"])
    compact = json.dumps([{"detail": "…", "code": "sick_leave_cap"}], separators=(",", ":"), ensure_ascii=False)
    cast = "::jsonb" if connection.vendor == "postgresql" else ""
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Review._meta.db_table} SET engine_reasons = %s{cast}, engine_flags = %s{cast} WHERE id = %s",
            [compact, '["quota_tie","unconfirmed_rule"]', review.pk],
        )
    holds = Review.objects.filter(ListHolds("engine_reasons", "sick_leave_cap", key="code"))
    assert list(holds.values_list("pk", flat=True)) == [review.pk]
    assert Review.objects.filter(ListHolds("engine_flags", "unconfirmed_rule")).count() == 3
    assert not Review.objects.filter(ListHolds("engine_flags", "unconfirmed")).exists()
    assert of(cycle).defaults[1].name == "sick_leave_cap" and of(cycle).defaults[1].count == 1


def test_a_bad_json_key_is_refused() -> None:
    with pytest.raises(ValueError, match="bad JSON key"):
        ListHolds("engine_reasons", "x", key="code') OR 1=1 --")


def test_a_cycle_under_a_rule_set_that_is_not_built_in_counts_its_flags_apart(world: World) -> None:
    cycle = bring(world, "computed")
    ReviewCycle.objects.filter(pk=cycle.pk).update(ruleset="qd366-what-if")
    got = of(cycle)
    assert (got.ruleset, got.computed, got.flagged, got.defaults, got.unattributed) == ("qd366-what-if", 12, 2, (), 2)
    assert (got.current_sha256, got.pin_matches) == (None, False)
