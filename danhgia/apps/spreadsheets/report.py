"""The error report of a failed import, as an .xlsx workbook with Vietnamese headers."""

from __future__ import annotations

import io
from collections.abc import Sequence

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from danhgia.apps.spreadsheets.records import Problem

WIDTHS = (24, 8, 28, 28, 80)


def report_headers() -> tuple[str, ...]:
    return (_("Sheet"), _("Row"), _("Column"), _("Value"), _("Reason"))


def problems_workbook(problems: Sequence[Problem]) -> bytes:
    """One row per problem: sheet, row (as Excel numbers it), column header, value, reason."""
    workbook = Workbook(write_only=True)
    with translation.override("vi"):
        sheet = workbook.create_sheet(_("Errors"))
        headers = report_headers()
    for letter, width in zip("ABCDE", WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header_cells = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = bold
        header_cells.append(cell)
    sheet.append(header_cells)
    for problem in problems:
        sheet.append([problem.sheet, problem.row, problem.column, problem.value, problem.reason])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
