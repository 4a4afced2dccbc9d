"""Property: on random trees (with a mid-year move) and random review outcomes, the figures read from the
summary tables at every node equal a brute-force count over the reviews themselves."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danhgia.apps.cycles.models import QuotaGroup, ReviewCycle
from danhgia.apps.orgs.models import Person, Unit, UnitKind, UnitLink
from danhgia.apps.orgs.selectors import in_force
from danhgia.apps.orgs.services import unit_create, unit_move
from danhgia.apps.reports.figures import Figures
from danhgia.apps.reports.models import Subject
from danhgia.apps.reports.selectors import statistics
from danhgia.apps.reports.services import summaries_refresh
from danhgia.apps.reviews.models import Review

pytestmark = pytest.mark.django_db
START, MOVED, END = date(2020, 1, 1), date(2025, 7, 1), date(2025, 12, 31)
NOW = datetime(2025, 12, 20, tzinfo=UTC)
KINDS = [k.value for k in UnitKind]
STATES = ["not_started", "draft", "submitted", "returned", "verified", "decided", "published", "complained"]
STATUSES = ["", "classified", "exempt", "not_classified", "needs_decision"]
LEVELS = ["", "L1", "L2", "L3", "L4"]
REASONS = ["", "exempt_from_activities", "missing_input", "level2_score"]
INDIVIDUAL = ["leader_central", "leader", "staff", "member_outside"]
COLLECTIVE = ["party_organisation", "organisation", "leadership_collective"]


@dataclass(frozen=True)
class Outcome:
    state: str
    engine: tuple[str, str]
    decided: tuple[str, str]
    reason: str


outcomes = st.builds(
    Outcome,
    state=st.sampled_from(STATES),
    engine=st.tuples(st.sampled_from(STATUSES), st.sampled_from(LEVELS)),
    decided=st.tuples(st.sampled_from(STATUSES), st.sampled_from(LEVELS)),
    reason=st.sampled_from(REASONS),
)


@st.composite
def worlds(draw: Any) -> dict[str, Any]:
    size = draw(st.integers(1, 9))
    parents = [None] + [draw(st.integers(0, i - 1)) for i in range(1, size)]
    kinds = [draw(st.sampled_from(KINDS)) for _ in range(size)]
    individuals = [
        (draw(st.integers(0, size - 1)), draw(st.sampled_from(INDIVIDUAL)), draw(outcomes))
        for _ in range(draw(st.integers(0, 14)))
    ]
    collectives = {
        (unit, category): draw(outcomes) for unit in range(size) for category in COLLECTIVE if draw(st.booleans())
    }
    move = None
    if size > 2 and draw(st.booleans()):  # re-parent a non-root unit mid-year (to a unit outside its subtree)
        move = (draw(st.integers(1, size - 1)), draw(st.integers(0, size - 1)))
    ruleset = draw(st.sampled_from(["qd366-2025", "nd335-2025"]))
    node = draw(st.integers(0, size - 1))
    return {
        "parents": parents,
        "kinds": kinds,
        "individuals": individuals,
        "collectives": collectives,
        "move": move,
        "ruleset": ruleset,
        "node": node,
    }


def build(spec: dict[str, Any]) -> tuple[ReviewCycle, list[Unit]]:
    units: list[Unit] = []
    for i, (parent, kind) in enumerate(zip(spec["parents"], spec["kinds"], strict=True)):
        units.append(
            unit_create(
                code=f"U{i}",
                name=f"Đơn vị {i}",
                kind=kind,
                parent=None if parent is None else units[parent],
                valid_from=START,
            )
        )
    if spec["move"]:
        moved, target = spec["move"]
        paths = dict(UnitLink.objects.filter(in_force(MOVED)).values_list("unit_id", "path"))
        if not paths[units[target].pk].startswith(paths[units[moved].pk]):
            unit_move(unit=units[moved], new_parent=units[target], effective=MOVED)
    admin = User.objects.create_user(f"admin{units[0].pk}")
    cycle = ReviewCycle.objects.create(
        name="Năm 2025",
        kind="year",
        year=2025,
        root=units[0],
        ruleset=spec["ruleset"],
        state="verification",
        created_at=NOW,
        created_by=admin,
    )
    group = QuotaGroup.objects.create(cycle=cycle, code="g", name="g")
    reviews = []
    for n, (unit, category, outcome) in enumerate(spec["individuals"]):
        person = Person.objects.create(personnel_code=f"P{units[0].pk}-{n}", full_name=f"Người {n}")
        reviews.append(_review(cycle, group, units[unit], "individual", category, outcome, person))
    for (unit, category), outcome in spec["collectives"].items():
        reviews.append(_review(cycle, group, units[unit], "collective", category, outcome, None))
    Review.objects.bulk_create(reviews)
    return cycle, units


def _review(
    cycle: ReviewCycle, group: QuotaGroup, unit: Unit, kind: str, category: str, o: Outcome, person: Person | None
) -> Review:
    return Review(
        cycle=cycle,
        quota_group=group,
        unit=unit,
        person=person,
        subject_type=kind,
        category=category,
        state=o.state,
        engine_status=o.engine[0],
        engine_level=o.engine[1],
        engine_reasons=[{"code": o.reason, "source": "", "detail": ""}] if o.reason else [],
        decided_status=o.decided[0],
        decided_level=o.decided[1],
    )


def brute_force(cycle: ReviewCycle, node: Unit) -> dict[tuple[str, str], Figures]:
    """Every review read into Python and counted the slow, obvious way; keyed by (subject, kind or "")."""
    paths = dict(UnitLink.objects.filter(in_force(END)).values_list("unit_id", "path"))
    kinds = dict(Unit.objects.values_list("pk", "kind"))
    prefix = paths[node.pk]
    counted: dict[tuple[str, str], Figures] = defaultdict(Figures)
    for r in Review.objects.filter(cycle=cycle):
        if not paths[r.unit_id].startswith(prefix):
            continue
        is_decided = r.state in ("decided", "published", "complained")
        status, level = (r.decided_status, r.decided_level) if is_decided else (r.engine_status, r.engine_level)
        first = r.engine_reasons[0]["code"] if r.engine_reasons else ""
        reason = ""
        if status in ("exempt", "not_classified", "needs_decision"):
            reason = first if not is_decided or r.decided_status == r.engine_status else "by_decision"
        if r.subject_type == "individual":
            subject = Subject.CIVIL_SERVANT if cycle.ruleset == "nd335-2025" else Subject.PARTY_MEMBER
            kind = r.category
        else:
            subject = Subject(r.category)
            kind = kinds[r.unit_id] if r.category == "party_organisation" else ""
        for key in {(subject, ""), (subject, kind)}:
            counted[key].add(
                status=status,
                level=level if status == "classified" else "",
                basis="decided" if is_decided else "proposed",
                state=r.state,
                reason=reason,
                count=1,
            )
    return counted


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(spec=worlds())
def test_the_roll_up_equals_a_brute_force_count(db: None, spec: dict[str, Any]) -> None:
    with transaction.atomic():
        cycle, units = build(spec)
        summaries_refresh(cycle=cycle, now=NOW)
        for node in (units[0], units[spec["node"]]):
            if not UnitLink.objects.filter(in_force(END), unit=node).exists():
                continue
            expected = brute_force(cycle, node)
            stats = statistics(cycle=cycle, unit=node)
            got: dict[tuple[str, str], Figures] = {}
            for s in stats.subjects:
                got[(s.subject, "")] = s.total
                for kind, _label, figures in s.kinds:
                    got[(s.subject, kind)] = figures
            assert {k: v.as_dict() for k, v in got.items()} == {k: v.as_dict() for k, v in expected.items()}
            children_total = sum(f.total for c in stats.children for f in c.by_subject.values())
            own_total = sum(f.total for f in stats.own.values())
            assert children_total + own_total == stats.overall.total
        transaction.set_rollback(True)
