"""The wording of the official forms the Word exports follow. Official forms are Vietnamese documents, so
their text is data here, not translated interface (like the rule sets' `vi` texts).

Sources: docs/regulations/frameworks.md §3 (43-HD/BTCTW of 31 Oct 2025: Mẫu 01, 2A, 2B, 2C — SRC skeletons; 2A numbering
and the closing boxes UNCONFIRMED) and §2.4 (Decree 335/2025: Mẫu số 01, 02 — IMPL, layout UNCONFIRMED).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

LEVEL_NAMES = {
    "L1": "Hoàn thành xuất sắc nhiệm vụ",
    "L2": "Hoàn thành tốt nhiệm vụ",
    "L3": "Hoàn thành nhiệm vụ",
    "L4": "Không hoàn thành nhiệm vụ",
}
PARTY_MOTTO = "ĐẢNG CỘNG SẢN VIỆT NAM"
STATE_MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
PARTY_ORGANISATIONS = {
    "party_committee": "ĐẢNG BỘ",
    "grassroots_committee": "ĐẢNG BỘ",
    "grassroots_cell": "CHI BỘ",
    "cell": "CHI BỘ",
}


@dataclass(frozen=True)
class Section:
    heading: str
    items: tuple[str, ...] = ()
    answer: str = ""  # the self-review text field that fills it (answers["text"][…])


@dataclass(frozen=True)
class FormLayout:
    code: str  # printed at the top right
    title: str
    subtitle: str
    framework: str  # the criteria framework the scores follow
    collective: bool
    sections: tuple[Section, ...]
    signature: str


_REMEDY = Section(
    "III. Kết quả khắc phục những hạn chế, khuyết điểm đã được cấp có thẩm quyền kết luận hoặc được chỉ ra ở các "
    "kỳ kiểm điểm trước",
    answer="remedies",
)
_EXPLAIN = Section("IV. Giải trình những vấn đề được gợi ý kiểm điểm (nếu có)")
_DIRECTION = Section("VI. Phương hướng, biện pháp khắc phục hạn chế, khuyết điểm")
_WEAKNESSES = Section(
    "II. Hạn chế, khuyết điểm và nguyên nhân",
    ("1. Hạn chế, khuyết điểm", "2. Nguyên nhân của hạn chế, khuyết điểm"),
    answer="weaknesses",
)
_PERSONAL_CONDUCT = (
    "1. Về phẩm chất chính trị, đạo đức, lối sống; ý thức tổ chức kỷ luật; tinh thần đoàn kết; trách nhiệm nêu "
    "gương; việc thực hiện những điều đảng viên không được làm; tác phong, lề lối làm việc"
)
_COMMITMENT = "3. Việc thực hiện cam kết tu dưỡng, rèn luyện, phấn đấu hằng năm"
_RESPONSIBILITY = Section("V. Làm rõ trách nhiệm của cá nhân đối với hạn chế, khuyết điểm của tập thể (nếu có)")


def _individual(code: str, subtitle: str, framework: str, duties: str) -> FormLayout:
    return FormLayout(
        code=code,
        title="BẢN KIỂM ĐIỂM, TỰ ĐÁNH GIÁ, XẾP LOẠI CÁ NHÂN",
        subtitle=subtitle,
        framework=framework,
        collective=False,
        sections=(
            Section("I. Ưu điểm, kết quả đạt được", (_PERSONAL_CONDUCT, duties, _COMMITMENT), answer="strengths"),
            _WEAKNESSES,
            _REMEDY,
            _EXPLAIN,
            _RESPONSIBILITY,
            _DIRECTION,
        ),
        signature="NGƯỜI TỰ KIỂM ĐIỂM",
    )


FORM_2A = _individual(
    "Mẫu 2A-HD KĐ.ĐG 2025",
    "(Dùng cho cán bộ lãnh đạo, quản lý)",
    "Phụ lục 3",
    "2. Về thực hiện chức trách, nhiệm vụ, quyền hạn được giao (công tác đảng, chính quyền, đoàn thể); kết quả "
    "lãnh đạo, chỉ đạo, điều hành; mức độ hoàn thành nhiệm vụ của cấp ủy, cơ quan, đơn vị được giao phụ trách",
)
FORM_2B = _individual(
    "Mẫu 2B-HD KĐ.ĐG 2025",
    "(Dùng cho cá nhân không giữ chức vụ lãnh đạo, quản lý)",
    "Phụ lục 4",
    "2. Về thực hiện chức trách, nhiệm vụ, quyền hạn được giao và kết quả thực hiện chỉ tiêu, nhiệm vụ trong năm "
    "gắn với hiệu quả, tiến độ, chất lượng",
)
FORM_2C = _individual(
    "Mẫu 2C-HD KĐ.ĐG 2025",
    "(Đảng viên không làm việc trong hệ thống chính trị)",
    "Phụ lục 5",
    "2. Về thực hiện quyền và nghĩa vụ đảng viên theo nhiệm vụ chính trị được cấp ủy, chi bộ phân công",
)
FORM_01 = FormLayout(
    code="Mẫu 01-HD KĐ.ĐG 2025",
    title="BÁO CÁO KIỂM ĐIỂM, TỰ ĐÁNH GIÁ, XẾP LOẠI CỦA TẬP THỂ",
    subtitle="",
    framework="Phụ lục 1",
    collective=True,
    sections=(
        Section(
            "I. Ưu điểm, kết quả đạt được",
            (
                "1. Việc chấp hành nguyên tắc tổ chức và hoạt động của Đảng, nguyên tắc tập trung dân chủ, quy chế làm "
                "việc",
                "2. Kết quả thực hiện các chỉ tiêu nghị quyết đại hội, kế hoạch công tác năm, nhiệm vụ được giao và "
                "nhiệm vụ đột xuất",
                "3. Công tác xây dựng Đảng và hệ thống chính trị; tinh gọn bộ máy; phòng, chống tham nhũng, lãng phí, "
                "tiêu cực; kiểm tra, giám sát, kỷ luật đảng",
                "4. Trách nhiệm của tập thể lãnh đạo, quản lý trong việc thực hiện chủ trương, đường lối của Đảng và "
                "nhiệm vụ chính trị của cơ quan, đơn vị",
            ),
            answer="strengths",
        ),
        _WEAKNESSES,
        _REMEDY,
        _EXPLAIN,
        Section("V. Trách nhiệm của tập thể, cá nhân đối với hạn chế, khuyết điểm"),
        _DIRECTION,
    ),
    signature="T/M",
)
PARTY_FORMS = {
    "leader_central": FORM_2A,
    "leader": FORM_2A,
    "staff": FORM_2B,
    "member_outside": FORM_2C,
}

# Decree 335/2025, Mẫu số 01: the general criteria (30 points), docs/regulations/frameworks.md §2.1 (split IMPL-5).
DECREE_335_GENERAL: tuple[tuple[str, str, Decimal], ...] = (
    (
        "I",
        "Phẩm chất chính trị, phẩm chất đạo đức, văn hóa thực thi công vụ và ý thức kỷ luật, kỷ cương",
        Decimal(10),
    ),
    ("1", "Phẩm chất chính trị, phẩm chất đạo đức, văn hóa thực thi công vụ", Decimal(5)),
    ("2", "Ý thức kỷ luật, kỷ cương trong thực thi công vụ", Decimal(5)),
    (
        "II",
        "Năng lực chuyên môn, khả năng đáp ứng, tinh thần trách nhiệm, thái độ phục vụ người dân, doanh nghiệp và "
        "phối hợp",
        Decimal(10),
    ),
    ("1", "Năng lực chuyên môn, nghiệp vụ theo yêu cầu của vị trí việc làm", Decimal("2.5")),
    ("2", "Khả năng đáp ứng yêu cầu thực thi nhiệm vụ được giao", Decimal("2.5")),
    ("3", "Tinh thần trách nhiệm trong thực thi công vụ", Decimal("2.5")),
    ("4", "Thái độ phục vụ người dân, doanh nghiệp và khả năng phối hợp với đồng nghiệp", Decimal("2.5")),
    ("III", "Năng lực đổi mới, sáng tạo, dám nghĩ, dám làm, dám chịu trách nhiệm vì lợi ích chung", Decimal(10)),
    ("1", "Có sản phẩm, giải pháp đột phá, sáng tạo có giá trị thiết thực", Decimal("2.5")),
    ("2", "Sẵn sàng nhận nhiệm vụ chính trị đặc biệt quan trọng, đột xuất, phức tạp, khó khăn", Decimal("2.5")),
    ("3", "Chịu trách nhiệm trước kết quả; nhận trách nhiệm và khắc phục sai sót", Decimal("2.5")),
    ("4", "Chủ động quyết định trong phạm vi thẩm quyền, không né tránh; tiên phong nhiệm vụ mới", Decimal("2.5")),
)
