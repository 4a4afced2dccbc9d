"""Writing generated chunks into the registry tables, inside the caller's transaction.

PostgreSQL: COPY (psycopg 3) table by table, chunk by chunk. For large loads the secondary indexes,
unique constraints and foreign keys of the registry tables are dropped first and re-created after the
data is in (what pg_restore does): building an index once is much faster than maintaining it row by row,
and one validation query per foreign key replaces a trigger per row. Primary keys stay. Everything is
transactional, so a failure leaves the tables as they were. Sequences are moved past the generated ids.
SQLite: executemany in batches.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable

from django.apps import apps
from django.core.management.color import no_style
from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.db.models import Model
from psycopg.copy import QueuedLibpqWriter

from danhgia.apps.orgs.seed.rows import TABLES, Column, TableRows, copy_text, python_rows, slices

BATCH = 100_000  # rows per COPY block or executemany call

# What the loader drops before a large PostgreSQL load and re-creates after it.
SECONDARY_SQL = """
SELECT rel.relname, con.conname, con.contype::text, pg_get_constraintdef(con.oid)
  FROM pg_constraint con JOIN pg_class rel ON rel.oid = con.conrelid
 WHERE rel.relname = ANY(%(tables)s) AND rel.relnamespace = current_schema()::regnamespace
   AND (con.contype = 'f' OR (con.contype = 'u' AND NOT EXISTS (
        SELECT 1 FROM pg_constraint ref WHERE ref.contype = 'f' AND ref.conindid = con.conindid)))
UNION ALL
SELECT tbl.relname, idx.relname, 'i', pg_get_indexdef(idx.oid)
  FROM pg_index x JOIN pg_class idx ON idx.oid = x.indexrelid JOIN pg_class tbl ON tbl.oid = x.indrelid
 WHERE tbl.relname = ANY(%(tables)s) AND tbl.relnamespace = current_schema()::regnamespace
   AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = x.indexrelid AND c.contype IN ('p', 'u', 'x'))
"""


def model_of(table: str) -> type[Model]:
    return apps.get_model("orgs", table)


def load_chunks(
    chunks: Iterable[TableRows],
    *,
    rebuild_indexes: bool,
    progress: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Insert every chunk; returns rows written per model name. Call inside transaction.atomic()."""
    counts = dict.fromkeys(TABLES, 0)
    began = time.perf_counter()
    with connection.cursor() as cursor:
        postgres = connection.vendor == "postgresql"
        recreate: list[str] = []
        if postgres:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # nothing pending: DDL and TRUNCATE need that
            cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
            if rebuild_indexes:
                recreate = _drop_secondary(cursor)
        for number, chunk in enumerate(chunks, start=1):
            for table, parts in chunk.tables():
                written = _copy(cursor, table, parts) if postgres else _insert(cursor, table, parts)
                counts[table] += written
            if progress is not None:
                progress(f"chunk {number}: {sum(counts.values()):,} rows so far, {time.perf_counter() - began:.1f} s")
        if postgres:
            started = time.perf_counter()
            for statement in recreate:
                cursor.execute(statement)
            if progress is not None and recreate:
                progress(f"indexes and constraints re-created in {time.perf_counter() - started:.1f} s")
            for statement in connection.ops.sequence_reset_sql(no_style(), [model_of(t) for t in TABLES]):
                cursor.execute(statement)
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's foreign keys are initially deferred
            for table in TABLES:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model_of(table)._meta.db_table)}")
    return counts


def _columns(table: str) -> tuple[str, list[str]]:
    meta = model_of(table)._meta
    column_of = {field.attname: field.column for field in meta.concrete_fields}
    return meta.db_table, [column_of[name] for name in TABLES[table]]


def _copy(cursor: CursorWrapper, table: str, parts: list[tuple[Column, ...]]) -> int:
    name, columns = _columns(table)
    quote = connection.ops.quote_name
    statement = f"COPY {quote(name)} ({', '.join(quote(c) for c in columns)}) FROM STDIN"
    raw = cursor.cursor  # the psycopg cursor under Django's wrapper
    written = 0
    with raw.copy(statement, writer=QueuedLibpqWriter(raw)) as copy:
        for part in parts:
            for block in slices(part, BATCH):
                copy.write(copy_text(block))
                written += len(block[0])
    return written


def _insert(cursor: CursorWrapper, table: str, parts: list[tuple[Column, ...]]) -> int:
    name, columns = _columns(table)
    quote = connection.ops.quote_name
    statement = (
        f"INSERT INTO {quote(name)} ({', '.join(quote(c) for c in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    written = 0
    for part in parts:
        for block in slices(part, BATCH):
            cursor.executemany(statement, python_rows(block))
            written += len(block[0])
    return written


def _drop_secondary(cursor: CursorWrapper) -> list[str]:
    """Drop foreign keys, unique constraints and plain indexes of the registry tables; return the SQL
    that re-creates them (indexes and unique constraints first, then the foreign keys)."""
    tables = [model_of(t)._meta.db_table for t in TABLES]
    cursor.execute(SECONDARY_SQL, {"tables": tables})
    found = cursor.fetchall()
    quote = connection.ops.quote_name
    order = {"f": 0, "u": 1, "i": 2}
    recreate = {"i": [], "u": [], "f": []}  # type: dict[str, list[str]]
    for table, name, kind, definition in sorted(found, key=lambda row: (order[row[2]], row[0], row[1])):
        if kind == "i":
            cursor.execute(f"DROP INDEX {quote(name)}")
            recreate["i"].append(definition)
        else:
            cursor.execute(f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(name)}")
            recreate[kind].append(f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(name)} {definition}")
    return recreate["i"] + recreate["u"] + recreate["f"]
