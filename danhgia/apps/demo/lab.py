"""The rule lab in the demo: the organising committee (bantochuc) as rule editor over the province, a draft
amending Regulation 366 on the two questions the consultation conference debated — the excellent-completion
ratio (20 % → 15 % of level 2) and failing a leadership collective when a member is disciplined during the
year — put out for consultation, and two past years of the commune (2023 and 2024, under Regulation 124) so
that the report on implementation results shows a trend. The replay of the published demo cycle is computed
when its page is opened (nothing is stored). Every step goes through the services; idempotent."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User

from danhgia.apps.access.models import Role, RoleAssignment
from danhgia.apps.cycles.models import ReviewCycle, RulesetVersion
from danhgia.apps.cycles.services import cycle_create
from danhgia.apps.demo.cycles import COMMUNE, NOW, PROVINCE, _verify_and_decide, demo_self_reviews_fill
from danhgia.apps.lab.models import DraftState, RulesetDraft
from danhgia.apps.lab.services import draft_create, draft_put_rule, draft_set_parameters, draft_transition
from danhgia.apps.orgs.models import CivilServiceResult, Unit
from danhgia.apps.reports.services import summaries_refresh
from danhgia.apps.reviews.services.opening import cycle_open

DRAFT_TITLE = "Dự thảo sửa đổi, bổ sung Quy định 366-QĐ/TW về kiểm điểm, đánh giá, xếp loại chất lượng"
PUBLISHED_CYCLE = "Quý III/2025 — Tỉnh Bắc Ninh"
PAST_YEARS = (2023, 2024)
EDITOR = "bantochuc"
MEMBER_DISCIPLINED = {
    "code": "member_disciplined_in_year",
    "stage": "disqualifier",
    "kind": "member_discipline_counts",
    "applies_to": ["leadership_collective"],
    "params": {"self_detected_counts": True, "public_service_only": False, "min_form": "reprimand"},
    "source": "Dự thảo sửa đổi Quy định 366-QĐ/TW, Điều 11, khoản 4 (lấy ý kiến)",
    "confirmed": False,
    "vi": "Có thành viên tập thể lãnh đạo, quản lý bị kỷ luật (từ khiển trách trở lên) có hiệu lực trong năm.",
    "en": "A member of the leadership collective was disciplined (reprimand or heavier), taking effect in the year.",
}


def demo_lab_ensure(admin: User) -> RulesetDraft:
    """The rule editor, the past years and the draft in consultation (each created once)."""
    editor = User.objects.get(username=EDITOR)
    RoleAssignment.objects.get_or_create(
        user=editor,
        role=Role.RULE_EDITOR,
        unit=Unit.objects.get(code=PROVINCE),
        defaults={"valid_from": date(2020, 1, 1)},
    )
    for year in PAST_YEARS:
        _past_year(admin, year)
    existing = RulesetDraft.objects.filter(title=DRAFT_TITLE).first()
    return existing or _draft(editor)


def _past_year(admin: User, year: int) -> None:
    name = f"Năm {year} — Đảng bộ xã Tân An"
    if ReviewCycle.objects.filter(name=name).exists():
        return
    cycle = cycle_create(
        actor=admin,
        name=name,
        kind="year",
        year=year,
        root=Unit.objects.get(code=COMMUNE),
        ruleset="qd124-2023",
        now=NOW,
        deadlines={"complaints_until": date(year + 1, 3, 31)},
    )
    _civil_service_results(year)
    cycle_open(cycle=cycle, actor=admin, now=NOW)
    demo_self_reviews_fill(cycle, complete=True)
    _verify_and_decide(cycle, admin, publish_all=True)
    summaries_refresh(cycle=cycle, actor=admin, now=NOW)


def _civil_service_results(year: int) -> None:
    """The state-side results of a past year, as the registry seed gives them for 2025 (seed data, like the
    seed's own: party members who are civil servants wait for them before their level is decided)."""
    known = set(CivilServiceResult.objects.filter(year=year).values_list("person_id", flat=True))
    CivilServiceResult.objects.bulk_create(
        CivilServiceResult(person_id=person, year=year, level=level, decided_by=decided_by)
        for person, level, decided_by in CivilServiceResult.objects.filter(year=2025).values_list(
            "person_id", "level", "decided_by"
        )
        if person not in known
    )


def _draft(editor: User) -> RulesetDraft:
    cycle = ReviewCycle.objects.get(name=PUBLISHED_CYCLE)
    draft = draft_create(
        base=RulesetVersion.objects.get(sha256=cycle.ruleset_sha256),
        title=DRAFT_TITLE,
        owner=Unit.objects.get(code=PROVINCE),
        actor=editor,
        now=NOW,
    )
    draft_set_parameters(
        draft=draft,
        values={
            "quota_ratio": {
                "value": "3/20",
                "source": "Dự thảo sửa đổi Quy định 366-QĐ/TW, Điều 11 (lấy ý kiến: 15 % thay cho 20 %)",
                "confirmed": False,
            }
        },
        actor=editor,
        now=NOW,
    )
    draft_put_rule(draft=draft, code=None, rule=MEMBER_DISCIPLINED, actor=editor, now=NOW)
    return draft_transition(draft=draft, to=DraftState.IN_CONSULTATION, actor=editor, now=NOW)
