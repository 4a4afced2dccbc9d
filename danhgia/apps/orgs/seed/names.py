"""Vietnamese full names (family, middle, given), NFC, with realistic frequencies.

Family-name shares follow the usual estimates (Nguyễn ≈ 38 %, Trần ≈ 11 %, Lê ≈ 9.5 %, Phạm ≈ 7 % …);
from Quảng Nam southwards Hoàng is mostly Huỳnh and Vũ mostly Võ. Older people carry the middle names
Văn and Thị more often than younger ones.
"""

from __future__ import annotations

import unicodedata

import numpy as np

from danhgia.apps.orgs.seed.geography import Province


def _weighted(spec: str) -> tuple[np.ndarray, np.ndarray]:
    """'Nguyễn:38.4 Trần:11' → (names, probabilities); a bare name weighs 1."""
    names, weights = [], []
    for item in spec.split():
        name, _, weight = item.partition(":")
        names.append(unicodedata.normalize("NFC", name.replace("_", " ")))
        weights.append(float(weight or 1))
    p = np.array(weights)
    return np.array(names, dtype=object), p / p.sum()


FAMILY, FAMILY_P = _weighted(
    "Nguyễn:38.4 Trần:11 Lê:9.5 Phạm:7.1 Hoàng:5.1 Phan:4.5 Vũ:3.9 Đặng:2.1 Bùi:2 Đỗ:1.4 Hồ:1.3 Ngô:1.3 "
    "Dương:1 Lý:0.5 Đào:0.6 Đoàn:0.6 Đinh:0.5 Trịnh:0.5 Trương:0.5 Lâm:0.4 Lương:0.4 Mai:0.4 Cao:0.4 Hà:0.4 "
    "Tạ:0.3 Phùng:0.3 Chu:0.3 Tô:0.3 Lưu:0.3 Vương:0.2 Triệu:0.2 Quách:0.2 Kiều:0.2 Thái:0.2 "
    "Lục:0.1 La:0.1 Khúc:0.1 Từ:0.1"
)
# Family names of the Thái, Tày and Nùng peoples in the northern uplands: (names, share of the people there).
NORTHWEST = (*_weighted("Lò:3 Cầm:1 Quàng:1 Lường:2 Vì:1 Hà:2 Tòng:1"), 0.2)
NORTHEAST = (*_weighted("Nông:3 Hoàng:2 Triệu:1 Lục:1 Đàm:1 Mã:1 La:1 Hà:1"), 0.15)
UPLAND_FAMILY = {"Lai Châu": NORTHWEST, "Điện Biên": NORTHWEST, "Sơn La": NORTHWEST} | {
    name: NORTHEAST for name in ("Cao Bằng", "Lạng Sơn", "Tuyên Quang", "Thái Nguyên", "Lào Cai")
}
SOUTHERN_VARIANT = {"Hoàng": ("Huỳnh", 0.8), "Vũ": ("Võ", 0.8)}
NORTHERN_VARIANT = {"Hoàng": ("Huỳnh", 0.05), "Vũ": ("Võ", 0.1)}

MALE_MIDDLE, MALE_MIDDLE_P = _weighted(
    "Hữu:5 Đức:6 Minh:7 Quang:5 Công:4 Thành:3 Xuân:3 Ngọc:2 Đình:4 Trọng:3 Thanh:4 Tuấn:2 Hoàng:2 Anh:2 "
    "Gia:1 Quốc:3 Bá:2 Duy:2 Mạnh:2 Tiến:2 Việt:2 Hải:2 Trung:2 Khắc:1 Huy:2"
)
FEMALE_MIDDLE, FEMALE_MIDDLE_P = _weighted(
    "Thu:5 Ngọc:6 Thanh:6 Minh:3 Kim:4 Thùy:3 Phương:3 Hồng:4 Mai:2 Bích:3 Lan:2 Hoài:2 Diệu:1 Mỹ:2 Khánh:2 "
    "Hải:2 Quỳnh:2 Thúy:3 Hương:2 Bảo:1 Hà:2"
)
SECOND_MIDDLE, SECOND_MIDDLE_P = _weighted("Thu:3 Ngọc:3 Thanh:3 Kim:2 Minh:2 Hồng:2 Thúy:1 Mai:1")

MALE_GIVEN, MALE_GIVEN_P = _weighted(
    "Anh:5 Bảo:2 Bình:4 Cường:4 Dũng:6 Dương:2 Đạt:4 Đông:2 Đức:4 Hải:6 Hào:1 Hiếu:4 Hòa:4 Hoàng:3 Hùng:6 "
    "Huy:5 Hưng:4 Khang:1 Khánh:3 Khoa:2 Kiên:2 Lâm:2 Long:5 Lộc:2 Mạnh:3 Minh:7 Nam:6 Nghĩa:3 Nhân:2 "
    "Phong:3 Phúc:3 Quân:4 Quang:4 Sơn:6 Tài:2 Tâm:3 Thắng:5 Thành:6 Thiện:2 Thịnh:3 Toàn:3 Trung:5 "
    "Tuấn:7 Tùng:4 Việt:3 Vinh:4 Vũ:2 Hiệp:2 Lực:1 Tiến:4 Trường:3 Chiến:3 Hậu:2 Phương:2 Thái:2 Bảy:1 "
    "Tư:1 Sáu:1 Lợi:2 Thọ:1 Khải:1 Định:2 Hoan:1 Luận:1"
)
FEMALE_GIVEN, FEMALE_GIVEN_P = _weighted(
    "An:3 Anh:6 Bích:2 Châu:2 Chi:3 Dung:5 Duyên:3 Giang:4 Hà:6 Hạnh:5 Hằng:6 Hiền:5 Hoa:5 Hồng:4 Huệ:3 "
    "Hương:7 Hường:3 Lan:6 Liên:3 Linh:7 Loan:4 Mai:5 My:2 Nga:5 Ngân:3 Ngọc:4 Nhung:4 Oanh:3 Phương:5 "
    "Quyên:2 Quỳnh:4 Tâm:3 Thảo:6 Thanh:4 Thủy:6 Thư:3 Trang:7 Trinh:2 Uyên:2 Vân:4 Xuân:3 Yến:5 Thoa:2 "
    "Tuyết:2 Lý:1 Nhàn:2 Liễu:1 Huyền:5 Lệ:2 Diệp:1 Ánh:2 Hảo:1 Thắm:2"
)


def family_names(rng: np.random.Generator, size: int, *, province: Province) -> np.ndarray:
    family = rng.choice(FAMILY, size=size, p=FAMILY_P)
    variants = SOUTHERN_VARIANT if province.southern_names else NORTHERN_VARIANT
    draw = rng.random(size)
    for name, (variant, share) in variants.items():
        family[(family == name) & (draw < share)] = variant
    if province.name in UPLAND_FAMILY:
        names, p, share = UPLAND_FAMILY[province.name]
        upland = rng.random(size) < share
        family[upland] = rng.choice(names, size=int(upland.sum()), p=p)
    return family


def full_names(
    rng: np.random.Generator, *, female: np.ndarray, birth_year: np.ndarray, province: Province
) -> list[str]:
    """One full name per person; `female` and `birth_year` are arrays of the same length."""
    size = len(female)
    family = family_names(rng, size, province=province)
    # Văn / Thị: ≈ 75 % / 85 % of those born in 1955, ≈ 30 % / 35 % of those born in 2003.
    age_share = np.clip((2003 - birth_year) / 48, 0, 1)
    classic = rng.random(size) < np.where(female, 0.35 + 0.5 * age_share, 0.3 + 0.45 * age_share)
    middle = np.where(
        female,
        rng.choice(FEMALE_MIDDLE, size=size, p=FEMALE_MIDDLE_P),
        rng.choice(MALE_MIDDLE, size=size, p=MALE_MIDDLE_P),
    )
    middle[classic] = np.where(female[classic], "Thị", "Văn")
    given = np.where(
        female,
        rng.choice(FEMALE_GIVEN, size=size, p=FEMALE_GIVEN_P),
        rng.choice(MALE_GIVEN, size=size, p=MALE_GIVEN_P),
    )
    clash = middle == given
    middle[clash] = np.where(female[clash], "Thị", "Văn")
    # "Nguyễn Thị Thu Hà": some women with Thị carry a second middle name.
    second = (middle == "Thị") & (rng.random(size) < 0.15)
    extra = rng.choice(SECOND_MIDDLE, size=int(second.sum()), p=SECOND_MIDDLE_P)
    clash = extra == given[second]
    extra[clash] = "Thu"
    middle[second] = np.array([f"Thị {e}" for e in extra], dtype=object)
    return [f"{f} {m} {g}" for f, m, g in zip(family.tolist(), middle.tolist(), given.tolist(), strict=True)]
