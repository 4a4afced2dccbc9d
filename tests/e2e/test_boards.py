"""In a real browser: the advisory body computes the engine's levels and proposes (the justification required
beside the field, the quota meter updated); the competent level decides a unit after recording a quota exception
and publishes; the organising committee walks the organisation view down to the people of a cell; the superior
level resolves a complaint; the administrator creates and opens a cycle. Screenshots of each page go to
test-artifacts/screenshots/boards-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from danhgia.apps.boards.tests.world import PASSWORD, bring, file_complaint, make_world, review_of
from danhgia.apps.cycles.models import CycleState, QuotaGroup, ReviewCycle
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.tests.world import World
from tests.e2e.conftest import confirm, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def world() -> World:
    return make_world()


def test_the_verifier_computes_the_engines_levels_and_proposes(page: Page, live_server: object, world: World) -> None:
    bring(world, "verification")
    base = str(live_server)
    p2 = review_of(world, "P2")

    log_in(page, base, "thamdinh", PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="Thẩm định").click()
    expect(page.get_by_role("heading", name="Thẩm định: Tỉnh ủy Hà Tĩnh")).to_be_visible()
    page.get_by_role("button", name="Tính mức xếp loại").click()
    expect(page.get_by_text("Đã tính mức xếp loại của 12 đối tượng (Đã xếp loại: 12).")).to_be_visible()
    row = page.locator(f"#review-{p2.pk}")
    expect(row.locator(".subject-levels")).to_contain_text("Mức tính toánHoàn thành tốt nhiệm vụ")
    row.get_by_text("1 lý do").click()
    reason = row.locator('.reasons [data-code="quota_level1_over_20pct_of_level2"]')
    expect(reason).to_contain_text("(không quá 20 % số mức 2); chuyển xuống mức 2 theo thứ tự điểm.")
    expect(row.locator(".reasons")).not_to_contain_text("quota_level1_over_20pct_of_level2")
    screenshot(page, "boards-verification")

    row.get_by_label("Mức đề xuất").select_option("L1")
    row.get_by_role("button", name="Lưu đề xuất").click()
    row = page.locator(f"#review-{p2.pk}")
    expect(row.locator(".errorlist")).to_have_text("Đề xuất khác với mức tính toán phải có giải trình.")
    expect(row.get_by_label("Giải trình")).to_have_attribute("aria-invalid", "true")
    assert Review.objects.get(pk=p2.pk).state == ReviewState.SUBMITTED
    screenshot(page, "boards-verification-justification-required")

    row.get_by_label("Giải trình").fill("Sáng kiến cải cách thủ tục được Bộ công nhận.")
    row.get_by_role("button", name="Lưu đề xuất").click()
    expect(page.locator(f"#review-{p2.pk} .warning")).to_contain_text("Đã lưu đề xuất, nhưng nhóm")
    meter = page.locator(f"#meter-{p2.quota_group_id}")
    expect(meter).to_contain_text("Mức 1: 1 đề xuất, tối đa 0 (mức 2: 4)")
    expect(meter.locator(".meter-warning")).to_have_text("Vượt tỷ lệ 1 trường hợp")
    saved = Review.objects.get(pk=p2.pk)
    assert (saved.state, saved.verified_level) == (ReviewState.VERIFIED, "L1")
    screenshot(page, "boards-verification-proposed")

    page.get_by_role("button", name="Chấp nhận mức tính toán cho 12 đối tượng đã lọc").click()
    expect(page.get_by_text("Đã chấp nhận mức tính toán cho 11 đối tượng.")).to_be_visible()
    assert set(Review.objects.values_list("state", flat=True)) == {ReviewState.VERIFIED}
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "boards-verification-phone")


def test_the_verification_board_works_from_the_keyboard(page: Page, live_server: object, world: World) -> None:
    bring(world, "computed")
    base = str(live_server)
    p3 = review_of(world, "P3")

    log_in(page, base, "thamdinh", PASSWORD)
    page.goto(base + "/verification/")
    level = page.locator(f"#review-{p3.pk}").get_by_label("Mức đề xuất")
    level.focus()
    level.select_option("L2")
    page.keyboard.press("Tab")  # to the justification
    page.keyboard.press("Tab")  # to the save button
    expect(page.locator(f"#review-{p3.pk}-save")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator(f"#review-{p3.pk} .saved")).to_have_text("Đã lưu đề xuất.")
    expect(page.locator(f"#review-{p3.pk}-save")).to_be_focused()  # the swapped row keeps the focus
    assert Review.objects.get(pk=p3.pk).verified_level == "L2"


def test_the_decider_records_an_exception_decides_a_unit_and_publishes(
    page: Page, live_server: object, world: World
) -> None:
    cycle = bring(world, "decision")
    base = str(live_server)
    head = review_of(world, "P0")
    group = QuotaGroup.objects.get(cycle=cycle, code="DB-SNV/individual/staff")

    log_in(page, base, "quyetdinh", PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="Quyết định xếp loại").click()
    expect(page.get_by_text("Kết quả của chính đơn vị này do cấp trên quyết định.")).to_be_visible()
    page.get_by_role("link", name="Chi bộ Văn phòng").click()
    expect(page.get_by_role("heading", name="Quyết định xếp loại: Chi bộ Văn phòng")).to_be_visible()
    expect(page.locator(f"#review-{head.pk} .blockers")).to_contain_text(
        "phải chờ quyết định đối với Cơ quan, địa phương, đơn vị — Sở Nội vụ"
    )
    page.get_by_role("button", name="Quyết định 5 đề xuất đã sẵn sàng của đơn vị").click()
    confirm(page, "Quyết định")
    expect(page.get_by_text("Đã quyết định xếp loại 5 đối tượng.")).to_be_visible()
    expect(page.locator(".message-warning")).to_contain_text(f"{group.name} sẽ có 1 mức 1 nhưng chỉ được giữ 0")
    screenshot(page, "boards-decision-quota-held")

    form = page.locator(f"#group-{group.pk}")
    form.get_by_label("Ngoại lệ đối với tỷ lệ 20%").check()
    form.get_by_label("Căn cứ áp dụng ngoại lệ").fill("Chi bộ có thành tích đột phá được Tỉnh ủy ghi nhận.")
    form.get_by_role("button", name="Lưu nhóm").click()
    # the page reloads: the ready panel counts the released proposal (a stale count was the issue)
    expect(page.locator(".board-messages")).to_contain_text("Đã lưu nhóm có chức năng, nhiệm vụ tương đồng.")
    expect(page.locator(f"#group-{group.pk} .meter-exception")).to_contain_text("Đã ghi nhận ngoại lệ")

    page.get_by_role("button", name="Quyết định 1 đề xuất đã sẵn sàng của đơn vị").click()
    confirm(page, "Quyết định")
    expect(page.get_by_text("Đã quyết định xếp loại 1 đối tượng.")).to_be_visible()
    page.get_by_role("button", name="Công bố 6 kết quả đã quyết định của đơn vị").click()
    confirm(page, "Công bố")
    expect(page.get_by_text("Đã công bố 6 kết quả.")).to_be_visible()
    assert sorted(Review.objects.filter(unit=world.cell).values_list("state", flat=True)) == sorted(
        [ReviewState.PUBLISHED] * 6 + [ReviewState.VERIFIED]
    )
    screenshot(page, "boards-decision")
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "boards-decision-phone")


def test_the_viewer_walks_the_organisation_view_down_to_the_people(
    page: Page, live_server: object, world: World
) -> None:
    bring(world, "decided")
    base = str(live_server)

    log_in(page, base, "bantochuc", PASSWORD)
    page.get_by_role("link", name="Tổ chức, đơn vị").click()
    expect(page.get_by_role("heading", name="Tỉnh ủy Hà Tĩnh", exact=True)).to_be_visible()
    expect(page.get_by_role("img", name="Cá nhân theo mức xếp loại")).to_be_visible()
    expect(page.locator(".progress")).to_contain_text("Đã quyết định xếp loại 12")
    screenshot(page, "boards-organisation")

    page.locator(".figures").get_by_role("link", name="Đảng bộ Sở Nội vụ").click()
    expect(page.get_by_role("heading", name="Đảng bộ Sở Nội vụ", exact=True)).to_be_visible()
    page.locator(".figures").get_by_role("link", name="Chi bộ Văn phòng").click()
    crumbs = page.locator(".breadcrumbs")
    expect(crumbs.get_by_role("link")).to_have_text(["Tỉnh ủy Hà Tĩnh", "Đảng bộ Sở Nội vụ"])
    expect(crumbs.locator('[aria-current="page"]')).to_have_text("Chi bộ Văn phòng")
    screenshot(page, "boards-organisation-cell")
    page.get_by_role("link", name="7 đối tượng xếp loại tại chính đơn vị này").click()
    expect(page.get_by_role("heading", name="Đối tượng xếp loại tại Chi bộ Văn phòng")).to_be_visible()
    expect(page.get_by_role("row", name="Lê Văn Cường")).to_contain_text("Hoàn thành xuất sắc nhiệm vụ (đã quyết định)")
    screenshot(page, "boards-organisation-people")
    page.locator(".breadcrumbs").get_by_role("link", name="Tỉnh ủy Hà Tĩnh").click()
    expect(page.get_by_role("heading", name="Tỉnh ủy Hà Tĩnh", exact=True)).to_be_visible()
    page.set_viewport_size({"width": 390, "height": 844})
    screenshot(page, "boards-organisation-phone")


def test_the_superior_level_resolves_a_complaint(page: Page, live_server: object, world: World) -> None:
    bring(world, "published")
    complaint = file_complaint(world, "P3")
    base = str(live_server)

    log_in(page, base, "tinhuy", PASSWORD)
    page.get_by_role("navigation").get_by_role("link", name="Khiếu nại").click()
    expect(page.get_by_role("table")).to_contain_text("Phạm Thị Dung")
    screenshot(page, "boards-complaints")
    page.get_by_role("link", name="Phạm Thị Dung").click()
    expect(page.get_by_role("heading", name="Khiếu nại: Phạm Thị Dung")).to_be_visible()
    page.get_by_label("Chấp nhận khiếu nại: xếp loại lại").check()
    page.get_by_label("Kết quả mới").select_option("classified")
    page.get_by_label("Mức xếp loại mới").select_option("L1")
    page.get_by_role("button", name="Giải quyết").click()
    confirm(page, "Giải quyết")
    expect(page.locator("#id_resolution_error, .errorlist")).to_contain_text("Hãy nêu căn cứ giải quyết.")
    screenshot(page, "boards-complaint")
    page.get_by_label("Căn cứ giải quyết").fill("Kết luận sau xác minh của Ban Tổ chức Tỉnh ủy.")
    page.get_by_role("button", name="Giải quyết").click()
    confirm(page, "Giải quyết")
    expect(page.get_by_text("Đã giải quyết khiếu nại.")).to_be_visible()
    complaint.refresh_from_db()
    assert (complaint.state, review_of(world, "P3").decided_level) == ("upheld", "L1")


def test_the_administrator_creates_and_opens_a_cycle(page: Page, live_server: object, world: World) -> None:
    base = str(live_server)

    log_in(page, base, "admin", PASSWORD)
    page.get_by_role("link", name="Kỳ đánh giá").click()
    expect(page.get_by_role("heading", name="Kỳ đánh giá", exact=True)).to_be_visible()
    page.get_by_label("Tên:", exact=True).fill("Kiểm điểm năm 2025")
    page.get_by_label("Loại kỳ").select_option("year")
    page.get_by_label("Năm:", exact=True).fill("2025")
    page.get_by_label("Phạm vi (mã đơn vị)").fill("TU")
    page.get_by_label("Bộ quy tắc:", exact=True).select_option("qd366-2025")
    page.get_by_label("Hạn quyết định xếp loại").fill("15/01/2026")
    screenshot(page, "boards-cycles")
    page.get_by_role("button", name="Tạo kỳ đánh giá").click()
    expect(page.get_by_text("Đã tạo kỳ đánh giá.")).to_be_visible()
    page.get_by_role("button", name="Mở kỳ đánh giá").click()
    expect(page.get_by_text("Đã mở kỳ đánh giá: tạo 12 bản kiểm điểm.")).to_be_visible()
    expect(page.locator(".quota-group")).to_have_count(7)  # the party members pooled per grassroots committee
    cycle = ReviewCycle.objects.get()
    assert (cycle.state, str(cycle.decision_due)) == (CycleState.OPEN, "2026-01-15")
    screenshot(page, "boards-cycle")
