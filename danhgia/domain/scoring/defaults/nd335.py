"""Decree 335/2025/NĐ-CP (civil servants, from 1 January 2026) as a default template — Mẫu số 01.

General criteria 30 = 10/10/10 (Art. 12.2, SRC), split 5 + 5 / 2.5 × 4 / 2.5 × 4 as at least five
implementations reproduce it (IMPL-5, docs/regulations/frameworks.md §2.1), graded in steps of 0.5 (the
Decree 335 default of §1.6). Defaults follow the customs practice of §1.6: the discipline criteria (I)
count as met unless marked otherwise, the innovation criteria (III) as not met unless evidenced. The 70-point
task group is computed from products (`decree335.task_result`, Art. 13–16).
"""

from __future__ import annotations

from danhgia.domain.scoring.defaults.build import (
    MET,
    NOT_MET,
    TASK_GROUP_EN,
    TASK_GROUP_VI,
    check,
    computed_tasks,
    general,
    graded,
)
from danhgia.domain.scoring.templates import CriteriaTemplate, Scale
from danhgia.domain.texts import Text

ND335 = CriteriaTemplate(
    code="nd335",
    ruleset="nd335-2025",
    framework="ND335",
    categories=("leader", "staff"),
    form="Mẫu số 01 — Phiếu theo dõi, đánh giá công chức",
    title=Text(
        "Phiếu theo dõi, đánh giá công chức (Nghị định 335/2025/NĐ-CP)",
        "Civil servant monitoring and assessment sheet (Decree 335/2025/NĐ-CP)",
    ),
    scale=Scale.POINTS,
    source="Nghị định 335/2025/NĐ-CP Điều 12 khoản 2 (SRC); chia điểm 5+5 / 2,5×4 / 2,5×4: IMPL-5; bước 0,5:"
    " mặc định — xác minh với Mẫu số 01 chính thức",
    groups=(
        general(
            "I",
            "Phẩm chất chính trị, phẩm chất đạo đức, văn hóa thực thi công vụ và ý thức kỷ luật, kỷ cương",
            "Political and moral quality, public-service culture, discipline",
            graded(
                "I.1",
                "Phẩm chất chính trị, phẩm chất đạo đức, văn hóa thực thi công vụ",
                "Political and moral quality, public-service culture",
                "5",
                default=MET,
                children=(
                    check(
                        "a",
                        "Chấp hành đường lối, chủ trương của Đảng, pháp luật",
                        "Follows the Party line and the law",
                        MET,
                    ),
                    check("b", "Bản lĩnh chính trị vững vàng", "Firm political will", MET),
                    check("c", "Học tập lý luận chính trị", "Studies political theory", MET),
                    check("d", "Giữ gìn đạo đức, lối sống", "Ethics and lifestyle", MET),
                    check("e", "Không tham nhũng, tiêu cực", "No corruption or negativity", MET),
                    check("f", "Đoàn kết, xây dựng cơ quan", "Unity; helps build the agency", MET),
                    check("g", "Văn hóa công vụ", "Public-service culture", MET),
                    check("h", "Tự phê bình và phê bình", "Self-criticism and criticism", MET),
                ),
            ),
            graded(
                "I.2",
                "Ý thức kỷ luật, kỷ cương trong thực thi công vụ",
                "Discipline in public service",
                "5",
                default=MET,
                children=(
                    check("a", "Chấp hành sự phân công", "Accepts assignments", MET),
                    check("b", "Chấp hành nội quy, quy chế", "Follows internal rules", MET),
                    check("c", "Kê khai tài sản, thu nhập", "Declares assets and income", MET),
                    check("d", "Báo cáo trung thực", "Reports truthfully", MET),
                ),
            ),
        ),
        general(
            "II",
            "Năng lực chuyên môn, nghiệp vụ; khả năng đáp ứng yêu cầu nhiệm vụ; tinh thần trách nhiệm; thái độ phục vụ"
            " người dân, doanh nghiệp và phối hợp",
            "Professional competence; meeting task requirements; responsibility; service to citizens and businesses,"
            " cooperation",
            graded(
                "II.1",
                "Năng lực chuyên môn, nghiệp vụ theo yêu cầu của vị trí việc làm",
                "Professional competence required by the job position",
                "2.5",
            ),
            graded(
                "II.2",
                "Khả năng đáp ứng yêu cầu thực thi nhiệm vụ được giao (thường xuyên, đột xuất)",
                "Ability to meet the tasks assigned (regular and ad hoc)",
                "2.5",
            ),
            graded(
                "II.3",
                "Tinh thần trách nhiệm trong thực thi công vụ",
                "Sense of responsibility in public service",
                "2.5",
            ),
            graded(
                "II.4",
                "Thái độ phục vụ người dân, doanh nghiệp và khả năng phối hợp với đồng nghiệp",
                "Attitude in serving citizens and businesses; cooperation with colleagues",
                "2.5",
            ),
        ),
        general(
            "III",
            "Năng lực đổi mới, sáng tạo, dám nghĩ, dám làm, dám chịu trách nhiệm vì lợi ích chung",
            "Innovation, creativity, daring to think, act and take responsibility for the common good",
            graded(
                "III.1",
                "Có sản phẩm, giải pháp đột phá, sáng tạo có giá trị thiết thực",
                "Breakthrough, creative products or solutions of practical value",
                "2.5",
                default=NOT_MET,
                evidence=True,
            ),
            graded(
                "III.2",
                "Sẵn sàng nhận nhiệm vụ chính trị đặc biệt quan trọng, đột xuất, phức tạp, khó khăn",
                "Ready for especially important, ad hoc, complex or difficult political tasks",
                "2.5",
                default=NOT_MET,
                evidence=True,
            ),
            graded(
                "III.3",
                "Chịu trách nhiệm trước kết quả; nhận trách nhiệm và khắc phục sai sót",
                "Answers for results; owns and corrects mistakes",
                "2.5",
                default=NOT_MET,
                evidence=True,
            ),
            graded(
                "III.4",
                "Chủ động quyết định trong phạm vi thẩm quyền, không né tránh; tiên phong nhiệm vụ mới",
                "Decides within one's authority without evasion; pioneers new tasks",
                "2.5",
                default=NOT_MET,
                evidence=True,
            ),
        ),
        computed_tasks(
            "B",
            TASK_GROUP_VI,
            TASK_GROUP_EN,
            (
                Text(
                    "Tính từ sản phẩm đã quy đổi: 70 × (a + b + c) / 3; lãnh đạo 70 × (a + b + c + d + đ + e) / 6"
                    " (Điều 14–16).",
                    "Computed from converted products: 70 × (a + b + c) / 3; leaders 70 × (a + b + c + d + đ + e) / 6"
                    " (Art. 14–16).",
                ),
            ),
        ),
    ),
)
