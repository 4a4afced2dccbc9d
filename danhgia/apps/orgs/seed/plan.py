"""What a province holds before any person exists: agencies with their staff and party members, communes
with their residential party cells, districts (before 1 July 2025). Random plans for the `province` and
`nation` scales; the demo writes its plan by hand (demo.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from danhgia.apps.orgs.seed.catalogue import COMMUNE_AGENCIES, DEPARTMENTS, PARTY_AGENCIES, PUBLIC_UNITS, TYPES
from danhgia.apps.orgs.seed.geography import Province, commune_kinds, district_word, place_names, village_word

CELL_MIN, CELL_MAX = 5, 60


@dataclass
class AgencyPlan:
    type: str  # a key of catalogue.TYPES
    name: str
    staff: int
    members: int  # party members among the staff (at least CELL_MIN)
    children: list[AgencyPlan] = field(default_factory=list)
    divisions: tuple[str, ...] = ()  # party cells of the agency's own party committee; default from the type


@dataclass
class CommunePlan:
    kind: str  # "Xã", "Phường", "Đặc khu"
    name: str
    committee: AgencyPlan  # the commune's People's Committee, with its schools and health station as children
    villages: list[tuple[str, int]]  # residential party cells: name and members

    @property
    def label(self) -> str:
        return f"{self.kind.lower()} {self.name}"


@dataclass
class DistrictPlan:
    word: str  # huyện, quận, thị xã
    name: str
    communes: list[CommunePlan]


@dataclass
class ProvincePlan:
    province: Province
    party_agencies: list[AgencyPlan]
    people_committee: AgencyPlan  # departments as children, public-service units as their children
    districts: list[DistrictPlan]


@dataclass(frozen=True)
class ProvinceTarget:
    province: Province
    members: int  # party members
    staff: int  # cadres, civil servants and public employees
    communes: int | None = None  # fewer communes than the real count (tests)


def agency(rng: np.random.Generator, type_key: str, name: str, *, scale: float = 1.0) -> AgencyPlan:
    kind = TYPES[type_key]
    low, high = kind.staff
    staff = max(CELL_MIN + 1, round(rng.integers(low, high + 1) * scale))
    members = int(np.clip(rng.binomial(staff, kind.party_share), CELL_MIN, staff))
    return AgencyPlan(type_key, name, staff, members)


def cell_sizes(rng: np.random.Generator, members: int) -> list[int]:
    """Split `members` into residential cells of CELL_MIN–CELL_MAX members (12–56 mostly)."""
    if members <= CELL_MAX:
        return [max(members, CELL_MIN)]
    draws = rng.integers(12, 57, size=members // 12 + 2)
    cut = int(np.searchsorted(np.cumsum(draws), members))
    sizes = draws[:cut].tolist()
    rest = members - sum(sizes)
    if rest >= CELL_MIN:
        sizes.append(rest)
    elif rest > 0:
        sizes[-1] -= CELL_MIN - rest
        sizes.append(CELL_MIN)
    return sizes


def province_plan(rng: np.random.Generator, target: ProvinceTarget) -> ProvincePlan:
    province = target.province
    label = province.label
    committee = f"{province.committee_word} {province.short}"
    party_agencies = [
        agency(rng, key, pattern.format(committee=committee, province=label)) for key, pattern in PARTY_AGENCIES
    ]
    people_committee = agency(rng, "people_committee", f"Ủy ban nhân dân {label}")
    departments = [agency(rng, key, f"{name} {label}") for key, name in DEPARTMENTS]
    people_committee.children = departments
    districts = _districts(rng, province, target.communes or province.communes)
    communes = [c for d in districts for c in d.communes]
    fixed = sum(a.staff for a in [*party_agencies, people_committee, *departments])
    local = sum(c.committee.staff + sum(a.staff for a in c.committee.children) for c in communes)
    _public_units(rng, departments, budget=target.staff - fixed - local)
    in_agencies = sum(a.members for a in _all_agencies(party_agencies, people_committee, communes))
    _residents(rng, province, communes, max(target.members - in_agencies, CELL_MIN * len(communes)))
    return ProvincePlan(province, party_agencies, people_committee, districts)


def _all_agencies(
    party_agencies: list[AgencyPlan], people_committee: AgencyPlan, communes: list[CommunePlan]
) -> list[AgencyPlan]:
    found = [*party_agencies]
    stack = [people_committee, *(c.committee for c in communes)]
    while stack:
        plan = stack.pop()
        found.append(plan)
        stack.extend(plan.children)
    return found


def _districts(rng: np.random.Generator, province: Province, count: int) -> list[DistrictPlan]:
    kinds = commune_kinds(province, rng)
    if count < len(kinds):  # a smaller province for tests: keep the mix
        kinds = [kinds[i] for i in np.sort(rng.choice(len(kinds), size=count, replace=False))]
    names = place_names(rng, len(kinds))
    zones = iter(province.special_zones)
    communes = []
    for kind, name in zip(kinds, names, strict=True):
        actual = next(zones) if kind == "Đặc khu" else name
        unit_label = f"{kind.lower()} {actual}"
        committee = agency(rng, "commune_committee", f"Ủy ban nhân dân {unit_label}")
        committee.children = [
            agency(rng, key, pattern.format(commune=unit_label, name=actual)) for key, pattern in COMMUNE_AGENCIES[1:]
        ]
        communes.append(CommunePlan(kind, actual, committee, []))
    district_count = max(1, round(len(communes) / 7))
    district_names = place_names(rng, district_count)
    bounds = np.linspace(0, len(communes), district_count + 1).round().astype(int)
    return [
        DistrictPlan(district_word(province, i), district_names[i], communes[bounds[i] : bounds[i + 1]])
        for i in range(district_count)
    ]


def _public_units(rng: np.random.Generator, departments: list[AgencyPlan], *, budget: int) -> None:
    """Schools, hospitals, health centres and other centres under the departments until `budget` staff."""
    shares = np.array([share for *_, share in PUBLIC_UNITS])
    places = iter(place_names(rng, 3000))
    while budget > 0:
        type_key, department, pattern, _ = PUBLIC_UNITS[rng.choice(len(PUBLIC_UNITS), p=shares / shares.sum())]
        unit = agency(rng, type_key, pattern.format(place=next(places)))
        departments[department].children.append(unit)
        budget -= unit.staff


def _residents(rng: np.random.Generator, province: Province, communes: list[CommunePlan], members: int) -> None:
    """Party members living in the communes (many retired), in residential cells of 5–60."""
    kind_weight = {"Xã": 1.0, "Phường": 0.8, "Đặc khu": 0.25}
    weights = np.array([kind_weight[c.kind] for c in communes]) * rng.lognormal(0, 0.3, len(communes))
    shares = np.floor(members * weights / weights.sum()).astype(int)
    shares[: members - shares.sum()] += 1
    for commune, share in zip(communes, shares.tolist(), strict=True):
        sizes = cell_sizes(rng, max(share, CELL_MIN))
        word = village_word(province, commune.kind)
        if commune.kind == "Phường":
            names = [f"{word} số {i + 1}" for i in range(len(sizes))]
        else:
            names = [f"{word} {name}" for name in place_names(rng, len(sizes))]
        commune.villages = [(f"Chi bộ {name}", size) for name, size in zip(names, sizes, strict=True)]
