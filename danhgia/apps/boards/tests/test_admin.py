"""The Django admin of cycles, quota groups, templates, reviews and the audit trail: lists and pages open, what
the services own is read-only, and the lists cost the same queries whatever their length."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.boards.tests.test_verification import text
from danhgia.apps.boards.tests.world import bring, everything, file_complaint, grow, make_world, queries
from danhgia.apps.cycles.models import CriteriaTemplate, CycleTemplate, QuotaGroup, ReviewCycle
from danhgia.apps.reviews.models import Review

pytestmark = pytest.mark.django_db

MODELS: dict[str, type[Any]] = {
    "cycles/reviewcycle": ReviewCycle,
    "cycles/quotagroup": QuotaGroup,
    "cycles/criteriatemplate": CriteriaTemplate,
    "cycles/cycletemplate": CycleTemplate,
    "reviews/review": Review,
    "audit/auditentry": AuditEntry,
}


@pytest.fixture
def staff() -> Client:
    User.objects.create_superuser("quantri", password="mat-khau-quan-tri")
    client = Client()
    client.login(username="quantri", password="mat-khau-quan-tri")
    return client


def test_every_list_and_page_opens(staff: Client) -> None:
    world = make_world()
    bring(world, "published")
    file_complaint(world, "P3")
    CriteriaTemplate.objects.create(
        ruleset="qd366-2025", category="staff", name="Tiêu chí công chức", body={"groups": []}, published=True
    )

    for path, model in MODELS.items():
        assert staff.get(f"/admin/{path}/").status_code == 200, path
        first = model.objects.order_by("pk").first()
        assert first is not None, path
        assert staff.get(f"/admin/{path}/{first.pk}/change/").status_code == 200, path


def test_a_review_shows_its_decisions_comments_and_complaints_read_only(staff: Client) -> None:
    world = make_world()
    bring(world, "published")
    file_complaint(world, "P3")
    review = Review.objects.get(person=world.people["P3"])

    html = staff.get(f"/admin/reviews/review/{review.pk}/change/").content.decode()

    page = text(html[html.index('id="content"') :])
    assert "Kỳ đánh giá: Kiểm điểm năm 2025" in page
    assert "Cá nhân: Phạm Thị Dung (CB003) Đơn vị: Chi bộ Văn phòng (CB-VP)" in page
    assert (
        "Nhóm có chức năng, nhiệm vụ tương đồng: Đảng bộ Sở Nội vụ — cá nhân không giữ chức vụ lãnh đạo, quản lý"
        in page
    )
    assert "Người thực hiện" in page and "Người khiếu nại" in page
    assert "16:00 10/12/2025 p3 Đề nghị xem xét lại mức xếp loại." in page
    assert 'name="_save"' not in html  # nothing to save: read-only
    assert "<textarea" not in html


def test_what_the_services_own_cannot_be_added_changed_or_deleted_here(staff: Client) -> None:
    world = make_world()
    cycle = bring(world, "verification")
    group = QuotaGroup.objects.filter(cycle=cycle).first()
    review = Review.objects.filter(cycle=cycle).first()
    entry = AuditEntry.objects.first()
    assert group is not None and review is not None and entry is not None
    before = everything()

    refused = [
        staff.get("/admin/cycles/reviewcycle/add/").status_code,
        staff.post(f"/admin/cycles/reviewcycle/{cycle.pk}/delete/", {"post": "yes"}).status_code,
        staff.post(f"/admin/cycles/quotagroup/{group.pk}/change/", {"name": "X", "exception": "on"}).status_code,
        staff.post(f"/admin/reviews/review/{review.pk}/change/", {"state": "published"}).status_code,
        staff.post(f"/admin/reviews/review/{review.pk}/delete/", {"post": "yes"}).status_code,
        staff.post(f"/admin/audit/auditentry/{entry.pk}/delete/", {"post": "yes"}).status_code,
    ]

    assert refused == [403] * 6
    assert everything() == before


def test_a_cycles_name_and_deadlines_are_edited_but_not_its_state(staff: Client) -> None:
    world = make_world()
    cycle = bring(world, "open")

    response = staff.post(
        f"/admin/cycles/reviewcycle/{cycle.pk}/change/",
        {"name": "Kiểm điểm năm 2025 (sửa)", "decision_due": "15/01/2026", "state": "closed", "ruleset": "qd124-2023"},
    )

    assert response.status_code == 302
    cycle.refresh_from_db()
    assert (cycle.name, str(cycle.decision_due), cycle.state, cycle.ruleset) == (
        "Kiểm điểm năm 2025 (sửa)",
        "2026-01-15",
        "open",
        "qd366-2025",
    )


def test_the_review_and_audit_lists_cost_the_same_queries_with_more_rows(staff: Client) -> None:
    world = make_world()
    bring(world, "computed", "Nhỏ")
    small = (queries(staff, "/admin/reviews/review/"), queries(staff, "/admin/audit/auditentry/"))
    small_groups = queries(staff, "/admin/cycles/quotagroup/")
    grow(world, cells=3, members=25)
    bring(world, "computed", "Lớn")

    assert Review.objects.count() == 12 + 12 + 3 * 26
    assert (queries(staff, "/admin/reviews/review/"), queries(staff, "/admin/audit/auditentry/")) == small
    assert queries(staff, "/admin/cycles/quotagroup/") == small_groups
