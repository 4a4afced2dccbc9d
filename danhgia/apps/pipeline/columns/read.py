"""The registry's rows for the reviews in scope, read in a dozen joined queries."""

from __future__ import annotations

import decimal
import json
from collections import defaultdict
from datetime import date
from typing import Any

import numpy as np
from django.db import connection

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.orgs.models import PostRole
from danhgia.apps.pipeline.columns.sql import (
    ABSENCE,
    CIVIL,
    CONCLUSION,
    DISCIPLINE,
    GROUP,
    LC,
    LINK,
    MEMBERSHIP,
    POST,
    REVIEW,
    STATUS,
    UNIT,
    Unusual,
    fetch_rows,
    in_force_sql,
)
from danhgia.apps.reviews.facts import ENGINE_ANSWERS
from danhgia.engine.codes import CONCLUSIONS, FORM_CODE


class Reviews:
    """The scope's reviews as columns (ascending id)."""

    def __init__(self, rows: list[tuple[Any, ...]], answers: list[tuple[Any, ...]]) -> None:
        self.rows = rows
        self.ids = np.array([r[0] for r in rows], np.int64)
        self.types = [r[1] for r in rows]
        self.categories = [r[2] for r in rows]
        self.person = np.array([-1 if r[3] is None else r[3] for r in rows], np.int64)
        self.unit = np.array([r[4] for r in rows], np.int64)
        self.group = [r[5] for r in rows]
        self.answers = answers  # per row: (kind of the answers value, the engine's answers as one key)


def read_reviews(cursor: Any, cycle: ReviewCycle) -> Reviews:
    if connection.vendor == "postgresql":
        parts = ", ".join(f"(r.answers -> '{key}')::text" for key in (*ENGINE_ANSWERS, "leader_factors"))
        answers = f"jsonb_typeof(r.answers), {parts}"
    else:
        answers = "r.answers"
    rows = fetch_rows(
        cursor,
        f"""SELECT r.id, r.subject_type, r.category, r.person_id, r.unit_id, g.code, r.quota_priority,
        r.score, r.score_exact, {answers}
        FROM pipeline_scope s JOIN {REVIEW} r ON r.id = s.id JOIN {GROUP} g ON g.id = r.quota_group_id
        WHERE r.cycle_id = %s ORDER BY r.id""",
        [cycle.pk],
    )
    if connection.vendor == "postgresql":
        return Reviews(rows, [(r[9], r[10:]) for r in rows])
    return Reviews(rows, [_sqlite_answers(r[9]) for r in rows])


def _sqlite_answers(text: str | None) -> tuple[Any, ...]:
    """SQLite keeps the answers as JSON text: split it as PostgreSQL's query does."""
    value = None if text is None else json.loads(text)
    if value is None:
        return ("null", ())
    if not isinstance(value, dict):
        return ("other", ())
    return ("object", tuple(json.dumps(value[k]) if k in value else None for k in (*ENGINE_ANSWERS, "leader_factors")))


def read_people(cursor: Any, end: date) -> None:
    """The reviewed individuals, the reviewed collectives' units and their leadership collectives' members."""
    cursor.execute(
        f"""INSERT INTO pipeline_person (id, reviewed) SELECT DISTINCT r.person_id, %s
        FROM pipeline_scope s JOIN {REVIEW} r ON r.id = s.id WHERE r.person_id IS NOT NULL""",
        [True],
    )
    cursor.execute(
        f"""INSERT INTO pipeline_collective (id) SELECT DISTINCT r.unit_id
        FROM pipeline_scope s JOIN {REVIEW} r ON r.id = s.id WHERE r.person_id IS NULL"""
    )
    cursor.execute(
        f"""INSERT INTO pipeline_person (id, reviewed) SELECT DISTINCT p.person_id, %s FROM {POST} p
        JOIN {LC} c ON c.id = p.collective_id
        WHERE {in_force_sql("p")} AND c.unit_id IN (SELECT id FROM pipeline_collective)
        AND p.person_id NOT IN (SELECT id FROM pipeline_person)""",
        [False, end, end],
    )
    if connection.vendor == "postgresql":
        cursor.execute("ANALYZE pipeline_person")
        cursor.execute("ANALYZE pipeline_collective")


def decimal_value(value: Any, digits: int, places: int) -> Any:
    """A DECIMAL column as the ORM reads it: SQLite hands a float over, which Django's converter rounds to the
    field's places (on PostgreSQL a Decimal already)."""
    if value is None or isinstance(value, decimal.Decimal):
        return value
    exponent = decimal.Decimal(1).scaleb(-places)
    return (
        decimal.Context(prec=15)
        .create_decimal_from_float(value)
        .quantize(exponent, context=decimal.Context(prec=digits))
    )


def _day(value: date) -> int:
    """A DATE column as YYYYMMDD (`engine.facts.ymd`)."""
    return value.year * 10000 + value.month * 100 + value.day


class Registry:
    """Everything read about the scope's people and collectives (as `reviews.facts._Context`)."""

    def __init__(self, cursor: Any, start: date, end: date, posts: list[tuple[Any, ...]]) -> None:
        reviewed = "SELECT id FROM pipeline_person WHERE reviewed = %s"
        everyone = "SELECT id FROM pipeline_person"
        self.start, self.end = _day(start), _day(end)
        self.head_of: dict[int, int] = {}
        self.led: dict[int, set[int]] = defaultdict(set)
        self.lc_members: dict[int, list[int]] = defaultdict(list)
        for person, unit, role, collective_unit in posts:
            if role == PostRole.HEAD:
                self.head_of.setdefault(person, unit)
            if role in (PostRole.HEAD, PostRole.DEPUTY):
                self.led[person].add(unit)
            if collective_unit:
                self.lc_members[collective_unit].append(person)
        membership = fetch_rows(
            cursor,
            f"SELECT person_id, admitted_on FROM {MEMBERSHIP} WHERE person_id IN ({reviewed}) ORDER BY person_id",
            [True],
        )
        self.membership = {person: _day(day) for person, day in membership}
        self.status: dict[int, set[str]] = defaultdict(set)
        for person, kind in fetch_rows(
            cursor,
            f"SELECT s.person_id, s.kind FROM {STATUS} s WHERE {in_force_sql('s')} AND s.person_id IN ({reviewed})",
            [end, end, True],
        ):
            self.status[person].add(kind)
        self.absence = {
            row[0]: row[1:]
            for row in fetch_rows(
                cursor,
                f"""SELECT person_id, sick_months, other_months, maternity, months_worked FROM {ABSENCE}
                WHERE year = %s AND person_id IN ({reviewed})""",
                [end.year, True],
            )
        }
        self.civil = dict(
            fetch_rows(
                cursor,
                f"SELECT person_id, level FROM {CIVIL} WHERE year = %s AND person_id IN ({reviewed})",
                [end.year, True],
            )
        )
        self.children: dict[int, list[int]] = defaultdict(list)
        for child, parent in fetch_rows(
            cursor,
            f"""SELECT l.unit_id, l.parent_id FROM {LINK} l WHERE {in_force_sql("l")}
            AND l.parent_id IN (SELECT id FROM pipeline_collective) ORDER BY l.id""",
            [end, end],
        ):
            self.children[parent].append(child)
        fields = "d.id, d.person_id, d.unit_id, d.on_leadership_collective, d.form, d.effective_on, d.violation, "
        fields += "d.self_detected_remedied, d.public_service, d.counted_in_year"
        self.discipline: dict[tuple[str, int], list[tuple[Any, ...]]] = defaultdict(list)
        for row in fetch_rows(
            cursor,
            f"""SELECT {fields} FROM {DISCIPLINE} d WHERE d.effective_on <= %s
            AND d.person_id IN ({everyone}) ORDER BY d.id""",
            [end],
        ):
            self.discipline[("person", row[1])].append(_entry(row))
        for row in fetch_rows(
            cursor,
            f"""SELECT {fields} FROM {DISCIPLINE} d WHERE d.effective_on <= %s
            AND (d.unit_id IN (SELECT id FROM pipeline_collective) OR d.unit_id IN (
                SELECT l.unit_id FROM {LINK} l WHERE {in_force_sql("l")}
                AND l.parent_id IN (SELECT id FROM pipeline_collective)))
            ORDER BY d.id""",
            [end, end, end],
        ):
            self.discipline[("lc" if row[3] else "unit", row[2])].append(_entry(row))
        self.conclusions: dict[tuple[str, int], dict[str, bool]] = defaultdict(dict)
        found = f"SELECT {{who}}, kind, self_detected FROM {CONCLUSION} WHERE concluded_on >= %s AND concluded_on <= %s"
        for person, kind, self_detected in fetch_rows(
            cursor, found.format(who="person_id") + f" AND person_id IN ({everyone})", [start, end]
        ):
            self._conclude(("person", person), kind, bool(self_detected))
        for unit, kind, self_detected in fetch_rows(
            cursor,
            found.format(who="unit_id") + " AND unit_id IN (SELECT id FROM pipeline_collective)",
            [start, end],
        ):
            self._conclude(("unit", unit), kind, bool(self_detected))

    def _conclude(self, key: tuple[str, int], kind: str, self_detected: bool) -> None:
        if kind not in CONCLUSIONS:
            raise Unusual(f"conclusion {kind!r}")
        flags = self.conclusions[key]
        flags[kind] = True
        if kind == "corruption_in_subordinate" and self_detected:
            flags["corruption_self_detected"] = True

    def in_period(self, unit: int) -> list[tuple[Any, ...]]:
        entries = self.discipline.get(("unit", unit), []) + self.discipline.get(("lc", unit), [])
        return [e for e in entries if self.start <= e[1] <= self.end]


def _entry(row: tuple[Any, ...]) -> tuple[int, int, str, bool, bool, bool]:
    """(form code, effective, violation, self-detected, public service, counted) of a discipline row."""
    form = FORM_CODE.get(row[4])
    if form is None:
        raise Unusual(f"discipline form {row[4]!r}")
    return (form, _day(row[5]), row[6], bool(row[7]), bool(row[8]), row[9] is not None)


def read_units(cursor: Any, end: date, reviews: Reviews, registry: Registry) -> dict[int, tuple[int | None, str]]:
    """unit → (parent, kind) of the units the subjects name, as linked at the period's end."""
    wanted = set(reviews.unit.tolist()) | set(registry.head_of.values())
    wanted |= {u for units in registry.led.values() for u in units}
    found: dict[int, tuple[int | None, str]] = {}
    for unit, parent, kind in fetch_rows(
        cursor,
        f"""SELECT l.unit_id, l.parent_id, u.kind FROM {LINK} l JOIN {UNIT} u ON u.id = l.unit_id
        WHERE {in_force_sql("l")} AND (l.unit_id IN (SELECT r.unit_id FROM pipeline_scope s JOIN {REVIEW} r
        ON r.id = s.id) OR l.unit_id IN (SELECT p.unit_id FROM {POST} p WHERE {in_force_sql("p")} AND p.role IN (%s, %s)
        AND p.person_id IN (SELECT id FROM pipeline_person)))""",
        [end, end, end, end, PostRole.HEAD.value, PostRole.DEPUTY.value],
    ):
        if unit in found:
            raise Unusual(f"unit {unit} has two links in force")
        found[unit] = (parent, kind)
    if set(found) != wanted:
        raise Unusual("a unit without its link in force")
    return found
