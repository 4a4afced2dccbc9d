"""The self-review's completeness and the member's own form, walked as `dangvien`: the fields the form marks as
needed are needed to submit (errors name each field; a refused submission changes nothing), and he downloads
his own form (Mẫu 2B) as .docx and .pdf, the quarterly one titled with its quarter. Screenshots go to
test-artifacts/screenshots/complete-*.png."""

from __future__ import annotations

from io import BytesIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from docx import Document
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from danhgia.apps.reviews.models import Review, ReviewState
from tests.e2e.conftest import confirm, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
QUARTER, OPEN = "Quý III/2025 — Tỉnh Bắc Ninh", "Năm 2025 — Đảng bộ Sở Nội vụ"
MEMBER = "DEMO-0003"  # dangvien


@pytest.fixture
def demo(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    call_command("demo_setup", force=True, verbosity=0)


def test_the_needed_fields_are_needed_and_the_errors_name_them(page: Page, live_server: object, demo: None) -> None:
    base = str(live_server)
    draft = Review.objects.get(cycle__name=OPEN, person__personnel_code=MEMBER)
    log_in(page, base, "dangvien", "demo-dangvien")
    page.goto(base + reverse("selfservice:review_detail", args=[draft.pk]))
    expect(page.locator("#required-note")).to_contain_text("Cần điền trước khi nộp:")
    strengths = page.locator(".ss-label-row").filter(has=page.get_by_text("Ưu điểm", exact=True))
    expect(strengths.locator(".ss-required")).to_have_text("*")
    page.get_by_role("button", name="Nộp bản tự kiểm điểm").click()
    confirm(page, "Nộp")
    listed = page.locator("#error-fields")
    expect(listed).to_contain_text("Ưu điểm: Hãy ghi “Ưu điểm” trước khi nộp.")
    expect(listed).to_contain_text("Hạn chế, khuyết điểm: Hãy ghi “Hạn chế, khuyết điểm” trước khi nộp.")
    expect(listed).to_contain_text("Số nhiệm vụ được giao:")
    expect(listed).to_contain_text("Tự nhận mức xếp loại:")
    expect(page.locator("#err-strengths")).to_have_text("Hãy ghi “Ưu điểm” trước khi nộp.")
    screenshot(page, "complete-1-needed-fields")
    draft.refresh_from_db()
    assert (draft.state, draft.submitted_at) == (ReviewState.NOT_STARTED, None)


def test_the_member_downloads_his_own_form_as_docx_and_pdf(page: Page, live_server: object, demo: None) -> None:
    base = str(live_server)
    published = Review.objects.get(cycle__name=QUARTER, person__personnel_code=MEMBER)
    log_in(page, base, "dangvien", "demo-dangvien")
    page.goto(base + reverse("selfservice:review_detail", args=[published.pk]))
    links = page.locator("#my-form")
    expect(links).to_contain_text("In hoặc tải biểu mẫu (Mẫu 2B-HD KĐ.ĐG 2025):")
    screenshot(page, "complete-2-my-form-links")
    with page.expect_download() as docx_download:
        links.get_by_role("link", name="Word (.docx)").click()
    assert docx_download.value.suggested_filename == f"mau-2b-2025-q3-ky{published.cycle_id}-DEMO-0003.docx"
    document = Document(str(docx_download.value.path()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BẢN KIỂM ĐIỂM, TỰ ĐÁNH GIÁ, XẾP LOẠI CÁ NHÂN" in text and "Quý 3 năm 2025" in text
    with page.expect_download() as pdf_download:
        links.get_by_role("link", name="PDF").click()
    assert pdf_download.value.suggested_filename == f"mau-2b-2025-q3-ky{published.cycle_id}-DEMO-0003.pdf"
    pdf = PdfReader(BytesIO(open(pdf_download.value.path(), "rb").read()))  # noqa: SIM115
    first = pdf.pages[0].extract_text()
    assert "BẢN KIỂM ĐIỂM, TỰ ĐÁNH GIÁ, XẾP LOẠI CÁ NHÂN" in first and "Quý 3 năm 2025" in first
    assert "Họ và tên: Nguyễn Văn An" in first

    other = Review.objects.filter(cycle__name=QUARTER).exclude(person__personnel_code=MEMBER).first()
    assert other is not None
    response = page.request.get(base + reverse("selfservice:my_form", args=[other.pk, "pdf"]))
    assert response.status == 403  # someone else's form: refused
