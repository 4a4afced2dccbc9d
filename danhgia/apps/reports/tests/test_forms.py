"""Word forms read back with python-docx: the right form for the subject, filled with its data."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from io import BytesIO

import pytest
from docx import Document

from danhgia.apps.cycles.services import cycle_create
from danhgia.apps.orgs.models import Person
from danhgia.apps.reports.exports.forms import FormUnavailable, form_code, review_form_docx, review_form_filename
from danhgia.apps.reports.tests.helpers import NOW, collective, individual, open_cycle, reports_world, set_result
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.services.opening import cycle_open
from danhgia.apps.reviews.tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return reports_world()


def text_of(content: bytes) -> str:
    document = Document(BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_a_staff_member_gets_form_2b_filled_with_the_self_review(world: World) -> None:
    cycle = open_cycle(world)
    Person.objects.filter(pk=world.people["P2"].pk).update(birth_date=date(1985, 3, 9))
    review = individual(world, cycle, "P2")
    set_result(
        review,
        answers={
            "text": {
                "strengths": "Hoàn thành 100% nhiệm vụ được giao, có 4 nhiệm vụ vượt kế hoạch.",
                "weaknesses": "Có lúc chưa chủ động.",
                "causes": "Khối lượng công việc lớn.",
                "products": "Đề án vị trí việc làm của Sở.",
            },
            "tasks": {"assigned": 10, "completed": 10, "on_time": 10, "exceeded": 4},
            "points": {"general": "28.5", "tasks": "66"},
        },
        score=Decimal("94.5"),
        proposed_level="L1",
        state="published",
        decided_status="classified",
        decided_level="L2",
    )
    review = Review.objects.select_related("cycle", "unit", "person").get(pk=review.pk)

    assert form_code(review) == "Mẫu 2B-HD KĐ.ĐG 2025"
    text = text_of(review_form_docx(review))

    assert "Mẫu 2B-HD KĐ.ĐG 2025" in text
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text
    assert "BẢN KIỂM ĐIỂM, TỰ ĐÁNH GIÁ, XẾP LOẠI CÁ NHÂN" in text and "Năm 2025" in text
    assert "(Dùng cho cá nhân không giữ chức vụ lãnh đạo, quản lý)" in text
    assert "- Họ và tên: Lê Văn Cường" in text and "- Ngày sinh: 09/03/1985" in text
    assert "- Chi bộ: Chi bộ Văn phòng" in text and "- Đơn vị công tác: Sở Nội vụ" in text
    assert "ĐẢNG BỘ SỞ NỘI VỤ" in text and "CHI BỘ CHI BỘ" not in text  # the superior and the cell itself
    assert "Hoàn thành 100% nhiệm vụ được giao, có 4 nhiệm vụ vượt kế hoạch." in text
    assert "Có lúc chưa chủ động." in text and "Khối lượng công việc lớn." in text
    assert "28,5" in text and "66" in text and "94,5" in text
    assert "☒ Hoàn thành xuất sắc nhiệm vụ" in text and "☐ Hoàn thành tốt nhiệm vụ" in text
    assert "Xếp loại: Hoàn thành tốt nhiệm vụ" in text  # the competent level's decision
    assert "PHỤ LỤC KẾT QUẢ THỰC HIỆN NHIỆM VỤ" in text and "Đề án vị trí việc làm của Sở." in text
    assert review_form_filename(review) == f"mau-2b-2025-ky{cycle.pk}-CB002.docx"


def test_an_empty_self_review_prints_dotted_lines_and_no_decision(world: World) -> None:
    cycle = open_cycle(world)
    review = Review.objects.select_related("cycle", "unit", "person").get(pk=individual(world, cycle, "P3").pk)
    text = text_of(review_form_docx(review))
    assert "…" * 20 in text
    assert "Chưa có quyết định." in text
    assert "☒" not in text


def test_the_head_gets_form_2a_with_the_posts(world: World) -> None:
    cycle = open_cycle(world)
    review = Review.objects.select_related("cycle", "unit", "person").get(pk=individual(world, cycle, "P0").pk)
    text = text_of(review_form_docx(review))
    assert form_code(review) == "Mẫu 2A-HD KĐ.ĐG 2025"
    assert "(Dùng cho cán bộ lãnh đạo, quản lý)" in text
    assert "- Chức vụ (đảng, chính quyền, đoàn thể): Giám đốc Sở Nội vụ" in text


def test_a_party_organisation_gets_the_collective_report_01(world: World) -> None:
    cycle = open_cycle(world)
    review = collective(cycle, world.committee, "party_organisation")
    set_result(review, score=Decimal(86), proposed_level="L2")
    review = Review.objects.select_related("cycle", "unit", "person").get(pk=review.pk)
    text = text_of(review_form_docx(review))
    assert form_code(review) == "Mẫu 01-HD KĐ.ĐG 2025"
    assert "BÁO CÁO KIỂM ĐIỂM, TỰ ĐÁNH GIÁ, XẾP LOẠI CỦA TẬP THỂ ĐẢNG BỘ SỞ NỘI VỤ" in text
    assert "TỈNH ỦY HÀ TĨNH" in text  # the superior party organisation
    assert "1. Việc chấp hành nguyên tắc tổ chức và hoạt động của Đảng" in text
    assert "☒ Hoàn thành tốt nhiệm vụ" in text
    assert "T/M ĐẢNG BỘ SỞ NỘI VỤ" in text
    assert review_form_filename(review) == f"mau-01-2025-ky{cycle.pk}-DB-SNV-to-chuc-dang.docx"


def test_civil_servants_get_the_decree_335_sheets(world: World) -> None:
    year = cycle_create(
        actor=world.users["admin"],
        name="Công chức năm 2026",
        kind="year",
        year=2026,
        root=world.province,
        ruleset="nd335-2025",
        now=NOW,
    )
    cycle_open(cycle=year, actor=world.users["admin"], now=NOW)
    review = Review.objects.select_related("cycle", "unit", "person").get(cycle=year, person=world.people["P1"])
    set_result(review, score=Decimal("82.25"), proposed_level="L2")
    review.refresh_from_db()
    text = text_of(review_form_docx(review))
    assert form_code(review) == "Mẫu số 02"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "PHIẾU XẾP LOẠI CHẤT LƯỢNG CÔNG CHỨC" in text and "Năm 2026" in text
    assert "Họ và tên: Trần Thị Bình" in text and "Chức vụ, chức danh: Chuyên viên" in text
    assert "Điểm trung bình cả năm: 82,25/100" in text
    assert "☒ Hoàn thành tốt nhiệm vụ" in text

    quarter = cycle_create(
        actor=world.users["admin"],
        name="Công chức quý 1/2026",
        kind="quarter",
        year=2026,
        quarter=1,
        root=world.province,
        ruleset="nd335-2025",
        now=NOW,
    )
    cycle_open(cycle=quarter, actor=world.users["admin"], now=NOW)
    review = Review.objects.select_related("cycle", "unit", "person").get(cycle=quarter, person=world.people["P1"])
    text = text_of(review_form_docx(review))
    assert form_code(review) == "Mẫu số 01"
    assert "PHIẾU THEO DÕI, ĐÁNH GIÁ CÔNG CHỨC" in text and "Quý 1 năm 2026" in text
    assert "Ý thức kỷ luật, kỷ cương trong thực thi công vụ" in text  # a general criterion of the sheet
    assert review_form_filename(review) == f"mau-so-01-2026-q1-ky{quarter.pk}-CB001.docx"


def test_rule_sets_without_a_form_layout_say_so(world: World) -> None:
    cycle = open_cycle(world, year=2024, ruleset="qd124-2023")
    review = Review.objects.select_related("cycle", "unit", "person").get(pk=individual(world, cycle, "P1").pk)
    with pytest.raises(FormUnavailable):
        review_form_docx(review)


def test_a_decision_prints_once_published_unless_the_reader_may_see_it_before(world: World) -> None:
    year = cycle_create(
        actor=world.users["admin"],
        name="Công chức năm 2026",
        kind="year",
        year=2026,
        root=world.province,
        ruleset="nd335-2025",
        now=NOW,
    )
    cycle_open(cycle=year, actor=world.users["admin"], now=NOW)
    review = Review.objects.get(cycle=year, person=world.people["P1"])
    set_result(review, proposed_level="L2", state="decided", decided_status="classified", decided_level="L4")
    review.refresh_from_db()

    def checked(text: str) -> list[str]:
        return [line for line in text.splitlines() if line.startswith("☒")]

    assert checked(text_of(review_form_docx(review))) == ["☒ Hoàn thành tốt nhiệm vụ"]  # the self-proposal only
    assert checked(text_of(review_form_docx(review, shows_unpublished=True))) == [
        "☒ Hoàn thành tốt nhiệm vụ",
        "☒ Không hoàn thành nhiệm vụ",
    ]
    set_result(review, state="published")
    review.refresh_from_db()
    assert checked(text_of(review_form_docx(review)))[-1] == "☒ Không hoàn thành nhiệm vụ"
