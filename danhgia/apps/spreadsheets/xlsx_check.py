"""An .xlsx package checked before calamine reads it: `xlsx_check(data, limits)` raises ReadError or returns.

calamine allocates a sheet's whole rectangle (cells at A1 and XFD1048576 ask for 512 GB and abort the
process) and inflates whatever the zip holds. So nothing the file declares is trusted — not `<dimension>`,
not the sizes in the zip directory: every member is inflated here, a stream at a time, and counted, and
every sheet's extent is measured from its cells the way calamine places them.

Refused: a zip directory or member count over the limit, duplicate names, encryption or a compression
other than stored/deflate, a member that inflates to another size than it declares, past the compression
ratio or past the total; macro containers (a vbaProject.bin, macro-enabled or macro-sheet content types);
other formats in a zip (.xlsb, .ods); sheet XML that is not well-formed or declares a DTD; and sheets whose
rectangle from A1 to the farthest cell with content passes the row or cell limits.
"""

from __future__ import annotations

import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from io import BytesIO
from operator import itemgetter
from typing import NoReturn
from xml.parsers import expat

from django.utils.translation import gettext as _

from danhgia.apps.spreadsheets.limits import MB, ImportLimits
from danhgia.apps.spreadsheets.records import ReadError, grouped, too_many_cells_reason, too_many_rows_reason

# calamine reads a sheet from xl/<worksheets|chartsheets|dialogsheets>/…, matching names case-insensitively.
SHEET_FOLDERS = ("xl/worksheets/", "xl/chartsheets/", "xl/dialogsheets/")
CONTENT_TYPES = "[content_types].xml"
NAMING_PARTS = ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")  # read for the sheets' names only
MACRO_NAMES = ("vbaproject.bin", "vbaprojectsignature.bin", "vbaprojectsignatureagile.bin", "vbaprojectsignaturev3.bin")
MACRO_TYPES = (b"macroenabled", b"vbaproject", b"macrosheet")
OTHER_FORMATS = {"xl/workbook.bin": ".xlsb", "content.xml": ".ods", "mimetype": ".ods"}
END_RECORD = struct.Struct("<4s4H2LH")  # end of central directory: signature, disks, entries, size, offset
END_SIGNATURE = b"PK\x05\x06"
ZIP64_LOCATOR = b"PK\x06\x07"
LOCAL_HEADER = struct.Struct("<4s5H3L2H")  # signature, versions, flags, method, time, date, crc, sizes, lengths
LOCAL_SIGNATURE = b"PK\x03\x04"
DIRECTORY_ENTRY = 1024  # bytes of zip directory allowed per member (46 fixed + name + extra)
SMALL_PART = 4 * MB  # the most kept in memory of a part read whole (content types, workbook, its rels)
CHUNK = 256 * 1024
MAX_ROW, MAX_COLUMN = 1_048_576, 16_384  # Excel's own limits


@dataclass
class Extent:
    """A sheet's rectangle as calamine builds it: from A1 to the farthest row and column with content."""

    rows: int = 0
    columns: int = 0

    @property
    def cells(self) -> int:
        return self.rows * self.columns


def xlsx_check(data: bytes, limits: ImportLimits) -> None:
    """Raise ReadError (in Vietnamese, naming the sheet where it can) unless the workbook is safe to read."""
    members = _members(data, limits)
    names = [member.filename.lower() for member in members]
    for name in names:
        if name.rpartition("/")[2] in MACRO_NAMES:
            _refuse_macros()
        if name in OTHER_FORMATS:
            _refuse_format(OTHER_FORMATS[name])
    if sum(member.file_size for member in members) > limits.unpacked_bytes:
        _refuse_unpacked(limits)
    by_name = dict(zip(names, members, strict=True))
    kept = {
        name: _read_small(data, by_name[name], limits) for name in (CONTENT_TYPES, *NAMING_PARTS) if name in by_name
    }
    if any(marker in kept.get(CONTENT_TYPES, b"").lower() for marker in MACRO_TYPES):
        _refuse_macros()
    sheet_names = _sheet_names(kept)
    rows = cells = 0
    for member, name in zip(members, names, strict=True):
        if name in kept:
            continue
        _check_ratio(member, limits)
        if not name.startswith(SHEET_FOLDERS):
            for _chunk in _inflate(data, member):
                pass
            continue
        extent = _sheet_extent(partial(_inflate, data, member), limits)
        _check_sheet(extent, sheet_names.get(name, member.filename), limits)
        rows, cells = rows + extent.rows, cells + extent.cells
        _check_totals(rows, cells, limits)


# --- the zip ---------------------------------------------------------------------------------------------
def _members(data: bytes, limits: ImportLimits) -> list[zipfile.ZipInfo]:
    """The zip's members, read only after its end record says the directory is small."""
    end = data.rfind(END_SIGNATURE, max(0, len(data) - END_RECORD.size - 0xFFFF))
    if end < 0 or end + END_RECORD.size > len(data):
        _refuse_damaged()
    _sig, _disk, _start, _here, entries, size, _offset, _comment = END_RECORD.unpack_from(data, end)
    if data[max(0, end - 20) : end].startswith(ZIP64_LOCATOR) or entries > limits.parts:
        _refuse_parts(entries, limits)
    if size > limits.parts * DIRECTORY_ENTRY:
        _refuse_damaged()
    try:
        members = zipfile.ZipFile(BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        _refuse_damaged()
    if len(members) > limits.parts:
        _refuse_parts(len(members), limits)
    if len({member.filename.lower() for member in members}) != len(members):
        _refuse_damaged()  # calamine would read the first of two names that differ only in case
    for member in members:
        if member.flag_bits & 0x1:
            raise ReadError(_("The workbook is protected with a password: remove the password, then import it."))
        if member.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            _refuse_damaged()
    return members


def _check_ratio(member: zipfile.ZipInfo, limits: ImportLimits) -> None:
    if member.file_size <= limits.ratio_from_bytes:
        return
    ratio = member.file_size // max(member.compress_size, 1)
    if ratio > limits.compression_ratio:
        raise ReadError(
            _(
                "A part of the workbook (%(part)s) is compressed %(ratio)s times, more than the %(limit)s times "
                "of an Excel file: the file is refused."
            )
            % {"part": member.filename, "ratio": grouped(ratio), "limit": grouped(limits.compression_ratio)}
        )


def _inflate(data: bytes, member: zipfile.ZipInfo) -> Iterator[bytes]:
    """A member's bytes, inflated from its raw data a chunk at a time; the file is refused the moment they
    pass the size the member declares (which the limits were checked against), or fall short of it."""
    start = member.header_offset
    if start + LOCAL_HEADER.size > len(data):
        _refuse_damaged()
    header = LOCAL_HEADER.unpack_from(data, start)
    if header[0] != LOCAL_SIGNATURE:
        _refuse_damaged()
    begin = start + LOCAL_HEADER.size + header[-2] + header[-1]
    packed = memoryview(data)[begin : begin + member.compress_size]
    if len(packed) != member.compress_size:
        _refuse_damaged()
    produced = 0
    for chunk in _chunks(packed, member.compress_type == zipfile.ZIP_DEFLATED):
        produced += len(chunk)
        if produced > member.file_size:
            _refuse_damaged()
        yield chunk
    if produced != member.file_size:
        _refuse_damaged()


def _chunks(packed: memoryview, deflated: bool) -> Iterator[bytes]:
    if not deflated:
        for start in range(0, len(packed), CHUNK):
            yield bytes(packed[start : start + CHUNK])
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    try:
        for start in range(0, len(packed), CHUNK):
            yield inflater.decompress(packed[start : start + CHUNK], CHUNK)
            while inflater.unconsumed_tail and not inflater.eof:
                yield inflater.decompress(inflater.unconsumed_tail, CHUNK)
        yield inflater.flush()
    except zlib.error:
        _refuse_damaged()


def _read_small(data: bytes, member: zipfile.ZipInfo, limits: ImportLimits) -> bytes:
    _check_ratio(member, limits)
    if member.file_size > SMALL_PART:
        _refuse_damaged()
    return b"".join(_inflate(data, member))


# --- the sheets ------------------------------------------------------------------------------------------
# A start tag of a cell, and of a cell whose r is a plain reference. quick-xml matches names by their local
# part (after the first colon: "c", "x:c" and ":c" are cells, "a:b:c" is not); attribute values may hold
# ">" but, in well-formed XML, never "<".
CELL_TAG = re.compile(rb"<(?:[^\s<>/:]*:)?c(?=[\s/>])")
CELL_REFERENCE = re.compile(
    rb"<(?:[^\s<>/:]*:)?c(?=\s)(?:[^>\"']|\"[^\"]*\"|'[^']*')*?(?<=\s)r\s*=\s*[\"']([A-Z]{1,3})([1-9][0-9]{0,6})[\"']"
)


def _sheet_extent(chunks: Callable[[], Iterator[bytes]], limits: ImportLimits) -> Extent:
    """The sheet's rectangle; the reading stops as soon as it passes the limits.

    Fast path: expat checks the XML is well-formed (so every "<" starts a tag) and reports any comment,
    CDATA section or processing instruction (where a "<c" need not be a tag); when there is none and every
    cell has a plain r, the rectangle is the farthest r, found with two regular expressions. Anything else
    is read again cell by cell, the way calamine places cells (`_SheetReader`)."""
    scan = _ReferenceScan()
    parser = expat.ParserCreate()
    parser.CommentHandler = parser.StartCdataSectionHandler = parser.ProcessingInstructionHandler = scan.unusual
    parser.StartDoctypeDeclHandler = _refuse_damaged_event
    try:
        for chunk in chunks():
            parser.Parse(chunk, False)
            scan.feed(chunk)
            if not scan.exact:
                break
            if scan.extent.rows > limits.rows or scan.extent.cells > limits.cells:
                return scan.extent
        else:
            parser.Parse(b"", True)
            scan.finish()
    except expat.ExpatError:
        _refuse_damaged()
    return scan.extent if scan.exact else _cell_by_cell(chunks(), limits)


class _ReferenceScan:
    def __init__(self) -> None:
        self.extent = Extent()
        self.exact = True  # no unusual markup, and every cell so far with a plain r
        self.carry = b""  # from the last "<" of what was fed: a tag perhaps cut in two

    def unusual(self, *args: object) -> None:
        self.exact = False

    def feed(self, chunk: bytes) -> None:
        buffer = self.carry + chunk
        cut = buffer.rfind(b"<")
        if cut < 0:
            self.carry = buffer
            return
        self.carry = buffer[cut:]
        self._scan(buffer[:cut])

    def finish(self) -> None:
        self._scan(self.carry)

    def _scan(self, part: bytes) -> None:
        references = CELL_REFERENCE.findall(part)
        if len(references) != len(CELL_TAG.findall(part)):
            self.exact = False  # a cell without r, or with an r that is not a plain reference
            return
        if not references:
            return
        rows = max(map(int, map(itemgetter(1), references)))
        columns = max(map(_column_number, set(map(itemgetter(0), references))))
        self.extent.rows = max(self.extent.rows, rows)
        self.extent.columns = max(self.extent.columns, columns)


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters.upper():
        number = number * 26 + letter - ord("A") + 1
    return number


class _SheetReader:
    """Places cells as calamine does (its quick-xml events, by local name: the part after the first colon):
    <row r> sets the row and </row> moves to the next one and back to column A; <c r> sets the column, a <c>
    without r takes the next one. A cell counts once it has a child element (calamine keeps only cells with
    a value)."""

    def __init__(self) -> None:
        self.extent = Extent()
        self.row = 0
        self.column = 0
        self.cell: tuple[int, int] | None = None
        self.parser = expat.ParserCreate()
        self.parser.ordered_attributes = True
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.StartDoctypeDeclHandler = _refuse_damaged_event

    def _start(self, name: str, attributes: list[str]) -> None:
        if self.cell is not None:  # the open cell has content
            row, column = self.cell
            self.extent.rows = max(self.extent.rows, row + 1)
            self.extent.columns = max(self.extent.columns, column + 1)
            self.cell = None
        local = _local_name(name)
        if local == "c":
            reference = _attribute(attributes, "r")
            if reference is None:
                self.cell = (self.row, self.column)
            else:
                self.cell = _cell_position(reference)
                self.column = self.cell[1]
            self.column += 1
        elif local == "row":
            reference = _attribute(attributes, "r")
            if reference is not None:
                self.row = _row_position(reference)

    def _end(self, name: str) -> None:
        self.cell = None
        if _local_name(name) == "row":
            self.row += 1
            self.column = 0


def _cell_by_cell(chunks: Iterator[bytes], limits: ImportLimits) -> Extent:
    reader = _SheetReader()
    try:
        for chunk in chunks:
            reader.parser.Parse(chunk, False)
            if reader.extent.rows > limits.rows or reader.extent.cells > limits.cells:
                return reader.extent
        reader.parser.Parse(b"", True)
    except expat.ExpatError:
        _refuse_damaged()
    return reader.extent


def _local_name(name: str) -> str:
    return name.split(":", 1)[1] if ":" in name else name


def _refuse_damaged_event(*args: object) -> None:
    _refuse_damaged()


def _attribute(attributes: list[str], key: str) -> str | None:
    for index in range(0, len(attributes), 2):
        if attributes[index] == key:
            return attributes[index + 1]
    return None


def _cell_position(reference: str) -> tuple[int, int]:
    """(row, column), 0-based, of a reference such as "XFD1048576" (anything else is refused)."""
    letters = reference.rstrip("0123456789")
    digits = reference[len(letters) :]
    if not letters.isascii() or not letters.isalpha() or not digits or len(letters) > 3:
        _refuse_damaged()
    column = 0
    for letter in letters.upper():
        column = column * 26 + ord(letter) - ord("A") + 1
    return _row_position(digits), column - 1


def _row_position(reference: str) -> int:
    digits = reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz")
    if not digits.isascii() or not digits.isdigit() or len(digits) > 7 or int(digits) < 1:
        _refuse_damaged()
    return int(digits) - 1


def _check_sheet(extent: Extent, sheet: str, limits: ImportLimits) -> None:
    if extent.rows > MAX_ROW or extent.columns > MAX_COLUMN or extent.cells > limits.cells:
        raise ReadError(
            _(
                "The sheet's data reach cell %(cell)s: %(cells)s cells counting the blank ones, more than the "
                "%(limit)s one import may hold. Delete the unused rows and columns after the data, or split the file."
            )
            % {"cell": _reference(extent), "cells": grouped(extent.cells), "limit": grouped(limits.cells)},
            sheet=sheet,
        )
    if extent.rows > limits.rows:
        raise ReadError(too_many_rows_reason(limits.rows), sheet=sheet, row=limits.rows + 1)


def _check_totals(rows: int, cells: int, limits: ImportLimits) -> None:
    if rows > limits.rows:
        raise ReadError(too_many_rows_reason(limits.rows))
    if cells > limits.cells:
        raise ReadError(too_many_cells_reason(limits.cells))


def _reference(extent: Extent) -> str:
    letters, column = "", extent.columns
    while column:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return f"{letters}{extent.rows}"


def _sheet_names(kept: dict[str, bytes]) -> dict[str, str]:
    """Sheet part (lower case) → the sheet's name, from the workbook and its relationships (best effort:
    a part whose name cannot be found is named by its path)."""
    targets = dict(_elements(kept.get(NAMING_PARTS[1], b""), "Relationship", "Id", "Target"))
    names: dict[str, str] = {}
    for name, relation in _elements(kept.get(NAMING_PARTS[0], b""), "sheet", "name", ":id"):
        target = targets.get(relation, "")
        path = target[1:] if target.startswith("/xl/") else target if target.startswith("xl/") else f"xl/{target}"
        names[path.lower()] = name
    return names


def _elements(xml: bytes, element: str, first: str, second: str) -> list[tuple[str, str]]:
    """(first, second) attribute pairs of every `element`; a key starting with ":" matches any prefix."""
    found: list[tuple[str, str]] = []

    def start(name: str, attributes: dict[str, str]) -> None:
        if _local_name(name) == element:
            values = [_matching(attributes, key) for key in (first, second)]
            if values[0] is not None and values[1] is not None:
                found.append((values[0], values[1]))

    parser = expat.ParserCreate()
    parser.StartElementHandler = start
    parser.StartDoctypeDeclHandler = _refuse_damaged_event
    try:
        parser.Parse(xml, True)
    except expat.ExpatError:
        return []
    return found


def _matching(attributes: dict[str, str], key: str) -> str | None:
    if not key.startswith(":"):
        return attributes.get(key)
    return next((value for name, value in attributes.items() if name.endswith(key)), None)


# --- reasons ---------------------------------------------------------------------------------------------
def _refuse_damaged() -> NoReturn:
    raise ReadError(_("The file is damaged or is not an Excel workbook (.xlsx)."))


def _refuse_macros() -> NoReturn:
    raise ReadError(macro_reason())


def macro_reason() -> str:
    return _(
        "Workbooks with macros (.xlsm, VBA) are not accepted: save the workbook as “Excel Workbook (.xlsx)” and "
        "import that file."
    )


def _refuse_format(suffix: str) -> NoReturn:
    raise ReadError(format_reason(suffix))


def format_reason(suffix: str) -> str:
    return _(
        "%(format)s files are not accepted: save the file as “Excel Workbook (.xlsx)” or “CSV UTF-8” and import "
        "that file."
    ) % {"format": suffix}


def _refuse_parts(count: int, limits: ImportLimits) -> NoReturn:
    raise ReadError(
        _("The workbook has %(count)s parts, more than the %(limit)s of an Excel file: the file is refused.")
        % {"count": grouped(count), "limit": grouped(limits.parts)}
    )


def _refuse_unpacked(limits: ImportLimits) -> NoReturn:
    raise ReadError(
        _("The workbook unpacks to more than %(limit)s MB: split it into several files.")
        % {"limit": grouped(limits.unpacked_bytes // MB)}
    )
