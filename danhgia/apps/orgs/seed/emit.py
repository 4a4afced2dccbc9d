"""People, party and cell memberships and posts of one province, as rows."""

from __future__ import annotations

import numpy as np

from danhgia.apps.orgs.models import CellKind, PostRole, Sex
from danhgia.apps.orgs.seed.catalogue import TYPES
from danhgia.apps.orgs.seed.people import DAY, DEPUTY, HEAD, MANAGER, STAFF, People, days
from danhgia.apps.orgs.seed.rows import Ids, TableRows
from danhgia.apps.orgs.seed.tree import START

NAT = np.datetime64("NaT", "D")


def emit_people(people: People, rows: TableRows, ids: Ids) -> np.ndarray:
    """Person, party-membership, cell-membership and post rows; returns the person ids."""
    n = people.n
    person_ids = ids.many("person", n)
    sex = np.where(people.female, Sex.FEMALE.value, Sex.MALE.value).astype(object)
    rows.add("person", person_ids, people.national_id, people.personnel_code, people.names, people.birth, sex)
    members = np.flatnonzero(people.is_member)
    count = len(members)
    rows.add(
        "partymembership",
        ids.many("partymembership", count),
        person_ids[members],
        people.admitted[members],
        people.official[members],
        [""] * count,
    )
    cell_ids = np.array([node.id for node in people.cells], dtype=np.int64)
    rows.add(
        "cellmembership",
        ids.many("cellmembership", count),
        person_ids[members],
        cell_ids[people.cell[members]],
        [CellKind.OFFICIAL.value] * count,
        people.joined_cell[members],
        np.full(count, NAT),
    )
    _staff_posts(people, rows, ids, person_ids)
    _party_posts(people, rows, ids, person_ids)
    return person_ids


def _staff_posts(people: People, rows: TableRows, ids: Ids, person_ids: np.ndarray) -> None:
    """Every cadre, civil servant and public employee holds a post in their agency."""
    rng, staff = people.rng, people.n_staff
    agencies = people.layout.agencies
    agency, role = people.agency[:staff], people.role[:staff]
    titles = np.empty(staff, dtype=object)
    for key, kind in TYPES.items():
        of_type = np.array([a.plan.type == key for a in agencies], dtype=bool)[agency]
        if not of_type.any():
            continue
        titles[of_type & (role == HEAD)] = kind.head
        titles[of_type & (role == DEPUTY)] = kind.deputy
        titles[of_type & (role == MANAGER)] = kind.manager
        plain = of_type & (role == STAFF)
        titles[plain] = np.array(kind.staff_titles, dtype=object)[rng.integers(0, len(kind.staff_titles), plain.sum())]
    role_names = np.array(
        ["", PostRole.HEAD.value, PostRole.DEPUTY.value, PostRole.MEMBER.value, PostRole.MEMBER.value]
    )
    unit_ids = np.array([a.node.id for a in agencies], dtype=np.int64)[agency]
    collectives = np.array([a.node.collective_id for a in agencies], dtype=object)[agency]
    collectives[role > DEPUTY] = None
    central = np.array([a.centrally_managed for a in agencies], dtype=bool)[agency] & (role == HEAD)
    hired = np.maximum(people.birth[:staff] + 8400 * DAY, days(START))  # from about 23 years of age
    rows.add(
        "post",
        ids.many("post", staff),
        person_ids[:staff],
        unit_ids,
        titles,
        role_names[role].astype(object),
        (role >= HEAD) & (role <= MANAGER),
        central,
        collectives,
        hired,
        np.full(staff, NAT),
    )


def _party_posts(people: People, rows: TableRows, ids: Ids, person_ids: np.ndarray) -> None:
    """Cell secretaries and deputies; secretaries and deputies of the party committees."""
    holders, units, titles, roles, collectives, central, ends = [], [], [], [], [], [], []
    for index, node in enumerate(people.cells):
        pairs = [(people.cell_head[index], "Bí thư Chi bộ", PostRole.HEAD.value)]
        if people.cell_deputy[index] >= 0:
            pairs.append((people.cell_deputy[index], "Phó Bí thư Chi bộ", PostRole.DEPUTY.value))
        for person, title, role in pairs:
            holders.append(person)
            units.append(node.id)
            titles.append(title)
            roles.append(role)
            collectives.append(node.collective_id)
            central.append(False)
            ends.append(node.valid_to)
    for org, head, deputies in zip(people.layout.orgs, people.org_head, people.org_deputies, strict=True):
        for person, title, role in [(head, org.head_title, PostRole.HEAD.value)] + [
            (d, org.deputy_title, PostRole.DEPUTY.value) for d in deputies
        ]:
            holders.append(person)
            units.append(org.node.id)
            titles.append(title)
            roles.append(role)
            collectives.append(org.node.collective_id)
            central.append(org.centrally_managed)
            ends.append(org.node.valid_to)
    who = np.array(holders, dtype=np.int64)
    since = people.official[who]
    since = np.where(np.isnat(since), people.admitted[who], since)
    count = len(who)
    end = np.array([NAT if e is None else np.datetime64(e, "D") for e in ends], dtype="datetime64[D]")
    start = np.maximum(since, days(START))
    start = np.where(np.isnat(end), start, np.minimum(start, end - DAY))
    rows.add(
        "post",
        ids.many("post", count),
        person_ids[who],
        units,
        titles,
        roles,
        np.ones(count, bool),
        np.array(central, dtype=bool),
        collectives,
        start,
        end,
    )
