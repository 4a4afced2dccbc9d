"""The catalogue of rule kinds that rule-set files may name (ADR 0002).

Each kind is a vectorised predicate over `Facts`: for every subject, does the condition hold (stage
`level`), does the disqualifier or eligibility outcome apply (`disqualifier`, `eligibility`), does the cap
apply (`cap`)? Parameters come from the rule set (thresholds as exact fractions). Kinds that read another
subject's *final* result are in `linkage.py`; they create the dependency edges of docs/engine-contract.md §3.6.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

import numpy as np

from danhgia.engine.codes import CATEGORY_CODE, FORM_CODE, Grade
from danhgia.engine.facts import Bools, DisciplineTable, Facts, Ints
from danhgia.engine.schema import ParamValue, parse_fraction

Params = Mapping[str, Any]
Predicate = Callable[[Facts, Params], Bools]

PREDICATES: dict[str, Predicate] = {}
# The parameters each kind takes, with how to read them; unknown or missing parameters are file errors.
PARAMETERS: dict[str, dict[str, Callable[[ParamValue], Any]]] = {}


def _fraction(value: ParamValue) -> Fraction:
    return parse_fraction(value)


def _number(value: ParamValue) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"expected a number, got {value!r}")
    return float(value)


def _flag(value: ParamValue) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _grade(value: ParamValue) -> int:
    return int(Grade[str(value)])


def _form(value: ParamValue) -> int:
    return FORM_CODE[str(value)]


def _name(value: ParamValue) -> str:
    return str(value)


def kind(kind_name: str, /, **params: Callable[[ParamValue], Any]) -> Callable[[Predicate], Predicate]:
    def register(fn: Predicate) -> Predicate:
        PREDICATES[kind_name] = fn
        PARAMETERS[kind_name] = params
        return fn

    return register


def at_least(part: Ints, whole: Ints, share: Fraction) -> Bools:
    """part / whole ≥ share, exactly (integers, no floats)."""
    return part * share.denominator >= whole * share.numerator


def above(part: Ints, whole: Ints, share: Fraction) -> Bools:
    """part / whole > share, exactly."""
    return part * share.denominator > whole * share.numerator


def _no_tasks(f: Facts) -> Bools:
    return ~f.has_tasks | (f.assigned == 0)  # type: ignore[no-any-return]


# --- eligibility ------------------------------------------------------------------------------------


@kind("membership_exempt_from_activities")
def _exempt_from_activities(f: Facts, p: Params) -> Bools:
    return f.is_member & f.exempt_from_activities


@kind("membership_suspended")
def _suspended(f: Facts, p: Params) -> Bools:
    return f.is_member & f.suspended


@kind("membership_recent", months=lambda v: int(_number(v)))
def _recent_member(f: Facts, p: Params) -> Bools:
    known = f.is_member & (f.admitted > 0)
    return known & (add_months(f.admitted, p["months"]) > f.period_end)  # type: ignore[no-any-return]


@kind("months_worked_below", months=_number)
def _worked_too_little(f: Facts, p: Params) -> Bools:
    return ~f.is_collective & (f.months_worked < p["months"]) & ~f.maternity  # type: ignore[no-any-return]


@kind("sick_months_at_least", months=_number)
def _sick(f: Facts, p: Params) -> Bools:
    return f.sick_months >= p["months"]  # type: ignore[no-any-return]


@kind("party_member_sick_months_at_least", months=_number)
def _member_sick(f: Facts, p: Params) -> Bools:
    return f.is_member & (f.sick_months >= p["months"])  # type: ignore[no-any-return]


@kind("collective_formed_recently", months=lambda v: int(_number(v)))
def _formed_recently(f: Facts, p: Params) -> Bools:
    """A collective formed less than `months` calendar months before the period's end (§3.1)."""
    known = f.is_collective & (f.formed > 0)
    return known & (add_months(f.formed, p["months"]) > f.period_end)  # type: ignore[no-any-return]


_MONTH_DAYS = np.array([31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31], np.int32)


def add_months(day: Any, months: int) -> Any:
    """YYYYMMDD + n calendar months, the day clamped to the month's end (vectorised)."""
    year, month, dom = day // 10000, day // 100 % 100, day % 100
    total = year * 12 + (month - 1) + months
    year, month = total // 12, total % 12 + 1
    leap = ((year % 4 == 0) & (year % 100 != 0)) | (year % 400 == 0)
    last = _MONTH_DAYS[month - 1] + ((month == 2) & leap)
    return year * 10000 + month * 100 + np.minimum(dom, last)


# --- level conditions ---------------------------------------------------------------------------------


@kind("score_at_least", min=_number)
def _score_at_least(f: Facts, p: Params) -> Bools:
    return f.score >= p["min"]  # type: ignore[no-any-return]


@kind("grade_tasks_at_least", grade=_grade)
def _tasks_grade(f: Facts, p: Params) -> Bools:
    return f.grade_tasks >= p["grade"]  # type: ignore[no-any-return]


@kind("grades_others_at_least", grade=_grade)
def _other_grades(f: Facts, p: Params) -> Bools:
    return f.grade_others_min >= p["grade"]  # type: ignore[no-any-return]


@kind("specific_products")
def _specific_products(f: Facts, p: Params) -> Bools:
    return f.specific_products


@kind("all_tasks_completed")
def _all_completed(f: Facts, p: Params) -> Bools:
    return _no_tasks(f) | (f.completed == f.assigned)  # type: ignore[no-any-return]


@kind("all_tasks_on_time")
def _all_on_time(f: Facts, p: Params) -> Bools:
    return _no_tasks(f) | (f.on_time == f.assigned)  # type: ignore[no-any-return]


@kind("exceeded_share_at_least", share=_fraction)
def _exceeded_share(f: Facts, p: Params) -> Bools:
    return _no_tasks(f) | at_least(f.exceeded, f.assigned, p["share"])


@kind("late_share_at_most", share=_fraction)
def _late_share(f: Facts, p: Params) -> Bools:
    return _no_tasks(f) | ~above(f.completed - f.on_time, f.assigned, p["share"])


@kind("shortcomings_remedied")
def _remedied(f: Facts, p: Params) -> Bools:
    return f.remedied == f.noted  # type: ignore[no-any-return]


@kind("civil_service_level_excellent")
def _state_excellent(f: Facts, p: Params) -> Bools:
    return ~f.is_member | (f.civil_service_level == 0) | (f.civil_service_level == 1)  # type: ignore[no-any-return]


@kind("no_disciplined_subordinate")
def _no_disciplined_subordinate(f: Facts, p: Params) -> Bools:
    return f.sub_disciplined == 0  # type: ignore[no-any-return]


@kind("subordinate_discipline_self_detected")
def _subordinates_self_detected(f: Facts, p: Params) -> Bools:
    return (f.sub_disciplined - f.sub_self_detected) == 0  # type: ignore[no-any-return]


@kind("no_member_discipline_in_force")
def _no_member_discipline(f: Facts, p: Params) -> Bools:
    return ~per_subject(f, f.member_discipline, in_force(f, f.member_discipline))


@kind("member_discipline_self_detected")
def _member_discipline_self_detected(f: Facts, p: Params) -> Bools:
    table = f.member_discipline
    return ~per_subject(f, table, in_force(f, table) & ~table.self_detected)


def _over_led_organisations(f: Facts, holds: Bools) -> Bools:
    """True unless a unit the person leads has an `organisation` subject for which `holds` is False."""
    org = organisation_of_unit(f)[f.led_unit]
    failing = org >= 0
    failing[failing] = ~holds[org[failing]]
    result = np.ones(f.size, np.bool_)
    result[f.led_subject[failing]] = False
    return result


def _led(name: str, own: Predicate, **params: Callable[[ParamValue], Any]) -> None:
    kind(name, **params)(lambda f, p: _over_led_organisations(f, own(f, p)))


_led("led_organisations_all_tasks_completed", _all_completed)
_led("led_organisations_all_tasks_on_time", _all_on_time)
_led("led_organisations_exceeded_share_at_least", _exceeded_share, share=_fraction)
_led("led_organisations_late_share_at_most", _late_share, share=_fraction)


# --- disqualifiers ------------------------------------------------------------------------------------


@kind("grade_weak")
def _grade_weak(f: Facts, p: Params) -> Bools:
    return f.has_weak_grade


@kind("score_below", min=_number)
def _score_below(f: Facts, p: Params) -> Bools:
    return f.score < p["min"]  # type: ignore[no-any-return]


@kind("conclusion", name=_name)
def _conclusion(f: Facts, p: Params) -> Bools:
    return f.conclusions[p["name"]]


@kind("corruption_in_subordinate")
def _corruption_in_subordinate(f: Facts, p: Params) -> Bools:
    return f.conclusions["corruption_in_subordinate"] & ~f.conclusions["corruption_self_detected"]


@kind("member_degradation")
def _member_degradation(f: Facts, p: Params) -> Bools:
    return f.member_degradation


@kind("discipline_counts", self_detected_counts=_flag, public_service_only=_flag)
def _discipline_counts(f: Facts, p: Params) -> Bools:
    return per_subject(f, f.discipline, counting(f, f.discipline, p))


@kind(
    "member_discipline_counts",
    self_detected_counts=_flag,
    public_service_only=_flag,
    min_form=_form,
)
def _member_discipline_counts(f: Facts, p: Params) -> Bools:
    table = f.member_discipline
    return per_subject(f, table, counting(f, table, p) & (table.form >= p["min_form"]))


@kind("subordinates_disciplined_share_above", share=_fraction)
def _subordinates_disciplined(f: Facts, p: Params) -> Bools:
    return (f.sub_total > 0) & above(f.sub_disciplined, f.sub_total, p["share"])


@kind("low_completion", share=_fraction)
def _low_completion(f: Facts, p: Params) -> Bools:
    """Completed below the share AND a key target missed, unless force majeure was found."""
    low = ~_no_tasks(f) & ~at_least(f.completed, f.assigned, p["share"])
    return low & (f.key_missed > 0) & ~f.force_majeure


@kind("completion_below", share=_fraction)
def _completion_below(f: Facts, p: Params) -> Bools:
    return ~_no_tasks(f) & ~at_least(f.completed, f.assigned, p["share"])


@kind("weak", share=_fraction)
def _weak(f: Facts, p: Params) -> Bools:
    """Completed below the share OR a key target missed, unless force majeure was found."""
    low = ~at_least(f.completed, f.assigned, p["share"]) | (f.key_missed > 0)
    return ~_no_tasks(f) & low & ~f.force_majeure


@kind("led_organisation_low_completion", share=_fraction)
def _led_low_completion(f: Facts, p: Params) -> Bools:
    return ~_over_led_organisations(f, ~_low_completion(f, p))


@kind("led_organisation_weak", share=_fraction)
def _led_weak(f: Facts, p: Params) -> Bools:
    return ~_over_led_organisations(f, ~_weak(f, p))


@kind("unit_organisation_weak", share=_fraction)
def _unit_weak(f: Facts, p: Params) -> Bools:
    org = organisation_of_unit(f)[f.unit]
    result = np.zeros(f.size, np.bool_)
    has = org >= 0
    result[has] = _weak(f, p)[org[has]]
    return result


@kind("unit_leadership_collective_disciplined", self_detected_counts=_flag, public_service_only=_flag)
def _unit_leadership_collective_disciplined(f: Facts, p: Params) -> Bools:
    """The `leadership_collective` subject of the subject's unit has a counting entry of its own (§3.3).

    It reads that subject's input, not its result, so it holds whatever that subject's status and adds no edge.
    """
    collective = collective_of_unit(f, "leadership_collective")[f.unit]
    disciplined = per_subject(f, f.discipline, counting(f, f.discipline, p))
    result = np.zeros(f.size, np.bool_)
    has = collective >= 0
    result[has] = disciplined[collective[has]]
    return result


@kind("low_confidence", share=_fraction)
def _low_confidence(f: Facts, p: Params) -> Bools:
    return (f.confidence_voters > 0) & above(f.confidence_low, f.confidence_voters, p["share"])


# --- shared helpers -----------------------------------------------------------------------------------


def in_force(f: Facts, table: DisciplineTable) -> Bools:
    """Effective in the period, not counted yet, and its violation not counted in any year (§3.3)."""
    key = id(table)
    cached = f._cache.get(f"in_force:{key}")
    if cached is None:
        counted_violations = np.zeros(int(table.violation.max(initial=-1)) + 1, np.bool_)
        counted_violations[table.violation[table.has_counted]] = True
        in_period = (table.effective >= f.period_start) & (table.effective <= f.period_end)
        cached = in_period & ~table.has_counted & ~counted_violations[table.violation]
        f._cache[f"in_force:{key}"] = cached
    return cached  # type: ignore[return-value]


def counting(f: Facts, table: DisciplineTable, p: Params) -> Bools:
    entries = in_force(f, table)
    if not p["self_detected_counts"]:
        entries = entries & ~table.self_detected
    if p["public_service_only"]:
        entries = entries & table.public_service
    return entries


def per_subject(f: Facts, table: DisciplineTable, entries: Bools) -> Bools:
    return np.bincount(table.subject[entries], minlength=f.size) > 0


def collective_of_unit(f: Facts, category: str) -> Any:
    """For each unit, the index of its subject of this collective category, or -1."""
    key = f"collective_of_unit:{category}"
    cached = f._cache.get(key)
    if cached is None:
        cached = np.full(len(f.unit_kind), -1, np.int32)
        rows = np.flatnonzero(f.category == CATEGORY_CODE[category])
        cached[f.unit[rows]] = rows
        f._cache[key] = cached
    return cached


def organisation_of_unit(f: Facts) -> Any:
    """For each unit, the index of its `organisation` subject, or -1."""
    return collective_of_unit(f, "organisation")
