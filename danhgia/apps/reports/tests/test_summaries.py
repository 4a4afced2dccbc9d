"""The summary tables and the figures read from them: exact counts at every node of the world's tree."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.audit.services import audit_verify
from danhgia.apps.reports.models import SubtreeSummary, SummaryRun, UnitSummary
from danhgia.apps.reports.selectors import statistics
from danhgia.apps.reports.services import summaries_refresh
from danhgia.apps.reports.tests.helpers import (
    NOW,
    collective,
    decided,
    individual,
    open_cycle,
    reports_world,
    set_result,
    the_2025_results,
)
from danhgia.apps.reviews.tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return reports_world()


def test_the_province_counts_every_subject_with_its_outcome_level_and_basis(world: World) -> None:
    cycle = open_cycle(world)
    the_2025_results(world, cycle)
    run = summaries_refresh(cycle=cycle, actor=world.users["thamdinh"], now=NOW)
    assert (run.reviews, run.refreshed_at) == (12, NOW)

    stats = statistics(cycle=cycle, unit=world.province)

    assert [s.subject for s in stats.subjects] == [
        "party_organisation",
        "leadership_collective",
        "organisation",
        "party_member",
    ]
    members = stats.subject("party_member")
    assert members is not None
    m = members.total
    assert (m.total, m.exempt, m.not_classified, m.needs_decision, m.pending, m.classified) == (6, 1, 1, 0, 1, 3)
    assert m.levels == {"L1": 2, "L2": 1, "L3": 0, "L4": 0}
    assert (m.share("L1"), m.share("L2"), m.share("L3")) == (Decimal("66.7"), Decimal("33.3"), Decimal("0.0"))
    assert m.level1_of_level2 == Decimal("66.7")
    assert (m.decided, m.proposed) == (3, 2)  # P0, P1, P4 decided; P2, P3 on the engine's proposal
    assert dict(m.reasons) == {("exempt", "exempt_from_activities"): 1, ("not_classified", "by_decision"): 1}
    assert dict(m.states) == {"published": 2, "verified": 1, "submitted": 1, "decided": 1, "not_started": 1}
    assert [(kind, f.total, f.classified) for kind, _label, f in members.kinds] == [("leader", 1, 1), ("staff", 5, 2)]

    orgs = stats.subject("party_organisation")
    assert orgs is not None
    assert [(kind, f.total, f.levels["L1"], f.levels["L2"], f.not_classified) for kind, _l, f in orgs.kinds] == [
        ("party_committee", 1, 0, 1, 0),
        ("grassroots_committee", 1, 1, 0, 0),
        ("cell", 2, 0, 1, 1),
    ]
    assert dict(orgs.total.reasons) == {("not_classified", "newly_formed"): 1}
    board = stats.subject("leadership_collective")
    assert board is not None
    assert (board.total.needs_decision, dict(board.total.reasons)) == (1, {("needs_decision", "missing_input"): 1})
    assert stats.overall.total == 12
    assert {s: f.total for s, f in stats.own.items()} == {"party_organisation": 1}  # the province's own review


def test_drill_down_children_add_up_with_the_node_itself(world: World) -> None:
    cycle = open_cycle(world)
    the_2025_results(world, cycle)
    summaries_refresh(cycle=cycle, now=NOW)

    stats = statistics(cycle=cycle, unit=world.province)

    children = {c.unit.code: {s: f.total for s, f in c.by_subject.items()} for c in stats.children}
    assert children == {
        "DB-SNV": {"party_organisation": 3, "party_member": 6},
        "SNV": {"organisation": 1, "leadership_collective": 1},
    }
    below = statistics(cycle=cycle, unit=world.committee)
    assert [a.code for a in below.ancestors] == ["TU"]
    assert {c.unit.code: c.by_subject["party_organisation"].total for c in below.children} == {"CB-VP": 1, "CB-KH": 1}
    cell = statistics(cycle=cycle, unit=world.cell)
    assert [a.code for a in cell.ancestors] == ["TU", "DB-SNV"]
    members = cell.subject("party_member")
    assert members is not None and members.total.total == 6
    assert cell.children == []


def test_a_partial_refresh_equals_a_full_one(world: World) -> None:
    cycle = open_cycle(world)
    summaries_refresh(cycle=cycle, now=NOW)
    the_2025_results(world, cycle)
    summaries_refresh(cycle=cycle, unit=world.cell, now=NOW)  # only the cell's reviews changed…
    summaries_refresh(cycle=cycle, unit=world.other_cell, now=NOW)
    summaries_refresh(cycle=cycle, unit=world.committee, now=NOW)
    summaries_refresh(cycle=cycle, unit=world.agency, now=NOW)
    summaries_refresh(cycle=cycle, unit=world.province, now=NOW)
    partial = sorted(SubtreeSummary.objects.values_list("unit_id", "subject", "kind", "status", "level", "count"))
    run = SummaryRun.objects.get(cycle=cycle)
    assert (run.reviews, run.unit_rows, run.subtree_rows) == (
        12,
        UnitSummary.objects.count(),
        SubtreeSummary.objects.count(),
    )
    summaries_refresh(cycle=cycle, now=NOW)
    full = sorted(SubtreeSummary.objects.values_list("unit_id", "subject", "kind", "status", "level", "count"))
    assert partial == full
    # …and a partial refresh of one cell after one more change moves the cell and every ancestor only
    set_result(collective(cycle, world.other_cell, "party_organisation"), **decided("L4"))
    summaries_refresh(cycle=cycle, unit=world.other_cell, now=NOW)
    stats = statistics(cycle=cycle, unit=world.province)
    orgs = stats.subject("party_organisation")
    assert orgs is not None and orgs.total.levels == {"L1": 1, "L2": 2, "L3": 0, "L4": 1}


def test_before_any_result_everything_is_pending_and_on_the_engine_basis(world: World) -> None:
    cycle = open_cycle(world)
    summaries_refresh(cycle=cycle, now=NOW)
    stats = statistics(cycle=cycle, unit=world.province)
    assert (stats.overall.total, stats.overall.pending, stats.overall.classified) == (12, 12, 0)
    assert dict(stats.overall.states) == {"not_started": 12}
    assert stats.overall.share("L1") is None and stats.overall.level1_of_level2 is None


def test_a_refresh_writes_one_audit_entry_and_replaces_the_previous_rows(world: World) -> None:
    cycle = open_cycle(world)
    before = AuditEntry.objects.count()
    summaries_refresh(cycle=cycle, actor=world.users["thamdinh"], now=NOW)
    rows = UnitSummary.objects.count()
    summaries_refresh(cycle=cycle, actor=world.users["thamdinh"], now=NOW + timedelta(hours=1))
    assert UnitSummary.objects.count() == rows
    assert SummaryRun.objects.get(cycle=cycle).refreshed_at == NOW + timedelta(hours=1)
    entries = AuditEntry.objects.order_by("-pk")[:2]
    assert AuditEntry.objects.count() == before + 2
    assert [e.action for e in entries] == ["summaries_refresh", "summaries_refresh"]
    after = entries[0].after
    assert isinstance(after, dict) and (after["unit"], after["reviews"], len(after["digest"])) == (
        world.province.pk,
        12,
        64,
    )
    assert entries[0].actor_id == world.users["thamdinh"].pk
    assert audit_verify() == []


def test_a_unit_outside_the_cycle_cannot_be_refreshed(world: World) -> None:
    from django.core.exceptions import ValidationError

    from danhgia.apps.orgs.models import UnitKind
    from danhgia.apps.orgs.services import unit_create
    from danhgia.apps.reviews.tests.world import START

    cycle = open_cycle(world)
    elsewhere = unit_create(
        code="TU2", name="Tỉnh ủy khác", kind=UnitKind.PARTY_COMMITTEE, parent=None, valid_from=START
    )
    with pytest.raises(ValidationError):
        summaries_refresh(cycle=cycle, unit=elsewhere, now=NOW)
    assert UnitSummary.objects.count() == 0


def test_decided_results_win_over_the_engine_and_say_so(world: World) -> None:
    cycle = open_cycle(world)
    set_result(
        individual(world, cycle, "P1"),
        state="complained",
        engine_status="classified",
        engine_level="L2",
        decided_status="classified",
        decided_level="L3",
    )
    summaries_refresh(cycle=cycle, now=NOW)
    members = statistics(cycle=cycle, unit=world.cell).subject("party_member")
    assert members is not None
    assert (members.total.levels["L3"], members.total.levels["L2"], members.total.decided) == (1, 0, 1)


def test_reviews_outside_the_cycle_root_on_the_date_are_not_counted(world: World) -> None:
    cycle = open_cycle(world)
    the_2025_results(world, cycle)
    cycle.root = world.committee  # as if the root had been narrowed: the department's reviews fall outside
    cycle.save(update_fields=["root"])
    summaries_refresh(cycle=cycle, now=NOW)
    assert set(UnitSummary.objects.values_list("unit__code", flat=True)) == {"DB-SNV", "CB-VP", "CB-KH"}
    assert statistics(cycle=cycle, unit=world.committee).overall.total == 9


def test_reading_a_node_takes_the_same_few_queries_whatever_its_size(
    world: World, django_assert_max_num_queries: Any
) -> None:
    cycle = open_cycle(world)
    the_2025_results(world, cycle)
    summaries_refresh(cycle=cycle, now=NOW)
    for unit in (world.province, world.committee, world.cell):
        with django_assert_max_num_queries(9):
            statistics(cycle=cycle, unit=unit)
