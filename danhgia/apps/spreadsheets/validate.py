"""First pass of validation: recognise each sheet, find its header row, parse every cell of every row.

Plain Python over the rows calamine returns; no model instances. Sheets are recognised first (from their
first rows, so permissions can be checked before any row is read), then parsed. Every problem is collected
up to the import's limit, each naming the sheet, the Excel row number, the column header and the value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext as _

from danhgia.apps.spreadsheets.parsers import CellError, clean_text
from danhgia.apps.spreadsheets.reader import RawSheet
from danhgia.apps.spreadsheets.records import ParsedSheet, Problem, Record
from danhgia.apps.spreadsheets.templates_spec import GUIDE_SHEET, SPECS, SheetSpec, header_key

HEADER_SCAN = 20  # offices put a title or two above the header row


def _header_index(spec: SheetSpec) -> dict[str, str]:
    index = {}
    for column in spec.columns:
        for name in (column.key, *column.aliases, column.header):
            index[header_key(name)] = column.key
    return index


HEADERS = {kind: _header_index(spec) for kind, spec in SPECS.items()}
SHEET_NAMES = {header_key(name): kind for kind, spec in SPECS.items() for name in (spec.sheet_name, *spec.aliases)}


@dataclass
class SheetPlan:
    """A recognised sheet before its rows are parsed: what it holds, where its header is, its columns."""

    raw: RawSheet
    sheet: ParsedSheet
    columns: dict[str, int]  # column key → index in the row

    @property
    def kind(self) -> str:
        return self.sheet.spec.kind


def recognise_sheets(
    raw_sheets: Iterable[RawSheet], *, kind: str | None = None
) -> tuple[list[SheetPlan], list[Problem]]:
    """What each sheet holds (from its name or its header row), read from its first rows only; the sheets
    that hold nothing a template knows are problems."""
    plans: list[SheetPlan] = []
    problems: list[Problem] = []
    for raw in raw_sheets:
        if header_key(raw.name) == header_key(GUIDE_SHEET) or not any(_filled(row) for row in raw.rows):
            continue
        located = _locate(raw, kind or SHEET_NAMES.get(header_key(raw.name)))
        if located is None:
            problems.append(Problem(raw.name, None, "", "", _unknown_sheet_reason()))
            continue
        spec, header_row, columns = located
        sheet = ParsedSheet(
            name=raw.name,
            spec=spec,
            headers={key: clean_text(raw.rows[header_row][index]) for key, index in columns.items()},
            header_row=header_row + 1,
        )
        plans.append(SheetPlan(raw, sheet, columns))
    return plans, problems


def parse_sheets(plans: Iterable[SheetPlan], *, limit: int) -> tuple[list[ParsedSheet], list[Problem]]:
    """The sheets with their parsed rows, and the problems found in them: every one, or the first `limit` and
    one more (which tells the caller the list is not complete)."""
    sheets: list[ParsedSheet] = []
    problems: list[Problem] = []
    for plan in plans:
        spec, sheet = plan.sheet.spec, plan.sheet
        missing = [
            column.header
            for column in spec.columns
            if (column.required or column.in_header) and column.key not in plan.columns
        ]
        problems += [
            Problem(sheet.name, sheet.header_row, header, "", _("Required column is missing.")) for header in missing
        ]
        if not missing:
            _parse_rows(plan.raw, sheet, plan.columns, problems, limit)
        sheets.append(sheet)
        if len(problems) > limit:
            break
    return sheets, problems[: limit + 1]


def _unknown_sheet_reason() -> str:
    names = ", ".join(f"“{spec.sheet_name}”" for spec in SPECS.values())
    return _("Cannot tell what this sheet holds: name it one of %(names)s, or use the header row of a template.") % {
        "names": names
    }


def _filled(row: list[Any]) -> bool:
    return any(cell != "" and cell is not None for cell in row)


def _match(row: list[Any], kind: str) -> dict[str, int]:
    """Column key → index of the first cell in `row` whose header names that column."""
    index = HEADERS[kind]
    found: dict[str, int] = {}
    for position, cell in enumerate(row):
        if isinstance(cell, str) and cell and (key := index.get(header_key(cell))) is not None:
            found.setdefault(key, position)
    return found


def _locate(raw: RawSheet, kind: str | None) -> tuple[SheetSpec, int, dict[str, int]] | None:
    """The sheet's spec, its header row (0-based) and its columns; None if it matches no template."""
    kinds = [kind] if kind else list(SPECS)
    best: tuple[tuple[bool, int], SheetSpec, int, dict[str, int]] | None = None
    for row_index, row in enumerate(raw.rows[:HEADER_SCAN]):
        for candidate in kinds:
            spec = SPECS[candidate]
            columns = _match(row, candidate)
            complete = all(column.key in columns for column in spec.columns if column.required)
            score = (complete, len(columns))
            if len(columns) >= 2 and (kind or complete) and (best is None or score > best[0]):
                best = (score, spec, row_index, columns)
        if best is not None:
            break
    return None if best is None else best[1:]


def _parse_rows(
    raw: RawSheet, sheet: ParsedSheet, columns: dict[str, int], problems: list[Problem], limit: int
) -> None:
    spec = sheet.spec
    plan = [
        (column.key, columns[column.key], column.parse, column.required, column.default, sheet.header(column.key))
        for column in spec.columns
        if column.key in columns
    ]
    indexes = [index for _key, index, *_rest in plan]
    width = max(indexes) + 1
    required_text = _("Required.")
    name = raw.name
    records = sheet.records
    for row_number, row in enumerate(raw.rows[sheet.header_row :], start=sheet.header_row + 1):
        if len(problems) > limit:
            return
        if len(row) < width:
            row = [*row, *([""] * (width - len(row)))]
        if not any(row[index] != "" and row[index] is not None for index in indexes):
            continue
        values: dict[str, Any] = {}
        ok = True
        for key, index, parse, required, default, header in plan:
            cell = row[index]
            value = None
            if cell != "" and cell is not None:
                try:
                    value = parse(cell)
                except CellError as error:
                    problems.append(Problem(name, row_number, header, shown(cell), str(error)))
                    ok = False
                    continue
            if value is None:
                if required:
                    problems.append(Problem(name, row_number, header, "", required_text))
                    ok = False
                    continue
                value = default
            values[key] = value
        record = Record(sheet, row_number, values, ok)
        if spec.person_ref and ok and values.get("national_id") is None and values.get("personnel_code") is None:
            problems.append(record.problem("national_id", _("Enter the national ID or the personnel code.")))
            record.ok = False
        records.append(record)


def shown(cell: Any) -> str:
    """A raw cell for the error report."""
    if isinstance(cell, datetime | date):
        return cell.strftime("%d/%m/%Y")
    return clean_text(cell)
