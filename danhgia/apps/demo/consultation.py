"""The demo's consultation: the provincial organising board consults the province's party committees, the
Department of Home Affairs and a commune on a draft amendment on the two questions the 30/5/2023 conference
debated — the excellent-completion ratio (20 % → 15 % of L2) and failing a leadership collective when a member is
disciplined during the year. Three units have answered (two near-duplicate comments on Article 2, awaiting the
editorial team); the Department (persona quyetdinh) has not, and writes its opinion in the demo.

Roles: bantochuc is the editorial team (over the board, T27.A01); quyetdinh writes the Department's opinion; the
opinions already given were written as the administrator, designated for those three units. The consultation is
linked to the rule lab's demo draft when it exists (found by its title), else to no draft; its articles are
linked to the rules they change (those the draft holds).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from danhgia.apps.access.models import Role, RoleAssignment
from danhgia.apps.consultation.docx_text import ParsedProvision
from danhgia.apps.consultation.models import Consultation, Provision
from danhgia.apps.consultation.services.opinions import comment_add, opinion_submit
from danhgia.apps.consultation.services.texts import consultation_create, provision_link_rules
from danhgia.apps.demo.lab import DRAFT_TITLE
from danhgia.apps.lab.models import RulesetDraft
from danhgia.apps.lab.textfile import read
from danhgia.apps.orgs.models import Unit

TITLE = "Dự thảo Quy định sửa đổi, bổ sung tỷ lệ xếp loại và liên đới trách nhiệm của tập thể lãnh đạo"
BOARD, DEPARTMENT = "T27.A01", "T27.A02.A01"
ANSWERED = ("T27.D01", "T27.D02", "T27.X001")
FIFTEEN = "Tỷ lệ “Hoàn thành xuất sắc nhiệm vụ” không quá 15% số được xếp loại “Hoàn thành tốt nhiệm vụ”."
TEXT = [
    ParsedProvision("chapter", "CI", "I", "SỬA ĐỔI, BỔ SUNG MỘT SỐ ĐIỀU"),
    ParsedProvision("article", "A1", "1", "Tỷ lệ xếp loại “Hoàn thành xuất sắc nhiệm vụ”"),
    ParsedProvision("clause", "A1.1", "1", "", [FIFTEEN]),
    ParsedProvision("clause", "A1.2", "2", "", ["Trường hợp đặc biệt do cấp có thẩm quyền xem xét, quyết định."]),
    ParsedProvision("article", "A2", "2", "Tập thể lãnh đạo, quản lý có thành viên bị kỷ luật"),
    ParsedProvision(
        "clause",
        "A2.1",
        "1",
        "",
        ["Tập thể lãnh đạo, quản lý có thành viên bị kỷ luật trong năm thì xếp loại “Không hoàn thành nhiệm vụ”."],
    ),
    ParsedProvision("article", "A3", "3", "Hiệu lực thi hành", ["Quy định này có hiệu lực từ ngày ký."]),
]
RULES = {"A1.1": ["quota_level1_over_20pct_of_level2"], "A2.1": ["collective_disciplined"]}
COMMENTS = (
    ("T27.D01", "A1.1", "Đề nghị giữ tỷ lệ 20% như hiện hành để khuyến khích cán bộ phấn đấu.", ""),
    ("T27.D02", "A1.1", "Nhất trí giảm tỷ lệ xuống 15% để đánh giá thực chất hơn.", ""),
    (
        "T27.D02",
        "A2.1",
        "Đề nghị chỉ xếp loại không hoàn thành nhiệm vụ khi thành viên bị kỷ luật từ hình thức cảnh cáo trở lên.",
        "Tập thể lãnh đạo, quản lý có thành viên bị kỷ luật từ hình thức cảnh cáo trở lên trong năm thì xếp loại "
        "“Không hoàn thành nhiệm vụ”.",
    ),
    (
        "T27.X001",
        "A2.1",
        "Đề nghị chỉ xếp loại không hoàn thành nhiệm vụ khi thành viên bị kỷ luật từ cảnh cáo trở lên.",
        "",
    ),
)


def _assign(user: User, role: str, unit: Unit) -> None:
    RoleAssignment.objects.get_or_create(user=user, role=role, unit=unit, defaults={"valid_from": date(2020, 1, 1)})


@transaction.atomic
def demo_consultation_ensure() -> Consultation:
    """Create the demo consultation unless it exists; returns it."""
    existing = Consultation.objects.filter(title=TITLE).first()
    if existing is not None:
        return existing
    admin, editor = User.objects.get(username="admin"), User.objects.get(username="bantochuc")
    units = {unit.code: unit for unit in Unit.objects.filter(code__in=[BOARD, DEPARTMENT, *ANSWERED])}
    _assign(editor, Role.EDITORIAL, units[BOARD])
    _assign(User.objects.get(username="quyetdinh"), Role.CONSULTEE, units[DEPARTMENT])
    for code in ANSWERED:
        _assign(admin, Role.CONSULTEE, units[code])
    now = timezone.now()
    draft = RulesetDraft.objects.filter(title=DRAFT_TITLE).first()
    consultation = consultation_create(
        title=TITLE,
        owner=units[BOARD],
        deadline=now.date() + timedelta(days=21),
        units=[units[DEPARTMENT], *(units[code] for code in ANSWERED)],
        provisions=TEXT,
        draft=draft,
        source_name="du-thao-sua-doi.docx",
        actor=editor,
        now=now,
    )
    provisions = {p.key: p for p in Provision.objects.filter(version__consultation=consultation)}
    known = None if draft is None else {rule.get("code") for rule in read(draft.text).get("rules", [])}
    for key, rules in RULES.items():
        linked = [rule for rule in rules if known is None or rule in known]
        provision_link_rules(provision=provisions[key], rule_ids=linked, actor=editor, now=now)
    for code, key, text, wording in COMMENTS:
        comment_add(
            consultation=consultation,
            unit=units[code],
            provision=provisions[key],
            text=text,
            proposed_wording=wording,
            actor=admin,
            now=now,
        )
    for code in ANSWERED:
        opinion_submit(consultation=consultation, unit=units[code], actor=admin, now=now)
    return consultation
