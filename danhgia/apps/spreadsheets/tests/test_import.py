"""The registry import end to end: every kind, cross-sheet references, upserts, dates, names, the tree."""

from __future__ import annotations

import unicodedata
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.orgs.models import (
    CellMembership,
    CivilServiceResult,
    DisciplineRecord,
    PartyMembership,
    Person,
    Post,
    Unit,
    UnitLink,
    YearAbsence,
)
from danhgia.apps.orgs.services import unit_create
from danhgia.apps.spreadsheets import writer
from danhgia.apps.spreadsheets.records import KindCounts
from danhgia.apps.spreadsheets.services import registry_import
from danhgia.apps.spreadsheets.tests.conftest import csv_upload, full_sheets, headers, table_counts, xlsx

pytestmark = pytest.mark.django_db


def tree(on: date) -> list[tuple[str, str | None, int]]:
    links = UnitLink.objects.filter(valid_from__lte=on).exclude(valid_to__lte=on).select_related("unit", "parent")
    return sorted((link.unit.code, link.parent.code if link.parent else None, link.depth) for link in links)


def test_a_workbook_with_every_kind_is_imported_with_its_references() -> None:
    result = registry_import(file=xlsx(full_sheets()))

    assert result.problems == []
    assert result.counts == {
        "units": KindCounts(created=3),
        "people": KindCounts(created=2),
        "posts": KindCounts(created=1),
        "memberships": KindCounts(created=1),
        "cell_memberships": KindCounts(created=1),
        "discipline": KindCounts(created=2),
        "absences": KindCounts(created=1),
        "civil_service": KindCounts(created=1),
    }
    assert tree(date(2024, 1, 1)) == [("C1", "X1", 2), ("T1", None, 0), ("X1", "T1", 1)]
    an, binh = Person.objects.get(national_id="001090012345"), Person.objects.get(personnel_code="CB002")
    assert (an.full_name, an.birth_date, an.sex) == ("Nguyễn Văn An", date(1980, 3, 2), "male")
    assert (binh.national_id, binh.birth_date, binh.sex) == (None, date(1985, 5, 6), "female")
    post = Post.objects.get()
    assert (post.person, post.unit.code, post.title, post.role, post.is_leadership, post.valid_from) == (
        an,
        "X1",
        "Bí thư Đảng ủy",
        "head",
        True,
        date(2021, 1, 1),
    )
    membership = PartyMembership.objects.get()
    assert (membership.person, membership.admitted_on, membership.official_on, membership.card_number) == (
        binh,
        date(2010, 2, 3),
        date(2011, 2, 3),
        "012345",
    )
    cell = CellMembership.objects.get()
    assert (cell.person, cell.cell.code, cell.kind, cell.valid_from, cell.valid_to) == (
        binh,
        "C1",
        "official",
        date(2010, 2, 3),
        None,
    )
    discipline = list(
        DisciplineRecord.objects.order_by("effective_on").values_list(
            "person__personnel_code", "unit__code", "on_leadership_collective", "form", "system", "decision"
        )
    )
    assert discipline == [
        ("CB002", None, False, "reprimand", "party", "QĐ 12"),
        (None, "X1", True, "warning", "party", ""),
    ]
    absence = YearAbsence.objects.get()
    assert (absence.year, absence.sick_months, absence.other_months, absence.months_worked) == (
        2024,
        Decimal("1.5"),
        Decimal("0"),
        Decimal("10.5"),
    )
    assert list(CivilServiceResult.objects.values_list("person", "year", "level", "decided_by")) == [
        (an.pk, 2024, "L2", "UBND tỉnh")
    ]


def test_reimporting_the_same_file_changes_nothing() -> None:
    registry_import(file=xlsx(full_sheets()))
    before = table_counts()
    snapshot = list(Person.objects.order_by("pk").values())

    result = registry_import(file=xlsx(full_sheets()))

    assert result.problems == []
    assert {kind: (c.created, c.updated) for kind, c in result.counts.items()} == {
        kind: (0, 0) for kind in result.counts
    }
    assert result.counts["units"] == KindCounts(unchanged=3)
    assert result.counts["discipline"] == KindCounts(unchanged=2)
    assert table_counts() == before
    assert list(Person.objects.order_by("pk").values()) == snapshot


def test_one_audit_entry_per_import_that_changes_something() -> None:
    registry_import(file=xlsx(full_sheets()))
    registry_import(file=xlsx(full_sheets()))

    entry = AuditEntry.objects.get()
    assert (entry.action, entry.object_type, entry.object_id) == ("registry_import", "file", "nhap.xlsx")
    after: dict[str, Any] = entry.after or {}
    assert sorted(after) == ["counts", "sha256"]
    assert len(after["sha256"]) == 64
    assert after["counts"]["people"] == [2, 0, 0]
    assert after["counts"]["units"] == [3, 0, 0]


def test_changed_rows_are_updated_in_place() -> None:
    registry_import(file=xlsx(full_sheets()))
    sheets = full_sheets()
    sheets["Nhân sự"][1][2] = "Nguyễn Văn Ân"
    sheets["Đơn vị"][1][1] = "Đảng bộ xã Phú Linh mới"

    result = registry_import(file=xlsx(sheets))

    assert result.counts["people"] == KindCounts(updated=1, unchanged=1)
    assert result.counts["units"] == KindCounts(updated=1, unchanged=2)
    assert Person.objects.get(national_id="001090012345").full_name == "Nguyễn Văn Ân"
    assert Unit.objects.get(code="X1").name == "Đảng bộ xã Phú Linh mới"
    assert Person.objects.count() == 2


def test_dates_as_text_iso_and_excel_date_cells() -> None:
    sheets = {
        "Nhân sự": [
            headers("people"),
            ["", "A", "Lê Văn A", "5/7/1990", ""],
            ["", "B", "Lê Văn B", "1990-07-05", ""],
            ["", "C", "Lê Văn C", date(1990, 7, 5), ""],
            ["", "D", "Lê Văn D", "05.07.1990", ""],
        ]
    }

    assert registry_import(file=xlsx(sheets)).problems == []

    assert set(Person.objects.values_list("birth_date", flat=True)) == {date(1990, 7, 5)}


def test_a_decomposed_name_is_stored_nfc() -> None:
    decomposed = "Nguye\u0302\u0303n  Thi\u0323 Ha\u0300 "
    registry_import(file=xlsx({"Nhân sự": [headers("people"), ["", "X", decomposed, "", "nữ"]]}))

    assert Person.objects.get().full_name == "Nguyễn Thị Hà"
    assert Person.objects.get().sex == "female"


def test_a_later_dated_row_reparents_the_unit_and_its_subtree() -> None:
    sheets = full_sheets()
    sheets["Đơn vị"].append(["T2", "Đảng bộ tỉnh Tuyên Quang", "Đảng bộ", "", "01/01/2020", "", ""])
    sheets["Đơn vị"].append(["X1", "Đảng bộ xã Phú Linh", "Đảng bộ cơ sở", "T2", "01/07/2025", "", ""])

    result = registry_import(file=xlsx(sheets))

    assert result.counts["units"] == KindCounts(created=4, updated=1)
    assert tree(date(2025, 6, 30)) == [("C1", "X1", 2), ("T1", None, 0), ("T2", None, 0), ("X1", "T1", 1)]
    assert tree(date(2025, 7, 1)) == [("C1", "X1", 2), ("T1", None, 0), ("T2", None, 0), ("X1", "T2", 1)]
    assert registry_import(file=xlsx(sheets)).counts["units"] == KindCounts(unchanged=5)


def test_a_unit_in_the_database_is_moved_by_a_later_import_and_kept_by_the_same_parent() -> None:
    start = date(2020, 1, 1)
    t1 = unit_create(code="T1", name="Tỉnh 1", kind="party_committee", parent=None, valid_from=start)
    unit_create(code="T2", name="Tỉnh 2", kind="party_committee", parent=None, valid_from=start)
    unit_create(code="X1", name="Xã 1", kind="grassroots_committee", parent=t1, valid_from=start)
    same = ["X1", "Xã 1", "Đảng bộ cơ sở", "T1", "01/01/2020"]
    moved = ["X1", "Xã 1", "Đảng bộ cơ sở", "T2", "01/07/2025"]

    assert registry_import(file=xlsx({"Đơn vị": [headers("units")[:5], same]})).counts == {
        "units": KindCounts(unchanged=1)
    }
    assert registry_import(file=xlsx({"Đơn vị": [headers("units")[:5], moved]})).counts == {
        "units": KindCounts(updated=1)
    }
    assert tree(date(2025, 7, 1)) == [("T1", None, 0), ("T2", None, 0), ("X1", "T2", 1)]
    assert tree(date(2025, 6, 30)) == [("T1", None, 0), ("T2", None, 0), ("X1", "T1", 1)]


def test_people_are_matched_by_national_id_else_personnel_code() -> None:
    registry_import(file=xlsx({"Nhân sự": [headers("people"), ["", "CB9", "Phạm Văn C", "", ""]]}))

    result = registry_import(file=xlsx({"Nhân sự": [headers("people"), ["036090001234", "CB9", "Phạm Văn C", "", ""]]}))

    assert result.counts["people"] == KindCounts(updated=1)
    assert list(Person.objects.values_list("national_id", "personnel_code")) == [("036090001234", "CB9")]


def test_a_csv_file_with_a_byte_order_mark() -> None:
    text = (
        "Số CCCD,Mã cán bộ,Họ và tên,Ngày sinh (dd/mm/yyyy),Giới tính\r\n001090012345,CB1,Đỗ Thị Hoa,09/10/1991,Nữ\r\n"
    )

    result = registry_import(file=csv_upload(text))

    assert result.problems == []
    assert list(Person.objects.values_list("national_id", "full_name", "birth_date")) == [
        ("001090012345", "Đỗ Thị Hoa", date(1991, 10, 9))
    ]


def windows_1258(text: str) -> str:
    """Text as Windows writes it in code page 1258: tone marks as separate combining characters."""
    tones = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}
    out = []
    for char in text:
        decomposed = unicodedata.normalize("NFD", char)
        base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out.append(base + "".join(c for c in decomposed if c in tones))
    return "".join(out)


def test_a_csv_file_in_the_windows_vietnamese_code_page_with_semicolons() -> None:
    text = windows_1258("Mã cán bộ;Họ và tên\r\nCB1;Đỗ Thị Hoa\r\n")

    assert registry_import(file=csv_upload(text, encoding="cp1258")).problems == []

    assert Person.objects.get().full_name == "Đỗ Thị Hoa"


def test_title_rows_above_the_header_row_and_extra_columns_are_ignored() -> None:
    sheet = [["DANH SÁCH CÁN BỘ"], [], ["STT", *headers("people")], [1, "", "CB1", "Vũ Văn D", "", "Nam"]]

    assert registry_import(file=xlsx({"Sheet1": sheet})).counts == {"people": KindCounts(created=1)}


def test_a_failure_in_the_write_phase_leaves_the_database_unchanged(monkeypatch: pytest.MonkeyPatch) -> None:
    registry_import(file=xlsx({"Đơn vị": full_sheets()["Đơn vị"]}))
    before = table_counts()
    rows = [["", f"CB{i}", f"Người {i}", "", ""] for i in range(5)]
    calls = []
    real_insert = writer.insert_batch

    def insert_then_fail(model, objects):  # type: ignore[no-untyped-def]
        calls.append(len(objects))
        if len(calls) > 1:
            raise RuntimeError("disk full")
        real_insert(model, objects)

    monkeypatch.setattr(writer, "BATCH_SIZE", 2)
    monkeypatch.setattr(writer, "insert_batch", insert_then_fail)
    sheets = full_sheets()
    sheets["Nhân sự"] += rows
    sheets["Đơn vị"].append(["T9", "Đảng bộ mới", "Đảng bộ", "", "01/01/2024", "", ""])  # written before people

    with pytest.raises(RuntimeError, match="disk full"):
        registry_import(file=xlsx(sheets))

    assert calls == [2, 2]
    assert table_counts() == before
