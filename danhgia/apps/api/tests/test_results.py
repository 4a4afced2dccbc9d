"""Cycles, published results, statistics and the national export: only what has been published, with the
engine's reasons; never a proposal, a verification note or a decision before its publication."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

from danhgia.apps.api.models import ConnectedSystem
from danhgia.apps.api.tests.world import ApiWorld
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.cycles.services import cycle_create
from danhgia.apps.orgs.models import Person
from danhgia.apps.reports.services import summaries_refresh
from danhgia.apps.reports.tests.helpers import NOW, collective, individual, open_cycle, set_result, the_2025_results
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.tests.world import replay_grounds

pytestmark = pytest.mark.django_db
PUBLISHED_AT = datetime(2026, 1, 20, 8, 0, tzinfo=UTC)
REASON = {"code": "level1_score", "source": "366-QĐ/TW, Điều 6", "detail": "Điểm 95 ≥ 90", "lang": "vi"}


@pytest.fixture
def cycle(api: ApiWorld) -> ReviewCycle:
    """The reports' 2025 results (published: TU, DB-SNV, the SNV agency, P0 L1, P1 L2; decided but not
    published: cell CB-VP, P4; proposed only: P2, P3 …), with publication dates, reasons and notes."""
    cycle = open_cycle(api.world)
    the_2025_results(api.world, cycle)
    Review.objects.filter(cycle=cycle, state="published").update(published_at=PUBLISHED_AT)
    set_result(
        individual(api.world, cycle, "P0"),
        engine_reasons=[REASON],
        verification_note="Ghi chú thẩm định: hồ sơ thiếu minh chứng",
        verified_level="L2",
    )
    set_result(individual(api.world, cycle, "P4"), verification_note="Ghi chú thẩm định bí mật")
    summaries_refresh(cycle=cycle, actor=api.world.users["thamdinh"], now=NOW)
    return cycle


def results(api: ApiWorld, token: str, cycle: ReviewCycle, **query: Any) -> list[tuple[str, str | None, str, str]]:
    body = api.call("GET", f"/cycles/{cycle.pk}/results", token, **query).json()
    return [
        (r["unit"], r["person"] and Person.objects.get(pk=r["person"]).personnel_code, r["status"], r["level"])
        for r in body["items"]
    ]


def test_only_published_results_are_read(api: ApiWorld, cycle: ReviewCycle) -> None:
    token = api.token(["read:results"])

    assert results(api, token, cycle) == [
        ("TU", None, "classified", "L2"),
        ("DB-SNV", None, "classified", "L1"),
        ("SNV", None, "classified", "L3"),
        ("CB-VP", "CB000", "classified", "L1"),
        ("CB-VP", "CB001", "classified", "L2"),
    ]


def test_a_result_carries_the_engines_reasons_and_never_the_verification(api: ApiWorld, cycle: ReviewCycle) -> None:
    token = api.token(["read:results"])

    response = api.call("GET", f"/cycles/{cycle.pk}/results", token, subject_type="individual", limit=1)

    assert response.json()["items"] == [
        {
            "id": individual(api.world, cycle, "P0").pk,
            "subject_type": "individual",
            "category": "leader",
            "person": api.person("P0").pk,
            "unit": "CB-VP",
            "status": "classified",
            "level": "L1",
            "published_at": "2026-01-20T08:00:00Z",
            "under_complaint": False,
            "reasons": [{"code": "level1_score", "source": "366-QĐ/TW, Điều 6", "detail": "Điểm 95 ≥ 90"}],
        }
    ]
    assert "thẩm định" not in response.content.decode()


def test_a_result_under_complaint_stays_readable_and_says_so(api: ApiWorld, cycle: ReviewCycle) -> None:
    set_result(individual(api.world, cycle, "P1"), state="complained")
    token = api.token(["read:results", "read:people:pid"])

    body = api.call("GET", f"/cycles/{cycle.pk}/results", token, subject_type="individual").json()

    assert [(r["person"], r["under_complaint"], r["national_id"]) for r in body["items"]] == [
        (api.person("P0").pk, False, None),
        (api.person("P1").pk, True, None),
    ]


def test_results_of_a_unit_and_of_a_subtree_token(api: ApiWorld, cycle: ReviewCycle) -> None:
    province = api.token(["read:results"])
    agency = api.token(["read:results"], root=api.agency)

    assert results(api, province, cycle, unit="DB-SNV") == [
        ("DB-SNV", None, "classified", "L1"),
        ("CB-VP", "CB000", "classified", "L1"),
        ("CB-VP", "CB001", "classified", "L2"),
    ]
    assert results(api, agency, cycle) == [("SNV", None, "classified", "L3")]


def test_results_are_paged(api: ApiWorld, cycle: ReviewCycle) -> None:
    token = api.token(["read:results"])
    first = api.call("GET", f"/cycles/{cycle.pk}/results", token, limit=3).json()
    second = api.call("GET", f"/cycles/{cycle.pk}/results", token, limit=3, cursor=first["next_cursor"]).json()

    assert [r["unit"] for r in first["items"] + second["items"]] == ["TU", "DB-SNV", "SNV", "CB-VP", "CB-VP"]
    assert second["next_cursor"] is None
    other = cycle_create(
        actor=api.world.users["admin"],
        name="Khác",
        kind="year",
        year=2024,
        root=api.province,
        ruleset="qd124-2023",
        replay_grounds=replay_grounds("qd124-2023", 2024),
        now=NOW,
    )
    assert api.call("GET", f"/cycles/{other.pk}/results", token, cursor=first["next_cursor"]).status_code == 404


# --- cycles ----------------------------------------------------------------------------------------------


def test_cycles_past_their_draft_whose_scope_meets_the_subtree(api: ApiWorld, cycle: ReviewCycle) -> None:
    cycle_create(
        actor=api.world.users["admin"],
        name="Bản nháp",
        kind="year",
        year=2026,
        root=api.province,
        ruleset="qd366-2025",
        now=NOW,
    )
    province = api.token(["read:cycles"])
    agency = api.token(["read:cycles"], root=api.agency)

    listed = api.call("GET", "/cycles", province).json()
    seen_from_below = api.call("GET", f"/cycles/{cycle.pk}", agency).json()

    assert listed == {
        "items": [
            {
                "id": cycle.pk,
                "name": "Kiểm điểm năm 2025",
                "kind": "year",
                "year": 2025,
                "quarter": None,
                "term_start": None,
                "state": "open",
                "ruleset": "qd366-2025",
                "root": "TU",
                "period_start": "2025-01-01",
                "period_end": "2025-12-31",
                "complaints_until": None,
            }
        ],
        "next_cursor": None,
    }
    assert seen_from_below["root"] is None  # the province lies above the agency's subtree
    assert api.call("GET", "/cycles", province, year=2024).json()["items"] == []


# --- statistics ------------------------------------------------------------------------------------------


def test_statistics_count_published_results_only(api: ApiWorld, cycle: ReviewCycle) -> None:
    token = api.token(["read:statistics"])

    body = api.call("GET", f"/cycles/{cycle.pk}/statistics", token).json()

    members = next(s for s in body["subjects"] if s["subject"] == "party_member")["figures"]
    assert (members["total"], members["classified"], members["pending"], members["not_classified"]) == (6, 2, 4, 0)
    assert {level: v["count"] for level, v in members["levels"].items()} == {"L1": 1, "L2": 1, "L3": 0, "L4": 0}
    assert members["basis"] == {"decided": 2, "proposed": 0}
    assert (body["unit"]["code"], body["as_of_tree"], body["basis"]) == ("TU", "2025-12-31", "published")
    assert [c["code"] for c in body["children"]] == ["DB-SNV", "SNV", "SYT"]
    assert body["overall"]["total"] == 13 and body["overall"]["classified"] == 5


def test_statistics_of_a_unit_in_the_subtree(api: ApiWorld, cycle: ReviewCycle) -> None:
    token = api.token(["read:statistics"], root=api.world.committee)

    default = api.call("GET", f"/cycles/{cycle.pk}/statistics", token).json()
    cell = api.call("GET", f"/cycles/{cycle.pk}/statistics", token, unit="CB-VP").json()

    assert default["unit"]["code"] == "DB-SNV"  # the cycle's root lies above: the token's root
    assert cell["unit"]["code"] == "CB-VP" and cell["children"] == []


# --- the national database export ------------------------------------------------------------------------


def test_the_export_keys_each_published_yearly_result_on_the_national_id(api: ApiWorld, cycle: ReviewCycle) -> None:
    Person.objects.filter(pk=api.person("P0").pk).update(national_id="001085000123")
    Review.objects.filter(pk=individual(api.world, cycle, "P0").pk).update(decided_at=PUBLISHED_AT)
    token = api.token(["read:export"])

    body = api.call("GET", f"/cycles/{cycle.pk}/export", token).json()

    assert body["format"] == "danhgia-national-export/1"
    assert body["items"] == [
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
            "ngay_quyet_dinh": "2026-01-20T08:00:00Z",
            "ngay_cong_bo": "2026-01-20T08:00:00Z",
        }
    ]
    assert body["without_national_id"] == 1  # P1: published, no national ID


def test_the_export_follows_the_systems_own_mapping(api: ApiWorld, cycle: ReviewCycle) -> None:
    Person.objects.filter(pk=api.person("P1").pk).update(national_id="001090000777")
    ConnectedSystem.objects.filter(pk=api.system.pk).update(
        export_mapping={"cccd": "national_id", "xep_loai": "level", "nam": "year"}
    )
    token = api.token(["read:export"])

    body = api.call("GET", f"/cycles/{cycle.pk}/export", token).json()

    assert body["items"] == [{"cccd": "001090000777", "xep_loai": "L2", "nam": 2025}]
    assert body["mapping"] == {"cccd": "national_id", "xep_loai": "level", "nam": "year"}


def test_the_export_covers_yearly_cycles_only(api: ApiWorld, cycle: ReviewCycle) -> None:
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
    token = api.token(["read:export"])

    response = api.call("GET", f"/cycles/{quarter.pk}/export", token, language="en")

    assert response.status_code == 422
    assert response.json()["errors"][0]["path"] == "path.cycle_id"


def test_collectives_are_not_exported(api: ApiWorld, cycle: ReviewCycle) -> None:
    set_result(collective(cycle, api.agency, "organisation"), state="published")
    Person.objects.update(national_id=None)
    token = api.token(["read:export"])

    body = api.call("GET", f"/cycles/{cycle.pk}/export", token).json()

    assert (body["items"], body["without_national_id"]) == ([], 2)
