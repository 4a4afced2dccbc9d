"""Generated rows: columns per registry table, ids handed out by the generator, and their text forms.

A column is a numpy array (ints, bools, floats, datetime64[D] with NaT for null, objects for strings)
or a plain list (ints, strings, dates, bools, None for null). Tables are listed in dependency order.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

import numpy as np

# model name → field attnames in the order the generator fills them
TABLES: dict[str, tuple[str, ...]] = {
    "unit": ("id", "code", "name", "kind", "founded_on", "dissolved_on"),
    "unitlink": ("id", "unit_id", "parent_id", "path", "depth", "valid_from", "valid_to"),
    "leadershipcollective": ("id", "unit_id", "name"),
    "person": ("id", "national_id", "personnel_code", "full_name", "birth_date", "sex"),
    "partymembership": ("id", "person_id", "admitted_on", "official_on", "card_number"),
    "cellmembership": ("id", "person_id", "cell_id", "kind", "valid_from", "valid_to"),
    "membershipstatus": ("id", "person_id", "kind", "valid_from", "valid_to", "decision"),
    "post": (
        "id",
        "person_id",
        "unit_id",
        "title",
        "role",
        "is_leadership",
        "centrally_managed",
        "collective_id",
        "valid_from",
        "valid_to",
    ),
    "disciplinerecord": (
        "id",
        "person_id",
        "unit_id",
        "on_leadership_collective",
        "form",
        "system",
        "effective_on",
        "violation",
        "self_detected_remedied",
        "public_service",
        "counted_in_year",
        "decision",
    ),
    "yearabsence": ("id", "person_id", "year", "sick_months", "other_months", "maternity", "months_worked"),
    "civilserviceresult": ("id", "person_id", "year", "level", "decided_by"),
}

Column = Sequence[Any] | np.ndarray
NULL = "\\N"  # COPY text format


class Ids:
    """Primary keys handed out by the generator, table by table, from 1 (the tables start empty)."""

    def __init__(self) -> None:
        self._next: dict[str, int] = defaultdict(lambda: 1)

    def one(self, table: str) -> int:
        value = self._next[table]
        self._next[table] = value + 1
        return value

    def many(self, table: str, count: int) -> np.ndarray:
        start = self._next[table]
        self._next[table] = start + count
        return np.arange(start, start + count, dtype=np.int64)


class TableRows:
    """The rows of one chunk (the whole demo, or one province), as columns per table."""

    def __init__(self) -> None:
        self.parts: dict[str, list[tuple[Column, ...]]] = defaultdict(list)
        self.pending: dict[str, list[tuple[Any, ...]]] = defaultdict(list)

    def add(self, table: str, *columns: Column) -> None:
        if len(columns) != len(TABLES[table]):
            raise ValueError(f"{table}: {len(columns)} columns, expected {len(TABLES[table])}")
        lengths = {len(c) for c in columns}
        if len(lengths) != 1:
            raise ValueError(f"{table}: columns of different lengths {sorted(lengths)}")
        if lengths != {0}:
            self.parts[table].append(columns)

    def add_row(self, table: str, *values: Any) -> None:
        """One row at a time (units, links, collectives, posts of party organisations)."""
        self.pending[table].append(values)

    def flush(self) -> None:
        for table, rows in self.pending.items():
            if rows:
                self.add(table, *(list(column) for column in zip(*rows, strict=True)))
        self.pending.clear()

    def count(self, table: str) -> int:
        return sum(len(part[0]) for part in self.parts[table])

    def tables(self) -> Iterator[tuple[str, list[tuple[Column, ...]]]]:
        self.flush()
        for table in TABLES:
            if self.parts[table]:
                yield table, self.parts[table]


def slices(columns: tuple[Column, ...], size: int) -> Iterator[tuple[Column, ...]]:
    total = len(columns[0])
    for start in range(0, total, size):
        yield tuple(c[start : start + size] for c in columns)


def _text(value: Any) -> str:
    if value is None:
        return NULL
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def text_column(column: Column) -> list[str]:
    """Values in COPY text format. Generated strings never hold tabs, newlines or backslashes."""
    if isinstance(column, np.ndarray):
        kind = column.dtype.kind
        if kind in "iu":
            return list(map(str, column.tolist()))
        if kind == "b":
            return np.where(column, "t", "f").tolist()
        if kind == "M":
            text = np.datetime_as_string(column.astype("datetime64[D]"), unit="D")
            return np.where(np.isnat(column), NULL, text).tolist()
        if kind == "f":
            return [f"{v:.1f}" for v in column.tolist()]
        column = column.tolist()
    return [_text(v) for v in column]


def copy_text(columns: tuple[Column, ...]) -> str:
    lines = zip(*(text_column(c) for c in columns), strict=True)
    return "".join(f"{line}\n" for line in map("\t".join, lines))


def python_column(column: Column) -> list[Any]:
    """Values as the sqlite3 driver takes them (dates as ISO text, None for null)."""
    if isinstance(column, np.ndarray):
        kind = column.dtype.kind
        if kind == "M":
            text = np.datetime_as_string(column.astype("datetime64[D]"), unit="D").astype(object)
            text[np.isnat(column)] = None
            return list(text.tolist())
        if kind == "f":
            return [round(v, 1) for v in column.tolist()]
        return list(column.tolist())
    return [v.isoformat() if isinstance(v, date) else v for v in column]


def python_rows(columns: tuple[Column, ...]) -> list[tuple[Any, ...]]:
    return list(zip(*(python_column(c) for c in columns), strict=True))
