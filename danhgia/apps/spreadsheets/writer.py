"""Batched writes: every import writes through these two functions, inside the import's one transaction."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Model

BATCH_SIZE = 2000


def insert_batch(model: type[Model], objects: Sequence[Model]) -> None:
    """One INSERT batch (bulk_create sets the new primary keys on PostgreSQL and SQLite ≥ 3.35)."""
    model._default_manager.bulk_create(objects)


def create_all(model: type[Model], objects: Sequence[Model]) -> None:
    for start in range(0, len(objects), BATCH_SIZE):
        insert_batch(model, objects[start : start + BATCH_SIZE])


def update_all(model: type[Model], objects: Sequence[Model], fields: Sequence[str]) -> None:
    if not objects or not fields:
        return
    for start in range(0, len(objects), BATCH_SIZE):
        model._default_manager.bulk_update(objects[start : start + BATCH_SIZE], list(fields))
