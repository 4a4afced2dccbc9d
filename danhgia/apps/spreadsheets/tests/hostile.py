"""Hostile workbooks built in the test itself, a few kilobytes on disk: the parts of a minimal .xlsx written
by hand, so a test can put anything in them (a cell at XFD1048576, a deflate bomb, a lying zip directory)."""

from __future__ import annotations

import io
import struct
import zipfile
from collections.abc import Iterable, Mapping

SPREADSHEET = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RELATIONS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="{main}"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
XLSM_MAIN = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
PACKAGE_RELATIONS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELATIONS}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<workbook xmlns="{SPREADSHEET}" xmlns:r="{RELATIONS}">'
    '<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELATIONS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{RELATIONS}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
)


def sheet_xml(cells: Iterable[tuple[str, str]], *, dimension: str | None = "A1") -> bytes:
    """A worksheet with inline-string cells at the given references, one <row> per row number."""
    rows: dict[int, list[str]] = {}
    for reference, text in cells:
        row = int(reference.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        rows.setdefault(row, []).append(f'<c r="{reference}" t="inlineStr"><is><t>{text}</t></is></c>')
    body = "".join(f'<row r="{row}">{"".join(cells)}</row>' for row, cells in sorted(rows.items()))
    declared = f'<dimension ref="{dimension}"/>' if dimension else ""
    return (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{SPREADSHEET}">'
        f"{declared}<sheetData>{body}</sheetData></worksheet>"
    ).encode()


def workbook_parts(sheet: bytes, *, name: str = "Nhân sự", main: str = XLSX_MAIN) -> dict[str, bytes]:
    return {
        "[Content_Types].xml": CONTENT_TYPES.replace("{main}", main).encode(),
        "_rels/.rels": PACKAGE_RELATIONS.encode(),
        "xl/workbook.xml": WORKBOOK.replace("{name}", name).encode(),
        "xl/_rels/workbook.xml.rels": WORKBOOK_RELATIONS.encode(),
        "xl/worksheets/sheet1.xml": sheet,
    }


def package(parts: Mapping[str, bytes], *, name: str = "nhap.xlsx") -> io.BytesIO:
    """The parts zipped (deflate, level 9) as an upload named `name`."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for part, content in parts.items():
            archive.writestr(part, content)
    buffer.seek(0)
    buffer.name = name
    return buffer


def lying_package(parts: Mapping[str, bytes], part: str, declared: int) -> io.BytesIO:
    """`package(parts)` whose directory and local header say `part` inflates to `declared` bytes."""
    data = bytearray(package(parts).getvalue())
    encoded = part.encode()
    central = -1
    while True:
        central = data.find(b"PK\x01\x02", central + 1)
        if central < 0:
            raise ValueError(part)
        name_length = struct.unpack_from("<H", data, central + 28)[0]
        if data[central + 46 : central + 46 + name_length] == encoded:
            break
    struct.pack_into("<L", data, central + 24, declared)  # uncompressed size in the directory
    local = struct.unpack_from("<L", data, central + 42)[0]
    struct.pack_into("<L", data, local + 22, declared)  # … and in the local header
    buffer = io.BytesIO(bytes(data))
    buffer.name = "nhap.xlsx"
    return buffer
