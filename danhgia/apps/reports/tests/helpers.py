"""A world for the reports' tests: the workflow world (reviews/tests/world.py), a cycle opened through the
services, and results set directly on the reviews (the workflow itself is tested in the reviews app)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from danhgia.apps.access.models import Role
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.cycles.services import cycle_create
from danhgia.apps.orgs.models import Unit
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.services.opening import cycle_open
from danhgia.apps.reviews.tests.world import World, build_world, login, replay_grounds

NOW = datetime(2025, 12, 10, 9, 0, tzinfo=UTC)


def reports_world() -> World:
    """The workflow world plus readers: the provincial organising committee, one over the grassroots
    committee only, and one over a cell outside it."""
    world = build_world()
    login(world, "bantochuc", Role.VIEWER, world.province)
    login(world, "bantochuc_db", Role.VIEWER, world.committee)
    login(world, "xem_chibo", Role.VIEWER, world.other_cell)
    login(world, "khong_vai_tro", None, None)
    return world


def open_cycle(world: World, *, year: int = 2025, ruleset: str | None = None) -> ReviewCycle:
    """A year cycle under `ruleset`, by default the party rule set in force that year (366 from 2025, 124
    before)."""
    ruleset = ruleset or ("qd366-2025" if year >= 2025 else "qd124-2023")
    cycle = cycle_create(
        actor=world.users["admin"],
        name=f"Kiểm điểm năm {year}",
        kind="year",
        year=year,
        root=world.province,
        ruleset=ruleset,
        replay_grounds=replay_grounds(ruleset, year),
        now=NOW,
    )
    cycle_open(cycle=cycle, actor=world.users["admin"], now=NOW)
    return cycle


def reasons(code: str) -> list[dict[str, str]]:
    return [{"code": code, "source": "366-QĐ/TW", "detail": code}]


def set_result(review: Review, **fields: Any) -> None:
    Review.objects.filter(pk=review.pk).update(**fields)


def individual(world: World, cycle: ReviewCycle, key: str) -> Review:
    return Review.objects.get(cycle=cycle, person=world.people[key])


def collective(cycle: ReviewCycle, unit: Unit, category: str) -> Review:
    return Review.objects.get(cycle=cycle, unit=unit, category=category)


def decided(level: str, state: str = "published") -> dict[str, Any]:
    return {
        "state": state,
        "engine_status": "classified",
        "engine_level": level,
        "decided_status": "classified",
        "decided_level": level,
    }


def proposed(status: str, level: str = "", reason: str = "", state: str = "verified") -> dict[str, Any]:
    return {
        "state": state,
        "engine_status": status,
        "engine_level": level,
        "engine_reasons": reasons(reason) if reason else [],
    }


def the_2025_results(world: World, cycle: ReviewCycle) -> None:
    """Individuals: P0 L1 and P1 L2 published; P2 L1 proposed; P3 exempt (proposed); P4 decided not
    classified against the engine's L3; P5 not started. Collectives: the province L2, the grassroots
    committee L1, cell CB-VP L2 decided; cell CB-KH not classified (new); the department L3 published and its
    board needing a decision (self-review missing)."""
    set_result(individual(world, cycle, "P0"), **decided("L1"))
    set_result(individual(world, cycle, "P1"), **decided("L2"))
    set_result(individual(world, cycle, "P2"), **proposed("classified", "L1"))
    set_result(individual(world, cycle, "P3"), **proposed("exempt", reason="exempt_from_activities", state="submitted"))
    set_result(
        individual(world, cycle, "P4"),
        state="decided",
        engine_status="classified",
        engine_level="L3",
        engine_reasons=reasons("level3_score"),
        decided_status="not_classified",
        decided_level="",
    )
    set_result(collective(cycle, world.province, "party_organisation"), **decided("L2"))
    set_result(collective(cycle, world.committee, "party_organisation"), **decided("L1"))
    set_result(collective(cycle, world.cell, "party_organisation"), **decided("L2", state="decided"))
    set_result(
        collective(cycle, world.other_cell, "party_organisation"),
        **proposed("not_classified", reason="newly_formed"),
    )
    set_result(collective(cycle, world.agency, "organisation"), **decided("L3"))
    set_result(
        collective(cycle, world.agency, "leadership_collective"),
        **proposed("needs_decision", reason="missing_input", state="not_started"),
    )
