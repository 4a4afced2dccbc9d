"""Reading a spreadsheet file into rows: .xlsx (also .xls, .xlsb, .ods) with calamine, .csv with the csv module.

`rows[i]` is the sheet's row i + 1 as the user sees it in Excel, so every error can name its row.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

WORKBOOK_SIGNATURES = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")  # zip (xlsx, ods), OLE (xls)
CSV_ENCODINGS = ("utf-8-sig", "cp1258")  # Excel's "CSV UTF-8", else the Vietnamese Windows code page


class ReadError(Exception):
    """The file cannot be read as a spreadsheet; the message is the reason shown to the user."""


@dataclass(frozen=True)
class RawSheet:
    name: str
    rows: list[list[Any]]


ImportFile = str | Path | IO[bytes]


def file_name(file: ImportFile) -> str:
    name = file if isinstance(file, str | Path) else getattr(file, "name", "") or ""
    return Path(str(name)).name


def file_bytes(file: ImportFile) -> bytes:
    try:
        return Path(file).read_bytes() if isinstance(file, str | Path) else file.read()
    except OSError as error:
        raise ReadError(_("The file cannot be read (%(error)s).") % {"error": error.strerror or error}) from None


def read_sheets(data: bytes, name: str) -> list[RawSheet]:
    """Every visible worksheet of a workbook, or the one sheet of a CSV file (named after the file)."""
    if data.startswith(WORKBOOK_SIGNATURES):
        return _read_workbook(data)
    if name.lower().endswith((".xlsx", ".xlsm", ".xls", ".xlsb", ".ods")):
        raise ReadError(_("The file is not a valid Excel workbook."))
    return [RawSheet(name=name or "CSV", rows=_read_csv(data))]


def _read_workbook(data: bytes) -> list[RawSheet]:
    try:
        with CalamineWorkbook.from_filelike(io.BytesIO(data)) as workbook:
            return [
                RawSheet(name=meta.name, rows=workbook.get_sheet_by_name(meta.name).to_python(skip_empty_area=False))
                for meta in workbook.sheets_metadata
                if meta.typ == SheetTypeEnum.WorkSheet and meta.visible == SheetVisibleEnum.Visible
            ]
    except CalamineError as error:
        raise ReadError(_("The file is not a valid Excel workbook (%(error)s).") % {"error": error}) from None


def _read_csv(data: bytes) -> list[list[Any]]:
    for encoding in CSV_ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ReadError(_("The CSV file is not in UTF-8."))
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)]
