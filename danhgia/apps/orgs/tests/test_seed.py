"""The synthetic registry: determinism, the demo's exact shape and fixed people, plausible proportions,
the 2025 reorganisation in the tree, and the refusal / --replace / no-op rules of `manage.py seed`."""

from __future__ import annotations

import unicodedata
from collections import Counter
from datetime import date
from io import StringIO
from typing import Any

import numpy as np
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Count, F, Q

from danhgia.apps.orgs.models import (
    CellMembership,
    LeadershipCollective,
    MembershipStatusKind,
    Person,
    Post,
    PostRole,
    Unit,
    UnitKind,
    UnitLink,
)
from danhgia.apps.orgs.seed import DEMO_PEOPLE, SeedRefused, registry_clear, registry_seed
from danhgia.apps.orgs.seed import service as seed_service
from danhgia.apps.orgs.seed.generate import custom_scale, generate, nation_targets
from danhgia.apps.orgs.seed.geography import PROVINCES, province_named
from danhgia.apps.orgs.seed.plan import ProvinceTarget
from danhgia.apps.orgs.seed.rows import TABLES, TableRows, copy_text
from danhgia.apps.orgs.selectors import in_force, unit_ancestors, unit_children, unit_subtree
from danhgia.apps.orgs.services import unit_create

pytestmark = pytest.mark.django_db
BEFORE, AFTER = date(2025, 6, 30), date(2025, 12, 31)
CELL_KINDS = (UnitKind.CELL, UnitKind.GRASSROOTS_CELL)
SMALL = custom_scale([ProvinceTarget(province_named("Bắc Ninh"), 3_000, 1_500, communes=3)])


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    return {
        model._meta.db_table: list(model._default_manager.order_by("pk").values_list())
        for model in seed_service.registry_models()
    }


def seed(*args: str) -> str:
    out = StringIO()
    call_command("seed", *args, stdout=out, stderr=StringIO())
    return out.getvalue()


def test_the_same_seed_gives_the_same_rows_and_another_seed_other_rows() -> None:
    registry_seed(scale="demo", seed=7)
    first = snapshot()
    registry_clear()
    registry_seed(scale="demo", seed=7)
    assert snapshot() == first
    registry_clear()
    registry_seed(scale="demo", seed=8)
    other = snapshot()
    assert len(other["orgs_person"]) == len(first["orgs_person"])
    assert other["orgs_person"] != first["orgs_person"]
    assert other["orgs_unit"] == first["orgs_unit"]  # the demo's tree is fixed; its people are drawn


def test_a_random_province_is_generated_the_same_for_the_same_seed() -> None:
    def text(seed_value: int) -> dict[str, str]:
        (chunk,) = generate(SMALL, seed_value)
        return {table: "".join(copy_text(part) for part in parts) for table, parts in chunk.tables()}

    first = text(3)
    assert text(3) == first
    other = text(4)
    assert other["person"] != first["person"] and other["unit"] != first["unit"]


def test_the_demo_has_a_fixed_shape() -> None:
    registry_seed(scale="demo")
    kinds = Counter(Unit.objects.values_list("kind", flat=True))
    assert kinds == {
        UnitKind.CELL: 15,
        UnitKind.GRASSROOTS_CELL: 2,
        UnitKind.AGENCY: 6,
        UnitKind.PARTY_COMMITTEE: 4,
        UnitKind.GRASSROOTS_COMMITTEE: 2,
    }
    assert Person.objects.count() == 381
    assert CellMembership.objects.count() == 341
    assert UnitLink.objects.count() == 29 + 15  # the commune's subtree moved on 1 July 2025
    assert LeadershipCollective.objects.count() == 29


def test_the_demo_people_have_the_same_keys_and_places_for_every_seed() -> None:
    for seed_value in (1, 2):
        registry_clear()
        registry_seed(scale="demo", seed=seed_value)
        for demo in DEMO_PEOPLE:
            person = Person.objects.get(personnel_code=demo.personnel_code)
            assert (person.national_id, person.full_name, person.sex, person.birth_date) == (
                demo.national_id,
                demo.full_name,
                demo.sex,
                demo.birth_date,
            )
        dung, binh, an, cuong, duc, hung, lan, bay = (
            Person.objects.get(personnel_code=d.personnel_code) for d in DEMO_PEOPLE
        )
        heads = {(p.unit.code, p.title) for p in Post.objects.filter(role=PostRole.HEAD).select_related("unit")}
        assert {(p.unit.code, p.title) for p in dung.posts.select_related("unit")} == {
            ("T27.A02.A01", "Giám đốc"),
            ("T27.D02.D01", "Bí thư Đảng ủy"),
        }
        assert ("T27.A02.A01", "Giám đốc") in heads
        assert [(p.unit.code, p.title) for p in binh.posts.filter(role=PostRole.HEAD)] == [
            ("T27.D02.D01.C03", "Bí thư Chi bộ")
        ]
        assert not an.posts.filter(is_leadership=True).exists()
        assert an.cell_memberships.get().cell.code == "T27.D02.D01.C03"
        assert [p.unit.code for p in cuong.posts.all()] == ["T27.A01"] and not cuong.posts.get().is_leadership
        assert {p.unit.code for p in duc.posts.filter(role=PostRole.HEAD)} == {"T27.A01", "T27.D01.C01"}
        assert [p.unit.code for p in hung.posts.all()] == ["T27.X001"]
        assert [p.unit.code for p in lan.posts.all()] == ["T27.X001.C04"]
        assert bay.membership_statuses.get().kind == MembershipStatusKind.EXEMPT
        assert not bay.posts.exists()


def _check_registry_shape() -> None:
    cells = Unit.objects.filter(kind__in=CELL_KINDS).annotate(
        members=Count("cell_members", filter=Q(cell_members__kind="official"))
    )
    sizes = [c.members for c in cells]
    assert sizes and min(sizes) >= 5 and max(sizes) <= 60
    units_without_head = Unit.objects.exclude(posts__role=PostRole.HEAD)
    assert list(units_without_head) == []
    assert not Unit.objects.filter(leadership_collective__isnull=True).exists()
    head_posts = Post.objects.filter(role=PostRole.HEAD)
    assert not head_posts.filter(is_leadership=False).exists()
    assert not head_posts.exclude(collective__unit=F("unit")).exists()
    names = list(Person.objects.values_list("full_name", flat=True))
    assert all(unicodedata.is_normalized("NFC", n) for n in names)
    assert sum(not n.isascii() for n in names) / len(names) > 0.9
    assert all(len(n.split()) >= 3 for n in names)
    national_ids = [n or "" for n in Person.objects.values_list("national_id", flat=True)]
    assert len(set(national_ids)) == len(national_ids)
    assert all(len(n) == 12 and n.isdigit() for n in national_ids)


def test_demo_cells_units_names_and_ids_are_well_formed() -> None:
    registry_seed(scale="demo")
    _check_registry_shape()


def test_a_random_province_is_well_formed_and_the_loader_restores_the_schema() -> None:
    before = _schema()
    registry_seed(scale=SMALL, seed=3)
    assert _schema() == before
    _check_registry_shape()
    assert Unit.objects.filter(code__regex=r"^T27\.X[0-9]{3}$").count() == 3
    created = unit_create(code="NEW", name="Chi bộ mới", kind=UnitKind.CELL, parent=None, valid_from=AFTER)
    assert created.pk == Unit.objects.exclude(pk=created.pk).order_by("-pk")[0].pk + 1  # sequences moved on


def _schema() -> list[tuple[Any, ...]]:
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid::regclass::text LIKE 'orgs_%%' UNION ALL "
            "SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename LIKE 'orgs_%%' ORDER BY 1, 2, 3"
        )
        return cursor.fetchall()


def test_the_tree_moves_communes_under_the_province_on_1_july_2025() -> None:
    registry_seed(scale="demo")
    province, district, commune = (Unit.objects.get(code=c) for c in ("T27", "T27.H01", "T27.X001"))
    village = Unit.objects.get(code="T27.X001.C04")
    assert [u.code for u in unit_children(unit=province, on=BEFORE)] == [
        "T27.A01",
        "T27.A02",
        "T27.D01",
        "T27.D02",
        "T27.H01",
    ]
    assert [u.code for u in unit_children(unit=province, on=AFTER)] == [
        "T27.A01",
        "T27.A02",
        "T27.D01",
        "T27.D02",
        "T27.X001",
    ]
    assert [u.code for u in unit_ancestors(unit=village, on=BEFORE)] == ["T27", "T27.H01", "T27.X001"]
    assert [u.code for u in unit_ancestors(unit=village, on=AFTER)] == ["T27", "T27.X001"]
    assert unit_subtree(unit=district, on=BEFORE).count() == 1 + 1 + 3 + 11
    assert unit_subtree(unit=district, on=AFTER).count() == 0
    assert unit_subtree(unit=commune, on=BEFORE).count() == unit_subtree(unit=commune, on=AFTER).count() == 15
    assert district.dissolved_on == date(2025, 7, 1)
    assert UnitLink.objects.filter(in_force(AFTER)).count() == 28
    district_posts = Post.objects.filter(unit=district)
    assert {p.valid_to for p in district_posts} == {date(2025, 7, 1)}


def test_proportions_of_a_medium_province_are_plausible() -> None:
    target = ProvinceTarget(province_named("Nghệ An"), 30_000, 10_000, communes=12)
    (chunk,) = generate(custom_scale([target]), 11)
    columns = _columns(chunk)
    members = len(columns["partymembership"]["id"])
    assert members == 30_000
    kinds = Counter(columns["membershipstatus"]["kind"])
    assert 0.10 <= kinds["exempt"] / members <= 0.20
    assert 0 < kinds["suspended"] / members <= 0.005
    records = columns["disciplinerecord"]
    party = {p for p, s in zip(records["person_id"], records["system"], strict=True) if s == "party" and p}
    assert 0.005 <= len(party) / members <= 0.02
    forms = Counter(f for f, s in zip(records["form"], records["system"], strict=True) if s == "party")
    assert forms.most_common(1)[0][0] == "reprimand"
    assert 0.2 <= np.mean(records["self_detected_remedied"]) <= 0.4
    levels = Counter(columns["civilserviceresult"]["level"])
    total = sum(levels.values())
    assert 9_000 <= total <= 11_000
    assert 0.12 <= levels["L1"] / total <= 0.18 and 0.65 <= levels["L2"] / total <= 0.75
    assert 0.10 <= levels["L3"] / total <= 0.16 and 0.01 <= levels["L4"] / total <= 0.04
    admitted = np.array(columns["partymembership"]["admitted_on"], dtype="datetime64[D]")
    recent = (admitted >= np.datetime64("2025-07-01")).mean()
    assert 0.003 <= recent <= 0.03
    assert 0.01 <= len(columns["yearabsence"]["id"]) / len(columns["person"]["id"]) <= 0.06


def _columns(chunk: TableRows) -> dict[str, dict[str, list[Any]]]:
    found: dict[str, dict[str, list[Any]]] = {}
    for table, parts in chunk.tables():
        found[table] = {name: [] for name in TABLES[table]}
        for part in parts:
            for name, column in zip(TABLES[table], part, strict=True):
                found[table][name].extend(list(column))
    return found


def test_the_34_provinces_and_3321_communes_are_the_2025_figures() -> None:
    assert len(PROVINCES) == 34
    assert sum(p.communes for p in PROVINCES) == 3_321
    assert sum(p.wards for p in PROVINCES) == 672
    assert sum(len(p.special_zones) for p in PROVINCES) == 13
    assert sorted(p.name for p in PROVINCES if p.is_city) == sorted(
        ["Hà Nội", "Hải Phòng", "Huế", "Đà Nẵng", "Cần Thơ", "Thành phố Hồ Chí Minh"]
    )
    unchanged = {p.name for p in PROVINCES if not p.former}
    assert unchanged == {
        "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn",
        "Quảng Ninh", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Cao Bằng",
    }  # fmt: skip
    assert len({code for p in PROVINCES for code in p.id_prefixes}) == 63  # the provinces before the merger
    targets = nation_targets()
    assert sum(t.members for t in targets) == 5_600_000 and sum(t.staff for t in targets) == 2_000_000


def test_seed_prints_counts_per_table_and_the_time() -> None:
    out = seed("--scale", "demo")
    assert "Loaded the demo registry (seed 1)" in out
    assert "orgs_person" in out and "381" in out
    assert "elapsed:" in out


def test_seed_refuses_a_database_with_registry_data_and_changes_nothing() -> None:
    unit_create(code="H1", name="Huyện Vị Xuyên", kind=UnitKind.PARTY_COMMITTEE, parent=None, valid_from=BEFORE)
    before = snapshot()
    with pytest.raises(CommandError, match="already holds registry data"):
        seed("--scale", "demo")
    assert snapshot() == before


def test_another_scale_on_the_demo_is_refused_and_changes_nothing() -> None:
    registry_seed(scale="demo")
    before = snapshot()
    with pytest.raises(CommandError, match="--replace"):
        seed("--scale", "province")
    assert snapshot() == before


def test_replace_deletes_the_registry_and_loads_the_seed() -> None:
    unit_create(code="H1", name="Huyện Vị Xuyên", kind=UnitKind.PARTY_COMMITTEE, parent=None, valid_from=BEFORE)
    seed("--scale", "demo", "--replace")
    assert not Unit.objects.filter(code="H1").exists()
    assert Unit.objects.count() == 29
    assert Unit.objects.order_by("pk").first().code == "T27"  # type: ignore[union-attr]


def test_the_demo_again_is_a_no_op_that_says_so() -> None:
    registry_seed(scale="demo")
    before = snapshot()
    out = seed("--scale", "demo", "--seed", "5")
    assert "already holds the demo registry; nothing to do" in out
    assert snapshot() == before


def test_replace_refuses_while_rows_of_other_apps_refer_to_the_registry(monkeypatch: pytest.MonkeyPatch) -> None:
    registry_seed(scale="demo")
    before = snapshot()
    get_user_model().objects.create(username="someone")
    monkeypatch.setattr(seed_service, "_dependents", lambda registry: [get_user_model()])
    with pytest.raises(SeedRefused, match=r"auth\.User"):
        registry_seed(scale="demo", replace=True)
    assert snapshot() == before
