"""Finding one's work, walked as the demo's personas: the home page lists what is each person's to do now in each
cycle under way, with deadlines and overdue marks; every board opens on the cycle that needs the user; a
self-review after the deadline is flagged, and accepted or refused as the cycle says. Screenshots go to
test-artifacts/screenshots/tasks-*.png."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from danhgia.apps.audit.services import audit_verify
from danhgia.apps.cycles.models import LateSelfReview, ReviewCycle
from danhgia.apps.reviews.models import Comment, CommentKind, Review, ReviewState
from tests.e2e.conftest import confirm, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
QUARTER, OPEN, DECISION = "Quý III/2025 — Tỉnh Bắc Ninh", "Năm 2025 — Đảng bộ Sở Nội vụ", "Năm 2025 — Đảng bộ xã Tân An"
MEMBER = "DEMO-0003"  # dangvien
CELL = "T27.D02.D01.C03"  # bithu's cell
COMMUNE = "T27.X001"  # quyetdinh decides for the cells below it


@pytest.fixture
def demo(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    call_command("demo_setup", force=True, verbosity=0)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def overdue_days(cycle: ReviewCycle, field: str) -> int:
    return (timezone.localdate() - getattr(cycle, field)).days


def test_each_persona_finds_what_is_theirs_to_do_on_the_home_page_and_each_board_opens_on_it(
    page: Page, live_server: object, demo: None
) -> None:
    base = str(live_server)
    quarter, open_cycle, deciding = (ReviewCycle.objects.get(name=n) for n in (QUARTER, OPEN, DECISION))
    own = Review.objects.get(cycle=open_cycle, person__personnel_code=MEMBER)

    # The member: his self-review of the open cycle, overdue; last quarter's published result is no task.
    log_in(page, base, "dangvien", "demo-dangvien")
    expect(page.get_by_role("heading", level=1)).to_have_text("Việc của tôi")
    section = page.locator(f"#tasks-cycle-{open_cycle.pk}")
    expect(section.get_by_role("heading", level=2)).to_contain_text(OPEN)
    task = section.locator(".task-self_review")
    expect(task.get_by_role("link")).to_have_text("Điền và nộp bản tự kiểm điểm của tôi")
    expect(task.locator(".due")).to_have_text("hạn 15/12/2025")
    expect(task.locator(".overdue-mark")).to_have_text(f"quá hạn {overdue_days(open_cycle, 'self_review_due')} ngày")
    expect(page.locator(f"#tasks-cycle-{quarter.pk}")).to_have_count(0)
    expect(page.locator(".task")).to_have_count(1)
    screenshot(page, "tasks-1-member-home")
    task.get_by_role("link").click()
    expect(page).to_have_url(base + reverse("selfservice:review_detail", args=[own.pk]))
    expect(page.locator("#deadline")).to_have_text(
        "Hạn nộp bản tự kiểm điểm là ngày 15/12/2025: kỳ đánh giá này vẫn nhận bản của đồng chí, có đánh dấu nộp muộn."
    )
    # The menu's "my review" opens the review waiting for him, not last quarter's published one.
    page.get_by_role("navigation").get_by_role("link", name="Bản kiểm điểm của tôi").click()
    expect(page.locator(".ss-facts dd").first).to_have_text(OPEN)
    log_out(page)

    # The cell secretary: who has not submitted, and the meetings to hold, in the open cycle.
    cell = Q(unit__code=CELL) | Q(unit__code__startswith=CELL + ".")
    mine = Review.objects.filter(cell, cycle=open_cycle)
    waiting = mine.filter(state__in=[ReviewState.NOT_STARTED, ReviewState.DRAFT, ReviewState.RETURNED]).count()
    recorded = Comment.objects.filter(kind=CommentKind.MEETING, withdrawn_at__isnull=True, superseded_by__isnull=True)
    unheld = mine.filter(state=ReviewState.SUBMITTED).exclude(pk__in=recorded.values("review_id")).count()
    assert waiting > 0 and unheld > 0
    log_in(page, base, "bithu", "demo-bithu")
    section = page.locator(f"#tasks-cycle-{open_cycle.pk}")
    expect(section.locator(".task-not_submitted a")).to_have_text(
        f"{waiting} đối tượng thuộc đơn vị tôi phụ trách chưa nộp bản tự kiểm điểm"
    )
    expect(section.locator(".task-meeting a")).to_have_text(
        f"Tổ chức hội nghị kiểm điểm và ghi biên bản: {unheld} đối tượng"
    )
    expect(section.locator(".task-meeting .due")).to_have_text("hạn 25/12/2025")
    screenshot(page, "tasks-2-secretary-home")
    section.locator(".task-meeting a").click()
    expect(page.locator("#cycle")).to_have_value(str(open_cycle.pk))
    page.goto(base + reverse("selfservice:unit_board"))  # the menu's unit board opens the open cycle too
    expect(page.locator("#cycle")).to_have_value(str(open_cycle.pk))
    log_out(page)

    # The advisory body: the submitted self-reviews waiting for a proposal in the cycle taking proposals (the
    # demo's data depend on the cycle's id), and its board opens that cycle.
    submitted = Review.objects.filter(cycle=deciding, state=ReviewState.SUBMITTED).count()
    log_in(page, base, "thamdinh", "demo-thamdinh")
    if submitted:
        expect(page.locator(f"#tasks-cycle-{deciding.pk} .task-verify a")).to_have_text(
            f"Thẩm định {submitted} đối tượng"
        )
    else:
        expect(page.locator("#no-tasks")).to_have_text("Hiện không có việc nào đang chờ đồng chí.")
    page.get_by_role("navigation").get_by_role("link", name="Thẩm định").click()
    expect(page).to_have_url(re.compile(rf"/verification/{deciding.pk}/\d+/$"))
    expect(page.locator("#cycle-picker")).to_have_value(str(deciding.pk))
    log_out(page)

    # The competent level: the proposals to decide in the commune's cycle; the board opens on it.
    below = Review.objects.filter(cycle=deciding, state=ReviewState.VERIFIED, unit__code__startswith=COMMUNE + ".")
    log_in(page, base, "quyetdinh", "demo-quyetdinh")
    task = page.locator(f"#tasks-cycle-{deciding.pk} .task-decide")
    expect(task.get_by_role("link")).to_have_text(f"Quyết định xếp loại {below.count()} đề xuất")
    expect(task.locator(".due")).to_have_text("hạn 31/12/2025")
    expect(task.locator(".overdue-mark")).to_have_text(f"quá hạn {overdue_days(deciding, 'decision_due')} ngày")
    screenshot(page, "tasks-3-decider-home")
    task.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/decision/{deciding.pk}/\d+/$"))
    page.get_by_role("navigation").get_by_role("link", name="Quyết định xếp loại").click()
    expect(page.locator("#cycle-picker")).to_have_value(str(deciding.pk))


def test_a_late_self_review_is_refused_when_the_cycle_says_so_and_accepted_marked_late_otherwise(
    page: Page, live_server: object, demo: None
) -> None:
    base = str(live_server)
    open_cycle = ReviewCycle.objects.get(name=OPEN)
    ReviewCycle.objects.filter(pk=open_cycle.pk).update(late_self_review=LateSelfReview.REFUSE)
    review = Review.objects.get(cycle=open_cycle, person__personnel_code=MEMBER)

    log_in(page, base, "dangvien", "demo-dangvien")
    page.goto(base + reverse("selfservice:review_detail", args=[review.pk]))
    refused = "Hạn nộp bản tự kiểm điểm là ngày 15/12/2025: kỳ đánh giá này không nhận bản nộp sau hạn."
    expect(page.locator("#deadline")).to_have_text(refused)
    page.get_by_label("Số nhiệm vụ được giao", exact=True).fill("12")
    page.get_by_label("Số nhiệm vụ hoàn thành", exact=True).fill("12")
    page.get_by_label("Hoàn thành đúng hạn", exact=True).fill("12")
    page.get_by_label("Vượt yêu cầu", exact=True).fill("0")
    page.get_by_label("Điểm tự chấm của nhóm (tối đa 70 điểm)", exact=True).fill("40")
    page.get_by_label("Ưu điểm", exact=True).fill("Chấp hành nghiêm sự phân công.")
    page.get_by_label("Hạn chế, khuyết điểm", exact=True).fill("Có việc còn chậm tiến độ.")
    page.get_by_label("Tự nhận mức xếp loại", exact=True).select_option("L4")
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"^Đã lưu bản nháp"))
    page.get_by_role("button", name="Nộp bản tự kiểm điểm").click()
    confirm(page, "Nộp")
    expect(page.locator(".ss-alert[role=alert]")).to_contain_text(refused)
    screenshot(page, "tasks-4-late-self-review-refused")
    review.refresh_from_db()
    assert (review.state, review.submitted_at) == (ReviewState.DRAFT, None)

    ReviewCycle.objects.filter(pk=open_cycle.pk).update(late_self_review=LateSelfReview.ACCEPT)
    page.goto(base + reverse("selfservice:review_detail", args=[review.pk]))
    page.get_by_role("button", name="Nộp bản tự kiểm điểm").click()
    confirm(page, "Nộp")
    expect(page.locator(".ss-badge")).to_have_text("Đã nộp")
    today = timezone.localdate().strftime("%d/%m/%Y")
    expect(page.locator("#submitted-late")).to_have_text(f"Nộp muộn: ngày {today}, sau hạn ngày 15/12/2025.")
    screenshot(page, "tasks-5-late-self-review-accepted")
    review.refresh_from_db()
    assert review.state == ReviewState.SUBMITTED
    assert audit_verify() == []
