"""The import templates: one declarative spec per kind of sheet.

Headers are the file format, so they are fixed Vietnamese text (not translated); a header matches
case-insensitively, with or without its "(dd/mm/yyyy)" hint and with or without diacritics. Columns a
sheet does not have are left as they are in the database; a blank cell in a present column means the
column's default (no value).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from danhgia.apps.orgs.models import DisciplineForm, DisciplineSystem, PostRole, Sex, UnitKind
from danhgia.apps.spreadsheets import parsers as p

GUIDE_SHEET = "Hướng dẫn"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    parse: p.Parser
    help: str | Promise
    required: bool = False
    default: Any = None
    choices: tuple[str, ...] = ()  # the words offered in the template's drop-down list
    aliases: tuple[str, ...] = ()
    is_text: bool = False  # formatted as Text in the template (keeps leading zeros)
    in_header: bool = False  # the column must be in the sheet even though its cells may be blank
    width: int = 18


@dataclass(frozen=True)
class SheetSpec:
    kind: str
    sheet_name: str
    title: str | Promise
    columns: tuple[Column, ...]
    aliases: tuple[str, ...] = ()
    # Row-level rules the columns cannot say alone: "person" = Số CCCD or Mã cán bộ is needed.
    person_ref: bool = False
    by_key: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_key", {column.key: column for column in self.columns})


def header_key(header: Any) -> str:
    """A header as matched: folded, without a trailing "(…)" hint, without diacritics."""
    return p.strip_marks(re.sub(r"\s*\([^)]*\)\s*$", "", p.clean_text(header)))


UNIT_KIND_WORDS = {
    "Đảng bộ": UnitKind.PARTY_COMMITTEE,
    "Đảng bộ cơ sở": UnitKind.GRASSROOTS_COMMITTEE,
    "Chi bộ cơ sở": UnitKind.GRASSROOTS_CELL,
    "Chi bộ": UnitKind.CELL,
    "Cơ quan/đơn vị": UnitKind.AGENCY,
    "Đoàn thể": UnitKind.MASS_ORG,
    "Đảng ủy cấp trên cơ sở": UnitKind.PARTY_COMMITTEE,
    "Đảng bộ cấp trên cơ sở": UnitKind.PARTY_COMMITTEE,
    "Chi bộ trực thuộc": UnitKind.CELL,
    "Cơ quan": UnitKind.AGENCY,
    "Địa phương": UnitKind.AGENCY,
    "Đơn vị sự nghiệp": UnitKind.AGENCY,
    "Mặt trận, đoàn thể": UnitKind.MASS_ORG,
}
SEX_WORDS = {"Nam": Sex.MALE, "Nữ": Sex.FEMALE}
ROLE_WORDS = {
    "Người đứng đầu": PostRole.HEAD,
    "Cấp phó": PostRole.DEPUTY,
    "Thành viên": PostRole.MEMBER,
    "Cấp trưởng": PostRole.HEAD,
    "Phó": PostRole.DEPUTY,
}
FORM_WORDS = {
    "Khiển trách": DisciplineForm.REPRIMAND,
    "Cảnh cáo": DisciplineForm.WARNING,
    "Hạ bậc lương": DisciplineForm.DEMOTION,
    "Giáng chức": DisciplineForm.DEMOTION,
    "Cách chức": DisciplineForm.REMOVAL,
    "Buộc thôi việc": DisciplineForm.DISMISSAL,
    "Bãi nhiệm": DisciplineForm.DISMISSAL,
    "Khai trừ": DisciplineForm.EXPULSION,
}
SYSTEM_WORDS = {
    "Kỷ luật Đảng": DisciplineSystem.PARTY,
    "Kỷ luật hành chính": DisciplineSystem.ADMINISTRATIVE,
    "Đảng": DisciplineSystem.PARTY,
    "Hành chính": DisciplineSystem.ADMINISTRATIVE,
    "Chính quyền": DisciplineSystem.ADMINISTRATIVE,
}
LEVEL_WORDS = {
    "Hoàn thành xuất sắc nhiệm vụ": "L1",
    "Hoàn thành tốt nhiệm vụ": "L2",
    "Hoàn thành nhiệm vụ": "L3",
    "Không hoàn thành nhiệm vụ": "L4",
    "HTXS": "L1",
    "HTT": "L2",
    "HT": "L3",
    "KHT": "L4",
}
YES_NO_CHOICES = ("Có", "Không")


def _date(key: str, header: str, help_text: str | Promise, *, required: bool = False) -> Column:
    return Column(key, f"{header} (dd/mm/yyyy)", p.day, help_text, required=required, aliases=(header,), width=20)


def _yes_no(key: str, header: str, help_text: str | Promise, *, default: bool | None) -> Column:
    return Column(key, header, p.boolean, help_text, default=default, choices=YES_NO_CHOICES, width=14)


NATIONAL_ID = Column(
    "national_id",
    "Số CCCD",
    p.national_id,
    _("Citizen identity card number (12 digits). Either this or the personnel code identifies the person."),
    aliases=("CCCD", "Số định danh cá nhân"),
    is_text=True,
)
PERSONNEL_CODE = Column(
    "personnel_code",
    "Mã cán bộ",
    p.text(32),
    _("Personnel code used by the office; needed when the person has no national ID."),
    is_text=True,
)
UNIT_CODE_HELP = _("Code of a unit already in the system or on the “Đơn vị” sheet of the same file.")

UNITS = SheetSpec(
    kind="units",
    sheet_name="Đơn vị",
    title=_("Units"),
    aliases=("Đơn vị", "units", "Tổ chức"),
    columns=(
        Column("code", "Mã đơn vị", p.text(64), _("Unique code of the unit."), required=True, is_text=True),
        Column("name", "Tên đơn vị", p.text(255), _("Full name of the unit."), required=True, width=40),
        Column(
            "kind",
            "Loại đơn vị",
            p.choice(UNIT_KIND_WORDS),
            _("Kind of unit."),
            required=True,
            choices=p.first_words(UNIT_KIND_WORDS),
            aliases=("Loại",),
            width=24,
        ),
        Column(
            "parent_code",
            "Mã đơn vị cấp trên",
            p.text(64),
            _("Code of the unit directly above; blank for a top-level unit. It may be defined further down the sheet."),
            is_text=True,
            in_header=True,  # without it, every unit in the sheet would look like a root
        ),
        _date(
            "valid_from",
            "Hiệu lực từ",
            _(
                "Date from which the unit sits under this parent. A later row for the same unit with another "
                "parent moves it (and its subtree) from that date."
            ),
            required=True,
        ),
        _date("founded_on", "Ngày thành lập", _("Date the unit was founded.")),
        _date("dissolved_on", "Ngày giải thể", _("Date the unit was dissolved.")),
    ),
)

PEOPLE = SheetSpec(
    kind="people",
    sheet_name="Nhân sự",
    title=_("People"),
    aliases=("Nhân sự", "people", "Cán bộ", "Danh sách cán bộ"),
    person_ref=True,
    columns=(
        NATIONAL_ID,
        PERSONNEL_CODE,
        Column("full_name", "Họ và tên", p.text(200), _("Full name."), required=True, aliases=("Họ tên",), width=30),
        _date("birth_date", "Ngày sinh", _("Date of birth.")),
        Column("sex", "Giới tính", p.choice(SEX_WORDS), _("Sex."), default="", choices=("Nam", "Nữ"), width=12),
    ),
)

POSTS = SheetSpec(
    kind="posts",
    sheet_name="Chức vụ",
    title=_("Posts"),
    aliases=("Chức vụ", "posts"),
    person_ref=True,
    columns=(
        NATIONAL_ID,
        PERSONNEL_CODE,
        Column("unit_code", "Mã đơn vị", p.text(64), UNIT_CODE_HELP, required=True, is_text=True),
        Column("title", "Chức vụ", p.text(200), _("Title of the post."), required=True, width=30),
        Column(
            "role",
            "Vai trò",
            p.choice(ROLE_WORDS),
            _("Head, deputy or member; member if blank."),
            default=PostRole.MEMBER,
            choices=p.first_words(ROLE_WORDS),
        ),
        _yes_no(
            "is_leadership",
            "Lãnh đạo, quản lý",
            _("Whether this is a leadership or management post; “Có” for a head if blank."),
            default=None,
        ),
        _yes_no(
            "centrally_managed",
            "Diện Bộ Chính trị, Ban Bí thư quản lý",
            _("Whether the post holder is managed by the Politburo or the Secretariat."),
            default=False,
        ),
        _date("valid_from", "Hiệu lực từ", _("Date the person took up the post."), required=True),
        _date("valid_to", "Hiệu lực đến", _("Date the post ended (the first day no longer held); blank if held.")),
    ),
)

MEMBERSHIPS = SheetSpec(
    kind="memberships",
    sheet_name="Đảng viên",
    title=_("Party memberships"),
    aliases=("Đảng viên", "memberships"),
    person_ref=True,
    columns=(
        NATIONAL_ID,
        PERSONNEL_CODE,
        _date("admitted_on", "Ngày vào Đảng", _("Date of admission to the party."), required=True),
        _date("official_on", "Ngày chính thức", _("Date of becoming an official member; blank while probationary.")),
        Column("card_number", "Số thẻ đảng viên", p.text(32), _("Party card number."), default="", is_text=True),
        Column(
            "cell_code",
            "Mã chi bộ",
            p.text(64),
            _("Code of the party cell the member belongs to (a unit of kind “Chi bộ” or “Chi bộ cơ sở”)."),
            is_text=True,
        ),
        _date(
            "cell_from",
            "Sinh hoạt tại chi bộ từ",
            _("Date from which the member belongs to that cell; the admission date if blank."),
        ),
    ),
)

DISCIPLINE = SheetSpec(
    kind="discipline",
    sheet_name="Kỷ luật",
    title=_("Discipline"),
    aliases=("Kỷ luật", "discipline"),
    columns=(
        NATIONAL_ID,
        PERSONNEL_CODE,
        Column(
            "unit_code",
            "Mã đơn vị",
            p.text(64),
            _("For discipline of a collective: the unit's code (leave the person columns blank)."),
            is_text=True,
        ),
        _yes_no(
            "on_leadership_collective",
            "Tập thể lãnh đạo, quản lý",
            _("“Có” when the measure is on the unit's leadership collective."),
            default=False,
        ),
        Column(
            "form",
            "Hình thức kỷ luật",
            p.choice(FORM_WORDS),
            _("Form of discipline."),
            required=True,
            choices=p.first_words(FORM_WORDS),
            width=20,
        ),
        Column(
            "system",
            "Loại kỷ luật",
            p.choice(SYSTEM_WORDS),
            _("Party or administrative discipline."),
            required=True,
            choices=p.first_words(SYSTEM_WORDS),
            width=20,
        ),
        _date("effective_on", "Ngày hiệu lực", _("Date the decision takes effect."), required=True),
        Column(
            "violation",
            "Hành vi vi phạm",
            p.text(100),
            _("Reference of the violation; write the same reference for the same violation."),
            required=True,
            width=30,
        ),
        _yes_no(
            "self_detected_remedied",
            "Tự phát hiện, khắc phục",
            _("Whether the violation was self-detected and remedied."),
            default=False,
        ),
        _yes_no(
            "public_service",
            "Liên quan thực thi nhiệm vụ",
            _("Whether the violation concerns the person's duties; “Có” if blank."),
            default=True,
        ),
        Column("counted_in_year", "Đã tính khi xếp loại năm", p.year, _("Year in whose classification it counted.")),
        Column("decision", "Số quyết định", p.text(100), _("Number of the decision."), default=""),
    ),
)

ABSENCES = SheetSpec(
    kind="absences",
    sheet_name="Nghỉ, vắng",
    title=_("Leave and absence"),
    aliases=("Nghỉ, vắng", "Nghỉ", "absences"),
    person_ref=True,
    columns=(
        NATIONAL_ID,
        PERSONNEL_CODE,
        Column("year", "Năm", p.year, _("Year."), required=True, width=10),
        Column("sick_months", "Nghỉ ốm (tháng)", p.months, _("Months of sick leave (0–12)."), default=0),
        Column("other_months", "Nghỉ khác (tháng)", p.months, _("Months of other absence (0–12)."), default=0),
        _yes_no("maternity", "Nghỉ thai sản", _("Whether the person took maternity leave."), default=False),
        Column("months_worked", "Số tháng công tác", p.months, _("Months worked in the year (0–12)."), default=12),
    ),
)

CIVIL_SERVICE = SheetSpec(
    kind="civil_service",
    sheet_name="Xếp loại công chức",
    title=_("Civil-service results"),
    aliases=("Xếp loại công chức", "civil_service"),
    person_ref=True,
    columns=(
        NATIONAL_ID,
        PERSONNEL_CODE,
        Column("year", "Năm", p.year, _("Year."), required=True, width=10),
        Column(
            "level",
            "Mức xếp loại",
            p.choice(LEVEL_WORDS),
            _("Quality level decided on the state side."),
            required=True,
            choices=p.first_words(LEVEL_WORDS),
            width=30,
        ),
        Column("decided_by", "Cấp quyết định", p.text(200), _("Who decided."), default="", width=30),
    ),
)

SPECS: dict[str, SheetSpec] = {
    spec.kind: spec for spec in (UNITS, PEOPLE, POSTS, MEMBERSHIPS, DISCIPLINE, ABSENCES, CIVIL_SERVICE)
}
KINDS = tuple(SPECS)
# What the import's counts are called (the sheets' kinds, and the cell memberships the "Đảng viên" sheet writes).
KIND_LABELS: dict[str, str | Promise] = {
    **{kind: spec.title for kind, spec in SPECS.items()},
    "cell_memberships": _("Cell memberships"),
}
