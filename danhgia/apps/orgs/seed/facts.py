"""The facts the engine reads, for one province: exemptions and suspensions, discipline, absence and
civil-service results of the year. Post holders are never exempt or suspended; pinned people are never
exempt (unless pinned so), suspended, disciplined or absent.

Shares: ≈ 15 % of party members exempt (mostly older residents), 0.2 % suspended, 1 % disciplined by the
party in the year (reprimand ≫ warning > removal; ≈ 30 % self-detected and remedied; 40 % of disciplined
civil servants also administratively), a few % with absence; civil-service results L1 15 %, L2 70 %,
L3 13 %, L4 2 % (L4 for everyone disciplined administratively).
"""

from __future__ import annotations

import numpy as np

from danhgia.apps.orgs.models import DisciplineForm, DisciplineSystem, MembershipStatusKind
from danhgia.apps.orgs.seed.catalogue import TYPES
from danhgia.apps.orgs.seed.people import AS_OF, DAY, HEAD, MANAGER, RESIDENT, YEAR, People, days
from danhgia.apps.orgs.seed.rows import Ids, TableRows

NAT = np.datetime64("NaT", "D")
YEAR_START = days(f"{YEAR}-01-01")


def emit_facts(people: People, rows: TableRows, ids: Ids, person_ids: np.ndarray, code: str) -> None:
    rng = people.rng
    free = ~people.post_holders() & ~people.active
    exempt = _exemptions(people, rows, ids, person_ids, free)
    free &= ~exempt
    suspended = free & people.is_member & (rng.random(people.n) < 0.002)
    _statuses(people, rows, ids, person_ids, suspended, MembershipStatusKind.SUSPENDED.value, YEAR_START, "QĐ/UBKT")
    eligible = ~people.active & ~exempt & ~suspended  # post holders too: a disciplined head matters
    administrative = _discipline(people, rows, ids, person_ids, eligible, code)
    worked = _absences(people, rows, ids, person_ids, ~people.active)
    _civil_service(people, rows, ids, person_ids, administrative, worked)


def _exemptions(people: People, rows: TableRows, ids: Ids, person_ids: np.ndarray, free: np.ndarray) -> np.ndarray:
    """Exempt from party work and activities: mostly residents over 60, a few staff on long illness."""
    age = YEAR - people.birth_year
    share = np.select([age >= 65, age >= 60, age >= 50], [0.5, 0.35, 0.1], 0.03)
    share = np.where(people.role == RESIDENT, share, 0.01)
    latest = days(f"{YEAR}-10-01")
    official = people.official <= latest
    exempt = (free & people.is_member & official & (people.rng.random(people.n) < share)) | people.exempt_pin
    exempt &= official
    _statuses(people, rows, ids, person_ids, exempt, MembershipStatusKind.EXEMPT.value, days("2015-01-01"), "QĐ/ĐU")
    return exempt


def _statuses(
    people: People,
    rows: TableRows,
    ids: Ids,
    person_ids: np.ndarray,
    mask: np.ndarray,
    kind: str,
    earliest: np.datetime64,
    issuer: str,
) -> None:
    rng, who = people.rng, np.flatnonzero(mask)
    count = len(who)
    low = np.maximum(np.where(np.isnat(people.official[who]), people.admitted[who], people.official[who]), earliest)
    high = np.maximum(low + DAY, days(f"{YEAR}-10-01"))
    start = low + (rng.random(count) * ((high - low) // DAY)).astype(np.int64) * DAY
    if kind == MembershipStatusKind.SUSPENDED:
        end = start + rng.integers(90, 366, count) * DAY
        end[rng.random(count) < 0.3] = NAT
    else:
        end = np.full(count, NAT)
    decisions = [f"{n}-{issuer}" for n in rng.integers(10, 999, count).tolist()]
    rows.add(
        "membershipstatus", ids.many("membershipstatus", count), person_ids[who], [kind] * count, start, end, decisions
    )


def _discipline(
    people: People, rows: TableRows, ids: Ids, person_ids: np.ndarray, free: np.ndarray, code: str
) -> np.ndarray:
    """Party discipline of ≈ 1 % of members; administrative discipline for civil servants; a few collectives.
    Returns who was disciplined administratively."""
    rng, n = people.rng, people.n
    leader = (people.role >= HEAD) & (people.role <= MANAGER)
    party = np.flatnonzero(free & people.is_member & (rng.random(n) < 0.01))
    forms = rng.choice(
        [DisciplineForm.REPRIMAND.value, DisciplineForm.WARNING.value, DisciplineForm.REMOVAL.value],
        size=len(party),
        p=[0.72, 0.23, 0.05],
    ).astype(object)
    forms[(forms == DisciplineForm.REMOVAL.value) & ~leader[party]] = DisciplineForm.WARNING.value
    effective = np.maximum(YEAR_START + rng.integers(0, 365, len(party)) * DAY, people.admitted[party])
    refs = np.array([f"VP-{YEAR}-{code}-{i:06d}" for i in range(1, len(party) + 1)], dtype=object)
    staff = people.role[party] != RESIDENT
    dual = staff & (rng.random(len(party)) < 0.4)
    others = np.flatnonzero(free & ~people.is_member & (people.role != RESIDENT) & (rng.random(n) < 0.006))
    other_forms = rng.choice(
        [
            f.value
            for f in (
                DisciplineForm.REPRIMAND,
                DisciplineForm.WARNING,
                DisciplineForm.DEMOTION,
                DisciplineForm.DISMISSAL,
            )
        ],
        size=len(others),
        p=[0.7, 0.2, 0.07, 0.03],
    ).astype(object)
    other_refs = np.array([f"VP-{YEAR}-{code}-H{i:05d}" for i in range(1, len(others) + 1)], dtype=object)
    later = np.minimum(effective[dual] + rng.integers(7, 60, int(dual.sum())) * DAY, AS_OF)
    who = np.concatenate([party, party[dual], others])
    count = len(who)
    system = [DisciplineSystem.PARTY.value] * len(party) + [DisciplineSystem.ADMINISTRATIVE.value] * (
        count - len(party)
    )
    issuers = ["QĐ/UBKT"] * len(party) + ["QĐ-UBND"] * (count - len(party))
    numbers = rng.integers(10, 999, count).tolist()
    public_service = np.where(people.role[who] == RESIDENT, rng.random(count) < 0.2, rng.random(count) < 0.85)
    rows.add(
        "disciplinerecord",
        ids.many("disciplinerecord", count),
        person_ids[who].astype(object),
        [None] * count,
        np.zeros(count, bool),
        np.concatenate([forms, forms[dual], other_forms]),
        system,
        np.concatenate([effective, later, YEAR_START + rng.integers(0, 365, len(others)) * DAY]),
        np.concatenate([refs, refs[dual], other_refs]),
        rng.random(count) < 0.3,
        public_service,
        [None] * count,
        [f"{number}-{issuer}" for number, issuer in zip(numbers, issuers, strict=True)],
    )
    _collective_discipline(people, rows, ids, code)
    administrative = np.zeros(n, bool)
    administrative[party[dual]] = True
    administrative[others] = True
    return administrative


def _collective_discipline(people: People, rows: TableRows, ids: Ids, code: str) -> None:
    """A reprimand or warning on ≈ 0.3 % of party organisations, half of them on the leadership collective."""
    rng = people.rng
    units = [node for node in people.cells] + [org.node for org in people.layout.orgs if org.node.valid_to is None]
    chosen = np.flatnonzero(rng.random(len(units)) < 0.003)
    count = len(chosen)
    rows.add(
        "disciplinerecord",
        ids.many("disciplinerecord", count),
        [None] * count,
        [units[i].id for i in chosen.tolist()],
        rng.random(count) < 0.5,
        rng.choice([DisciplineForm.REPRIMAND.value, DisciplineForm.WARNING.value], size=count, p=[0.8, 0.2]).astype(
            object
        ),
        [DisciplineSystem.PARTY.value] * count,
        YEAR_START + rng.integers(0, 365, count) * DAY,
        [f"VP-{YEAR}-{code}-T{i:04d}" for i in range(1, count + 1)],
        rng.random(count) < 0.3,
        np.ones(count, bool),
        [None] * count,
        [f"{number}-QĐ/UBKT" for number in rng.integers(10, 999, count).tolist()],
    )


def _absences(people: People, rows: TableRows, ids: Ids, person_ids: np.ndarray, free: np.ndarray) -> np.ndarray:
    """Sick leave (≈ 2.5 %), other absence (≈ 0.5 %), maternity (≈ 7 % of women on the staff aged 22–40).
    Returns the months each person worked in the year."""
    rng, n = people.rng, people.n
    age = YEAR - people.birth_year
    maternity = free & people.female & (people.role != RESIDENT) & (age >= 22) & (age <= 40) & (rng.random(n) < 0.07)
    sick_months = np.array([0.5, 1, 1.5, 2, 3, 4, 6, 9, 12])
    sick = np.where(free & (rng.random(n) < 0.025), rng.choice(sick_months, n, p=_p(20, 20, 12, 12, 10, 8, 8, 5, 5)), 0)
    other = np.where(free & (rng.random(n) < 0.005), rng.choice([1.0, 2.0, 3.0, 6.0], n), 0)
    other = np.minimum(other, 12 - sick)
    worked = np.clip(12 - sick - other - 6 * maternity, 0, 12)
    who = np.flatnonzero(maternity | (sick > 0) | (other > 0))
    count = len(who)
    rows.add(
        "yearabsence",
        ids.many("yearabsence", count),
        person_ids[who],
        np.full(count, YEAR),
        sick[who].astype(float),
        other[who].astype(float),
        maternity[who],
        worked[who].astype(float),
    )
    return np.where(maternity, 12.0, worked)  # maternity leave counts as time worked


def _civil_service(
    people: People, rows: TableRows, ids: Ids, person_ids: np.ndarray, administrative: np.ndarray, worked: np.ndarray
) -> None:
    """The year's state-side result of every civil servant who worked at least six months."""
    staff = np.arange(people.n_staff)
    who = staff[worked[staff] >= 6]
    count = len(who)
    levels = people.rng.choice(np.array(["L1", "L2", "L3", "L4"], dtype=object), count, p=[0.15, 0.70, 0.13, 0.02])
    levels[administrative[who]] = "L4"
    agencies = people.layout.agencies
    deciders = np.array([f"{TYPES[a.plan.type].head} {a.plan.name}" for a in agencies], dtype=object)
    rows.add(
        "civilserviceresult",
        ids.many("civilserviceresult", count),
        person_ids[who],
        np.full(count, YEAR),
        levels,
        deciders[people.agency[who]],
    )


def _p(*weights: float) -> np.ndarray:
    p = np.array(weights, dtype=float)
    return p / p.sum()
