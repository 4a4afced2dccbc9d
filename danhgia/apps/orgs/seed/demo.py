"""The demo registry: one commune party committee and one provincial department of Bắc Ninh, a few hundred
people, with fixed people whose natural keys, names and posts are the same for every seed.

Tree (codes in brackets; the district exists until 1 July 2025, then the commune sits under the province):
    Đảng bộ tỉnh Bắc Ninh [T27]
      Đảng bộ các cơ quan Đảng tỉnh Bắc Ninh [T27.D01] → Chi bộ Ban Tổ chức Tỉnh ủy Bắc Ninh [T27.D01.C01]
      Đảng bộ Ủy ban nhân dân tỉnh Bắc Ninh [T27.D02]
        → Chi bộ Văn phòng Ủy ban nhân dân tỉnh Bắc Ninh [T27.D02.C01]
        → Đảng bộ Sở Nội vụ tỉnh Bắc Ninh [T27.D02.D01] → 4 cells [T27.D02.D01.C01–C04]
      Ban Tổ chức Tỉnh ủy Bắc Ninh [T27.A01]
      Ủy ban nhân dân tỉnh Bắc Ninh [T27.A02] → Sở Nội vụ tỉnh Bắc Ninh [T27.A02.A01]
      Đảng bộ huyện Tân Yên [T27.H01] (until 1 July 2025)
        Đảng bộ xã Tân An [T27.X001]: 3 agency cells, 8 village cells [T27.X001.C01–C11],
          Ủy ban nhân dân xã Tân An [T27.X001.A01] → school and health station [T27.X001.A01.A01–A02]
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np

from danhgia.apps.orgs.models import Sex
from danhgia.apps.orgs.seed.geography import province_named
from danhgia.apps.orgs.seed.people import People
from danhgia.apps.orgs.seed.plan import AgencyPlan, CommunePlan, DistrictPlan, ProvincePlan


@dataclass(frozen=True)
class DemoPerson:
    personnel_code: str
    national_id: str
    full_name: str
    sex: str
    birth_date: date
    description: str
    unit_code: str  # where the person's post or membership is
    persona: str  # the demo login meant to act as this person ("" for none)


DEMO_PEOPLE = (
    DemoPerson("DEMO-0001", "001074000101", "Phạm Thị Dung", Sex.FEMALE, date(1974, 3, 12),
               "Giám đốc Sở Nội vụ, Bí thư Đảng ủy Sở (department director; decides)", "T27.A02.A01", "quyetdinh"),
    DemoPerson("DEMO-0002", "001182000102", "Trần Thị Bình", Sex.FEMALE, date(1982, 9, 4),
               "Bí thư Chi bộ Phòng Công chức - Viên chức (cell secretary)", "T27.D02.D01.C03", "bithu"),
    DemoPerson("DEMO-0003", "001090000103", "Nguyễn Văn An", Sex.MALE, date(1990, 5, 21),
               "Chuyên viên Sở Nội vụ, đảng viên Chi bộ Phòng Công chức - Viên chức (party member)",
               "T27.D02.D01.C03", "dangvien"),
    DemoPerson("DEMO-0004", "001085000104", "Lê Văn Cường", Sex.MALE, date(1985, 11, 2),
               "Chuyên viên Ban Tổ chức Tỉnh ủy (advisory body, verifies)", "T27.A01", "thamdinh"),
    DemoPerson("DEMO-0005", "001070000105", "Hoàng Minh Đức", Sex.MALE, date(1970, 1, 15),
               "Trưởng Ban Tổ chức Tỉnh ủy (organising committee)", "T27.A01", "bantochuc"),
    DemoPerson("DEMO-0006", "001072000106", "Bùi Văn Hùng", Sex.MALE, date(1972, 6, 30),
               "Bí thư Đảng ủy xã Tân An, đảng viên Chi bộ thôn Trung (commune party secretary)", "T27.X001", ""),
    DemoPerson("DEMO-0007", "001178000107", "Vũ Thị Lan", Sex.FEMALE, date(1978, 8, 8),
               "Bí thư Chi bộ thôn Đông (village cell secretary)", "T27.X001.C04", ""),
    DemoPerson("DEMO-0008", "001056000108", "Ngô Văn Bảy", Sex.MALE, date(1956, 2, 19),
               "Đảng viên Chi bộ thôn Đông, miễn sinh hoạt (exempt member)", "T27.X001.C04", ""),
)  # fmt: skip

HUNG_CELL = "T27.X001.C06"  # Chi bộ thôn Trung, where the commune's party secretary is a member
ORGANISING_CELL = "T27.D01.C01"  # Chi bộ Ban Tổ chức Tỉnh ủy: its secretary is the head of the board
HOME_AFFAIRS_COMMITTEE = "T27.D02.D01"  # Đảng bộ Sở Nội vụ: its secretary is the director
DEMO_MARKER = DEMO_PEOPLE[0].personnel_code  # a database holding this person holds the demo registry
VILLAGES = (
    ("thôn Đông", 38), ("thôn Tây", 24), ("thôn Trung", 31), ("thôn Bắc", 17),
    ("thôn Nam", 45), ("thôn Hòa Bình", 12), ("thôn Tân Tiến", 29), ("thôn Phú Mỹ", 22),
)  # fmt: skip
HOME_AFFAIRS_DIVISIONS = (
    "Văn phòng Sở", "Phòng Tổ chức - Biên chế", "Phòng Công chức - Viên chức", "Phòng Chính quyền địa phương",
)  # fmt: skip


def demo_plan() -> ProvincePlan:
    province = province_named("Bắc Ninh")
    label = province.label
    home_affairs = AgencyPlan("department", f"Sở Nội vụ {label}", 64, 52, divisions=HOME_AFFAIRS_DIVISIONS)
    people_committee = AgencyPlan("people_committee", f"Ủy ban nhân dân {label}", 12, 10, [home_affairs])
    commune = CommunePlan(
        "Xã",
        "Tân An",
        AgencyPlan(
            "commune_committee",
            "Ủy ban nhân dân xã Tân An",
            32,
            27,
            [
                AgencyPlan("primary_school", "Trường Tiểu học Tân An", 30, 14),
                AgencyPlan("health_station", "Trạm Y tế xã Tân An", 9, 5),
            ],
        ),
        [(f"Chi bộ {name}", size) for name, size in VILLAGES],
    )
    return ProvincePlan(
        province,
        [AgencyPlan("organising", "Ban Tổ chức Tỉnh ủy Bắc Ninh", 16, 15)],
        people_committee,
        [DistrictPlan("huyện", "Tân Yên", [commune])],
    )


def pin_demo_people(people: People) -> None:
    """Put the fixed people into their places (after the random people and heads are drawn)."""
    layout = people.layout
    agency = {slot.node.code: index for index, slot in enumerate(layout.agencies)}
    cell = {node.code: index for index, node in enumerate(people.cells)}
    org = {o.node.code: index for index, o in enumerate(layout.orgs)}
    dung, binh, an, cuong, duc, hung, lan, bay = DEMO_PEOPLE
    in_cell = np.flatnonzero(people.cell == cell[binh.unit_code])
    in_village = np.flatnonzero(people.cell == cell[lan.unit_code])
    in_organising = np.flatnonzero((people.agency == agency[cuong.unit_code]) & people.is_member)
    in_middle_village = np.flatnonzero(people.cell == cell[HUNG_CELL])
    places = {
        dung: int(people.starts[agency[dung.unit_code]]),
        binh: int(in_cell[0]),
        an: int(in_cell[-1]),
        cuong: int(in_organising[-1]),
        duc: int(people.starts[agency[duc.unit_code]]),
        hung: int(in_middle_village[-1]),
        lan: int(in_village[0]),
        bay: int(in_village[-1]),
    }
    pinned = set(places.values())
    for index in places.values():  # pinned people hold exactly the party posts listed here
        same_cell = np.flatnonzero(people.cell == people.cell[index])
        _replace_in_posts(people, index, int(next(i for i in same_cell if i not in pinned)))
    home_affairs_cell, village = cell[binh.unit_code], cell[lan.unit_code]
    people.cell_head[home_affairs_cell], people.cell_deputy[home_affairs_cell] = places[binh], in_cell[1]
    people.cell_head[village], people.cell_deputy[village] = places[lan], in_village[1]
    people.cell_head[cell[ORGANISING_CELL]] = places[duc]
    people.org_head[org[hung.unit_code]] = places[hung]
    people.org_head[org[HOME_AFFAIRS_COMMITTEE]] = places[dung]
    _tidy(people, pinned)
    for person, index in places.items():
        people.names[index] = person.full_name
        people.national_id[index] = person.national_id
        people.personnel_code[index] = person.personnel_code
        people.female[index] = person.sex == Sex.FEMALE
        people.birth_year[index] = person.birth_date.year
        people.birth[index] = np.datetime64(person.birth_date, "D")
        people.admitted[index] = np.datetime64(date(person.birth_date.year + 24, 5, 19), "D")
        people.official[index] = np.datetime64(date(person.birth_date.year + 25, 5, 19), "D")
        people.joined_cell[index] = np.datetime64("2020-01-01", "D")
        people.active[index] = person is not bay
    people.exempt_pin[places[bay]] = True


def _replace_in_posts(people: People, index: int, substitute: int) -> None:
    """`index` holds no party post: wherever the draw gave it one, `substitute` holds it instead."""
    people.cell_head[people.cell_head == index] = substitute
    people.cell_deputy[people.cell_deputy == index] = substitute
    people.org_head = [substitute if head == index else head for head in people.org_head]
    people.org_deputies = [
        list(dict.fromkeys(substitute if d == index else d for d in deputies)) for deputies in people.org_deputies
    ]


def _tidy(people: People, pinned: set[int]) -> None:
    """Nobody is both secretary and deputy of one organisation after the substitutions."""
    for index in np.flatnonzero(people.cell_deputy == people.cell_head).tolist():
        members = np.flatnonzero(people.cell == index)
        people.cell_deputy[index] = next(m for m in members if m != people.cell_head[index] and m not in pinned)
    people.org_deputies = [
        [d for d in deputies if d != head] for head, deputies in zip(people.org_head, people.org_deputies, strict=True)
    ]
