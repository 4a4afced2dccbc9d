"""`manage.py report`: the files it writes, JSON on standard output, and one clear line with exit 2."""

from __future__ import annotations

import json
from io import BytesIO, StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from docx import Document
from openpyxl import load_workbook
from pypdf import PdfReader

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.reports.models import SummaryRun
from danhgia.apps.reports.services import summaries_refresh
from danhgia.apps.reports.tests.helpers import NOW, individual, open_cycle, reports_world, the_2025_results
from danhgia.apps.reviews.tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return reports_world()


@pytest.fixture
def cycle(world: World) -> ReviewCycle:
    cycle = open_cycle(world)
    the_2025_results(world, cycle)
    return cycle


def report(*args: str) -> str:
    out = StringIO()
    call_command("report", *args, stdout=out)
    return out.getvalue()


def test_the_command_writes_the_workbook_the_pdf_and_the_json(world: World, cycle: ReviewCycle, tmp_path: Path) -> None:
    xlsx, pdf, data = tmp_path / "tk.xlsx", tmp_path / "tk.pdf", tmp_path / "tk.json"
    said = report("--cycle", str(cycle.pk), "--format", "xlsx", "-o", str(xlsx), "--refresh")
    assert said.strip() == f"Đã ghi: {xlsx}"
    assert SummaryRun.objects.filter(cycle=cycle).exists()
    members = list(load_workbook(xlsx)["Đảng viên"].iter_rows(values_only=True))
    assert members[7][:9] == ("TU", "Tỉnh ủy Hà Tĩnh — tất cả", 0, 6, 1, 1, 0, 1, 3)

    report("--cycle", str(cycle.pk), "--unit", "DB-SNV", "--format", "pdf", "-o", str(pdf))
    reader = PdfReader(pdf)
    assert len(reader.pages) == 3 and "Đảng bộ Sở Nội vụ (DB-SNV)" in reader.pages[0].extract_text()

    report("--cycle", str(cycle.pk), "--unit", "CB-VP", "--format", "json", "-o", str(data))
    document = json.loads(data.read_text(encoding="utf-8"))
    assert document["unit"]["code"] == "CB-VP"
    assert [s["subject"] for s in document["subjects"]] == ["party_organisation", "party_member"]


def test_json_goes_to_standard_output_without_a_file(world: World, cycle: ReviewCycle) -> None:
    summaries_refresh(cycle=cycle, now=NOW)
    document = json.loads(report("--cycle", str(cycle.pk), "--format", "json"))
    members = next(s for s in document["subjects"] if s["subject"] == "party_member")
    assert members["figures"]["levels"]["L2"] == {"count": 1, "percent": "33.3"}


def test_the_depth_limits_the_workbook_tree(world: World, cycle: ReviewCycle, tmp_path: Path) -> None:
    summaries_refresh(cycle=cycle, now=NOW)
    out = tmp_path / "tk.xlsx"
    report("--cycle", str(cycle.pk), "--format", "xlsx", "--depth", "0", "-o", str(out))
    rows = list(load_workbook(out)["Tổ chức đảng"].iter_rows(values_only=True))
    marker = [r[0] for r in rows].index("Theo đơn vị (toàn bộ các đơn vị trực thuộc của mỗi đơn vị)")
    assert [r[0] for r in rows[marker + 2 :]] == ["TU"]


def test_a_review_form_as_word(world: World, cycle: ReviewCycle, tmp_path: Path) -> None:
    out = tmp_path / "2b.docx"
    review = individual(world, cycle, "P1")
    report("--review", str(review.pk), "--format", "docx", "-o", str(out))
    text = "\n".join(p.text for p in Document(BytesIO(out.read_bytes())).paragraphs)
    assert "Mẫu 2B-HD KĐ.ĐG 2025" in text and "Trần Thị Bình" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "json"], "Cần chỉ rõ kỳ đánh giá: --cycle ID."),
        (["--cycle", "999", "--format", "json"], "Không có kỳ đánh giá 999."),
        (["--format", "docx"], "Cần chỉ rõ bản kiểm điểm: --review ID."),
        (["--format", "docx", "--review", "999"], "Không có bản kiểm điểm 999."),
    ],
)
def test_wrong_arguments_exit_2_with_one_line(world: World, cycle: ReviewCycle, args: list[str], message: str) -> None:
    with pytest.raises(CommandError) as raised:
        report(*args)
    assert (raised.value.returncode, str(raised.value)) == (2, message)


def test_statistics_not_yet_computed_and_unknown_or_outside_units_exit_2(world: World, cycle: ReviewCycle) -> None:
    with pytest.raises(CommandError, match="chưa được tính: thêm --refresh") as raised:
        report("--cycle", str(cycle.pk), "--format", "json")
    assert raised.value.returncode == 2
    summaries_refresh(cycle=cycle, now=NOW)
    with pytest.raises(CommandError, match="Không có đơn vị mã KHONG"):
        report("--cycle", str(cycle.pk), "--unit", "KHONG", "--format", "json")
    other = open_cycle(world, year=2024)
    other.root = world.committee
    other.save(update_fields=["root"])
    summaries_refresh(cycle=other, now=NOW)
    with pytest.raises(CommandError, match="Đơn vị SNV không thuộc phạm vi của kỳ đánh giá"):
        report("--cycle", str(other.pk), "--unit", "SNV", "--format", "json")


def test_a_form_for_a_rule_set_without_a_layout_exits_2(world: World) -> None:
    cycle = open_cycle(world, year=2024, ruleset="qd124-2023")
    with pytest.raises(CommandError, match="Chưa có mẫu biểu") as raised:
        report("--review", str(individual(world, cycle, "P1").pk), "--format", "docx")
    assert raised.value.returncode == 2
