"""Every cell the project writes into a workbook is a value, never a formula.

openpyxl makes a formula of any text that starts with "=" (a unit named `=HYPERLINK(…)` would become a live
link in the statistics) and an error of text such as "#N/A"; and Excel runs text that starts with "=",
"+", "-", "@", a tab or a carriage return as a formula once the cell is edited (OWASP, "CSV injection").
So every .xlsx writer (the statistics export, the import templates, the import's error report) puts its
values through `value_cell` / `value_row`: text is stored as text (data type "s", an inline string), text
that a spreadsheet would read as a formula also carries Excel's quote prefix — what typing a leading
apostrophe does, without changing the text — and characters XML cannot hold are replaced. Numbers, dates
and blanks stay as they are. The project writes no CSV file; a CSV writer would have to prefix such text
with an apostrophe, the only defence that format has.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(text: str) -> bool:
    return text.startswith(FORMULA_STARTS)


def set_value(cell: Cell, value: Any) -> Cell:
    """Give `cell` the value as a value: text stays text, whatever it starts with."""
    if isinstance(value, str):
        value = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
        if looks_like_formula(value):
            cell.quotePrefix = True
    return cell


def value_cell(sheet: Worksheet | WriteOnlyWorksheet, value: Any) -> Cell:
    """A new cell of `sheet` holding `value` (for `sheet.append`, in write-only mode too)."""
    return set_value(WriteOnlyCell(sheet), value)


def value_row(sheet: Worksheet | WriteOnlyWorksheet, values: Iterable[Any]) -> list[Cell]:
    """A row for `sheet.append`: every value a cell made by `value_cell` (cells given are kept)."""
    return [value if isinstance(value, Cell) else value_cell(sheet, value) for value in values]
