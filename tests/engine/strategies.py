"""Hypothesis strategies: random valid scenarios that exercise every rule kind of every rule set."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

RULESETS = ("qd132-2018", "qd124-2023", "qd366-2025", "nd335-2025")
UNIT_KINDS = ("party_committee", "grassroots_committee", "grassroots_cell", "cell", "agency", "mass_org")
INDIVIDUAL = ("leader_central", "leader", "staff", "member_outside")
COLLECTIVE = ("organisation", "party_organisation", "leadership_collective")
SCORES = (None, 30, 47, 49.5, 50, 60, 69, 70, 75, 80, 84, 88, 89.9, 90, 92, 95, 100)
GRADES = ("XS", "XS", "T", "T", "T", "TB", "TB", "K")
FORMS = ("reprimand", "warning", "demotion", "removal", "dismissal", "expulsion")
# Period years: inside each rule set's years of application, and outside them (warning period_outside_ruleset).
YEARS_INSIDE = {"qd132-2018": (2021, 2022), "qd124-2023": (2023, 2024), "qd366-2025": (2025,), "nd335-2025": (2026,)}
YEARS_OUTSIDE = {
    "qd132-2018": (2017, 2023, 2024),
    "qd124-2023": (2022, 2025),
    "qd366-2025": (2023, 2024),
    "nd335-2025": (2024, 2025),
}
SICK_MONTHS = (0, 1, 2, 2.5, 2.9, 3, 3, 3.5, 4, 12)
MONTHS_WORKED = (0, 3, 5, 5.5, 5.9, 6, 6, 6.5, 9, 12)
NEW_CONCLUSIONS = ("cadre_work_wrongdoing", "factionalism", "post_buying")


def dates_for(year: int) -> tuple[str, ...]:
    """Dates around the period's year: the quarter and year bounds, and the 6-month eligibility boundaries
    (admitted / formed + 6 calendar months, day clamped, vs. the end of the year and of Q1, Q2, Q3)."""
    p, y, n = year - 1, year, year + 1
    return (
        f"{p}-05-01",
        f"{p}-08-31",  # + 6 months = end of February (clamped)
        f"{p}-09-30",  # Q1: the last date still 6 months before 31 March
        f"{p}-10-01",
        f"{p}-12-31",  # Q2: + 6 months = 30 June (clamped), not after
        f"{y}-01-01",
        f"{y}-03-31",  # Q3: + 6 months = 30 September (clamped), not after; also the end of Q1
        f"{y}-04-01",
        f"{y}-06-10",
        f"{y}-06-30",  # year: + 6 months = 30 December, not after
        f"{y}-07-01",
        f"{y}-08-31",
        f"{y}-10-01",
        f"{y}-12-31",
        f"{n}-02-01",
    )


def in_period_dates(year: int) -> tuple[str, ...]:
    return (f"{year}-01-01", f"{year}-03-31", f"{year}-06-10", f"{year}-08-31")


def maybe(strategy: st.SearchStrategy[Any], p_none: float = 0.5) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy) if p_none else strategy


@st.composite
def tasks(draw: st.DrawFn) -> dict[str, Any]:
    assigned = draw(st.integers(0, 10))
    completed = draw(st.integers(0, assigned)) if draw(st.booleans()) else assigned
    on_time = draw(st.integers(0, completed)) if draw(st.booleans()) else completed
    exceeded = draw(st.integers(0, completed))
    result: dict[str, Any] = {"assigned": assigned, "completed": completed, "on_time": on_time, "exceeded": exceeded}
    if draw(st.booleans()):
        result["key_missed"] = draw(st.integers(0, 2))
    if draw(st.integers(0, 5)) == 0:
        result["force_majeure"] = True
    return result


@st.composite
def discipline_entry(draw: st.DrawFn, year: int, in_period: bool = False) -> dict[str, Any]:
    dates = in_period_dates(year) if in_period else dates_for(year)
    entry: dict[str, Any] = {
        "form": draw(st.sampled_from(FORMS)),
        "system": draw(st.sampled_from(("party", "administrative"))),
        "effective": draw(st.sampled_from(dates)),
        "violation": draw(st.sampled_from(("V1", "V2", "V3"))),
    }
    if draw(st.booleans()):
        entry["self_detected_remedied"] = True
    if draw(st.integers(0, 3)) == 0:
        entry["public_service"] = False
    if draw(st.integers(0, 4)) == 0:
        entry["counted_in_year"] = draw(st.sampled_from((year - 1, year, year + 1)))
    return entry


@st.composite
def conclusions(draw: st.DrawFn, leadership: bool = False) -> dict[str, bool]:
    names = (
        "degradation",
        "prohibited_conduct",
        "exemplary_breach",
        "disunity",
        "corruption_in_led_unit",
        "corruption_in_subordinate",
        "corruption_self_detected",
        *NEW_CONCLUSIONS,
    )
    found = {name: True for name in names if draw(st.integers(0, 9)) == 0}
    if leadership:  # the qd366 leadership-collective conclusions, more often on leadership collectives
        found.update({name: True for name in NEW_CONCLUSIONS if draw(st.integers(0, 4)) == 0})
    return found


def excellent(assigned: int) -> dict[str, Any]:
    """Facts that meet every level-1 condition of every rule set (linkage and quota aside)."""
    return {
        "score": 95,
        "grades": {"politics": "T", "ethics": "XS", "tasks": "XS"},
        "tasks": {"assigned": assigned, "completed": assigned, "on_time": assigned, "exceeded": assigned},
        "shortcomings": {"noted": 1, "remedied": 1},
    }


@st.composite
def common(
    draw: st.DrawFn, sid: str, unit: str, explicit_groups: tuple[str, ...], year: int, leadership: bool = False
) -> dict[str, Any]:
    subject: dict[str, Any] = {"id": sid, "unit": unit}
    if draw(st.integers(0, 2)) == 0:
        subject.update(excellent(draw(st.integers(0, 4))))
        subject["score"] = draw(st.sampled_from((90, 92, 95, 95, 100)))
        if draw(st.booleans()) and explicit_groups:
            subject["quota_group"] = draw(st.sampled_from(explicit_groups))
        return subject
    if draw(st.booleans()) and explicit_groups:
        subject["quota_group"] = draw(st.sampled_from(explicit_groups))
    if draw(st.integers(0, 3)) == 0:
        subject["quota_priority"] = draw(st.integers(-2, 2))
    score = draw(st.sampled_from(SCORES))
    if score is not None:
        subject["score"] = score
    if draw(st.integers(0, 4)) > 0:
        names = draw(st.lists(st.sampled_from(("politics", "ethics", "discipline", "style")), max_size=4, unique=True))
        grades = {name: draw(st.sampled_from(GRADES)) for name in names}
        if draw(st.integers(0, 6)) > 0:
            grades["tasks"] = draw(st.sampled_from(GRADES))
        subject["grades"] = grades
    if draw(st.integers(0, 6)) == 0:
        subject["specific_products"] = False
    if draw(st.integers(0, 3)) > 0:
        subject["tasks"] = draw(tasks())
    if draw(st.booleans()):
        noted = draw(st.integers(0, 3))
        subject["shortcomings"] = {"noted": noted, "remedied": draw(st.integers(0, noted))}
    if draw(st.integers(0, 3)) == 0:
        subject["discipline"] = draw(st.lists(discipline_entry(year), max_size=3))
    found = draw(conclusions(leadership))
    if found:
        subject["conclusions"] = found
    return subject


@st.composite
def absence(draw: st.DrawFn) -> dict[str, Any]:
    """Sick leave around 3 months, months worked around 6, maternity; keys sometimes left to their defaults."""
    result: dict[str, Any] = {}
    if draw(st.integers(0, 4)) > 0:
        result["sick_months"] = draw(st.sampled_from(SICK_MONTHS))
    if draw(st.booleans()):
        result["other_months"] = draw(st.sampled_from((0, 1, 2, 3)))
    if draw(st.integers(0, 2)) == 0:
        result["maternity"] = draw(st.booleans())
    if draw(st.booleans()):
        result["months_worked"] = draw(st.sampled_from(MONTHS_WORKED))
    return result


@st.composite
def individual(draw: st.DrawFn, sid: str, units: list[str], groups: tuple[str, ...], year: int) -> dict[str, Any]:
    subject = draw(common(sid, draw(st.sampled_from(units)), groups, year))
    subject.update(type="individual", category=draw(st.sampled_from(INDIVIDUAL)))
    if draw(st.integers(0, 2)) == 0:
        subject["head_of"] = draw(st.sampled_from(units))
    if draw(st.integers(0, 3)) == 0:
        subject["leads"] = draw(st.lists(st.sampled_from(units), max_size=3))
    if draw(st.integers(0, 2)) > 0:
        membership: dict[str, Any] = {}
        if draw(st.booleans()):
            membership["admitted"] = draw(st.sampled_from(dates_for(year)))
        if draw(st.integers(0, 8)) == 0:
            membership["exempt_from_activities"] = True
        if draw(st.integers(0, 8)) == 0:
            membership["suspended"] = True
        subject["membership"] = membership
    if draw(st.integers(0, 2)) == 0:
        subject["absence"] = draw(absence())
    if draw(st.integers(0, 3)) == 0:
        subject["civil_service_level"] = draw(st.sampled_from(("L1", "L2", "L3", "L4")))
    if draw(st.integers(0, 4)) == 0:
        voters = draw(st.integers(0, 10))
        subject["confidence"] = {"voters": voters, "low": draw(st.integers(0, voters))}
    return subject


@st.composite
def collective(
    draw: st.DrawFn, sid: str, unit: str, category: str, groups: tuple[str, ...], year: int
) -> dict[str, Any]:
    leadership = category == "leadership_collective"
    subject = draw(common(sid, unit, groups, year, leadership))
    subject.update(type="collective", category=category)
    if draw(st.booleans()):
        total = draw(st.integers(0, 10))
        disciplined = draw(st.integers(0, total))
        subject["subordinates"] = {
            "total": total,
            "disciplined": disciplined,
            "disciplined_self_detected": draw(st.integers(0, disciplined)),
        }
    if draw(st.integers(0, 3)) == 0:
        subject["member_discipline"] = draw(st.lists(discipline_entry(year), max_size=3))
    if draw(st.integers(0, 8)) == 0:
        subject["member_degradation"] = True
    if leadership and draw(st.integers(0, 2)) == 0:
        # own discipline of a leadership collective: its unit's organisation is L4 under qd132/qd124
        subject["discipline"] = draw(st.lists(discipline_entry(year, in_period=True), min_size=1, max_size=2))
    if draw(st.integers(0, 3)) == 0:
        subject["formed"] = draw(st.sampled_from((*dates_for(year), "2000-01-01")))
    return subject


@st.composite
def unit_team(draw: st.DrawFn, unit: str, taken: set[tuple[str, str]], year: int) -> list[dict[str, Any]]:
    """A unit's organisation, leadership collective (often with its own discipline) and party organisation,
    and a head of the unit: the head and leadership-collective caps over both collectives. Default groups
    only, so no cycle through a quota group."""
    subjects: list[dict[str, Any]] = []
    for category, short in (("organisation", "ORG"), ("leadership_collective", "LC"), ("party_organisation", "PO")):
        if (unit, category) in taken or draw(st.integers(0, 4)) == 0:
            continue
        taken.add((unit, category))
        subjects.append(draw(collective(f"T-{unit}-{short}", unit, category, (), year)))
    head = draw(individual(f"T-{unit}-HEAD", [unit], (), year))
    head["head_of"] = unit
    head["category"] = draw(st.sampled_from(("leader", "leader", "leader_central", "staff")))
    subjects.append(head)
    return subjects


@st.composite
def cell_team(draw: st.DrawFn, cell: str, units: list[str], groups: tuple[str, ...], year: int) -> list[dict[str, Any]]:
    """A party cell with its party organisation, a head (the secretary) who is a member of the cell, and
    members without `head_of`: the qd132 cell condition leaving out the head, and the head capped by the
    party organisation. The head may share a quota group with the members (no cycle: the cell condition
    reads levels before the quota)."""
    subjects: list[dict[str, Any]] = [draw(collective("K-PO", cell, "party_organisation", (), year))]
    shared = draw(st.sampled_from(groups)) if groups and draw(st.booleans()) else None  # type: ignore[arg-type]
    head = draw(individual("K-HEAD", [cell], (), year))
    head["head_of"] = cell
    head.setdefault("membership", {})
    if shared is not None:
        head["quota_group"] = shared
    subjects.append(head)
    for i in range(draw(st.integers(1, 4))):
        member = draw(individual(f"K-M{i}", [cell], (), year))
        member.pop("head_of", None)
        if draw(st.booleans()):
            member["leads"] = draw(st.lists(st.sampled_from(units), max_size=2))
        if shared is not None and draw(st.booleans()):
            member["quota_group"] = shared
        subjects.append(member)
    return subjects


@st.composite
def scenarios(draw: st.DrawFn, max_subjects: int = 30, ruleset: str | None = None) -> dict[str, Any]:
    ruleset = ruleset or draw(st.sampled_from(RULESETS))
    if draw(st.integers(0, 3)) == 0:
        year = draw(st.sampled_from(YEARS_OUTSIDE[ruleset]))
    else:
        year = draw(st.sampled_from(YEARS_INSIDE[ruleset]))
    if draw(st.integers(0, 4)) == 0:
        period: dict[str, Any] = {"kind": "quarter", "year": year, "quarter": draw(st.integers(1, 3))}
    else:
        period = {"kind": "year", "year": year}
    unit_count = draw(st.integers(1, 6))
    units = []
    for i in range(unit_count):
        parent = draw(st.one_of(st.none(), st.integers(0, i - 1))) if i else None
        units.append(
            {
                "id": f"U{i}",
                "parent": None if parent is None else f"U{parent}",
                "kind": draw(st.sampled_from(UNIT_KINDS)),
            }
        )
    unit_ids: list[str] = [str(u["id"]) for u in units]
    subjects: list[dict[str, Any]] = []
    individual_groups = draw(st.sampled_from(((), ("GI1",), ("GI1", "GI2"))))
    collective_groups = draw(st.sampled_from(((), ("GC1",))))
    taken: set[tuple[str, str]] = set()
    if draw(st.integers(0, 2)) == 0:
        subjects += draw(unit_team(draw(st.sampled_from(unit_ids)), taken, year))
    if draw(st.integers(0, 2)) == 0:
        units.append(
            {
                "id": "K",
                "parent": draw(st.sampled_from((None, "U0"))),
                "kind": draw(st.sampled_from(("grassroots_cell", "cell"))),
            }
        )
        subjects += draw(cell_team("K", unit_ids, individual_groups, year))
    for i in range(draw(st.integers(1, max_subjects))):
        sid = f"S{draw(st.integers(0, 99)):02d}-{i}"
        if draw(st.integers(0, 2)) == 0:
            unit, category = draw(st.sampled_from(unit_ids)), draw(st.sampled_from(COLLECTIVE))
            if (unit, category) in taken:
                continue
            taken.add((unit, category))
            subjects.append(draw(collective(sid, unit, category, collective_groups, year)))
        else:
            subjects.append(draw(individual(sid, unit_ids, individual_groups, year)))
    if draw(st.integers(0, 2)) == 0:
        subjects += draw(crowd(unit_ids[0]))
    scenario: dict[str, Any] = {
        "format": "danhgia-scenario/1",
        "ruleset": ruleset,
        "period": period,
        "units": units,
        "subjects": subjects,
    }
    if ruleset in ("qd366-2025", "nd335-2025") and draw(st.booleans()):
        scenario["quota_exceptions"] = draw(
            st.lists(st.sampled_from(("GI1", "GC1", "nope", "U0/individual/staff")), max_size=2, unique=True)
        )
    return scenario


@st.composite
def crowd(draw: st.DrawFn, unit: str) -> list[dict[str, Any]]:
    """Many similar staff in one explicit group: quota groups that keep some L1 and have ties."""
    people = []
    for i in range(draw(st.integers(6, 30))):
        person: dict[str, Any] = {
            "id": f"C{i:02d}",
            "type": "individual",
            "category": "staff",
            "unit": unit,
            "quota_group": "CROWD",
        }
        person.update(excellent(4))
        person["score"] = draw(st.sampled_from((80, 85, 90, 92, 95)))
        if person["score"] < 90 or draw(st.integers(0, 3)) == 0:
            person["grades"] = {"politics": "T", "tasks": "T"}
        if draw(st.integers(0, 5)) == 0:
            person["quota_priority"] = draw(st.integers(0, 2))
        people.append(person)
    return people
