"""The people sheet: upsert by national ID, else personnel code, in bulk."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from danhgia.apps.orgs.models import Person
from danhgia.apps.spreadsheets.lookups import PERSON_FIELDS, Lookups
from danhgia.apps.spreadsheets.records import KindCounts, Problem, Record, duplicate_reason
from danhgia.apps.spreadsheets.writer import create_all, update_all

KEYS = ((1, "national_id"), (2, "personnel_code"))  # positions in lookups.PERSON_FIELDS
DETAILS = ((3, "full_name"), (4, "birth_date"), (5, "sex"))

PeoplePlan = list[tuple[Record, list[Any] | None]]  # each row with the database person it updates, if any


def people_check(records: list[Record], found: Lookups) -> tuple[list[Problem], PeoplePlan]:
    problems: list[Problem] = []
    plan: PeoplePlan = []
    seen: dict[tuple[str, Any], Record] = {}
    for record in records:
        if not record.ok:
            continue
        values = record.values
        nid, code = values.get("national_id"), values.get("personnel_code")
        by_nid = None if nid is None else found.by_nid.get(nid)
        by_code = None if code is None else found.by_code.get(code)
        if by_code is not None and (
            (by_nid is not None and by_nid is not by_code) or (by_nid is None and None not in (nid, by_code[1]))
        ):
            reason = _("This personnel code belongs to another person: %(name)s.")
            problems.append(record.problem("personnel_code", reason % {"name": by_code[3]}))
            continue
        match = by_nid or by_code
        duplicate = None
        for key in (("nid", nid), ("code", code), ("id", None if match is None else match[0])):
            if key[1] is not None and (first := seen.setdefault(key, record)) is not record:
                duplicate = first
        if duplicate is not None:
            column = "national_id" if nid is not None else "personnel_code"
            problems.append(record.problem(column, duplicate_reason(duplicate)))
            continue
        plan.append((record, match))
    return problems, plan


def people_write(plan: PeoplePlan, found: Lookups) -> KindCounts:
    counts = KindCounts()
    new: list[Person] = []
    changed: list[Person] = []
    fields: set[str] = set()
    for record, row in plan:
        values = record.values
        if row is None:
            new.append(
                Person(
                    national_id=values.get("national_id"),
                    personnel_code=values.get("personnel_code"),
                    full_name=values["full_name"],
                    birth_date=values.get("birth_date"),
                    sex=values.get("sex") or "",
                )
            )
            continue
        edits = [
            (index, name)
            for index, name in KEYS
            if values.get(name) is not None and row[index] != values[name]  # a blank key never clears one
        ] + [(index, name) for index, name in DETAILS if record.has(name) and row[index] != values[name]]
        if not edits:
            counts.unchanged += 1
            continue
        for index, name in edits:
            row[index] = values[name]
            fields.add(name)
        changed.append(Person(**dict(zip(PERSON_FIELDS, row, strict=True))))
        _remember(found, row)
        counts.updated += 1
    create_all(Person, new)
    for person in new:
        _remember(found, [person.pk, person.national_id, person.personnel_code])
    update_all(Person, changed, sorted(fields))
    counts.created = len(new)
    return counts


def _remember(found: Lookups, row: list[Any]) -> None:
    if row[1] is not None:
        found.by_nid[row[1]] = row
    if row[2] is not None:
        found.by_code[row[2]] = row
