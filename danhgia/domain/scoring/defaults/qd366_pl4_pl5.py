"""366-QĐ/TW Phụ lục 4 (individuals without a leadership post) and Phụ lục 5 (party members not working in
the political system) as default templates.

PL4: items SRC (docs/regulations/frameworks.md §1.4). Points: its default proposal 15 / 10 / 5 — items 1–10 at 1.5
each; the four blocks of group 2 at 3/2/2/3, each one all-or-nothing item whose official sub-items form its
checklist (§1.6, so no block is split into fractions such as 2/3); group 3 one item of 5. The 70-point task
group is computed from products (366: "lượng hoá bằng sản phẩm, tiến độ, chất lượng"), with the nine sector
blocs' focus points as guidance. PL5: items SRC (§1.5), points that file's proposal 24 (8 × 3) + 6 and
tasks 30/20/20 (graded in steps of 0.5). All numbers are defaults (HD 43 §1, §7.12).
"""

from __future__ import annotations

from danhgia.domain.scoring.defaults.build import (
    TASK_GROUP_EN,
    TASK_GROUP_VI,
    binary,
    check,
    computed_tasks,
    general,
    graded,
    tasks,
)
from danhgia.domain.scoring.templates import CriteriaTemplate, Scale
from danhgia.domain.texts import Text

SELF_CRITICISM_VI = (
    "Tinh thần tự phê bình và phê bình; mức độ tự nhận diện hạn chế, khuyết điểm của bản thân; kết quả khắc phục"
    " hạn chế, khuyết điểm đã được chỉ ra"
)
SELF_CRITICISM_EN = (
    "Spirit of self-criticism; how far one recognises one's own shortcomings; results of remedying those pointed out"
)

PL4_TASK_BLOCS: tuple[Text, ...] = (
    Text(
        "Khối cơ quan tham mưu của Đảng: hoàn thành đúng hạn, có chất lượng, có sản phẩm cụ thể; tham gia xây dựng"
        " báo cáo, đề án đúng tiến độ, bảo đảm yêu cầu; phối hợp, không đùn đẩy.",
        "Party advisory bodies: on-time, quality work with concrete products; reports and schemes drafted on time"
        " and to standard; cooperation, no shirking.",
    ),
    Text(
        "Khối cơ quan hành chính nhà nước: hoàn thành công việc theo kế hoạch, đúng tiến độ, có chất lượng; tỷ lệ hồ"
        " sơ giải quyết đúng hạn; sản phẩm cụ thể được lãnh đạo phê duyệt; không để xảy ra sai sót; phối hợp.",
        "State administration: planned work on schedule and to quality; share of dossiers handled on time; concrete"
        " products approved by leaders; no harmful errors; cooperation.",
    ),
    Text(
        "Khối cơ quan dân cử: xây dựng, thẩm tra, tổng hợp văn bản đúng hạn, có chất lượng; tổ chức tiếp xúc cử tri,"
        " kỳ họp, giám sát đầy đủ, không sai sót chuyên môn.",
        "Elected bodies: drafting, verifying and synthesising documents on time and to quality; voter meetings,"
        " sessions and supervision organised fully, without professional errors.",
    ),
    Text(
        "Khối Mặt trận Tổ quốc và các tổ chức chính trị - xã hội: hoàn thành nhiệm vụ đúng hạn, có chất lượng, sản"
        " phẩm rõ; giám sát, phản biện xã hội, vận động Nhân dân, phong trào thi đua.",
        "Fatherland Front and mass organisations: on-time quality tasks with clear products; supervision and social"
        " criticism, mobilising the people, emulation movements.",
    ),
    Text(
        "Khối lực lượng vũ trang: huấn luyện, sẵn sàng chiến đấu, nhiệm vụ chuyên môn, hậu cần, kỹ thuật lượng hoá"
        " bằng sản phẩm, khối lượng, chất lượng, tiến độ, hiệu quả; phòng, chống tội phạm; quản lý địa bàn, lĩnh vực.",
        "Armed forces: training, combat readiness, professional, logistics and technical tasks quantified by"
        " products, volume, quality, progress and effect; crime prevention; area and field management.",
    ),
    Text(
        "Khối cơ quan tư pháp: công tác chuyên môn đúng hạn, có chất lượng; đạt chỉ tiêu của Quốc hội đối với cơ"
        " quan tư pháp; không để xảy ra oan, sai, tiêu cực; bảo đảm thời hạn và chỉ tiêu ngành.",
        "Judiciary: professional work on time and to quality; National Assembly targets met; no wrongful or"
        " negative case handling; deadlines and sector quotas kept.",
    ),
    Text(
        "Khối đơn vị sự nghiệp công lập: hoàn thành nhiệm vụ chuyên môn được giao; tham gia bồi dưỡng; giao tiếp,"
        " phối hợp văn minh.",
        "Public service units: professional tasks completed; training attended; civil communication and cooperation.",
    ),
    Text(
        "Khối doanh nghiệp nhà nước: hoàn thành theo định mức, vị trí công việc; không để xảy ra sự cố kỹ thuật gây"
        " thiệt hại cho sản xuất, kinh doanh, sản phẩm, dịch vụ.",
        "State enterprises: work completed against norms; no technical faults harming production, business,"
        " products or services.",
    ),
    Text(
        "Khối hội quần chúng được Đảng, Nhà nước giao nhiệm vụ: công việc đúng hạn, có chất lượng; văn bản, giấy tờ"
        " được ký, ban hành; tham gia hội thảo, hoạt động chuyên môn.",
        "Mass associations with tasks from the Party and State: on-time quality work; documents signed and issued;"
        " seminars and professional activities attended.",
    ),
)

PL4 = CriteriaTemplate(
    code="qd366-pl4",
    ruleset="qd366-2025",
    framework="PL4",
    categories=("staff",),
    form="Mẫu 2B-HD KĐ.ĐG 2025",
    title=Text(
        "Khung tiêu chí đánh giá cá nhân không giữ chức vụ lãnh đạo, quản lý (Phụ lục 4)",
        "Criteria framework for individuals without a leadership post (Appendix 4)",
    ),
    scale=Scale.POINTS,
    source="366-QĐ/TW Phụ lục 4 (mục: SRC); điểm 15/10/5: đề xuất mặc định của docs/regulations/frameworks.md §1.4,"
    " không chính thức",
    groups=(
        general(
            "A1",
            "Về chính trị, phẩm chất đạo đức và ý thức tổ chức kỷ luật",
            "Politics, ethics and organisational discipline",
            binary(
                "1.1", "Bản lĩnh chính trị vững vàng, kiên định lập trường", "Firm political will and stance", "1.5"
            ),
            binary(
                "1.2",
                "Thực hiện nghiêm nguyên tắc tổ chức và hoạt động của Đảng (tập trung dân chủ, tự phê bình và phê"
                " bình); chấp hành đường lối, pháp luật; giữ kỷ luật phát ngôn, bảo vệ bí mật nhà nước",
                "Observes the Party's principles (democratic centralism, self-criticism); follows the Party line and"
                " the law; speech discipline; protects state secrets",
                "1.5",
            ),
            binary(
                "1.3",
                "Nghiên cứu, học tập, vận dụng chủ nghĩa Mác - Lênin, tư tưởng Hồ Chí Minh, văn bản của Đảng",
                "Studies and applies Marxism-Leninism, Ho Chi Minh Thought and Party documents",
                "1.5",
            ),
            binary(
                "1.4",
                "Giữ gìn đạo đức, lối sống; tham gia phòng, chống tham nhũng; không suy thoái; không vi phạm những"
                " điều đảng viên không được làm",
                "Integrity; takes part in fighting corruption; no degradation; no prohibited conduct",
                "1.5",
            ),
            binary(
                "1.5",
                "Không tham ô, tham nhũng, quan liêu, hách dịch; không để người thân lợi dụng để trục lợi",
                "No embezzlement, corruption, bureaucracy or arrogance; no relatives profiting",
                "1.5",
            ),
            binary(
                "1.6",
                "Ý thức tổ chức kỷ luật, tinh thần trách nhiệm; chấp hành sự phân công, nội quy, quy chế",
                "Discipline and responsibility; accepts assignments; follows internal rules",
                "1.5",
            ),
            binary(
                "1.7",
                "Kê khai, công khai tài sản, thu nhập theo quy định",
                "Declares assets and income as required",
                "1.5",
            ),
            binary("1.8", "Báo cáo đầy đủ, trung thực với tổ chức", "Reports fully and truthfully", "1.5"),
            binary(
                "1.9",
                "Giữ gìn đoàn kết; tham gia xây dựng tổ chức đảng, đoàn thể và hoạt động tập thể",
                "Keeps unity; helps build the party organisation, mass organisations and collective activities",
                "1.5",
            ),
            binary(
                "1.10",
                "Gần gũi cơ sở; giữ mối liên hệ với cấp uỷ và Nhân dân nơi cư trú",
                "Close to the grassroots; keeps ties with the party committee and the people where one lives",
                "1.5",
            ),
        ),
        general(
            "A2",
            "Về năng lực chuyên môn, nghiệp vụ theo vị trí việc làm; khả năng đáp ứng yêu cầu nhiệm vụ; thái độ công"
            " tác; tinh thần đổi mới, sáng tạo",
            "Professional capacity for the job position; meeting task requirements; work attitude; innovation",
            binary(
                "2.1",
                "Năng lực chuyên môn, nghiệp vụ",
                "Professional capacity",
                "3",
                children=(
                    check(
                        "a",
                        "Hiểu biết về lĩnh vực công tác, pháp luật, quy trình nghiệp vụ",
                        "Knows the field, the law and the procedures",
                    ),
                    check(
                        "b",
                        "Cập nhật kiến thức, nghiên cứu, vận dụng sáng tạo, đáp ứng yêu cầu cải cách hành chính",
                        "Updates knowledge, researches and applies it creatively; meets administrative reform needs",
                    ),
                    check("c", "Xử lý công việc độc lập, làm việc nhóm", "Works independently and in teams"),
                    check("d", "Sử dụng công nghệ thông tin", "Uses information technology"),
                ),
            ),
            binary(
                "2.2",
                "Khả năng đáp ứng yêu cầu nhiệm vụ",
                "Meeting task requirements",
                "2",
                children=(
                    check("a", "Nhiệm vụ thường xuyên", "Regular tasks"),
                    check("b", "Nhiệm vụ đột xuất", "Ad hoc tasks"),
                ),
            ),
            binary(
                "2.3",
                "Thái độ công tác",
                "Work attitude",
                "2",
                children=(
                    check(
                        "a",
                        "Trách nhiệm, tích cực, đề xuất cải tiến công việc",
                        "Responsible and active; proposes improvements",
                    ),
                    check(
                        "b",
                        "Thái độ đúng mực, lề lối làm việc chuyên nghiệp",
                        "Proper attitude, professional working style",
                    ),
                    check("c", "Phối hợp hiệu quả", "Cooperates effectively"),
                ),
            ),
            binary(
                "2.4",
                "Tinh thần đổi mới, sáng tạo",
                "Innovation and creativity",
                "3",
                children=(
                    check(
                        "a", "Có sản phẩm, giải pháp đột phá, có giá trị", "Breakthrough products or solutions of value"
                    ),
                    check(
                        "b",
                        "Sẵn sàng nhận nhiệm vụ đột xuất, phức tạp, khó khăn",
                        "Ready for ad hoc, complex and difficult tasks",
                    ),
                    check("c", "Dám chịu trách nhiệm, khắc phục sai sót", "Takes responsibility and corrects mistakes"),
                ),
            ),
        ),
        general(
            "A3",
            "Về tự phê bình và phê bình, khắc phục hạn chế, khuyết điểm",
            "Self-criticism and criticism, remedy of shortcomings",
            binary("3.1", SELF_CRITICISM_VI, SELF_CRITICISM_EN, "5"),
        ),
        computed_tasks("B", TASK_GROUP_VI, TASK_GROUP_EN, PL4_TASK_BLOCS),
    ),
)

PL5 = CriteriaTemplate(
    code="qd366-pl5",
    ruleset="qd366-2025",
    framework="PL5",
    categories=("member_outside",),
    form="Mẫu 2C-HD KĐ.ĐG 2025",
    title=Text(
        "Khung tiêu chí đánh giá đảng viên không làm việc trong hệ thống chính trị (Phụ lục 5)",
        "Criteria framework for party members not working in the political system (Appendix 5)",
    ),
    scale=Scale.POINTS,
    source="366-QĐ/TW Phụ lục 5 (mục: SRC); điểm 24/6 và 30/20/20: đề xuất mặc định của"
    " docs/regulations/frameworks.md §1.5,"
    " không chính thức",
    groups=(
        general(
            "A1",
            "Về phẩm chất chính trị, đạo đức, lối sống và ý thức tổ chức kỷ luật",
            "Political quality, ethics, lifestyle and organisational discipline",
            binary(
                "1.1",
                "Bản lĩnh chính trị vững vàng; chấp hành đường lối của Đảng, pháp luật của Nhà nước và quy định nơi"
                " làm việc, học tập, cư trú",
                "Firm political stance; follows the Party line, the law and the rules where one works, studies and"
                " lives",
                "8",
            ),
            binary(
                "1.2",
                "Giữ gìn đạo đức, lối sống lành mạnh, trung thực; không vi phạm những điều đảng viên không được làm"
                " và quy ước nơi cư trú",
                "Good ethics and an honest life; no prohibited conduct, no breach of the rules where one lives",
                "8",
            ),
            binary(
                "1.3",
                "Chấp hành nguyên tắc tổ chức và sinh hoạt đảng, nghiêm túc tự phê bình và phê bình; có trách nhiệm"
                " xây dựng chi bộ, đoàn kết nội bộ; quan hệ tốt với Nhân dân nơi công tác và cư trú",
                "Observes party organisation and activity principles, serious self-criticism; helps build the cell"
                " and its unity; good relations with the people where one is active and lives",
                "8",
            ),
        ),
        general(
            "A2",
            "Về tự phê bình và phê bình, khắc phục hạn chế, khuyết điểm",
            "Self-criticism and criticism, remedy of shortcomings",
            binary("2.1", SELF_CRITICISM_VI, SELF_CRITICISM_EN, "6"),
        ),
        tasks(
            "B",
            TASK_GROUP_VI,
            TASK_GROUP_EN,
            graded(
                "B.1",
                "Thực hiện đầy đủ quyền và nghĩa vụ đảng viên; hoàn thành nhiệm vụ chính trị được cấp uỷ, chi bộ"
                " phân công",
                "Exercises a member's rights and duties; completes the political tasks the committee or cell assigns",
                "30",
            ),
            graded(
                "B.2",
                "Tham gia học tập nghị quyết, văn bản chỉ đạo; phát huy vai trò, tích cực phát biểu xây dựng chi bộ",
                "Attends the study of resolutions and directives; contributes actively in cell meetings",
                "20",
            ),
            graded(
                "B.3",
                "Hoàn thành nhiệm vụ đột xuất; tham gia hoạt động do chi bộ và tổ chức ở địa phương phát động, phù"
                " hợp sức khoẻ, độ tuổi",
                "Completes ad hoc tasks; takes part in activities launched by the cell and local organisations, as"
                " health and age allow",
                "20",
            ),
        ),
    ),
)
