"""Naive, independent reference implementation of the classification engine.

Written from the contract in ``shared/scenarios/FORMAT.md`` only (including its Revision 2). It
serves as the "one dict at a time" baseline of the benchmark and as a test oracle for differential
testing against the real (columnar) engine.

Interface::

    classify_naive(scenario: dict) -> dict     # danhgia-scenario/1 -> danhgia-result/1

Bad input (FORMAT §1: unknown or missing fields, wrong JSON types, values out of range, integers
beyond ±1,000,000,000, ids with control characters, dangling references, a period year outside
1-9999, a non-empty ``quota_exceptions`` under ``qd132-2018``/``qd124-2023``, ...) is raised as
``ValueError`` whose message names the offending place; a dependency cycle (FORMAT §3.6) is a
``ValueError`` whose message starts with ``"cycle: "``.

Style: plain Python, every subject is a dict handled on its own, in dependency order;
every ratio or threshold is compared with ``fractions.Fraction`` or integers.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections import deque
from collections.abc import Callable
from fractions import Fraction
from typing import Any

Subject = dict[str, Any]
Hit = Callable[[str, str], None]  # records a disqualifier: (code, detail)
Reason = dict[str, str]
Node = tuple[str, str]  # ("pre" | "settle" | "final", subject id or group)

QD132, QD124, QD366, ND335 = "qd132-2018", "qd124-2023", "qd366-2025", "nd335-2025"
SCORE_BASED = {QD366, ND335}
PARTY_RULESETS = {QD132, QD124, QD366}
EXCEPTION_RATIO_RULESETS = {QD366, ND335}

# FORMAT §2 (R6): the years each rule set applies to, (first, last); None = no end
RULESET_YEARS: dict[str, tuple[int, int | None]] = {
    QD132: (2018, 2022),
    QD124: (2023, 2024),
    QD366: (2025, None),
    ND335: (2026, None),
}

GRADE_RANK = {"K": 0, "TB": 1, "T": 2, "XS": 3}
FORM_RANK = {"reprimand": 0, "warning": 1, "demotion": 2, "removal": 3, "dismissal": 4, "expulsion": 5}
LEADER_CATEGORIES = {"leader", "leader_central"}
CELL_KINDS = {"grassroots_cell", "cell"}
COMMITTEE_KINDS = {"grassroots_committee", "party_committee"}
UNIT_KINDS = {"party_committee", "grassroots_committee", "grassroots_cell", "cell", "agency", "mass_org"}
CATEGORIES = {
    "individual": {"leader_central", "leader", "staff", "member_outside"},
    "collective": {"organisation", "party_organisation", "leadership_collective"},
}
CONCLUSIONS = {
    "degradation",
    "prohibited_conduct",
    "exemplary_breach",
    "disunity",
    "corruption_in_led_unit",
    "corruption_in_subordinate",
    "corruption_self_detected",
    "cadre_work_wrongdoing",
    "factionalism",
    "post_buying",
}

INSTRUMENT = {
    QD132: "QĐ 132-QĐ/TW, HD 21-HD/BTCTW",
    QD124: "QĐ 124-QĐ/TW, HD 25-HD/BTCTW",
    QD366: "QĐ 366-QĐ/TW, HD 43-HD/BTCTW",
    ND335: "NĐ 335/2025/NĐ-CP",
}

HALF = Fraction(1, 2)
INTEGER_LIMIT = 1_000_000_000
LAST_YEAR = 9999  # datetime.date cannot go further; a date past 9999-12-31 is after every period end


# --------------------------------------------------------------------------- helpers


def level_name(level: int | None) -> str | None:
    return None if level is None else f"L{level}"


def parse_date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Calendar months, with the day clamped to the last day of the target month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def six_months_later_is_after(text: str, end: datetime.date) -> bool:
    """`text` + 6 calendar months (day clamped) falls after `end` (FORMAT §3.1).

    A date past 9999-12-31 cannot be built, but is after every period end."""
    day = parse_date(text)
    if (day.year * 12 + (day.month - 1) + 6) // 12 > LAST_YEAR:
        return True
    return add_months(day, 6) > end


def period_bounds(period: dict[str, Any]) -> tuple[datetime.date, datetime.date]:
    year = period["year"]
    if period["kind"] == "year":
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    quarter = period["quarter"]
    first_month, last_month = 3 * quarter - 2, 3 * quarter
    last_day = calendar.monthrange(year, last_month)[1]
    return datetime.date(year, first_month, 1), datetime.date(year, last_month, last_day)


def share(num: int, den: int) -> Fraction | None:
    """num/den as an exact fraction, or None for a zero denominator (never triggers)."""
    if den == 0:
        return None
    return Fraction(num, den)


def is_leader(subject: Subject) -> bool:
    return subject["type"] == "individual" and subject["category"] in LEADER_CATEGORIES


def is_party_member(subject: Subject) -> bool:
    return subject["type"] == "individual" and "membership" in subject


def led_units(subject: Subject) -> list[str]:
    """`leads` plus `head_of`, without duplicates, in a stable order."""
    units: list[str] = []
    for unit in [*(subject.get("leads") or []), subject.get("head_of")]:
        if unit is not None and unit not in units:
            units.append(unit)
    return units


def score_of(subject: Subject) -> Fraction | None:
    score = subject.get("score")
    return None if score is None else Fraction(score)


def grades_of(subject: Subject) -> dict[str, str]:
    return subject.get("grades") or {}


def xs_count(subject: Subject) -> int:
    return sum(1 for grade in grades_of(subject).values() if grade == "XS")


# -- tasks (a subject with no tasks, or assigned == 0, satisfies every task condition)


def tasks_all_done(tasks: dict | None) -> bool:
    return tasks is None or tasks["completed"] == tasks["assigned"]


def tasks_on_time(tasks: dict | None) -> bool:
    return tasks is None or tasks["on_time"] == tasks["assigned"]


def tasks_exceeded_at_least(tasks: dict | None, minimum: Fraction) -> bool:
    if tasks is None:
        return True
    ratio = share(tasks["exceeded"], tasks["assigned"])
    return ratio is None or ratio >= minimum


def tasks_late_at_most(tasks: dict | None, maximum: Fraction) -> bool:
    if tasks is None:
        return True
    ratio = share(tasks["completed"] - tasks["on_time"], tasks["assigned"])
    return ratio is None or ratio <= maximum


def low_completion(tasks: dict | None) -> bool:
    """qd132/qd124: completed/assigned < 50 % with key_missed > 0 and no force majeure."""
    if tasks is None:
        return False
    ratio = share(tasks["completed"], tasks["assigned"])
    if ratio is None:
        return False
    return ratio < HALF and tasks.get("key_missed", 0) > 0 and not tasks.get("force_majeure", False)


def completed_below_half(tasks: dict | None) -> bool:
    """qd366 individual: completed/assigned < 50 % (no other condition)."""
    if tasks is None:
        return False
    ratio = share(tasks["completed"], tasks["assigned"])
    return ratio is not None and ratio < HALF


def weak(tasks: dict | None) -> bool:
    """qd366: tasks with assigned > 0 and (completed/assigned < 70 % or key_missed > 0), no force majeure."""
    if tasks is None or tasks["assigned"] <= 0:
        return False
    if tasks.get("force_majeure", False):
        return False
    ratio = Fraction(tasks["completed"], tasks["assigned"])
    return ratio < Fraction(7, 10) or tasks.get("key_missed", 0) > 0


# --------------------------------------------------------------------------- bad input (FORMAT §1)

DATE_PATTERN = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def bad(where: str, what: str) -> None:
    raise ValueError(f"bad input: {where}: {what}")


def is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def is_one_of(value: Any, allowed: Any) -> bool:
    """A string among `allowed` (checked as a string first: a list or object is never a member)."""
    return isinstance(value, str) and value in allowed


def is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def check_integers_in_range(value: Any, where: str) -> None:
    """R7: every JSON integer anywhere in the input lies within ±1,000,000,000."""
    if is_int(value):
        if not -INTEGER_LIMIT <= value <= INTEGER_LIMIT:
            bad(where, f"integer {value} is outside ±1,000,000,000")
    elif isinstance(value, dict):
        for key, item in value.items():
            check_integers_in_range(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            check_integers_in_range(item, f"{where}[{index}]")


def check_fields(obj: Any, where: str, required: set[str], optional: set[str]) -> dict[str, Any]:
    if not isinstance(obj, dict):
        bad(where, "must be an object")
    for key in obj:
        if key not in required and key not in optional:
            bad(f"{where}.{key}", "unknown field")
    for key in sorted(required):
        if key not in obj:
            bad(where, f"missing required field {key!r}")
    return obj


def check_id(value: Any, where: str) -> None:
    """R7: an id is a string without control characters (U+0000-U+001F, U+007F-U+009F)."""
    if not isinstance(value, str):
        bad(where, "must be a string id")
    for char in value:
        if ord(char) <= 0x1F or 0x7F <= ord(char) <= 0x9F:
            bad(where, f"id {value!r} contains the control character U+{ord(char):04X}")


def check_count(value: Any, where: str) -> None:
    if not is_int(value):
        bad(where, "must be a JSON integer")
    if value < 0:
        bad(where, "must be ≥ 0")


def check_bool(value: Any, where: str) -> None:
    if not isinstance(value, bool):
        bad(where, "must be true or false")


def check_date(value: Any, where: str) -> None:
    if not isinstance(value, str) or not DATE_PATTERN.fullmatch(value):
        bad(where, "must be a date YYYY-MM-DD")
    try:
        parse_date(value)
    except ValueError:
        bad(where, f"{value!r} is not a calendar date")


def check_unit_ref(value: Any, where: str, unit_ids: set[str]) -> None:
    check_id(value, where)
    if value not in unit_ids:
        bad(where, f"no unit {value!r}")


def check_months(absence: dict[str, Any], where: str) -> None:
    for key in ("sick_months", "other_months", "months_worked"):
        if key in absence:
            value = absence[key]
            if not is_number(value):
                bad(f"{where}.{key}", "must be a number")
            if not 0 <= value <= 12:
                bad(f"{where}.{key}", f"{value} is outside 0-12")
    if "maternity" in absence:
        check_bool(absence["maternity"], f"{where}.maternity")


def check_discipline(entries: Any, where: str) -> None:
    if not isinstance(entries, list):
        bad(where, "must be a list")
    for index, entry in enumerate(entries):
        at = f"{where}[{index}]"
        check_fields(
            entry,
            at,
            {"form", "effective", "violation"},
            {"system", "self_detected_remedied", "public_service", "counted_in_year"},
        )
        if not is_one_of(entry["form"], FORM_RANK):
            bad(f"{at}.form", f"unknown form {entry['form']!r}")
        if "system" in entry and not is_one_of(entry["system"], ("party", "administrative")):
            bad(f"{at}.system", f"unknown system {entry['system']!r}")
        check_date(entry["effective"], f"{at}.effective")
        check_id(entry["violation"], f"{at}.violation")
        for key in ("self_detected_remedied", "public_service"):
            if key in entry:
                check_bool(entry[key], f"{at}.{key}")
        if entry.get("counted_in_year") is not None and not is_int(entry["counted_in_year"]):
            bad(f"{at}.counted_in_year", "must be a JSON integer or null")


SUBJECT_COMMON = {
    "id",
    "type",
    "category",
    "unit",
    "quota_group",
    "quota_priority",
    "score",
    "grades",
    "specific_products",
    "tasks",
    "shortcomings",
    "discipline",
    "conclusions",
}
SUBJECT_ONLY = {
    "individual": {"head_of", "leads", "membership", "absence", "civil_service_level", "confidence"},
    "collective": {"subordinates", "member_discipline", "member_degradation", "formed"},
}


def check_subject(subject: Any, where: str, unit_ids: set[str]) -> None:
    if not isinstance(subject, dict):
        bad(where, "must be an object")
    if "id" in subject:
        check_id(subject["id"], f"{where}.id")
        where = f"subject {subject['id']!r}"
    kind = subject.get("type")
    if not is_one_of(kind, CATEGORIES):
        bad(f"{where}.type", f"must be 'individual' or 'collective', not {kind!r}")
    check_fields(subject, where, {"id", "type", "category", "unit"}, SUBJECT_COMMON | SUBJECT_ONLY[kind])
    if not is_one_of(subject["category"], CATEGORIES[kind]):
        bad(f"{where}.category", f"{subject['category']!r} is not a category of type {kind!r}")
    check_unit_ref(subject["unit"], f"{where}.unit", unit_ids)
    if "quota_group" in subject:
        check_id(subject["quota_group"], f"{where}.quota_group")
    if "quota_priority" in subject and not is_int(subject["quota_priority"]):
        bad(f"{where}.quota_priority", "must be a JSON integer")
    if "score" in subject:
        if not is_number(subject["score"]):
            bad(f"{where}.score", "must be a number")
        if not 0 <= subject["score"] <= 100:
            bad(f"{where}.score", f"{subject['score']} is outside 0-100")
    if "grades" in subject:
        if not isinstance(subject["grades"], dict):
            bad(f"{where}.grades", "must be an object")
        for criterion, grade in subject["grades"].items():
            if not is_one_of(grade, GRADE_RANK):
                bad(f"{where}.grades.{criterion}", f"unknown grade {grade!r}")
    for key in ("specific_products", "member_degradation"):
        if key in subject:
            check_bool(subject[key], f"{where}.{key}")
    if "tasks" in subject:
        tasks = check_fields(
            subject["tasks"],
            f"{where}.tasks",
            {"assigned", "completed", "on_time", "exceeded"},
            {"key_missed", "force_majeure"},
        )
        for key in ("assigned", "completed", "on_time", "exceeded", "key_missed"):
            if key in tasks:
                check_count(tasks[key], f"{where}.tasks.{key}")
        if "force_majeure" in tasks:
            check_bool(tasks["force_majeure"], f"{where}.tasks.force_majeure")
        if not tasks["on_time"] <= tasks["completed"] <= tasks["assigned"]:
            bad(f"{where}.tasks", "needs on_time ≤ completed ≤ assigned")
        if tasks["exceeded"] > tasks["completed"]:
            bad(f"{where}.tasks.exceeded", "exceeded > completed")
    if "shortcomings" in subject:
        short = check_fields(subject["shortcomings"], f"{where}.shortcomings", {"noted", "remedied"}, set())
        check_count(short["noted"], f"{where}.shortcomings.noted")
        check_count(short["remedied"], f"{where}.shortcomings.remedied")
        if short["remedied"] > short["noted"]:
            bad(f"{where}.shortcomings.remedied", "remedied > noted")
    for key in ("discipline", "member_discipline"):
        if key in subject:
            check_discipline(subject[key], f"{where}.{key}")
    if "conclusions" in subject:
        found = check_fields(subject["conclusions"], f"{where}.conclusions", set(), CONCLUSIONS)
        for key, value in found.items():
            check_bool(value, f"{where}.conclusions.{key}")
    if "head_of" in subject:
        check_unit_ref(subject["head_of"], f"{where}.head_of", unit_ids)
    if "leads" in subject:
        if not isinstance(subject["leads"], list):
            bad(f"{where}.leads", "must be a list of unit ids")
        for index, unit in enumerate(subject["leads"]):
            check_unit_ref(unit, f"{where}.leads[{index}]", unit_ids)
    if "membership" in subject:
        membership = check_fields(
            subject["membership"], f"{where}.membership", set(), {"admitted", "exempt_from_activities", "suspended"}
        )
        if "admitted" in membership:
            check_date(membership["admitted"], f"{where}.membership.admitted")
        for key in ("exempt_from_activities", "suspended"):
            if key in membership:
                check_bool(membership[key], f"{where}.membership.{key}")
    if "absence" in subject:
        absence = check_fields(
            subject["absence"], f"{where}.absence", set(), {"sick_months", "other_months", "maternity", "months_worked"}
        )
        check_months(absence, f"{where}.absence")
    if "civil_service_level" in subject and not is_one_of(subject["civil_service_level"], ("L1", "L2", "L3", "L4")):
        bad(f"{where}.civil_service_level", f"unknown level {subject['civil_service_level']!r}")
    if "confidence" in subject:
        confidence = check_fields(subject["confidence"], f"{where}.confidence", {"voters", "low"}, set())
        check_count(confidence["voters"], f"{where}.confidence.voters")
        check_count(confidence["low"], f"{where}.confidence.low")
        if confidence["low"] > confidence["voters"]:
            bad(f"{where}.confidence.low", "low > voters")
    if "subordinates" in subject:
        subs = check_fields(
            subject["subordinates"], f"{where}.subordinates", {"total", "disciplined"}, {"disciplined_self_detected"}
        )
        for key in ("total", "disciplined", "disciplined_self_detected"):
            if key in subs:
                check_count(subs[key], f"{where}.subordinates.{key}")
        if subs["disciplined"] > subs["total"]:
            bad(f"{where}.subordinates.disciplined", "disciplined > total")
        if subs.get("disciplined_self_detected", 0) > subs["disciplined"]:
            bad(f"{where}.subordinates.disciplined_self_detected", "disciplined_self_detected > disciplined")
    if "formed" in subject:
        check_date(subject["formed"], f"{where}.formed")


def validate(scenario: Any) -> None:
    """Raise ValueError("bad input: ...") for every kind of bad input FORMAT §1 lists."""
    check_integers_in_range(scenario, "scenario")
    check_fields(scenario, "scenario", {"format", "ruleset", "period", "units", "subjects"}, {"quota_exceptions"})
    if scenario["format"] != "danhgia-scenario/1":
        bad("format", f"must be 'danhgia-scenario/1', not {scenario['format']!r}")
    if not is_one_of(scenario["ruleset"], INSTRUMENT):
        bad("ruleset", f"unknown rule set {scenario['ruleset']!r}")

    period = scenario["period"]
    if not isinstance(period, dict) or period.get("kind") not in ("year", "quarter"):
        bad("period.kind", "must be 'year' or 'quarter'")
    if period["kind"] == "year":
        check_fields(period, "period", {"kind", "year"}, set())
    else:
        check_fields(period, "period", {"kind", "year", "quarter"}, set())
        if not is_int(period["quarter"]) or not 1 <= period["quarter"] <= 3:
            bad("period.quarter", f"must be 1, 2 or 3, not {period['quarter']!r}")
    if not is_int(period["year"]) or not 1 <= period["year"] <= 9999:
        bad("period.year", f"must be an integer 1-9999, not {period['year']!r}")

    units = scenario["units"]
    if not isinstance(units, list):
        bad("units", "must be a list")
    unit_ids: set[str] = set()
    for index, unit in enumerate(units):
        where = f"units[{index}]"
        if isinstance(unit, dict) and "id" in unit:
            check_id(unit["id"], f"{where}.id")
            where = f"unit {unit['id']!r}"
        check_fields(unit, where, {"id", "parent", "kind"}, {"name"})
        if unit["id"] in unit_ids:
            bad(where, "duplicate unit id")
        unit_ids.add(unit["id"])
        if not is_one_of(unit["kind"], UNIT_KINDS):
            bad(f"{where}.kind", f"unknown unit kind {unit['kind']!r}")
        if "name" in unit and not isinstance(unit["name"], str):
            bad(f"{where}.name", "must be a string")
    parent_of: dict[str, str | None] = {}
    for unit in units:
        if unit["parent"] is not None:
            check_unit_ref(unit["parent"], f"unit {unit['id']!r}.parent", unit_ids)
        parent_of[unit["id"]] = unit["parent"]
    for start in parent_of:
        seen = {start}
        current = parent_of[start]
        while current is not None:
            if current in seen:
                bad(f"unit {start!r}.parent", "the unit tree has a cycle")
            seen.add(current)
            current = parent_of[current]

    subjects = scenario["subjects"]
    if not isinstance(subjects, list):
        bad("subjects", "must be a list")
    subject_ids: set[str] = set()
    collectives: set[tuple[str, str]] = set()
    groups: dict[str, set[str]] = {"individual": set(), "collective": set()}
    for index, subject in enumerate(subjects):
        check_subject(subject, f"subjects[{index}]", unit_ids)
        where = f"subject {subject['id']!r}"
        if subject["id"] in subject_ids:
            bad(where, "duplicate subject id")
        subject_ids.add(subject["id"])
        if subject["type"] == "collective":
            if (subject["unit"], subject["category"]) in collectives:
                bad(where, f"a second {subject['category']} subject on unit {subject['unit']!r}")
            collectives.add((subject["unit"], subject["category"]))
        groups[subject["type"]].add(group_of(subject))
    shared = groups["individual"] & groups["collective"]
    if shared:
        bad("quota_group", f"group {sorted(shared)[0]!r} holds both individuals and collectives")

    exceptions = scenario.get("quota_exceptions", [])
    if not isinstance(exceptions, list):
        bad("quota_exceptions", "must be a list")
    for index, name in enumerate(exceptions):
        check_id(name, f"quota_exceptions[{index}]")
    if exceptions and scenario["ruleset"] not in EXCEPTION_RATIO_RULESETS:
        bad("quota_exceptions", f"{scenario['ruleset']} has no exceptional ratio")


# --------------------------------------------------------------------------- context


class Context:
    """Everything about the scenario that a subject's evaluation may look up."""

    def __init__(self, scenario: dict[str, Any]) -> None:
        self.ruleset: str = scenario["ruleset"]
        self.year: int = scenario["period"]["year"]
        self.period_start, self.period_end = period_bounds(scenario["period"])
        self.units: dict[str, dict] = {u["id"]: u for u in scenario["units"]}
        self.children: dict[str, list[str]] = {uid: [] for uid in self.units}
        for unit in scenario["units"]:
            if unit["parent"] is not None:
                self.children[unit["parent"]].append(unit["id"])
        self.subjects: list[Subject] = list(scenario["subjects"])
        self.by_id: dict[str, Subject] = {s["id"]: s for s in self.subjects}
        self.collective_of: dict[tuple[str, str], Subject] = {}
        self.individuals_in: dict[str, list[Subject]] = {}
        for s in self.subjects:
            if s["type"] == "collective":
                self.collective_of[(s["unit"], s["category"])] = s
            else:
                self.individuals_in.setdefault(s["unit"], []).append(s)
        self.groups: dict[str, list[Subject]] = {}
        for s in self.subjects:
            self.groups.setdefault(group_of(s), []).append(s)
        self.exceptions: set[str] = set(scenario.get("quota_exceptions", []))
        # results[sid] = {"status", "level" (int or None), "reasons", "flags"}; final once the group is settled
        self.results: dict[str, dict[str, Any]] = {}
        # the level before the quota (None when not classified), kept apart from the final result
        self.pre_quota_level: dict[str, int | None] = {}

    def organisation(self, unit: str | None) -> Subject | None:
        return None if unit is None else self.collective_of.get((unit, "organisation"))

    def party_organisation(self, unit: str | None) -> Subject | None:
        return None if unit is None else self.collective_of.get((unit, "party_organisation"))

    def leadership_collective(self, unit: str) -> Subject | None:
        return self.collective_of.get((unit, "leadership_collective"))

    def final_level(self, subject: Subject | None) -> int | None:
        """Level of an already-final subject, None when absent or not classified."""
        if subject is None:
            return None
        result = self.results[subject["id"]]
        return result["level"] if result["status"] == "classified" else None

    def lowest_unit_level(self, unit: str) -> int | None:
        """The lowest final level among the unit's organisation and party organisation (FORMAT §3.4),
        counting only those present and classified; None when neither has a level."""
        levels = [self.final_level(self.organisation(unit)), self.final_level(self.party_organisation(unit))]
        known = [level for level in levels if level is not None]
        return max(known) if known else None  # a larger number is a lower level

    def reason(self, code: str, clause: str, detail: str) -> Reason:
        return {"code": code, "source": f"{INSTRUMENT[self.ruleset]}; {clause}", "detail": detail}


def group_of(subject: Subject) -> str:
    if "quota_group" in subject:
        return subject["quota_group"]
    return f"{subject['unit']}/{subject['type']}/{subject['category']}"


# --------------------------------------------------------------------------- discipline


def in_force(entry: dict, entries: list[dict], ctx: Context) -> bool:
    effective = parse_date(entry["effective"])
    if not (ctx.period_start <= effective <= ctx.period_end):
        return False
    if entry.get("counted_in_year") is not None:
        return False
    for other in entries:
        if other["violation"] == entry["violation"] and other.get("counted_in_year") is not None:
            return False
    return True


def counts(entry: dict, entries: list[dict], ctx: Context) -> bool:
    if not in_force(entry, entries, ctx):
        return False
    return not (ctx.ruleset in (QD124, QD366) and entry.get("self_detected_remedied", False))


def counting_entries(entries: list[dict] | None, ctx: Context) -> list[dict]:
    entries = entries or []
    return [e for e in entries if counts(e, entries, ctx)]


def in_force_entries(entries: list[dict] | None, ctx: Context) -> list[dict]:
    entries = entries or []
    return [e for e in entries if in_force(e, entries, ctx)]


# --------------------------------------------------------------------------- dependencies


def is_qd132_cell_party_organisation(subject: Subject, ctx: Context) -> bool:
    return (
        ctx.ruleset == QD132
        and subject["category"] == "party_organisation"
        and ctx.units[subject["unit"]]["kind"] in CELL_KINDS
    )


def cell_condition_members(subject: Subject, ctx: Context) -> list[Subject]:
    """qd132 cell condition: the individual subjects of the cell that have no `head_of` (FORMAT §3.2)."""
    return [m for m in ctx.individuals_in.get(subject["unit"], []) if m.get("head_of") is None]


def dependencies(subject: Subject, ctx: Context) -> list[Node]:
    """The nodes that must be done before pre(subject) (FORMAT §3.6): ("final", D) for a dependency D
    read at its final result, ("pre", D) for an individual of a qd132 cell read by its party organisation
    at its level before the quota. Rules that read another subject's *input* add nothing."""
    deps: list[Node] = []

    def add(other: Subject | None, stage: str = "final") -> None:
        if other is not None and other["id"] != subject["id"] and (stage, other["id"]) not in deps:
            deps.append((stage, other["id"]))

    if subject["type"] == "individual":
        head_of = subject.get("head_of")
        if head_of is not None:  # head <= unit (§3.4)
            add(ctx.organisation(head_of))
            add(ctx.party_organisation(head_of))
        if ctx.ruleset in (QD132, QD366) and is_leader(subject):
            for unit in led_units(subject):
                add(ctx.organisation(unit))
    elif subject["category"] == "leadership_collective":  # leadership collective <= organisation (§3.4)
        add(ctx.organisation(subject["unit"]))
        add(ctx.party_organisation(subject["unit"]))
    elif subject["category"] == "party_organisation" and ctx.ruleset == QD132:
        kind = ctx.units[subject["unit"]]["kind"]
        if kind in CELL_KINDS:
            for member in cell_condition_members(subject, ctx):
                add(member, "pre")
        elif kind in COMMITTEE_KINDS:
            for child in ctx.children[subject["unit"]]:
                add(ctx.party_organisation(child))
    return deps


def evaluation_order(ctx: Context) -> list[Node]:
    """Topological order of the graph of FORMAT §3.6: pre(S) -> settle(group of S) -> final(S) for each
    subject S, and final(D) -> pre(S) (or pre(D) -> pre(S)) for each dependency D of S.

    Raises ValueError("cycle: ...") when the graph has a cycle.
    """
    nodes: list[Node] = []
    successors: dict[Node, list[Node]] = {}

    def add_node(node: Node) -> None:
        if node not in successors:
            successors[node] = []
            nodes.append(node)

    def add_edge(a: Node, b: Node) -> None:
        add_node(a)
        add_node(b)
        successors[a].append(b)

    for s in ctx.subjects:
        group = ("settle", group_of(s))
        add_edge(("pre", s["id"]), group)
        add_edge(group, ("final", s["id"]))
    for s in ctx.subjects:
        for dep in dependencies(s, ctx):
            add_edge(dep, ("pre", s["id"]))

    indegree = {node: 0 for node in nodes}
    for node in nodes:
        for nxt in successors[node]:
            indegree[nxt] += 1
    queue = deque(node for node in nodes if indegree[node] == 0)
    order: list[Node] = []
    while queue:
        node = queue.popleft()
        order.append(node)
        for nxt in successors[node]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                queue.append(nxt)
    if len(order) < len(nodes):
        raise ValueError("cycle: " + describe_cycle(nodes, successors, indegree))
    return order


def describe_cycle(nodes: list[Node], successors: dict[Node, list[Node]], indegree: dict[Node, int]) -> str:
    """Walk backwards through unprocessed nodes until one repeats; print that loop."""
    remaining = {node for node in nodes if indegree[node] > 0}
    predecessors: dict[Node, list[Node]] = {n: [] for n in remaining}
    for node in remaining:
        for nxt in successors[node]:
            if nxt in remaining:
                predecessors[nxt].append(node)
    node = next(n for n in nodes if n in remaining)
    path: list[Node] = []
    seen: dict[Node, int] = {}
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = predecessors[node][0]
    loop = list(reversed(path[seen[node] :]))
    loop.append(loop[0])
    return " -> ".join(f"{kind}({name})" for kind, name in loop)


# --------------------------------------------------------------------------- stage 1: eligibility


def eligibility(subject: Subject, ctx: Context) -> tuple[str, Reason, bool] | None:
    """An outcome that ends the pipeline: (status, reason, unconfirmed), or None."""
    if subject["type"] == "collective":
        formed = subject.get("formed")
        if ctx.ruleset in PARTY_RULESETS and formed is not None and six_months_later_is_after(formed, ctx.period_end):
            # HD 21 for a qd132 party organisation or leadership collective; an unconfirmed default otherwise
            confirmed = ctx.ruleset == QD132 and subject["category"] in ("party_organisation", "leadership_collective")
            return (
                "not_classified",
                ctx.reason(
                    "formed_less_than_6_months",
                    "FORMAT §3.1(1)",
                    f"Formed {formed}, less than 6 months before period end {ctx.period_end}",
                ),
                not confirmed,
            )
        return None  # nd335-2025 ignores `formed`
    if ctx.ruleset in PARTY_RULESETS:
        membership = subject.get("membership")
        if membership is None:
            return None
        if membership.get("exempt_from_activities", False) or membership.get("suspended", False):
            return (
                "exempt",
                ctx.reason(
                    "member_exempt_or_suspended",
                    "FORMAT §3.1(1)",
                    "Party member exempt from activities or suspended: not classified this period",
                ),
                False,
            )
        admitted = membership.get("admitted")
        if admitted is not None and six_months_later_is_after(admitted, ctx.period_end):
            status = "not_classified" if ctx.ruleset == QD132 else "exempt"
            return (
                status,
                ctx.reason(
                    "admitted_less_than_6_months",
                    "FORMAT §3.1(1)",
                    f"Admitted {admitted}, less than 6 months before period end {ctx.period_end}",
                ),
                False,
            )
        return None
    # nd335-2025: the Decree 90/2020 Art. 2(3) rule, an unconfirmed default
    absence = subject.get("absence", {})
    if absence.get("months_worked", 12) < 6 and not absence.get("maternity", False):
        return (
            "not_classified",
            ctx.reason(
                "worked_less_than_6_months",
                "FORMAT §3.1(1)",
                "Worked fewer than 6 months in the period (not maternity leave)",
            ),
            True,
        )
    return None


def sick_leave_cap(subject: Subject, ctx: Context) -> tuple[int, Reason, bool] | None:
    """(cap, reason, unconfirmed): qd132 any individual, qd124/qd366 a party member, with sick_months >= 3
    is at most L3; nd335 has no absence cap (the score reflects the time worked)."""
    if subject["type"] != "individual" or subject.get("absence", {}).get("sick_months", 0) < 3:
        return None
    reason = ctx.reason("sick_leave_cap", "FORMAT §3.1(1)", "Sick leave of 3 months or more in the period: at most L3")
    if ctx.ruleset == QD132:
        return 3, reason, False
    if ctx.ruleset in (QD124, QD366) and is_party_member(subject):
        return 3, reason, True
    return None


# --------------------------------------------------------------------------- stage 2: disqualifiers


def disqualifiers(subject: Subject, ctx: Context) -> list[Reason]:
    found: list[Reason] = []

    def hit(code: str, detail: str) -> None:
        found.append(ctx.reason(code, "FORMAT §3.3", detail))

    # all rule sets
    if any(grade == "K" for grade in grades_of(subject).values()):
        hit("grade_k", "A criterion is graded K")
    score = score_of(subject)
    if score is not None and score < 50:
        hit("score_below_50", f"Score {subject['score']} is below 50")
    conclusions = subject.get("conclusions", {})
    if conclusions.get("degradation", False):
        hit("degradation", "Concluded degradation / self-evolution")

    rules = {
        QD132: disqualifiers_qd132,
        QD124: disqualifiers_qd124,
        QD366: disqualifiers_qd366,
        ND335: disqualifiers_nd335,
    }[ctx.ruleset]
    rules(subject, ctx, conclusions, hit)
    return found


def _collective_common_132_124(subject: Subject, ctx: Context, conclusions: dict[str, Any], hit: Hit) -> None:
    """qd132/qd124 `organisation` and `party_organisation`."""
    if counting_entries(subject.get("discipline"), ctx):
        hit("collective_disciplined", "The collective itself is under discipline")
    subs = subject.get("subordinates", {})
    ratio = share(subs.get("disciplined", 0), subs.get("total", 0))
    if ratio is not None and ratio > Fraction(1, 5):
        hit("subordinates_disciplined_over_20pct", "More than 20 % of direct subordinate units disciplined")
    if conclusions.get("corruption_in_subordinate", False) and not conclusions.get("corruption_self_detected", False):
        hit("corruption_in_subordinate", "Corruption in a subordinate unit, not self-detected")
    if low_completion(subject.get("tasks")):
        hit("low_completion", "Under 50 % of tasks completed with key targets missed, no force majeure")
    if subject["category"] == "organisation":
        # reads the leadership collective's input, not its result: whatever its status, and no edge
        leadership = ctx.leadership_collective(subject["unit"])
        if leadership is not None and counting_entries(leadership.get("discipline"), ctx):
            hit(
                "leadership_collective_disciplined",
                f"The unit's leadership collective {leadership['id']} is itself under discipline",
            )


def _leadership_collective_common(subject: Subject, ctx: Context, conclusions: dict[str, Any], hit: Hit) -> None:
    """Every party rule set, `leadership_collective`: own discipline, disunity, member degradation."""
    if counting_entries(subject.get("discipline"), ctx):
        hit("collective_disciplined", "The collective itself is under discipline")
    if conclusions.get("disunity", False):
        hit("disunity", "Concluded disunity")
    if subject.get("member_degradation", False):
        hit("member_degradation", "A member concluded degraded")


def disqualifiers_qd132(subject: Subject, ctx: Context, conclusions: dict[str, Any], hit: Hit) -> None:
    category = subject["category"]
    if subject["type"] == "individual":
        if counting_entries(subject.get("discipline"), ctx):
            hit("disciplined", "Disciplined in the period")
        if low_completion(subject.get("tasks")):
            hit("low_completion", "Under 50 % of tasks completed with key targets missed, no force majeure")
        if is_leader(subject):
            if conclusions.get("corruption_in_led_unit", False):
                hit("corruption_in_led_unit", "Corruption in a unit the leader is in charge of")
            for unit in led_units(subject):
                if ctx.final_level(ctx.organisation(unit)) == 4:
                    hit("led_unit_l4", f"Led unit {unit} is classified L4")
    elif category in ("organisation", "party_organisation"):
        _collective_common_132_124(subject, ctx, conclusions, hit)
    else:  # leadership_collective
        _leadership_collective_common(subject, ctx, conclusions, hit)
        heavy = [
            e
            for e in counting_entries(subject.get("member_discipline"), ctx)
            if FORM_RANK[e["form"]] >= FORM_RANK["warning"]
        ]
        if heavy:
            hit("member_disciplined_warning_or_heavier", "A member disciplined with a warning or heavier")


def disqualifiers_qd124(subject: Subject, ctx: Context, conclusions: dict[str, Any], hit: Hit) -> None:
    category = subject["category"]
    if subject["type"] == "individual":
        if counting_entries(subject.get("discipline"), ctx):
            hit("disciplined", "Disciplined in the period (not self-detected and remedied)")
        if low_completion(subject.get("tasks")):
            hit("low_completion", "Under 50 % of tasks completed with key targets missed, no force majeure")
        if conclusions.get("prohibited_conduct", False):
            hit("prohibited_conduct", "Concluded prohibited conduct")
        if conclusions.get("exemplary_breach", False):
            hit("exemplary_breach", "Concluded breach of the duty to set an example")
        if is_leader(subject):
            if conclusions.get("corruption_in_led_unit", False):
                hit("corruption_in_led_unit", "Corruption in a unit the leader is in charge of")
            for unit in led_units(subject):
                org = ctx.organisation(unit)
                if org is not None and low_completion(org.get("tasks")):
                    hit("led_unit_low_completion", f"Led unit {unit} shows low completion of its tasks")
    elif category in ("organisation", "party_organisation"):
        _collective_common_132_124(subject, ctx, conclusions, hit)
    else:  # leadership_collective
        _leadership_collective_common(subject, ctx, conclusions, hit)
        if counting_entries(subject.get("member_discipline"), ctx):
            hit("member_disciplined", "A member disciplined in the period")


def disqualifiers_qd366(subject: Subject, ctx: Context, conclusions: dict[str, Any], hit: Hit) -> None:
    category = subject["category"]
    if subject["type"] == "individual":
        duty = [e for e in counting_entries(subject.get("discipline"), ctx) if e.get("public_service", True)]
        if duty:
            hit("duty_discipline", "Disciplined in the period for a violation in the course of duty")
        if conclusions.get("prohibited_conduct", False):
            hit("prohibited_conduct", "Concluded prohibited conduct")
        if conclusions.get("exemplary_breach", False):
            hit("exemplary_breach", "Concluded breach of the duty to set an example")
        if completed_below_half(subject.get("tasks")):
            hit("completed_below_half", "Fewer than half of the tasks completed")
        if is_leader(subject):
            if conclusions.get("corruption_in_led_unit", False):
                hit("corruption_in_led_unit", "Corruption in a unit the leader is in charge of")
            classified = 0
            at_l4 = 0
            for unit in led_units(subject):
                org = ctx.organisation(unit)
                if org is not None and weak(org.get("tasks")):
                    hit("led_unit_weak", f"Led unit {unit} is weak (under 70 % completed or key targets missed)")
                level = ctx.final_level(org)
                if level is not None:
                    classified += 1
                    if level == 4:
                        at_l4 += 1
            if classified > 0 and 2 * at_l4 > classified:
                hit("led_units_majority_l4", f"{at_l4} of {classified} classified led units are L4")
            confidence = subject.get("confidence")
            if confidence is not None:
                ratio = share(confidence["low"], confidence["voters"])
                if ratio is not None and ratio > HALF:
                    hit("low_confidence_majority", "More than half of the voters gave low confidence")
    elif category in ("organisation", "party_organisation"):
        if counting_entries(subject.get("discipline"), ctx):
            hit("collective_disciplined", "The collective itself is under discipline")
        if weak(subject.get("tasks")):
            hit("weak_unit", "Under 70 % of tasks completed or key targets missed, no force majeure")
    else:  # leadership_collective
        _leadership_collective_common(subject, ctx, conclusions, hit)
        if conclusions.get("cadre_work_wrongdoing", False):
            hit("cadre_work_wrongdoing", "Concluded wrongdoing in cadre work")
        if conclusions.get("factionalism", False):
            hit("factionalism", "Concluded factionalism")
        if conclusions.get("post_buying", False):
            hit("post_buying", "Concluded buying of posts or power")
        duty = [e for e in counting_entries(subject.get("member_discipline"), ctx) if e.get("public_service", True)]
        if duty:
            hit("member_duty_discipline", "A member disciplined for a violation in the course of duty")
        org = ctx.organisation(subject["unit"])
        if org is not None and weak(org.get("tasks")):
            hit("unit_organisation_weak", "The unit's organisation is weak")


def disqualifiers_nd335(subject: Subject, ctx: Context, conclusions: dict[str, Any], hit: Hit) -> None:
    duty = [e for e in counting_entries(subject.get("discipline"), ctx) if e.get("public_service", True)]
    if duty:
        hit("duty_discipline", "Disciplined in the period for a violation in public service")
    if conclusions.get("prohibited_conduct", False):
        hit("prohibited_conduct", "Concluded prohibited conduct")
    if conclusions.get("exemplary_breach", False):
        hit("exemplary_breach", "Concluded breach of the duty to set an example")
    if is_leader(subject) and conclusions.get("corruption_in_led_unit", False):
        hit("corruption_in_led_unit", "Corruption in a unit the leader is in charge of")


# --------------------------------------------------------------------------- stage 3: level conditions


def has_input(subject: Subject, ctx: Context) -> bool:
    if ctx.ruleset in SCORE_BASED:
        return subject.get("score") is not None
    return "tasks" in grades_of(subject)


def level_conditions(subject: Subject, ctx: Context) -> dict[int, list[str]]:
    """For L1, L2, L3: the list of conditions that fail (empty list = level holds)."""
    rules = {QD132: conditions_qd132, QD124: conditions_qd124, QD366: conditions_qd366, ND335: conditions_nd335}[
        ctx.ruleset
    ]
    return rules(subject, ctx)


def all_at_least(grades: dict[str, str], minimum: str) -> bool:
    return all(GRADE_RANK[g] >= GRADE_RANK[minimum] for g in grades.values())


def others_at_least(grades: dict[str, str], minimum: str) -> bool:
    return all(GRADE_RANK[g] >= GRADE_RANK[minimum] for k, g in grades.items() if k != "tasks")


def qd132_l2_grades_hold(grades: dict[str, str]) -> bool:
    return GRADE_RANK[grades["tasks"]] >= GRADE_RANK["T"] and others_at_least(grades, "TB")


def qd132_po_members_condition(subject: Subject, ctx: Context) -> str | None:
    """qd132 party organisation: every one classified is L3 or better and at least half are L2 or better,
    over the cell's individuals without `head_of` (levels before the quota) or the committee's direct
    child units' party organisations (final levels). Returns the failure text or None."""
    kind = ctx.units[subject["unit"]]["kind"]
    if kind in CELL_KINDS:
        levels = [ctx.pre_quota_level[m["id"]] for m in cell_condition_members(subject, ctx)]
        what = "member without head_of"
    elif kind in COMMITTEE_KINDS:
        levels = [ctx.final_level(ctx.party_organisation(c)) for c in ctx.children[subject["unit"]]]
        what = "child party organisation"
    else:
        return None
    known = [lv for lv in levels if lv is not None]
    if not known:
        return None
    if any(lv == 4 for lv in known):
        return f"a classified {what} is L4"
    good = sum(1 for lv in known if lv <= 2)
    if 2 * good < len(known):
        return f"only {good} of {len(known)} classified {what}s are L2 or better (under 50 %)"
    return None


def conditions_qd132(subject: Subject, ctx: Context) -> dict[int, list[str]]:
    grades = grades_of(subject)
    tasks_grade = grades["tasks"]
    fails: dict[int, list[str]] = {1: [], 2: [], 3: []}
    if tasks_grade != "XS":
        fails[1].append("tasks not graded XS")
    if not others_at_least(grades, "T"):
        fails[1].append("another criterion below T")
    csl = subject.get("civil_service_level")
    if is_party_member(subject) and csl is not None and csl != "L1":
        fails[1].append(f"party member's civil-service level is {csl}, not L1")
    if GRADE_RANK[tasks_grade] < GRADE_RANK["T"]:
        fails[2].append("tasks below T")
    if not others_at_least(grades, "TB"):
        fails[2].append("another criterion below TB")
    if subject["category"] == "party_organisation":
        failure = qd132_po_members_condition(subject, ctx)
        if failure is not None:
            fails[2].append(failure)
            fails[1].append(failure)  # L1 of a party organisation also requires its L2 condition
    if not all_at_least(grades, "TB"):
        fails[3].append("a criterion below TB")
    return fails


def conditions_qd124(subject: Subject, ctx: Context) -> dict[int, list[str]]:
    grades = grades_of(subject)
    tasks = subject.get("tasks")
    products = subject.get("specific_products", True)
    fails: dict[int, list[str]] = {1: [], 2: [], 3: []}
    if not all_at_least(grades, "T"):
        fails[1].append("a criterion below T")
    if grades["tasks"] != "XS":
        fails[1].append("tasks not graded XS")
    if not all_at_least(grades, "TB"):
        fails[2].append("a criterion below TB")
        fails[3].append("a criterion below TB")
    if GRADE_RANK[grades["tasks"]] < GRADE_RANK["T"]:
        fails[2].append("tasks below T")
    if not products:
        for level in (1, 2, 3):
            fails[level].append("results not backed by specific products")
    if subject["type"] == "individual":
        if not tasks_all_done(tasks):
            fails[1].append("not all tasks completed")
        if not tasks_on_time(tasks):
            fails[1].append("not all tasks on time")
        if not tasks_exceeded_at_least(tasks, HALF):
            fails[1].append("under 50 % of tasks exceeded")
    else:
        subs = subject.get("subordinates", {})
        member_entries = in_force_entries(subject.get("member_discipline"), ctx)
        if subs.get("disciplined", 0) != 0:
            fails[1].append("a subordinate unit disciplined")
        if member_entries:
            fails[1].append("a member disciplined")
        if subs.get("disciplined", 0) - subs.get("disciplined_self_detected", 0) != 0:
            fails[2].append("a subordinate unit disciplined (not self-detected)")
            fails[3].append("a subordinate unit disciplined (not self-detected)")
        if not all(e.get("self_detected_remedied", False) for e in member_entries):
            fails[2].append("a member disciplined (not self-detected and remedied)")
            fails[3].append("a member disciplined (not self-detected and remedied)")
    return fails


def conditions_qd366(subject: Subject, ctx: Context) -> dict[int, list[str]]:
    score = score_of(subject)
    assert score is not None  # missing input was settled before the level conditions
    tasks = subject.get("tasks")
    fails: dict[int, list[str]] = {1: [], 2: [], 3: []}
    for level, minimum in ((1, 90), (2, 70), (3, 50)):
        if score < minimum:
            fails[level].append(f"score below {minimum}")
    if not tasks_all_done(tasks):
        for level in (1, 2, 3):
            fails[level].append("not all tasks completed")
    if not tasks_on_time(tasks):
        fails[1].append("not all tasks on time")
        fails[2].append("not all tasks on time")
    if not tasks_exceeded_at_least(tasks, Fraction(3, 10)):
        fails[1].append("under 30 % of tasks exceeded")
    if not tasks_late_at_most(tasks, Fraction(1, 5)):
        fails[3].append("over 20 % of tasks late")
    shortcomings = subject.get("shortcomings")
    if shortcomings is not None and shortcomings["remedied"] != shortcomings["noted"]:
        fails[1].append("not all shortcomings remedied")
    if subject["type"] == "collective":
        subs = subject.get("subordinates", {})
        if subs.get("disciplined", 0) != 0:
            fails[1].append("a subordinate unit disciplined")
        if in_force_entries(subject.get("member_discipline"), ctx):
            fails[1].append("a member disciplined")
    if is_leader(subject):
        for unit in led_units(subject):
            org = ctx.organisation(unit)
            if org is None:
                continue  # a led unit without an organisation subject does not block
            org_tasks = org.get("tasks")  # its input, whatever its status
            if not tasks_all_done(org_tasks):
                for level in (1, 2, 3):
                    fails[level].append(f"led unit {unit} did not complete all tasks")
            if not tasks_on_time(org_tasks):
                fails[1].append(f"led unit {unit} not all tasks on time")
                fails[2].append(f"led unit {unit} not all tasks on time")
            if not tasks_exceeded_at_least(org_tasks, Fraction(3, 10)):
                fails[1].append(f"led unit {unit} exceeded under 30 % of tasks")
            if not tasks_late_at_most(org_tasks, Fraction(1, 5)):
                fails[3].append(f"led unit {unit} over 20 % of tasks late")
    return fails


def conditions_nd335(subject: Subject, ctx: Context) -> dict[int, list[str]]:
    score = score_of(subject)
    assert score is not None  # missing input was settled before the level conditions
    fails: dict[int, list[str]] = {1: [], 2: [], 3: []}
    for level, minimum in ((1, 90), (2, 70), (3, 50)):
        if score < minimum:
            fails[level].append(f"score below {minimum}")
    return fails


def score_band(score: Fraction) -> int | None:
    if score >= 90:
        return 1
    if score >= 70:
        return 2
    if score >= 50:
        return 3
    return None


# --------------------------------------------------------------------------- stage 4: caps


def caps(subject: Subject, ctx: Context) -> list[tuple[int, Reason, bool]]:
    """Every cap on the subject: (at most this level, reason, unconfirmed)."""
    found: list[tuple[int, Reason, bool]] = []
    sick = sick_leave_cap(subject, ctx)
    if sick is not None:
        found.append(sick)
    unconfirmed = ctx.ruleset != QD132  # the head and leadership-collective caps are confirmed for qd132 only
    head_of = subject.get("head_of") if subject["type"] == "individual" else None
    if head_of is not None:
        level = ctx.lowest_unit_level(head_of)
        if level is not None:
            found.append(
                (
                    level,
                    ctx.reason(
                        "head_capped_by_unit",
                        "FORMAT §3.4",
                        f"Head of {head_of}: at most the lowest level L{level} among that unit's "
                        "organisation and party organisation",
                    ),
                    unconfirmed,
                )
            )
    if subject["category"] == "leadership_collective":
        level = ctx.lowest_unit_level(subject["unit"])
        if level is not None:
            found.append(
                (
                    level,
                    ctx.reason(
                        "leadership_collective_capped_by_organisation",
                        "FORMAT §3.4",
                        f"Leadership collective of {subject['unit']}: at most the lowest level L{level} among "
                        "that unit's organisation and party organisation",
                    ),
                    unconfirmed,
                )
            )
    return found


def apply_caps(subject: Subject, result: dict[str, Any], ctx: Context) -> None:
    """Each cap below the level before the caps adds its reason (and flag); the level is the lowest."""
    if result["status"] != "classified":
        return
    before = result["level"]
    for cap, reason, unconfirmed in caps(subject, ctx):
        if cap > before:  # a larger number is a lower level
            result["level"] = max(result["level"], cap)
            result["reasons"].append(reason)
            if unconfirmed:
                add_flag(result, "unconfirmed_rule")


# --------------------------------------------------------------------------- one subject, pre-quota


def add_flag(result: dict[str, Any], flag: str) -> None:
    if flag not in result["flags"]:
        result["flags"].append(flag)


def evaluate_pre_quota(subject: Subject, ctx: Context) -> dict[str, Any]:
    result: dict[str, Any] = {"status": None, "level": None, "reasons": [], "flags": []}

    # 1. eligibility: any outcome ends the pipeline
    outcome = eligibility(subject, ctx)
    if outcome is not None:
        result["status"], reason, unconfirmed = outcome
        result["reasons"].append(reason)
        if unconfirmed:
            add_flag(result, "unconfirmed_rule")
        return result

    # 2. disqualifiers, even when other input is missing
    found = disqualifiers(subject, ctx)
    if found:
        result["status"], result["level"] = "classified", 4
        result["reasons"].extend(found)
    # 3. level conditions
    elif not has_input(subject, ctx):
        result["status"] = "needs_decision"
        add_flag(result, "missing_input")
        needed = "score" if ctx.ruleset in SCORE_BASED else "grades with a tasks entry"
        result["reasons"].append(ctx.reason("missing_input", "FORMAT §3.1(3)", f"No {needed}: a person must decide"))
    else:
        fails = level_conditions(subject, ctx)
        level = next((lv for lv in (1, 2, 3) if not fails[lv]), None)
        for higher in (1, 2, 3):
            if level is not None and higher >= level:
                break
            result["reasons"].append(
                ctx.reason(
                    f"level{higher}_conditions_not_met", "FORMAT §3.2", f"Not L{higher}: " + "; ".join(fails[higher])
                )
            )
        if ctx.ruleset in SCORE_BASED:
            score = score_of(subject)
            assert score is not None
            band = score_band(score)
            if band is not None and (level is None or level > band):
                add_flag(result, "band_condition_mismatch")
                if level is not None:
                    add_flag(result, "unconfirmed_rule")
        if level is None:
            result["status"] = "needs_decision"
            result["reasons"].append(
                ctx.reason(
                    "no_level_conditions_met", "FORMAT §3.1(3)", "No level's conditions hold: a person must decide"
                )
            )
        else:
            result["status"], result["level"] = "classified", level
            if level in (2, 3) and subject["type"] == "individual" and ctx.ruleset in (QD132, QD124):
                add_flag(result, "unconfirmed_rule")
        if ctx.ruleset == QD132 and subject["category"] == "party_organisation":
            grades = grades_of(subject)
            if (
                level != 1
                and grades["tasks"] == "XS"
                and others_at_least(grades, "T")
                and qd132_po_members_condition(subject, ctx) is not None
            ):
                add_flag(result, "unconfirmed_rule")  # the PO's L1 condition (members) changed the level
            if (
                is_qd132_cell_party_organisation(subject, ctx)
                and qd132_l2_grades_hold(grades)
                and any(m.get("head_of") is not None for m in ctx.individuals_in.get(subject["unit"], []))
            ):
                add_flag(result, "unconfirmed_rule")  # the cell condition tested while leaving out a head

    # 4. caps
    apply_caps(subject, result, ctx)
    return result


# --------------------------------------------------------------------------- stage 5: quota


def settle_group(group: str, ctx: Context) -> dict[str, Any] | None:
    members = ctx.groups[group]
    level1 = [
        s for s in members if ctx.results[s["id"]]["status"] == "classified" and ctx.results[s["id"]]["level"] == 1
    ]
    level2 = [
        s for s in members if ctx.results[s["id"]]["status"] == "classified" and ctx.results[s["id"]]["level"] == 2
    ]
    c, b = len(level1), len(level2)
    if c == 0:
        return None
    exception = group in ctx.exceptions and ctx.ruleset in EXCEPTION_RATIO_RULESETS
    ratio = Fraction(1, 4) if exception else Fraction(1, 5)
    percent = "25 %" if exception else "20 %"
    exact = ratio * (b + c) / (1 + ratio)
    allowance = exact.numerator // exact.denominator  # floor
    keep = min(c, allowance)
    demote = c - keep

    def merit(s: Subject) -> tuple:
        primary = score_of(s) if ctx.ruleset in SCORE_BASED else xs_count(s)
        return (primary, -s.get("quota_priority", 0))

    # demotion order: lowest merit first, then highest priority, then greatest id
    order = sorted(level1, key=lambda s: s["id"], reverse=True)
    order = sorted(order, key=merit)
    for s in order[:demote]:
        result = ctx.results[s["id"]]
        result["level"] = 2
        result["reasons"].append(
            ctx.reason(
                "quota_level1_over_20pct_of_level2",
                "FORMAT §3.5",
                f"Group {group}: level 1 may be at most {percent} of level 2 ({c} at L1, {b} at L2, "
                f"at most {allowance} may keep L1)",
            )
        )
    if 0 < demote < c:
        boundary = merit(order[demote - 1])
        if merit(order[demote]) == boundary:
            for s in level1:
                if merit(s) == boundary:
                    add_flag(ctx.results[s["id"]], "quota_tie")
    # best effort unconfirmed_rule: rounding down / nd335 exceptional ratio changed a level
    if demote > 0 and exact != allowance and allowance < c:
        add_flag(ctx.results[order[demote - 1]["id"]], "unconfirmed_rule")
    if exception and ctx.ruleset == ND335:
        normal = Fraction(b + c, 6)
        normal_keep = min(c, normal.numerator // normal.denominator)
        for s in order[demote : c - normal_keep]:
            add_flag(ctx.results[s["id"]], "unconfirmed_rule")
    return {
        "group": group,
        "level1_before": c,
        "level2_before": b,
        "max_level1": allowance,
        "level1_after": keep,
        "level2_after": b + demote,
        "exception": exception,
    }


# --------------------------------------------------------------------------- warnings


def warnings_of(ctx: Context) -> list[dict[str, str]]:
    first, last = RULESET_YEARS[ctx.ruleset]
    if ctx.year >= first and (last is None or ctx.year <= last):
        return []
    span = f"{first}–{last}" if last is not None else f"{first} or later"
    return [
        {
            "code": "period_outside_ruleset",
            "detail": f"The period's year {ctx.year} lies outside the years of {ctx.ruleset} ({span})",
        }
    ]


# --------------------------------------------------------------------------- entry point


def classify_naive(scenario: dict) -> dict:
    validate(scenario)
    ctx = Context(scenario)
    quota_entries: dict[str, dict[str, Any]] = {}
    for kind, name in evaluation_order(ctx):
        if kind == "pre":
            result = evaluate_pre_quota(ctx.by_id[name], ctx)
            ctx.results[name] = result
            ctx.pre_quota_level[name] = result["level"] if result["status"] == "classified" else None
        elif kind == "settle":
            entry = settle_group(name, ctx)
            if entry is not None:
                quota_entries[name] = entry
        # "final": nothing to do, the subject's result is final once its group is settled

    results = []
    for s in ctx.subjects:
        r = ctx.results[s["id"]]
        results.append(
            {
                "subject": s["id"],
                "status": r["status"],
                "level": level_name(r["level"]),
                "reasons": r["reasons"],
                "flags": r["flags"],
            }
        )
    quota = []
    for s in ctx.subjects:
        group = group_of(s)
        if group in quota_entries:
            quota.append(quota_entries.pop(group))
    return {
        "format": "danhgia-result/1",
        "ruleset": ctx.ruleset,
        "results": results,
        "quota": quota,
        "warnings": warnings_of(ctx),
    }
