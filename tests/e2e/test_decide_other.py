"""The competent level chooses, walked as `quyetdinh` on the demo's decision board: it opens the subject's file
(self-review, comments, proposal, reasons), decides a level other than the proposal only with a reason — a
missing reason refuses and changes nothing — and the reason is kept with the decision and on the audit chain.
Screenshots go to test-artifacts/screenshots/decide-other-*.png."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import Page, expect

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.audit.services import audit_verify
from danhgia.apps.boards.selectors import readiness
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.reviews.models import Decision, DecisionKind, Review, ReviewState
from tests.e2e.conftest import confirm, log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
DECISION = "Năm 2025 — Đảng bộ xã Tân An"


@pytest.fixture
def demo(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    call_command("demo_setup", force=True, verbosity=0)


def ready_level3_member(cycle: ReviewCycle) -> Review:
    """A member outside the political system proposed at level 3 and ready to decide (raising a level-3 proposal
    to level 2 never takes a quota group over: it only adds to level 2)."""
    for review in Review.objects.filter(
        cycle=cycle, state=ReviewState.VERIFIED, verified_level="L3", category="member_outside"
    ).order_by("unit__code", "pk"):
        unit = Review.objects.filter(cycle=cycle, unit_id=review.unit_id, state=ReviewState.VERIFIED)
        if review.pk in readiness(cycle, set(unit.values_list("pk", flat=True))).ready:
            return review
    raise AssertionError("the demo has no ready level-3 proposal")


def test_the_competent_level_opens_the_file_and_decides_another_level_only_with_a_reason(
    page: Page, live_server: object, demo: None
) -> None:
    base = str(live_server)
    cycle = ReviewCycle.objects.get(name=DECISION)
    subject = ready_level3_member(cycle)
    name = subject.person.full_name  # type: ignore[union-attr]
    entries = AuditEntry.objects.count()

    log_in(page, base, "quyetdinh", "demo-quyetdinh")
    page.goto(base + reverse("boards:decision_board", args=[cycle.pk, subject.unit_id]))
    row = page.locator(f"#review-{subject.pk}")
    row.get_by_role("link", name=f"Mở hồ sơ của {name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Hồ sơ của đối tượng: {name}")
    expect(page.locator("#file-proposal")).to_have_text("Hoàn thành nhiệm vụ")
    expect(page.get_by_role("heading", name="Bản tự kiểm điểm")).to_be_visible()
    expect(page.get_by_role("heading", name="Các nhận xét, ý kiến đã ghi")).to_be_visible()
    level = page.get_by_label("Mức quyết định")
    expect(level.locator("option[value=L3]")).to_have_count(0)  # the proposal is decided on the board
    level.select_option("L2")
    page.get_by_role("button", name="Quyết định mức này").click()
    said = confirm(page, "Quyết định")
    assert said.startswith(f"Quyết định mức đã chọn cho {name} thay cho đề xuất?")
    expect(page.locator("#err-reason")).to_have_text("Hãy ghi lý do quyết định mức khác với đề xuất.")
    screenshot(page, "decide-other-1-reason-required")
    subject.refresh_from_db()
    assert (subject.state, subject.decided_level) == (ReviewState.VERIFIED, "")
    assert AuditEntry.objects.count() == entries

    reason = "Có thành tích nổi bật trong phong trào xây dựng nông thôn mới được xã ghi nhận."
    page.get_by_label("Mức quyết định").select_option("L2")
    page.get_by_label("Lý do quyết định mức khác với đề xuất").fill(reason)
    page.get_by_role("button", name="Quyết định mức này").click()
    confirm(page, "Quyết định")
    expect(
        page.get_by_text(
            f"Đã quyết định mức hoàn thành tốt nhiệm vụ cho {name}, khác với đề xuất; lý do đã được ghi lại."
        )
    ).to_be_visible()
    row = page.locator(f"#review-{subject.pk}")
    expect(row).to_contain_text("Hoàn thành tốt nhiệm vụ")
    screenshot(page, "decide-other-2-decided")
    subject.refresh_from_db()
    assert (subject.state, subject.decided_level, subject.verified_level) == (ReviewState.DECIDED, "L2", "L3")
    decision = Decision.objects.get(review=subject, kind=DecisionKind.DECIDE)
    assert (decision.level, decision.grounds) == ("L2", reason)
    entry = AuditEntry.objects.filter(action="review_decide_other", object_id=str(subject.pk)).get()
    assert entry.reason == reason
    assert audit_verify() == []

    page.goto(base + reverse("boards:decision_file", args=[subject.pk]))
    expect(page.locator("#file-decisions")).to_contain_text(reason)
    expect(page.locator("#decide-other")).to_have_count(0)  # decided: nothing more to decide here
