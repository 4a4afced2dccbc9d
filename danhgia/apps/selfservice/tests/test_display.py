"""Numbers with the language's separators; levels, states, outcomes, complaint states and categories named in the
active language, as the boards name them (one definition: danhgia.apps.reviews.labels)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from danhgia.apps.boards.templatetags import boards
from danhgia.apps.reviews.labels import (
    CATEGORY_NAMES,
    COMPLAINT_STATE_NAMES,
    LEVEL_NAMES,
    OUTCOME_NAMES,
    REVIEW_STATE_NAMES,
    level_choices,
)
from danhgia.apps.selfservice.templatetags import selfservice
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


def test_levels_are_named_by_their_name_only_in_the_active_language() -> None:
    with translation.override("vi"):
        assert selfservice.level("L1") == "Hoàn thành xuất sắc nhiệm vụ"
        assert [(code, str(name)) for code, name in level_choices()] == [
            ("L1", "Hoàn thành xuất sắc nhiệm vụ"),
            ("L2", "Hoàn thành tốt nhiệm vụ"),
            ("L3", "Hoàn thành nhiệm vụ"),
            ("L4", "Không hoàn thành nhiệm vụ"),
        ]
    with translation.override("en"):
        assert selfservice.level("L3") == "Completion of duties"
        assert str(level_choices()[0][1]) == "Excellent completion of duties"
    assert selfservice.level("L9") == "L9"
    assert selfservice.level(None) == ""


def test_the_state_badge_is_capitalised() -> None:
    with translation.override("vi"):
        assert [selfservice.state(code) for code in ("draft", "submitted", "complained")] == [
            "Đang soạn",
            "Đã nộp",
            "Có khiếu nại",
        ]
        assert selfservice.outcome("needs_decision") == "Cần xem xét, quyết định"
        assert selfservice.complaint_state("open") == "Đang xem xét"
    with translation.override("en"):
        assert selfservice.state("returned") == "Returned for correction"


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(
    ("ours", "theirs", "table"),
    [
        ("level", "level_name", LEVEL_NAMES),
        ("state", "review_state", REVIEW_STATE_NAMES),
        ("outcome", "outcome", OUTCOME_NAMES),
        ("complaint_state", "complaint_state", COMPLAINT_STATE_NAMES),
        ("category", "category", CATEGORY_NAMES),
    ],
)
def test_the_self_service_names_every_code_as_the_boards_do(
    language: str, ours: str, theirs: str, table: dict[str, object]
) -> None:
    mine, boards_filter = selfservice.register.filters[ours], boards.register.filters[theirs]
    with translation.override(language):
        assert [mine(code) for code in table] == [boards_filter(code) for code in table]
        assert [mine(code) for code in table] == [str(name) for name in table.values()]
