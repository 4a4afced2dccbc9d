"""Hostile files are refused before they cost memory or time, each with a Vietnamese reason naming the file,
the sheet or the row, and nothing is written. The files are built here and stay small on disk; the limits
that matter are the real ones unless a test says otherwise (tests pass smaller ones to stay fast)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from danhgia.apps.spreadsheets.limits import LIMITS, MB, ImportLimits
from danhgia.apps.spreadsheets.records import Problem
from danhgia.apps.spreadsheets.services import registry_import
from danhgia.apps.spreadsheets.tests.conftest import csv_upload, headers, table_counts, xlsx
from danhgia.apps.spreadsheets.tests.hostile import (
    SPREADSHEET,
    XLSM_MAIN,
    lying_package,
    package,
    sheet_xml,
    workbook_parts,
)
from danhgia.apps.spreadsheets.xlsx_check import xlsx_check

pytestmark = pytest.mark.django_db


def refused(file: Any, **options: Any) -> list[Problem]:
    """The problems of an import that must write nothing."""
    before = table_counts()

    result = registry_import(file=file, **options)

    assert result.counts == {}
    assert table_counts() == before
    return result.problems


def header_cells() -> list[tuple[str, str]]:
    return [(f"{letter}1", header) for letter, header in zip("ABCDE", headers("people"), strict=True)]


# --- cells far away ------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "cells",
    [
        [("XFD1048576", "x")],  # calamine panics on this one
        [*header_cells(), ("XFD1048576", "x")],  # … and asks for 512 GB (the process aborts) on this one
    ],
)
def test_a_cell_at_xfd1048576_is_refused_before_calamine_reads_the_sheet(cells: list[tuple[str, str]]) -> None:
    upload = package(workbook_parts(sheet_xml(cells, dimension="A1:E2")))  # the declared dimension lies
    assert len(upload.getvalue()) < 2_000

    assert refused(upload) == [
        Problem(
            "Nhân sự",
            None,
            "",
            "",
            "Dữ liệu của trang tính kéo đến ô XFD1048576: 17.179.869.184 ô kể cả ô trống, vượt quá 2.000.000 ô mà "
            "một lần nhập được phép. Hãy xóa các dòng, cột thừa sau vùng dữ liệu hoặc chia nhỏ tệp.",
        )
    ]


def test_cells_without_references_are_placed_as_calamine_places_them() -> None:
    row = '<row r="3">' + "<c><v>1</v></c>" * 30 + "</row>"
    sheet = sheet_xml(header_cells()).replace(b"</sheetData>", row.encode() + b"</sheetData>")

    problems = refused(package(workbook_parts(sheet)), limits=ImportLimits(cells=80))

    assert [(p.sheet, p.reason.split(":")[0]) for p in problems] == [
        ("Nhân sự", "Dữ liệu của trang tính kéo đến ô AD3")
    ]


@pytest.mark.parametrize("prefix", ["x:", ":"])
def test_a_prefixed_cell_counts_as_calamine_reads_it_by_its_local_name(prefix: str) -> None:
    far = f'<row r="1000"><{prefix}c xmlns:x="{SPREADSHEET}" r="XFD1000"><{prefix}v>1</{prefix}v></{prefix}c></row>'
    sheet = sheet_xml(header_cells()).replace(b"</sheetData>", far.encode() + b"</sheetData>")

    assert [p.reason.split(":")[0] for p in refused(package(workbook_parts(sheet)))] == [
        "Dữ liệu của trang tính kéo đến ô XFD1000"
    ]


def test_a_cell_written_in_a_comment_is_not_a_cell() -> None:
    comment = b'<!-- <row r="1048576"><c r="XFD1048576"><v>1</v></c></row> -->'
    rows = [headers("people"), ["", "CB1", "Lê Văn A", "", ""]]
    data = xlsx({"Nhân sự": rows}).getvalue()
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"<sheetData>", b"<sheetData>" + comment
    )

    result = registry_import(file=package(parts))

    assert result.problems == [] and result.counts["people"].created == 1


def test_a_sheet_with_more_rows_than_the_limit_names_the_sheet_and_the_row() -> None:
    cells = [*header_cells(), *[(f"A{row}", "x") for row in range(2, 13)]]

    problems = refused(package(workbook_parts(sheet_xml(cells))), limits=ImportLimits(rows=10))

    assert problems == [
        Problem(
            "Nhân sự",
            11,
            "",
            "",
            "Tệp có hơn 10 dòng, mức tối đa của một lần nhập: hãy chia thành nhiều tệp.",
        )
    ]


def test_a_hundred_thousand_people_fit_the_limits() -> None:
    rows = "".join(f'<row r="{row}"><c r="E{row}"><v>1</v></c></row>' for row in range(2, 100_002))
    sheet = sheet_xml(header_cells()).replace(b"</sheetData>", rows.encode() + b"</sheetData>")

    xlsx_check(package(workbook_parts(sheet)).getvalue(), LIMITS)  # no ReadError


# --- the zip -------------------------------------------------------------------------------------------
def test_a_deflate_bomb_is_refused_by_its_compression_ratio() -> None:
    bomb = sheet_xml(header_cells()).replace(b"<sheetData>", b"<sheetData>" + b" " * (64 * MB))
    upload = package(workbook_parts(bomb))
    assert len(upload.getvalue()) < 200_000
    member = zipfile.ZipFile(upload).getinfo("xl/worksheets/sheet1.xml")
    ratio = f"{member.file_size // member.compress_size:,}".replace(",", ".")  # about 1.000 (deflate's most)
    upload.seek(0)

    assert refused(upload) == [
        Problem(
            "nhap.xlsx",
            None,
            "",
            "",
            f"Một phần của tệp (xl/worksheets/sheet1.xml) được nén {ratio} lần, quá mức 100 lần của một tệp Excel: "
            "tệp bị từ chối.",
        )
    ]


def test_a_member_that_inflates_past_the_size_it_declares_is_refused_unread() -> None:
    bomb = sheet_xml(header_cells()).replace(b"<sheetData>", b"<sheetData>" + b" " * (64 * MB))
    upload = lying_package(workbook_parts(bomb), "xl/worksheets/sheet1.xml", declared=4_000)

    assert [p.reason for p in refused(upload)] == ["Tệp không phải là tệp Excel hợp lệ (.xlsx) hoặc đã bị hỏng."]


def test_a_workbook_that_unpacks_past_the_limit_is_refused() -> None:
    sheet = sheet_xml([*header_cells(), *[(f"A{row}", f"Người {row}") for row in range(2, 400)]])

    problems = refused(package(workbook_parts(sheet)), limits=ImportLimits(unpacked_bytes=16 * 1024))

    assert [p.reason for p in problems] == ["Tệp khi giải nén lớn hơn 0 MB: hãy chia thành nhiều tệp."]


def test_a_zip_of_too_many_parts_is_refused() -> None:
    parts = workbook_parts(sheet_xml(header_cells()))
    parts |= {f"xl/media/image{index}.png": b"" for index in range(1_000)}

    assert [p.reason for p in refused(package(parts))] == [
        "Tệp có 1.005 thành phần, quá mức 1.000 của một tệp Excel: tệp bị từ chối."
    ]


@pytest.mark.parametrize(
    ("name", "extra", "main"),
    [
        ("nhap.xlsm", {}, None),
        ("nhap.xlsx", {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"}, None),
        ("nhap.xlsx", {}, XLSM_MAIN),
    ],
)
def test_macro_workbooks_are_refused(name: str, extra: dict[str, bytes], main: str | None) -> None:
    parts = workbook_parts(sheet_xml(header_cells()), **({"main": main} if main else {})) | extra

    assert [(p.sheet, p.reason) for p in refused(package(parts, name=name))] == [
        (
            name,
            "Không nhận tệp có macro (.xlsm, VBA): hãy lưu lại dưới dạng “Excel Workbook (.xlsx)” rồi nhập tệp đó.",
        )
    ]


@pytest.mark.parametrize(
    ("content", "shown"),
    [
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), ".xls"),
        (package({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<a/>"}), ".ods"),
    ],
)
def test_formats_that_cannot_be_checked_before_reading_are_refused(content: Any, shown: str) -> None:
    upload = content if isinstance(content, io.BytesIO) else io.BytesIO(content)
    upload.name = "nhap.xls"

    reason = refused(upload)[0].reason

    assert reason.startswith(f"Không nhận tệp {shown}: hãy lưu lại dưới dạng “Excel Workbook (.xlsx)”")


def test_a_sheet_that_is_not_well_formed_xml_is_refused() -> None:
    sheet = sheet_xml(header_cells()).replace(b"</sheetData>", b"<row><c r='XFD1'><v>1</v></row></sheetData>")

    assert [p.reason for p in refused(package(workbook_parts(sheet)))] == [
        "Tệp không phải là tệp Excel hợp lệ (.xlsx) hoặc đã bị hỏng."
    ]


def test_a_sheet_with_a_dtd_is_refused() -> None:
    sheet = sheet_xml(header_cells()).replace(b"<worksheet", b'<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet', 1)

    assert [p.reason for p in refused(package(workbook_parts(sheet)))] == [
        "Tệp không phải là tệp Excel hợp lệ (.xlsx) hoặc đã bị hỏng."
    ]


# --- size, CSV ------------------------------------------------------------------------------------------
def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path) -> None:
    path = tmp_path / "lon.csv"
    with path.open("wb") as file:
        file.truncate(LIMITS.file_bytes + 1)  # sparse: nothing is written to disk

    assert refused(path) == [Problem("lon.csv", None, "", "", "Tệp lớn hơn 32 MB (32,0 MB): hãy chia thành nhiều tệp.")]


def test_a_garbage_csv_stops_after_the_first_errors_and_says_there_are_more(tmp_path: Path) -> None:
    path = tmp_path / "rac.csv"
    path.write_bytes(",".join(headers("people")).encode() + b"\n" + b"x,y,z,w,v\n" * 200_000)

    result = registry_import(file=path)

    assert len(result.problems) == LIMITS.problems and result.truncated
    assert result.problems[0] == Problem("rac.csv", 2, "Số CCCD", "x", "Số CCCD gồm 12 chữ số (CMND cũ 9 chữ số).")
    assert result.counts == {}


def test_a_csv_with_more_rows_than_the_limit_is_refused_at_that_row() -> None:
    text = ",".join(headers("people")) + "\n" + ",CB1,Lê Văn A,,\n" * 20

    assert refused(csv_upload(text), limits=ImportLimits(rows=10)) == [
        Problem(
            "nhan-su.csv",
            11,
            "",
            "",
            "Tệp có hơn 10 dòng, mức tối đa của một lần nhập: hãy chia thành nhiều tệp.",
        )
    ]


def test_a_csv_row_of_a_million_fields_is_refused_before_it_is_built() -> None:
    text = ",".join(headers("people")) + "\n" + "," * 1_000_000 + "\n"

    assert refused(csv_upload(text)) == [
        Problem(
            "nhan-su.csv",
            2,
            "",
            "",
            "Dòng dài hơn 65.536 ký tự: đây không phải là tệp dữ liệu danh mục.",
        )
    ]


SAVE_AS = "Hãy lưu lại trong Excel dưới dạng “CSV UTF-8 (Comma delimited)” rồi nhập tệp đó."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_utf16_csv_gets_an_encoding_error(encoding: str) -> None:
    text = ",".join(headers("people")) + "\n,CB1,Lê Văn A,,\n"

    assert refused(csv_upload(text, encoding=encoding)) == [
        Problem("nhan-su.csv", None, "", "", "Tệp được lưu ở dạng Unicode Text (UTF-16), không đọc được. " + SAVE_AS)
    ]


@pytest.mark.parametrize("mark", [b"", b"\xef\xbb\xbf"])
def test_a_broken_utf8_csv_names_the_line_of_the_bad_byte(mark: bytes) -> None:
    data = mark + (",".join(headers("people")) + "\n,CB1,Lê Văn A,,\n,CB2,Trần Thị B,,\n").encode()
    upload = io.BytesIO(data.replace("Trần".encode(), b"Tr\xe1n"))
    upload.name = "nhan-su.csv"

    assert refused(upload) == [
        Problem(
            "nhan-su.csv",
            3,
            "",
            "",
            "Tệp không ở mã UTF-8 hợp lệ: dòng 3 có byte (0xE1) không thuộc mã UTF-8. " + SAVE_AS,
        )
    ]


def test_the_xlsx_helper_workbooks_still_import() -> None:
    """The real limits leave an ordinary workbook alone (the whole suite imports such files)."""
    result = registry_import(file=xlsx({"Nhân sự": [headers("people"), ["", "CB1", "Lê Văn A", "", ""]]}))

    assert result.problems == [] and result.counts["people"].created == 1


def test_a_zip_that_is_not_a_workbook_is_refused() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    buffer.name = "nhap.xlsx"
    buffer.seek(0)

    assert next(p.reason for p in refused(buffer)).startswith("Tệp không phải là tệp Excel hợp lệ")
