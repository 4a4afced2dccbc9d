"""The units sheet: the effective-dated tree. Rows for one code in date order: the first creates the unit
(unit_create), a later row with another parent moves it and its subtree from that date (unit_move), a row
with the parent the unit already has on that date changes nothing.

Validation simulates the tree as of each date of the file on top of what the database holds: unknown
parents, parents not yet in the tree on that date, backdated rows and cycles are reported per row.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danhgia.apps.orgs.models import PATH_SEGMENT, Unit
from danhgia.apps.orgs.services import nfc, unit_create, unit_move
from danhgia.apps.spreadsheets.lookups import Lookups, UnitRow
from danhgia.apps.spreadsheets.records import KindCounts, Problem, Record, WriteProblem, display, duplicate_reason

ATTRIBUTES = ("name", "kind", "founded_on", "dissolved_on")
MAX_DEPTH = 1000


@dataclass
class UnitStep:
    record: Record
    action: str  # "create", "move" or "same"
    depth: int
    is_last: bool  # the unit's last row: its name, kind and dates are the unit's


def units_check(records: list[Record], found: Lookups) -> tuple[list[Problem], list[UnitStep]]:
    problems: list[Problem] = []
    rows = _rows_by_code([r for r in records if r.ok], problems)
    for code, unit_rows in list(rows.items()):
        for record in unit_rows:
            problems += _row_problems(record, found)
        if any(not record.ok for record in unit_rows):
            del rows[code]
    steps: list[UnitStep] = []
    for code, unit_rows in rows.items():
        changed = False  # whether an earlier row of this file has already created or moved the unit
        for position, record in enumerate(unit_rows):
            day, parent = record.values["valid_from"], record.values.get("parent_code")
            before = _parent_before(code, day, unit_rows[:position], changed, found)
            if before is None and (position > 0 or code in found.units):
                first = found.units[code].links[0][1] if code in found.units and found.units[code].links else None
                problems.append(record.problem("valid_from", _backdated_reason(first)))
                break
            if parent is not None and _parent_before(parent, day, rows.get(parent, []), True, found) is None:
                reason = _("The parent unit is not in the tree on %(date)s.") % {"date": display(day)}
                problems.append(record.problem("parent_code", reason))
                break
            depth = _depth(code, parent, day, rows, found)
            if depth is None:
                problems.append(record.problem("parent_code", _("This parent would make a cycle in the tree.")))
                break
            action = "create" if before is None else ("same" if before == ("code", parent) else "move")
            changed = changed or action != "same"
            steps.append(UnitStep(record, action, depth, position == len(unit_rows) - 1))
    steps.sort(key=lambda step: (step.record.values["valid_from"], step.depth))
    return problems, steps


def _rows_by_code(records: list[Record], problems: list[Problem]) -> dict[str, list[Record]]:
    rows: dict[str, list[Record]] = defaultdict(list)
    seen: dict[tuple[str, date], Record] = {}
    for record in records:
        key = (record.values["code"], record.values["valid_from"])
        if (first := seen.setdefault(key, record)) is not record:
            problems.append(record.problem("valid_from", duplicate_reason(first)))
            continue
        rows[key[0]].append(record)
    for unit_rows in rows.values():
        unit_rows.sort(key=lambda record: record.values["valid_from"])
    return rows


def _row_problems(record: Record, found: Lookups) -> list[Problem]:
    values = record.values
    problems = []
    parent = values.get("parent_code")
    if parent == values["code"]:
        problems.append(record.problem("parent_code", _("A unit cannot be its own parent.")))
    elif parent is not None and parent not in found.units and parent not in found.file_units:
        problems.append(record.problem("parent_code", _("No unit has this code, in the system or in the file.")))
    founded, dissolved = values.get("founded_on"), values.get("dissolved_on")
    if founded is not None and dissolved is not None and dissolved <= founded:
        problems.append(record.problem("dissolved_on", _("The dissolution date must be after the founding date.")))
    record.ok = not problems
    return problems


def _backdated_reason(first: date | None) -> str:
    if first is None:
        return _("The unit is not in the tree on this date.")
    return _("The unit is in the tree only from %(date)s; a row cannot start before that.") % {"date": display(first)}


def _parent_before(
    code: str, day: date, earlier: list[Record], changed: bool, found: Lookups
) -> tuple[str, object] | None:
    """The unit's parent in force on `day` before this row applies, or None when the unit is not in the
    tree then. A parent is ("code", code or None for a root), or ("id", id) for a unit the file never names."""
    earlier = [record for record in earlier if record.values["valid_from"] <= day]
    row = found.units.get(code)
    link = None if row is None else row.link_on(day)
    if earlier and (changed or link is None):
        return ("code", earlier[-1].values.get("parent_code"))
    if link is None:
        return None
    parent_id = link[0]
    if parent_id is None:
        return ("code", None)
    parent_code = found.unit_codes.get(parent_id)
    return ("id", parent_id) if parent_code is None else ("code", parent_code)


def _depth(code: str, parent: str | None, day: date, rows: dict[str, list[Record]], found: Lookups) -> int | None:
    """The unit's depth under `parent` on `day` with the file applied; None if `code` is its own ancestor."""
    depth, current = 0, parent
    while current is not None:
        if current == code or depth > MAX_DEPTH:
            return None
        depth += 1
        in_file = [r for r in rows.get(current, []) if r.values["valid_from"] <= day]
        if in_file:
            current = in_file[-1].values.get("parent_code")
            continue
        row: UnitRow | None = found.units.get(current)
        link = None if row is None else row.link_on(day)
        if link is None:
            return depth
        ancestors = [int(link[3][i : i + PATH_SEGMENT]) for i in range(0, len(link[3]) - PATH_SEGMENT, PATH_SEGMENT)]
        current = None
        for ancestor in reversed(ancestors):  # nearest first: the first one the file changes takes over
            ancestor_code = found.unit_codes.get(ancestor)
            depth += 1
            if ancestor_code == code:
                return None
            if ancestor_code is not None and any(r.values["valid_from"] <= day for r in rows.get(ancestor_code, [])):
                current = ancestor_code
                depth -= 1
                break
    return depth


def units_write(steps: list[UnitStep], found: Lookups) -> KindCounts:
    counts = KindCounts()
    for step in steps:
        values = step.record.values
        code, parent_code = values["code"], values.get("parent_code")
        parent = None if parent_code is None else Unit(pk=found.unit_id(parent_code))
        try:
            if step.action == "create":
                unit = unit_create(
                    code=code, name=values["name"], kind=values["kind"], parent=parent, valid_from=values["valid_from"]
                )
                found.units[code] = UnitRow(unit.pk, unit.kind, unit.name, None, None)
                found.unit_codes[unit.pk] = code
            elif step.action == "move":
                unit_move(unit=Unit(pk=found.unit_id(code)), new_parent=parent, effective=values["valid_from"])
        except ValidationError as error:
            raise WriteProblem(step.record.problem("parent_code", " ".join(error.messages))) from None
        edited = _edit_attributes(step.record, found.units[code]) if step.is_last else False
        if step.action == "create":
            counts.created += 1
        elif step.action == "move" or edited:
            counts.updated += 1
        else:
            counts.unchanged += 1
    return counts


def _edit_attributes(record: Record, row: UnitRow) -> bool:
    wanted = {
        name: nfc(record.values[name]) if name == "name" else record.values[name]
        for name in ATTRIBUTES
        if record.has(name)
    }
    edits = {name: value for name, value in wanted.items() if getattr(row, name) != value}
    if edits:
        Unit.objects.filter(pk=row.id).update(**edits)
        for name, value in edits.items():
            setattr(row, name, value)
    return bool(edits)
