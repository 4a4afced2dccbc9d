"""Objective causes, walked in the browser: a civil servant whose fed report was late claims an objective cause
with its evidence; the head of the unit finds the claim on his home page of tasks, is refused without a reason,
then approves it with one; the person sees the decision. Screenshots: test-artifacts/screenshots/claims-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from danhgia.apps.api.models import ClaimState, ObjectiveCauseClaim
from danhgia.apps.api.tests.world import build_api_world, task
from tests.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "danhgia-demo-2025"  # the test world's logins (reviews.tests.world.login)


def test_a_late_report_is_claimed_and_the_head_approves_it(page: Page, live_server: object) -> None:
    api = build_api_world()
    token = api.token(["write:tasks"], root=api.agency)
    rows = [task("T-1", name="Báo cáo tháng 3", delays=[1]), task("T-2", name="Hồ sơ đúng hạn")]
    assert api.call("POST", "/tasks", token, {"tasks": rows}).status_code == 200
    base = str(live_server)

    log_in(page, base, "p2", PASSWORD)
    page.goto(base + "/objective-causes/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nguyên nhân khách quan")
    rows_shown = page.locator("table.ss-table tbody tr")
    expect(rows_shown).to_have_count(1)  # only the task with a delay
    expect(rows_shown.get_by_role("rowheader")).to_contain_text("Báo cáo tháng 3")
    rows_shown.get_by_label("Nguyên nhân khách quan").fill("Mất điện cả tuần do bão")
    rows_shown.get_by_label("Minh chứng (số văn bản hoặc tên tệp đã đính kèm)").fill("Thông báo 12/TB-EVN")
    rows_shown.get_by_role("button", name="Gửi đề nghị").click()
    expect(page.get_by_text("Đề nghị đã được gửi thủ trưởng đơn vị.")).to_be_visible()
    screenshot(page, "claims-1-filed")
    [claim] = ObjectiveCauseClaim.objects.all()
    assert (claim.state, claim.cause, claim.evidence) == (
        ClaimState.PENDING,
        "Mất điện cả tuần do bão",
        "Thông báo 12/TB-EVN",
    )

    page.context.clear_cookies()
    log_in(page, base, "p0", PASSWORD)
    page.goto(base + "/")  # the head finds the claim among his tasks
    page.get_by_role("link", name="Quyết định 1 đề nghị xác nhận nguyên nhân khách quan").click()
    expect(page).to_have_url(base + "/objective-causes/decide/")
    section = page.locator("section.ss-group")
    expect(section).to_have_count(1)
    expect(section).to_contain_text("Mất điện cả tuần do bão")
    # the reason is required: the browser keeps the form and nothing is sent
    section.get_by_role("button", name="Duyệt", exact=True).click()
    assert ObjectiveCauseClaim.objects.get().state == ClaimState.PENDING
    section.get_by_label("Lý do quyết định").fill("Có xác nhận sự cố điện của EVN")
    section.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page.get_by_text("Đã ghi nhận quyết định.")).to_be_visible()
    expect(page.get_by_text("Không có đề nghị nào chờ đồng chí quyết định.")).to_be_visible()
    screenshot(page, "claims-2-approved")
    claim = ObjectiveCauseClaim.objects.get()
    assert (claim.state, claim.decision_reason) == (ClaimState.APPROVED, "Có xác nhận sự cố điện của EVN")

    page.context.clear_cookies()
    log_in(page, base, "p2", PASSWORD)
    page.goto(base + "/objective-causes/")
    cell = page.locator("table.ss-table tbody tr td").nth(3)
    expect(cell).to_contain_text("Đã duyệt")
    expect(cell).to_contain_text("Có xác nhận sự cố điện của EVN")
