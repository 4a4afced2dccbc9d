"""The SQL the column reader shares: table names, the validity test of a dated row, the temporary tables of
one call, and `Unusual` (what the fast path leaves to the document path)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from danhgia.apps.cycles.models import QuotaGroup
from danhgia.apps.orgs.models import (
    CivilServiceResult,
    Conclusion,
    DisciplineRecord,
    LeadershipCollective,
    MembershipStatus,
    PartyMembership,
    Post,
    UnitLink,
    YearAbsence,
)
from danhgia.apps.reviews.models import Review

ROUNDS = 8  # as `scope_closure`


class Unusual(Exception):
    """The registry holds something the fast path leaves to the document path (which reports it as ever)."""


def _table(model: Any) -> str:
    return f'"{model._meta.db_table}"'


REVIEW, GROUP, POST, LC, LINK = (_table(m) for m in (Review, QuotaGroup, Post, LeadershipCollective, UnitLink))
MEMBERSHIP, STATUS, ABSENCE = (_table(m) for m in (PartyMembership, MembershipStatus, YearAbsence))
CIVIL, DISCIPLINE, CONCLUSION = (_table(m) for m in (CivilServiceResult, DisciplineRecord, Conclusion))
UNIT = '"orgs_unit"'


def in_force_sql(alias: str) -> str:
    """`orgs.selectors.in_force` in SQL (two parameters: the day, twice)."""
    return f"{alias}.valid_from <= %s AND ({alias}.valid_to IS NULL OR {alias}.valid_to > %s)"


# Temporary tables of one call: the scope (reviews, with the round that added them), the people whose facts
# are read (reviewed individuals, and members of the reviewed leadership collectives) and the collectives' units.
TABLES = {
    "pipeline_scope": "id bigint PRIMARY KEY, round integer NOT NULL",
    "pipeline_person": "id bigint PRIMARY KEY, reviewed boolean NOT NULL",
    "pipeline_collective": "id bigint PRIMARY KEY",
}


def fetch_rows(cursor: Any, sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    cursor.execute(sql, params)
    return cursor.fetchall()
