"""A small world for the consultation's tests: the drafting body, three consulted units and one outside, the
editorial team and each unit's designated user, and a consultation on a two-article text."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.contrib.auth.models import User

from danhgia.apps.access.models import Role, RoleAssignment
from danhgia.apps.consultation.docx_text import ParsedProvision
from danhgia.apps.consultation.models import Consultation
from danhgia.apps.consultation.services.texts import consultation_create
from danhgia.apps.orgs.models import Unit
from danhgia.apps.orgs.services import unit_create

NOW = datetime(2026, 5, 20, 9, 0, tzinfo=UTC)
DEADLINE = date(2026, 6, 15)
PASSWORD = "consultation-test-2026"
TEXT = [
    ParsedProvision("chapter", "CI", "I", "NHỮNG QUY ĐỊNH CHUNG"),
    ParsedProvision("article", "A1", "1", "Phạm vi điều chỉnh", ["Quy định này quy định việc đánh giá."]),
    ParsedProvision("article", "A5", "5", "Tỷ lệ hoàn thành xuất sắc nhiệm vụ"),
    ParsedProvision("clause", "A5.1", "1", "", ["Tỷ lệ không quá 20% số được xếp loại hoàn thành tốt nhiệm vụ."]),
    ParsedProvision("clause", "A5.2", "2", "", ["Trường hợp đặc biệt do cấp có thẩm quyền xem xét."]),
]


@dataclass
class World:
    centre: Unit
    province: Unit
    ministry: Unit
    commune: Unit  # under the province, consulted
    outside: Unit  # not consulted
    editor: User
    province_user: User
    ministry_user: User
    commune_user: User
    outside_user: User
    consultation: Consultation


def _user(name: str, role: str, unit: Unit) -> User:
    user = User.objects.create_user(name, f"{name}@example.vn", PASSWORD)
    RoleAssignment.objects.create(user=user, role=role, unit=unit, valid_from=date(2020, 1, 1))
    return user


def world() -> World:
    start = date(2020, 1, 1)
    centre = unit_create(
        code="TW", name="Ban Tổ chức Trung ương", kind="party_committee", parent=None, valid_from=start
    )
    province = unit_create(code="T27", name="Tỉnh ủy Bắc Ninh", kind="party_committee", parent=None, valid_from=start)
    ministry = unit_create(code="BNV", name="Đảng ủy Bộ Nội vụ", kind="party_committee", parent=None, valid_from=start)
    commune = unit_create(
        code="T27.X1", name="Đảng ủy xã Tân An", kind="grassroots_committee", parent=province, valid_from=start
    )
    outside = unit_create(code="T01", name="Thành ủy Hà Nội", kind="party_committee", parent=None, valid_from=start)
    editor = _user("bientap", Role.EDITORIAL, centre)
    consultation = consultation_create(
        title="Dự thảo sửa đổi Quy định 366",
        owner=centre,
        deadline=DEADLINE,
        units=[province, ministry, commune],
        provisions=TEXT,
        actor=editor,
        now=NOW,
    )
    return World(
        centre=centre,
        province=province,
        ministry=ministry,
        commune=commune,
        outside=outside,
        editor=editor,
        province_user=_user("bacninh", Role.CONSULTEE, province),
        ministry_user=_user("bonoivu", Role.CONSULTEE, ministry),
        commune_user=_user("tanan", Role.CONSULTEE, commune),
        outside_user=_user("hanoi", Role.CONSULTEE, outside),
        consultation=consultation,
    )
