"""One year-end cycle of the demo, in a real browser, persona by persona: the party member fills in
and submits his self-review, the cell secretary records the meeting's vote, the advisory body computes the
engine's levels and proposes, the competent level decides and publishes, the member sees his result and
complains, the superior level re-classifies, and the organising committee reads the figures."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation
from django.utils.translation import pgettext
from playwright.sync_api import Page, expect

from danhgia.apps.audit.services import audit_verify
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.orgs.models import Unit
from danhgia.apps.reviews.models import Complaint, Review, ReviewState
from danhgia.apps.reviews.services import review_save, review_submit
from tests.e2e.conftest import confirm, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
CYCLE = "Năm 2025 — Đảng bộ Sở Nội vụ"


def boards(text: str, context: str = "boards") -> str:
    with translation.override("vi"):
        return pgettext(context, text)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def submit_the_others(cycle: ReviewCycle, member: Review) -> None:
    """Everyone but the persona has handed in a self-review (set up through the services)."""
    from django.contrib.auth.models import User

    admin = User.objects.get(username="admin")
    for review in Review.objects.filter(cycle=cycle).exclude(pk=member.pk).exclude(state=ReviewState.SUBMITTED):
        answers = {"tasks": {"assigned": 12, "completed": 12, "on_time": 12, "exceeded": 2}}
        if review.person_id is None:
            actor = admin
        else:
            from danhgia.apps.access.models import Account

            account = Account.objects.filter(person_id=review.person_id).select_related("user").first()
            if account is None:  # no login: the secretary types it in for the member (done here directly)
                Review.objects.filter(pk=review.pk).update(
                    answers=answers, score=Decimal(80), proposed_level="L2", state=ReviewState.SUBMITTED
                )
                continue
            actor = account.user
        saved = review_save(review=review, actor=actor, answers=answers, score=Decimal(80), proposed_level="L2")
        review_submit(review=saved, actor=actor)


def test_a_year_end_cycle_of_the_demo_from_self_review_to_a_reclassified_complaint(
    page: Page, live_server: object, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    call_command("demo_setup", force=True, verbosity=0)
    base = str(live_server)
    cycle = ReviewCycle.objects.get(name=CYCLE)
    member = Review.objects.get(cycle=cycle, person__personnel_code="DEMO-0003")
    cell = member.unit
    assert member.state == ReviewState.NOT_STARTED

    # 1. The party member fills in his self-review, which autosaves, and submits it.
    log_in(page, base, "dangvien", "demo-dangvien")
    page.goto(base + reverse("selfservice:review_detail", args=[member.pk]))
    expect(page.locator(".ss-badge")).to_have_text("Chưa bắt đầu")
    page.get_by_label("Số nhiệm vụ được giao", exact=True).fill("20")
    page.get_by_label("Số nhiệm vụ hoàn thành", exact=True).fill("20")
    page.get_by_label("Hoàn thành đúng hạn", exact=True).fill("20")
    page.get_by_label("Vượt yêu cầu", exact=True).fill("3")
    page.get_by_label("Điểm tự chấm của nhóm (tối đa 70 điểm)", exact=True).fill("62")
    for box in page.locator("main input[type=checkbox][id^=id_item_]").all():
        box.check()
    page.get_by_label("Ưu điểm", exact=True).fill("Hoàn thành đúng hạn các nhiệm vụ được giao.")
    page.get_by_label("Hạn chế, khuyết điểm", exact=True).fill("Có lúc chưa chủ động đề xuất.")
    page.get_by_label("Tự nhận mức xếp loại", exact=True).select_option("L2")
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"^Đã lưu bản nháp"))
    expect(page.locator(".ss-total-value")).to_have_text("92 / 100 điểm")
    screenshot(page, "journey-1-member-self-review")
    page.get_by_role("button", name="Nộp bản tự kiểm điểm").click()
    assert confirm(page, "Nộp").startswith("Nộp bản tự kiểm điểm ngay bây giờ? Sau khi nộp, bản tự kiểm điểm bị khóa")
    expect(page.locator(".ss-badge")).to_have_text("Đã nộp")
    member.refresh_from_db()
    assert (member.state, member.score, member.proposed_level) == (ReviewState.SUBMITTED, Decimal(92), "L2")
    log_out(page)

    # 2. The cell secretary records the review meeting's comments and vote.
    log_in(page, base, "bithu", "demo-bithu")
    page.goto(base + reverse("selfservice:meeting", args=[member.pk]))
    page.get_by_label("Ý kiến góp ý của hội nghị", exact=True).fill("Chi bộ thống nhất mức hoàn thành tốt nhiệm vụ.")
    page.get_by_label("Số người có mặt", exact=True).fill("11")  # of the cell's members, prefilled from the registry
    page.get_by_label("Số phiếu hoàn thành tốt nhiệm vụ", exact=True).fill("9")
    page.get_by_role("button", name="Ghi biên bản").click()
    expect(page.get_by_text("Đã ghi ý kiến và kết quả biểu quyết của hội nghị.")).to_be_visible()
    screenshot(page, "journey-2-secretary-meeting")
    log_out(page)
    submit_the_others(cycle, member)

    # 3. The advisory body moves the cycle to verification, computes, accepts the engine's levels.
    log_in(page, base, "thamdinh", "demo-thamdinh")
    page.goto(base + reverse("boards:verification_board", args=[cycle.pk, cycle.root_id]))
    page.get_by_role("button", name=boards("Start verification", "cycle action")).click()
    page.get_by_role("button", name=boards("Compute the engine's levels")).click()
    expect(page.get_by_text(re.compile(r"^Đã tính mức xếp loại của \d+ đối tượng"))).to_be_visible()
    page.goto(base + reverse("boards:verification_board", args=[cycle.pk, cell.pk]))  # down to the member's cell
    row = page.locator(f"#review-{member.pk}")
    expect(row.locator(".subject-levels")).to_contain_text("Hoàn thành tốt nhiệm vụ")
    screenshot(page, "journey-3-verification")
    page.goto(base + reverse("boards:verification_board", args=[cycle.pk, cycle.root_id]))
    page.get_by_role("button", name=re.compile(r"^Chấp nhận mức tính toán cho \d+ đối tượng đã lọc$")).click()
    expect(page.get_by_text(re.compile(r"^Đã chấp nhận mức tính toán cho \d+ đối tượng\.$"))).to_be_visible()
    page.get_by_role("button", name=boards("Start decisions", "cycle action")).click()
    log_out(page)
    member.refresh_from_db()
    assert (member.state, member.verified_level) == (ReviewState.VERIFIED, "L2")

    # 4. The competent level (the department's party committee) decides the cell and publishes.
    log_in(page, base, "quyetdinh", "demo-quyetdinh")
    page.goto(base + reverse("boards:decision_board", args=[cycle.pk, cell.pk]))
    page.get_by_role("button", name=re.compile(r"^Quyết định \d+ đề xuất đã sẵn sàng của đơn vị$")).click()
    assert confirm(page, "Quyết định").startswith("Quyết định xếp loại ")
    expect(page.get_by_text(re.compile(r"^Đã quyết định xếp loại \d+ đối tượng\.$"))).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Công bố \d+ kết quả đã quyết định của đơn vị$")).click()
    assert "Việc công bố không thể thu hồi." in confirm(page, "Công bố")
    expect(page.get_by_text(re.compile(r"^Đã công bố \d+ kết quả\.$"))).to_be_visible()
    screenshot(page, "journey-4-decision")
    log_out(page)

    # 5. The member sees his published result with its reasons, and complains.
    log_in(page, base, "dangvien", "demo-dangvien")
    page.goto(base + reverse("selfservice:review_detail", args=[member.pk]))
    expect(page.locator(".ss-result .ss-level")).to_have_text("Hoàn thành tốt nhiệm vụ")
    screenshot(page, "journey-5-member-result")
    page.goto(base + reverse("selfservice:complaint_new", args=[member.pk]))
    page.locator("main textarea").first.fill("Đề nghị xem xét lại: tôi hoàn thành vượt mức 3 nhiệm vụ trọng tâm.")
    page.get_by_role("button", name="Gửi khiếu nại").click()
    expect(page.locator(".ss-badge")).to_have_text("Có khiếu nại")
    log_out(page)

    # 6. The superior level (the provincial standing committee) upholds it and re-classifies.
    complaint = Complaint.objects.get(review=member)
    log_in(page, base, "bantochuc", "demo-bantochuc")
    page.goto(base + reverse("boards:complaint", args=[complaint.pk]))
    expect(page.locator("blockquote.complaint-text")).to_contain_text("vượt mức 3 nhiệm vụ trọng tâm")
    page.get_by_label(boards("Uphold it: re-classify")).check()
    page.get_by_label(boards("New result")).select_option("classified")
    page.get_by_label(boards("New level")).select_option("L2")
    page.get_by_label(boards("Grounds of the resolution")).fill("Giữ nguyên mức sau khi xác minh lại.")
    page.get_by_role("button", name=boards("Resolve")).click()
    confirm(page, boards("Resolve"))
    expect(page.get_by_text("Đã giải quyết khiếu nại.")).to_be_visible()
    screenshot(page, "journey-6-complaint-resolved")
    member.refresh_from_db()
    assert (member.state, member.decided_level) == (ReviewState.PUBLISHED, "L2")

    # 7. The organising committee reads the figures of the department's party committee.
    page.goto(base + reverse("boards:organisation_node", args=[cycle.pk, cycle.root_id]))
    expect(page.get_by_role("heading", name=Unit.objects.get(pk=cycle.root_id).name, exact=True)).to_be_visible()
    screenshot(page, "journey-7-organisation")
    assert audit_verify() == []
