"""Sheets whose rows hang off people and units: posts, party memberships (and cell membership), discipline,
absences and civil-service results. Each is a Shape: its natural key, the fields it updates, how a row
becomes model fields, and the checks a row must pass. One generic upsert writes them all in bulk.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils.translation import gettext as _

from danhgia.apps.orgs.models import (
    CellKind,
    CellMembership,
    CivilServiceResult,
    DisciplineRecord,
    PartyMembership,
    Post,
    PostRole,
    UnitKind,
    YearAbsence,
)
from danhgia.apps.spreadsheets.lookups import Lookups, chunks
from danhgia.apps.spreadsheets.records import KindCounts, Problem, Record, WriteProblem, duplicate_reason
from danhgia.apps.spreadsheets.writer import create_all, update_all

CELL_KINDS = (UnitKind.CELL, UnitKind.GRASSROOTS_CELL)


@dataclass(frozen=True)
class Shape:
    model: type[Model]
    key: tuple[str, ...]  # model fields of the natural key (ids resolved)
    values: tuple[str, ...]  # model fields compared and updated
    fields: Callable[[Record, Lookups], dict[str, Any]]
    file_key: tuple[str, ...] = ()  # sheet columns of the natural key; "person" is the person reference
    check: Callable[[Record, Lookups], list[Problem]] = lambda record, found: []
    # A field is updated only when one of these columns is in the sheet (default: its own name).
    governed_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    wants: Callable[[Record], bool] = lambda record: True  # whether the row writes this shape at all


def _person(record: Record, found: Lookups) -> int | None:
    key = found.person_key(record)
    return None if key is None else found.person_id(key)


def _unit(record: Record, found: Lookups, column: str = "unit_code") -> int | None:
    code = record.values.get(column)
    return None if code is None else found.unit_id(code)


def _post_fields(record: Record, found: Lookups) -> dict[str, Any]:
    v = record.values
    role = v.get("role") or PostRole.MEMBER
    leadership = v.get("is_leadership")
    return {
        "person_id": _person(record, found),
        "unit_id": _unit(record, found),
        "title": v["title"],
        "valid_from": v["valid_from"],
        "role": role,
        "is_leadership": role == PostRole.HEAD if leadership is None else leadership,
        "centrally_managed": bool(v.get("centrally_managed")),
        "valid_to": v.get("valid_to"),
    }


def _post_check(record: Record, found: Lookups) -> list[Problem]:
    v = record.values
    problems = []
    if v.get("valid_to") is not None and v["valid_to"] <= v["valid_from"]:
        problems.append(record.problem("valid_to", _("The end date must be after the start date.")))
    if v.get("role") == PostRole.HEAD and v.get("is_leadership") is False:
        problems.append(record.problem("is_leadership", _("The head of a unit holds a leadership post.")))
    return problems


def _membership_check(record: Record, found: Lookups) -> list[Problem]:
    v = record.values
    problems = []
    if v.get("official_on") is not None and v["official_on"] < v["admitted_on"]:
        reason = _("The date of becoming an official member cannot be before the admission date.")
        problems.append(record.problem("official_on", reason))
    cell = v.get("cell_code")
    if cell is not None and found.unit_kind(cell) not in (None, *CELL_KINDS):
        problems.append(record.problem("cell_code", _("This unit is not a party cell.")))
    if cell is None and v.get("cell_from") is not None:
        problems.append(record.problem("cell_code", _("Enter the cell the member belongs to from this date.")))
    return problems


def _discipline_check(record: Record, found: Lookups) -> list[Problem]:
    v = record.values
    has_person = v.get("national_id") is not None or v.get("personnel_code") is not None
    has_unit = v.get("unit_code") is not None
    if has_person == has_unit:
        return [record.problem("national_id", _("Enter either a person (national ID or personnel code) or a unit."))]
    if v.get("on_leadership_collective") and not has_unit:
        return [record.problem("on_leadership_collective", _("Discipline of a leadership collective needs a unit."))]
    return []


SHAPES: dict[str, Shape] = {
    "posts": Shape(
        model=Post,
        key=("person_id", "unit_id", "title", "valid_from"),
        values=("role", "is_leadership", "centrally_managed", "valid_to"),
        fields=_post_fields,
        file_key=("person", "unit_code", "title", "valid_from"),
        check=_post_check,
        governed_by={"is_leadership": ("is_leadership", "role")},
    ),
    "memberships": Shape(
        model=PartyMembership,
        key=("person_id",),
        values=("admitted_on", "official_on", "card_number"),
        fields=lambda r, found: {
            "person_id": _person(r, found),
            "admitted_on": r.values["admitted_on"],
            "official_on": r.values.get("official_on"),
            "card_number": r.values.get("card_number") or "",
        },
        file_key=("person",),
        check=_membership_check,
    ),
    "cell_memberships": Shape(
        model=CellMembership,
        key=("person_id", "kind", "valid_from"),
        values=("cell_id",),
        fields=lambda r, found: {
            "person_id": _person(r, found),
            "kind": CellKind.OFFICIAL,
            "valid_from": r.values.get("cell_from") or r.values["admitted_on"],
            "cell_id": _unit(r, found, "cell_code"),
        },
        governed_by={"cell_id": ("cell_code",)},
        wants=lambda r: r.values.get("cell_code") is not None,
    ),
    "discipline": Shape(
        model=DisciplineRecord,
        key=("person_id", "unit_id", "on_leadership_collective", "violation", "effective_on", "form"),
        values=("system", "self_detected_remedied", "public_service", "counted_in_year", "decision"),
        fields=lambda r, found: {
            "person_id": _person(r, found),
            "unit_id": _unit(r, found),
            "on_leadership_collective": bool(r.values.get("on_leadership_collective")),
            "violation": r.values["violation"],
            "effective_on": r.values["effective_on"],
            "form": r.values["form"],
            "system": r.values["system"],
            "self_detected_remedied": bool(r.values.get("self_detected_remedied")),
            "public_service": r.values.get("public_service", True) is not False,
            "counted_in_year": r.values.get("counted_in_year"),
            "decision": r.values.get("decision") or "",
        },
        file_key=("person", "unit_code", "on_leadership_collective", "violation", "effective_on", "form"),
        check=_discipline_check,
    ),
    "absences": Shape(
        model=YearAbsence,
        key=("person_id", "year"),
        values=("sick_months", "other_months", "maternity", "months_worked"),
        fields=lambda r, found: {
            "person_id": _person(r, found),
            "year": r.values["year"],
            **{name: r.values[name] for name in ("sick_months", "other_months", "months_worked") if r.has(name)},
            "maternity": bool(r.values.get("maternity")),
        },
        file_key=("person", "year"),
    ),
    "civil_service": Shape(
        model=CivilServiceResult,
        key=("person_id", "year"),
        values=("level", "decided_by"),
        fields=lambda r, found: {
            "person_id": _person(r, found),
            "year": r.values["year"],
            "level": r.values["level"],
            "decided_by": r.values.get("decided_by") or "",
        },
        file_key=("person", "year"),
    ),
}
# Which shapes a sheet kind writes, in order.
KIND_SHAPES = {
    "posts": ("posts",),
    "memberships": ("memberships", "cell_memberships"),
    "discipline": ("discipline",),
    "absences": ("absences",),
    "civil_service": ("civil_service",),
}


def dependents_check(kind: str, records: list[Record], found: Lookups) -> list[Problem]:
    shape = SHAPES[kind]
    problems: list[Problem] = []
    seen: dict[tuple[Any, ...], Record] = {}
    for record in records:
        if not record.ok:
            continue
        found_problems = _reference_problems(record, found) + shape.check(record, found)
        if not found_problems:
            person = found.person_key(record)
            key = tuple(person if name == "person" else record.values.get(name) for name in shape.file_key)
            if (first := seen.setdefault(key, record)) is not record:
                column = next((name for name in shape.file_key if name != "person"), "national_id")
                found_problems.append(
                    record.problem(column if len(shape.file_key) > 1 else "national_id", duplicate_reason(first))
                )
        problems += found_problems
        record.ok = not found_problems
    return problems


def _key_column(record: Record, shape: Shape) -> str:
    """The column a duplicate is reported in: the first key column after the person."""
    for name in shape.file_key:
        if name != "person" and record.has(name):
            return name
    return "national_id" if record.values.get("national_id") is not None else "personnel_code"


def _reference_problems(record: Record, found: Lookups) -> list[Problem]:
    v = record.values
    problems = []
    if (v.get("national_id") is not None or v.get("personnel_code") is not None) and found.person_key(record) is None:
        column = "national_id" if v.get("national_id") is not None else "personnel_code"
        reason = _("No person has this %(what)s, in the system or on the “Nhân sự” sheet.") % {
            "what": record.sheet.header(column)
        }
        problems.append(record.problem(column, reason))
    for column in ("unit_code", "cell_code"):
        if v.get(column) is not None and found.unit_kind(v[column]) is None:
            problems.append(record.problem(column, _("No unit has this code, in the system or in the file.")))
    return problems


def dependents_write(shape_name: str, records: list[Record], found: Lookups) -> KindCounts:
    shape = SHAPES[shape_name]
    rows = [(record, shape.fields(record, found)) for record in records if shape.wants(record)]
    existing = _existing(shape, [fields for _record, fields in rows])
    counts = KindCounts()
    new: list[Model] = []
    changed: list[Model] = []
    changed_fields: set[str] = set()
    seen: dict[tuple[Any, ...], Record] = {}
    for record, fields in rows:
        key = tuple(fields[name] for name in shape.key)
        if (first := seen.setdefault(key, record)) is not record:
            raise WriteProblem(record.problem("national_id", duplicate_reason(first)))
        old = existing.get(key)
        if old is None:
            new.append(shape.model(**fields))
            continue
        edits = [
            name
            for name in shape.values
            if name in fields
            and any(record.has(column) for column in shape.governed_by.get(name, (name,)))
            and old[name] != fields[name]
        ]
        if not edits:
            counts.unchanged += 1
            continue
        old.update({name: fields[name] for name in edits})
        changed.append(shape.model(**old))
        changed_fields.update(edits)
        counts.updated += 1
    create_all(shape.model, new)
    update_all(shape.model, changed, sorted(changed_fields))
    counts.created = len(new)
    if shape.model is CellMembership and new:
        _close_earlier_cells({obj.person_id for obj in new})  # type: ignore[attr-defined]
    return counts


def _existing(shape: Shape, rows: list[dict[str, Any]]) -> dict[tuple[Any, ...], dict[str, Any]]:
    """The database rows with the natural keys of `rows`, by key, as field dicts (with the pk)."""
    names = ["pk", *shape.key, *shape.values]
    found: dict[tuple[Any, ...], dict[str, Any]] = {}
    for owner in ("person_id", "unit_id"):
        if owner not in shape.key:
            continue
        ids = sorted({row[owner] for row in rows if row[owner] is not None})
        for batch in chunks(ids):
            for values in shape.model._default_manager.filter(**{f"{owner}__in": batch}).values(*names):
                found[tuple(values[name] for name in shape.key)] = values
    return found


def _close_earlier_cells(person_ids: set[int]) -> None:
    """A new official cell membership ends the member's open one that started earlier."""
    closing: list[CellMembership] = []
    for batch in chunks(sorted(person_ids)):
        memberships = CellMembership.objects.filter(person_id__in=batch, kind=CellKind.OFFICIAL)
        previous: CellMembership | None = None
        for membership in memberships.order_by("person_id", "valid_from"):
            if previous is not None and previous.person_id == membership.person_id and previous.valid_to is None:
                previous.valid_to = membership.valid_from
                closing.append(previous)
            previous = membership
    update_all(CellMembership, closing, ["valid_to"])
