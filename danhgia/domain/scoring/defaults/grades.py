"""Per-criterion grade templates (XS / T / TB / K) of 132-QĐ/TW (2018) and 124-QĐ/TW (2023).

docs/regulations/party.md §5.1: individuals are graded on political ideology, ethics and lifestyle, organisational
discipline, working style and manners, results of assigned duties, and results of remedying shortcomings
(132; HD 21); collectives on building the organisation, results of the year's tasks, and remedy (132). 124
keeps the same per-criterion grades (Art. 10), adding numeric completion conditions that the engine checks.
Forms: HD 16 Mẫu 5 (member's self-assessment with a grade per criterion) and Mẫu 04-HD KĐ.ĐG 2019 (leadership
collective analysis sheet); HD 25 Mẫu 02A (non-leaders) / 02B (leaders). The task-results criterion is keyed
`tasks` as the engine expects (docs/engine-contract.md §1); it needs evidence (124: "with specific products").
"""

from __future__ import annotations

from decimal import Decimal

from danhgia.domain.scoring.defaults.build import grade
from danhgia.domain.scoring.templates import CriteriaTemplate, Group, GroupKind, Item, Scale
from danhgia.domain.texts import Text

INDIVIDUAL_CATEGORIES = ("leader_central", "leader", "staff", "member_outside")
COLLECTIVE_CATEGORIES = ("organisation", "party_organisation", "leadership_collective")
REMEDY = grade("remedy", "Kết quả khắc phục hạn chế, khuyết điểm", "Results of remedying shortcomings")


def _groups(general: tuple[Item, ...], tasks_vi: str, tasks_en: str) -> tuple[Group, ...]:
    return (
        Group(
            code="A",
            text=Text("Các tiêu chí khác", "Other criteria"),
            kind=GroupKind.GENERAL,
            max_points=Decimal(0),
            items=general,
        ),
        Group(
            code="B",
            text=Text("Tiêu chí kết quả thực hiện nhiệm vụ", "Task-results criterion"),
            kind=GroupKind.TASKS,
            max_points=Decimal(0),
            items=(grade("tasks", tasks_vi, tasks_en, evidence=True),),
        ),
    )


INDIVIDUAL_GROUPS = _groups(
    (
        grade("politics", "Tư tưởng chính trị", "Political ideology"),
        grade("ethics", "Phẩm chất đạo đức, lối sống", "Ethics and lifestyle"),
        grade("discipline", "Ý thức tổ chức kỷ luật", "Organisational discipline"),
        grade("style", "Tác phong, lề lối làm việc", "Working style and manners"),
        REMEDY,
    ),
    "Kết quả thực hiện chức trách, nhiệm vụ được giao",
    "Results of the duties assigned",
)

COLLECTIVE_GROUPS = _groups(
    (grade("building", "Xây dựng tổ chức, tập thể", "Building the organisation or collective"), REMEDY),
    "Kết quả thực hiện nhiệm vụ được giao trong năm",
    "Results of the year's assigned tasks",
)


def _template(ruleset: str, who: str, form: str, source: str) -> CriteriaTemplate:
    individual = who == "individual"
    return CriteriaTemplate(
        code=f"{ruleset.split('-')[0]}-{who}",
        ruleset=ruleset,
        framework=who,
        categories=INDIVIDUAL_CATEGORIES if individual else COLLECTIVE_CATEGORIES,
        form=form,
        title=Text(
            "Phiếu tự đánh giá, xếp loại cá nhân theo tiêu chí" if individual else "Phiếu phân tích chất lượng tập thể",
            "Individual self-assessment by criterion" if individual else "Collective quality analysis sheet",
        ),
        scale=Scale.GRADES,
        groups=INDIVIDUAL_GROUPS if individual else COLLECTIVE_GROUPS,
        source=source,
        points_confirmed=True,
    )


QD132_INDIVIDUAL = _template("qd132-2018", "individual", "Mẫu 5 (HD 16-HD/BTCTW)", "132-QĐ/TW; HD 16, HD 21")
QD132_COLLECTIVE = _template(
    "qd132-2018", "collective", "Mẫu 04-HD KĐ.ĐG 2019 (HD 21-HD/BTCTW)", "132-QĐ/TW; HD 21 §II.B"
)
QD124_INDIVIDUAL = _template(
    "qd124-2023", "individual", "Mẫu 02A / 02B (HD 25-HD/BTCTW)", "124-QĐ/TW Điều 10, 12; HD 25"
)
QD124_COLLECTIVE = _template(
    "qd124-2023", "collective", "HD 25-HD/BTCTW (mẫu chưa xác nhận)", "124-QĐ/TW Điều 10, 12; HD 25"
)
