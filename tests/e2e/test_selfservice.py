"""In a real browser: a party member fills in the self-review (autosaved), submits it and sees it read-only;
the cell secretary records the review meeting's vote; after publication the member sees the result and its
reasons, the history, and the complaint form. Screenshots of each page go to test-artifacts/screenshots/."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import Page, expect

from danhgia.apps.cycles.models import CycleState
from danhgia.apps.reviews.models import Comment, Review, ReviewState
from danhgia.apps.reviews.tests.world import World, build_world
from danhgia.apps.selfservice.tests.factories import advance, open_cycle, submit_all
from tests.e2e.conftest import confirm, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "danhgia-demo-2025"


@pytest.fixture
def world(settings: object, tmp_path: object) -> World:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    return build_world()


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def test_a_member_fills_autosaves_and_submits_then_the_secretary_records_the_vote(
    page: Page, live_server: object, world: World
) -> None:
    open_cycle(world)
    base = str(live_server)
    review = Review.objects.get(person=world.people["P2"])

    log_in(page, base, "p2", PASSWORD)
    page.goto(base + "/my-review/")
    expect(page.get_by_role("heading", name="Bản tự kiểm điểm của tôi")).to_be_visible()
    expect(page.locator(".ss-badge")).to_have_text("Chưa bắt đầu")
    page.get_by_label("Số nhiệm vụ được giao", exact=True).fill("10")
    page.get_by_label("Số nhiệm vụ hoàn thành", exact=True).fill("10")
    page.get_by_label("Hoàn thành đúng hạn", exact=True).fill("9")
    page.get_by_label("Vượt yêu cầu", exact=True).fill("2")
    page.get_by_label("Điểm tự chấm của nhóm (tối đa 70 điểm)", exact=True).fill("60")
    page.locator("#id_item_0").check()
    page.get_by_label("Ưu điểm", exact=True).fill("Hoàn thành đúng hạn các báo cáo tổng hợp của Sở.")
    page.get_by_label("Hạn chế, khuyết điểm", exact=True).fill("Có lúc chưa chủ động đề xuất.")
    page.get_by_label("Tự nhận mức xếp loại", exact=True).select_option("L3")  # what 61.5 points reach
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"^Đã lưu bản nháp lúc \d\d:\d\d\.$"))
    expect(page.locator(".ss-total-value")).to_have_text("61,5 / 100 điểm")
    saved = Review.objects.get(pk=review.pk)
    assert (saved.state, saved.proposed_level, saved.score) == (ReviewState.DRAFT, "L3", Decimal("61.5"))
    assert saved.answers["tasks"] == {"assigned": 10, "completed": 10, "on_time": 9, "exceeded": 2}
    screenshot(page, "selfservice-my-review-draft")

    page.get_by_label("Hoàn thành đúng hạn", exact=True).fill("11")
    page.get_by_label("Hoàn thành đúng hạn", exact=True).blur()
    expect(page.locator("#err-tasks_on_time")).to_have_text("Không được lớn hơn số nhiệm vụ hoàn thành.")
    expect(page.locator("#autosave-status")).to_have_text("Chưa lưu: hãy sửa các mục được đánh dấu bên dưới.")
    page.get_by_label("Hoàn thành đúng hạn", exact=True).fill("10")
    page.get_by_label("Hoàn thành đúng hạn", exact=True).blur()
    expect(page.locator("#err-tasks_on_time")).to_have_text("")
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"^Đã lưu bản nháp"))

    page.reload()
    expect(page.get_by_label("Hoàn thành đúng hạn", exact=True)).to_have_value("10")
    expect(page.get_by_label("Tự nhận mức xếp loại", exact=True)).to_have_value("L3")

    page.get_by_role("button", name="Nộp bản tự kiểm điểm").click()
    confirm(page, "Nộp")
    expect(page.get_by_text("Đã nộp bản tự kiểm điểm. Bản tự kiểm điểm không thể sửa đổi nữa.")).to_be_visible()
    expect(page.locator(".ss-badge")).to_have_text("Đã nộp")
    expect(page.get_by_role("button", name="Nộp bản tự kiểm điểm")).to_have_count(0)
    expect(page.locator("main input, main select, main textarea")).to_have_count(0)
    assert Review.objects.get(pk=review.pk).state == ReviewState.SUBMITTED
    screenshot(page, "selfservice-my-review-submitted")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "selfservice-my-review-phone")
    page.set_viewport_size({"width": 1280, "height": 900})
    log_out(page)

    log_in(page, base, "bithu", PASSWORD)
    page.goto(base + "/unit-board/")
    expect(page.get_by_role("heading", name="Theo dõi chi bộ, đơn vị")).to_be_visible()
    expect(page.get_by_role("heading", name="Chưa nộp bản tự kiểm điểm (6)")).to_be_visible()
    screenshot(page, "selfservice-unit-board")
    row = page.get_by_role("row").filter(has_text="Lê Văn Cường")
    row.get_by_role("link", name="Ghi biên bản hội nghị").click()
    expect(page.get_by_role("heading", name="Hội nghị kiểm điểm")).to_be_visible()
    page.get_by_label("Ý kiến góp ý của hội nghị", exact=True).fill(
        "Chi bộ thống nhất đề nghị mức hoàn thành tốt nhiệm vụ."
    )
    page.get_by_label("Số người có mặt", exact=True).fill("6")
    page.get_by_label("Số phiếu hoàn thành xuất sắc nhiệm vụ", exact=True).fill("1")
    page.get_by_label("Số phiếu hoàn thành tốt nhiệm vụ", exact=True).fill("5")
    screenshot(page, "selfservice-meeting")
    page.get_by_role("button", name="Ghi biên bản").click()
    expect(page.get_by_text("Đã ghi ý kiến và kết quả biểu quyết của hội nghị.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Lê Văn Cường")).to_contain_text(
        "đã ghi: Hoàn thành xuất sắc nhiệm vụ: 1 · Hoàn thành tốt nhiệm vụ: 5"
    )
    comment = Comment.objects.get(review=review)
    assert (comment.kind, comment.votes, comment.author) == ("meeting", {"L1": 1, "L2": 5}, world.users["bithu"])


def test_a_member_sees_the_published_result_the_history_and_files_a_complaint(
    page: Page, live_server: object, world: World
) -> None:
    cycle = open_cycle(world)
    submit_all(world)
    advance(world, cycle, CycleState.PUBLISHED)
    base = str(live_server)

    log_in(page, base, "p3", PASSWORD)
    page.goto(base + "/my-review/")
    result = page.locator(".ss-result")
    expect(result.locator(".ss-level")).to_have_text("Hoàn thành tốt nhiệm vụ")
    screenshot(page, "selfservice-result")
    page.get_by_role("link", name="Kết quả các kỳ trước").click()
    expect(page.get_by_role("cell", name="Hoàn thành tốt nhiệm vụ", exact=True)).to_be_visible()
    screenshot(page, "selfservice-history")
    page.get_by_role("link", name="Kiểm điểm năm 2025").click()
    page.get_by_role("link", name="Gửi khiếu nại").click()
    page.get_by_label("Nội dung khiếu nại và lý do", exact=True).fill("Đề nghị xem xét lại: tôi đã vượt 3 chỉ tiêu.")
    screenshot(page, "selfservice-complaint")
    page.get_by_role("button", name="Gửi khiếu nại").click()
    expect(page.get_by_text("Đã gửi khiếu nại. Tình trạng giải quyết được hiển thị bên dưới.")).to_be_visible()
    expect(page.locator(".ss-complaint")).to_contain_text("Đang xem xét")
    expect(page.locator(".ss-badge")).to_have_text("Có khiếu nại")
    assert Review.objects.get(person=world.people["P3"]).state == ReviewState.COMPLAINED
