"""In a real browser, the pages added last: a civil servant lists the products of a Decree 335 self-review and
sees the 70 task points computed; another cell's secretary finds a party member of the tree and records the
residence cell's comments. Screenshots go to test-artifacts/screenshots/."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from danhgia.apps.access.models import Role
from danhgia.apps.reviews.models import Comment, Review
from danhgia.apps.reviews.tests.world import World, build_world, login
from danhgia.apps.selfservice.tests.factories import open_cycle
from tests.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "danhgia-demo-2025"


@pytest.fixture
def world(settings: object, tmp_path: object) -> World:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    return build_world()


def test_a_civil_servant_lists_products_and_sees_the_task_points(page: Page, live_server: object, world: World) -> None:
    open_cycle(world, ruleset="nd335-2025", name="Đánh giá công chức năm 2025")
    base = str(live_server)
    review = Review.objects.get(person=world.people["P2"])

    log_in(page, base, "p2", PASSWORD)
    page.goto(base + "/my-review/")
    page.get_by_label("Dòng 1: Sản phẩm", exact=True).fill("Báo cáo chuyên đề")
    page.get_by_label("Dòng 1: Số lượng được giao", exact=True).fill("4")
    page.get_by_label("Dòng 1: Số lượng hoàn thành", exact=True).fill("4")
    page.get_by_label("Dòng 1: Số lần không đạt chất lượng", exact=True).fill("1")
    page.get_by_label("Dòng 2: Sản phẩm", exact=True).fill("Văn bản hướng dẫn")
    page.get_by_label("Dòng 2: Số lượng được giao", exact=True).fill("2")
    page.get_by_label("Dòng 2: Hệ số quy đổi", exact=True).fill("1.5")
    page.get_by_label("Dòng 2: Số lượng hoàn thành", exact=True).fill("1")
    page.get_by_label("Dòng 2: Số lần chậm tiến độ", exact=True).fill("2")
    page.get_by_label("Dòng 2: Số lần chậm tiến độ", exact=True).blur()

    # 4 + 1,5 completed of 7 assigned units; 3 + 0,75 + 1,5 to quality; 4 + 0,75 on time: 70 × 31/14 ÷ 3
    expect(page.locator(".ss-ratio-points dd")).to_have_text("51,67 / 70 điểm")
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"^Đã lưu bản nháp"))
    saved = Review.objects.get(pk=review.pk)
    assert saved.answers["computed"] == {"B": "51.67"}
    assert saved.answers["tasks"] == {"assigned": 6, "completed": 5, "on_time": 4, "exceeded": 0}
    screenshot(page, "selfservice-products")


def test_another_cells_secretary_records_the_residence_cells_comments(
    page: Page, live_server: object, world: World
) -> None:
    open_cycle(world)
    login(world, "bithu2", Role.SECRETARY, world.other_cell)
    base = str(live_server)
    member = Review.objects.get(person=world.people["P0"])
    text = "Đồng chí gương mẫu, tham gia đầy đủ sinh hoạt khu dân cư."

    log_in(page, base, "bithu2", PASSWORD)
    page.get_by_role("link", name="Nhận xét nơi cư trú").click()
    page.get_by_label("Họ tên, mã cán bộ hoặc số định danh cá nhân").fill("văn an")
    page.get_by_role("button", name="Tìm kiếm").click()
    expect(page.locator("#found-title")).to_have_text("Số đảng viên tìm thấy: 1")
    screenshot(page, "selfservice-residence-search")
    page.get_by_role("link", name="Nguyễn Văn An").click()
    page.get_by_role("textbox", name="Nhận xét của chi bộ nơi cư trú").fill(text)
    page.get_by_role("button", name="Ghi biên bản").click()

    expect(page.get_by_text("Đã ghi nhận xét của chi bộ nơi cư trú.")).to_be_visible()
    expect(page.get_by_text(text)).to_be_visible()
    comment = Comment.objects.get(review=member)
    assert (comment.kind, comment.author.username, comment.text) == ("residence", "bithu2", text)
    screenshot(page, "selfservice-residence-comment")
