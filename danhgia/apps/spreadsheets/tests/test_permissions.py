"""Importing needs the model permissions of what each sheet writes, checked before the rows are read; a
refused import reads no row, looks nothing up and writes nothing (no row, no audit entry)."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.contrib.auth.models import User

from danhgia.apps.spreadsheets.permissions import kind_permissions
from danhgia.apps.spreadsheets.records import Problem
from danhgia.apps.spreadsheets.services import registry_import
from danhgia.apps.spreadsheets.tests.conftest import full_sheets, grant_import, headers, table_counts, xlsx

pytestmark = pytest.mark.django_db


class Unreadable(io.BytesIO):
    name = "nhap.xlsx"

    def read(self, *args: Any) -> bytes:
        raise AssertionError("the file was read")


def test_each_kind_needs_add_and_change_of_every_table_it_writes() -> None:
    assert kind_permissions("units") == [
        "orgs.add_unit",
        "orgs.change_unit",
        "orgs.add_unitlink",
        "orgs.change_unitlink",
    ]
    assert kind_permissions("memberships") == [
        "orgs.add_partymembership",
        "orgs.change_partymembership",
        "orgs.add_cellmembership",
        "orgs.change_cellmembership",
    ]
    assert kind_permissions("discipline") == ["orgs.add_disciplinerecord", "orgs.change_disciplinerecord"]


def test_an_account_that_may_import_nothing_is_refused_before_the_file_is_read() -> None:
    user = User.objects.create_user("carol", is_staff=True)
    before = table_counts()

    result = registry_import(file=Unreadable(), actor=user)

    assert [(p.sheet, p.row) for p in result.problems] == [("nhap.xlsx", None)]
    assert result.problems[0].reason.startswith("Tài khoản của bạn không có quyền nhập dữ liệu danh mục")
    assert table_counts() == before


def test_a_refusal_names_every_sheet_without_its_permissions_and_checks_no_row() -> None:
    user = grant_import(User.objects.create_user("dave", is_staff=True), "people", "posts")
    sheets = full_sheets()
    sheets["Kỷ luật"].append(["999999999999", "", "", "", "Khiển trách", "Đảng", "30/02/2024", "X", "", "", "", ""])
    before = table_counts()

    result = registry_import(file=xlsx(sheets), actor=user)

    assert [(p.sheet, p.row, p.column, p.value) for p in result.problems] == [
        (sheet, None, "", "") for sheet in ("Đơn vị", "Đảng viên", "Kỷ luật", "Nghỉ, vắng", "Xếp loại công chức")
    ]
    assert result.problems[0] == Problem(
        "Đơn vị",
        None,
        "",
        "",
        "Bạn không có quyền nhập trang tính này (Đơn vị): cần quyền thêm và sửa “đơn vị”, “vị trí trong cây tổ "
        "chức”, tài khoản của bạn thiếu quyền orgs.add_unit, orgs.change_unit, orgs.add_unitlink, "
        "orgs.change_unitlink.",
    )
    assert table_counts() == before


def test_an_account_with_the_permissions_of_its_sheets_imports_them() -> None:
    user = grant_import(User.objects.create_user("erin", is_staff=True), "people")
    sheet = {"Nhân sự": [headers("people"), ["", "CB1", "Lê Văn A", "", ""]]}

    result = registry_import(file=xlsx(sheet), actor=user)

    assert result.problems == [] and result.counts["people"].created == 1


def test_a_superuser_imports_everything() -> None:
    user = User.objects.create_superuser("root")

    assert registry_import(file=xlsx(full_sheets()), actor=user).problems == []
