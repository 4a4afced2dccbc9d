"""The downloadable templates: header rows, the guide sheet, drop-down lists, and a filled template imports."""

from __future__ import annotations

import io
from datetime import date

import pytest
from openpyxl import load_workbook

from danhgia.apps.orgs.models import Person, Post, Unit
from danhgia.apps.spreadsheets.records import KindCounts
from danhgia.apps.spreadsheets.services import registry_import
from danhgia.apps.spreadsheets.templates_spec import GUIDE_SHEET, SPECS
from danhgia.apps.spreadsheets.tests.conftest import headers
from danhgia.apps.spreadsheets.workbook import template_workbook


@pytest.mark.parametrize("kind", list(SPECS))
def test_each_template_has_its_header_row_and_a_guide(kind: str) -> None:
    workbook = load_workbook(io.BytesIO(template_workbook(kind)))

    assert workbook.sheetnames == [SPECS[kind].sheet_name, GUIDE_SHEET]
    sheet = workbook[SPECS[kind].sheet_name]
    assert [cell.value for cell in sheet[1]] == headers(kind)
    guide = [row for row in workbook[GUIDE_SHEET].iter_rows(min_row=2, values_only=True) if row[0] != "Ghi chú"]
    assert [row[1] for row in guide if row[1]] == headers(kind)
    assert workbook[GUIDE_SHEET]["A1"].value == "Trang tính"


def test_enumerated_columns_have_drop_down_lists() -> None:
    sheet = load_workbook(io.BytesIO(template_workbook("discipline")))["Kỷ luật"]

    lists = {str(v.sqref): v.formula1 for v in sheet.data_validations.dataValidation}

    assert lists == {
        "D2:D5000": '"Có,Không"',
        "E2:E5000": '"Khiển trách,Cảnh cáo,Hạ bậc lương,Cách chức,Buộc thôi việc,Khai trừ"',
        "F2:F5000": '"Kỷ luật Đảng,Kỷ luật hành chính"',
        "I2:I5000": '"Có,Không"',
        "J2:J5000": '"Có,Không"',
    }


def test_the_guide_explains_columns_in_vietnamese() -> None:
    guide = load_workbook(io.BytesIO(template_workbook("people")))[GUIDE_SHEET]

    rows = {row[1]: row for row in guide.iter_rows(min_row=2, values_only=True) if row[1]}

    assert rows["Họ và tên"][2:4] == ("Có", "Họ và tên đầy đủ.")
    assert rows["Số CCCD"][2] == "Một trong hai"
    assert rows["Giới tính"][4] == "Nam, Nữ"


@pytest.mark.django_db
def test_a_filled_in_template_imports() -> None:
    workbook = load_workbook(io.BytesIO(template_workbook("all")))
    workbook["Đơn vị"].append(["T1", "Đảng bộ tỉnh", "Đảng bộ", "", "01/01/2020"])
    workbook["Đơn vị"].append(["C1", "Chi bộ Văn phòng", "Chi bộ cơ sở", "T1", "01/01/2020"])
    workbook["Nhân sự"].append(["001090012345", "CB1", "Hoàng Thị Lan", "12/12/1982", "Nữ"])
    workbook["Chức vụ"].append(["001090012345", "", "C1", "Bí thư Chi bộ", "Người đứng đầu", "", "", "01/01/2021"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "mau-nhap-all.xlsx"

    result = registry_import(file=buffer)

    assert result.problems == []
    assert result.counts == {
        "units": KindCounts(created=2),
        "people": KindCounts(created=1),
        "posts": KindCounts(created=1),
    }
    assert list(Unit.objects.values_list("code", "kind")) == [("C1", "grassroots_cell"), ("T1", "party_committee")]
    assert Person.objects.get().birth_date == date(1982, 12, 12)
    assert Post.objects.get().is_leadership is True
