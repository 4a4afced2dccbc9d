"""366-QĐ/TW Phụ lục 1 (collectives) and Phụ lục 2 (leaders managed by the Central Committee, Politburo,
Secretariat) as default templates.

PL1: no reproduction of its item list was found (docs/regulations/frameworks.md §1.1, UNCONFIRMED); the four
general items are that file's proposal drawn from Art. 6's review content (8/8/8/6), the task group is computed from the
collective's targets and tasks with the Decree 335 method (§1.1 proposal). PL2: items SRC (§1.2); the split
18/4/8 at 2/1/2 points per item, all-or-nothing ("Đảm bảo / Không đảm bảo"), is IMPL-3 (HCMC, VATM); the
per-title task indicators are UNCONFIRMED, so the task group is computed from products.
Every per-item number is a default to be replaced by the owning party committee (HD 43 §1, §7.12).
"""

from __future__ import annotations

from danhgia.domain.scoring.defaults.build import TASK_GROUP_EN, TASK_GROUP_VI, binary, computed_tasks, general
from danhgia.domain.scoring.templates import CriteriaTemplate, Scale
from danhgia.domain.texts import Text

PL1 = CriteriaTemplate(
    code="qd366-pl1",
    ruleset="qd366-2025",
    framework="PL1",
    categories=("organisation", "party_organisation", "leadership_collective"),
    form="Mẫu 01-HD KĐ.ĐG 2025",
    title=Text("Khung tiêu chí đánh giá tập thể (Phụ lục 1)", "Criteria framework for collectives (Appendix 1)"),
    scale=Scale.POINTS,
    source="366-QĐ/TW Điều 6, 10, Phụ lục 1 (danh mục mục chưa xác nhận); điểm từng mục: đề xuất mặc định"
    " của docs/regulations/frameworks.md §1.1",
    groups=(
        general(
            "A",
            "Nhóm tiêu chí chung",
            "General criteria",
            binary(
                "1",
                "Chấp hành nguyên tắc tổ chức và hoạt động, nhất là nguyên tắc tập trung dân chủ, quy chế làm việc;"
                " đoàn kết nội bộ",
                "Organisational principles, above all democratic centralism; working rules; internal unity",
                "8",
            ),
            binary(
                "2",
                "Xây dựng, chỉnh đốn Đảng và hệ thống chính trị; bộ máy, đội ngũ cán bộ; thực hiện trách nhiệm nêu"
                " gương, trách nhiệm giải trình",
                "Building and rectifying the Party and the political system; apparatus and cadres; exemplary duty"
                " and accountability",
                "8",
            ),
            binary(
                "3",
                "Kiểm tra, giám sát, kỷ luật đảng; phòng, chống tham nhũng, lãng phí, tiêu cực, suy thoái; kiểm soát"
                " quyền lực",
                "Inspection, supervision and party discipline; fighting corruption, waste, negativity and"
                " degradation; power control",
                "8",
            ),
            binary(
                "4",
                "Khắc phục hạn chế, khuyết điểm đã được chỉ ra ở kỳ kiểm điểm trước; tự phê bình và phê bình",
                "Remedy of the shortcomings pointed out in the previous review; self-criticism and criticism",
                "6",
            ),
        ),
        computed_tasks(
            "B",
            TASK_GROUP_VI,
            TASK_GROUP_EN,
            (
                Text(
                    "Mục tiêu, chỉ tiêu, nhiệm vụ theo nghị quyết đại hội, kế hoạch năm, nhiệm vụ được giao và nhiệm"
                    " vụ đột xuất; mỗi nhiệm vụ đánh giá theo số lượng, chất lượng, tiến độ.",
                    "Targets and tasks from the congress resolution, the annual plan, assigned and ad hoc tasks;"
                    " each assessed on quantity, quality and progress.",
                ),
            ),
        ),
    ),
)

PL2 = CriteriaTemplate(
    code="qd366-pl2",
    ruleset="qd366-2025",
    framework="PL2",
    categories=("leader_central",),
    form="Mẫu 2A-HD KĐ.ĐG 2025",
    title=Text(
        "Khung tiêu chí đánh giá cán bộ lãnh đạo, quản lý thuộc diện Ban Chấp hành Trung ương, Bộ Chính trị,"
        " Ban Bí thư quản lý (Phụ lục 2)",
        "Criteria framework for leaders managed by the Central Committee, Politburo and Secretariat (Appendix 2)",
    ),
    scale=Scale.POINTS,
    source="366-QĐ/TW Phụ lục 2 (mục: SRC); điểm 18/4/8, đạt/không đạt: IMPL-3 (06-HD/BTCTU, 13-KH/TU,"
    " 03-HD/TVĐU) — mặc định, không chính thức",
    groups=(
        general(
            "A1",
            "Về phẩm chất chính trị, đạo đức, lối sống, thực hiện trách nhiệm nêu gương",
            "Political quality, ethics, lifestyle and exemplary duty",
            binary(
                "1.1",
                "Trung thành với Đảng, Tổ quốc, Nhân dân; kiên định chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh;"
                " bảo vệ nền tảng tư tưởng của Đảng",
                "Loyal to the Party, the Fatherland and the People; firm in Marxism-Leninism and Ho Chi Minh"
                " Thought; defends the Party's ideological foundation",
                "2",
            ),
            binary(
                "1.2",
                "Yêu nước, tận tụy phục vụ Nhân dân, đặt lợi ích chung lên trên lợi ích cá nhân",
                "Patriotic, devoted to serving the People, puts the common interest first",
                "2",
            ),
            binary(
                "1.3",
                "Chấp hành nghiêm chủ trương, nguyên tắc tổ chức, kỷ luật của Đảng, pháp luật của Nhà nước; chấp"
                " hành sự phân công của tổ chức",
                "Strictly observes Party policy, organisational principles and discipline, and the law; accepts"
                " assignments",
                "2",
            ),
            binary(
                "1.4",
                "Tự giác học tập lý luận chính trị, bồi dưỡng, cập nhật kiến thức",
                "Studies political theory and updates knowledge on own initiative",
                "2",
            ),
            binary(
                "1.5",
                "Đạo đức, lối sống trong sáng; cần, kiệm, liêm, chính, chí công vô tư; nêu gương; không né tránh,"
                " không chạy theo thành tích",
                "Clean ethics and lifestyle; diligence, thrift, integrity, impartiality; exemplary conduct; no"
                " evasion, no chasing achievements",
                "2",
            ),
            binary(
                "1.6",
                "Không tham vọng quyền lực, không chạy chức, chạy quyền, không tham nhũng, lợi ích nhóm; không để"
                " người thân lợi dụng chức vụ, quyền hạn để trục lợi",
                "No craving for power, no buying posts, no corruption or group interests; no relatives profiting"
                " from one's position",
                "2",
            ),
            binary("1.7", "Có uy tín cao, là trung tâm đoàn kết", "High prestige, a unifying figure", "2"),
            binary(
                "1.8",
                "Chủ động, đổi mới, sáng tạo vì mục tiêu chung",
                "Proactive, innovative and creative for the common goal",
                "2",
            ),
            binary(
                "1.9",
                "Kê khai, công khai tài sản, thu nhập theo quy định; báo cáo trung thực với cấp trên",
                "Declares assets and income as required; reports truthfully to superiors",
                "2",
            ),
        ),
        general(
            "A2",
            "Về tư duy đổi mới, tầm nhìn chiến lược, khát vọng cống hiến, dám nghĩ, dám làm",
            "Innovative and strategic thinking, aspiration to contribute, daring to think and act",
            binary(
                "2.1",
                "Có tư duy đổi mới, tầm nhìn chiến lược, năng lực cụ thể hoá chủ trương, đường lối",
                "Innovative thinking, strategic vision, ability to put policy into practice",
                "1",
            ),
            binary(
                "2.2",
                "Bám sát thực tiễn, có cách làm hay, hiệu quả; xây dựng tổ chức đảng trong sạch, vững mạnh",
                "Close to practice, effective methods; builds a clean and strong party organisation",
                "1",
            ),
            binary(
                "2.3",
                "Nói đi đôi với làm; dám nghĩ, dám làm, dám chịu trách nhiệm, dám đột phá; có năng lực phân tích,"
                " dự báo",
                "Matches words with deeds; dares to think, act, take responsibility and break through; analysis"
                " and foresight",
                "1",
            ),
            binary(
                "2.4",
                "Có khát vọng cống hiến, quy tụ được sức mạnh tập thể",
                "Aspiration to contribute; rallies collective strength",
                "1",
            ),
        ),
        general(
            "A3",
            "Về tự phê bình và phê bình, tự soi, tự sửa, khắc phục hạn chế, khuyết điểm",
            "Self-criticism and criticism, self-correction, remedy of shortcomings",
            binary(
                "3.1",
                "Chủ động, nghiêm túc tự phê bình và phê bình, cầu thị",
                "Genuine, serious self-criticism and criticism; open to advice",
                "2",
            ),
            binary(
                "3.2",
                "Có kế hoạch rõ ràng, quyết liệt khắc phục hạn chế, khuyết điểm đã được chỉ ra",
                "A clear plan and resolute remedy of the shortcomings pointed out",
                "2",
            ),
            binary(
                "3.3",
                "Kết quả khắc phục đạt từ 80% nội dung trở lên, có tiến bộ rõ, không tái diễn",
                "At least 80 % of the points remedied, clear progress, no recurrence",
                "2",
            ),
            binary(
                "3.4",
                "Tự soi, tự sửa; không né tránh, không đổ lỗi",
                "Self-examination and self-correction; no evasion, no blame-shifting",
                "2",
            ),
        ),
        computed_tasks(
            "B",
            TASK_GROUP_VI,
            TASK_GROUP_EN,
            (
                Text(
                    "Kết quả và năng lực lãnh đạo theo nhiệm vụ của từng chức danh (danh mục chỉ số theo chức danh"
                    " chưa xác nhận).",
                    "Results and leadership capacity per task of each title (the per-title indicators are"
                    " unconfirmed).",
                ),
            ),
        ),
    ),
)
