"""In a real browser: a rule editor opens the rule lab from the navigation, lowers the L1 ratio, tries an invalid
rule (refused in Vietnamese, nothing saved), switches a project default off, and reads the diff against the
base version; a user without the role is refused. Screenshots: test-artifacts/screenshots/lab-*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from danhgia.apps.lab.models import RulesetDraft
from danhgia.apps.lab.tests.helpers import lab_world, new_draft, scored_cycle
from tests.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "danhgia-demo-2025"


def test_the_rule_editor_edits_a_draft_and_reads_the_diff(page: Page, live_server: object) -> None:
    world = lab_world()
    draft = new_draft(world, scored_cycle(world))
    base = str(live_server)

    log_in(page, base, "bientap", PASSWORD)
    page.get_by_role("link", name="Thử nghiệm quy định", exact=True).click()
    page.get_by_role("link", name=draft.title).click()
    expect(page.locator("#no-changes")).to_be_visible()

    page.get_by_label("quota_ratio", exact=True).fill("3/20")
    page.get_by_role("button", name="Lưu tham số").click()
    expect(page.locator(".lab-messages")).to_contain_text("Đã lưu dự thảo.")
    expect(page.locator("table.lab-table").first).to_contain_text("quota_ratio")

    page.get_by_role("link", name="score_below_50").click()
    page.get_by_label("Tham số (tên = giá trị, …)").fill("minimum = 50")
    page.get_by_role("button", name="Lưu quy tắc").click()
    expect(page.locator(".lab-messages")).to_contain_text(
        "Quy tắc score_below_50, trường params: các tham số phải đúng là ['min'], không phải ['minimum']"
    )
    screenshot(page, "lab-invalid-rule")
    assert "minimum = 50" not in RulesetDraft.objects.get(pk=draft.pk).text

    page.get_by_role("link", name=draft.title).click()
    page.locator("#rules tr", has_text="sick_leave_cap").get_by_role("button", name="Tắt").click()
    expect(page.locator("#rules tr.lab-off")).to_contain_text("sick_leave_cap")
    diff = page.locator("#diff + table")
    expect(diff).to_contain_text("quota_ratio")
    expect(diff).to_contain_text("sick_leave_cap")
    expect(diff).to_contain_text("1/5 → 3/20")
    screenshot(page, "lab-draft-diff")


def test_a_user_without_the_role_sees_no_lab_and_is_refused(page: Page, live_server: object) -> None:
    world = lab_world()
    draft = new_draft(world, scored_cycle(world))
    text = draft.text
    base = str(live_server)
    log_in(page, base, "thamdinh", PASSWORD)
    expect(page.get_by_role("link", name="Thử nghiệm quy định", exact=True)).to_have_count(0)
    response = page.goto(f"{base}/lab/drafts/{draft.pk}/")
    assert response is not None and response.status == 403
    assert RulesetDraft.objects.get(pk=draft.pk).text == text
