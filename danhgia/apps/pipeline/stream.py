"""Rows out of the database in bulk: COPY … TO STDOUT on PostgreSQL, keyset batches elsewhere."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import numpy as np
import numpy.typing as npt
from django.db import connection
from django.db.models import QuerySet

BATCH = 20_000


def stream_ids(queryset: QuerySet[Any], *, batch: int = BATCH) -> npt.NDArray[np.int64]:
    """The primary keys of `queryset` in ascending order, as one int64 column."""
    return np.fromiter(_ids(queryset.order_by("pk"), batch), np.int64)


def _ids(queryset: QuerySet[Any], batch: int) -> Iterator[int]:
    if connection.vendor == "postgresql":
        sql, params = queryset.values_list("pk").query.sql_with_params()
        with connection.cursor() as cursor:
            raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
            with raw.copy(f"COPY ({sql}) TO STDOUT", params) as copy:
                copy.set_types(["int8"])
                for (pk,) in copy.rows():
                    yield pk
        return
    last = None
    while True:
        page = queryset if last is None else queryset.filter(pk__gt=last)
        keys = list(page.values_list("pk", flat=True)[:batch])
        yield from keys
        if len(keys) < batch:
            return
        last = keys[-1]
