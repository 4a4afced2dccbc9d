"""Helpers for the import tests: workbooks built in memory, the row counts of every registry table, and the
import permissions of a user."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

import pytest
from django.contrib.auth.models import Permission, User
from openpyxl import Workbook

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
from danhgia.apps.spreadsheets.permissions import kind_permissions
from danhgia.apps.spreadsheets.templates_spec import KINDS, SPECS

MODELS = (
    Unit,
    UnitLink,
    Person,
    PartyMembership,
    CellMembership,
    Post,
    DisciplineRecord,
    YearAbsence,
    CivilServiceResult,
    AuditEntry,
)


def table_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def grant_import(user: User, *kinds: str) -> User:
    """Give `user` the permissions to import `kinds` (every kind when none is named); a fresh copy of the user,
    since Django caches permissions on the instance."""
    codes = [code.split(".", 1)[1] for kind in kinds or KINDS for code in kind_permissions(kind)]
    user.user_permissions.add(*Permission.objects.filter(content_type__app_label="orgs", codename__in=codes))
    return User.objects.get(pk=user.pk)


def headers(kind: str) -> list[str]:
    return [column.header for column in SPECS[kind].columns]


def xlsx(sheets: Mapping[str, Sequence[Any]], name: str = "nhap.xlsx") -> io.BytesIO:
    """An .xlsx upload: sheet name → rows (the first row is usually the header row)."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = name
    return buffer


def csv_upload(text: str, *, name: str = "nhan-su.csv", encoding: str = "utf-8-sig") -> io.BytesIO:
    buffer = io.BytesIO(text.encode(encoding))
    buffer.name = name
    return buffer


@pytest.fixture(autouse=True)
def media_in_tmp(settings: Any, tmp_path: Any) -> None:
    """Error reports are stored under MEDIA_ROOT: a temporary folder, never the repository's."""
    settings.MEDIA_ROOT = tmp_path / "media"


def full_sheets() -> dict[str, list[list[Any]]]:
    """A workbook with every kind, cross-sheet references, and a parent defined after its child."""
    return {
        "Đơn vị": [
            headers("units"),
            ["X1", "Đảng bộ xã Phú Linh", "Đảng bộ cơ sở", "T1", "01/01/2020", "", ""],
            ["T1", "Đảng bộ tỉnh Hà Giang", "Đảng bộ", "", "01/01/2020", "", ""],
            ["C1", "Chi bộ thôn Nà Thác", "Chi bộ", "X1", "01/01/2020", "", ""],
        ],
        "Nhân sự": [
            headers("people"),
            ["001090012345", "CB001", "Nguyễn Văn An", "02/03/1980", "Nam"],
            ["", "CB002", "Trần Thị Bình", "1985-05-06", "Nữ"],
        ],
        "Chức vụ": [
            headers("posts"),
            ["001090012345", "", "X1", "Bí thư Đảng ủy", "Người đứng đầu", "", "", "01/01/2021", ""],
        ],
        "Đảng viên": [
            headers("memberships"),
            ["", "CB002", "03/02/2010", "03/02/2011", "012345", "C1", ""],
        ],
        "Kỷ luật": [
            headers("discipline"),
            ["", "CB002", "", "", "Khiển trách", "Kỷ luật Đảng", "01/02/2024", "VP-2024-01", "", "", "", "QĐ 12"],
            ["", "", "X1", "Có", "Cảnh cáo", "Kỷ luật Đảng", "15/03/2024", "VP-2024-02", "", "", "", ""],
        ],
        "Nghỉ, vắng": [headers("absences"), ["", "CB002", 2024, "1,5", "", "Không", "10.5"]],
        "Xếp loại công chức": [headers("civil_service"), ["001090012345", "", 2024, "HTT", "UBND tỉnh"]],
    }
