"""Review periods: a year, a quarter (Q1–Q3 only) or a term, with their dates and Vietnamese names.

Sources: 366-QĐ/TW (2025) reviews by term, year and quarter, and ad hoc; Conclusion 198-KL/TW and
Guidance 43-HD/BTCTW: quarterly ratings for Q1, Q2 and Q3 only — the fourth quarter is folded into the
year-end rating, which draws on the Q1–Q3 ratings plus the Q4 results (docs/regulations/party.md §8.3, WE-18).
The engine's `period` (docs/engine-contract.md §1) takes a year or a quarter 1..3; a term exists only here (366: annual
results are the basis of the term evaluation, docs/regulations/party.md §6.6).

Decision: a term runs from 1 January of its start year to 31 December of its end year, so "Nhiệm kỳ
2020–2025" covers the annual results of 2020 to 2025 (congress terms start and end mid-year; the annual
results they draw on are whole years).
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from typing import Final

from danhgia.domain.texts import DomainError, Text

MIN_YEAR: Final = 1900
MAX_YEAR: Final = 2200
ROMAN: Final = {1: "I", 2: "II", 3: "III"}
_ROMAN_VALUE: Final = {"i": 1, "ii": 2, "iii": 3, "iv": 4}


class PeriodError(DomainError):
    """A period that does not exist (a fourth quarter, a year out of range) or text that is not one."""


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise PeriodError(
            "year_out_of_range",
            Text(
                f"Năm {year} nằm ngoài khoảng {MIN_YEAR}–{MAX_YEAR}.",
                f"The year {year} is outside {MIN_YEAR}–{MAX_YEAR}.",
            ),
        )


@dataclass(frozen=True, order=True)
class Year:
    """A calendar year (the annual review; Decree 335 Art. 21: the working year)."""

    year: int

    def __post_init__(self) -> None:
        _check_year(self.year)

    @property
    def start(self) -> date:
        return date(self.year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.year, 12, 31)


@dataclass(frozen=True, order=True)
class Quarter:
    """A calendar quarter 1..3 of a year (KL 198, HD 43: no separate fourth quarter)."""

    year: int
    quarter: int

    def __post_init__(self) -> None:
        _check_year(self.year)
        if self.quarter == 4:
            raise PeriodError(
                "fourth_quarter_folds_into_year",
                Text(
                    f"Không có kỳ đánh giá Quý IV/{self.year}: quý IV được gộp vào đánh giá năm {self.year}"
                    " (Kết luận 198-KL/TW, Hướng dẫn 43-HD/BTCTW).",
                    f"There is no Q4/{self.year} review period: the fourth quarter is folded into the year-end"
                    f" review of {self.year} (Conclusion 198-KL/TW, Guidance 43-HD/BTCTW).",
                ),
            )
        if self.quarter not in ROMAN:
            raise PeriodError(
                "quarter_out_of_range",
                Text(
                    f"Quý phải là I, II hoặc III; nhận được {self.quarter}.",
                    f"The quarter must be 1, 2 or 3; got {self.quarter}.",
                ),
            )

    @property
    def start(self) -> date:
        return date(self.year, 3 * self.quarter - 2, 1)

    @property
    def end(self) -> date:
        month = 3 * self.quarter
        return date(self.year, month, calendar.monthrange(self.year, month)[1])


@dataclass(frozen=True, order=True)
class Term:
    """A term (nhiệm kỳ) from the start of `start_year` to the end of `end_year` (366-QĐ/TW)."""

    start_year: int
    end_year: int

    def __post_init__(self) -> None:
        _check_year(self.start_year)
        _check_year(self.end_year)
        if self.end_year <= self.start_year:
            raise PeriodError(
                "term_not_increasing",
                Text(
                    f"Năm kết thúc nhiệm kỳ ({self.end_year}) phải sau năm bắt đầu ({self.start_year}).",
                    f"A term's end year ({self.end_year}) must come after its start year ({self.start_year}).",
                ),
            )

    @property
    def start(self) -> date:
        return date(self.start_year, 1, 1)

    @property
    def end(self) -> date:
        return date(self.end_year, 12, 31)


Period = Year | Quarter | Term


def period_from_parts(kind: str, year: int, quarter: int | None = None, term_start: int | None = None) -> Period:
    """A period from stored columns: `kind` "year", "quarter" (with `quarter`) or "term" (`term_start` to `year`)."""
    if kind == "year" and quarter is None and term_start is None:
        return Year(year)
    if kind == "quarter" and quarter is not None and term_start is None:
        return Quarter(year, quarter)
    if kind == "term" and term_start is not None and quarter is None:
        return Term(term_start, year)
    raise PeriodError(
        "period_parts_inconsistent",
        Text(
            f"Kỳ đánh giá không hợp lệ: loại «{kind}», năm {year}, quý {quarter}, nhiệm kỳ từ {term_start}.",
            f"Inconsistent period: kind '{kind}', year {year}, quarter {quarter}, term from {term_start}.",
        ),
    )


def in_period(period: Period, day: date) -> bool:
    """Whether `day` lies in the period, both ends included (docs/engine-contract.md §1: "in the period")."""
    return period.start <= day <= period.end


def period_contains(outer: Period, inner: Period) -> bool:
    """Whether every day of `inner` lies in `outer` (a period contains itself)."""
    return outer.start <= inner.start and inner.end <= outer.end


def year_end_quarters(year: int) -> tuple[Quarter, Quarter, Quarter]:
    """The quarters whose ratings the year-end review of `year` draws on: Q1, Q2, Q3 (KL 198, HD 43)."""
    return Quarter(year, 1), Quarter(year, 2), Quarter(year, 3)


def fourth_quarter_span(year: int) -> tuple[date, date]:
    """First and last day of the fourth quarter, whose results enter the year-end review (HD 43; WE-18)."""
    _check_year(year)
    return date(year, 10, 1), date(year, 12, 31)


def term_years(term: Term) -> tuple[Year, ...]:
    """The years whose annual results a term evaluation is built on (366-QĐ/TW; docs/regulations/party.md §6.6)."""
    return tuple(Year(y) for y in range(term.start_year, term.end_year + 1))


def period_label(period: Period) -> Text:
    """The period's name: "Năm 2025", "Quý II/2026", "Nhiệm kỳ 2020–2025" and the English alongside."""
    match period:
        case Year(year=y):
            return Text(f"Năm {y}", f"Year {y}")
        case Quarter(year=y, quarter=q):
            return Text(f"Quý {ROMAN[q]}/{y}", f"Quarter {ROMAN[q]}/{y}")
        case Term(start_year=a, end_year=b):
            return Text(f"Nhiệm kỳ {a}–{b}", f"Term {a}–{b}")


def format_period(period: Period) -> str:
    """The period's Vietnamese name, as forms print it (Mẫu 05: "Quý …, Năm …")."""
    return period_label(period).vi


_YEAR_RE: Final = re.compile(r"(?:năm\s+)?(\d{4})")
_QUARTER_RE: Final = re.compile(r"quý\s+(iv|iii|ii|i|\d)\s*/\s*(?:năm\s+)?(\d{4})")
_TERM_RE: Final = re.compile(r"nhiệm\s+kỳ\s+(\d{4})\s*[-–—]\s*(\d{4})")


def parse_period(text: str) -> Period:
    """Read a period written in Vietnamese; the inverse of `format_period`.

    Accepts any letter case and spacing, Roman or Arabic quarter numbers ("Quý 2/2026"), and a hyphen or a
    dash in a term ("Nhiệm kỳ 2020-2025"). "Quý IV/…" is refused: the fourth quarter folds into the year.
    """
    cleaned = " ".join(unicodedata.normalize("NFC", text).split()).casefold()
    if match := _QUARTER_RE.fullmatch(cleaned):
        number, year = match.groups()
        quarter = int(number) if number.isdigit() else _ROMAN_VALUE[number]
        return Quarter(int(year), quarter)
    if match := _TERM_RE.fullmatch(cleaned):
        return Term(int(match.group(1)), int(match.group(2)))
    if match := _YEAR_RE.fullmatch(cleaned):
        return Year(int(match.group(1)))
    raise PeriodError(
        "period_unreadable",
        Text(
            f"Không đọc được kỳ đánh giá «{text}». Hãy viết theo mẫu «Năm 2025», «Quý II/2026» hoặc"
            " «Nhiệm kỳ 2020–2025».",
            f"Cannot read the period '{text}'. Write it as 'Năm 2025', 'Quý II/2026' or 'Nhiệm kỳ 2020–2025'.",
        ),
    )


def engine_period(period: Period) -> dict[str, object]:
    """The engine's `period` object (docs/engine-contract.md §1); a term has none — it is built from annual results."""
    match period:
        case Year(year=y):
            return {"kind": "year", "year": y}
        case Quarter(year=y, quarter=q):
            return {"kind": "quarter", "year": y, "quarter": q}
        case Term():
            raise PeriodError(
                "term_not_classified_by_engine",
                Text(
                    f"{format_period(period)} không được xếp loại trực tiếp: kết quả nhiệm kỳ dựa trên kết quả"
                    " từng năm (Quy định 366-QĐ/TW).",
                    f"{period_label(period).en} is not classified directly: a term's result is built from the"
                    " annual results (Regulation 366-QĐ/TW).",
                ),
            )
