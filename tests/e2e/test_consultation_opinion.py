"""In a real browser: a consulted unit's designated user writes a comment on a clause with its proposed wording
and a PDF attached, saves it in the draft and submits the unit's opinion (then locked); the editorial team reads
it in the synthesis, records its decision and downloads the synthesis table as .xlsx and .docx. Screenshots go to
test-artifacts/screenshots/consultation-*.png."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from danhgia.apps.consultation.models import Comment, Opinion
from danhgia.apps.consultation.tests.helpers import PASSWORD, world
from tests.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_unit_submits_its_opinion_and_the_editorial_team_downloads_the_synthesis(
    page: Page, live_server: object, tmp_path: Path
) -> None:
    w = world()
    base = str(live_server)

    log_in(page, base, "bacninh", PASSWORD)
    page.get_by_role("link", name="Góp ý dự thảo", exact=True).click()
    page.get_by_role("link", name="Dự thảo sửa đổi Quy định 366").click()
    expect(page.get_by_role("heading", name="Ý kiến của Tỉnh ủy Bắc Ninh")).to_be_visible()
    page.get_by_label("Điều, khoản").select_option(label="Khoản 1 Điều 5")
    page.get_by_label("Ý kiến góp ý").fill("Đề nghị giảm tỷ lệ xuống 15%.")
    page.get_by_label("Đề xuất sửa thành").fill("Tỷ lệ không quá 15% số được xếp loại hoàn thành tốt nhiệm vụ.")
    evidence = tmp_path / "so-lieu.pdf"
    evidence.write_bytes(b"%PDF-1.7 so lieu xep loai")
    page.get_by_label("Tệp đính kèm (PDF, DOCX, XLSX, JPG hoặc PNG; tối đa 10 MB)").set_input_files(str(evidence))
    page.get_by_role("button", name="Lưu vào bản nháp").click()
    expect(page.get_by_text("Đã lưu ý kiến vào bản nháp.")).to_be_visible()
    expect(page.get_by_role("link", name="so-lieu.pdf")).to_be_visible()
    screenshot(page, "consultation-draft")
    page.get_by_role("button", name="Gửi ý kiến chính thức của đơn vị").click()
    expect(page.get_by_text("Đã gửi ý kiến chính thức của đơn vị. Ý kiến không sửa được nữa.")).to_be_visible()
    screenshot(page, "consultation-submitted")
    opinion = Opinion.objects.get(unit=w.province)
    assert (opinion.state, opinion.number, opinion.comments.count()) == ("submitted", 1, 1)
    assert list(opinion.comments.get().attachments.values_list("name", "size")) == [("so-lieu.pdf", 25)]
    expect(page.get_by_role("button", name="Xóa")).to_have_count(0)

    page.get_by_role("button", name="Đăng xuất").click()
    log_in(page, base, "bientap", PASSWORD)
    page.goto(f"{base}/consultation/{w.consultation.pk}/synthesis/")
    comment = Comment.objects.get(unit=w.province)
    decision = page.locator(f"#comment-{comment.pk}")
    expect(decision).to_contain_text("Đề nghị giảm tỷ lệ xuống 15%.")
    decision.get_by_label("Tiếp thu/giải trình", exact=True).select_option("accepted")
    decision.get_by_label("Ý kiến tiếp thu, giải trình").fill("Tiếp thu, sửa Khoản 1 Điều 5.")
    decision.get_by_role("button", name="Ghi nhận").click()
    expect(page.get_by_text("Đã ghi nhận ý kiến tiếp thu, giải trình.")).to_be_visible()
    screenshot(page, "consultation-synthesis")

    with page.expect_download() as download:
        page.get_by_role("link", name="Bảng tổng hợp (.xlsx)").click()
    workbook = load_workbook(BytesIO(Path(download.value.path()).read_bytes()))
    assert list(workbook.worksheets[0].iter_rows(min_row=3, values_only=True)) == [
        (
            1,
            "Khoản 1 Điều 5",
            "Tỉnh ủy Bắc Ninh",
            "Đề nghị giảm tỷ lệ xuống 15%.",
            "Tỷ lệ không quá 15% số được xếp loại hoàn thành tốt nhiệm vụ.",
            "tiếp thu",
            "Tiếp thu, sửa Khoản 1 Điều 5.",
        )
    ]
    with page.expect_download() as download:
        page.get_by_role("link", name="Bảng tổng hợp (.docx)").click()
    assert download.value.suggested_filename == f"tong-hop-y-kien-{w.consultation.pk}.docx"
    document = Document(BytesIO(Path(download.value.path()).read_bytes()))
    assert [cell.text for cell in document.tables[0].rows[1].cells][1:3] == ["Khoản 1 Điều 5", "Tỉnh ủy Bắc Ninh"]
