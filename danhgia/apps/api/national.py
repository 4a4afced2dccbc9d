"""The field mapping of the national database export (Decree 27/2026/NĐ-CP): our fields → their names.

The national database of cadres, civil servants and public employees keys each person's dossier on the
personal identification number (số định danh cá nhân) and holds the quality assessment and classification
among its data (Decree 27/2026 Art. 5). Its exchange format is not public (docs/api.md §5): the mapping below
is ours, a guess at plausible Vietnamese field names, and each connected system carries its own copy
(`ConnectedSystem.export_mapping`, edited in the admin) so an adapter's expected names can be set without a
release. A mapping sends target names to the source fields listed in SOURCE_FIELDS; `national_id` must be
mapped (it is the key).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final

FORMAT: Final = "danhgia-national-export/1"

SOURCE_FIELDS: Final = {
    "national_id": "the person's personal identification number (số định danh cá nhân), the key",
    "full_name": "the person's full name",
    "birth_date": "date of birth (ISO 8601), or null",
    "sex": "male, female or null",
    "personnel_code": "the employer's personnel code, or null",
    "year": "the year assessed",
    "status": "classified, exempt or not_classified",
    "level": "L1…L4 when classified, else null",
    "level_name": "the level's Vietnamese name (Hoàn thành xuất sắc nhiệm vụ …), or null",
    "category": "the subject category (leader, staff, …)",
    "unit_code": "the code of the unit the person was classified in",
    "unit_name": "the name of that unit",
    "ruleset": "the id of the rule set applied",
    "decided_at": "when the competent level decided (ISO 8601)",
    "published_at": "when the result was published (ISO 8601)",
    "cycle_id": "the review cycle's id in danhgia",
    "review_id": "the review's id in danhgia",
}

DEFAULT_MAPPING: Final[Mapping[str, str]] = {
    "so_dinh_danh_ca_nhan": "national_id",
    "ho_va_ten": "full_name",
    "ngay_sinh": "birth_date",
    "nam_danh_gia": "year",
    "tinh_trang_xep_loai": "status",
    "muc_xep_loai": "level",
    "ten_muc_xep_loai": "level_name",
    "ma_co_quan_don_vi": "unit_code",
    "ten_co_quan_don_vi": "unit_name",
    "ngay_quyet_dinh": "decided_at",
    "ngay_cong_bo": "published_at",
}

TARGET_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]{0,63}$")
MAX_FIELDS: Final = 64


def default_mapping() -> dict[str, str]:
    """A fresh copy of the default mapping (the model field's default)."""
    return dict(DEFAULT_MAPPING)


def mapping_problems(mapping: Any) -> list[str]:
    """Why `mapping` cannot be used (English; the admin form translates the one it shows), or []."""
    if not isinstance(mapping, dict) or not mapping:
        return ["the mapping must be a non-empty JSON object of target name → source field"]
    problems = []
    if len(mapping) > MAX_FIELDS:
        problems.append(f"at most {MAX_FIELDS} fields")
    for target, source in mapping.items():
        if not isinstance(target, str) or not TARGET_NAME.match(target):
            problems.append(f"{target!r}: a target name is a letter or _ then up to 63 letters, digits, _ . -")
        if source not in SOURCE_FIELDS:
            problems.append(f"{target!r}: unknown source field {source!r}")
    if "national_id" not in mapping.values():
        problems.append("national_id must be mapped: it is the key of the national database")
    return problems


def apply_mapping(mapping: Mapping[str, str], record: Mapping[str, Any]) -> dict[str, Any]:
    """One exported record: each target name with its source field's value, in the mapping's order."""
    return {target: record[source] for target, source in mapping.items()}


def ordered_mapping(mapping: Mapping[str, str]) -> dict[str, str]:
    """The mapping in a fixed order, whatever the database kept: by source field as SOURCE_FIELDS lists them
    (the key first), then by target name. PostgreSQL's jsonb keeps no key order, and a file's columns and a
    record's keys must not move from one export to the next."""
    position = {source: i for i, source in enumerate(SOURCE_FIELDS)}
    return dict(sorted(mapping.items(), key=lambda pair: (position.get(pair[1], len(position)), pair[0])))
