"""The national export's sync log (through the API and as a file) and the results changed but not sent within
3 working days (Monday to Friday, Vietnam time, public holidays not counted out)."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from openpyxl import load_workbook

from danhgia.apps.api.models import NationalSync, NationalSyncItem
from danhgia.apps.api.national import ordered_mapping
from danhgia.apps.api.selectors.national import OverdueResult, overdue_results, record_sha256
from danhgia.apps.api.tests.world import ApiWorld
from danhgia.apps.api.workdays import working_deadline
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.cycles.services import cycle_create
from danhgia.apps.orgs.models import Person
from danhgia.apps.reports.tests.helpers import NOW, individual, open_cycle, the_2025_results
from danhgia.apps.reviews.models import Decision, DecisionKind, Review

pytestmark = pytest.mark.django_db
VN = ZoneInfo("Asia/Ho_Chi_Minh")
FRIDAY = datetime(2026, 1, 16, 9, 0, tzinfo=VN)  # published
TUESDAY_NIGHT = datetime(2026, 1, 20, 23, 59, tzinfo=VN)
WEDNESDAY_NOON = datetime(2026, 1, 21, 12, 0, tzinfo=VN)
RECLASSIFIED = datetime(2026, 2, 2, 10, 0, tzinfo=VN)  # a Monday


@pytest.fixture
def cycle(api: ApiWorld) -> ReviewCycle:
    """The reports' 2025 results: P0 (L1) and P1 (L2) of cell CB-VP published on Friday 16 January 2026, 9:00;
    P0 has a national ID, P1 none."""
    cycle = open_cycle(api.world)
    the_2025_results(api.world, cycle)
    Review.objects.filter(cycle=cycle, state="published").update(published_at=FRIDAY, decided_at=FRIDAY)
    Person.objects.filter(pk=api.person("P0").pk).update(national_id="001085000123")
    return cycle


def p0(api: ApiWorld, cycle: ReviewCycle) -> Review:
    return individual(api.world, cycle, "P0")


def overdue(now: datetime) -> list[tuple[str, datetime, datetime, datetime | None]]:
    return [(r.national_id, r.changed_at, r.due_at, r.last_sent_at) for r in overdue_results(now=now)]


def reclassify(review: Review, actor: User, level: str) -> None:
    """What complaint_resolve does when it upholds a complaint: a new decided level and a Decision row."""
    Review.objects.filter(pk=review.pk).update(decided_level=level, state="published")
    Decision.objects.create(
        review=review,
        kind=DecisionKind.RECLASSIFY,
        status="classified",
        level=level,
        grounds="Đơn có căn cứ",
        by=actor,
        at=RECLASSIFIED,
    )


def test_three_working_days_skip_the_weekend() -> None:
    assert working_deadline(FRIDAY) == datetime(2026, 1, 21, 9, 0, tzinfo=VN)  # Wednesday
    assert working_deadline(datetime(2026, 1, 14, 16, 30, tzinfo=VN)) == datetime(2026, 1, 19, 16, 30, tzinfo=VN)
    assert working_deadline(datetime(2026, 1, 17, 15, 0, tzinfo=VN)) == datetime(2026, 1, 22, 0, 0, tzinfo=VN)
    assert working_deadline(datetime(2026, 1, 16, 1, 0, tzinfo=UTC)) == datetime(2026, 1, 21, 8, 0, tzinfo=VN)


def test_a_result_published_friday_and_not_sent_is_overdue_on_wednesday_not_tuesday(
    api: ApiWorld, cycle: ReviewCycle
) -> None:
    assert overdue(TUESDAY_NIGHT) == []
    assert overdue(datetime(2026, 1, 21, 8, 59, tzinfo=VN)) == []
    assert overdue(WEDNESDAY_NOON) == [("001085000123", FRIDAY, datetime(2026, 1, 21, 9, 0, tzinfo=VN), None)]
    assert list(overdue_results(now=WEDNESDAY_NOON)) == [
        OverdueResult(
            review_id=p0(api, cycle).pk,
            national_id="001085000123",
            full_name="Nguyễn Văn An",
            unit_code="CB-VP",
            cycle_id=cycle.pk,
            changed_at=FRIDAY,
            due_at=datetime(2026, 1, 21, 9, 0, tzinfo=VN),
            last_sent_at=None,
        )
    ]


def test_an_export_through_the_api_is_logged_and_clears_the_result(api: ApiWorld, cycle: ReviewCycle) -> None:
    token = api.token(["read:export"])

    body = api.call("GET", f"/cycles/{cycle.pk}/export", token).json()

    sync = NationalSync.objects.get()
    assert (sync.system, sync.channel, sync.cycle, sync.count, sync.user, sync.file_name) == (
        api.system,
        "api",
        cycle,
        1,
        None,
        "",
    )
    assert sync.mapping == api.system.export_mapping
    assert list(NationalSyncItem.objects.values_list("review", "national_id", "changed_at", "record_sha256")) == [
        (p0(api, cycle).pk, "001085000123", FRIDAY, record_sha256(body["items"][0]))
    ]
    assert overdue(WEDNESDAY_NOON) == []


def test_an_empty_page_logs_nothing(api: ApiWorld, cycle: ReviewCycle) -> None:
    Person.objects.update(national_id=None)
    token = api.token(["read:export"])

    assert api.call("GET", f"/cycles/{cycle.pk}/export", token).json()["items"] == []
    assert NationalSync.objects.count() == 0


def test_a_result_decided_again_after_sending_shows_again(api: ApiWorld, cycle: ReviewCycle) -> None:
    api.call("GET", f"/cycles/{cycle.pk}/export", api.token(["read:export"]))
    reclassify(p0(api, cycle), api.superuser, "L2")

    assert overdue(datetime(2026, 2, 5, 9, 59, tzinfo=VN)) == []  # Thursday, before 10:00
    assert overdue(datetime(2026, 2, 5, 10, 0, tzinfo=VN)) == [
        ("001085000123", RECLASSIFIED, datetime(2026, 2, 5, 10, 0, tzinfo=VN), FRIDAY)
    ]

    body = api.call("GET", f"/cycles/{cycle.pk}/export", api.token(["read:export"])).json()

    assert body["items"][0]["muc_xep_loai"] == "L2"
    assert overdue(datetime(2026, 2, 5, 10, 0, tzinfo=VN)) == []
    assert list(NationalSyncItem.objects.order_by("pk").values_list("changed_at", flat=True)) == [
        FRIDAY,
        RECLASSIFIED,
    ]


def test_the_api_lists_the_overdue_results_of_the_tokens_subtree(api: ApiWorld, cycle: ReviewCycle) -> None:
    token = api.token(["read:export"])
    health = api.token(["read:export"], root=api.health)

    body = api.call("GET", f"/cycles/{cycle.pk}/export/overdue", token).json()
    elsewhere = api.call("GET", f"/cycles/{cycle.pk}/export/overdue", health).json()

    assert body == {
        "items": [
            {
                "review": p0(api, cycle).pk,
                "national_id": "001085000123",
                "unit": "CB-VP",
                "changed_at": "2026-01-16T02:00:00Z",
                "due_at": "2026-01-21T02:00:00Z",
                "last_sent_version": None,
            }
        ],
        "next_cursor": None,
    }
    assert elsewhere == {"items": [], "next_cursor": None}
    assert NationalSync.objects.count() == 0  # reading the list sends nothing


def test_the_overdue_list_needs_the_export_scope_and_a_yearly_cycle(api: ApiWorld, cycle: ReviewCycle) -> None:
    quarter = cycle_create(
        actor=api.world.users["admin"],
        name="Quý I/2025",
        kind="quarter",
        year=2025,
        quarter=1,
        root=api.province,
        ruleset="qd366-2025",
        now=NOW,
    )
    ReviewCycle.objects.filter(pk=quarter.pk).update(state="published")

    refused = api.call("GET", f"/cycles/{cycle.pk}/export/overdue", api.token(["read:results"]))
    not_yearly = api.call("GET", f"/cycles/{quarter.pk}/export/overdue", api.token(["read:export"]))

    assert refused.status_code == 403
    assert not_yearly.status_code == 422
    assert not_yearly.json()["errors"][0]["path"] == "path.cycle_id"


def test_the_command_writes_json_and_logs_the_sending(api: ApiWorld, cycle: ReviewCycle, tmp_path: Path) -> None:
    target = tmp_path / "export.json"

    call_command(
        "national_export", "--cycle", str(cycle.pk), "--system", "eoffice", "-o", str(target), "--user", "quantri"
    )

    written = json.loads(target.read_text(encoding="utf-8"))
    assert written["format"] == "danhgia-national-export/1"
    assert written["without_national_id"] == 1
    assert written["items"] == [
        {
            "so_dinh_danh_ca_nhan": "001085000123",
            "ho_va_ten": "Nguyễn Văn An",
            "ngay_sinh": None,
            "nam_danh_gia": 2025,
            "tinh_trang_xep_loai": "classified",
            "muc_xep_loai": "L1",
            "ten_muc_xep_loai": "Hoàn thành xuất sắc nhiệm vụ",
            "ma_co_quan_don_vi": "CB-VP",
            "ten_co_quan_don_vi": "Chi bộ Văn phòng",
            "ngay_quyet_dinh": "2026-01-16T02:00:00Z",
            "ngay_cong_bo": "2026-01-16T02:00:00Z",
        }
    ]
    sync = NationalSync.objects.get()
    assert (sync.channel, sync.system, sync.user, sync.count, sync.file_name) == (
        "file",
        api.system,
        api.superuser,
        1,
        str(target),
    )
    assert NationalSyncItem.objects.get().record_sha256 == record_sha256(written["items"][0])
    assert overdue(WEDNESDAY_NOON) == []


def test_the_command_writes_a_workbook_of_values(api: ApiWorld, cycle: ReviewCycle, tmp_path: Path) -> None:
    Person.objects.filter(pk=api.person("P0").pk).update(full_name='=HYPERLINK("x")')
    target = tmp_path / "export.xlsx"

    call_command("national_export", "--cycle", str(cycle.pk), "--system", "eoffice", "-o", str(target))

    sheet = load_workbook(target).active
    assert sheet is not None
    rows = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert rows[0][:3] == ["so_dinh_danh_ca_nhan", "ho_va_ten", "ngay_sinh"]
    assert rows[1] == [
        "001085000123",
        '=HYPERLINK("x")',
        None,
        2025,
        "classified",
        "L1",
        "Hoàn thành xuất sắc nhiệm vụ",
        "CB-VP",
        "Chi bộ Văn phòng",
        "2026-01-16T02:00:00Z",
        "2026-01-16T02:00:00Z",
    ]
    assert sheet.cell(2, 2).data_type == "s" and sheet.cell(2, 2).quotePrefix
    assert NationalSync.objects.get().channel == "file"


def test_the_command_refuses_bad_input_and_changes_nothing(api: ApiWorld, cycle: ReviewCycle, tmp_path: Path) -> None:
    target = tmp_path / "export.json"
    quarter = cycle_create(
        actor=api.world.users["admin"],
        name="Quý I/2025",
        kind="quarter",
        year=2025,
        quarter=1,
        root=api.province,
        ruleset="qd366-2025",
        now=NOW,
    )
    ReviewCycle.objects.filter(pk=quarter.pk).update(state="published")
    cases = [
        (["--cycle", str(quarter.pk), "--system", "eoffice", "-o", str(target)], "not a yearly cycle"),
        (["--cycle", str(cycle.pk), "--system", "eoffice", "-o", str(tmp_path / "export.csv")], "--output"),
        (["--cycle", "999999", "--system", "eoffice", "-o", str(target)], "--cycle"),
        (["--cycle", str(cycle.pk), "--system", "nope", "-o", str(target)], "--system"),
        (["--cycle", str(cycle.pk), "--system", "eoffice", "-o", str(target), "--user", "nope"], "--user"),
    ]
    for arguments, field in cases:
        with pytest.raises(CommandError, match=field):
            call_command("national_export", *arguments)

    assert NationalSync.objects.count() == 0
    assert list(tmp_path.iterdir()) == []


def test_staff_see_the_overdue_page(api: ApiWorld, cycle: ReviewCycle) -> None:
    client = Client()
    anonymous = client.get("/admin/api/nationalsync/overdue/")
    client.force_login(api.superuser)

    page = client.get("/admin/api/nationalsync/overdue/")
    log = client.get("/admin/api/nationalsync/")

    assert anonymous.status_code == 302
    assert page.status_code == 200
    assert "001085000123" in page.content.decode() and "Nguyễn Văn An" in page.content.decode()
    assert log.status_code == 200
    assert b"/admin/api/nationalsync/overdue/" in log.content


def test_staff_read_a_sync_with_its_results(api: ApiWorld, cycle: ReviewCycle) -> None:
    api.call("GET", f"/cycles/{cycle.pk}/export", api.token(["read:export"]))
    sync = NationalSync.objects.get()
    client = Client()
    client.force_login(api.superuser)

    page = client.get(f"/admin/api/nationalsync/{sync.pk}/change/")

    assert page.status_code == 200
    assert "001085000123" in page.content.decode()
    assert NationalSyncItem.objects.get().record_sha256 in page.content.decode()


def test_the_columns_keep_one_order_whatever_order_the_database_kept() -> None:
    given = {"xep_loai": "level", "nam": "year", "b": "unit_code", "a": "unit_code", "cccd": "national_id"}

    assert list(ordered_mapping(given).items()) == [
        ("cccd", "national_id"),
        ("nam", "year"),
        ("xep_loai", "level"),
        ("a", "unit_code"),
        ("b", "unit_code"),
    ]
