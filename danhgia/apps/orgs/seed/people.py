"""The people of one province as columns: staff of every agency (heads, deputies, managers, staff; the
first `members` of each agency are party members) and the party members living in the communes.

Person i is a row in every array. Roles, cells and membership dates come first; the party posts (cell
secretaries, committee secretaries) are chosen next; facts.py then adds statuses, discipline, absence
and civil-service results, never to a post holder or a pinned person.
"""

from __future__ import annotations

from datetime import date

import numpy as np

from danhgia.apps.orgs.seed.catalogue import TYPES
from danhgia.apps.orgs.seed.geography import Province
from danhgia.apps.orgs.seed.names import full_names
from danhgia.apps.orgs.seed.tree import START, AgencySlot, Layout, Node

YEAR = 2025  # the year the data describes (discipline, absence, civil-service results)
AS_OF = np.datetime64(f"{YEAR}-12-31")
DAY = np.timedelta64(1, "D")
RESIDENT, HEAD, DEPUTY, MANAGER, STAFF = 0, 1, 2, 3, 4


def days(value: date | str) -> np.datetime64:
    return np.datetime64(value, "D")


def deputies_for(staff: int) -> int:
    return 1 if staff < 15 else 2 if staff < 60 else 3 if staff < 300 else 4


class People:
    def __init__(self, layout: Layout, province: Province, rng: np.random.Generator) -> None:
        self.layout, self.province, self.rng = layout, province, rng
        agencies = layout.agencies
        staff = np.array([a.plan.staff for a in agencies], dtype=np.int64)
        members = np.array([a.plan.members for a in agencies], dtype=np.int64)
        residents = np.array([size for _, size in layout.residents], dtype=np.int64)
        self.n_staff = int(staff.sum())
        self.n = self.n_staff + int(residents.sum())
        self.starts = np.concatenate([[0], np.cumsum(staff)[:-1]]).astype(np.int64)
        self.agency = np.concatenate([np.repeat(np.arange(len(agencies)), staff), np.full(self.n - self.n_staff, -1)])
        slot = np.arange(self.n_staff) - np.repeat(self.starts, staff)
        self._roles(agencies, slot, staff)
        self.is_member = np.concatenate([slot < np.repeat(members, staff), np.ones(self.n - self.n_staff, bool)])
        self.cells: list[Node] = [node for a in agencies for node, _ in a.cells] + [n for n, _ in layout.residents]
        sizes = [size for a in agencies for _, size in a.cells] + residents.tolist()
        self.cell = np.full(self.n, -1, dtype=np.int64)
        self.cell[self.is_member] = np.repeat(np.arange(len(self.cells)), sizes)
        self.cell_sizes = np.array(sizes, dtype=np.int64)
        self._identities()
        self._membership_dates()
        self.personnel_code: list[str | None] = [None] * self.n
        self.active = np.zeros(self.n, bool)  # pinned: no exemption, suspension, discipline or absence
        self.exempt_pin = np.zeros(self.n, bool)  # pinned: exempt
        self._cell_heads()
        self._org_heads()

    def _roles(self, agencies: list[AgencySlot], slot: np.ndarray, staff: np.ndarray) -> None:
        deputies = np.array([deputies_for(a.plan.staff) for a in agencies], dtype=np.int64)
        managers = np.array(
            [a.plan.staff // 12 if TYPES[a.plan.type].manager and a.plan.staff >= 20 else 0 for a in agencies]
        )
        d, m = np.repeat(deputies, staff), np.repeat(managers, staff)
        roles = np.select([slot == 0, slot <= d, slot <= d + m], [HEAD, DEPUTY, MANAGER], STAFF)
        self.role = np.concatenate([roles, np.full(self.n - self.n_staff, RESIDENT)]).astype(np.int8)

    def _identities(self) -> None:
        rng, n, role = self.rng, self.n, self.role
        female_share = np.array([TYPES[a.plan.type].female_share for a in self.layout.agencies] + [0.33])
        share = female_share[self.agency]  # residents: index -1, the last entry
        share = np.select([role == HEAD, role == DEPUTY, role == MANAGER], [0.2, 0.3, 0.4], share)
        self.female = rng.random(n) < share
        staff_year = 1965 + np.floor(rng.beta(2, 2, n) * 38).astype(np.int64)
        years = np.arange(1955, 2004)
        weights = 1 + 2.5 * (2003 - years) / 48
        resident_year = rng.choice(years, size=n, p=weights / weights.sum())
        self.birth_year = np.select(
            [role == RESIDENT, role == HEAD, role == DEPUTY, role == MANAGER],
            [resident_year, rng.integers(1965, 1981, n), rng.integers(1966, 1986, n), rng.integers(1966, 1991, n)],
            staff_year,
        ).astype(np.int64)
        self.birth = (self.birth_year - 1970).astype("datetime64[Y]").astype("datetime64[D]") + rng.integers(
            0, 365, n
        ) * DAY
        self.names = full_names(rng, female=self.female, birth_year=self.birth_year, province=self.province)
        self.national_id = self._national_ids()

    def _national_ids(self) -> list[str]:
        """12 digits: birth-province code, century-and-sex digit, year of birth, six-digit serial."""
        rng, prefixes = self.rng, np.array(self.province.id_prefixes)
        p = np.full(len(prefixes), 0.4 / max(len(prefixes) - 1, 1))
        p[0] = 1.0 if len(prefixes) == 1 else 0.6
        prefix = rng.choice(prefixes, size=self.n, p=p)
        digit = (self.birth_year >= 2000) * 2 + self.female
        bucket = prefix * 1000 + digit * 100 + self.birth_year % 100
        order = np.argsort(bucket, kind="stable")
        sorted_bucket = bucket[order]
        first = np.concatenate([[True], sorted_bucket[1:] != sorted_bucket[:-1]])
        group_start = np.maximum.accumulate(np.where(first, np.arange(self.n), 0))
        rank = np.empty(self.n, dtype=np.int64)
        rank[order] = np.arange(self.n) - group_start
        if rank.max(initial=0) >= 1_000_000:
            raise ValueError("more than a million people born in one province, year and sex")
        serial = (rank * 7919 + bucket * 104729) % 1_000_000  # a bijection of the rank within a bucket
        number = bucket * 1_000_000 + serial
        return [f"{v:012d}" for v in number.tolist()]

    def _membership_dates(self) -> None:
        rng, n = self.rng, self.n
        adult = self.birth + 6575 * DAY
        span = (AS_OF - adult).astype(np.int64)  # days
        admitted = adult + (rng.beta(1.3, 2.5, n) * span).astype(np.int64) * DAY
        leader = (self.role >= HEAD) & (self.role <= MANAGER)
        admitted[leader] = np.maximum(adult[leader], np.minimum(admitted[leader], days(START) - 400 * DAY))
        young = ~leader & (self.birth_year >= 1985) & (rng.random(n) < 0.07)
        admitted[young] = days(f"{YEAR}-01-01") + rng.integers(0, 365, int(young.sum())) * DAY
        self.admitted = admitted
        official = admitted + 365 * DAY
        self.official = np.where(official <= AS_OF, official, np.datetime64("NaT"))
        self.joined_cell = np.maximum(admitted, days(START))

    def _cell_heads(self) -> None:
        """Secretary (and a deputy in cells of 10 or more) of every cell; an agency's only cell is led by its head."""
        members = np.flatnonzero(self.is_member)
        eligible = (self.official <= days(START)) & (self.birth_year >= 1958) & (self.birth_year <= 1997)
        key = self.rng.random(self.n)
        for index, slot in enumerate(self.layout.agencies):
            if len(slot.cells) == 1:
                key[self.starts[index]] = -1.0
                eligible[self.starts[index]] = True
        order = members[np.lexsort((key[members], ~eligible[members], self.cell[members]))]
        first = np.concatenate([[0], np.cumsum(self.cell_sizes)[:-1]])
        self.cell_head = order[first]
        self.cell_deputy = np.where(self.cell_sizes >= 10, order[np.minimum(first + 1, len(order) - 1)], -1)

    def _org_heads(self) -> None:
        rng = self.rng
        eligible = (self.official <= days(START)) & (self.birth_year >= 1958)
        self.org_head: list[int] = []
        self.org_deputies: list[list[int]] = []
        for org in self.layout.orgs:
            pool = np.concatenate(
                [self.starts[a] + np.arange(self.layout.agencies[a].plan.members) for a in org.pool]
            ).astype(np.int64)
            if eligible[pool].any():
                pool = pool[eligible[pool]]
            chosen = [] if org.deputy_agency is None else [int(self.starts[org.deputy_agency])]
            if org.head_agency is not None:
                head = int(self.starts[org.head_agency])
            else:
                free = np.setdiff1d(pool, chosen)
                head = int(rng.choice(free)) if len(free) else int(pool[0])
            rest = np.setdiff1d(pool, [head, *chosen])
            extra = max(0, min(org.deputies - len(chosen), len(rest)))
            deputies = [d for d in chosen if d != head] + rng.choice(rest, size=extra, replace=False).tolist()
            self.org_head.append(head)
            self.org_deputies.append(deputies)

    def post_holders(self) -> np.ndarray:
        held = (self.role >= HEAD) & (self.role <= MANAGER)
        held[self.cell_head] = True
        held[self.cell_deputy[self.cell_deputy >= 0]] = True
        for head, deputies in zip(self.org_head, self.org_deputies, strict=True):
            held[[head, *deputies]] = True
        return held
