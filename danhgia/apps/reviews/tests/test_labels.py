"""The one definition of what the pages call a level, a review state, an outcome, a category and a complaint state:
the regulations' Vietnamese names, capitalised, from this app's catalogue only, whatever other catalogues say."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polib
from django.utils import translation

from danhgia.apps.reviews.labels import (
    CATEGORY_NAMES,
    COMPLAINT_STATE_NAMES,
    LEVEL_NAMES,
    OUTCOME_NAMES,
    REVIEW_STATE_NAMES,
    in_sentence,
    level_choices,
    level_name,
    name_of,
)
from tools.messages import catalogues

CONTEXTS = {"level", "review state", "outcome", "category", "complaint state"}
CATALOGUE = Path(__file__).resolve().parents[1] / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def names(table: Mapping[str, object]) -> dict[str, str]:
    return {code: str(name) for code, name in table.items()}


def test_the_names_in_vietnamese_are_the_regulations_own() -> None:
    with translation.override("vi"):
        assert names(LEVEL_NAMES) == {
            "L1": "Hoàn thành xuất sắc nhiệm vụ",
            "L2": "Hoàn thành tốt nhiệm vụ",
            "L3": "Hoàn thành nhiệm vụ",
            "L4": "Không hoàn thành nhiệm vụ",
        }
        assert names(REVIEW_STATE_NAMES) == {
            "not_started": "Chưa bắt đầu",
            "draft": "Đang soạn",
            "submitted": "Đã nộp",
            "returned": "Trả lại để chỉnh sửa",
            "verified": "Đã thẩm định",
            "decided": "Đã quyết định xếp loại",
            "published": "Đã công bố",
            "complained": "Có khiếu nại",
        }
        assert names(OUTCOME_NAMES) == {
            "classified": "Đã xếp loại",
            "exempt": "Miễn đánh giá, xếp loại",
            "not_classified": "Không xếp loại",
            "needs_decision": "Cần xem xét, quyết định",
        }
        assert names(CATEGORY_NAMES) == {
            "leader_central": "Cán bộ thuộc diện Bộ Chính trị, Ban Bí thư quản lý",
            "leader": "Cán bộ lãnh đạo, quản lý",
            "staff": "Cán bộ, công chức, viên chức không giữ chức vụ lãnh đạo, quản lý",
            "member_outside": "Đảng viên không làm việc trong hệ thống chính trị",
            "organisation": "Cơ quan, địa phương, đơn vị",
            "party_organisation": "Tổ chức đảng",
            "leadership_collective": "Tập thể lãnh đạo, quản lý",
        }
        assert names(COMPLAINT_STATE_NAMES) == {
            "open": "Đang xem xét",
            "upheld": "Chấp nhận: đã xếp loại lại",
            "rejected": "Không chấp nhận",
        }


def test_the_names_in_english_are_capitalised_too() -> None:
    with translation.override("en"):
        assert names(OUTCOME_NAMES) == {
            "classified": "Classified",
            "exempt": "Exempt from classification",
            "not_classified": "Not classified",
            "needs_decision": "Needs a decision",
        }
        assert names(COMPLAINT_STATE_NAMES)["open"] == "Being considered"
        assert level_name("L2") == "Good completion of duties"


def test_a_level_is_chosen_by_its_name_in_the_readers_language() -> None:
    choices = level_choices()  # built once, shown in each reader's language
    with translation.override("vi"):
        assert [(code, str(name)) for code, name in choices] == [
            ("L1", "Hoàn thành xuất sắc nhiệm vụ"),
            ("L2", "Hoàn thành tốt nhiệm vụ"),
            ("L3", "Hoàn thành nhiệm vụ"),
            ("L4", "Không hoàn thành nhiệm vụ"),
        ]
    with translation.override("en"):
        assert [str(name) for _code, name in choices] == [
            "Excellent completion of duties",
            "Good completion of duties",
            "Completion of duties",
            "Failure to complete duties",
        ]


def test_a_code_without_a_name_is_shown_as_given_and_none_as_nothing() -> None:
    assert level_name("L9") == "L9"
    assert name_of(OUTCOME_NAMES, "bogus") == "bogus"
    assert name_of(OUTCOME_NAMES, None) == ""
    assert name_of(OUTCOME_NAMES, "") == ""


def test_inside_a_sentence_a_name_starts_small() -> None:
    with translation.override("vi"):
        assert in_sentence(LEVEL_NAMES["L1"]) == "hoàn thành xuất sắc nhiệm vụ"
        assert in_sentence(OUTCOME_NAMES["exempt"]) == "miễn đánh giá, xếp loại"
    assert in_sentence("") == ""


def test_every_name_shows_this_catalogues_translation_whatever_other_catalogues_say() -> None:
    entries = [entry for entry in polib.pofile(str(CATALOGUE)) if entry.msgctxt in CONTEXTS]
    assert len(entries) == 4 + 8 + 4 + 7 + 3
    with translation.override("vi"):
        wrong = [
            (entry.msgctxt, entry.msgid, got)
            for entry in entries
            if (got := translation.pgettext(entry.msgctxt, entry.msgid)) != entry.msgstr
        ]
    assert wrong == []


def test_no_other_catalogue_names_these_things() -> None:
    elsewhere = [
        (path.parts[-5], entry.msgctxt, entry.msgid)
        for path in catalogues()
        if path != CATALOGUE
        for entry in polib.pofile(str(path))
        if entry.msgctxt in CONTEXTS
    ]
    assert elsewhere == []
