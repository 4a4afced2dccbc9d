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
DATES = (
    "2023-05-01",
    "2024-01-01",
    "2024-06-10",
    "2024-12-31",
    "2025-03-31",
    "2025-06-30",
    "2025-07-01",
    "2025-08-31",
    "2025-10-01",
    "2025-12-31",
    "2026-02-01",
    "2026-06-30",
    "2026-12-31",
)


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
def discipline_entry(draw: st.DrawFn) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "form": draw(st.sampled_from(FORMS)),
        "system": draw(st.sampled_from(("party", "administrative"))),
        "effective": draw(st.sampled_from(DATES)),
        "violation": draw(st.sampled_from(("V1", "V2", "V3"))),
    }
    if draw(st.booleans()):
        entry["self_detected_remedied"] = True
    if draw(st.integers(0, 3)) == 0:
        entry["public_service"] = False
    if draw(st.integers(0, 4)) == 0:
        entry["counted_in_year"] = draw(st.sampled_from((2023, 2024, 2025, 2026)))
    return entry


@st.composite
def conclusions(draw: st.DrawFn) -> dict[str, bool]:
    names = (
        "degradation",
        "prohibited_conduct",
        "exemplary_breach",
        "disunity",
        "corruption_in_led_unit",
        "corruption_in_subordinate",
        "corruption_self_detected",
    )
    return {name: True for name in names if draw(st.integers(0, 9)) == 0}


def excellent(assigned: int) -> dict[str, Any]:
    """Facts that meet every level-1 condition of every rule set (linkage and quota aside)."""
    return {
        "score": 95,
        "grades": {"politics": "T", "ethics": "XS", "tasks": "XS"},
        "tasks": {"assigned": assigned, "completed": assigned, "on_time": assigned, "exceeded": assigned},
        "shortcomings": {"noted": 1, "remedied": 1},
    }


@st.composite
def common(draw: st.DrawFn, sid: str, unit: str, explicit_groups: tuple[str, ...]) -> dict[str, Any]:
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
        subject["discipline"] = draw(st.lists(discipline_entry(), max_size=3))
    found = draw(conclusions())
    if found:
        subject["conclusions"] = found
    return subject


@st.composite
def individual(draw: st.DrawFn, sid: str, units: list[str], groups: tuple[str, ...]) -> dict[str, Any]:
    subject = draw(common(sid, draw(st.sampled_from(units)), groups))
    subject.update(type="individual", category=draw(st.sampled_from(INDIVIDUAL)))
    if draw(st.integers(0, 2)) == 0:
        subject["head_of"] = draw(st.sampled_from(units))
    if draw(st.integers(0, 3)) == 0:
        subject["leads"] = draw(st.lists(st.sampled_from(units), max_size=3))
    if draw(st.integers(0, 2)) > 0:
        membership: dict[str, Any] = {}
        if draw(st.booleans()):
            membership["admitted"] = draw(st.sampled_from(DATES))
        if draw(st.integers(0, 8)) == 0:
            membership["exempt_from_activities"] = True
        if draw(st.integers(0, 8)) == 0:
            membership["suspended"] = True
        subject["membership"] = membership
    if draw(st.integers(0, 3)) == 0:
        subject["absence"] = {
            "sick_months": draw(st.sampled_from((0, 1, 2.5, 3, 4))),
            "other_months": draw(st.sampled_from((0, 1, 2))),
            "maternity": draw(st.booleans()),
            "months_worked": draw(st.sampled_from((3, 5.5, 6, 9, 12))),
        }
    if draw(st.integers(0, 3)) == 0:
        subject["civil_service_level"] = draw(st.sampled_from(("L1", "L2", "L3", "L4")))
    if draw(st.integers(0, 4)) == 0:
        voters = draw(st.integers(0, 10))
        subject["confidence"] = {"voters": voters, "low": draw(st.integers(0, voters))}
    return subject


@st.composite
def collective(draw: st.DrawFn, sid: str, unit: str, category: str, groups: tuple[str, ...]) -> dict[str, Any]:
    subject = draw(common(sid, unit, groups))
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
        subject["member_discipline"] = draw(st.lists(discipline_entry(), max_size=3))
    if draw(st.integers(0, 8)) == 0:
        subject["member_degradation"] = True
    return subject


@st.composite
def scenarios(draw: st.DrawFn, max_subjects: int = 30, ruleset: str | None = None) -> dict[str, Any]:
    ruleset = ruleset or draw(st.sampled_from(RULESETS))
    year = {"qd132-2018": 2024, "qd124-2023": 2024, "qd366-2025": 2025, "nd335-2025": 2026}[ruleset]
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
    for i in range(draw(st.integers(1, max_subjects))):
        sid = f"S{draw(st.integers(0, 99)):02d}-{i}"
        if draw(st.integers(0, 2)) == 0:
            unit, category = draw(st.sampled_from(unit_ids)), draw(st.sampled_from(COLLECTIVE))
            if (unit, category) in taken:
                continue
            taken.add((unit, category))
            subjects.append(draw(collective(sid, unit, category, collective_groups)))
        else:
            subjects.append(draw(individual(sid, unit_ids, individual_groups)))
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
