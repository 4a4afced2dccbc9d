"""A world for the rule lab's tests: the workflow world (reviews/tests/world.py), a 2025 cycle opened through
the services with self-reviews set directly on the reviews, a rule editor over the province and a draft."""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from danhgia.apps.access.models import Role
from danhgia.apps.cycles.models import ReviewCycle, RulesetVersion
from danhgia.apps.lab.models import RulesetDraft
from danhgia.apps.lab.services import draft_create
from danhgia.apps.reports.tests.helpers import open_cycle
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.tests.world import World, build_world, excellent_answers, good_answers, login

NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
# score per member: P0 (the head) and P2 excellent, the others good
SCORES = {"P0": 95, "P1": 80, "P2": 92, "P3": 80, "P4": 75, "P5": 82}


def lab_world() -> World:
    world = build_world()
    login(world, "bientap", Role.RULE_EDITOR, world.province)
    login(world, "bientap_db", Role.RULE_EDITOR, world.committee)
    login(world, "khong_vai_tro", None, None)
    return world


def scored_cycle(world: World) -> ReviewCycle:
    cycle = ReviewCycle.objects.get(pk=open_cycle(world).pk)
    for key, score in SCORES.items():
        answers = excellent_answers() if score >= 90 else good_answers()
        Review.objects.filter(cycle=cycle, person=world.people[key]).update(score=Decimal(score), answers=answers)
    Review.objects.filter(cycle=cycle, person__isnull=True).update(score=Decimal(85), answers=good_answers())
    return cycle


def new_draft(world: World, cycle: ReviewCycle) -> RulesetDraft:
    base = RulesetVersion.objects.get(sha256=cycle.ruleset_sha256)
    return draft_create(
        base=base, title="Dự thảo sửa đổi Quy định 366", owner=world.province, actor=world.users["bientap"], now=NOW
    )
