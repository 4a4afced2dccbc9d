"""The self-scoring tables of the Word forms, read back cell by cell with python-docx: every criterion group of
the cycle's frozen template with its points and its criteria's, subtotals where a kind has several groups, the
quarter in the title of a quarterly form, and file names that differ between cycles of the same period."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any

import pytest
from docx import Document

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.cycles.services import cycle_create
from danhgia.apps.reports.exports.forms import review_form_docx, review_form_filename
from danhgia.apps.reports.tests.helpers import NOW, collective, individual, open_cycle, reports_world, set_result
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.services.opening import cycle_open
from danhgia.apps.reviews.tests.world import World
from danhgia.domain.scoring import default_template

pytestmark = pytest.mark.django_db
HEAD = ["TT", "Nhóm tiêu chí, tiêu chí", "Điểm tối đa", "Điểm tự chấm"]
PL1_ITEMS = [
    "Chấp hành nguyên tắc tổ chức và hoạt động, nhất là nguyên tắc tập trung dân chủ, quy chế làm việc; đoàn kết"
    " nội bộ",
    "Xây dựng, chỉnh đốn Đảng và hệ thống chính trị; bộ máy, đội ngũ cán bộ; thực hiện trách nhiệm nêu gương,"
    " trách nhiệm giải trình",
    "Kiểm tra, giám sát, kỷ luật đảng; phòng, chống tham nhũng, lãng phí, tiêu cực, suy thoái; kiểm soát quyền lực",
    "Khắc phục hạn chế, khuyết điểm đã được chỉ ra ở kỳ kiểm điểm trước; tự phê bình và phê bình",
]


@pytest.fixture
def world() -> World:
    return reports_world()


def reloaded(review: Review) -> Review:
    return Review.objects.select_related("cycle", "unit", "person").get(pk=review.pk)


def tables(content: bytes) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows] for table in Document(BytesIO(content)).tables]


def score_table(content: bytes) -> list[list[str]]:
    """The table whose first row is the self-scoring table's head."""
    return next(rows for rows in tables(content) if rows[0] == HEAD)


def paragraphs(content: bytes) -> list[str]:
    return [p.text for p in Document(BytesIO(content)).paragraphs]


def quarter_cycle(world: World, *, name: str, ruleset: str = "qd366-2025", quarter: int = 3) -> ReviewCycle:
    cycle = cycle_create(
        actor=world.users["admin"],
        name=name,
        kind="quarter",
        year=2025 if ruleset == "qd366-2025" else 2026,
        quarter=quarter,
        root=world.province,
        ruleset=ruleset,
        now=NOW,
    )
    cycle_open(cycle=cycle, actor=world.users["admin"], now=NOW)
    return cycle


def pl1_answers(met: list[bool], tasks: str) -> dict[str, Any]:
    return {
        "items": {str(i): {"met": m} for i, m in enumerate(met, start=1)},
        "computed": {"B": tasks},
    }


def test_form_01_shows_each_criterion_group_and_criterion_with_its_points(world: World) -> None:
    cycle = open_cycle(world)
    review = collective(cycle, world.committee, "party_organisation")
    set_result(review, answers=pl1_answers([True, True, False, True], "52.5"), score=Decimal("74.5"))
    content = review_form_docx(reloaded(review))

    table = next(t for t in Document(BytesIO(content)).tables if t.rows[0].cells[0].text == "TT")
    assert [round(c.width.cm, 1) for c in table.columns] == [1.4, 10.2, 2.2, 2.2]  # the criterion's text wide
    assert score_table(content) == [
        HEAD,
        ["A", "Nhóm tiêu chí chung", "30", "22"],
        ["1", PL1_ITEMS[0], "8", "8"],
        ["2", PL1_ITEMS[1], "8", "8"],
        ["3", PL1_ITEMS[2], "8", "0"],
        ["4", PL1_ITEMS[3], "6", "6"],
        ["B", "Nhóm tiêu chí về kết quả thực hiện nhiệm vụ", "70", "52,5"],
        ["", "Tổng điểm", "100", "74,5"],
    ]


def test_form_01_prints_the_two_group_totals_of_a_self_review_without_item_answers(world: World) -> None:
    cycle = open_cycle(world)
    review = collective(cycle, world.agency, "organisation")
    set_result(review, answers={"points": {"general": "27", "tasks": "61.25"}}, score=Decimal("88.25"))

    rows = score_table(review_form_docx(reloaded(review)))

    assert rows[1] == ["A", "Nhóm tiêu chí chung", "30", "27"]
    assert [row[3] for row in rows[2:6]] == ["……"] * 4  # the criteria were not scored one by one
    assert rows[6:] == [
        ["B", "Nhóm tiêu chí về kết quả thực hiện nhiệm vụ", "70", "61,25"],
        ["", "Tổng điểm", "100", "88,25"],
    ]


def test_a_form_with_several_general_groups_adds_them_up(world: World) -> None:
    cycle = open_cycle(world)
    review = individual(world, cycle, "P2")  # Mẫu 2B: Phụ lục 4, general groups A1 (15), A2 (10), A3 (5)
    template = default_template("qd366-2025", "staff")
    items: dict[str, Any] = {
        item.code: {"met": item.code not in ("1.8", "2.3"), "checklist": {c.code: True for c in item.children}}
        for item in template.items()
    }  # every criterion met but 1.8 (1.5 points) and 2.3 (2 points)
    set_result(review, answers={"items": items, "computed": {"B": "63"}}, score=Decimal("89.5"))

    rows = score_table(review_form_docx(reloaded(review)))

    groups = [row for row in rows if row[0] in ("A1", "A2", "A3", "B", "")]
    assert [(code, maximum, points) for code, _text, maximum, points in groups] == [
        ("A1", "15", "13,5"),
        ("A2", "10", "8"),
        ("A3", "5", "5"),
        ("", "30", "26,5"),
        ("B", "70", "63"),
        ("", "100", "89,5"),
    ]
    assert groups[3][1] == "Cộng nhóm tiêu chí chung"
    assert rows[2] == ["1.1", rows[2][1], "1,5", "1,5"] and rows[9] == ["1.8", rows[9][1], "1,5", "0"]


def test_the_quarterly_form_01_is_titled_with_its_quarter_and_named_for_its_cycle(world: World) -> None:
    first = quarter_cycle(world, name="Kiểm điểm quý 3/2025")
    second = quarter_cycle(world, name="Kiểm điểm quý 3/2025 (bổ sung)")
    one, two = (reloaded(collective(c, world.province, "party_organisation")) for c in (first, second))

    text = paragraphs(review_form_docx(one))

    assert text[2:4] == ["BÁO CÁO KIỂM ĐIỂM, TỰ ĐÁNH GIÁ, XẾP LOẠI CỦA TẬP THỂ TỈNH ỦY HÀ TĨNH", "Quý 3 năm 2025"]
    assert review_form_filename(one) == f"mau-01-2025-q3-ky{first.pk}-TU-to-chuc-dang.docx"
    assert review_form_filename(two) == f"mau-01-2025-q3-ky{second.pk}-TU-to-chuc-dang.docx"
    leadership = reloaded(collective(first, world.agency, "leadership_collective"))
    assert review_form_filename(leadership) == f"mau-01-2025-q3-ky{first.pk}-SNV-tap-the-lanh-dao.docx"


def test_the_quarterly_decree_335_sheet_shows_its_general_groups_with_their_points(world: World) -> None:
    cycle = quarter_cycle(world, name="Công chức quý 1/2026", ruleset="nd335-2025", quarter=1)
    review = Review.objects.get(cycle=cycle, person=world.people["P1"])
    items = {
        "I.1": {"points": "5"},
        "I.2": {"points": "4.5"},
        "II.1": {"points": "2.5"},
        "II.2": {"points": "2"},
        "II.3": {"points": "2.5"},
        "II.4": {"points": "2.5"},
        "III.1": {"points": "1.5", "evidence": ["Sáng kiến số 3/2026"]},
        "III.2": {"points": "2.5", "evidence": ["Quyết định giao nhiệm vụ số 15/QĐ"]},
        "III.3": {"points": "2.5", "evidence": ["Biên bản họp đơn vị"]},
        "III.4": {"points": "2", "evidence": ["Báo cáo quý 1"]},
    }
    set_result(review, answers={"items": items, "computed": {"B": "60"}}, score=Decimal("87.5"))
    content = review_form_docx(reloaded(review))

    general = next(rows for rows in tables(content) if rows[0][1] == "Tiêu chí chấm điểm")
    groups = [(row[0], row[2], row[3]) for row in general if row[0] in ("I", "II", "III")]
    assert groups == [("I", "10", "9,5"), ("II", "10", "9,5"), ("III", "10", "8,5")]
    assert general[2] == ["I.1", general[2][1], "5", "5"] and general[-1] == ["", "Tổng", "30", "27,5"]
    text = paragraphs(content)
    assert "Quý 1 năm 2026" in text
    assert "1. Điểm tiêu chí chung: 27,5/30" in text and "2. Điểm kết quả thực hiện nhiệm vụ: 60/70" in text
    assert "3. Tổng điểm: 87,5/100" in text
    assert review_form_filename(reloaded(review)) == f"mau-so-01-2026-q1-ky{cycle.pk}-CB001.docx"
