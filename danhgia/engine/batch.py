"""The batch path: `Facts` built straight from columns (as a database COPY hands them over), validated
vectorised, so that a whole cycle of millions of subjects is classified without a Python object per row.

Every column is optional except the identity of the subjects; an omitted column takes the documented
default of docs/engine-contract.md §1. Bad values are rejected with the first offending subject and field
named, like the document path. Discipline entries come as their own columns with a `subject` row index.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from danhgia.engine.codes import CATEGORIES, CONCLUSIONS, INDIVIDUAL_CATEGORIES, UNIT_KINDS
from danhgia.engine.errors import ScenarioError
from danhgia.engine.facts import DisciplineTable, Facts, ymd

Column = npt.NDArray[Any]

# name → (dtype, default) of the optional per-subject columns
DEFAULTS: dict[str, tuple[type, object]] = {
    "quota_priority": (np.int64, 0),
    "score": (np.float64, np.nan),
    "has_grades": (np.bool_, False),
    "grade_tasks": (np.int8, 0),
    "grade_others_min": (np.int8, 5),
    "has_weak_grade": (np.bool_, False),
    "xs_count": (np.int64, 0),
    "specific_products": (np.bool_, True),
    "has_tasks": (np.bool_, False),
    "assigned": (np.int64, 0),
    "completed": (np.int64, 0),
    "on_time": (np.int64, 0),
    "exceeded": (np.int64, 0),
    "key_missed": (np.int64, 0),
    "force_majeure": (np.bool_, False),
    "noted": (np.int64, 0),
    "remedied": (np.int64, 0),
    "is_member": (np.bool_, False),
    "exempt_from_activities": (np.bool_, False),
    "suspended": (np.bool_, False),
    "admitted": (np.int32, 0),
    "sick_months": (np.float64, 0.0),
    "other_months": (np.float64, 0.0),
    "maternity": (np.bool_, False),
    "months_worked": (np.float64, 12.0),
    "civil_service_level": (np.int8, 0),
    "confidence_voters": (np.int64, 0),
    "confidence_low": (np.int64, 0),
    "head_of": (np.int32, -1),
    "sub_total": (np.int64, 0),
    "sub_disciplined": (np.int64, 0),
    "sub_self_detected": (np.int64, 0),
    "member_degradation": (np.bool_, False),
    "formed": (np.int32, 0),
}
DISCIPLINE_COLUMNS = ("subject", "form", "effective", "violation", "self_detected", "public_service", "has_counted")


@dataclass(frozen=True)
class Period:
    start: date
    end: date


def facts_from_columns(
    *,
    period: Period,
    unit_parent: Column,
    unit_kind: Column,
    ids: Column,
    category: Column,
    unit: Column,
    unit_ids: list[str] | None = None,
    subjects: Mapping[str, Column] | None = None,
    group: Column | None = None,
    group_names: list[str] | None = None,
    quota_exceptions: frozenset[str] = frozenset(),
    led: tuple[Column, Column] | None = None,
    discipline: Mapping[str, Column] | None = None,
    member_discipline: Mapping[str, Column] | None = None,
) -> Facts:
    """Columns → validated `Facts`. `group`/`group_names` default to "<unit>/<type>/<category>"."""
    n = len(ids)
    given = dict(subjects or {})
    unknown = set(given) - set(DEFAULTS) - {f"conclusion_{c}" for c in CONCLUSIONS}
    if unknown:
        raise ScenarioError(f"unknown column(s) {sorted(unknown)}")
    column: dict[str, Any] = {
        name: _column(given, name, dtype, default, n) for name, (dtype, default) in DEFAULTS.items()
    }
    category = np.asarray(category, np.int8)
    unit = np.asarray(unit, np.int32)
    is_collective = category >= len(INDIVIDUAL_CATEGORIES)
    outside = (unit < 0) | (unit >= len(unit_kind))
    if outside.any():
        row = int(np.flatnonzero(outside)[0])
        raise ScenarioError("unit does not exist", where=f"subject {str(ids[row])!r} (row {row})", field="unit")
    if group is None:
        group, group_names = _default_groups(unit, category, unit_ids)
    assert group_names is not None
    led_subject, led_unit = _led_edges(led, column["head_of"])
    group = np.asarray(group, np.int32)
    facts = Facts(
        period_start=ymd(period.start),
        period_end=ymd(period.end),
        unit_parent=np.asarray(unit_parent, np.int32),
        unit_kind=np.asarray(unit_kind, np.int8),
        ids=np.asarray(ids),
        is_collective=is_collective,
        category=category,
        unit=unit,
        group=group,
        group_names=group_names,
        group_exception=np.array([name in quota_exceptions for name in group_names], np.bool_),
        conclusions={c: _column(given, f"conclusion_{c}", np.bool_, False, n) for c in CONCLUSIONS},
        led_subject=led_subject,
        led_unit=led_unit,
        discipline=_discipline(discipline),
        member_discipline=_discipline(member_discipline),
        **column,
    )
    validate(facts)
    return facts


def _column(given: Mapping[str, Column], name: str, dtype: type, default: object, n: int) -> Column:
    if name not in given:
        return np.full(n, default, dtype)
    value = np.asarray(given[name])
    if value.shape != (n,):
        raise ScenarioError(f"column has {value.shape[0] if value.ndim else 0} rows, expected {n}", field=name)
    return value.astype(dtype, copy=False)


def _led_edges(led: tuple[Column, Column] | None, head_of: Column) -> tuple[Column, Column]:
    """`leads` ∪ `head_of` as (leader row, unit) pairs, each pair once (docs/engine-contract.md §1)."""
    heads = np.flatnonzero(head_of >= 0)
    subject = np.concatenate([np.asarray(led[0], np.int64) if led else np.zeros(0, np.int64), heads])
    unit = np.concatenate([np.asarray(led[1], np.int64) if led else np.zeros(0, np.int64), head_of[heads]])
    pairs = np.unique(np.stack([subject, unit], axis=1), axis=0) if subject.size else np.zeros((0, 2), np.int64)
    return pairs[:, 0].astype(np.int32), pairs[:, 1].astype(np.int32)


def _default_groups(unit: Column, category: Column, unit_ids: list[str] | None) -> tuple[Column, list[str]]:
    key = unit.astype(np.int64) * len(CATEGORIES) + category
    unique, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")  # number groups by first appearance, like the document path
    rank = np.empty(order.size, np.int32)
    rank[order] = np.arange(order.size, dtype=np.int32)
    keys = unique[order]
    labels = unit_ids if unit_ids else [str(u) for u in range(int(unit.max(initial=0)) + 1)]
    kinds = [f"{'individual' if c in INDIVIDUAL_CATEGORIES else 'collective'}/{c}" for c in CATEGORIES]
    units, categories = (keys // len(CATEGORIES)).tolist(), (keys % len(CATEGORIES)).tolist()
    names = [f"{labels[u]}/{kinds[c]}" for u, c in zip(units, categories, strict=True)]
    return rank[inverse.ravel()], names


def _discipline(columns: Mapping[str, Column] | None) -> DisciplineTable:
    if not columns:
        return DisciplineTable.empty()
    missing = [name for name in DISCIPLINE_COLUMNS if name not in columns]
    if missing:
        raise ScenarioError(f"discipline column(s) {missing} missing")
    types = {f.name: f.type for f in fields(DisciplineTable)}
    dtypes = {"subject": np.int32, "form": np.int8, "effective": np.int32, "violation": np.int64}
    return DisciplineTable(
        **{
            name: np.asarray(columns[name]).astype(dtypes.get(name, np.bool_), copy=False)
            for name in DISCIPLINE_COLUMNS
            if name in types
        }
    )


def _fail(f: Facts, bad: npt.NDArray[np.bool_], field: str, message: str) -> None:
    if bad.any():
        row = int(np.flatnonzero(bad)[0])
        raise ScenarioError(message, where=f"subject {str(f.ids[row])!r} (row {row})", field=field)


def validate(f: Facts) -> None:
    """The checks of docs/engine-contract.md §1 that columns can break (types are fixed by the dtypes)."""
    units = len(f.unit_kind)
    if ((f.unit_kind < 0) | (f.unit_kind >= len(UNIT_KINDS))).any():
        raise ScenarioError("unknown unit kind code", field="unit_kind")
    _fail(f, (f.category < 0) | (f.category >= len(CATEGORIES)), "category", "unknown category code")
    _fail(
        f,
        (f.head_of < -1) | (f.head_of >= units) | ((f.head_of >= 0) & f.is_collective),
        "head_of",
        "head_of names no unit, or is given for a collective",
    )
    _fail(f, (f.score < 0) | (f.score > 100), "score", "score must be within 0–100")
    counts = (
        "assigned",
        "completed",
        "on_time",
        "exceeded",
        "key_missed",
        "noted",
        "remedied",
        "confidence_voters",
        "confidence_low",
        "sub_total",
        "sub_disciplined",
        "sub_self_detected",
    )
    for name in counts:
        _fail(f, getattr(f, name) < 0, name, "must be ≥ 0")
    _fail(
        f,
        (f.on_time > f.completed) | (f.completed > f.assigned) | (f.exceeded > f.completed),
        "tasks",
        "task counts must satisfy on_time ≤ completed ≤ assigned and exceeded ≤ completed",
    )
    _fail(f, f.remedied > f.noted, "shortcomings", "remedied must not exceed noted")
    _fail(f, f.confidence_low > f.confidence_voters, "confidence", "low must not exceed voters")
    _fail(f, f.sub_disciplined > f.sub_total, "subordinates", "disciplined must not exceed total")
    _fail(
        f,
        f.sub_self_detected > f.sub_disciplined,
        "subordinates",
        "disciplined_self_detected must not exceed disciplined",
    )
    for name in ("sick_months", "other_months", "months_worked"):
        _fail(f, (getattr(f, name) < 0) | (getattr(f, name) > 12), name, "must be within 0–12")
    _fail(f, (f.civil_service_level < 0) | (f.civil_service_level > 4), "civil_service_level", "must be 0 or 1–4")
    _fail(f, (f.group < 0) | (f.group >= len(f.group_names)), "group", "group does not exist")
    _check_collectives(f)
    _check_group_types(f)
    for table in (f.discipline, f.member_discipline):
        if ((table.subject < 0) | (table.subject >= f.size)).any():
            raise ScenarioError("discipline entry names no subject", field="discipline.subject")
    if ((f.led_unit < 0) | (f.led_unit >= units) | (f.led_subject < 0) | (f.led_subject >= f.size)).any():
        raise ScenarioError("a led unit or its leader does not exist", field="leads")


def _check_collectives(f: Facts) -> None:
    rows = np.flatnonzero(f.is_collective)
    key = f.unit[rows].astype(np.int64) * len(CATEGORIES) + f.category[rows]
    order = np.argsort(key, kind="stable")
    twice = np.zeros(f.size, np.bool_)
    twice[rows[order][1:][key[order][1:] == key[order][:-1]]] = True
    _fail(f, twice, "category", "the unit already has a subject of this collective category")


def _check_group_types(f: Facts) -> None:
    kinds = np.zeros((len(f.group_names), 2), np.bool_)
    kinds[f.group, f.is_collective.astype(np.int64)] = True
    _fail(
        f,
        np.asarray(kinds[f.group].all(axis=1), np.bool_),
        "quota_group",
        "the quota group mixes individuals and collectives",
    )
