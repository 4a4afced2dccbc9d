"""What can be decided now, together, in the required order (`decision_readiness`): the organisation before its
head and its leadership collective, members before their party organisation (qd132-2018), the civil-service
result before a party member who is a civil servant; a dependency in the batch counts when it is ready itself.
The ready set is exactly what one `reviews_decide` call accepts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danhgia.apps.cycles.models import CycleState, ReviewCycle
from danhgia.apps.cycles.services import cycle_create
from danhgia.apps.orgs.models import CivilServiceResult, Unit
from danhgia.apps.pipeline.jobs import job_create, job_work
from danhgia.apps.pipeline.tests.test_compute import demo_cycle
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.services import decision, reviews_accept_engine, reviews_decide
from danhgia.apps.reviews.services.decision import Blocker, blockers, decision_readiness
from danhgia.apps.reviews.services.opening import cycle_open
from danhgia.apps.reviews.services.verification import scope_closure
from danhgia.apps.reviews.tests.world import World, build_world

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 12, 10, 9, 0, tzinfo=UTC)
WAITS = "phải chờ quyết định đối với R{}"
CIVIL = "phải chờ kết quả xếp loại công chức trong năm"


def deciding(world: World, ruleset: str = "qd366-2025") -> ReviewCycle:
    """A cycle at its decision step with every review verified at level 2 (no quota in the way)."""
    cycle = cycle_create(
        actor=world.users["admin"],
        name="Năm 2025",
        kind="year",
        year=2025,
        root=world.province,
        ruleset=ruleset,
        replay_grounds="" if ruleset == "qd366-2025" else "Đối chiếu năm 2025 theo bộ quy tắc khác",
    )
    cycle_open(cycle=cycle, actor=world.users["admin"], now=NOW)
    Review.objects.filter(cycle=cycle).update(
        state=ReviewState.VERIFIED, verified_status="classified", verified_level="L2"
    )
    ReviewCycle.objects.filter(pk=cycle.pk).update(state=CycleState.DECISION)
    cycle.refresh_from_db()
    return cycle


def person(world: World, key: str) -> int:
    return Review.objects.get(person=world.people[key]).pk


def of(unit: Unit, category: str) -> int:
    return Review.objects.get(unit=unit, category=category).pk


def members(world: World) -> set[int]:
    return {person(world, key) for key in world.people}


def dependency(review: int, waits_for: int) -> Blocker:
    return Blocker(review, waits_for, "dependency", WAITS.format(waits_for))


def civil(review: int) -> Blocker:
    return Blocker(review, None, "civil_service_result", CIVIL)


def test_the_head_waits_for_its_organisation_unless_it_is_decided_or_ready_in_the_same_batch() -> None:
    world = build_world()
    cycle = deciding(world)
    head, organisation = person(world, "P0"), of(world.agency, "organisation")
    collective = of(world.agency, "leadership_collective")
    cell = members(world) | {of(world.cell, "party_organisation")}

    alone = decision_readiness(cycle, cell)

    assert alone.ready == cell - {head}
    assert alone.blockers == {head: (dependency(head, organisation),)}
    assert not alone.is_ready(head) and alone.waited_for() == {organisation}
    assert blockers(cycle, cell) == {head: [WAITS.format(organisation)]}

    together = decision_readiness(cycle, cell | {organisation, collective})
    assert together.ready == cell | {organisation, collective}
    assert not together.blockers
    agency = decision_readiness(cycle, {collective})
    assert agency.blockers == {collective: (dependency(collective, organisation),)}

    Review.objects.filter(pk=organisation).update(state=ReviewState.DECIDED, decided_level="L2")
    assert decision_readiness(cycle, {head, collective}).ready == {head, collective}
    assert decision_readiness(cycle, set()).ready == frozenset()


def test_what_waits_for_a_subject_set_aside_is_set_aside_too() -> None:
    # qd132-2018: a cell's party organisation waits for the cell's members (heads, decided after the unit they
    # head, are left out), the committee's for its cells'; a head waits for the unit's organisation.
    world = build_world()
    cycle = deciding(world, "qd132-2018")
    head, organisation = person(world, "P0"), of(world.agency, "organisation")
    cell, other = of(world.cell, "party_organisation"), of(world.other_cell, "party_organisation")
    committee = of(world.committee, "party_organisation")
    absent = person(world, "P1")
    batch = members(world) - {absent} | {cell, other, committee}

    found = decision_readiness(cycle, batch)

    assert found.ready == members(world) - {head, absent} | {other}
    assert found.blockers == {
        head: (dependency(head, organisation),),
        cell: (dependency(cell, absent),),  # a member outside the batch
        committee: (dependency(committee, cell),),  # the other cell's organisation is ready: not named
    }
    everything = decision_readiness(cycle, batch | {organisation, absent})
    assert everything.ready == batch | {organisation, absent}
    assert not everything.blockers


def test_a_party_member_who_is_a_civil_servant_waits_for_the_civil_service_result() -> None:
    world = build_world()
    CivilServiceResult.objects.filter(person=world.people["P3"]).delete()
    cycle = deciding(world, "qd132-2018")
    p3, organisation = person(world, "P3"), of(world.agency, "organisation")
    cell = of(world.cell, "party_organisation")
    batch = members(world) | {cell, organisation}

    found = decision_readiness(cycle, batch)

    assert found.ready == batch - {p3, cell}
    assert found.blockers == {p3: (civil(p3),), cell: (dependency(cell, p3),)}
    assert blockers(cycle, {p3}) == {p3: [CIVIL]}
    CivilServiceResult.objects.create(person=world.people["P3"], year=2025, level="L2")
    assert decision_readiness(cycle, batch).ready == batch


def test_the_civil_service_result_is_not_asked_outside_the_party_rulesets() -> None:
    world = build_world(civil_results=False)
    cycle = deciding(world, "nd335-2025")

    assert decision_readiness(cycle, {person(world, "P3")}).blockers == {}


def test_one_decide_call_accepts_exactly_the_ready_set() -> None:
    world = build_world()
    CivilServiceResult.objects.filter(person=world.people["P3"]).delete()
    cycle = deciding(world, "qd132-2018")
    batch = set(
        Review.objects.filter(unit__in=[world.cell, world.other_cell, world.committee]).values_list("pk", flat=True)
    )
    found = decision_readiness(cycle, batch)
    assert found.blockers and found.ready

    with pytest.raises(ValidationError, match="Chưa đúng trình tự"):
        reviews_decide(reviews=list(Review.objects.filter(pk__in=batch)), actor=world.users["admin"], now=NOW)
    for pk in found.blockers:
        with pytest.raises(ValidationError, match="Chưa đúng trình tự"):
            reviews_decide(reviews=list(Review.objects.filter(pk__in=found.ready | {pk})), actor=world.users["admin"])
    decided = reviews_decide(reviews=list(Review.objects.filter(pk__in=found.ready)), actor=world.users["admin"])

    assert decided == len(found.ready)


def test_the_engine_facts_are_read_once_whatever_the_batch() -> None:
    world = build_world()
    cycle = deciding(world, "qd132-2018")
    batch = set(Review.objects.filter(cycle=cycle).values_list("pk", flat=True)) - {of(world.agency, "organisation")}

    with CaptureQueriesContext(connection) as captured:
        found = decision_readiness(cycle, batch)

    assert len(found.blockers) > 1  # a chain: the head, then the cell's and the committee's party organisations
    sql = [q["sql"] for q in captured.captured_queries]
    assert sum('FROM "orgs_partymembership"' in q for q in sql) == 1  # one scenario, one set of engine edges
    assert sum('FROM "orgs_civilserviceresult"' in q for q in sql) == 1  # the facts' one serves the blocker too


def test_the_order_of_decisions_reads_what_a_review_waits_for_not_its_whole_quota_group() -> None:
    """A member of a cell without leaders waits for nothing outside the cell: readiness reads the cell's reviews,
    while the engine's closure (quota groups included: the commune's members share one) is the whole cycle."""
    cycle = demo_cycle("qd366-2025", 30)
    cell = Unit.objects.get(code="T27.X001.C04")
    member = Review.objects.filter(cycle=cycle, unit=cell, category="member_outside").order_by("pk").first()
    assert member is not None
    in_cell = set(Review.objects.filter(cycle=cycle, unit=cell).values_list("pk", flat=True))
    assert len(in_cell) == 40
    assert scope_closure(cycle, {member.pk}, quota=False) == in_cell
    assert scope_closure(cycle, {member.pk}) == set(Review.objects.filter(cycle=cycle).values_list("pk", flat=True))


@pytest.mark.parametrize("columns_from", [0, 10**9])
def test_readiness_is_the_same_whether_the_facts_are_read_as_columns_or_as_a_document(
    columns_from: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Many reviews are read through the column reader, few through the document path: the same readiness."""
    cycle = demo_cycle("qd366-2025", 31)
    thamdinh = User.objects.get(username="thamdinh")
    job_work(job_create(cycle=cycle, kind="compute", actor=thamdinh, now=NOW))
    reviews_accept_engine(reviews=Review.objects.filter(cycle=cycle), actor=thamdinh, now=NOW)
    batch = set(Review.objects.filter(cycle=cycle, state=ReviewState.VERIFIED).values_list("pk", flat=True))
    monkeypatch.setattr(decision, "COLUMNS_FROM", columns_from)
    readiness = decision_readiness(cycle, batch)
    monkeypatch.setattr(decision, "COLUMNS_FROM", 10**9 - columns_from)
    assert decision_readiness(cycle, batch) == readiness
    assert (len(batch), len(readiness.ready), len(readiness.blockers)) == (108, 106, 2)
