"""Units, their effective-dated links and leadership collectives, built from a province plan.

Every unit starts on 1 January 2020. District-level committees end on 1 July 2025; each commune and its
whole subtree has one link under its district until then and one directly under the province from then
on — the intervals services.unit_move would write, generated directly.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from danhgia.apps.orgs.models import PATH_SEGMENT, UnitKind
from danhgia.apps.orgs.seed.catalogue import TYPES
from danhgia.apps.orgs.seed.plan import CELL_MAX, AgencyPlan, CommunePlan, ProvincePlan
from danhgia.apps.orgs.seed.rows import Ids, TableRows

START = date(2020, 1, 1)
COMMITTEE_MIN = 30  # members a grassroots party committee needs; fewer make a grassroots cell
REFORM = date(2025, 7, 1)


@dataclass
class Node:
    id: int
    code: str
    name: str
    kind: str
    collective_id: int
    placements: list[tuple[int | None, str, date, date | None]]  # parent, path, valid from, valid to
    counters: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    @property
    def valid_to(self) -> date | None:
        return self.placements[-1][3]


@dataclass
class AgencySlot:
    """An agency whose staff the people generator creates; its party members fill `cells` in order."""

    node: Node
    plan: AgencyPlan
    cells: list[tuple[Node, int]]
    centrally_managed: bool = False


@dataclass
class PartyOrg:
    """A party organisation above the cells; head and deputies come from the members of `pool` agencies."""

    node: Node
    head_title: str
    deputy_title: str
    deputies: int
    pool: list[int]  # indices into Layout.agencies
    head_agency: int | None = None  # that agency's head heads the organisation
    deputy_agency: int | None = None  # that agency's head is the first deputy
    centrally_managed: bool = False


@dataclass
class Layout:
    agencies: list[AgencySlot] = field(default_factory=list)
    residents: list[tuple[Node, int]] = field(default_factory=list)  # residential cells and their members
    orgs: list[PartyOrg] = field(default_factory=list)
    root: Node | None = None


class Tree:
    def __init__(self, rows: TableRows, ids: Ids) -> None:
        self.rows, self.ids = rows, ids

    def unit(
        self,
        code: str,
        name: str,
        kind: str,
        collective: str,
        parents: list[tuple[Node | None, date, date | None]],
        dissolved_on: date | None = None,
    ) -> Node:
        """A unit under each parent for the given interval (each inside one of the parent's intervals)."""
        unit_id = self.ids.one("unit")
        segment = str(unit_id).zfill(PATH_SEGMENT)
        placements: list[tuple[int | None, str, date, date | None]] = []
        for parent, start, end in parents:
            prefix = "" if parent is None else _covering_path(parent, start, end)
            placements.append((None if parent is None else parent.id, prefix + segment, start, end))
        self.rows.add_row("unit", unit_id, code, name, kind, None, dissolved_on)
        for parent_id, path, start, end in placements:
            depth = len(path) // PATH_SEGMENT - 1
            self.rows.add_row("unitlink", self.ids.one("unitlink"), unit_id, parent_id, path, depth, start, end)
        collective_id = self.ids.one("leadershipcollective")
        self.rows.add_row("leadershipcollective", collective_id, unit_id, collective)
        return Node(unit_id, code, name, kind, collective_id, placements)

    def child(self, parent: Node, tag: str, name: str, kind: str, collective: str) -> Node:
        """A unit under `parent` for as long as the parent exists, wherever the parent sits."""
        parent.counters[tag] += 1
        code = f"{parent.code}.{tag}{parent.counters[tag]:02d}"
        parents: list[tuple[Node | None, date, date | None]] = [(parent, s, e) for _, _, s, e in parent.placements]
        return self.unit(code, name, kind, collective, parents)


def _covering_path(parent: Node, start: date, end: date | None) -> str:
    for _, path, s, e in parent.placements:
        if s <= start and (e is None or (end is not None and end <= e)):
            return path
    raise ValueError(f"{parent.code} has no interval covering {start}–{end}")


def build_province(tree: Tree, plan: ProvincePlan, code: str, parent: Node | None, layout: Layout) -> Node:
    """The province's units under `parent` (None: the province is the root); fills `layout`."""
    province = plan.province
    label, word = province.label, province.committee_word
    root = tree.unit(
        code, f"Đảng bộ {label}", UnitKind.PARTY_COMMITTEE, f"Ban Thường vụ {word} {province.short}",
        [(parent, START, None)],
    )  # fmt: skip
    party_sector = tree.child(
        root, "D", f"Đảng bộ các cơ quan Đảng {label}", UnitKind.PARTY_COMMITTEE,
        f"Ban Thường vụ Đảng ủy các cơ quan Đảng {label}",
    )  # fmt: skip
    government_sector = tree.child(
        root, "D", f"Đảng bộ Ủy ban nhân dân {label}", UnitKind.PARTY_COMMITTEE,
        f"Ban Thường vụ Đảng ủy Ủy ban nhân dân {label}",
    )  # fmt: skip
    party_pool = [_agency(tree, layout, a, root, party_sector) for a in plan.party_agencies]
    people_committee = _agency(tree, layout, plan.people_committee, root, government_sector, "Văn phòng ")
    layout.agencies[people_committee].centrally_managed = True
    departments = []
    for department in plan.people_committee.children:
        index = _agency(tree, layout, department, layout.agencies[people_committee].node, government_sector)
        departments.append(index)
        for unit in department.children:
            _agency(tree, layout, unit, layout.agencies[index].node, government_sector)
    layout.orgs += [
        PartyOrg(root, f"Bí thư {word}", f"Phó Bí thư {word}", 2, party_pool, None, people_committee, True),
        PartyOrg(party_sector, "Bí thư Đảng ủy", "Phó Bí thư Đảng ủy", 1, party_pool),
        PartyOrg(government_sector, "Bí thư Đảng ủy", "Phó Bí thư Đảng ủy", 2, departments, people_committee),
    ]
    for district in plan.districts:
        committee_word = {"huyện": "Huyện ủy", "quận": "Quận ủy", "thị xã": "Thị ủy"}[district.word]
        root.counters["H"] += 1
        node = tree.unit(
            f"{code}.H{root.counters['H']:02d}", f"Đảng bộ {district.word} {district.name}", UnitKind.PARTY_COMMITTEE,
            f"Ban Thường vụ {committee_word} {district.name}", [(root, START, REFORM)], dissolved_on=REFORM,
        )  # fmt: skip
        pool = [_commune(tree, layout, commune, code, root, node) for commune in district.communes]
        layout.orgs.append(PartyOrg(node, f"Bí thư {committee_word}", f"Phó Bí thư {committee_word}", 2, pool))
    return root


def _commune(tree: Tree, layout: Layout, commune: CommunePlan, code: str, root: Node, district: Node) -> int:
    """The commune's party committee (under the district, then the province), cells and agencies."""
    root.counters["X"] += 1
    node = tree.unit(
        f"{code}.X{root.counters['X']:03d}", f"Đảng bộ {commune.label}", UnitKind.GRASSROOTS_COMMITTEE,
        f"Ban Thường vụ Đảng ủy {commune.label}", [(district, START, REFORM), (root, REFORM, None)],
    )  # fmt: skip
    committee = _agency(tree, layout, commune.committee, node, node)
    for school in commune.committee.children:
        _agency(tree, layout, school, layout.agencies[committee].node, node)
    for name, size in commune.villages:
        cell = tree.child(node, "C", name, UnitKind.CELL, f"Chi ủy {name}")
        layout.residents.append((cell, size))
    layout.orgs.append(PartyOrg(node, "Bí thư Đảng ủy", "Phó Bí thư Đảng ủy", 2, [committee], deputy_agency=committee))
    return committee


def _agency(tree: Tree, layout: Layout, plan: AgencyPlan, parent: Node, party_parent: Node, prefix: str = "") -> int:
    """The agency under `parent` and its party organisation under `party_parent`; returns its index."""
    kind = TYPES[plan.type]
    node = tree.child(parent, "A", plan.name, UnitKind.AGENCY, f"{kind.collective} {plan.name}")
    base = prefix + plan.name
    cells: list[tuple[Node, int]] = []
    index = len(layout.agencies)
    divisions = plan.divisions or kind.divisions
    in_commune = party_parent.kind == UnitKind.GRASSROOTS_COMMITTEE
    if in_commune or (plan.members <= CELL_MAX and (not divisions or plan.members < COMMITTEE_MIN)):
        single = UnitKind.CELL if in_commune else UnitKind.GRASSROOTS_CELL
        count = math.ceil(plan.members / CELL_MAX)
        for i, size in enumerate(_even(plan.members, count)):
            name = f"Chi bộ {base}" + (f" số {i + 1}" if count > 1 else "")
            cells.append((tree.child(party_parent, "C", name, single, f"Chi ủy {name}"), size))
    else:
        org = tree.child(
            party_parent, "D", f"Đảng bộ {base}", UnitKind.GRASSROOTS_COMMITTEE, f"Ban Thường vụ Đảng ủy {base}"
        )
        count = max(math.ceil(plan.members / 55), min(len(divisions), plan.members // 12), 2)
        for i, size in enumerate(_even(plan.members, count)):
            name = f"Chi bộ {divisions[i % len(divisions)]}" if divisions else f"Chi bộ số {i + 1}"
            if divisions and i >= len(divisions):
                name += f" {i // len(divisions) + 1}"
            cells.append((tree.child(org, "C", name, UnitKind.CELL, f"Chi ủy {name}"), size))
        layout.orgs.append(PartyOrg(org, "Bí thư Đảng ủy", "Phó Bí thư Đảng ủy", 1, [index], head_agency=index))
    layout.agencies.append(AgencySlot(node, plan, cells))
    return index


def _even(total: int, parts: int) -> list[int]:
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]
