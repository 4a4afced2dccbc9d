"""Kinds of agencies the generator creates: their titles, sizes, shares of women and party members.

Provincial departments follow the 2025 structure (13–14 departments per province); public-service units
(schools, hospitals, health centres, other centres) carry most of the civil servants and public employees.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class AgencyType:
    key: str
    head: str  # title of the head (Post role head)
    deputy: str
    manager: str  # a management post below the deputies ("Trưởng phòng"), "" for none
    staff_titles: tuple[str, ...]
    collective: str  # the leadership collective is named "<collective> <agency name>"
    staff: tuple[int, int]  # staff drawn uniformly in [low, high]
    party_share: float  # expected share of party members among the staff
    female_share: float
    divisions: tuple[str, ...] = ()  # names of the party cells of a big agency ("Chi bộ <division>")


def _type(
    key: str,
    head: str,
    deputy: str,
    manager: str,
    staff_titles: str,
    collective: str,
    *,
    staff: tuple[int, int],
    party_share: float,
    female_share: float,
    divisions: tuple[str, ...] = (),
) -> AgencyType:
    titles = tuple(_nfc(t.strip()) for t in staff_titles.split("|"))
    return AgencyType(
        key,
        _nfc(head),
        _nfc(deputy),
        _nfc(manager),
        titles,
        _nfc(collective),
        staff,
        party_share,
        female_share,
        divisions,
    )


OFFICE_DIVISIONS = ("Văn phòng", "Phòng Tổ chức cán bộ", "Phòng Kế hoạch - Tài chính", "Thanh tra", "Phòng Nghiệp vụ")
HOSPITAL_DIVISIONS = (
    "Khoa Nội",
    "Khoa Ngoại",
    "Khoa Sản",
    "Khoa Nhi",
    "Khoa Hồi sức cấp cứu",
    "Khoa Xét nghiệm",
    "Khoa Chẩn đoán hình ảnh",
    "Khoa Dược",
    "Phòng Kế hoạch tổng hợp",
    "Phòng Điều dưỡng",
    "Phòng Hành chính - Quản trị",
)
SCHOOL_DIVISIONS = ("Tổ Khoa học tự nhiên", "Tổ Khoa học xã hội", "Tổ Ngoại ngữ", "Tổ Văn phòng")

TYPES = {
    t.key: t
    for t in (
        _type(
            "party_office",
            "Chánh Văn phòng",
            "Phó Chánh Văn phòng",
            "Trưởng phòng",
            "Chuyên viên|Chuyên viên chính|Cán sự",
            "Lãnh đạo",
            staff=(40, 70),
            party_share=0.95,
            female_share=0.4,
        ),
        _type(
            "organising",
            "Trưởng Ban",
            "Phó Trưởng Ban",
            "Trưởng phòng",
            "Chuyên viên|Chuyên viên chính",
            "Lãnh đạo",
            staff=(25, 40),
            party_share=0.97,
            female_share=0.4,
        ),
        _type(
            "inspection",
            "Chủ nhiệm",
            "Phó Chủ nhiệm",
            "Trưởng phòng",
            "Kiểm tra viên|Kiểm tra viên chính",
            "Lãnh đạo",
            staff=(25, 40),
            party_share=0.97,
            female_share=0.35,
        ),
        _type(
            "propaganda",
            "Trưởng Ban",
            "Phó Trưởng Ban",
            "Trưởng phòng",
            "Chuyên viên|Chuyên viên chính",
            "Lãnh đạo",
            staff=(25, 45),
            party_share=0.95,
            female_share=0.45,
        ),
        _type(
            "political_school",
            "Hiệu trưởng",
            "Phó Hiệu trưởng",
            "Trưởng khoa",
            "Giảng viên|Giảng viên chính|Chuyên viên",
            "Ban Giám hiệu",
            staff=(40, 70),
            party_share=0.9,
            female_share=0.5,
        ),
        _type(
            "people_committee",
            "Chủ tịch",
            "Phó Chủ tịch",
            "Trưởng phòng",
            "Chuyên viên|Chuyên viên chính|Cán sự",
            "Tập thể lãnh đạo",
            staff=(50, 90),
            party_share=0.85,
            female_share=0.4,
            divisions=OFFICE_DIVISIONS,
        ),
        _type(
            "department",
            "Giám đốc",
            "Phó Giám đốc",
            "Trưởng phòng",
            "Chuyên viên|Chuyên viên chính|Cán sự|Kế toán",
            "Ban Giám đốc",
            staff=(50, 130),
            party_share=0.75,
            female_share=0.45,
            divisions=OFFICE_DIVISIONS,
        ),
        _type(
            "inspectorate",
            "Chánh Thanh tra",
            "Phó Chánh Thanh tra",
            "Trưởng phòng",
            "Thanh tra viên|Thanh tra viên chính",
            "Lãnh đạo",
            staff=(40, 80),
            party_share=0.85,
            female_share=0.35,
            divisions=OFFICE_DIVISIONS,
        ),
        _type(
            "high_school",
            "Hiệu trưởng",
            "Phó Hiệu trưởng",
            "Tổ trưởng chuyên môn",
            "Giáo viên|Giáo viên|Giáo viên|Nhân viên",
            "Ban Giám hiệu",
            staff=(50, 110),
            party_share=0.5,
            female_share=0.68,
            divisions=SCHOOL_DIVISIONS,
        ),
        _type(
            "hospital",
            "Giám đốc",
            "Phó Giám đốc",
            "Trưởng khoa",
            "Bác sĩ|Điều dưỡng|Điều dưỡng|Dược sĩ|Kỹ thuật viên",
            "Ban Giám đốc",
            staff=(300, 1200),
            party_share=0.35,
            female_share=0.62,
            divisions=HOSPITAL_DIVISIONS,
        ),
        _type(
            "health_centre",
            "Giám đốc",
            "Phó Giám đốc",
            "Trưởng khoa",
            "Bác sĩ|Y sĩ|Điều dưỡng|Nữ hộ sinh|Dược sĩ",
            "Ban Giám đốc",
            staff=(120, 350),
            party_share=0.4,
            female_share=0.62,
            divisions=HOSPITAL_DIVISIONS,
        ),
        _type(
            "centre",
            "Giám đốc",
            "Phó Giám đốc",
            "Trưởng phòng",
            "Viên chức|Chuyên viên|Kỹ sư",
            "Ban Giám đốc",
            staff=(20, 80),
            party_share=0.6,
            female_share=0.45,
        ),
        _type(
            "commune_committee",
            "Chủ tịch",
            "Phó Chủ tịch",
            "Trưởng phòng",
            "Công chức Văn phòng - Thống kê|Công chức Tư pháp - Hộ tịch|Công chức Tài chính - Kế toán|"
            "Công chức Địa chính - Xây dựng|Công chức Văn hóa - Xã hội|Chuyên viên",
            "Tập thể lãnh đạo",
            staff=(25, 45),
            party_share=0.85,
            female_share=0.38,
        ),
        _type(
            "preschool",
            "Hiệu trưởng",
            "Phó Hiệu trưởng",
            "",
            "Giáo viên|Giáo viên|Nhân viên",
            "Ban Giám hiệu",
            staff=(15, 35),
            party_share=0.45,
            female_share=0.95,
        ),
        _type(
            "primary_school",
            "Hiệu trưởng",
            "Phó Hiệu trưởng",
            "Tổ trưởng chuyên môn",
            "Giáo viên|Giáo viên|Nhân viên",
            "Ban Giám hiệu",
            staff=(20, 45),
            party_share=0.5,
            female_share=0.78,
        ),
        _type(
            "lower_secondary",
            "Hiệu trưởng",
            "Phó Hiệu trưởng",
            "Tổ trưởng chuyên môn",
            "Giáo viên|Giáo viên|Nhân viên",
            "Ban Giám hiệu",
            staff=(20, 45),
            party_share=0.55,
            female_share=0.7,
        ),
        _type(
            "health_station",
            "Trưởng Trạm",
            "Phó Trưởng Trạm",
            "",
            "Y sĩ|Điều dưỡng|Nữ hộ sinh",
            "Lãnh đạo",
            staff=(8, 14),
            party_share=0.6,
            female_share=0.6,
        ),
    )
}

# The provincial party agencies (under the provincial committee) and the departments.
PARTY_AGENCIES = (
    ("party_office", "Văn phòng {committee}"),
    ("organising", "Ban Tổ chức {committee}"),
    ("inspection", "Ủy ban Kiểm tra {committee}"),
    ("propaganda", "Ban Tuyên giáo và Dân vận {committee}"),
    ("political_school", "Trường Chính trị {province}"),
)
DEPARTMENTS = (
    ("department", "Sở Nội vụ"),
    ("department", "Sở Tài chính"),
    ("department", "Sở Tư pháp"),
    ("department", "Sở Công Thương"),
    ("department", "Sở Xây dựng"),
    ("department", "Sở Nông nghiệp và Môi trường"),
    ("department", "Sở Giáo dục và Đào tạo"),
    ("department", "Sở Y tế"),
    ("department", "Sở Văn hóa, Thể thao và Du lịch"),
    ("department", "Sở Khoa học và Công nghệ"),
    ("department", "Sở Dân tộc và Tôn giáo"),
    ("inspectorate", "Thanh tra"),
)
# Public-service units under departments: (type, department index, name pattern, share of the units drawn).
PUBLIC_UNITS = (
    ("high_school", 6, "Trường Trung học phổ thông {place}", 0.50),
    ("health_centre", 7, "Trung tâm Y tế khu vực {place}", 0.12),
    ("hospital", 7, "Bệnh viện Đa khoa khu vực {place}", 0.05),
    ("centre", 5, "Trung tâm Dịch vụ nông nghiệp {place}", 0.08),
    ("centre", 8, "Trung tâm Văn hóa - Thể thao {place}", 0.06),
    ("centre", 4, "Trung tâm Quy hoạch xây dựng {place}", 0.04),
    ("centre", 0, "Trung tâm Phục vụ hành chính công {place}", 0.08),
    ("centre", 2, "Trung tâm Trợ giúp pháp lý {place}", 0.03),
    ("centre", 1, "Trung tâm Tin học - Thống kê {place}", 0.04),
)
# The commune's People's Committee and the public-service units under it.
COMMUNE_AGENCIES = (
    ("commune_committee", "Ủy ban nhân dân {commune}"),
    ("preschool", "Trường Mầm non {name}"),
    ("primary_school", "Trường Tiểu học {name}"),
    ("lower_secondary", "Trường Trung học cơ sở {name}"),
    ("health_station", "Trạm Y tế {commune}"),
)
