"""366-QĐ/TW Phụ lục 3 (leaders and managers at all levels) as a default template.

Items SRC (docs/regulations/frameworks.md §1.3). General points 5/5/16/2/2 and the per-item split are LOCAL
(Thanh Hóa office); all-or-nothing per item is the party-side default (§1.6), except sub-group 5, whose one
item is split 1 + 1 (spirit / results) and so is graded in steps of 1. Task group: the three SRC elements with
a 30/20/20 split proposed here (no source gives one), graded in steps of 0.5, evidence required (366: results
backed by specific products). All numbers are defaults for the owning party committee to replace (HD 43 §1, §7.12).
"""

from __future__ import annotations

from danhgia.domain.scoring.defaults.build import TASK_GROUP_EN, TASK_GROUP_VI, binary, general, graded, tasks
from danhgia.domain.scoring.templates import CriteriaTemplate, Scale
from danhgia.domain.texts import Text

PL3 = CriteriaTemplate(
    code="qd366-pl3",
    ruleset="qd366-2025",
    framework="PL3",
    categories=("leader",),
    form="Mẫu 2A-HD KĐ.ĐG 2025",
    title=Text(
        "Khung tiêu chí đánh giá cá nhân giữ chức vụ lãnh đạo, quản lý (Phụ lục 3)",
        "Criteria framework for leaders and managers (Appendix 3)",
    ),
    scale=Scale.POINTS,
    source="366-QĐ/TW Phụ lục 3 (mục: SRC); điểm chung 5/5/16/2/2: LOCAL (Thanh Hóa); nhóm kết quả 30/20/20:"
    " đề xuất — mặc định, không chính thức",
    groups=(
        general(
            "A1",
            "Về chính trị, tư tưởng",
            "Politics and ideology",
            binary(
                "1.1",
                "Tuyệt đối trung thành với Đảng, Tổ quốc, Nhân dân; kiên định lý tưởng, mục tiêu độc lập dân tộc gắn"
                " liền với chủ nghĩa xã hội và đường lối đổi mới",
                "Absolutely loyal to the Party, the Fatherland and the People; firm in the ideal and the renewal line",
                "1",
            ),
            binary(
                "1.2",
                "Lập trường, quan điểm vững vàng; bảo vệ nền tảng tư tưởng của Đảng; giữ kỷ luật phát ngôn",
                "Firm stance; defends the Party's ideological foundation; keeps speech discipline",
                "1",
            ),
            binary("1.3", "Yêu nước, tận tụy phục vụ Nhân dân", "Patriotic, devoted to serving the People", "1"),
            binary(
                "1.4",
                "Tuyệt đối chấp hành sự phân công của tổ chức",
                "Fully accepts the organisation's assignments",
                "1",
            ),
            binary(
                "1.5",
                "Học tập, quán triệt nghị quyết, pháp luật; thường xuyên cập nhật kiến thức",
                "Studies resolutions and the law; keeps knowledge up to date",
                "0.5",
            ),
            binary("1.6", "Có tư duy, tầm nhìn; chủ động đổi mới", "Thinking and vision; proactive innovation", "0.5"),
        ),
        general(
            "A2",
            "Về phẩm chất đạo đức, lối sống và ý thức tổ chức kỷ luật",
            "Ethics, lifestyle and organisational discipline",
            binary(
                "2.1",
                "Giữ gìn đạo đức, lối sống; nêu gương; không vi phạm những điều đảng viên không được làm; không bị kỷ"
                " luật về đạo đức, lối sống trong 5 năm gần nhất",
                "Ethics and lifestyle; exemplary conduct; no prohibited conduct; no discipline on ethics or lifestyle"
                " in the last 5 years",
                "1",
            ),
            binary(
                "2.2",
                "Không tham ô, tham nhũng, hách dịch; không để người thân lợi dụng chức vụ để trục lợi; không suy"
                " thoái",
                "No embezzlement, corruption or arrogance; no relatives profiting from one's post; no degradation",
                "1",
            ),
            binary(
                "2.3",
                "Tự giác tu dưỡng, rèn luyện; dám nghĩ, dám nói, dám làm, dám chịu trách nhiệm",
                "Self-cultivation; dares to think, speak, act and take responsibility",
                "1",
            ),
            binary(
                "2.4",
                "Thực hiện nguyên tắc tập trung dân chủ, tự phê bình và phê bình; chỉ đạo thực hiện quy chế; đấu tranh"
                " với sai phạm trong công tác cán bộ",
                "Democratic centralism and self-criticism; enforces working rules; fights wrongdoing in cadre work",
                "1",
            ),
            binary(
                "2.5",
                "Kê khai, công khai tài sản, thu nhập theo quy định",
                "Declares assets and income as required",
                "0.5",
            ),
            binary("2.6", "Báo cáo trung thực với cấp trên", "Reports truthfully to superiors", "0.5"),
        ),
        general(
            "A3",
            "Về năng lực lãnh đạo, quản lý, năng lực chuyên môn; khả năng đáp ứng yêu cầu nhiệm vụ; thái độ công"
            " tác; tinh thần đổi mới, sáng tạo",
            "Leadership and professional capacity; meeting task requirements; work attitude; innovation",
            binary(
                "3.1",
                "Năng lực hoạch định, lãnh đạo tổ chức thực hiện",
                "Planning and leading implementation",
                "1",
            ),
            binary(
                "3.2",
                "Tầm nhìn, phương pháp lãnh đạo; năng lực phân tích, dự báo",
                "Vision and leadership method; analysis and foresight",
                "1",
            ),
            binary(
                "3.3",
                "Cụ thể hoá chủ trương, đường lối ở lĩnh vực được phân công phụ trách",
                "Puts policy into practice in the field in one's charge",
                "1",
            ),
            binary(
                "3.4",
                "Chỉ đạo, điều hành, phân công, kiểm tra, giám sát; giữ kỷ luật, kỷ cương",
                "Directs, assigns, inspects and supervises; upholds discipline",
                "1",
            ),
            binary("3.5", "Kiến thức chuyên sâu về lĩnh vực công tác", "In-depth knowledge of the field", "1"),
            binary(
                "3.6",
                "Phát hiện vấn đề, đề xuất giải pháp tháo gỡ điểm nghẽn",
                "Identifies problems and proposes solutions to bottlenecks",
                "1",
            ),
            binary(
                "3.7",
                "Xử lý công việc độc lập và làm việc nhóm",
                "Works independently and in teams",
                "1",
            ),
            binary("3.8", "Đáp ứng yêu cầu nhiệm vụ thường xuyên", "Meets regular task requirements", "1"),
            binary("3.9", "Đáp ứng yêu cầu nhiệm vụ đột xuất", "Meets ad hoc task requirements", "1"),
            binary(
                "3.10",
                "Tinh thần trách nhiệm cao, chủ động cải tiến công việc",
                "High responsibility; improves the work proactively",
                "1",
            ),
            binary("3.11", "Thái độ chuẩn mực, tác phong chuyên nghiệp", "Proper attitude, professional manner", "1"),
            binary("3.12", "Phối hợp hiệu quả trong công tác", "Effective cooperation", "1"),
            binary(
                "3.13",
                "Có sáng kiến, mô hình mới được cấp có thẩm quyền ghi nhận",
                "Initiatives or new models recognised by the competent level",
                "1",
                evidence=True,
            ),
            binary(
                "3.14",
                "Sẵn sàng nhận nhiệm vụ đặc biệt, khó khăn",
                "Takes on special and difficult tasks",
                "1",
            ),
            binary(
                "3.15",
                "Dám chịu trách nhiệm, chủ động khắc phục sai sót",
                "Takes responsibility and corrects mistakes",
                "1",
            ),
            binary("3.16", "Quyết đoán, tiên phong trong nhiệm vụ mới", "Decisive, a pioneer in new tasks", "1"),
        ),
        general(
            "A4",
            "Về mức độ tín nhiệm, uy tín và khả năng quy tụ, đoàn kết",
            "Confidence, prestige and ability to rally and unite",
            binary("4.1", "Có uy tín, gương mẫu, được tín nhiệm", "Prestige, exemplary, trusted", "1"),
            binary(
                "4.2",
                "Quy tụ, đoàn kết, xây dựng tập thể vững mạnh",
                "Rallies and unites people; builds a strong collective",
                "1",
            ),
        ),
        general(
            "A5",
            "Về tự phê bình và phê bình, tự soi, tự sửa, khắc phục hạn chế, khuyết điểm",
            "Self-criticism and criticism, self-correction, remedy of shortcomings",
            graded(
                "5.1",
                "Tinh thần tự phê bình và phê bình, chủ động nhận diện thiếu sót trong lãnh đạo (1 điểm); kết quả"
                " khắc phục hạn chế, khuyết điểm của bản thân và trong phạm vi lãnh đạo (1 điểm)",
                "Spirit of self-criticism, recognising shortcomings in one's leadership (1 point); remedy of"
                " shortcomings, one's own and within one's remit (1 point)",
                "2",
                "1",
            ),
        ),
        tasks(
            "B",
            TASK_GROUP_VI,
            TASK_GROUP_EN,
            graded(
                "B.1",
                "Kết quả thực hiện chức trách, nhiệm vụ được giao",
                "Results of the duties and tasks assigned",
                "30",
                evidence=True,
            ),
            graded(
                "B.2",
                "Kết quả lãnh đạo, chỉ đạo, điều hành, tổ chức thực hiện nhiệm vụ trong phạm vi phụ trách",
                "Results of leading, directing and organising the work in one's charge",
                "20",
                evidence=True,
            ),
            graded(
                "B.3",
                "Kết quả đánh giá, xếp loại chất lượng của tập thể và đội ngũ cán bộ, đảng viên thuộc quyền quản lý"
                " trực tiếp",
                "Classification results of the collective and of the cadres and members under one's direct management",
                "20",
                evidence=True,
            ),
        ),
    ),
)
