"""What the database already holds for the natural keys a file mentions, fetched in a few set queries.

Nothing here writes; the write phase updates these maps with the ids of what it creates, so the later
kinds resolve references to people and units made by the same file.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Field, Model

from danhgia.apps.orgs.models import Person, Unit, UnitLink
from danhgia.apps.spreadsheets.records import ParsedSheet, Record

LARGE_CHUNK = 20_000  # keys per IN (…) where the database sets no limit (PostgreSQL)
ANY_CHUNK = 100_000  # keys per = ANY(array) on PostgreSQL

PERSON_FIELDS = ("id", "national_id", "personnel_code", "full_name", "birth_date", "sex")


def chunks(values: Iterable[Any], size: int | None = None) -> Iterator[list[Any]]:
    """Batches of keys for `field__in` queries, as large as the database allows (SQLite: 999 parameters)."""
    size = size or min(connection.features.max_query_params or LARGE_CHUNK, LARGE_CHUNK) - 10
    batch: list[Any] = []
    for value in values:
        batch.append(value)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


@dataclass
class UnitRow:
    id: int
    kind: str
    name: str
    founded_on: date | None
    dissolved_on: date | None
    links: list[tuple[int | None, date, date | None, str]] = field(default_factory=list)  # parent, from, to, path

    def link_on(self, day: date) -> tuple[int | None, date, date | None, str] | None:
        """The position in force on `day`, if the unit is in the tree then."""
        for link in self.links:
            if link[1] <= day and (link[2] is None or day < link[2]):
                return link
        return None


@dataclass
class Lookups:
    units: dict[str, UnitRow] = field(default_factory=dict)  # by code
    unit_codes: dict[int, str] = field(default_factory=dict)  # id → code, for the units loaded
    people: dict[int, list[Any]] = field(default_factory=dict)  # id → PERSON_FIELDS row
    by_nid: dict[str, list[Any]] = field(default_factory=dict)  # national ID → PERSON_FIELDS row
    by_code: dict[str, list[Any]] = field(default_factory=dict)  # personnel code → PERSON_FIELDS row
    file_units: dict[str, str] = field(default_factory=dict)  # unit code in the file → its kind
    file_nids: set[str] = field(default_factory=set)
    file_codes: set[str] = field(default_factory=set)

    def person_key(self, record: Record) -> tuple[str, str] | None:
        """The reference a row makes to a person (by national ID, else personnel code), if it resolves."""
        nid, code = record.values.get("national_id"), record.values.get("personnel_code")
        if nid is not None and (nid in self.by_nid or nid in self.file_nids):
            return ("nid", nid)
        if code is not None and (code in self.by_code or code in self.file_codes):
            return ("code", code)
        return None

    def person_id(self, key: tuple[str, str]) -> int:
        return int((self.by_nid if key[0] == "nid" else self.by_code)[key[1]][0])

    def unit_kind(self, code: str) -> str | None:
        if code in self.file_units:
            return self.file_units[code]
        row = self.units.get(code)
        return None if row is None else row.kind

    def unit_id(self, code: str) -> int:
        return self.units[code].id


def lookups_load(sheets: list[ParsedSheet]) -> Lookups:
    """The database rows for every unit code and person key that the sheets mention."""
    found = Lookups()
    unit_codes: set[str] = set()
    nids: set[str] = set()
    codes: set[str] = set()
    for sheet in sheets:
        kind = sheet.spec.kind
        for record in sheet.records:
            values = record.values
            for key in ("code", "parent_code", "unit_code", "cell_code"):
                if values.get(key) is not None:
                    unit_codes.add(values[key])
            if values.get("national_id") is not None:
                nids.add(values["national_id"])
            if values.get("personnel_code") is not None:
                codes.add(values["personnel_code"])
            if kind == "units" and record.ok:
                found.file_units[values["code"]] = values["kind"]
            elif kind == "people" and record.ok:
                if values.get("national_id") is not None:
                    found.file_nids.add(values["national_id"])
                if values.get("personnel_code") is not None:
                    found.file_codes.add(values["personnel_code"])
    units_load(found, unit_codes)
    people_load(found, nids=nids, codes=codes)
    return found


def units_load(found: Lookups, codes: Iterable[str]) -> None:
    for batch in chunks(sorted(codes)):
        for row in Unit.objects.filter(code__in=batch).values_list(
            "id", "code", "kind", "name", "founded_on", "dissolved_on"
        ):
            found.units[row[1]] = UnitRow(row[0], row[2], row[3], row[4], row[5])
            found.unit_codes[row[0]] = row[1]
    by_id = {row.id: row for row in found.units.values()}
    for batch in chunks(sorted(by_id)):
        links = UnitLink.objects.filter(unit_id__in=batch).order_by("valid_from")
        for unit_id, parent_id, valid_from, valid_to, path in links.values_list(
            "unit_id", "parent_id", "valid_from", "valid_to", "path"
        ):
            by_id[unit_id].links.append((parent_id, valid_from, valid_to, path))


def people_load(found: Lookups, *, nids: Iterable[str], codes: Iterable[str]) -> None:
    """People by national ID, then by the personnel codes of people not found that way."""
    for row in rows_with_keys(Person, "national_id", nids, PERSON_FIELDS):
        _person_found(found, row)
    for row in rows_with_keys(Person, "personnel_code", [c for c in codes if c not in found.by_code], PERSON_FIELDS):
        _person_found(found, row)


def _person_found(found: Lookups, row: tuple[Any, ...]) -> None:
    person = found.people.setdefault(row[0], list(row))
    if person[1] is not None:
        found.by_nid[person[1]] = person
    if person[2] is not None:
        found.by_code[person[2]] = person


def _column(model: type[Model], name: str) -> str:
    field = model._meta.get_field(name)
    assert isinstance(field, Field)
    return str(field.column)


def rows_with_keys(
    model: type[Model], column: str, keys: Iterable[Any], fields: Sequence[str]
) -> Iterator[tuple[Any, ...]]:
    """`model` rows (as `fields` tuples) whose `column` is one of `keys`: `= ANY(array)` on PostgreSQL (one
    parameter per batch), `IN (…)` batches elsewhere."""
    if connection.vendor != "postgresql":
        for batch in chunks(sorted(set(keys))):
            yield from model._default_manager.filter(**{f"{column}__in": batch}).values_list(*fields)
        return
    quote = connection.ops.quote_name
    names = ", ".join(quote(_column(model, name)) for name in fields)
    sql = f"SELECT {names} FROM {quote(model._meta.db_table)} WHERE {quote(_column(model, column))} = ANY(%s)"
    with connection.cursor() as cursor:
        for batch in chunks(sorted(set(keys)), ANY_CHUNK):
            cursor.execute(sql, [batch])
            yield from cursor.fetchall()
