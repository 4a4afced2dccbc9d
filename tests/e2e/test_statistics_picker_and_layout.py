"""The statistics page as the demo's personas use it: the unit picker (a search by a part of the name, a tree
opened from the keyboard), the page and the administration at 1366 × 768 without a sideways scroll, and the
collapsed menu of a 390 px phone (with and without JavaScript). Screenshots go to
test-artifacts/screenshots/picker-*.png and layout-*.png."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Browser, Page, ViewportSize, expect

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.orgs.models import Post
from tests.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
QUARTER = "Quý III/2025 — Tỉnh Bắc Ninh"  # the cycle bantochuc's statistics open on
LAPTOP: ViewportSize = {"width": 1366, "height": 768}
PHONE: ViewportSize = {"width": 390, "height": 844}
PAGE_WIDTH = "document.scrollingElement.scrollWidth"


@pytest.fixture
def demo(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    call_command("demo_setup", force=True, verbosity=0)


def test_the_picker_finds_a_unit_by_a_part_of_its_name_and_opens_its_statistics(
    page: Page, live_server: object, demo: None
) -> None:
    base = str(live_server)
    cycle = ReviewCycle.objects.get(name=QUARTER)
    page.set_viewport_size(LAPTOP)
    log_in(page, base, "bantochuc", "demo-bantochuc")
    page.goto(f"{base}{reverse('reports:statistics')}?cycle={cycle.pk}")
    expect(page.locator(".reports-breadcrumbs strong")).to_have_text("Đảng bộ tỉnh Bắc Ninh")

    search = page.get_by_label("Tìm đơn vị theo tên hoặc mã")
    search.fill("tram y te")  # typed without diacritics, as a part of the name
    results = page.locator("#unit-results")
    expect(results.locator("p").first).to_have_text("Tìm thấy 2 đơn vị:")
    expect(results.locator("li")).to_have_text(
        [
            "Chi bộ Trạm Y tế xã Tân An T27.X001.C03 · Đảng bộ xã Tân An",
            "Trạm Y tế xã Tân An T27.X001.A01.A02 · Ủy ban nhân dân xã Tân An",
        ]
    )
    screenshot(page, "picker-1-found")
    results.get_by_role("link", name="Chi bộ Trạm Y tế xã Tân An").click()

    expect(page).to_have_url(f"{base}{reverse('reports:statistics')}?cycle={cycle.pk}&unit=T27.X001.C03")
    expect(page.locator(".reports-breadcrumbs strong")).to_have_text("Chi bộ Trạm Y tế xã Tân An")
    tree = page.locator("#unit-tree")
    current = tree.locator('[aria-current="page"]')
    expect(current).to_have_text("Chi bộ Trạm Y tế xã Tân An")
    inside = "e => { const b = e.closest('.unit-tree-scroll').getBoundingClientRect(), r = e.getBoundingClientRect();"
    inside += " return r.top >= b.top && r.bottom <= b.bottom; }"
    assert current.evaluate(inside)  # the tree's box scrolled to the current unit
    assert page.evaluate(PAGE_WIDTH) <= LAPTOP["width"]

    # the tree from the keyboard: a closed level opens with Enter, shows the units below, and closes again
    toggle = tree.get_by_role("button", name="Các đơn vị trực thuộc Đảng bộ Ủy ban nhân dân tỉnh Bắc Ninh")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    below = tree.get_by_role("link", name="Đảng bộ Sở Nội vụ tỉnh Bắc Ninh", exact=True)
    expect(below).to_be_visible()
    screenshot(page, "picker-2-tree-opened")
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(below).to_be_hidden()
    page.keyboard.press("Enter")
    below.click()
    expect(page.locator(".reports-breadcrumbs strong")).to_have_text("Đảng bộ Sở Nội vụ tỉnh Bắc Ninh")


def test_the_decider_of_two_places_is_offered_only_what_it_may_read(
    page: Page, live_server: object, demo: None
) -> None:
    base = str(live_server)
    cycle = ReviewCycle.objects.get(name=QUARTER)
    page.set_viewport_size(LAPTOP)
    log_in(page, base, "quyetdinh", "demo-quyetdinh")
    page.goto(f"{base}{reverse('reports:statistics')}?cycle={cycle.pk}")

    tops = page.locator("#unit-tree .unit-tree-scroll > ul > li > .unit-tree-row a")
    expect(tops).to_have_text(["Đảng bộ Sở Nội vụ tỉnh Bắc Ninh", "Đảng bộ xã Tân An"])
    page.get_by_label("Tìm đơn vị theo tên hoặc mã").fill("so noi vu")
    expect(page.locator("#unit-results li a")).to_have_text(["Đảng bộ Sở Nội vụ tỉnh Bắc Ninh"])  # not the agency
    page.get_by_label("Tìm đơn vị theo tên hoặc mã").fill("tinh bac ninh")
    expect(page.locator("#unit-results li a")).to_have_text(["Đảng bộ Sở Nội vụ tỉnh Bắc Ninh"])
    screenshot(page, "picker-3-two-places")


def test_the_statistics_and_the_administration_fit_a_1366_screen(page: Page, live_server: object, demo: None) -> None:
    base = str(live_server)
    cycle = ReviewCycle.objects.get(name=QUARTER)
    page.set_viewport_size(LAPTOP)
    log_in(page, base, "bantochuc", "demo-bantochuc")
    page.goto(f"{base}{reverse('reports:statistics')}?cycle={cycle.pk}&unit=T27")
    expect(page.get_by_role("heading", name="Tổng hợp theo đối tượng")).to_be_visible()
    assert page.evaluate(PAGE_WIDTH) <= LAPTOP["width"]
    boxes = page.locator(".table-scroll")
    widths = boxes.evaluate_all("els => els.map(e => [e.scrollWidth, e.clientWidth])")
    assert len(widths) >= 5 and all(inner <= shown for inner, shown in widths)  # every table shows whole
    screenshot(page, "layout-1-statistics-1366")

    # narrower, a wide table scrolls inside its own box and keeps its first column in view
    page.set_viewport_size({"width": 1024, "height": 768})
    assert page.evaluate(PAGE_WIDTH) <= 1024
    first = boxes.first
    assert first.evaluate("e => e.scrollWidth > e.clientWidth")
    first.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
    label = first.locator("tbody th").first
    assert label.evaluate("e => getComputedStyle(e).position") == "sticky"
    offset = "e => e.getBoundingClientRect().left - e.closest('.table-scroll').getBoundingClientRect().left"
    assert abs(label.evaluate(offset)) < 1  # still at the box's left edge after scrolling to the far right
    screenshot(page, "layout-2-statistics-1024-scrolled")

    page.set_viewport_size(LAPTOP)
    page.context.clear_cookies()
    log_in(page, base, "admin", "demo-admin")
    page.goto(base + reverse("admin:index"))
    expect(page.locator("#site-name")).to_have_text("Quản trị danhgia")
    assert page.evaluate(PAGE_WIDTH) <= LAPTOP["width"]
    screenshot(page, "layout-3-admin-1366")
    post = Post.objects.order_by("pk").first()
    assert post is not None
    page.goto(base + reverse("admin:orgs_person_change", args=[post.person_id]))  # wide tabular inlines
    sidebar = page.locator("#nav-sidebar")
    expect(sidebar).to_be_visible()
    assert sidebar.evaluate("e => e.getBoundingClientRect().right") <= LAPTOP["width"]
    assert page.evaluate(PAGE_WIDTH) <= LAPTOP["width"]
    screenshot(page, "layout-4-admin-person-1366")


def test_on_a_phone_the_menu_folds_behind_its_button(page: Page, live_server: object, demo: None) -> None:
    base = str(live_server)
    page.set_viewport_size(PHONE)
    log_in(page, base, "bantochuc", "demo-bantochuc")
    expect(page.get_by_role("heading", name="Việc của tôi")).to_be_visible()

    button = page.locator("summary.site-menu-button")
    statistics = page.get_by_role("navigation").get_by_role("link", name="Thống kê", exact=True)
    expect(button).to_be_visible()
    expect(button).to_have_text("Trình đơn")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(statistics).to_be_hidden()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_hidden()
    assert page.evaluate(PAGE_WIDTH) <= PHONE["width"]
    screenshot(page, "layout-5-phone-menu-closed")

    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(statistics).to_be_visible()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    screenshot(page, "layout-6-phone-menu-open")
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(statistics).to_be_hidden()

    button.click()
    statistics.click()
    expect(
        page.get_by_role("heading", name="Thống kê kết quả kiểm điểm, đánh giá, xếp loại chất lượng")
    ).to_be_visible()
    assert page.evaluate(PAGE_WIDTH) <= PHONE["width"]
    screenshot(page, "layout-7-phone-statistics")

    page.set_viewport_size(LAPTOP)  # a wide screen shows the menu without its button
    expect(button).to_be_hidden()
    expect(page.get_by_role("navigation").get_by_role("link", name="Thống kê", exact=True)).to_be_visible()


def test_the_phone_menu_opens_without_javascript(browser: Browser, live_server: object, demo: None) -> None:
    base = str(live_server)
    context = browser.new_context(locale="vi-VN", viewport=PHONE, java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, base, "bantochuc", "demo-bantochuc")
        statistics = page.get_by_role("navigation").get_by_role("link", name="Thống kê", exact=True)
        expect(statistics).to_be_hidden()
        page.locator("summary.site-menu-button").click()
        expect(statistics).to_be_visible()
        statistics.click()
        expect(page.get_by_role("heading", name="Chọn đơn vị")).to_be_visible()
        cycle = ReviewCycle.objects.get(name=QUARTER)
        page.goto(f"{base}{reverse('reports:statistics')}?cycle={cycle.pk}")
        expect(page.locator(".reports-breadcrumbs strong")).to_have_text("Đảng bộ tỉnh Bắc Ninh")
        expect(page.locator(".unit-tree-toggle").first).to_be_hidden()  # the tree's toggles need JavaScript
        page.get_by_label("Tìm đơn vị theo tên hoặc mã").fill("xa tan an")
        page.get_by_role("button", name="Tìm", exact=True).click()  # the search works as a plain form
        expect(page.locator("#unit-results li a").first).to_have_text("Đảng bộ xã Tân An")
        screenshot(page, "layout-8-phone-without-javascript")
    finally:
        context.close()
