"""Reading a spreadsheet file into rows: .xlsx with calamine (after `xlsx_check`), .csv with the csv module.

`rows[i]` is the sheet's row i + 1 as the user sees it in Excel, so every error can name its row. Every
read stays within `limits` (limits.py): the file's size first, then the workbook's package or the CSV's
rows, cells and row length, so a hostile file is refused before it costs memory. Formats that cannot be
checked before calamine reads them (.xls, .xlsb, .ods) and macro workbooks are refused.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from django.utils.translation import gettext as _
from python_calamine import CalamineError, CalamineWorkbook, SheetTypeEnum, SheetVisibleEnum

from danhgia.apps.spreadsheets.limits import LIMITS, MB, ImportLimits
from danhgia.apps.spreadsheets.records import ReadError, grouped, too_many_cells_reason, too_many_rows_reason
from danhgia.apps.spreadsheets.xlsx_check import format_reason, macro_reason, xlsx_check

ZIP_SIGNATURE = b"PK\x03\x04"
OLE_SIGNATURE = b"\xd0\xcf\x11\xe0"  # .xls, and any workbook encrypted with a password
LEGACY_ENCODING = "cp1258"  # the Vietnamese Windows code page, read when a CSV file is not UTF-8 at all
MACRO_SUFFIXES = (".xlsm", ".xltm", ".xlam", ".xla")
WORKBOOK_SUFFIXES = (".xlsx", ".xls", ".xlsb", ".ods")
WIDE_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")
LINE = re.compile(r"[^\r\n]*(?:\r\n?|\n)|[^\r\n]+")


@dataclass(frozen=True)
class RawSheet:
    name: str
    rows: list[list[Any]]


ImportFile = str | Path | IO[bytes]


def file_name(file: ImportFile) -> str:
    name = file if isinstance(file, str | Path) else getattr(file, "name", "") or ""
    return Path(str(name)).name


def file_bytes(file: ImportFile, limits: ImportLimits = LIMITS) -> bytes:
    """The file's bytes, refused unread when it is larger than the limit."""
    try:
        if isinstance(file, str | Path):
            size = Path(file).stat().st_size
            data = Path(file).read_bytes() if size <= limits.file_bytes else b""
        else:
            size = getattr(file, "size", None) or 0
            data = file.read(limits.file_bytes + 1) if size <= limits.file_bytes else b""
            size = max(size, len(data))
    except OSError as error:
        raise ReadError(_("The file cannot be read (%(error)s).") % {"error": error.strerror or error}) from None
    if size > limits.file_bytes:
        raise ReadError(too_large_reason(size, limits))
    return data


def too_large_reason(size: int, limits: ImportLimits) -> str:
    return _("The file is larger than %(limit)s MB (%(size)s MB): split it into several files.") % {
        "limit": grouped(limits.file_bytes // MB),
        "size": f"{size / MB:.1f}".replace(".", ","),
    }


def read_sheets(data: bytes, name: str, limits: ImportLimits = LIMITS) -> list[RawSheet]:
    """Every visible worksheet of a workbook, or the one sheet of a CSV file (named after the file)."""
    suffix = Path(name).suffix.lower()
    if suffix in MACRO_SUFFIXES:
        raise ReadError(macro_reason())
    if data.startswith(OLE_SIGNATURE):
        raise ReadError(
            format_reason(".xls")
            + " "
            + _("A workbook protected with a password is refused too: remove the password first.")
        )
    if data.startswith(ZIP_SIGNATURE):
        xlsx_check(data, limits)
        return _read_workbook(data)
    if suffix in WORKBOOK_SUFFIXES:
        raise ReadError(_("The file is not a valid Excel workbook."))
    return [RawSheet(name=name or "CSV", rows=_read_csv(data, limits))]


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
    except BaseException as error:  # a panic in calamine: pyo3's PanicException derives from BaseException
        if type(error).__name__ != "PanicException":
            raise
        raise ReadError(_("The file is not a valid Excel workbook (%(error)s).") % {"error": error}) from None


# --- CSV -------------------------------------------------------------------------------------------------
def _read_csv(data: bytes, limits: ImportLimits) -> list[list[Any]]:
    text = _decode(data)
    end = text.find("\n")
    first_line = text if end < 0 else text[:end]
    delimiter = max(",;\t", key=first_line.count)
    lines = _Lines(text, limits.row_chars)
    rows: list[list[Any]] = []
    cells = 0
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        for row in reader:
            rows.append(row)
            lines.start_row(len(rows) + 1)
            cells += len(row)
            if len(rows) > limits.rows:
                raise ReadError(too_many_rows_reason(limits.rows), row=len(rows))
            if cells > limits.cells:
                raise ReadError(too_many_cells_reason(limits.cells), row=len(rows))
    except csv.Error as error:
        reason = _("The CSV file cannot be read here (%(error)s).") % {"error": error}
        raise ReadError(reason, row=len(rows) + 1) from None
    return rows


class _Lines:
    """The text's lines for csv.reader, refusing a row longer than `limit` characters before the csv module
    builds it (a row of millions of empty fields would be a list of millions)."""

    def __init__(self, text: str, limit: int) -> None:
        self._lines: Iterator[re.Match[str]] = LINE.finditer(text)
        self.limit = limit
        self.row = 1  # the row being read, as Excel numbers it
        self.used = 0  # its characters so far

    def start_row(self, row: int) -> None:
        self.row, self.used = row, 0

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        line = next(self._lines).group()
        self.used += len(line)
        if self.used > self.limit:
            reason = _("The row is longer than %(limit)s characters: this is not a registry file.") % {
                "limit": grouped(self.limit)
            }
            raise ReadError(reason, row=self.row)
        return line


def _decode(data: bytes) -> str:
    """UTF-8 (with or without its mark), else the Vietnamese Windows code page when the bytes are not UTF-8
    at all; a UTF-8 file with broken bytes, UTF-16 ("Unicode text") and binary files are refused."""
    save_as = _("Save it in Excel as “CSV UTF-8 (Comma delimited)” and import that file.")
    if data.startswith(WIDE_BOMS) or data[:2].count(b"\x00") == 1:
        raise ReadError(_("The file is saved as Unicode text (UTF-16), which cannot be read.") + " " + save_as)
    if b"\x00" in data:
        raise ReadError(_("The file is neither an Excel workbook (.xlsx) nor a CSV text file."))
    body = data.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        # Mostly valid UTF-8 with a broken byte is a damaged UTF-8 file, not the legacy code page.
        if body is not data or UTF8_SEQUENCE.subn(b"", data)[1] > body.decode("utf-8", "replace").count("\ufffd"):
            reason = _("The file is not valid UTF-8: line %(line)d has a byte (%(byte)s) that is not UTF-8.")
            raise _encoding_error(reason + " " + save_as, body, error.start) from None
    try:
        return data.decode(LEGACY_ENCODING)
    except UnicodeDecodeError as error:
        reason = _(
            "The file is neither UTF-8 nor in the Vietnamese Windows code page: line %(line)d has a byte (%(byte)s) "
            "that cannot be read."
        )
        raise _encoding_error(reason + " " + save_as, data, error.start) from None


def _encoding_error(reason: str, data: bytes, position: int) -> ReadError:
    line = data.count(b"\n", 0, position) + 1
    return ReadError(reason % {"line": line, "byte": f"0x{data[position]:02X}"}, row=line)
