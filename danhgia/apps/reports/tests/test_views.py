"""The statistics page, exports, jobs, refresh and forms over HTTP: who sees what, and that a refusal changes
nothing."""

from __future__ import annotations

from io import BytesIO, StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.reports import services
from danhgia.apps.reports.models import ExportJob, SubtreeSummary, SummaryRun, UnitSummary
from danhgia.apps.reports.services import summaries_refresh
from danhgia.apps.reports.tests.helpers import (
    NOW,
    collective,
    individual,
    open_cycle,
    reports_world,
    set_result,
    the_2025_results,
)
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.tests.world import World

pytestmark = pytest.mark.django_db
PAGE = reverse("reports:statistics")


@pytest.fixture
def world() -> World:
    return reports_world()


@pytest.fixture
def cycle(world: World) -> ReviewCycle:
    cycle = open_cycle(world)
    the_2025_results(world, cycle)
    summaries_refresh(cycle=cycle, now=NOW)
    return cycle


def q(cycle: ReviewCycle, unit: str | None = None, **more: str) -> dict[str, str]:
    return {"cycle": str(cycle.pk), **({"unit": unit} if unit else {}), **more}


def client_for(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def everything() -> tuple[Any, ...]:
    return (
        list(UnitSummary.objects.order_by("pk").values()),
        list(SubtreeSummary.objects.order_by("pk").values()),
        list(SummaryRun.objects.values()),
        list(ExportJob.objects.values()),
        AuditEntry.objects.count(),
        list(Review.objects.order_by("pk").values()),
    )


def test_the_organising_committee_reads_the_province_in_vietnamese(world: World, cycle: ReviewCycle) -> None:
    response = client_for(world, "bantochuc").get(PAGE, q(cycle))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thống kê kết quả kiểm điểm, đánh giá, xếp loại chất lượng" in html
    assert "reports/reports.css" in html
    assert "Tỉnh ủy Hà Tĩnh" in html and "Đảng viên" in html
    assert "66,7 %" in html  # members at L1 out of those classified
    assert f'href="{PAGE}?cycle={cycle.pk}&amp;unit=DB-SNV"' in html  # drill-down to the grassroots committee
    assert html.count("<svg") == 5  # the levels by subject, and per subject a comparison across children
    assert "được miễn công tác và sinh hoạt đảng" in html
    assert "(exempt_from_activities)" not in html and 'data-code="exempt_from_activities"' in html  # no raw code
    assert "Tiến độ thực hiện" in html
    assert "Mẫu 01-HD KĐ.ĐG 2025 — Tỉnh ủy Hà Tĩnh (Tổ chức đảng)" in html  # the province's own report


def test_drilling_down_shows_the_subtree_and_the_way_back_up(world: World, cycle: ReviewCycle) -> None:
    response = client_for(world, "bantochuc").get(PAGE, q(cycle, "CB-VP"))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<a href="{PAGE}?cycle={cycle.pk}&amp;unit=TU">Tỉnh ủy Hà Tĩnh</a>' in html
    assert f'<a href="{PAGE}?cycle={cycle.pk}&amp;unit=DB-SNV">Đảng bộ Sở Nội vụ</a>' in html


def test_a_reader_of_a_committee_starts_there_and_cannot_read_the_province(world: World, cycle: ReviewCycle) -> None:
    client = client_for(world, "bantochuc_db")
    response = client.get(PAGE, q(cycle))
    assert response.status_code == 200
    assert response.context["unit"] == world.committee
    before = everything()
    assert client.get(PAGE, q(cycle, "TU")).status_code == 403
    assert client.get(PAGE, q(cycle, "SNV")).status_code == 403
    export = {"cycle": cycle.pk, "unit": "TU", "format": "json"}
    assert client.post(reverse("reports:export"), export).status_code == 403
    assert everything() == before


@pytest.mark.parametrize("name", ["xem_chibo", "khong_vai_tro", "p2"])
def test_readers_outside_the_subtree_and_non_readers_get_nothing(world: World, cycle: ReviewCycle, name: str) -> None:
    client = client_for(world, name)
    before = everything()
    for unit in ("TU", "CB-VP"):
        assert client.get(PAGE, q(cycle, unit)).status_code == 403
        for fmt in ("xlsx", "pdf", "json"):
            response = client.post(reverse("reports:export"), {"cycle": cycle.pk, "unit": unit, "format": fmt})
            assert response.status_code == 403
        assert client.post(reverse("reports:refresh"), q(cycle, unit)).status_code == 403
    assert everything() == before


def test_anonymous_visitors_are_sent_to_log_in(cycle: ReviewCycle) -> None:
    response = Client().get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_unknown_cycles_and_units_are_not_found(world: World, cycle: ReviewCycle) -> None:
    client = client_for(world, "bantochuc")
    assert client.get(PAGE, {"cycle": str(cycle.pk + 99)}).status_code == 404
    assert client.get(PAGE, {"cycle": "x"}).status_code == 404
    assert client.get(PAGE, q(cycle, "KHONG-CO")).status_code == 404


def test_exports_download_at_once_for_a_small_scope(world: World, cycle: ReviewCycle) -> None:
    client = client_for(world, "bantochuc")
    url = reverse("reports:export")
    xlsx = client.post(url, {"cycle": cycle.pk, "unit": "TU", "format": "xlsx", "depth": ""})
    assert xlsx.status_code == 200
    assert xlsx["Content-Disposition"] == f'attachment; filename="thong-ke-2025-ky{cycle.pk}-TU.xlsx"'
    assert load_workbook(BytesIO(xlsx.content)).sheetnames[0] == "Tổng hợp"
    pdf = client.post(url, {"cycle": cycle.pk, "unit": "DB-SNV", "format": "pdf"})
    assert pdf["Content-Type"] == "application/pdf"
    assert len(PdfReader(BytesIO(pdf.content)).pages) == 3  # summary, party organisations, members
    data = client.post(url, {"cycle": cycle.pk, "unit": "TU", "format": "json"}).json()
    assert data["unit"]["code"] == "TU"
    assert client.post(url, {"cycle": cycle.pk, "unit": "TU", "format": "docx"}).status_code == 400
    assert ExportJob.objects.count() == 0


@pytest.mark.django_db(transaction=True)  # the export is handed to the worker on commit; the worker reconnects
def test_a_large_workbook_runs_as_a_job_with_progress(
    world: World, cycle: ReviewCycle, monkeypatch: pytest.MonkeyPatch, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(services, "SYNC_MAX_UNITS", 2)
    client = client_for(world, "bantochuc")
    response = client.post(reverse("reports:export"), {"cycle": cycle.pk, "unit": "TU", "format": "xlsx"})
    assert response.status_code == 303 and response["Location"].endswith("#exports")
    job = ExportJob.objects.get()
    assert (job.state, job.progress, job.requested_by, job.unit) == (
        "queued",
        0,
        world.users["bantochuc"],
        world.province,
    )
    status = client.get(reverse("reports:job", args=[job.pk]))
    assert 'hx-trigger="every 2s"' in status.content.decode()  # the page polls while it waits
    assert client_for(world, "bantochuc_db").get(reverse("reports:job", args=[job.pk])).status_code == 404

    # the task and its watchdog (a lease later) wait for a worker
    assert sorted(DBTaskResult.objects.values_list("task_path", "args_kwargs", "status")) == [
        ("danhgia.apps.reports.tasks.export_run", {"args": [job.pk], "kwargs": {}}, "READY"),
        ("danhgia.apps.reports.tasks.export_watch", {"args": [job.pk], "kwargs": {}}, "READY"),
    ]
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", stdout=StringIO())
    assert DBTaskResult.objects.get(task_path="danhgia.apps.reports.tasks.export_run").status == "SUCCESSFUL"
    job.refresh_from_db()
    assert (job.state, job.progress, job.filename) == ("done", 100, f"thong-ke-2025-ky{cycle.pk}-TU.xlsx")
    done = client.get(reverse("reports:job", args=[job.pk])).content.decode()
    assert "hx-trigger" not in done and reverse("reports:job_file", args=[job.pk]) in done
    download = client.get(reverse("reports:job_file", args=[job.pk]))
    book = load_workbook(BytesIO(b"".join(download.streaming_content)))  # type: ignore[attr-defined]
    assert "Đảng viên" in book.sheetnames
    other = client_for(world, "bantochuc_db").get(reverse("reports:job_file", args=[job.pk]))
    assert other.status_code == 404


def test_the_advisory_body_recomputes_a_subtree(world: World, cycle: ReviewCycle) -> None:
    Review.objects.filter(cycle=cycle, person=world.people["P5"]).update(
        state="published",
        engine_status="classified",
        engine_level="L2",
        decided_status="classified",
        decided_level="L2",
    )
    before = AuditEntry.objects.count()
    client = client_for(world, "thamdinh")
    response = client.post(reverse("reports:refresh"), q(cycle, "CB-VP"))
    assert response.status_code == 303
    assert AuditEntry.objects.count() == before + 1
    page = client.get(PAGE, q(cycle, "TU"))
    members = page.context["stats"].subject("party_member").total
    assert (members.classified, members.pending) == (4, 0)


def test_a_viewer_cannot_recompute(world: World, cycle: ReviewCycle) -> None:
    before = everything()
    response = client_for(world, "bantochuc").post(reverse("reports:refresh"), q(cycle, "TU"))
    assert response.status_code == 403
    assert everything() == before


def test_the_page_says_when_nothing_is_computed_yet(world: World) -> None:
    cycle = open_cycle(world)
    html = client_for(world, "thamdinh").get(PAGE, q(cycle)).content.decode()
    assert "chưa được tính" in html
    assert reverse("reports:refresh") in html


def test_the_person_reviewed_downloads_their_own_form_and_nobody_else_can(world: World, cycle: ReviewCycle) -> None:
    review = individual(world, cycle, "P2")
    url = reverse("reports:review_form", args=[review.pk])
    response = client_for(world, "p2").get(url)
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(BytesIO(response.content)).paragraphs)
    assert "Mẫu 2B-HD KĐ.ĐG 2025" in text and world.people["P2"].full_name in text
    assert client_for(world, "p3").get(url).status_code == 403
    assert client_for(world, "xem_chibo").get(url).status_code == 403
    assert client_for(world, "bithu").get(url).status_code == 200  # the cell's secretary
    board = collective(cycle, world.committee, "party_organisation")
    assert client_for(world, "bantochuc").get(reverse("reports:review_form", args=[board.pk])).status_code == 200


def form_text(client: Client, review: Review) -> str:
    response = client.get(reverse("reports:review_form", args=[review.pk]))
    assert response.status_code == 200
    document = Document(BytesIO(response.content))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


DECIDED_L4 = "Xếp loại: Không hoàn thành nhiệm vụ"
NOTE = "Ghi chú thẩm định: chưa nộp đủ minh chứng"


@pytest.mark.parametrize("person", ["P2", "P1"])  # P1 is also the cell's secretary (login "bithu")
def test_the_person_reviewed_sees_the_decision_on_the_form_only_once_published(world: World, person: str) -> None:
    cycle = open_cycle(world)
    review = individual(world, cycle, person)
    login = {"P2": "p2", "P1": "bithu"}[person]
    set_result(
        review,
        state="decided",
        verified_status="classified",
        verified_level="L4",
        verification_note=NOTE,
        decided_status="classified",
        decided_level="L4",
    )

    before = form_text(client_for(world, login), review)

    assert DECIDED_L4 not in before and "☒ Không hoàn thành nhiệm vụ" not in before
    assert "Chưa có quyết định." in before
    assert NOTE not in before
    set_result(review, state="published", published_at=NOW)
    after = form_text(client_for(world, login), review)
    assert DECIDED_L4 in after and "Chưa có quyết định." not in after
    assert NOTE not in after


@pytest.mark.parametrize(("login", "shown"), [("thamdinh", True), ("quyetdinh", True), ("bantochuc", False)])
def test_the_advisory_body_and_the_competent_level_see_the_decision_before_publication(
    world: World, login: str, shown: bool
) -> None:
    cycle = open_cycle(world)
    review = individual(world, cycle, "P2")
    set_result(review, state="decided", decided_status="classified", decided_level="L4", verification_note=NOTE)

    text = form_text(client_for(world, login), review)

    assert (DECIDED_L4 in text) is shown
    assert NOTE not in text


def test_only_cycles_covering_the_readers_units_are_offered(world: World, cycle: ReviewCycle) -> None:
    from danhgia.apps.orgs.models import UnitKind
    from danhgia.apps.orgs.services import unit_create
    from danhgia.apps.reviews.tests.world import START

    elsewhere = unit_create(
        code="TU2", name="Tỉnh ủy khác", kind=UnitKind.PARTY_COMMITTEE, parent=None, valid_from=START
    )
    other = ReviewCycle.objects.create(
        name="Tỉnh khác 2025",
        kind="year",
        year=2025,
        root=elsewhere,
        ruleset="qd366-2025",
        created_at=NOW,
        created_by=world.users["admin"],
    )
    client = client_for(world, "bantochuc_db")
    assert client.get(PAGE).context["cycles"] == [cycle]
    assert client.get(PAGE, q(other)).status_code == 403
    assert client.get(PAGE, q(other, "TU2")).status_code == 403
