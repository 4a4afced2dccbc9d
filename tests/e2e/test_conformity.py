"""In a real browser: the organising committee of the demo opens the basis of classification from the navigation,
reads a rule with its source, sees a project default marked, follows a cycle's count to the default that decided
it, and reads the same page in English. The screenshot goes to test-artifacts/screenshots/conformity.png."""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from playwright.sync_api import Page, expect

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.rules.basis import committed_bases
from danhgia.apps.rules.selectors import defaults_by_cycle
from tests.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
CYCLE = "Năm 2025 — Đảng bộ xã Tân An"  # the demo's cycle at the decision step: its engine results are computed


def test_the_organising_committee_audits_the_basis_of_classification(page: Page, live_server: object) -> None:
    call_command("demo_setup", force=True, verbosity=0)
    cycle = ReviewCycle.objects.get(name=CYCLE)
    counts = next(c for c in defaults_by_cycle(committed_bases()) if c.cycle_id == cycle.pk)
    head_count = next(d.count for d in counts.defaults if d.name == "head_capped_by_unit")
    assert counts.flagged > 0 and head_count > 0
    base = str(live_server)

    log_in(page, base, "bantochuc", "demo-bantochuc")
    page.get_by_role("navigation").get_by_role("link", name="Căn cứ xếp loại", exact=True).click()
    expect(page.get_by_role("heading", name="Căn cứ xếp loại", level=1)).to_be_visible()
    expect(page.locator("#qd366-2025-duty_discipline")).to_contain_text("366-QĐ/TW, Điều 11, khoản 4")
    expect(page.locator("#qd366-2025-head_capped_by_unit .rules-default")).to_have_text(
        "Mặc định của dự án — chưa có văn bản xác nhận"
    )
    expect(page.locator("#qd366-2025-parameter-quota_ratio")).to_contain_text("20 %")

    row = page.locator(f"#cycle-{cycle.pk}")
    expect(row.locator("td.number")).to_have_text([str(counts.computed), str(counts.flagged)])
    expect(row.get_by_role("listitem").filter(has_text="head_capped_by_unit")).to_have_text(
        f"head_capped_by_unit: {head_count}"
    )
    screenshot(page, "conformity")

    row.get_by_role("link", name="head_capped_by_unit").click()
    expect(page).to_have_url(re.compile(r"/rules/#qd366-2025-head_capped_by_unit$"))
    expect(page.locator("#qd366-2025-head_capped_by_unit")).to_be_in_viewport()

    page.goto(base + "/en/rules/")
    expect(page.get_by_role("heading", name="Basis of classification", level=1)).to_be_visible()
    expect(page.locator("#qd366-2025-head_capped_by_unit .rules-default")).to_have_text(
        "Project default — no source confirms it yet"
    )
