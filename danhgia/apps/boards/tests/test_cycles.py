"""Administration of cycles: list, create (field errors in Vietnamese), open, quota groups renamed or given an
exception with grounds, frozen templates shown read-only."""

from __future__ import annotations

from datetime import UTC, date, datetime
from fractions import Fraction

import pytest

from danhgia.apps.access.models import Role
from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.boards.tests.test_verification import HTMX, text
from danhgia.apps.boards.tests.world import client_for, everything, make_world, open_cycle
from danhgia.apps.cycles.models import CycleState, QuotaGroup, ReviewCycle
from danhgia.apps.cycles.rulesets import cycle_rules, record_version
from danhgia.apps.lab.models import DraftState
from danhgia.apps.lab.services import draft_create, draft_set_parameters, draft_transition
from danhgia.apps.reviews.tests.world import World, login

pytestmark = pytest.mark.django_db

FORM = {
    "name": "Kiểm điểm quý II năm 2025",
    "kind": "quarter",
    "year": "2025",
    "quarter": "2",
    "term_start": "",
    "root": "TU",
    "ruleset": "qd366-2025",
    "self_review_due": "05/07/2025",
    "verification_due": "",
    "decision_due": "20/07/2025",
    "complaints_until": "",
}


@pytest.fixture
def world() -> World:
    return make_world()


def test_an_administrator_creates_a_quarterly_cycle_with_deadlines_typed_day_first(world: World) -> None:
    client = client_for(world, "admin")

    response = client.post("/cycles/new/", FORM, follow=True)

    cycle = ReviewCycle.objects.get()
    assert response.redirect_chain == [(f"/cycles/{cycle.pk}/", 302)]
    assert (cycle.kind, cycle.year, cycle.quarter, cycle.root, cycle.state) == (
        "quarter",
        2025,
        2,
        world.province,
        CycleState.DRAFT,
    )
    assert (cycle.self_review_due, cycle.decision_due, cycle.verification_due) == (
        date(2025, 7, 5),
        date(2025, 7, 20),
        None,
    )
    page = text(response.content.decode())
    assert "Đã tạo kỳ đánh giá. Hãy mở kỳ khi dữ liệu tổ chức, nhân sự đã sẵn sàng." in page
    assert "Loại kỳ Quý 2/2025 Phạm vi Tỉnh ủy Hà Tĩnh (TU) Bộ quy tắc Quy định 366-QĐ/TW ngày 30/08/2025" in page
    assert "Hạn tự kiểm điểm 05/07/2025 Hạn thẩm định — Hạn quyết định xếp loại 20/07/2025" in page
    assert list(AuditEntry.objects.values_list("action", flat=True)) == ["cycle_create"]


def test_the_form_says_what_is_wrong_field_by_field_and_creates_nothing(world: World) -> None:
    client = client_for(world, "admin")
    wrong = FORM | {"quarter": "", "root": "KHONG-CO", "decision_due": "2025-31-12", "term_start": "2024"}

    response = client.post("/cycles/new/", wrong)

    assert response.status_code == 400
    assert ReviewCycle.objects.count() == 0
    form = response.context["form"]
    assert {name: [str(e) for e in errors] for name, errors in form.errors.items()} == {
        "root": ["Không có đơn vị nào mang mã này."],
        "decision_due": ["Nhập một ngày hợp lệ."],
        "quarter": ["Hãy chọn quý."],
        "term_start": ["Chỉ kỳ đánh giá theo nhiệm kỳ mới có năm bắt đầu."],
    }
    html = response.content.decode()
    assert 'aria-invalid="true"' in html[html.index('name="root"') - 120 : html.index('name="root"') + 120]


def test_opening_a_cycle_shows_its_quota_groups_and_frozen_templates(world: World) -> None:
    client = client_for(world, "admin")
    client.post("/cycles/new/", FORM | {"kind": "year", "quarter": "", "name": "Năm 2025"})
    cycle = ReviewCycle.objects.get()

    opened = client.post(f"/cycles/{cycle.pk}/open/", follow=True)

    page = text(opened.content.decode())
    assert "Đã mở kỳ đánh giá: tạo 12 bản kiểm điểm." in page
    assert "Trạng thái Đang tự kiểm điểm" in page
    assert "Số bản kiểm điểm 12" in page
    assert "7 nhóm có chức năng, nhiệm vụ tương đồng" in page
    assert (
        "Đảng bộ Sở Nội vụ — cá nhân không giữ chức vụ lãnh đạo, quản lý Mức 1: 0 đề xuất, tối đa 0 (mức 2: 0)" in page
    )
    assert "Bộ tiêu chí đã chốt Được sao chép khi mở kỳ đánh giá và không còn thay đổi." in page
    assert opened.content.decode().count('<details class="template">') == 5
    assert "Mở kỳ đánh giá" not in page.replace("Đã mở kỳ đánh giá", "")
    assert "Chuyển sang thẩm định" in page  # the administrator holds every role


def test_a_quota_group_is_renamed_and_an_exception_needs_grounds(world: World) -> None:
    cycle = open_cycle(world)
    client = client_for(world, "admin")
    group = QuotaGroup.objects.get(cycle=cycle, code="DB-SNV/individual/staff")
    before = everything()

    refused = client.post(
        f"/quota-groups/{group.pk}/", {f"g{group.pk}-exception": "on", "rename": "1"}, headers=HTMX
    ).content.decode()
    renamed = client.post(
        f"/quota-groups/{group.pk}/",
        {f"g{group.pk}-name": "Chuyên viên Văn phòng", f"g{group.pk}-exception_grounds": "", "rename": "1"},
        headers=HTMX,
    ).content.decode()

    assert "Áp dụng ngoại lệ phải nêu căn cứ." in text(refused)
    assert f'name="g{group.pk}-name"' in refused  # the rename field stays on the administrator's form
    assert "Đã lưu nhóm có chức năng, nhiệm vụ tương đồng." in text(renamed)
    assert text(renamed).startswith("Chuyên viên Văn phòng Mức 1: 0 đề xuất")
    group.refresh_from_db()
    assert (group.name, group.exception) == ("Chuyên viên Văn phòng", False)
    assert everything()[5] != before[5]
    entry = AuditEntry.objects.latest("seq")
    assert entry.before is not None and entry.after is not None
    assert (entry.action, entry.before["name"], entry.after["name"]) == (
        "quota_group_update",
        "Đảng bộ Sở Nội vụ — cá nhân không giữ chức vụ lãnh đạo, quản lý",
        "Chuyên viên Văn phòng",
    )


def test_an_administrator_of_another_part_of_the_tree_sees_and_changes_nothing(world: World) -> None:
    cycle = open_cycle(world)
    login(world, "quantri_chibo", Role.ADMINISTRATOR, world.other_cell)
    client = client_for(world, "quantri_chibo")
    group = QuotaGroup.objects.get(cycle=cycle, code="DB-SNV/individual/staff")
    before = everything()

    listing = text(client.get("/cycles/").content.decode())
    detail = client.get(f"/cycles/{cycle.pk}/")
    opening = client.post(f"/cycles/{cycle.pk}/open/")
    creating = client.post("/cycles/new/", FORM)
    renaming = client.post(f"/quota-groups/{group.pk}/", {f"g{group.pk}-name": "X", "rename": "1"})

    assert "Chưa có kỳ đánh giá nào." in listing
    assert (detail.status_code, opening.status_code, creating.status_code) == (404, 404, 403)
    assert renaming.status_code == 403
    assert everything() == before


def test_a_cycle_is_created_on_an_amendment_adopted_in_the_rule_lab(world: World) -> None:
    admin = world.users["admin"]
    login(world, "bientap", Role.RULE_EDITOR, world.province)
    editor = world.users["bientap"]
    now = datetime(2025, 6, 1, tzinfo=UTC)
    draft = draft_create(
        base=record_version("qd366-2025", now), title="Sửa đổi tỷ lệ", owner=world.province, actor=editor, now=now
    )
    draft_set_parameters(draft=draft, values={"quota_ratio": {"value": "3/20"}}, actor=editor, now=now)
    draft_transition(draft=draft, to=DraftState.IN_CONSULTATION, actor=editor, now=now)
    draft = draft_transition(draft=draft, to=DraftState.ADOPTED, actor=editor, now=now)
    assert draft.adopted_version is not None
    sha = draft.adopted_version.sha256
    client = client_for(world, "admin")

    page = text(client.get("/cycles/").content.decode())
    assert "Phiên bản bộ quy tắc" in page and "Sửa đổi tỷ lệ (" in page
    refused = client.post("/cycles/new/", FORM | {"version": "0" * 64})
    assert refused.status_code == 400 and not ReviewCycle.objects.exists()
    client.post("/cycles/new/", FORM | {"version": sha})

    cycle = ReviewCycle.objects.get()
    assert (cycle.ruleset_sha256, cycle_rules(cycle).quota_ratio, cycle.created_by) == (sha, Fraction(3, 20), admin)
