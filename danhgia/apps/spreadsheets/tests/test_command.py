"""`manage.py import_registry` (what `danhgia import` runs): exit codes, counts, errors and the report."""

from __future__ import annotations

import io
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from danhgia.apps.orgs.models import Person
from danhgia.apps.spreadsheets.tests.conftest import full_sheets, headers, table_counts, xlsx
from tests.foundation.helpers import run


def save(tmp_path: Path, sheets: Mapping[str, Sequence[Any]], name: str = "nhap.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(xlsx(sheets).getvalue())
    return path


@pytest.mark.django_db
def test_a_valid_file_prints_the_counts_per_kind(tmp_path: Path) -> None:
    path = save(tmp_path, {"Nhân sự": full_sheets()["Nhân sự"]})
    out = io.StringIO()

    call_command("import_registry", str(path), stdout=out)
    call_command("import_registry", str(path), stdout=out)

    assert out.getvalue().splitlines() == [
        "Nhân sự: 2 thêm mới, 0 cập nhật, 0 không đổi",
        "Nhân sự: 0 thêm mới, 0 cập nhật, 2 không đổi",
    ]


@pytest.mark.django_db
def test_an_invalid_file_exits_2_prints_the_errors_and_writes_the_report(tmp_path: Path) -> None:
    path = save(tmp_path, {"Nhân sự": [headers("people"), ["", "CB1", "Lê Văn A", "30/02/1990", ""]]})
    report = tmp_path / "loi.xlsx"
    err = io.StringIO()
    before = table_counts()

    with pytest.raises(CommandError) as raised:
        call_command("import_registry", str(path), "--report", str(report), stderr=err)

    assert raised.value.returncode == 2
    assert str(raised.value) == "Có 1 lỗi: không có dữ liệu nào được nhập."
    assert err.getvalue().splitlines() == [
        "Nhân sự, dòng 2, cột “Ngày sinh (dd/mm/yyyy)”, giá trị “30/02/1990”: Ngày này không có thật.",
        f"Báo cáo lỗi đầy đủ: {report}",
    ]
    rows = list(load_workbook(report).worksheets[0].iter_rows(values_only=True))
    assert rows == [
        ("Trang tính", "Dòng", "Cột", "Giá trị", "Lý do"),
        ("Nhân sự", 2, "Ngày sinh (dd/mm/yyyy)", "30/02/1990", "Ngày này không có thật."),
    ]
    assert table_counts() == before
    assert Person.objects.count() == 0


@pytest.mark.django_db
def test_only_the_first_twenty_errors_are_printed(tmp_path: Path) -> None:
    rows = [["", f"CB{i}", "", "", ""] for i in range(25)]
    err = io.StringIO()

    with pytest.raises(CommandError):
        call_command("import_registry", str(save(tmp_path, {"Nhân sự": [headers("people"), *rows]})), stderr=err)

    lines = err.getvalue().splitlines()
    assert len(lines) == 21
    assert lines[-1] == "… và 5 lỗi khác."


def test_template_writes_the_workbook(tmp_path: Path) -> None:
    out = io.StringIO()
    target = tmp_path / "mau.xlsx"

    call_command("import_registry", "--template", "people", "-o", str(target), stdout=out)

    assert load_workbook(target).sheetnames == ["Nhân sự", "Hướng dẫn"]
    assert out.getvalue() == f"Đã ghi mẫu: {target}\n"


def test_the_process_exits_2_on_an_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "hong.xlsx"
    path.write_bytes(b"not a workbook")

    done = run(
        [sys.executable, "manage.py", "import_registry", str(path)],
        env={"DJANGO_DEBUG": "1", "DATABASE_URL": "sqlite://:memory:"},
    )

    assert done.returncode == 2
    assert done.stderr.splitlines()[0] == "hong.xlsx: Tệp không phải là tệp Excel hợp lệ."
    assert done.stdout == ""
