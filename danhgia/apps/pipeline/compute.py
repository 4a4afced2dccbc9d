"""The engine's levels for a province at a time: columns in, `classify_facts`, results written back in bulk.

Results are what `verification_compute` writes for the same reviews (status, level, reasons in Vietnamese with
their English `detail_en`, flags); they are written with COPY into a temporary table and one UPDATE … FROM on
PostgreSQL, with one parameterised UPDATE per row elsewhere. One audit entry per province carries the count,
the statuses, the rule-set version and a digest of every (subject, status, level).
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import connection

from danhgia.apps.audit.batches import digest
from danhgia.apps.audit.services import audit_record, cycle_chain
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.pipeline.facts import FactColumns, Shard, cycle_fact_columns, shard_review_ids
from danhgia.apps.reviews.bulk import update_rows
from danhgia.apps.reviews.facts import subject_id
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.terms import apply_term
from danhgia.engine import classify_facts
from danhgia.engine.explain import render

ENGINE_FIELDS = ("engine_status", "engine_level", "engine_reasons", "engine_flags")


@dataclass(frozen=True)
class ShardResult:
    own: int  # the shard's own reviews
    reviews: int  # the reviews written
    by_status: dict[str, int]
    covered: frozenset[int] = frozenset()  # every review written: the shard's and what its results depend on


def classify_columns(cycle: ReviewCycle, columns: FactColumns) -> dict[str, Any]:
    """The engine's result document for these columns, reasons in both languages (as `classify_reviews`)."""
    outcome = classify_facts(columns.rules, columns.facts)
    result = render(columns.rules, columns.facts, outcome, "vi")
    english = render(columns.rules, columns.facts, outcome, "en")
    for vi, en in zip(result["results"], english["results"], strict=True):
        for reason, translated in zip(vi["reasons"], en["reasons"], strict=True):
            reason["detail_en"] = translated["detail"]
    apply_term(cycle, result, {subject_id(pk): pk for pk in columns.review_ids.tolist()})
    return result


def compute_shard(*, cycle: ReviewCycle, shard: Shard, actor: User, now: datetime) -> ShardResult:
    """Compute and write the engine's levels of the reviews a shard owns (call inside a transaction)."""
    ids = shard_review_ids(cycle, shard)
    if not ids.size:
        return ShardResult(0, 0, {}, frozenset())
    columns = cycle_fact_columns(cycle, review_ids=ids)
    result = classify_columns(cycle, columns)
    # the whole closure is written, as `verification_compute` does: other provinces wholly inside it are done too
    rows = [
        (pk, r["status"], r["level"] or "", r["reasons"], r["flags"])
        for pk, r in zip(columns.review_ids.tolist(), result["results"], strict=True)
    ]
    write_engine_results(rows)
    counts = dict(Counter(row[1] for row in rows))
    audit_record(
        chain=cycle_chain(cycle.pk),
        actor=actor,
        action="verification_compute",
        object_type="shard",
        object_id=shard.unit_id or cycle.root_id,
        at=now,
        after={
            "shard": shard.key,
            "reviews": len(rows),
            "by_status": counts,
            "ruleset": cycle.ruleset_sha256,
            "digest": digest(sorted((subject_id(pk), status, level or None) for pk, status, level, _r, _f in rows)),
        },
    )
    return ShardResult(len(ids), len(rows), counts, frozenset(columns.review_ids.tolist()))


def write_engine_results(rows: list[tuple[int, str, str, Any, Any]]) -> None:
    """(review id, status, level, reasons, flags) rows onto the reviews. On PostgreSQL: one COPY into a temporary
    table (each distinct reasons list serialised once) and one UPDATE of the rows whose results changed."""
    if connection.vendor != "postgresql":
        update_rows(
            Review, ENGINE_FIELDS, [[status, level, reasons, flags, pk] for pk, status, level, reasons, flags in rows]
        )
        return
    table = Review._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TEMP TABLE IF NOT EXISTS pipeline_engine_results "
            "(id bigint PRIMARY KEY, status text, level text, reasons jsonb, flags jsonb) ON COMMIT DELETE ROWS"
        )
        cursor.execute("TRUNCATE pipeline_engine_results")
        with cursor.cursor.copy("COPY pipeline_engine_results (id, status, level, reasons, flags) FROM STDIN") as copy:
            for start in range(0, len(rows), 5000):
                copy.write(copy_text(rows[start : start + 5000]))
        cursor.execute(
            f'UPDATE "{table}" AS r SET engine_status = t.status, engine_level = t.level, '
            "engine_reasons = t.reasons, engine_flags = t.flags FROM pipeline_engine_results AS t WHERE r.id = t.id "
            "AND (r.engine_status, r.engine_level, r.engine_reasons, r.engine_flags) "
            "IS DISTINCT FROM (t.status, t.level, t.reasons, t.flags)"
        )


def copy_text(rows: list[tuple[int, str, str, Any, Any]]) -> str:
    """Rows in COPY's text format. JSON escapes every control character, so a backslash is all there is to
    escape; status and level are codes. Equal reasons (or flags) lists are serialised once."""
    texts: dict[tuple[Any, ...], str] = {}
    lines = []
    for pk, status, level, reasons, flags in rows:
        key = tuple(tuple(reason.items()) for reason in reasons)
        reasons_text = texts.get(key)
        if reasons_text is None:
            reasons_text = texts[key] = json.dumps(reasons, ensure_ascii=False).replace("\\", "\\\\")
        flags_key = ("flags", *flags)
        flags_text = texts.get(flags_key)
        if flags_text is None:
            flags_text = texts[flags_key] = json.dumps(flags, ensure_ascii=False).replace("\\", "\\\\")
        lines.append(f"{pk}\t{status}\t{level}\t{reasons_text}\t{flags_text}\n")
    return "".join(lines)
