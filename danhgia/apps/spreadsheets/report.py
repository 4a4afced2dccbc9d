"""The error report of a failed import, as an .xlsx workbook with Vietnamese headers. Every cell is a value
(cells.py): what the uploaded file held is written back as text, never as a formula."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from danhgia.apps.spreadsheets.cells import value_cell, value_row
from danhgia.apps.spreadsheets.records import Problem, truncated_reason

WIDTHS = (24, 8, 28, 28, 80)


def report_headers() -> tuple[str, ...]:
    return (_("Sheet"), _("Row"), _("Column"), _("Value"), _("Reason"))


def problems_workbook(problems: Sequence[Problem], *, truncated: bool = False) -> bytes:
    """One row per problem: sheet, row (as Excel numbers it), column header, value, reason; and a last row
    saying so when the check stopped before the end of the file."""
    workbook = Workbook(write_only=True)
    with translation.override("vi"):
        sheet = workbook.create_sheet(_("Errors"))
        headers = report_headers()
        closing = truncated_reason(len(problems)) if truncated else ""
    for letter, width in zip("ABCDE", WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = value_row(sheet, headers)
    for cell in header_cells:
        cell.font = bold
    sheet.append(header_cells)
    for problem in problems:
        sheet.append(value_row(sheet, [problem.sheet, problem.row, problem.column, problem.value, problem.reason]))
    if closing:
        cell = value_cell(sheet, closing)
        cell.font = bold
        sheet.append(value_row(sheet, ["", None, "", "", cell]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
