"""A condition on a JSON list column, exact on both databases: does the list hold this string, or an object
whose `key` is this string? (`engine_flags` holds strings, `engine_reasons` objects with a `code`.)

PostgreSQL tests containment (`@>` on jsonb); SQLite walks the list with `json_each`. Neither depends on how
the JSON text was spaced when it was written, which a LIKE on the text would.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import Any

from django.db import NotSupportedError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import BooleanField, Expression, F
from django.db.models.sql.compiler import SQLCompiler

_KEY = re.compile(r"^[a-z_][a-z0-9_]*$")


class ListHolds(Expression):
    conditional = True
    output_field = BooleanField()

    def __init__(self, column: str, item: str, key: str | None = None) -> None:
        if key is not None and not _KEY.match(key):
            raise ValueError(f"bad JSON key {key!r}")
        super().__init__(output_field=BooleanField())
        self.source: Any = F(column)
        self.item = item
        self.key = key

    def get_source_expressions(self) -> list[Any]:
        return [self.source]

    def set_source_expressions(self, exprs: Sequence[Any]) -> None:
        (self.source,) = exprs

    def as_sql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> Any:
        raise NotSupportedError(f"ListHolds supports SQLite and PostgreSQL, not {connection.vendor}")

    def as_sqlite(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> Any:
        column, params = compiler.compile(self.source)
        value = f"json_extract(item.value, '$.{self.key}')" if self.key else "item.value"
        return f"EXISTS (SELECT 1 FROM json_each({column}) AS item WHERE {value} = %s)", (*params, self.item)

    def as_postgresql(self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any) -> Any:
        column, params = compiler.compile(self.source)
        probe = [{self.key: self.item}] if self.key else [self.item]
        return f"{column} @> %s::jsonb", (*params, json.dumps(probe, ensure_ascii=False))
