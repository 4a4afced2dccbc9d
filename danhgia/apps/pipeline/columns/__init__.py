"""The engine's columns read straight from the registry in SQL, without a document per subject.

`scope(seed)` puts the seed reviews in a temporary table and `grow_scope(cycle)` widens them to what their
results depend on inside the database (the closure of `reviews.services.verification.scope_closure`, grown a
frontier at a time; `columns/scope.py`), and
`scope_facts(cycle, rules)` reads that scope in a dozen joined queries and encodes it into the `Facts` that
`pipeline.facts.document_facts(reviews.facts.scenario_for(cycle, ids), rules)` gives for the same reviews:
`reviews/facts.py` stays the one definition of what the engine reads, and the tests compare the two field by
field on the demo data and on random trees. The registry's rows are read in `columns/read.py` and encoded in
`columns/encode.py`; `columns/sql.py` holds what they share.

What is vectorised and what is not: the per-subject columns are gathered with numpy (person → row lookups by
`searchsorted`); self-review answers are encoded once per distinct combination with the document path's own
encoder (`pipeline.facts._encode_subject`); the sparse parts (posts, discipline, conclusions, subordinate
units) are looped over in Python, row by row of what exists.

The fast path does not judge data. Whenever it meets anything the document path would treat specially — a
self-review answer the encoder refuses, an unknown category, kind, form or conclusion, a unit without its link
in force, an individual review without a person, an answers value that is not an object, a check of
`facts_from_columns` that fails — it raises `Unusual`, and the caller (`pipeline.facts.cycle_fact_columns`)
builds the same reviews through `scenario_for` and `document_facts`, which report bad data as they always did.
"""

from __future__ import annotations

from django.db import connection

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.cycles.periods import cycle_dates
from danhgia.apps.pipeline.columns.encode import encode
from danhgia.apps.pipeline.columns.read import Registry, read_people, read_reviews, read_units
from danhgia.apps.pipeline.columns.scope import grow_scope, scope
from danhgia.apps.pipeline.columns.sql import LC, POST, Unusual, fetch_rows, in_force_sql
from danhgia.engine import CompiledRuleset
from danhgia.engine.facts import Facts

__all__ = ["Unusual", "grow_scope", "scope", "scope_facts"]


def scope_facts(cycle: ReviewCycle, rules: CompiledRuleset) -> Facts:
    """The `Facts` of the reviews in `pipeline_scope` (by review id), as the document path encodes them for
    `rules`. Raises `Unusual` for anything the document path should handle."""
    start, end = cycle_dates(cycle)
    with connection.cursor() as cursor:
        reviews = read_reviews(cursor, cycle)
        cursor.execute("SELECT COUNT(*) FROM pipeline_scope")
        if not reviews.ids.size or reviews.ids.size != cursor.fetchone()[0]:
            raise Unusual("no reviews, or reviews of another cycle")
        read_people(cursor, end)
        posts = fetch_rows(
            cursor,
            f"""SELECT p.person_id, p.unit_id, p.role, c.unit_id FROM {POST} p
            LEFT JOIN {LC} c ON c.id = p.collective_id
            WHERE {in_force_sql("p")} AND p.person_id IN (SELECT id FROM pipeline_person) ORDER BY p.id""",
            [end, end],
        )
        registry = Registry(cursor, start, end, posts)
        units = read_units(cursor, end, reviews, registry)
    return encode(cycle, rules, start, end, reviews, registry, units)
