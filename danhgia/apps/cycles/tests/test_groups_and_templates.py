"""Quota groups are edited before verification; criteria templates are inherited down the tree and frozen."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.cycles.models import CriteriaTemplate, CycleState, CycleTemplate, QuotaGroup, ReviewCycle
from danhgia.apps.cycles.services import cycle_advance, cycle_create, cycle_open, quota_group_assign
from danhgia.apps.reviews.models import Review
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
