"""The downloadable templates: a sheet per kind with its header row and drop-down lists, and a guide sheet
("Hướng dẫn") that explains every column. `template_workbook("all")` holds every kind in one workbook.
Every cell is a value (cells.py)."""

from __future__ import annotations

import io

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from danhgia.apps.spreadsheets.cells import value_row
from danhgia.apps.spreadsheets.templates_spec import GUIDE_SHEET, KINDS, SPECS, SheetSpec

ALL = "all"
TEMPLATE_KINDS = (*KINDS, ALL)
LAST_ROW = 5000  # drop-down lists and Text formatting cover this many rows
HEADER_FILL = PatternFill("solid", fgColor="F4D9DA")


def template_filename(kind: str) -> str:
    return f"mau-nhap-{kind.replace('_', '-')}.xlsx"


def template_workbook(kind: str) -> bytes:
    """The template for `kind` (or "all") as .xlsx bytes. Raises KeyError for an unknown kind."""
    specs = list(SPECS.values()) if kind == ALL else [SPECS[kind]]
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    with translation.override("vi"):
        for spec in specs:
            _data_sheet(workbook.create_sheet(spec.sheet_name), spec)
        _guide_sheet(workbook.create_sheet(GUIDE_SHEET), specs)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _data_sheet(sheet: Worksheet, spec: SheetSpec) -> None:
    bold = Font(bold=True)
    header = value_row(sheet, [column.header for column in spec.columns])
    sheet.append(header)
    for position, (column, cell) in enumerate(zip(spec.columns, header, strict=True), start=1):
        letter = get_column_letter(position)
        cell.font = bold
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.column_dimensions[letter].width = max(column.width, len(column.header) * 0.9)
        if column.is_text:
            sheet.column_dimensions[letter].number_format = "@"
        if column.choices:
            validation = DataValidation(
                type="list",
                formula1='"' + ",".join(column.choices) + '"',
                allow_blank=True,
                showErrorMessage=True,
                errorTitle=column.header,
                error=_("Choose one of the values in the list."),
            )
            validation.add(f"{letter}2:{letter}{LAST_ROW}")
            sheet.add_data_validation(validation)
    sheet.freeze_panes = "A2"


def _guide_sheet(sheet: Worksheet, specs: list[SheetSpec]) -> None:
    bold = Font(bold=True)
    sheet.append(value_row(sheet, [_("Sheet"), _("Column"), _("Required"), _("Explanation"), _("Allowed values")]))
    for cell in sheet[1]:
        cell.font = bold
        cell.fill = HEADER_FILL
    for letter, width in zip("ABCDE", (18, 34, 12, 80, 50), strict=True):
        sheet.column_dimensions[letter].width = width
    for spec in specs:
        for column in spec.columns:
            required = _("Yes") if column.required else ""
            if spec.person_ref and column.key in ("national_id", "personnel_code"):
                required = _("One of the two")
            values = [spec.sheet_name, column.header, required, str(column.help), ", ".join(column.choices)]
            sheet.append(value_row(sheet, values))
    notes = [
        _("Dates are written dd/mm/yyyy (e.g. 01/07/2025); date cells and yyyy-mm-dd are accepted too."),
        _("The first row of each sheet is the header row; do not rename the columns. Extra columns are ignored."),
        _("Importing the same file again changes nothing: rows are matched by their natural key."),
        _("If any row has an error, nothing is imported and an error report lists every problem."),
    ]
    sheet.append([])
    for note in notes:
        sheet.append(value_row(sheet, [_("Note"), "", "", note]))
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
