"""Cell parsers: one spreadsheet cell (as calamine or the CSV reader gives it) → a Python value, or CellError.

A parser returns None for a blank cell; whether blank is allowed is the column's business (spec.Column).
Reasons are gettext strings: the import runs with Vietnamese active, so they reach the user in Vietnamese.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

Parser = Callable[[Any], Any]

_DMY = re.compile(r"^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{4})$")
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_DIGITS = re.compile(r"^\d+$")


class CellError(ValueError):
    """A cell's value is not acceptable; the message is the reason shown to the user."""


def clean_text(value: Any) -> str:
    """A cell as text: NFC, trimmed, single spaces; whole numbers lose Excel's '.0'."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, bool):
        return "1" if value else "0"
    text = value if isinstance(value, str) else str(value)
    if text.isascii():
        return " ".join(text.split())
    return " ".join(unicodedata.normalize("NFC", text).split())


def fold(text: str) -> str:
    """Key for matching words officials type: NFC, single spaces, case-folded."""
    return clean_text(text).casefold()


def strip_marks(text: str) -> str:
    """`fold` without diacritics (đ → d), for unambiguous matches typed without Vietnamese input."""
    decomposed = unicodedata.normalize("NFD", fold(text)).replace("đ", "d")
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def text(max_length: int) -> Parser:
    def parse(value: Any) -> str | None:
        cleaned = clean_text(value)
        if not cleaned:
            return None
        if len(cleaned) > max_length:
            raise CellError(_("At most %(count)d characters.") % {"count": max_length})
        return cleaned

    return parse


def national_id(value: Any) -> str | None:
    cleaned = clean_text(value)
    if not cleaned:
        return None
    if not _DIGITS.match(cleaned) or len(cleaned) not in (9, 12):
        if _DIGITS.match(cleaned) and not isinstance(value, str) and len(cleaned) < 12:
            raise CellError(
                _(
                    "A national ID has 12 digits (9 for an old ID card); format the column as Text "
                    "so Excel keeps the leading zeros."
                )
            )
        raise CellError(_("A national ID has 12 digits (9 for an old ID card)."))
    return cleaned


def day(value: Any) -> date | None:
    """dd/mm/yyyy (also with - or .), yyyy-mm-dd, or a date cell."""
    if isinstance(value, datetime):
        if value.time() != datetime.min.time():
            raise CellError(_("Enter a date without a time of day."))
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        raise CellError(_("Enter a date as dd/mm/yyyy."))
    cleaned = clean_text(value)
    if not cleaned:
        return None
    if len(cleaned) == 10 and cleaned[2] == cleaned[5] == "/" and cleaned.isascii():  # the common case, fast
        try:
            return date(int(cleaned[6:]), int(cleaned[3:5]), int(cleaned[:2]))
        except ValueError:
            pass  # not digits, or no such date: the general path says which
    if match := _DMY.match(cleaned):
        d, m, y = (int(part) for part in match.groups())
    elif match := _ISO.match(cleaned):
        y, m, d = (int(part) for part in match.groups())
    else:
        raise CellError(_("Enter a date as dd/mm/yyyy."))
    try:
        return date(y, m, d)
    except ValueError:
        raise CellError(_("This date does not exist.")) from None


def first_words(words: Mapping[str, str]) -> tuple[str, ...]:
    """The first word listed for each code: what a template's drop-down and an error message offer."""
    seen: dict[str, str] = {}
    for word, code in words.items():
        seen.setdefault(code, word)
    return tuple(seen.values())


def choice(words: Mapping[str, str]) -> Parser:
    """One of the listed words (Vietnamese or the code values), case-insensitive, diacritics optional."""
    exact = {fold(word): code for word, code in words.items()}
    exact.update({fold(code): code for code in words.values()})
    plain: dict[str, str | None] = {}
    for word, code in exact.items():
        key = strip_marks(word)
        plain[key] = code if plain.get(key, code) == code else None  # None: ambiguous without marks
    listed = ", ".join(first_words(words))

    def parse(value: Any) -> str | None:
        cleaned = fold(value)
        if not cleaned:
            return None
        found = exact.get(cleaned) or plain.get(strip_marks(cleaned))
        if found is None:
            raise CellError(_("Not one of the allowed values: %(values)s.") % {"values": listed})
        return found

    return parse


YES_NO = {"Có": "1", "Không": "0", "x": "1", "true": "1", "false": "0", "yes": "1", "no": "0"}
_yes_no = choice(YES_NO)


def boolean(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    parsed = _yes_no(value)
    return None if parsed is None else parsed == "1"


def year(value: Any) -> int | None:
    cleaned = clean_text(value)
    if not cleaned:
        return None
    if not _DIGITS.match(cleaned) or not 1930 <= int(cleaned) <= 2100:
        raise CellError(_("Enter a year such as 2025."))
    return int(cleaned)


def months(value: Any) -> Decimal | None:
    """A number of months from 0 to 12 with at most one decimal (comma or point)."""
    cleaned = clean_text(value).replace(",", ".")
    if not cleaned:
        return None
    try:
        number = Decimal(cleaned)
    except InvalidOperation:
        number = Decimal("NaN")
    if not number.is_finite() or not 0 <= number <= 12 or number.quantize(Decimal("0.1")) != number:
        raise CellError(_("Enter a number of months from 0 to 12 with at most one decimal."))
    return number.quantize(Decimal("0.1"))
