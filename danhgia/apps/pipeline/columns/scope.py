"""The scope of one call in a temporary table: the seed reviews, widened as `scope_closure` widens them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import numpy.typing as npt
from django.db import connection, transaction

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.cycles.periods import cycle_dates
from danhgia.apps.orgs.models import PostRole
from danhgia.apps.pipeline.columns.sql import LINK, POST, REVIEW, ROUNDS, TABLES, in_force_sql

Ids = npt.NDArray[np.int64]


@contextmanager
def scope(seed: Ids) -> Iterator[None]:
    """Run inside a transaction (a savepoint) with `pipeline_scope` holding `seed` (round 0); emptied after."""
    empty = "TRUNCATE {}" if connection.vendor == "postgresql" else "DELETE FROM {}"
    with transaction.atomic(), connection.cursor() as cursor:
        for name, columns in TABLES.items():
            cursor.execute(f"CREATE TEMP TABLE IF NOT EXISTS {name} ({columns})")
            cursor.execute(empty.format(name))
        if connection.vendor == "postgresql":
            with cursor.cursor.copy("COPY pipeline_scope (id, round) FROM STDIN") as copy:
                for pk in np.unique(seed).tolist():
                    copy.write_row((pk, 0))
            cursor.execute("ANALYZE pipeline_scope")
        else:
            cursor.executemany(
                "INSERT INTO pipeline_scope (id, round) VALUES (%s, 0)", [(pk,) for pk in np.unique(seed).tolist()]
            )
        yield  # (an error rolls the tables back with the savepoint)
        for name in TABLES:
            cursor.execute(empty.format(name))


def grow_scope(cycle: ReviewCycle) -> Ids:
    """Widen `pipeline_scope` as `scope_closure` does, a frontier at a time: the reviews of `cycle` sharing a
    quota group with a review in scope, in its unit, in a unit its person heads or deputises, or in a child of
    one of those units (the growth is a union over reviews, so growing from the last round's reviews alone
    gives the same set after the same number of rounds). Returns the scope's ids, ascending."""
    end = cycle_dates(cycle)[1]
    roles = (PostRole.HEAD.value, PostRole.DEPUTY.value)
    with connection.cursor() as cursor:
        for round_ in range(1, ROUNDS + 1):
            cursor.execute(
                f"""
                INSERT INTO pipeline_scope (id, round)
                WITH frontier AS (
                    SELECT r.quota_group_id, r.unit_id, r.person_id
                    FROM pipeline_scope s JOIN {REVIEW} r ON r.id = s.id WHERE s.round = %s
                ), touched AS (
                    SELECT unit_id AS id FROM frontier
                    UNION SELECT p.unit_id FROM {POST} p
                    WHERE {in_force_sql("p")} AND p.role IN (%s, %s)
                    AND p.person_id IN (SELECT person_id FROM frontier WHERE person_id IS NOT NULL)
                ), units AS (
                    SELECT id FROM touched
                    UNION SELECT l.unit_id FROM {LINK} l
                    WHERE {in_force_sql("l")} AND l.parent_id IN (SELECT id FROM touched)
                ), grown AS (
                    SELECT r.id FROM {REVIEW} r
                    WHERE r.cycle_id = %s AND r.quota_group_id IN (SELECT quota_group_id FROM frontier)
                    UNION SELECT r.id FROM {REVIEW} r
                    WHERE r.cycle_id = %s AND r.unit_id IN (SELECT id FROM units)
                )
                SELECT id, %s FROM grown WHERE id NOT IN (SELECT id FROM pipeline_scope)
                """,
                [round_ - 1, end, end, *roles, end, end, cycle.pk, cycle.pk, round_],
            )
            if cursor.rowcount <= 0:
                break
            if connection.vendor == "postgresql":
                cursor.execute("ANALYZE pipeline_scope")
        cursor.execute("SELECT id FROM pipeline_scope ORDER BY id")
        return np.fromiter((pk for (pk,) in cursor.fetchall()), np.int64)
