"""The demo's review cycles, one per step of the procedure, over the seeded demo province (Bắc Ninh):

- "Năm 2025 — Đảng bộ Sở Nội vụ" (qd366-2025), open: most members have submitted, some are drafting, and the
  party member persona (dangvien) has not started — he fills his self-review in the demo.
- "Năm 2025 — Đảng bộ xã Tân An" (qd366-2025), at the decision step: computed by the engine, verified, one
  village cell decided and published; the rest waits for the competent level, with quota groups to watch.
- "Quý III/2025 — Tỉnh Bắc Ninh" (qd366-2025), published: results, history and statistics, complaints
  accepted until the end of 2026.
Self-reviews are written straight into the reviews (the demo's members did not type them), each answered
criterion by criterion through the self-review form so that the criteria, the total and the level agree
(selfreviews.py); every other step goes through the workflow services, so the audit trail is complete.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime

from django.contrib.auth.models import User

from danhgia.apps.cycles.models import CycleState, CycleTemplate, ReviewCycle
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.cycles.services import cycle_advance, cycle_create
from danhgia.apps.demo.selfreviews import demo_self_review
from danhgia.apps.demo.services import PERSONAS
from danhgia.apps.orgs.models import Person, Unit
from danhgia.apps.reports.services import summaries_refresh
from danhgia.apps.reviews.bulk import update_rows
from danhgia.apps.reviews.models import Outcome, Review, ReviewState
from danhgia.apps.reviews.services import (
    review_verify,
    reviews_accept_engine,
    reviews_decide,
    reviews_publish,
    verification_compute,
)
from danhgia.apps.reviews.services.opening import cycle_open
from danhgia.apps.selfservice.criteria import Criteria, criteria_from_body, level_minimums
from danhgia.engine.codes import LEADER_CATEGORIES

NOW = datetime(2026, 1, 10, 9, 0, tzinfo=UTC)
PROVINCE, HOME_AFFAIRS_COMMITTEE, COMMUNE = "T27", "T27.D02.D01", "T27.X001"
CHUNK = 100_000  # self-reviews written per update_rows call
PERSONA_PEOPLE = {code for code, _roles in PERSONAS.values() if code}  # their own reviews wait for them
NEEDS_DECISION_GROUNDS = "Hội đồng xem xét hồ sơ và thống nhất với mức tự nhận của người được đánh giá."


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
        demo_self_reviews_fill(cycle, complete=stage != "open")
        if stage != "open":
            _verify_and_decide(cycle, admin, publish_all=stage == "published")
        summaries_refresh(cycle=cycle, actor=admin, now=NOW)  # the statistics pages start up to date
        created.append(name)
    return created


def demo_self_reviews_fill(cycle: ReviewCycle, *, complete: bool) -> None:
    """Every member's self-review (but the personas' own, and ~15 % not started, in an open cycle), each answered
    criterion by criterion through the self-review form (selfreviews.py) so that the criteria, the total and the
    proposed level agree. The choices are seeded by the cycle's name, so every database draws the same ones."""
    rng = random.Random(f"demo self-reviews: {cycle.name}")
    personas = set(Person.objects.filter(personnel_code__in=PERSONA_PEOPLE).values_list("pk", flat=True))
    rules = cycle_rules(cycle)
    bodies = dict(CycleTemplate.objects.filter(cycle=cycle).values_list("category", "body"))
    criteria: dict[str, Criteria] = {}
    rows = []
    for pk, person, category in (
        Review.objects.filter(cycle=cycle).order_by("pk").values_list("pk", "person_id", "category")
    ):
        if not complete and (person in personas or rng.random() < 0.15):
            continue  # not started
        state = ReviewState.SUBMITTED if complete or rng.random() < 0.75 else ReviewState.DRAFT
        if category not in criteria:
            criteria[category] = criteria_from_body(
                bodies.get(category),
                rules.scoring,
                is_leader=category in LEADER_CATEGORIES,
                minimums=level_minimums(rules),
            )
        answers, score, level = demo_self_review(criteria[category], rng)
        rows.append([answers, score, level, state, NOW if state == ReviewState.SUBMITTED else None, pk])
        if len(rows) == CHUNK:  # bounded memory at nation scale (bench/web.py)
            update_rows(Review, ("answers", "score", "proposed_level", "state", "submitted_at"), rows)
            rows = []
    update_rows(Review, ("answers", "score", "proposed_level", "state", "submitted_at"), rows)


def _verify_and_decide(cycle: ReviewCycle, admin: User, *, publish_all: bool) -> None:
    cycle_advance(cycle=cycle, actor=admin, to=CycleState.VERIFICATION, now=NOW)
    verification_compute(cycle=cycle, unit=cycle.root, actor=admin, now=NOW)
    reviews_accept_engine(reviews=Review.objects.filter(cycle=cycle), actor=admin, now=NOW)
    cycle_advance(cycle=cycle, actor=admin, to=CycleState.DECISION, now=NOW)
    if publish_all:
        # The advisory body proposes the self-assessed level for the subjects the engine leaves to the competent
        # level; then everything is decided and published.
        for review in Review.objects.filter(cycle=cycle, engine_status=Outcome.NEEDS_DECISION).order_by("pk"):
            review_verify(
                review=review,
                actor=admin,
                status=Outcome.CLASSIFIED,
                level=review.proposed_level,
                justification=NEEDS_DECISION_GROUNDS,
                now=NOW,
            )
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
