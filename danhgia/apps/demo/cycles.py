"""The demo's review cycles, one per step of the procedure, over the seeded demo province (Bắc Ninh):

- "Năm 2025 — Đảng bộ Sở Nội vụ" (qd366-2025), open: most members have submitted, some are drafting, and the
  party member persona (dangvien) has not started — he fills his self-review in the demo.
- "Năm 2025 — Đảng bộ xã Tân An" (qd366-2025), at the decision step: computed by the engine, verified, one
  village cell decided and published; the rest waits for the competent level, with quota groups to watch.
- "Quý III/2025 — Tỉnh Bắc Ninh" (qd366-2025), published: results, history and statistics, complaints
  accepted until the end of 2026.
Self-reviews are written straight into the reviews (the demo's members did not type them); every other step
goes through the workflow services, so the audit trail is complete.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User

from danhgia.apps.cycles.models import CycleState, ReviewCycle
from danhgia.apps.cycles.services import cycle_advance, cycle_create, cycle_open
from danhgia.apps.orgs.models import Person, Unit
from danhgia.apps.reports.services import summaries_refresh
from danhgia.apps.reviews.bulk import update_rows
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.services import (
    reviews_accept_engine,
    reviews_decide,
    reviews_publish,
    verification_compute,
)

NOW = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
PROVINCE, HOME_AFFAIRS_COMMITTEE, COMMUNE = "T27", "T27.D02.D01", "T27.X001"
MEMBER = "DEMO-0003"  # the party member persona: his review stays untouched in the open cycle


def demo_cycles_ensure(admin: User) -> list[str]:
    """Create the three demo cycles that do not exist yet; returns the names created."""
    created = []
    plans = (
        ("Quý III/2025 — Tỉnh Bắc Ninh", PROVINCE, {"kind": "quarter", "quarter": 3}, "published"),
        ("Năm 2025 — Đảng bộ xã Tân An", COMMUNE, {"kind": "year"}, "decision"),
        ("Năm 2025 — Đảng bộ Sở Nội vụ", HOME_AFFAIRS_COMMITTEE, {"kind": "year"}, "open"),
    )
    for name, root, period, stage in plans:
        if ReviewCycle.objects.filter(name=name).exists():
            continue
        cycle = cycle_create(
            actor=admin,
            name=name,
            year=2025,
            root=Unit.objects.get(code=root),
            ruleset="qd366-2025",
            now=NOW,
            deadlines={
                "self_review_due": date(2025, 12, 15),
                "verification_due": date(2025, 12, 25),
                "decision_due": date(2025, 12, 31),
                "complaints_until": date(2026, 12, 31),
            },
            **period,
        )
        cycle_open(cycle=cycle, actor=admin, now=NOW)
        _self_reviews(cycle, complete=stage != "open")
        if stage != "open":
            _verify_and_decide(cycle, admin, publish_all=stage == "published")
        summaries_refresh(cycle=cycle, actor=admin, now=NOW)  # the statistics pages start up to date
        created.append(name)
    return created


def _answers(rng: random.Random) -> tuple[Decimal, dict[str, Any], str]:
    """A plausible self-review: ~15 % excellent, ~70 % good, ~12 % completion, a few weak."""
    draw = rng.random()
    assigned = rng.randint(8, 30)
    if draw < 0.15:
        score, exceeded, late, level = rng.randint(91, 97), max(1, assigned // 3 + 1), 0, "L1"
    elif draw < 0.85:
        score, exceeded, late, level = rng.randint(72, 89), rng.randint(0, assigned // 4), 0, "L2"
    elif draw < 0.97:
        score, exceeded, late, level = rng.randint(55, 69), 0, rng.randint(0, assigned // 6), "L3"
    else:
        score, exceeded, late, level = rng.randint(40, 49), 0, rng.randint(1, 3), "L4"
    tasks = {"assigned": assigned, "completed": assigned, "on_time": assigned - late, "exceeded": exceeded}
    shortcomings = {"noted": 2, "remedied": 2 if level == "L1" else rng.randint(1, 2)}
    return Decimal(score), {"tasks": tasks, "shortcomings": shortcomings}, level


def _self_reviews(cycle: ReviewCycle, *, complete: bool) -> None:
    rng = random.Random(cycle.pk * 7919)
    member = Person.objects.filter(personnel_code=MEMBER).values_list("pk", flat=True).first()
    rows = []
    for pk, person in Review.objects.filter(cycle=cycle).order_by("pk").values_list("pk", "person_id"):
        if not complete and (person == member or rng.random() < 0.15):
            continue  # not started
        state = ReviewState.SUBMITTED if complete or rng.random() < 0.75 else ReviewState.DRAFT
        score, answers, level = _answers(rng)
        rows.append([answers, score, level, state, NOW if state == ReviewState.SUBMITTED else None, pk])
    update_rows(Review, ("answers", "score", "proposed_level", "state", "submitted_at"), rows)


def _verify_and_decide(cycle: ReviewCycle, admin: User, *, publish_all: bool) -> None:
    cycle_advance(cycle=cycle, actor=admin, to=CycleState.VERIFICATION, now=NOW)
    verification_compute(cycle=cycle, unit=cycle.root, actor=admin, now=NOW)
    reviews_accept_engine(reviews=Review.objects.filter(cycle=cycle), actor=admin, now=NOW)
    cycle_advance(cycle=cycle, actor=admin, to=CycleState.DECISION, now=NOW)
    if publish_all:
        # needs_decision subjects stay with the competent level; everything verified is decided and published
        reviews_decide(
            reviews=list(Review.objects.filter(cycle=cycle, state=ReviewState.VERIFIED)), actor=admin, now=NOW
        )
        reviews_publish(reviews=Review.objects.filter(cycle=cycle), actor=admin, now=NOW)
        cycle_advance(cycle=cycle, actor=admin, to=CycleState.PUBLISHED, now=NOW)
        return
    # Organisations first (heads and leaders wait for them), then one village cell, decided and published.
    organisations = list(Review.objects.filter(cycle=cycle, category="organisation", state=ReviewState.VERIFIED))
    reviews_decide(reviews=organisations, actor=admin, now=NOW)
    first_cell = (
        Review.objects.filter(cycle=cycle, category="party_organisation")
        .exclude(unit=cycle.root)
        .order_by("unit__code")
        .values_list("unit_id", flat=True)
        .first()
    )
    assert first_cell is not None, "the demo commune has village cells"
    cell = list(Review.objects.filter(cycle=cycle, unit_id=first_cell, state=ReviewState.VERIFIED))
    reviews_decide(reviews=cell, actor=admin, now=NOW)
    reviews_publish(reviews=organisations + cell, actor=admin, now=NOW)
