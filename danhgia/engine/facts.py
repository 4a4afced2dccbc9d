"""Facts as columns: one numpy array per field, one row per subject (ADR 0003).

The single-scenario path builds `Facts` from a validated scenario (`facts_from_scenario`); the batch path
builds the same structure straight from database columns. Everything downstream reads only `Facts`, so the
two paths share one implementation of every rule.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from danhgia.engine.codes import CATEGORY_CODE, CONCLUSIONS, FORM_CODE, GRADE_BY_NAME, UNIT_KIND_CODE, Grade
from danhgia.engine.scenario import (
    Collective,
    DisciplineEntry,
    Individual,
    Scenario,
    default_quota_group,
)

Bools = npt.NDArray[np.bool_]
Ints = npt.NDArray[np.int64]
Small = npt.NDArray[np.int8]
Index = npt.NDArray[np.int32]
Floats = npt.NDArray[np.float64]


def ymd(day: date) -> int:
    """A date as the integer YYYYMMDD, so that date columns compare as integers."""
    return day.year * 10000 + day.month * 100 + day.day


@dataclass(frozen=True)
class DisciplineTable:
    """Discipline entries of one list kind (own or members'), one row per entry."""

    subject: Index
    form: Small
    effective: npt.NDArray[np.int32]
    violation: Ints  # same value = same violation within the same subject's list
    self_detected: Bools
    public_service: Bools
    has_counted: Bools  # counted_in_year is not null

    @staticmethod
    def empty() -> DisciplineTable:
        return DisciplineTable(
            subject=np.zeros(0, np.int32),
            form=np.zeros(0, np.int8),
            effective=np.zeros(0, np.int32),
            violation=np.zeros(0, np.int64),
            self_detected=np.zeros(0, np.bool_),
            public_service=np.zeros(0, np.bool_),
            has_counted=np.zeros(0, np.bool_),
        )


@dataclass(frozen=True)
class Facts:
    """Everything the rules read. Absent optional inputs hold the documented defaults."""

    period_start: int  # YYYYMMDD
    period_end: int
    # units
    unit_parent: Index  # -1 for a root
    unit_kind: Small
    # subjects
    ids: npt.NDArray[np.str_]
    is_collective: Bools
    category: Small
    unit: Index
    group: Index  # index into group_names, numbered in order of first appearance
    group_names: list[str]
    group_exception: Bools  # per group: listed in quota_exceptions
    quota_priority: Ints
    score: Floats  # NaN when absent
    has_grades: Bools
    grade_tasks: Small  # Grade; 0 when there is no `tasks` grade
    grade_others_min: Small  # the lowest "other" grade; 5 when there are none
    has_weak_grade: Bools
    xs_count: Ints
    specific_products: Bools
    has_tasks: Bools
    assigned: Ints
    completed: Ints
    on_time: Ints
    exceeded: Ints
    key_missed: Ints
    force_majeure: Bools
    noted: Ints
    remedied: Ints
    conclusions: dict[str, Bools]
    is_member: Bools
    exempt_from_activities: Bools
    suspended: Bools
    admitted: npt.NDArray[np.int32]  # YYYYMMDD, 0 when unknown
    sick_months: Floats
    other_months: Floats
    maternity: Bools
    months_worked: Floats
    civil_service_level: Small  # 0 when absent
    confidence_voters: Ints
    confidence_low: Ints
    head_of: Index  # -1 when not a head
    led_subject: Index  # edges: individual -> unit it leads (leads ∪ head_of)
    led_unit: Index
    sub_total: Ints
    sub_disciplined: Ints
    sub_self_detected: Ints
    member_degradation: Bools
    formed: npt.NDArray[np.int32]  # YYYYMMDD the collective was formed, 0 when unknown
    discipline: DisciplineTable
    member_discipline: DisciplineTable
    _cache: dict[str, object] = field(default_factory=dict, compare=False, repr=False)

    @property
    def size(self) -> int:
        return len(self.ids)


def facts_from_scenario(scenario: Scenario, exception_ratio_exists: bool) -> Facts:
    """Encode a validated scenario as columns (the small path; the batch path builds `Facts` directly)."""
    unit_index = {unit.id: i for i, unit in enumerate(scenario.units)}
    subjects = scenario.subjects
    n = len(subjects)
    groups: dict[str, int] = {}
    group = np.array([groups.setdefault(default_quota_group(s), len(groups)) for s in subjects], np.int32)
    exceptions = set(scenario.quota_exceptions) if exception_ratio_exists else set()
    individuals = [s if isinstance(s, Individual) else None for s in subjects]
    collectives = [s if isinstance(s, Collective) else None for s in subjects]
    grades = [_grade_summary(s.grades) for s in subjects]
    tasks = [s.tasks for s in subjects]
    led_subject: list[int] = []
    led_unit: list[int] = []
    for i, person in enumerate(individuals):
        if person is not None:
            led = dict.fromkeys(([person.head_of] if person.head_of else []) + list(person.leads))
            led_subject.extend([i] * len(led))
            led_unit.extend(unit_index[u] for u in led)

    def column(values: Sequence[Any], dtype: type) -> npt.NDArray[Any]:
        return np.array(values, dtype=dtype) if n else np.zeros(0, dtype)

    memberships = [p.membership if p is not None else None for p in individuals]
    absences = [p.absence if p is not None else None for p in individuals]
    confidences = [p.confidence if p is not None else None for p in individuals]
    subordinates = [c.subordinates if c is not None else None for c in collectives]
    return Facts(
        period_start=ymd(scenario.period.start),
        period_end=ymd(scenario.period.end),
        unit_parent=np.array([unit_index[u.parent] if u.parent is not None else -1 for u in scenario.units], np.int32),
        unit_kind=np.array([UNIT_KIND_CODE[u.kind] for u in scenario.units], np.int8),
        ids=np.array([s.id for s in subjects], dtype=np.str_),
        is_collective=column([c is not None for c in collectives], np.bool_),
        category=column([CATEGORY_CODE[s.category] for s in subjects], np.int8),
        unit=column([unit_index[s.unit] for s in subjects], np.int32),
        group=group,
        group_names=list(groups),
        group_exception=np.array([name in exceptions for name in groups], np.bool_),
        quota_priority=column([s.quota_priority for s in subjects], np.int64),
        score=column([s.score if s.score is not None else np.nan for s in subjects], np.float64),
        has_grades=column([s.grades is not None for s in subjects], np.bool_),
        grade_tasks=column([g[0] for g in grades], np.int8),
        grade_others_min=column([g[1] for g in grades], np.int8),
        has_weak_grade=column([g[2] for g in grades], np.bool_),
        xs_count=column([g[3] for g in grades], np.int64),
        specific_products=column([s.specific_products for s in subjects], np.bool_),
        has_tasks=column([t is not None for t in tasks], np.bool_),
        assigned=column([t.assigned if t else 0 for t in tasks], np.int64),
        completed=column([t.completed if t else 0 for t in tasks], np.int64),
        on_time=column([t.on_time if t else 0 for t in tasks], np.int64),
        exceeded=column([t.exceeded if t else 0 for t in tasks], np.int64),
        key_missed=column([t.key_missed if t else 0 for t in tasks], np.int64),
        force_majeure=column([t.force_majeure if t else False for t in tasks], np.bool_),
        noted=column([s.shortcomings.noted if s.shortcomings else 0 for s in subjects], np.int64),
        remedied=column([s.shortcomings.remedied if s.shortcomings else 0 for s in subjects], np.int64),
        conclusions={name: column([getattr(s.conclusions, name) for s in subjects], np.bool_) for name in CONCLUSIONS},
        is_member=column([m is not None for m in memberships], np.bool_),
        exempt_from_activities=column([bool(m and m.exempt_from_activities) for m in memberships], np.bool_),
        suspended=column([bool(m and m.suspended) for m in memberships], np.bool_),
        admitted=column([ymd(m.admitted) if m and m.admitted else 0 for m in memberships], np.int32),
        sick_months=column([a.sick_months if a else 0.0 for a in absences], np.float64),
        other_months=column([a.other_months if a else 0.0 for a in absences], np.float64),
        maternity=column([bool(a and a.maternity) for a in absences], np.bool_),
        months_worked=column([a.months_worked if a else 12.0 for a in absences], np.float64),
        civil_service_level=column(
            [int(p.civil_service_level[1]) if p and p.civil_service_level else 0 for p in individuals],
            np.int8,
        ),
        confidence_voters=column([c.voters if c else 0 for c in confidences], np.int64),
        confidence_low=column([c.low if c else 0 for c in confidences], np.int64),
        head_of=column(
            [unit_index[p.head_of] if p and p.head_of else -1 for p in individuals],
            np.int32,
        ),
        led_subject=np.array(led_subject, np.int32),
        led_unit=np.array(led_unit, np.int32),
        sub_total=column([s.total if s else 0 for s in subordinates], np.int64),
        sub_disciplined=column([s.disciplined if s else 0 for s in subordinates], np.int64),
        sub_self_detected=column([s.disciplined_self_detected if s else 0 for s in subordinates], np.int64),
        member_degradation=column([bool(c and c.member_degradation) for c in collectives], np.bool_),
        formed=column([ymd(c.formed) if c and c.formed else 0 for c in collectives], np.int32),
        discipline=_discipline_table([s.discipline for s in subjects]),
        member_discipline=_discipline_table([c.member_discipline if c else [] for c in collectives]),
    )


def _grade_summary(grades: Mapping[str, str] | None) -> tuple[int, int, bool, int]:
    """(tasks grade, lowest other grade, any K, number of XS) of a grades object."""
    if not grades:
        return (0, 5, False, 0)
    values = {key: GRADE_BY_NAME[value] for key, value in grades.items()}
    others = [grade for key, grade in values.items() if key != "tasks"]
    return (
        int(values.get("tasks", Grade.NONE)),
        int(min(others)) if others else 5,
        Grade.K in values.values(),
        sum(1 for grade in values.values() if grade == Grade.XS),
    )


def _discipline_table(lists: list[list[DisciplineEntry]]) -> DisciplineTable:
    rows = [(i, entry) for i, entries in enumerate(lists) for entry in entries]
    if not rows:
        return DisciplineTable.empty()
    violations: dict[tuple[int, str], int] = {}
    return DisciplineTable(
        subject=np.array([i for i, _ in rows], np.int32),
        form=np.array([FORM_CODE[e.form] for _, e in rows], np.int8),
        effective=np.array([ymd(e.effective) for _, e in rows], np.int32),
        violation=np.array([violations.setdefault((i, e.violation), len(violations)) for i, e in rows], np.int64),
        self_detected=np.array([e.self_detected_remedied for _, e in rows], np.bool_),
        public_service=np.array([e.public_service for _, e in rows], np.bool_),
        has_counted=np.array([e.counted_in_year is not None for _, e in rows], np.bool_),
    )
