"""In a real browser: a rule editor replays a cycle under a draft that raises the L2 threshold, reads the
movement matrix, searches the subjects that move, and downloads the spreadsheet and the summary."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from danhgia.apps.lab.services import draft_data, draft_put_rule
from danhgia.apps.lab.tests.helpers import NOW, lab_world, new_draft, scored_cycle
from danhgia.apps.reviews.models import Review
from tests.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "danhgia-demo-2025"


def test_the_rule_editor_replays_a_cycle_and_exports_it(page: Page, live_server: object, tmp_path: Path) -> None:
    world = lab_world()
    cycle = scored_cycle(world)
    draft = new_draft(world, cycle)
    rule = next(r for r in draft_data(draft)["rules"] if r["code"] == "level2_score")
    draft_put_rule(
        draft=draft, code="level2_score", rule={**rule, "params": {"min": 81}}, actor=world.users["bientap"], now=NOW
    )
    before = list(Review.objects.filter(cycle=cycle).order_by("pk").values_list())
    base = str(live_server)

    log_in(page, base, "bientap", PASSWORD)
    page.goto(f"{base}/lab/drafts/{draft.pk}/")
    page.get_by_label("Kỳ đánh giá").select_option(label=cycle.name)
    page.get_by_role("button", name="Chạy thử", exact=True).click()
    expect(page.locator("#moved-total")).to_contain_text("3 đối tượng thay đổi mức.")
    expect(page.locator("#matrix")).to_be_visible()
    expect(page.locator("#reasons")).to_contain_text("level2_score")
    expect(page.locator("figure.chart svg").first).to_be_visible()
    screenshot(page, "lab-replay")

    page.get_by_label("Tìm theo tên hoặc đơn vị").fill("Dung")
    page.locator("#search-moved").click()
    expect(page.locator("#moved-table tbody tr")).to_have_count(1)
    expect(page.locator("#moved-table tbody tr")).to_contain_text("Phạm Thị Dung")
    expect(page.locator("#moved-table tbody tr")).to_contain_text("Mức 2 cần từ 81 điểm trở lên; tổng điểm là 80.")

    with page.expect_download() as download:
        page.get_by_role("link", name="Bảng tính (.xlsx), mọi đối tượng").click()
    sheet = load_workbook(BytesIO(Path(download.value.path()).read_bytes())).worksheets[0]
    assert sheet.max_row == 13
    assert sum(1 for row in sheet.iter_rows(min_row=2, values_only=True) if row[7] == "có") == 3
    with page.expect_download() as download:
        page.get_by_role("link", name="Báo cáo tóm tắt (.docx) có biểu đồ").click()
    assert len(Document(BytesIO(Path(download.value.path()).read_bytes())).inline_shapes) == 1
    assert list(Review.objects.filter(cycle=cycle).order_by("pk").values_list()) == before


def test_the_implementation_report_shows_each_year_with_charts(page: Page, live_server: object) -> None:
    world = lab_world()
    cycle = scored_cycle(world)
    Review.objects.filter(cycle=cycle).update(engine_status="classified", engine_level="L2")
    base = str(live_server)
    log_in(page, base, "bientap", PASSWORD)
    page.goto(f"{base}/lab/")
    page.get_by_role("link", name="Báo cáo kết quả thực hiện").click()
    expect(page.locator("#year-2025")).to_contain_text(
        "Mức 1 bằng 0,0 % số mức 2 (tỷ lệ tối đa 20,0 %); số bị hạ do tỷ lệ: 0."
    )
    expect(page.locator("figure.chart svg")).to_have_count(2)
    screenshot(page, "lab-report")
    with page.expect_download() as download:
        page.get_by_role("link", name="Báo cáo (.docx)").click()
    assert download.value.suggested_filename == "bao-cao-thuc-hien-2025-2025.docx"
