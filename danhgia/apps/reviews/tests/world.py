"""A small world for workflow tests: a department (agency) with its party cell, people, posts and logins."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.auth.models import User

from danhgia.apps.access.models import Account, Role, RoleAssignment
from danhgia.apps.orgs.models import (
    CellMembership,
    CivilServiceResult,
    LeadershipCollective,
    PartyMembership,
    Person,
    Post,
    PostRole,
    Unit,
    UnitKind,
)
from danhgia.apps.orgs.services import unit_create
from danhgia.engine import builtin_ruleset

START = date(2020, 1, 1)


@dataclass
class World:
    province: Unit
    committee: Unit
    agency: Unit
    cell: Unit
    other_cell: Unit
    people: dict[str, Person] = field(default_factory=dict)
    users: dict[str, User] = field(default_factory=dict)


def login(world: World, name: str, role: str | None, unit: Unit | None, person: Person | None = None) -> User:
    user = User.objects.create_user(name, password="danhgia-demo-2025")
    if role is not None and unit is not None:
        RoleAssignment.objects.create(user=user, role=role, unit=unit, valid_from=START)
    Account.objects.create(user=user, person=person)
    world.users[name] = user
    return user


def build_world(*, members: int = 6, civil_results: bool = True) -> World:
    province = unit_create(
        code="TU", name="Tỉnh ủy Hà Tĩnh", kind=UnitKind.PARTY_COMMITTEE, parent=None, valid_from=START
    )
    committee = unit_create(
        code="DB-SNV", name="Đảng bộ Sở Nội vụ", kind=UnitKind.GRASSROOTS_COMMITTEE, parent=province, valid_from=START
    )
    agency = unit_create(code="SNV", name="Sở Nội vụ", kind=UnitKind.AGENCY, parent=province, valid_from=START)
    cell = unit_create(code="CB-VP", name="Chi bộ Văn phòng", kind=UnitKind.CELL, parent=committee, valid_from=START)
    other = unit_create(code="CB-KH", name="Chi bộ Kế hoạch", kind=UnitKind.CELL, parent=committee, valid_from=START)
    world = World(province, committee, agency, cell, other)
    LeadershipCollective.objects.create(unit=agency, name="Ban Giám đốc Sở Nội vụ")
    names = [
        "Nguyễn Văn An",
        "Trần Thị Bình",
        "Lê Văn Cường",
        "Phạm Thị Dung",
        "Hoàng Văn Em",
        "Vũ Thị Giang",
        "Đặng Văn Hùng",
        "Bùi Thị Lan",
    ]
    for i in range(members):
        person = Person.objects.create(personnel_code=f"CB{i:03d}", full_name=names[i % len(names)])
        PartyMembership.objects.create(person=person, admitted_on=date(2010, 5, 19))
        CellMembership.objects.create(person=person, cell=cell, valid_from=START)
        role = PostRole.HEAD if i == 0 else PostRole.MEMBER
        Post.objects.create(
            person=person,
            unit=agency,
            title="Giám đốc" if i == 0 else "Chuyên viên",
            role=role,
            is_leadership=i == 0,
            valid_from=START,
        )
        if civil_results:
            CivilServiceResult.objects.create(person=person, year=2025, level="L2")
        world.people[f"P{i}"] = person
    login(world, "admin", Role.ADMINISTRATOR, province)
    login(world, "bithu", Role.SECRETARY, cell, world.people["P1"])
    login(world, "thamdinh", Role.VERIFIER, province)
    login(world, "quyetdinh", Role.DECIDER, committee)
    login(world, "tinhuy", Role.DECIDER, province)
    login(world, "ngoai", Role.VERIFIER, other)
    for key, person in world.people.items():
        if key != "P1":
            login(world, key.lower(), Role.MEMBER, cell, person)
    return world


def excellent_answers() -> dict[str, Any]:
    return {
        "tasks": {"assigned": 10, "completed": 10, "on_time": 10, "exceeded": 4},
        "shortcomings": {"noted": 1, "remedied": 1},
    }


def good_answers() -> dict[str, Any]:
    return {"tasks": {"assigned": 10, "completed": 10, "on_time": 10, "exceeded": 1}}


def replay_grounds(ruleset: str, year: int) -> str:
    """The grounds a test gives when it runs a year under a rule set that does not apply to it."""
    return "" if builtin_ruleset(ruleset).applies_to_year(year) else f"Kiểm thử: năm {year} theo {ruleset}"
