"""Bad input: every problem is reported with its exact sheet, row, column, value and Vietnamese reason, and
nothing at all is written (the row count of every registry table is the same before and after)."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest

from danhgia.apps.orgs.services import unit_create
from danhgia.apps.spreadsheets.records import Problem
from danhgia.apps.spreadsheets.services import registry_import
from danhgia.apps.spreadsheets.tests.conftest import full_sheets, headers, table_counts, xlsx

pytestmark = pytest.mark.django_db

BIRTH = "Ngày sinh (dd/mm/yyyy)"
FROM = "Hiệu lực từ (dd/mm/yyyy)"
PARENT = "Mã đơn vị cấp trên"


def assert_rejected(sheets: dict[str, list[list[Any]]], expected: list[Problem]) -> None:
    before = table_counts()

    result = registry_import(file=xlsx(sheets))

    assert result.problems == expected
    assert result.counts == {}
    assert table_counts() == before


def people(*rows: list[Any]) -> dict[str, list[list[Any]]]:
    return {"Nhân sự": [headers("people"), *rows]}


def units(*rows: list[Any]) -> dict[str, list[list[Any]]]:
    return {"Đơn vị": [headers("units")[:5], *rows]}


@pytest.mark.parametrize(
    ("cell", "shown", "reason"),
    [
        ("31/02/2024", "31/02/2024", "Ngày này không có thật."),
        ("2024/02/01", "2024/02/01", "Ghi ngày theo dạng dd/mm/yyyy."),
        ("mùng 1 tháng 2", "mùng 1 tháng 2", "Ghi ngày theo dạng dd/mm/yyyy."),
        (19800302, "19800302", "Ghi ngày theo dạng dd/mm/yyyy."),
    ],
)
def test_a_bad_date_names_its_cell(cell: Any, shown: str, reason: str) -> None:
    assert_rejected(people(["", "CB1", "Lê Văn A", cell, "Nam"]), [Problem("Nhân sự", 2, BIRTH, shown, reason)])


def test_every_problem_of_the_file_is_reported_not_just_the_first() -> None:
    sheets = people(
        ["1090012345", "CB1", "Lê Văn A", "", "Nam"],
        ["", "", "Lê Văn B", "", ""],
        ["", "CB3", "", "", "Bê đê"],
    )

    assert_rejected(
        sheets,
        [
            Problem("Nhân sự", 2, "Số CCCD", "1090012345", "Số CCCD gồm 12 chữ số (CMND cũ 9 chữ số)."),
            Problem("Nhân sự", 3, "Số CCCD", "", "Cần ghi Số CCCD hoặc Mã cán bộ."),
            Problem("Nhân sự", 4, "Họ và tên", "", "Bắt buộc phải ghi."),
            Problem("Nhân sự", 4, "Giới tính", "Bê đê", "Không thuộc các giá trị hợp lệ: Nam, Nữ."),
        ],
    )


def test_a_national_id_typed_as_a_number_lost_its_leading_zero() -> None:
    reason = (
        "Số CCCD gồm 12 chữ số (CMND cũ 9 chữ số); hãy định dạng cột là Văn bản (Text) để Excel giữ các số 0 ở đầu."
    )
    assert_rejected(
        people([1090012345, "", "Lê Văn A", "", ""], [10900123456, "", "Lê Văn B", "", ""]),
        [
            Problem("Nhân sự", 2, "Số CCCD", "1090012345", reason),
            Problem("Nhân sự", 3, "Số CCCD", "10900123456", reason),
        ],
    )


def test_a_duplicate_natural_key_names_the_first_row() -> None:
    reason = "Trùng với dòng 2 của trang “Nhân sự” (cùng khóa nhận diện)."
    assert_rejected(
        people(["001090012345", "", "Lê Văn A", "", ""], ["001090012345", "", "Lê Văn A", "", ""]),
        [Problem("Nhân sự", 3, "Số CCCD", "001090012345", reason)],
    )


def test_a_personnel_code_of_someone_else_is_refused() -> None:
    registry_import(file=xlsx(people(["001090000001", "CB1", "Lê Văn A", "", ""])))
    assert_rejected(
        people(["001090012345", "CB1", "Lê Văn B", "", ""]),
        [Problem("Nhân sự", 2, "Mã cán bộ", "CB1", "Mã cán bộ này đã thuộc về người khác: Lê Văn A.")],
    )


def test_unknown_unit_kind_and_unknown_parent() -> None:
    assert_rejected(
        units(["X1", "Xã 1", "Huyện ủy", "", "01/01/2020"], ["X2", "Xã 2", "Chi bộ", "ZZ", "01/01/2020"]),
        [
            Problem(
                "Đơn vị",
                2,
                "Loại đơn vị",
                "Huyện ủy",
                "Không thuộc các giá trị hợp lệ: Đảng bộ, Đảng bộ cơ sở, Chi bộ cơ sở, Chi bộ, "
                "Cơ quan/đơn vị, Đoàn thể.",
            ),
            Problem("Đơn vị", 3, PARENT, "ZZ", "Không có đơn vị nào có mã này trong hệ thống hay trong tệp."),
        ],
    )


def test_a_cycle_is_reported_on_every_row_in_it() -> None:
    reason = "Đơn vị cấp trên này tạo thành vòng lặp trong cây tổ chức."
    assert_rejected(
        units(
            ["A", "A", "Chi bộ", "B", "01/01/2020"],
            ["B", "B", "Chi bộ", "A", "01/01/2020"],
            ["C", "C", "Chi bộ", "C", "01/01/2020"],
        ),
        [
            Problem("Đơn vị", 2, PARENT, "B", reason),
            Problem("Đơn vị", 3, PARENT, "A", reason),
            Problem("Đơn vị", 4, PARENT, "C", "Đơn vị không thể là cấp trên của chính nó."),
        ],
    )


def test_moving_a_unit_under_its_own_descendant_in_the_database_is_a_cycle() -> None:
    start = date(2020, 1, 1)
    t1 = unit_create(code="T1", name="T1", kind="party_committee", parent=None, valid_from=start)
    unit_create(code="X1", name="X1", kind="grassroots_committee", parent=t1, valid_from=start)
    assert_rejected(
        units(["T1", "T1", "Đảng bộ", "X1", "01/07/2025"]),
        [Problem("Đơn vị", 2, PARENT, "X1", "Đơn vị cấp trên này tạo thành vòng lặp trong cây tổ chức.")],
    )


def test_a_parent_that_starts_after_its_child_is_not_in_the_tree_yet() -> None:
    assert_rejected(
        units(["X1", "Xã 1", "Đảng bộ cơ sở", "T1", "01/01/2020"], ["T1", "Tỉnh 1", "Đảng bộ", "", "01/01/2021"]),
        [Problem("Đơn vị", 2, PARENT, "T1", "Đơn vị cấp trên không có trong cây tổ chức vào ngày 01/01/2020.")],
    )


def test_a_row_cannot_start_a_unit_before_the_database_has_it() -> None:
    unit_create(code="T1", name="T1", kind="party_committee", parent=None, valid_from=date(2020, 1, 1))
    assert_rejected(
        units(["T1", "T1", "Đảng bộ", "", "01/01/2019"]),
        [
            Problem(
                "Đơn vị",
                2,
                FROM,
                "01/01/2019",
                "Đơn vị chỉ có trong cây tổ chức từ ngày 01/01/2020; không thể ghi hiệu lực trước ngày đó.",
            )
        ],
    )


def test_references_to_people_and_units_must_exist_in_the_database_or_the_file() -> None:
    sheets = full_sheets()
    sheets["Chức vụ"].append(["036090009999", "", "X1", "Phó Bí thư", "Cấp phó", "Có", "", "01/01/2021", ""])
    sheets["Chức vụ"].append(["", "CB404", "Q9", "Đảng ủy viên", "", "", "", "01/01/2021", "01/01/2020"])

    assert_rejected(
        sheets,
        [
            Problem(
                "Chức vụ",
                3,
                "Số CCCD",
                "036090009999",
                "Không có người nào có Số CCCD này trong hệ thống hay trên trang “Nhân sự”.",
            ),
            Problem(
                "Chức vụ",
                4,
                "Mã cán bộ",
                "CB404",
                "Không có người nào có Mã cán bộ này trong hệ thống hay trên trang “Nhân sự”.",
            ),
            Problem("Chức vụ", 4, "Mã đơn vị", "Q9", "Không có đơn vị nào có mã này trong hệ thống hay trong tệp."),
            Problem("Chức vụ", 4, "Hiệu lực đến (dd/mm/yyyy)", "01/01/2020", "Ngày kết thúc phải sau ngày bắt đầu."),
        ],
    )


def test_rules_across_columns_of_posts_memberships_and_discipline() -> None:
    sheets = full_sheets()
    sheets["Chức vụ"][1][5] = "Không"  # a head that is not a leadership post
    sheets["Đảng viên"][1][3] = "01/01/2009"  # official before admitted
    sheets["Đảng viên"][1][5] = "X1"  # a party committee, not a cell
    sheets["Kỷ luật"][1][2] = "X1"  # both a person and a unit

    assert_rejected(
        sheets,
        [
            Problem("Chức vụ", 2, "Lãnh đạo, quản lý", "Không", "Người đứng đầu đơn vị giữ chức vụ lãnh đạo, quản lý."),
            Problem(
                "Đảng viên",
                2,
                "Ngày chính thức (dd/mm/yyyy)",
                "01/01/2009",
                "Ngày chính thức không thể trước ngày vào Đảng.",
            ),
            Problem("Đảng viên", 2, "Mã chi bộ", "X1", "Đơn vị này không phải là chi bộ."),
            Problem(
                "Kỷ luật",
                2,
                "Số CCCD",
                "",
                "Ghi một người (Số CCCD hoặc Mã cán bộ) hoặc một đơn vị, không ghi cả hai.",
            ),
        ],
    )


def test_one_bad_sheet_stops_the_valid_sheets_too() -> None:
    sheets = full_sheets()
    sheets["Xếp loại công chức"][1][3] = "Xuất sắc"

    assert_rejected(
        sheets,
        [
            Problem(
                "Xếp loại công chức",
                2,
                "Mức xếp loại",
                "Xuất sắc",
                "Không thuộc các giá trị hợp lệ: Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt nhiệm vụ, "
                "Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ.",
            )
        ],
    )


def test_a_missing_required_column_and_an_unknown_sheet() -> None:
    assert_rejected(
        {"Nhân sự": [["Số CCCD", "Mã cán bộ", "Ngày sinh"], ["001090012345", "", ""]], "Tổng hợp": [["Tổng", 3]]},
        [
            Problem(
                "Tổng hợp",
                None,
                "",
                "",
                "Không xác định được nội dung trang tính này: hãy đặt tên trang là một trong “Đơn vị”, “Nhân sự”, "
                "“Chức vụ”, “Đảng viên”, “Kỷ luật”, “Nghỉ, vắng”, “Xếp loại công chức”, hoặc dùng dòng tiêu đề "
                "của mẫu.",
            ),
            Problem("Nhân sự", 1, "Họ và tên", "", "Thiếu cột bắt buộc."),
        ],
    )


def test_a_file_that_is_not_a_spreadsheet() -> None:
    before = table_counts()
    upload = io.BytesIO(b"PK\x03\x04 not really a zip")
    upload.name = "hong.xlsx"

    result = registry_import(file=upload)

    assert [(p.sheet, p.row, p.column) for p in result.problems] == [("hong.xlsx", None, "")]
    assert result.problems[0].reason.startswith("Tệp không phải là tệp Excel hợp lệ")
    assert table_counts() == before


def test_a_units_sheet_needs_the_parent_column_even_if_every_cell_is_blank() -> None:
    sheet = [["Mã đơn vị", "Tên đơn vị", "Loại đơn vị", "Hiệu lực từ"], ["T1", "Tỉnh 1", "Đảng bộ", "01/01/2020"]]

    assert_rejected({"Đơn vị": sheet}, [Problem("Đơn vị", 1, PARENT, "", "Thiếu cột bắt buộc.")])
