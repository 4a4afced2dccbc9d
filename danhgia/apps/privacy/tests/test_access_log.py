"""Reads of personal data: who read whose review, file or discipline record is logged (who, whom, what,
when), the person sees it, entries are purged after the retention period; failed logins are shown to the
person; the data-protection notice; the export of everything held on a person."""

from __future__ import annotations

import json
from datetime import date, timedelta
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from danhgia.apps.boards.tests.test_verification import text
from danhgia.apps.boards.tests.world import bring, client_for, make_world, review_of
from danhgia.apps.orgs.models import DisciplineForm, DisciplineRecord, DisciplineSystem, RelationKind, Relative
from danhgia.apps.privacy.models import AccessLogEntry, Read
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def entries() -> list[tuple[str, int, str, int | None]]:
    return list(AccessLogEntry.objects.order_by("pk").values_list("viewer_name", "person_id", "what", "object_id"))


def test_a_secretary_reading_a_members_review_is_logged_and_the_member_sees_who(world: World) -> None:
    cycle = bring(world, "open")
    review = review_of(world, "P2", cycle)
    before = timezone.now()

    assert client_for(world, "bithu").get(f"/unit-board/meeting/{review.pk}/").status_code == 200

    assert entries() == [("bithu", world.people["P2"].pk, Read.REVIEW, review.pk)]
    entry = AccessLogEntry.objects.get()
    assert entry.viewer == world.users["bithu"] and entry.path == f"/unit-board/meeting/{review.pk}/"
    assert before <= entry.at <= timezone.now()
    page = text(client_for(world, "p2").get("/privacy/mine/").content.decode())
    when = f"{timezone.localtime(entry.at):%d/%m/%Y %H:%M}"
    assert f"Ai đã xem dữ liệu của tôi Thời điểm Người xem Nội dung {when} bithu bản đánh giá" in page
    assert "bithu" not in text(client_for(world, "p3").get("/privacy/mine/").content.decode())


def test_reading_ones_own_data_writes_nothing(world: World) -> None:
    bring(world, "open")
    client = client_for(world, "p2")

    client.get("/my-review/")
    client.get("/privacy/mine/")
    client.get("/privacy/mine/export.json")

    assert entries() == []


def test_the_advisory_bodys_page_and_the_review_form_are_logged(world: World) -> None:
    cycle = bring(world, "verification")
    review = review_of(world, "P3", cycle)
    client = client_for(world, "thamdinh")

    assert client.get(f"/verification/review/{review.pk}/comments/").status_code == 200
    assert client.get(f"/reports/review/{review.pk}/form.docx").status_code == 200

    person = world.people["P3"].pk
    assert entries() == [
        ("thamdinh", person, Read.REVIEW, review.pk),
        ("thamdinh", person, Read.REVIEW_FORM, review.pk),
    ]


def test_opening_a_persons_file_and_a_discipline_record_in_the_admin_is_logged(world: World) -> None:
    admin = world.users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    person = world.people["P4"]
    record = DisciplineRecord.objects.create(
        person=person,
        form=DisciplineForm.REPRIMAND,
        system=DisciplineSystem.PARTY,
        effective_on=date(2025, 3, 1),
        violation="VP-01",
    )
    client = client_for(world, "admin")

    assert client.get(f"/admin/orgs/person/{person.pk}/change/").status_code == 200
    assert client.get(f"/admin/orgs/disciplinerecord/{record.pk}/change/").status_code == 200
    client.get("/admin/orgs/person/")  # a list shows names only: not logged

    assert entries() == [
        ("admin", person.pk, Read.PERSON, person.pk),
        ("admin", person.pk, Read.DISCIPLINE, record.pk),
    ]
    assert client.post(f"/admin/privacy/accesslogentry/{AccessLogEntry.objects.first().pk}/delete/").status_code == 403  # type: ignore[union-attr]
    assert len(entries()) == 2


def test_entries_older_than_the_retention_period_are_purged(world: World, settings: Any) -> None:
    settings.DANHGIA_ACCESS_LOG_DAYS = 30
    person = world.people["P2"]
    now = timezone.now()
    for days in (31, 29, 1):
        AccessLogEntry.objects.create(
            viewer_name="bithu", person=person, what=Read.REVIEW, at=now - timedelta(days=days)
        )
    out = StringIO()

    call_command("privacy_purge", stdout=out)

    assert out.getvalue() == "1 access-log entries older than 30 days deleted.\n"
    assert sorted((now - at).days for at in AccessLogEntry.objects.values_list("at", flat=True)) == [1, 29]


def test_failed_logins_with_my_username_are_shown_to_me(world: World, settings: Any) -> None:
    settings.AXES_ENABLED = True
    stranger = Client()
    for _ in range(2):
        stranger.post("/accounts/login/", {"username": "p2", "password": "sai-mat-khau"}, REMOTE_ADDR="203.0.113.7")
    stranger.post("/accounts/login/", {"username": "p3", "password": "sai"}, REMOTE_ADDR="203.0.113.7")
    client = Client()
    assert (
        client.post(
            "/accounts/login/", {"username": "p2", "password": "danhgia-demo-2025"}, REMOTE_ADDR="198.51.100.2"
        ).status_code
        == 302
    )

    page = text(client.get("/privacy/mine/").content.decode())

    assert page.count("203.0.113.7 không") == 2
    assert "Lần đăng nhập gần đây" in page and "198.51.100.2" in page


def test_the_notice_names_the_law_the_decree_the_retention_and_the_controller(settings: Any) -> None:
    settings.DANHGIA_ACCESS_LOG_DAYS = 730
    settings.DANHGIA_DATA_CONTROLLER = "Ban Tổ chức Tỉnh ủy Hà Tĩnh"
    settings.DANHGIA_DATA_PROTECTION_CONTACT = "dpo@hatinh.dcs.vn"

    page = text(Client().get("/privacy/").content.decode())

    assert "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15" in page
    assert "Nghị định 356/2025/NĐ-CP" in page
    assert "Ban Tổ chức Tỉnh ủy Hà Tĩnh — dpo@hatinh.dcs.vn" in page
    assert "730 ngày" in page


def test_the_export_holds_everything_on_the_person_and_no_unpublished_decision_or_note(world: World) -> None:
    cycle = bring(world, "decided")
    person = world.people["P2"]
    Relative.objects.create(person=world.people["P1"], relative=person, kind=RelationKind.SPOUSE)
    review = Review.objects.get(cycle=cycle, person=person)
    assert review.verification_note and review.decided_level

    response = client_for(world, "p2").get("/privacy/mine/export.json")

    assert response.status_code == 200 and response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(response.content)
    assert data["person"]["full_name"] == person.full_name and data["person"]["personnel_code"] == "CB002"
    assert [p["title"] for p in data["posts"]] == ["Chuyên viên"]
    assert [(r["person_id"], r["relative_id"], r["kind"]) for r in data["relatives"]] == [
        (world.people["P1"].pk, person.pk, "spouse")
    ]
    assert [r["id"] for r in data["reviews"]] == [review.pk]
    assert "decided_level" not in data["reviews"][0]  # decided, not yet published
    assert review.verification_note not in response.content.decode()
    assert set(data) >= {"discipline", "conclusions", "absences", "civil_service_results", "reads_of_my_data"}


def test_the_controller_exports_a_persons_data_for_a_written_request_and_the_export_is_logged(world: World) -> None:
    admin = world.users["admin"]
    admin.is_staff = admin.is_superuser = True
    admin.save()
    person = world.people["P4"]

    response = client_for(world, "admin").get(f"/privacy/person/{person.pk}/export.json")
    refused = client_for(world, "bithu").get(f"/privacy/person/{person.pk}/export.json")

    assert response.status_code == 200 and json.loads(response.content)["person"]["id"] == person.pk
    assert refused.status_code == 403
    assert entries() == [("admin", person.pk, Read.EXPORT, person.pk)]
