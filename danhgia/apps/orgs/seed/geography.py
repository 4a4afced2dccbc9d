"""The 34 provincial units after the 1 July 2025 merger, and plausible Vietnamese place names.

Commune counts per province are those of the 2025 resolutions (they total 3,321); ward counts are
approximate (chosen to total 672, the national figure); the 13 special zones are the real ones.
`code` is the two-digit administrative code of the province whose name was kept; `former` lists the
codes of the provinces merged into it (national IDs of people born there start with those codes).
Populations (millions) are rounded and only weight the synthetic data.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

NORTH, CENTRAL, HIGHLANDS, SOUTH = "north", "central", "highlands", "south"


@dataclass(frozen=True)
class Province:
    name: str
    code: int
    is_city: bool
    communes: int  # commune-level units in total: communes + wards + special zones
    wards: int
    special_zones: tuple[str, ...]
    population: float
    region: str
    former: tuple[int, ...] = ()
    northwest: bool = False  # villages are "bản"

    @property
    def label(self) -> str:
        """'tỉnh Bắc Ninh', 'thành phố Hà Nội', 'Thành phố Hồ Chí Minh' (as in unit names)."""
        if self.name.startswith("Thành phố"):
            return self.name
        return f"{'thành phố' if self.is_city else 'tỉnh'} {self.name}"

    @property
    def committee_word(self) -> str:
        """Tỉnh ủy or Thành ủy (the provincial party committee)."""
        return "Thành ủy" if self.is_city else "Tỉnh ủy"

    @property
    def short(self) -> str:
        return self.name.removeprefix("Thành phố ")

    @property
    def id_prefixes(self) -> tuple[int, ...]:
        return (self.code, *self.former)

    @property
    def southern_names(self) -> bool:
        """Huỳnh and Võ rather than Hoàng and Vũ (from Quảng Nam southwards)."""
        return self.region in (SOUTH, HIGHLANDS) or self.code in (48, 51, 56)


PROVINCES: tuple[Province, ...] = (
    Province("Hà Nội", 1, True, 126, 51, (), 8.7, NORTH),
    Province("Huế", 46, True, 40, 21, (), 1.4, CENTRAL),
    Province("Lai Châu", 12, False, 38, 2, (), 0.5, NORTH, northwest=True),
    Province("Điện Biên", 11, False, 45, 3, (), 0.65, NORTH, northwest=True),
    Province("Sơn La", 14, False, 75, 8, (), 1.3, NORTH, northwest=True),
    Province("Lạng Sơn", 20, False, 65, 4, (), 0.8, NORTH),
    Province("Quảng Ninh", 22, False, 54, 30, ("Vân Đồn", "Cô Tô"), 1.4, NORTH),
    Province("Thanh Hóa", 38, False, 166, 19, (), 3.8, CENTRAL),
    Province("Nghệ An", 40, False, 130, 11, (), 3.5, CENTRAL),
    Province("Hà Tĩnh", 42, False, 69, 9, (), 1.6, CENTRAL),
    Province("Cao Bằng", 4, False, 56, 3, (), 0.55, NORTH),
    Province("Tuyên Quang", 8, False, 124, 7, (), 1.9, NORTH, (2,)),
    Province("Lào Cai", 10, False, 99, 10, (), 1.8, NORTH, (15,)),
    Province("Thái Nguyên", 19, False, 92, 15, (), 1.8, NORTH, (6,)),
    Province("Phú Thọ", 25, False, 148, 15, (), 4.0, NORTH, (26, 17)),
    Province("Bắc Ninh", 27, False, 99, 33, (), 3.6, NORTH, (24,)),
    Province("Hưng Yên", 33, False, 104, 11, (), 3.6, NORTH, (34,)),
    Province("Hải Phòng", 31, True, 114, 45, ("Cát Hải", "Bạch Long Vĩ"), 4.7, NORTH, (30,)),
    Province("Ninh Bình", 37, False, 129, 32, (), 4.4, NORTH, (35, 36)),
    Province("Quảng Trị", 45, False, 78, 9, ("Cồn Cỏ",), 1.9, CENTRAL, (44,)),
    Province("Đà Nẵng", 48, True, 94, 23, ("Hoàng Sa",), 3.1, CENTRAL, (49,)),
    Province("Quảng Ngãi", 51, False, 96, 9, ("Lý Sơn",), 1.9, CENTRAL, (62,)),
    Province("Gia Lai", 64, False, 135, 25, (), 3.6, HIGHLANDS, (52,)),
    Province("Khánh Hòa", 56, False, 65, 16, ("Trường Sa",), 2.2, CENTRAL, (58,)),
    Province("Lâm Đồng", 68, False, 124, 17, ("Phú Quý",), 3.9, HIGHLANDS, (67, 60)),
    Province("Đắk Lắk", 66, False, 102, 14, (), 3.3, HIGHLANDS, (54,)),
    Province("Thành phố Hồ Chí Minh", 79, True, 168, 113, ("Côn Đảo",), 14.0, SOUTH, (74, 77)),
    Province("Đồng Nai", 75, False, 95, 20, (), 4.5, SOUTH, (70,)),
    Province("Tây Ninh", 72, False, 96, 12, (), 3.3, SOUTH, (80,)),
    Province("Cần Thơ", 92, True, 103, 31, (), 4.2, SOUTH, (94, 93)),
    Province("Vĩnh Long", 86, False, 124, 15, (), 4.3, SOUTH, (83, 84)),
    Province("Đồng Tháp", 87, False, 102, 16, (), 4.4, SOUTH, (82,)),
    Province("Cà Mau", 96, False, 64, 9, (), 2.6, SOUTH, (95,)),
    Province("An Giang", 89, False, 102, 14, ("Phú Quốc", "Kiên Hải", "Thổ Châu"), 5.0, SOUTH, (91,)),
)

# Party members per inhabitant are higher in the north than in the south.
PARTY_DENSITY = {NORTH: 1.3, CENTRAL: 1.15, HIGHLANDS: 0.9, SOUTH: 0.7}

REORGANISATION_PROVINCE = "Bắc Ninh"  # the `province` and `demo` scales


def province_named(name: str) -> Province:
    return next(p for p in PROVINCES if p.name == name)


def _nfc(words: str) -> tuple[str, ...]:
    return tuple(unicodedata.normalize("NFC", w) for w in words.split())


# Sino-Vietnamese syllables that make up most commune, ward and village names ("Tân Phú", "An Bình").
PLACE_SYLLABLES = _nfc(
    "An Bình Hòa Tân Phú Thạnh Long Thuận Hưng Đông Tây Nam Bắc Trung Phước Lộc Thành Quang Minh Mỹ Vĩnh "
    "Hiệp Đức Xuân Hải Sơn Thủy Lâm Thịnh Yên Phong Lợi Nghĩa Khánh Định Kim Ngọc Hồng Việt Quý Thái Hà "
    "Cát Tiên Hậu Lạc Thượng Hạ Phúc Vân Tường Liên Hoàng Gia Cẩm Đại Châu Trường Mai Tiến Hợp Chánh"
)


def place_names(rng: np.random.Generator, count: int) -> list[str]:
    """`count` distinct two-syllable place names ("Tân Phú", "Hòa Bình")."""
    n = len(PLACE_SYLLABLES)
    pairs = rng.choice(n * (n - 1), size=count, replace=False)
    first, second = pairs // (n - 1), pairs % (n - 1)
    second = second + (second >= first)  # never the same syllable twice
    return [f"{PLACE_SYLLABLES[a]} {PLACE_SYLLABLES[b]}" for a, b in zip(first.tolist(), second.tolist(), strict=True)]


def commune_kinds(province: Province, rng: np.random.Generator) -> list[str]:
    """'Xã', 'Phường' or 'Đặc khu' for each commune-level unit, wards first, special zones last."""
    communes = province.communes - province.wards - len(province.special_zones)
    kinds = ["Phường"] * province.wards + ["Xã"] * communes
    order = rng.permutation(len(kinds))
    return [kinds[i] for i in order] + ["Đặc khu"] * len(province.special_zones)


def village_word(province: Province, kind: str) -> str:
    """What a residential party cell is named after: thôn, bản, ấp, tổ dân phố, khu phố."""
    if kind == "Phường":
        return "khu phố" if province.region == SOUTH else "tổ dân phố"
    if province.region == SOUTH:
        return "ấp"
    return "bản" if province.northwest else "thôn"


def district_word(province: Province, index: int) -> str:
    """Districts before 1 July 2025: quận in cities, a few towns, the rest rural districts."""
    if province.is_city and index % 3 == 0:
        return "quận"
    return "thị xã" if index % 7 == 3 else "huyện"
