"""In a real browser: the organising committee opens the statistics from the navigation, reads the province,
drills down to a grassroots committee and back, and downloads the workbook and the PDF; the advisory body
recomputes the figures of its subtree. Screenshots go to test-artifacts/screenshots/reports-*.png."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from danhgia.apps.reports.services import summaries_refresh
from danhgia.apps.reports.tests.helpers import NOW, open_cycle, reports_world, the_2025_results
from danhgia.apps.reviews.models import Review
from tests.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "danhgia-demo-2025"  # the password of every login of reviews/tests/world.py


def test_the_organising_committee_reads_drills_down_and_exports(
    page: Page, live_server: object, tmp_path: Path
) -> None:
    world = reports_world()
    cycle = open_cycle(world)
    the_2025_results(world, cycle)
    summaries_refresh(cycle=cycle, now=NOW)
    base = str(live_server)

    log_in(page, base, "bantochuc", PASSWORD)
    page.get_by_role("link", name="Thống kê", exact=True).click()
    expect(
        page.get_by_role("heading", name="Thống kê kết quả kiểm điểm, đánh giá, xếp loại chất lượng")
    ).to_be_visible()
    summary = page.locator("table.reports-table").first
    expect(summary.locator("tbody tr").filter(has_text="Đảng viên")).to_contain_text("66,7 %")
    expect(page.locator("figure.chart svg").first).to_be_visible()
    screenshot(page, "reports-province")

    page.locator("#subject-party_member").get_by_role("link", name="Đảng bộ Sở Nội vụ").click()
    expect(page.locator(".reports-breadcrumbs")).to_contain_text("Tỉnh ủy Hà Tĩnh › Đảng bộ Sở Nội vụ")
    page.locator(".reports-breadcrumbs").get_by_role("link", name="Tỉnh ủy Hà Tĩnh").click()
    expect(page.locator(".reports-breadcrumbs strong")).to_have_text("Tỉnh ủy Hà Tĩnh")

    with page.expect_download() as download:
        page.get_by_role("button", name="Tệp Excel (.xlsx)").click()
    workbook = tmp_path / download.value.suggested_filename
    download.value.save_as(workbook)
    assert workbook.name == f"thong-ke-2025-ky{cycle.pk}-TU.xlsx"
    assert load_workbook(workbook).sheetnames[-1] == "Đảng viên"
    with page.expect_download() as download:
        page.get_by_role("button", name="PDF để in").click()
    pdf = PdfReader(BytesIO(Path(download.value.path()).read_bytes()))
    assert len(pdf.pages) == 5


def test_the_advisory_body_recomputes_its_subtree(page: Page, live_server: object) -> None:
    world = reports_world()
    cycle = open_cycle(world)
    the_2025_results(world, cycle)
    base = str(live_server)

    log_in(page, base, "thamdinh", PASSWORD)
    page.goto(f"{base}/reports/?cycle={cycle.pk}")
    expect(page.get_by_text("Số liệu thống kê của kỳ này chưa được tính.")).to_be_visible()
    page.get_by_role("button", name="Tính lại số liệu của đơn vị này").click()
    expect(page.get_by_text("Đã tính lại số liệu: 12 trường hợp.")).to_be_visible()
    expect(page.get_by_role("heading", name="Tổng hợp theo đối tượng")).to_be_visible()
    assert Review.objects.filter(cycle=cycle).count() == 12
    screenshot(page, "reports-recomputed")
