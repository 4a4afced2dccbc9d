"""Numbers with the language's separators, level names in the active language."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from danhgia.apps.selfservice.labels import level_choices, level_name
from danhgia.apps.selfservice.templatetags.selfservice import number


@pytest.mark.parametrize(
    ("language", "value", "places", "shown"),
    [
        ("vi", Decimal("12345.5"), None, "12.345,5"),
        ("en", Decimal("12345.5"), None, "12,345.5"),
        ("vi", Decimal("61.50"), None, "61,5"),
        ("vi", 1234567, None, "1.234.567"),
        ("vi", Decimal("90"), 2, "90,00"),
        ("vi", None, None, ""),
        ("vi", "không phải số", None, "không phải số"),
    ],
)
def test_numbers_use_the_languages_separators(language: str, value: object, places: int | None, shown: str) -> None:
    with translation.override(language):
        assert number(value, places) == shown


def test_levels_are_named_in_the_active_language() -> None:
    with translation.override("vi"):
        assert level_name("L1") == "Hoàn thành xuất sắc nhiệm vụ"
        assert level_choices()[3] == ("L4", "L4 – Không hoàn thành nhiệm vụ")
    with translation.override("en"):
        assert level_name("L3") == "Completion of duties"
    assert level_name("L9") == "L9"
