"""Search by person on the unit, verification and decision boards, and the secretary reading her members'
self-reviews (read-only), walked as the demo's personas. Screenshots go to test-artifacts/screenshots/find-*.png."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.urls import reverse
from playwright.sync_api import Page, expect

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.reviews.models import Review, ReviewState
from tests.e2e.conftest import log_in, screenshot

pytestmark = pytest.mark.django_db(transaction=True)
OPEN, DECISION = "Năm 2025 — Đảng bộ Sở Nội vụ", "Năm 2025 — Đảng bộ xã Tân An"
CELL = "T27.D02.D01.C03"  # bithu's cell
SECRETARY = "Trần Thị Bình"  # bithu
VILLAGE = "T27.X001.C05"  # Chi bộ thôn Tây, under the commune quyetdinh decides for


@pytest.fixture
def demo(settings: object, tmp_path: object) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    call_command("demo_setup", force=True, verbosity=0)


def log_out(page: Page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()


def test_the_decision_and_verification_boards_find_a_person_by_code_or_name(
    page: Page, live_server: object, demo: None
) -> None:
    base = str(live_server)
    cycle = ReviewCycle.objects.get(name=DECISION)
    subject = (
        Review.objects.filter(cycle=cycle, unit__code=VILLAGE, person__national_id__gt="")
        .select_related("person", "unit")
        .order_by("pk")
        .first()
    )
    assert subject is not None and subject.person is not None
    person = subject.person

    log_in(page, base, "quyetdinh", "demo-quyetdinh")
    page.goto(base + reverse("boards:decision"))
    page.get_by_label("Tìm một người").fill(person.national_id or "")
    page.get_by_role("button", name="Tìm", exact=True).click()
    found = page.locator("#person-found")
    expect(found.locator("p")).to_have_text("Tìm thấy 1 đối tượng:")
    expect(found.locator("li")).to_have_count(1)
    expect(found.locator("li")).to_contain_text(f"{person.full_name} · {subject.unit.name}")
    screenshot(page, "find-1-decision-board")
    found.get_by_role("link", name=person.full_name).click()
    expect(page).to_have_url(
        base + reverse("boards:decision_board", args=[cycle.pk, subject.unit_id]) + f"#review-{subject.pk}"
    )
    expect(page.locator(f"#review-{subject.pk}")).to_contain_text(person.full_name)

    page.get_by_label("Tìm một người").fill("Không Ai Tên Này")
    page.get_by_role("button", name="Tìm", exact=True).click()
    expect(page.locator("#person-found")).to_have_text("Không có ai thuộc đơn vị này khớp với “Không Ai Tên Này”.")
    log_out(page)

    log_in(page, base, "thamdinh", "demo-thamdinh")
    page.goto(base + reverse("boards:verification_board", args=[cycle.pk, subject.unit_id]))
    page.get_by_label("Tìm một người").fill(person.full_name)
    page.get_by_role("button", name="Lọc", exact=True).click()
    same_name = Review.objects.filter(cycle=cycle, unit=subject.unit, person__full_name=person.full_name).count()
    expect(page.locator("article.subject")).to_have_count(same_name)
    expect(page.locator(f"#review-{subject.pk}")).to_be_visible()
    screenshot(page, "find-2-verification-board")


def test_the_secretary_finds_a_member_and_reads_her_self_review_read_only(
    page: Page, live_server: object, demo: None
) -> None:
    base = str(live_server)
    cycle = ReviewCycle.objects.get(name=OPEN)
    cell = Q(unit__code=CELL) | Q(unit__code__startswith=CELL + ".")
    submitted = (
        Review.objects.filter(cell, cycle=cycle, state=ReviewState.SUBMITTED, person__national_id__gt="")
        .exclude(person__full_name=SECRETARY)  # her own review goes to the level above
        .select_related("person")
        .order_by("pk")
        .first()
    )
    draft = Review.objects.filter(cell, cycle=cycle, state=ReviewState.DRAFT, person__isnull=False).first()
    assert submitted is not None and submitted.person is not None

    log_in(page, base, "bithu", "demo-bithu")
    page.goto(base + reverse("selfservice:unit_board"))
    page.get_by_label("Tìm một người").fill(submitted.person.national_id or "")
    page.get_by_role("button", name="Tìm", exact=True).click()
    rows = page.locator("table.ss-board tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.get_by_role("rowheader")).to_have_text(submitted.person.full_name)
    screenshot(page, "find-3-unit-board")
    rows.get_by_role("link", name=f"Bản tự kiểm điểm của {submitted.person.full_name}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Bản tự kiểm điểm của {submitted.person.full_name}")
    expect(page.locator(".ss-readonly")).to_be_visible()
    expect(page.locator(".ss-readonly input, .ss-readonly textarea, .ss-readonly select")).to_have_count(0)
    expect(page.get_by_role("button", name="Nộp bản tự kiểm điểm")).to_have_count(0)
    screenshot(page, "find-4-member-self-review-read-only")

    if draft is not None:  # a draft stays the member's own: no link on the board, and the page says so
        page.goto(base + reverse("selfservice:member_review", args=[draft.pk]))
        expect(page.locator("#not-submitted")).to_be_visible()
        expect(page.locator(".ss-readonly")).to_have_count(0)
