"""Quota groups are edited before verification; criteria templates are inherited down the tree and frozen."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.cycles.models import CriteriaTemplate, CycleState, CycleTemplate, QuotaGroup, ReviewCycle
from danhgia.apps.cycles.services import cycle_advance, cycle_create, cycle_warnings
from danhgia.apps.orgs.models import CellMembership, PartyMembership, Person, Post
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.services.opening import cycle_open, quota_group_assign
from danhgia.apps.reviews.tests.world import World, build_world

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 12, 10, tzinfo=UTC)


def opened(world: World) -> ReviewCycle:
    cycle = cycle_create(
        actor=world.users["admin"],
        name="Năm 2025",
        kind="year",
        year=2025,
        root=world.province,
        ruleset="qd366-2025",
        now=NOW,
    )
    cycle_open(cycle=cycle, actor=world.users["admin"], now=NOW)
    return cycle


def test_subjects_move_to_a_group_of_similar_roles_before_verification() -> None:
    world = build_world()
    cycle = opened(world)
    staff = list(Review.objects.filter(category="staff")[:3])
    group = quota_group_assign(
        reviews=staff, code="chuyen-vien", name="Chuyên viên các phòng", actor=world.users["quyetdinh"], now=NOW
    )
    assert sorted(Review.objects.filter(quota_group=group).values_list("pk", flat=True)) == sorted(r.pk for r in staff)
    entry = AuditEntry.objects.get(action="quota_group_assign")
    assert [row[0] for row in (entry.after or {})["reviews"]] == sorted(r.pk for r in staff)
    before = list(Review.objects.values_list("pk", "quota_group_id"))
    org = Review.objects.get(category="organisation")
    with pytest.raises(ValidationError, match="Cá nhân và tập thể không chung một nhóm"):
        quota_group_assign(reviews=[org], code="chuyen-vien", name="", actor=world.users["admin"], now=NOW)
    with pytest.raises(PermissionDenied):
        quota_group_assign(reviews=staff, code="khac", name="", actor=world.users["bithu"], now=NOW)
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.VERIFICATION, now=NOW)
    with pytest.raises(ValidationError, match="trước khi bắt đầu thẩm định"):
        quota_group_assign(reviews=staff, code="khac", name="", actor=world.users["quyetdinh"], now=NOW)
    assert list(Review.objects.values_list("pk", "quota_group_id")) == before
    assert not QuotaGroup.objects.filter(code="khac").exists()


def test_the_nearest_published_template_up_the_tree_is_frozen_when_the_cycle_opens() -> None:
    world = build_world()
    body = {"code": "tinh-uy", "groups": [], "title": {"vi": "Khung của Tỉnh ủy", "en": "Province's framework"}}
    # versions 1 and 2 published, version 3 still a draft: the latest published one is frozen
    for version, name, published in (
        (1, "Khung tiêu chí Tỉnh ủy v1", True),
        (2, "Khung tiêu chí Tỉnh ủy v2", True),
        (3, "Bản nháp", False),
    ):
        CriteriaTemplate.objects.create(
            owner=world.province,
            ruleset="qd366-2025",
            category="staff",
            version=version,
            name=name,
            body=body | {"v": version},
            published=published,
        )
    cycle = opened(world)
    frozen = CycleTemplate.objects.get(cycle=cycle, category="staff")
    assert frozen.body["v"] == 2 and frozen.source is not None and frozen.source.version == 2
    leader = CycleTemplate.objects.get(cycle=cycle, category="leader")
    assert leader.source is None and leader.body["framework"] == "PL3"  # the shipped default
    CriteriaTemplate.objects.filter(version=2).update(body=body | {"v": 99})
    frozen.refresh_from_db()
    assert frozen.body["v"] == 2  # frozen: later edits of the template do not reach an open cycle


def test_default_groups_pool_party_members_per_grassroots_organisation_and_collectives_per_parent() -> None:
    world = build_world()
    other_member = Person.objects.create(personnel_code="CB900", full_name="Ngô Thị Hoa")
    PartyMembership.objects.create(person=other_member, admitted_on=date(2012, 3, 1))
    CellMembership.objects.create(person=other_member, cell=world.other_cell, valid_from=date(2024, 1, 1))
    Post.objects.create(person=other_member, unit=world.agency, title="Chuyên viên", valid_from=date(2024, 1, 1))
    cycle = opened(world)
    groups = dict(Review.objects.filter(cycle=cycle).values_list("pk", "quota_group__code"))
    by_key = {
        (r.category, r.unit.code, r.person.personnel_code if r.person else None): groups[r.pk]
        for r in Review.objects.filter(cycle=cycle).select_related("unit", "person")
    }
    # both cells' staff in one group: the grassroots committee's (HD 21), not one per cell
    assert by_key[("staff", "CB-VP", "CB001")] == by_key[("staff", "CB-KH", "CB900")] == "DB-SNV/individual/staff"
    assert by_key[("leader", "CB-VP", "CB000")] == "DB-SNV/individual/leader"
    # the cells' party organisations pooled under their committee; the committee's with its siblings
    assert by_key[("party_organisation", "CB-VP", None)] == "DB-SNV/collective/party_organisation/cell"
    assert by_key[("party_organisation", "CB-KH", None)] == "DB-SNV/collective/party_organisation/cell"
    assert by_key[("party_organisation", "DB-SNV", None)] == "TU/collective/party_organisation/grassroots_committee"
    assert by_key[("organisation", "SNV", None)] == "TU/collective/organisation/agency"
    assert by_key[("party_organisation", "TU", None)] == "TU/collective/party_organisation"  # the scope's root
    names = dict(QuotaGroup.objects.filter(cycle=cycle).values_list("code", "name"))
    assert names["DB-SNV/individual/staff"] == "Đảng bộ Sở Nội vụ — cá nhân không giữ chức vụ lãnh đạo, quản lý"
    assert names["DB-SNV/collective/party_organisation/cell"] == "Đảng bộ Sở Nội vụ — tổ chức đảng trực thuộc"


def test_a_rule_set_outside_the_period_is_refused_unless_the_cycle_is_a_replay_with_grounds() -> None:
    world = build_world()
    admin = world.users["admin"]
    before = (ReviewCycle.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError) as refused:
        cycle_create(actor=admin, name="Năm 2025", kind="year", year=2025, root=world.province, ruleset="qd124-2023")
    assert refused.value.message_dict["replay_grounds"] == [
        "Quy định 124-QĐ/TW ngày 04/10/2023 của Bộ Chính trị về kiểm điểm, đánh giá, xếp loại chất lượng hằng năm"
        " áp dụng cho các năm 2023–2024; kỳ này kết thúc năm 2025."
        " Chỉ có thể tạo kỳ này như một lần chạy lại năm đó theo bộ quy tắc này: ghi rõ căn cứ chạy lại."
    ]
    assert (ReviewCycle.objects.count(), AuditEntry.objects.count()) == before
    replay = cycle_create(
        actor=admin,
        name="Năm 2025 theo Quy định 124",
        kind="year",
        year=2025,
        root=world.province,
        ruleset="qd124-2023",
        replay_grounds="So sánh kết quả năm 2025 nếu còn áp dụng Quy định 124",
        now=NOW,
    )
    assert replay.replay_grounds == "So sánh kết quả năm 2025 nếu còn áp dụng Quy định 124"
    entry = AuditEntry.objects.get(action="cycle_create", object_id=str(replay.pk))
    assert (entry.after or {})["replay_grounds"] == replay.replay_grounds
    assert cycle_warnings(replay) == [
        {
            "code": "period_outside_ruleset",
            "detail": "Năm 2025 nằm ngoài thời gian áp dụng của qd124-2023 (2023–2024); kết quả chỉ để tham khảo,"
            " đối chiếu.",
        }
    ]
    assert cycle_warnings(opened(world)) == []
