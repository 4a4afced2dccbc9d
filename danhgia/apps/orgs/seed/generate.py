"""The synthetic registry, one chunk of rows at a time (the demo; one province; or the country province by
province, so memory stays bounded). Deterministic: the same scale and seed give the same rows, ids
included, every time.

Scales:
- demo: one commune party committee and one provincial department of Bắc Ninh (demo.py), ≈ 380 people;
- province: Bắc Ninh with ≈ 200,000 party members and ≈ 71,000 civil servants, all its 99 communes;
- nation: the central root, 34 provinces and 3,321 communes, ≈ 5.6 M party members and ≈ 2 M cadres,
  civil servants and public employees (many of them party members).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import numpy as np

from danhgia.apps.orgs.models import UnitKind
from danhgia.apps.orgs.seed.demo import demo_plan, pin_demo_people
from danhgia.apps.orgs.seed.emit import emit_people
from danhgia.apps.orgs.seed.facts import emit_facts
from danhgia.apps.orgs.seed.geography import PARTY_DENSITY, PROVINCES, REORGANISATION_PROVINCE, province_named
from danhgia.apps.orgs.seed.people import People
from danhgia.apps.orgs.seed.plan import ProvincePlan, ProvinceTarget, province_plan
from danhgia.apps.orgs.seed.rows import Ids, TableRows
from danhgia.apps.orgs.seed.tree import START, Layout, Node, PartyOrg, Tree, build_province

SCALES = ("demo", "province", "nation")
NATION_MEMBERS = 5_600_000
NATION_STAFF = 2_000_000
PROVINCE_MEMBERS = 200_000


@dataclass(frozen=True)
class Scale:
    name: str
    targets: tuple[ProvinceTarget, ...]  # empty for the demo
    central_root: bool = False


def scale_named(name: str) -> Scale:
    if name == "demo":
        return Scale("demo", ())
    if name == "province":
        staff = round(PROVINCE_MEMBERS * NATION_STAFF / NATION_MEMBERS)
        return Scale("province", (ProvinceTarget(province_named(REORGANISATION_PROVINCE), PROVINCE_MEMBERS, staff),))
    if name == "nation":
        return Scale("nation", nation_targets(), central_root=True)
    raise ValueError(f"unknown scale {name!r}; expected one of {', '.join(SCALES)}")


def nation_targets() -> tuple[ProvinceTarget, ...]:
    """Members follow population weighted by regional party density; staff follow population."""
    population = np.array([p.population for p in PROVINCES])
    density = population * np.array([PARTY_DENSITY[p.region] for p in PROVINCES])
    members = _apportion(NATION_MEMBERS, density)
    staff = _apportion(NATION_STAFF, population)
    return tuple(ProvinceTarget(p, m, s) for p, m, s in zip(PROVINCES, members, staff, strict=True))


def _apportion(total: int, weights: np.ndarray) -> list[int]:
    shares = np.floor(total * weights / weights.sum()).astype(int)
    shares[: total - shares.sum()] += 1
    return [int(s) for s in shares.tolist()]


def generate(scale: Scale, seed: int) -> Iterator[TableRows]:
    """Chunks of rows in load order: each chunk's rows refer only to its own rows and earlier chunks'."""
    ids = Ids()
    streams = np.random.SeedSequence(seed).spawn(max(len(scale.targets), 1))
    if scale.name == "demo":
        yield _province_chunk(ids, np.random.default_rng(streams[0]), demo_plan(), central=None, demo=True)
        return
    central: Node | None = None
    for index, target in enumerate(scale.targets):
        rng = np.random.default_rng(streams[index])
        rows = TableRows()
        if scale.central_root and central is None:
            central = Tree(rows, ids).unit(
                "TW", "Trung ương", UnitKind.PARTY_COMMITTEE, "Bộ Chính trị", [(None, START, None)]
            )
        yield _province_chunk(ids, rng, province_plan(rng, target), central=central, rows=rows, heads_centre=index == 0)


def _province_chunk(
    ids: Ids,
    rng: np.random.Generator,
    plan: ProvincePlan,
    *,
    central: Node | None,
    rows: TableRows | None = None,
    demo: bool = False,
    heads_centre: bool = False,
) -> TableRows:
    rows = rows if rows is not None else TableRows()
    layout = Layout()
    code = f"T{plan.province.code:02d}"
    build_province(Tree(rows, ids), plan, code, central, layout)
    if heads_centre and central is not None:  # the central root's posts go to members of this province
        party_agencies = list(range(len(plan.party_agencies)))
        layout.orgs.append(
            PartyOrg(central, "Tổng Bí thư", "Thường trực Ban Bí thư", 1, party_agencies, None, None, True)
        )
    people = People(layout, plan.province, rng)
    if demo:
        pin_demo_people(people)
    person_ids = emit_people(people, rows, ids)
    emit_facts(people, rows, ids, person_ids, code)
    rows.flush()
    return rows


def custom_scale(targets: Sequence[ProvinceTarget]) -> Scale:
    """A scale of one's own (tests: a medium-sized province)."""
    return Scale("custom", tuple(targets))
