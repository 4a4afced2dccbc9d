"""Fast multi-row updates: one parameterised UPDATE executed for many rows (Django's bulk_update builds a
CASE expression per row, which costs seconds for a unit of 500)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any, cast

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.models import Lookup
from django.db.models.lookups import In


def update_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """UPDATE model SET fields… WHERE pk = … for each row (values in `fields` order, then the pk)."""
    meta = model._meta
    columns = [cast("models.Field[Any, Any]", meta.get_field(name)) for name in fields]
    assert meta.pk is not None
    json_fields = {i for i, field in enumerate(columns) if isinstance(field, models.JSONField)}
    jsonb = "::jsonb" if connection.vendor == "postgresql" else ""
    assignments = ", ".join(
        f"{connection.ops.quote_name(field.column)} = %s{jsonb if i in json_fields else ''}"
        for i, field in enumerate(columns)
    )
    sql = (
        f"UPDATE {connection.ops.quote_name(meta.db_table)} SET {assignments} "
        f"WHERE {connection.ops.quote_name(meta.pk.column)} = %s"
    )
    params = [
        [
            json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
            if i in json_fields
            else columns[i].get_db_prep_value(value, connection)
            for i, value in enumerate(row[:-1])
        ]
        + [row[-1]]
        for row in rows
    ]
    if params:
        with connection.cursor() as cursor:
            cursor.executemany(sql, params)
    return len(params)


def insert_rows(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """INSERT many rows of plain values (no model instances): COPY on PostgreSQL, executemany on SQLite.

    Columns not in `fields` get the model field's default. Values are of each field's Python type; those the
    driver stores as they are (text, numbers, booleans, foreign keys, and dates on PostgreSQL) are passed
    through, the others go through the field's own database preparation, so decimals, JSON and (on SQLite)
    dates are stored exactly as the ORM would store them.
    """
    meta = model._meta
    given = [cast("models.Field[Any, Any]", meta.get_field(name)) for name in fields]
    others = [f for f in meta.concrete_fields if not f.primary_key and f.name not in fields]
    columns = given + others
    defaults = [_prepared(field, field.get_default()) for field in others]
    names = ", ".join(connection.ops.quote_name(field.column) for field in columns)
    table = connection.ops.quote_name(meta.db_table)
    preparers = [_preparer(field) for field in given]
    prepared = ([prep(value) for prep, value in zip(preparers, row, strict=True)] + defaults for row in rows)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for row in prepared:
                    copy.write_row(row)
                    count += 1
            return count
        batch: list[list[Any]] = []
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * len(columns))})"
        for row in prepared:
            batch.append(row)
            if len(batch) == 5000:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


# Fields whose values the database driver takes as they are (on PostgreSQL also dates and times: psycopg adapts
# them, and Django's preparation of them is the identity there).
_AS_IS: tuple[type[models.Field[Any, Any]], ...] = (
    models.CharField,
    models.TextField,
    models.IntegerField,
    models.BooleanField,
    models.ForeignKey,
)
_AS_IS_POSTGRES = (models.DateField, models.DateTimeField)


def _preparer(field: models.Field[Any, Any]) -> Any:
    """How one column's values are prepared for the driver."""
    if isinstance(field, models.JSONField):
        return _JSON.encode
    if isinstance(field, _AS_IS) or (connection.vendor == "postgresql" and isinstance(field, _AS_IS_POSTGRES)):
        return _identity
    return lambda value: field.get_db_prep_save(value, connection)


_JSON = DjangoJSONEncoder(ensure_ascii=False)  # as json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)


def _identity(value: Any) -> Any:
    return value


def _prepared(field: models.Field[Any, Any], value: Any) -> Any:
    if isinstance(field, models.JSONField):
        return json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False)
    if isinstance(field, models.ForeignKey):
        return value
    return field.get_db_prep_save(value, connection)


class AnyOf(Lookup[Any]):
    """`column = ANY(%s)` with the values as one array parameter on PostgreSQL (a list of thousands of ids is
    one value to send, not thousands of placeholders to build and parse); `IN (…)` elsewhere. Used as an
    expression: `Model.objects.filter(AnyOf(F("external_id"), ids))`."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        values = list(self.rhs)
        if connection.vendor != "postgresql":
            sql, params = In(self.lhs, values).as_sql(compiler, connection)
            return sql, list(params)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, values]
