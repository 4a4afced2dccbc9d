"""A small world for the conformity page: the boards' department world with a qd366 year cycle computed by the
engine (the head capped by the department, a lone level-1 candidate demoted by the rounded-down quota) and,
when asked, a qd124 cycle computed too (individuals granted level 2 by conditions no source confirms)."""

from __future__ import annotations

from datetime import UTC, datetime

from danhgia.apps.boards.tests.world import NOW, author, bring, make_world
from danhgia.apps.cycles.models import CycleState, ReviewCycle
from danhgia.apps.cycles.services import cycle_advance, cycle_create
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.services import review_save, review_submit, verification_compute
from danhgia.apps.reviews.services.opening import cycle_open
from danhgia.apps.reviews.tests.world import World, excellent_answers

NOW_2024 = datetime(2024, 12, 20, 9, 0, tzinfo=UTC)
GOOD_GRADES = {"grades": {"politics": "T", "ethics": "T", "discipline": "TB", "style": "T", "tasks": "T"}}


def qd366_computed(world: World) -> ReviewCycle:
    """The department's organisation exceeds enough tasks for its head's level 1 to hold, but scores 84 (level 2):
    the head is capped at level 2 (`head_capped_by_unit`, a project default under qd366)."""
    cycle = bring(world, "computed")
    Review.objects.filter(cycle=cycle, unit=world.agency, category="organisation").update(answers=excellent_answers())
    verification_compute(cycle=cycle, unit=world.province, actor=world.users["thamdinh"], now=NOW)
    return cycle


def qd124_computed(world: World) -> ReviewCycle:
    """A qd124-2023 cycle of 2024 over the same world: every subject graded good, computed by the engine."""
    cycle = cycle_create(
        actor=world.users["admin"],
        name="Kiểm điểm năm 2024",
        kind="year",
        year=2024,
        root=world.province,
        ruleset="qd124-2023",
        now=NOW_2024,
    )
    cycle_open(cycle=cycle, actor=world.users["admin"], now=NOW_2024)
    for review in Review.objects.filter(cycle=cycle).order_by("pk"):
        actor = author(world, review)
        saved = review_save(
            review=review, actor=actor, answers=GOOD_GRADES, score=None, proposed_level="L2", now=NOW_2024
        )
        review_submit(review=saved, actor=actor, now=NOW_2024)
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.VERIFICATION, now=NOW_2024)
    verification_compute(cycle=cycle, unit=world.province, actor=world.users["thamdinh"], now=NOW_2024)
    return cycle


def world_with_logins() -> World:
    return make_world()
