"""The month a fed task belongs to (Decree 335 Art. 21: results are monitored by month or quarter, and the year
is the mean of the periods worked; a quarter's products are the sum of its months' — decree335.task_result)."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Protocol

MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
FIRST_YEAR, LAST_YEAR = 2000, 2200


class Dated(Protocol):
    """Anything with a first and a last day: a Month, or the domain's Year, Quarter and Term."""

    @property
    def start(self) -> date: ...

    @property
    def end(self) -> date: ...


@dataclass(frozen=True, order=True)
class Month:
    year: int
    month: int

    @classmethod
    def parse(cls, text: str) -> Month | None:
        """ "2026-03" → Month(2026, 3); None for anything else (years 2000–2200)."""
        return _parsed(text)

    @classmethod
    def of(cls, day: date) -> Month:
        return cls(day.year, day.month)

    @property
    def start(self) -> date:
        return date(self.year, self.month, 1)

    @property
    def end(self) -> date:
        return date(self.year, self.month, calendar.monthrange(self.year, self.month)[1])

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


@lru_cache(maxsize=4096)  # a feed of 5,000 rows names a handful of months
def _parsed(text: str) -> Month | None:
    match = MONTH.match(text)
    if match is None or not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
        return None
    return Month(int(match.group(1)), int(match.group(2)))


@dataclass(frozen=True)
class Span:
    """Any period by its first and last day (a review cycle's)."""

    start: date
    end: date
