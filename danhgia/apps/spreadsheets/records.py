"""The import's plain data: parsed rows, problems (what the error report lists), the result and its errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.utils.translation import gettext as _

from danhgia.apps.spreadsheets.templates_spec import SheetSpec


@dataclass(frozen=True)
class Problem:
    """One error: where (sheet, row as Excel numbers it, column header), the value, and why (Vietnamese)."""

    sheet: str
    row: int | None
    column: str
    value: str
    reason: str


@dataclass
class ParsedSheet:
    name: str
    spec: SheetSpec
    headers: dict[str, str]  # column key → the header as written in the file
    header_row: int
    records: list[Record] = field(default_factory=list)

    def header(self, key: str) -> str:
        return self.headers.get(key) or self.spec.by_key[key].header


@dataclass(slots=True)
class Record:
    """One data row: its sheet, its Excel row number, and the parsed values of the sheet's columns."""

    sheet: ParsedSheet
    row: int
    values: dict[str, Any]
    ok: bool = True  # False once a cell of the row had an error: later checks skip the row

    def problem(self, key: str, reason: str, value: Any = None) -> Problem:
        shown = self.values.get(key) if value is None else value
        return Problem(self.sheet.name, self.row, self.sheet.header(key), display(shown), reason)

    def has(self, key: str) -> bool:
        return key in self.sheet.headers


@dataclass
class KindCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        return self.created + self.updated + self.unchanged


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, KindCounts] = field(default_factory=dict)
    truncated: bool = False  # the check stopped at the limit of problems: the file has more

    @property
    def ok(self) -> bool:
        return not self.problems


class ReadError(Exception):
    """The file cannot be read; the message is the reason shown to the user, `sheet` and `row` say where."""

    def __init__(self, reason: str, *, sheet: str | None = None, row: int | None = None) -> None:
        super().__init__(reason)
        self.sheet = sheet
        self.row = row


class WriteProblem(Exception):
    """Raised inside the write transaction to roll it back and report one problem."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(problem.reason)
        self.problem = problem


def display(value: Any) -> str:
    """A value as the user typed it, near enough: dates dd/mm/yyyy, booleans Có/Không."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def grouped(number: int) -> str:
    """A count as Vietnamese writes it: 2.000.000."""
    return f"{number:,}".replace(",", ".")


def too_many_rows_reason(limit: int) -> str:
    return _("The file has more than %(limit)s rows, the most one import may hold: split it into several files.") % {
        "limit": grouped(limit)
    }


def too_many_cells_reason(limit: int) -> str:
    return _("The file has more than %(limit)s cells, the most one import may hold: split it into several files.") % {
        "limit": grouped(limit)
    }


def truncated_reason(limit: int) -> str:
    return _("Checking stopped after the first %(count)s errors; the file has more.") % {"count": grouped(limit)}


def duplicate_reason(first: Record) -> str:
    return _("Duplicate of row %(row)d of sheet “%(sheet)s” (same natural key).") % {
        "row": first.row,
        "sheet": first.sheet.name,
    }
