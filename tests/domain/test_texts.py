"""Bilingual texts: NFC enforced at construction, level names, the error type."""

from __future__ import annotations

import pytest

from danhgia.domain.texts import LEVELS, DomainError, Text, level_text


@pytest.mark.parametrize("value", ["", "Kho\u0302ng đạt"])
def test_a_text_must_be_non_empty_nfc(value: str) -> None:
    with pytest.raises(ValueError, match="non-empty NFC"):
        Text(value, "Not met")


def test_level_names() -> None:
    assert LEVELS == ("L1", "L2", "L3", "L4")
    assert [level_text(level).vi for level in LEVELS] == [
        "Hoàn thành xuất sắc nhiệm vụ",
        "Hoàn thành tốt nhiệm vụ",
        "Hoàn thành nhiệm vụ",
        "Không hoàn thành nhiệm vụ",
    ]
    assert level_text("L4").en == "Failure to complete duties"


def test_domain_error_carries_code_and_both_languages() -> None:
    error = DomainError("some_code", Text("Lỗi", "Error"))
    assert (error.code, error.message.vi, error.message.en, str(error)) == ("some_code", "Lỗi", "Error", "Lỗi / Error")
    assert isinstance(error, ValueError)
