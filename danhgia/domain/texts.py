"""Bilingual texts, the domain's error type and the level codes shared by every domain module.

User-facing texts are Vietnamese first with English alongside (docs/CONTEXT.md); both are NFC.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Literal, get_args

Level = Literal["L1", "L2", "L3", "L4"]
"""Quality levels as the files, the API and the engine's results carry them; L1 is the highest."""

LEVELS: tuple[Level, ...] = get_args(Level)

LEVEL_TEXTS: dict[Level, tuple[str, str]] = {
    "L1": ("Hoàn thành xuất sắc nhiệm vụ", "Excellent completion of duties"),
    "L2": ("Hoàn thành tốt nhiệm vụ", "Good completion of duties"),
    "L3": ("Hoàn thành nhiệm vụ", "Completion of duties"),
    "L4": ("Không hoàn thành nhiệm vụ", "Failure to complete duties"),
}


@dataclass(frozen=True)
class Text:
    """One user-facing text: Vietnamese (the default language) and English."""

    vi: str
    en: str

    def __post_init__(self) -> None:
        for value in (self.vi, self.en):
            if not value or unicodedata.normalize("NFC", value) != value:
                raise ValueError(f"a text must be non-empty NFC: {value!r}")

    def __str__(self) -> str:
        return f"{self.vi} / {self.en}"

    def pick(self, language: str | None) -> str:
        """The text in `language` (a Django language code); Vietnamese unless English is asked for."""
        return self.en if (language or "vi").startswith("en") else self.vi


def level_text(level: Level) -> Text:
    """The Vietnamese and English name of a level (docs/regulations/README.md §1)."""
    vi, en = LEVEL_TEXTS[level]
    return Text(vi, en)


class DomainError(ValueError):
    """A rule of the domain refused the input; `message` says why in Vietnamese and English.

    `code` is a stable identifier the web layer and the API can map to a field or a status.
    """

    def __init__(self, code: str, message: Text) -> None:
        super().__init__(str(message))
        self.code = code
        self.message = message
