"""The SQL behind `summaries_refresh`: aggregate a cycle's reviews per unit, then roll them up the tree.

Everything runs inside the database as INSERT … SELECT … GROUP BY, on SQLite and PostgreSQL alike; no review
row is ever loaded into Python. The tree is the one in force on the cycle's reference date (its period end).

1. `insert_unit_rows`: one GROUP BY over the cycle's reviews (joined to their unit's link on the date) into
   UnitSummary — the counted result is the decision when the review is decided, published or under
   complaint, else the engine's proposal (`basis` says which).
2. `insert_subtree_level`: bottom-up, deepest level first: a unit's subtree rows are its own rows plus its
   children's subtree rows (already computed one level down), grouped — each level reads only the level below.
3. `insert_subtree_unit`: the same for one unit from its children (ancestors after a partial refresh).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db import connection

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.orgs.models import Unit, UnitLink
from danhgia.apps.reports.models import Basis, Subject, SubtreeSummary, UnitSummary
from danhgia.apps.reviews.models import Outcome, Review, ReviewState

DECIDED_STATES = (ReviewState.DECIDED, ReviewState.PUBLISHED, ReviewState.COMPLAINED)
# Results that carry a reason code worth counting (the engine's first reason is the deciding one).
REASONED = (Outcome.EXEMPT, Outcome.NOT_CLASSIFIED, Outcome.NEEDS_DECISION)
BY_DECISION = "by_decision"  # the competent level decided an outcome the engine did not propose
DIMENSIONS = ("subject", "kind", "state", "basis", "status", "level", "reason")
WORK_MEM = "256MB"


def qn(name: str) -> str:
    return connection.ops.quote_name(name)


UNIT_TABLE = qn(UnitSummary._meta.db_table)
TREE_TABLE = qn(SubtreeSummary._meta.db_table)
REVIEW_TABLE = qn(Review._meta.db_table)
LINK_TABLE = qn(UnitLink._meta.db_table)
ORG_TABLE = qn(Unit._meta.db_table)
DIMS = ", ".join(qn(d) for d in DIMENSIONS)


@dataclass(frozen=True)
class Scope:
    """Which part of the cycle to (re)compute: the subtree of `path` (None: the whole cycle, whose reviews
    are counted only as far as they lie under the cycle's root `root_path` on the date)."""

    cycle: ReviewCycle
    on: date
    root_path: str
    path: str | None = None

    def upper(self, path: str | None = None) -> str:
        path = path or self.path
        assert path is not None
        return str(int(path) + 1).zfill(len(path))


def individual_subject(cycle: ReviewCycle) -> str:
    """Individuals count as cadres and civil servants under the state rule set, else as party members."""
    return Subject.CIVIL_SERVANT if cycle_rules(cycle).side == "state" else Subject.PARTY_MEMBER


def _first_reason(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"({column} -> 0 ->> 'code')"
    return f"json_extract({column}, '$[0].code')"


def _in(values: tuple[str, ...]) -> str:
    return "(" + ", ".join(f"'{v!s}'" for v in values) + ")"  # code constants only, never user input


def _link_in_force(alias: str) -> str:
    return f"{alias}.{qn('valid_from')} <= %s AND ({alias}.{qn('valid_to')} IS NULL OR {alias}.{qn('valid_to')} > %s)"


def subtree_units_sql(scope: Scope, column: str = "") -> tuple[str, list[Any]]:
    """`AND unit_id IN (…)` for the units of the scope's subtree on its date ("" for the whole cycle)."""
    if scope.path is None:
        return "", []
    sql = (
        f" AND {column or qn('unit_id')} IN (SELECT k.{qn('unit_id')} FROM {LINK_TABLE} k WHERE {_link_in_force('k')}"
        f" AND k.{qn('path')} >= %s AND k.{qn('path')} < %s)"
    )
    return sql, [scope.on, scope.on, scope.path, scope.upper()]


def delete_rows(scope: Scope, ancestors: list[int]) -> tuple[int, int]:
    """Remove the scope's unit rows and subtree rows, and the subtree rows of the given ancestors; returns
    how many unit rows and subtree rows went."""
    where, params = subtree_units_sql(scope)
    deleted = []
    with connection.cursor() as cursor:
        for table in (UNIT_TABLE, TREE_TABLE):
            cursor.execute(f"DELETE FROM {table} WHERE {qn('cycle_id')} = %s{where}", [scope.cycle.pk, *params])
            deleted.append(cursor.rowcount)
        if ancestors:
            marks = ", ".join(["%s"] * len(ancestors))
            cursor.execute(
                f"DELETE FROM {TREE_TABLE} WHERE {qn('cycle_id')} = %s AND {qn('unit_id')} IN ({marks})",
                [scope.cycle.pk, *ancestors],
            )
            deleted[1] += cursor.rowcount
    return deleted[0], deleted[1]


def tune_session() -> None:
    """PostgreSQL: room for the GROUP BYs of a national cycle in memory (for this transaction only)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")


def insert_unit_rows(scope: Scope) -> int:
    """Aggregate the scope's reviews into UnitSummary: one GROUP BY, results chosen as the module says."""
    decided = f"r.{qn('state')} IN {_in(DECIDED_STATES)}"
    status = f"CASE WHEN {decided} THEN r.{qn('decided_status')} ELSE r.{qn('engine_status')} END"
    level = f"CASE WHEN {decided} THEN r.{qn('decided_level')} ELSE r.{qn('engine_level')} END"
    engine_reason = f"COALESCE({_first_reason('r.' + qn('engine_reasons'))}, '')"
    reason = (
        f"CASE WHEN {decided} THEN (CASE WHEN r.{qn('decided_status')} IN {_in(REASONED)} THEN"
        f" (CASE WHEN r.{qn('decided_status')} = r.{qn('engine_status')} THEN {engine_reason} ELSE '{BY_DECISION}'"
        f" END) ELSE '' END) WHEN r.{qn('engine_status')} IN {_in(REASONED)} THEN {engine_reason} ELSE '' END"
    )
    subject = (
        f"CASE WHEN r.{qn('subject_type')} = 'individual' THEN %s"
        f" WHEN r.{qn('category')} = '{Subject.PARTY_ORGANISATION}' THEN '{Subject.PARTY_ORGANISATION}'"
        f" WHEN r.{qn('category')} = '{Subject.LEADERSHIP_COLLECTIVE}' THEN '{Subject.LEADERSHIP_COLLECTIVE}'"
        f" ELSE '{Subject.ORGANISATION}' END"
    )
    kind = (
        f"CASE WHEN r.{qn('subject_type')} = 'individual' THEN r.{qn('category')}"
        f" WHEN r.{qn('category')} = '{Subject.PARTY_ORGANISATION}' THEN u.{qn('kind')} ELSE '' END"
    )
    within = scope.path or scope.root_path
    path_filter = f" AND l.{qn('path')} >= %s AND l.{qn('path')} < %s"
    path_params: list[Any] = [within, scope.upper(within)]
    inner = (
        f"SELECT r.{qn('unit_id')} AS unit_id, l.{qn('depth')} AS depth, {subject} AS subject, {kind} AS kind,"
        f" r.{qn('state')} AS state, CASE WHEN {decided} THEN '{Basis.DECIDED}' ELSE '{Basis.PROPOSED}' END AS basis,"
        f" COALESCE({status}, '') AS status,"
        f" CASE WHEN {status} = '{Outcome.CLASSIFIED}' THEN COALESCE({level}, '') ELSE '' END AS level,"
        f" {reason} AS reason"
        f" FROM {REVIEW_TABLE} r JOIN {ORG_TABLE} u ON u.{qn('id')} = r.{qn('unit_id')}"
        f" JOIN {LINK_TABLE} l ON l.{qn('unit_id')} = r.{qn('unit_id')} AND {_link_in_force('l')}"
        f" WHERE r.{qn('cycle_id')} = %s{path_filter}"
    )
    columns = f"{qn('cycle_id')}, {qn('unit_id')}, {qn('depth')}, {DIMS}, {qn('count')}"
    group = "q.unit_id, q.depth, q.subject, q.kind, q.state, q.basis, q.status, q.level, q.reason"
    sql = f"INSERT INTO {UNIT_TABLE} ({columns}) SELECT %s, {group}, COUNT(*) FROM ({inner}) q GROUP BY {group}"
    params: list[Any] = [
        scope.cycle.pk,
        individual_subject(scope.cycle),
        scope.on,
        scope.on,
        scope.cycle.pk,
        *path_params,
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return int(cursor.rowcount)


def max_depth(scope: Scope) -> int | None:
    """The deepest level holding unit rows in the scope (None when it has none)."""
    where, params = subtree_units_sql(scope)
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT MAX({qn('depth')}) FROM {UNIT_TABLE} WHERE {qn('cycle_id')} = %s{where}", [scope.cycle.pk, *params]
        )
        (deepest,) = cursor.fetchone()
    return None if deepest is None else int(deepest)


def _insert_grouped(scope: Scope, parts: str, params: list[Any], depth: int) -> int:
    """Group `parts` (rows of unit_id + dimensions + n) per unit and attach each unit's parent on the date."""
    dims = ", ".join(f"x.{d}" for d in DIMENSIONS)
    columns = f"{qn('cycle_id')}, {qn('unit_id')}, {qn('parent')}, {qn('depth')}, {DIMS}, {qn('count')}"
    sql = (
        f"INSERT INTO {TREE_TABLE} ({columns})"
        f" SELECT %s, a.unit_id, l.{qn('parent_id')}, %s, {', '.join(f'a.{d}' for d in DIMENSIONS)}, a.n"
        f" FROM (SELECT x.unit_id AS unit_id, {dims}, SUM(x.n) AS n FROM ({parts}) x GROUP BY x.unit_id, {dims}) a"
        f" JOIN {LINK_TABLE} l ON l.{qn('unit_id')} = a.unit_id AND {_link_in_force('l')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [scope.cycle.pk, depth, *params, scope.on, scope.on])
        return int(cursor.rowcount)


def _select(table: str, unit_column: str) -> str:
    dims = ", ".join(f"{qn(d)} AS {d}" for d in DIMENSIONS)
    return f"SELECT {qn(unit_column)} AS unit_id, {dims}, {qn('count')} AS n FROM {table}"


def insert_subtree_level(scope: Scope, depth: int, *, deepest: bool = False) -> int:
    """Subtree rows of the scope's units at `depth`: their own rows plus their children's subtree rows (at
    the deepest level there are no children: the own rows are copied as they are, without grouping)."""
    if deepest:
        where, params = subtree_units_sql(scope, f"s.{qn('unit_id')}")
        dims = ", ".join(f"s.{qn(d)}" for d in DIMENSIONS)
        columns = f"{qn('cycle_id')}, {qn('unit_id')}, {qn('parent')}, {qn('depth')}, {DIMS}, {qn('count')}"
        sql = (
            f"INSERT INTO {TREE_TABLE} ({columns})"
            f" SELECT s.{qn('cycle_id')}, s.{qn('unit_id')}, l.{qn('parent_id')}, s.{qn('depth')}, {dims},"
            f" s.{qn('count')} FROM {UNIT_TABLE} s"
            f" JOIN {LINK_TABLE} l ON l.{qn('unit_id')} = s.{qn('unit_id')} AND {_link_in_force('l')}"
            f" WHERE s.{qn('cycle_id')} = %s AND s.{qn('depth')} = %s{where}"
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, [scope.on, scope.on, scope.cycle.pk, depth, *params])
            return int(cursor.rowcount)
    where, params = subtree_units_sql(scope)
    parts = (
        f"{_select(UNIT_TABLE, 'unit_id')} WHERE {qn('cycle_id')} = %s AND {qn('depth')} = %s{where}"
        f" UNION ALL {_select(TREE_TABLE, 'parent')} WHERE {qn('cycle_id')} = %s AND {qn('depth')} = %s{where}"
    )
    return _insert_grouped(scope, parts, [scope.cycle.pk, depth, *params, scope.cycle.pk, depth + 1, *params], depth)


def insert_subtree_unit(scope: Scope, unit_id: int, depth: int) -> int:
    """Subtree rows of one unit (an ancestor of a refreshed part): its own rows plus its children's."""
    parts = (
        f"{_select(UNIT_TABLE, 'unit_id')} WHERE {qn('cycle_id')} = %s AND {qn('unit_id')} = %s"
        f" UNION ALL {_select(TREE_TABLE, 'parent')} WHERE {qn('cycle_id')} = %s AND {qn('parent')} = %s"
    )
    return _insert_grouped(scope, parts, [scope.cycle.pk, unit_id, scope.cycle.pk, unit_id], depth)
