"""`audit verify` recomputes from the entries what decides people's results and reports every stored row that
disagrees: the probe changed a decided level with a direct SQL UPDATE and verify passed."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from danhgia.apps.audit.services import REGISTRY_CHAIN, audit_record, audit_verify
from danhgia.apps.audit.state import Ledger, state_verify
from danhgia.apps.audit.tests.pages import page_data
from danhgia.apps.cycles.models import CycleState, ReviewCycle
from danhgia.apps.cycles.services import cycle_advance
from danhgia.apps.orgs.models import DisciplineRecord
from danhgia.apps.orgs.tests.registry import make_registry, make_tree
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.services import (
    complaint_file,
    complaint_resolve,
    reviews_accept_engine,
    reviews_decide,
    reviews_publish,
    verification_compute,
)
from danhgia.apps.reviews.tests.test_cycle_qd366 import collective, open_cycle, review_of, self_reviews
from danhgia.apps.reviews.tests.world import World, build_world

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 12, 10, 9, 0, tzinfo=UTC)


@pytest.fixture
def world() -> World:
    return build_world()


def publish(world: World, cycle: ReviewCycle) -> None:
    """Verification with the engine, decision in the required order, publication, and one complaint upheld."""
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.VERIFICATION, now=NOW)
    verification_compute(cycle=cycle, unit=world.province, actor=world.users["thamdinh"], now=NOW)
    reviews_accept_engine(reviews=Review.objects.all(), actor=world.users["thamdinh"], now=NOW)
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.DECISION, now=NOW)
    reviews_decide(reviews=[collective(world, world.agency, "organisation")], actor=world.users["tinhuy"], now=NOW)
    reviews_decide(reviews=list(Review.objects.filter(unit=world.cell)), actor=world.users["quyetdinh"], now=NOW)
    rest = list(Review.objects.exclude(state=ReviewState.DECIDED))
    reviews_decide(reviews=rest, actor=world.users["tinhuy"], now=NOW)
    reviews_publish(reviews=Review.objects.all(), actor=world.users["tinhuy"], now=NOW)
    complaint = complaint_file(review=review_of(world, "P3"), actor=world.users["p3"], text="Xin xem lại.", now=NOW)
    complaint_resolve(
        complaint=complaint,
        actor=world.users["tinhuy"],
        upheld=True,
        resolution="Kết luận sau xác minh.",
        status="classified",
        level="L3",
        now=NOW,
    )


@pytest.fixture
def published(world: World) -> ReviewCycle:
    cycle = open_cycle(world)
    self_reviews(world)
    publish(world, cycle)
    return cycle


def sql(statement: str, *params: Any) -> None:
    """A change made beside the application, as someone with database access would."""
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_an_untouched_published_cycle_agrees_with_its_trail(
    world: World, published: ReviewCycle, capsys: pytest.CaptureFixture[str]
) -> None:
    assert review_of(world, "P3").decided_level == "L3"  # the complaint's re-classification
    assert set(Review.objects.values_list("state", flat=True)) == {ReviewState.PUBLISHED}

    assert (audit_verify(), state_verify()) == ([], [])
    call_command("audit", "verify")
    assert capsys.readouterr().out.endswith("; the stored results agree with it\n")


def test_a_decided_level_changed_by_sql_is_reported(
    world: World, published: ReviewCycle, capsys: pytest.CaptureFixture[str]
) -> None:
    """The probe: UPDATE reviews_review SET decided_level = 'L1' — the chains still verify."""
    p4 = review_of(world, "P4")
    sql("UPDATE reviews_review SET decided_level = %s WHERE id = %s", "L1", p4.pk)

    assert audit_verify() == []
    with pytest.raises(CommandError, match="1 problem"):
        call_command("audit", "verify")
    assert capsys.readouterr().err == (
        f"DISAGREES review {p4.pk} (cycle:{published.pk}): decided_level is 'L1', the trail says 'L2'\n"
    )


def test_every_changed_field_of_a_review_is_named_on_its_one_line(world: World, published: ReviewCycle) -> None:
    p3, p5 = review_of(world, "P3"), review_of(world, "P5")
    sql(
        "UPDATE reviews_review SET decided_status = %s, decided_level = %s, state = %s WHERE id = %s",
        "exempt",
        "",
        "decided",
        p3.pk,
    )
    sql("UPDATE reviews_review SET verified_status = %s WHERE id = %s", "not_classified", p5.pk)

    assert [str(d) for d in state_verify()] == [
        f"review {p3.pk} (cycle:{published.pk}): state is 'decided', the trail says 'published'; "
        "decided_status is 'exempt', the trail says 'classified'; decided_level is '', the trail says 'L3'",
        # reviews_accept_engine records the level it accepts, not its status: the status must fit the level
        f"review {p5.pk} (cycle:{published.pk}): verified_status is 'not_classified', the trail's level says "
        "'classified'",
    ]


def test_a_decision_written_where_the_trail_has_none_is_reported(world: World) -> None:
    cycle = open_cycle(world)
    self_reviews(world)
    p2 = review_of(world, "P2")
    sql(
        "UPDATE reviews_review SET state = %s, decided_status = %s, decided_level = %s WHERE id = %s",
        "published",
        "classified",
        "L1",
        p2.pk,
    )

    assert [str(d) for d in state_verify()] == [
        f"review {p2.pk} (cycle:{cycle.pk}): state is 'published', the trail says 'submitted'; "
        "decided_status is 'classified', the trail says ''; decided_level is 'L1', the trail says ''"
    ]


def test_a_deleted_decided_review_is_reported(world: World, published: ReviewCycle) -> None:
    p4 = review_of(world, "P4")
    with transaction.atomic():
        Review.objects.filter(pk=p4.pk).delete()

    assert [str(d) for d in state_verify()] == [
        f"review {p4.pk} (cycle:{published.pk}): missing from the database; the trail says state 'published', "
        "verified_level 'L2', decided_status 'classified', decided_level 'L2'"
    ]


def test_verify_of_one_chain_recomputes_only_what_it_records(world: World, published: ReviewCycle) -> None:
    sql("UPDATE reviews_review SET decided_level = %s WHERE id = %s", "L1", review_of(world, "P4").pk)

    assert state_verify(chain=REGISTRY_CHAIN) == []
    assert len(state_verify(chain=f"cycle:{published.pk}")) == 1


def change_discipline(client: Client, record: DisciplineRecord, **changes: str) -> None:
    url = reverse("admin:orgs_disciplinerecord_change", args=[record.pk])
    assert client.post(url, page_data(client.get(url)) | changes).status_code == 302


def test_a_discipline_record_changed_in_the_admin_then_by_sql_is_reported(admin_client: Client) -> None:
    record = make_registry(make_tree())["disciplinerecord"]
    change_discipline(admin_client, record, form="warning")
    assert state_verify() == []

    sql("UPDATE orgs_disciplinerecord SET form = %s WHERE id = %s", "reprimand", record.pk)

    assert [str(d) for d in state_verify()] == [
        f"discipline record {record.pk} (registry): form is 'reprimand', the trail says 'warning'"
    ]
    sql("DELETE FROM orgs_disciplinerecord WHERE id = %s", record.pk)
    assert [str(d) for d in state_verify()] == [f"discipline record {record.pk} (registry): missing from the database"]


def test_a_discipline_record_deleted_in_the_admin_cannot_come_back_by_sql(admin_client: Client) -> None:
    record = make_registry(make_tree())["disciplinerecord"]
    url = reverse("admin:orgs_disciplinerecord_delete", args=[record.pk])
    assert admin_client.post(url, {"post": "yes"}).status_code == 302
    with transaction.atomic():
        record.save(force_insert=True)

    assert [str(d) for d in state_verify()] == [
        f"discipline record {record.pk} (registry): exists, but the trail deleted it"
    ]


def test_an_import_that_updated_discipline_leaves_earlier_admin_values_unchecked(admin_client: Client) -> None:
    record = make_registry(make_tree())["disciplinerecord"]
    change_discipline(admin_client, record, form="warning")
    with transaction.atomic():  # what the registry import writes: its file's digest and counts, not the rows
        audit_record(
            chain=REGISTRY_CHAIN,
            actor=None,
            action="registry_import",
            object_type="file",
            object_id="ky-luat.xlsx",
            at=NOW,
            after={"sha256": "0" * 64, "counts": {"discipline": [0, 1, 0]}},
        )
    sql("UPDATE orgs_disciplinerecord SET decision = %s WHERE id = %s", "QĐ 12", record.pk)

    assert state_verify() == []


def test_the_ledger_keeps_ids_outside_the_cycles_range_and_reports_what_was_not_popped() -> None:
    ledger = Ledger(10, 12)
    ledger.record(11, {"state": "verified", "verified_level": "L2"})
    ledger.record(99, {"state": "decided", "decided_status": "exempt", "decided_level": ""})
    ledger.record(12, {"comment": 4, "text": "…"})  # names none of the fields: the review stays as created

    assert ledger.pop(11) == ("verified", "*", "L2", "", "")
    assert ledger.get(12) == ("", "", "", "", "")
    assert list(ledger.left()) == [(99, ("decided", "", "", "exempt", ""))]
    assert (len(ledger.slots), len(ledger.palette)) == (3, 3)
