"""`registry_seed`: load a synthetic registry into an empty database, in one transaction.

A database that already holds registry rows is refused (nothing changes) unless `replace` is given, which
deletes the registry rows first in the same transaction; asking for the demo on a database that already
holds the demo is a no-op (make demo runs it every time). Rows of other apps that point at registry rows
are never deleted by the seed: while there are any, even `replace` refuses.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, transaction
from django.db.models import Model

from danhgia.apps.orgs.models import Person, Unit
from danhgia.apps.orgs.seed.demo import DEMO_MARKER
from danhgia.apps.orgs.seed.generate import Scale, generate, scale_named
from danhgia.apps.orgs.seed.load import load_chunks

DEFAULT_SEED = 1


class SeedRefused(Exception):
    """The database holds data the seed will not overwrite; nothing was changed."""


@dataclass(frozen=True)
class SeedReport:
    scale: str
    seed: int
    loaded: bool  # False: the demo was already there, nothing was done
    counts: dict[str, int]  # rows written per database table
    seconds: float
    message: str


def registry_models() -> list[type[Model]]:
    return list(apps.get_app_config("orgs").get_models())


def registry_counts() -> dict[str, int]:
    return {model._meta.db_table: model._default_manager.count() for model in registry_models()}


def registry_seed(
    *,
    scale: str | Scale,
    seed: int = DEFAULT_SEED,
    replace: bool = False,
    progress: Callable[[str], None] | None = None,
) -> SeedReport:
    """Generate the registry of `scale` from `seed` and load it. Raises SeedRefused, ValueError."""
    spec = scale_named(scale) if isinstance(scale, str) else scale
    started = time.perf_counter()
    with transaction.atomic():
        if connection.vendor == "postgresql":  # one seed at a time; readers may go on
            with connection.cursor() as cursor:
                cursor.execute(f"LOCK TABLE {Unit._meta.db_table}, {Person._meta.db_table} IN EXCLUSIVE MODE")
        if any(model._default_manager.exists() for model in registry_models()):
            if not replace:
                if spec.name == "demo" and Person.objects.filter(personnel_code=DEMO_MARKER).exists():
                    message = "The database already holds the demo registry; nothing to do (--replace loads it again)."
                    return SeedReport(spec.name, seed, False, {}, time.perf_counter() - started, message)
                raise SeedRefused(
                    f"The database already holds registry data ({Unit.objects.count():,} units, "
                    f"{Person.objects.count():,} people); nothing was changed. "
                    "Use --replace to delete it and load the synthetic registry."
                )
            registry_clear()
        written = load_chunks(generate(spec, seed), rebuild_indexes=spec.name != "demo", progress=progress)
    counts = {apps.get_model("orgs", name)._meta.db_table: count for name, count in written.items()}
    seconds = time.perf_counter() - started
    message = f"Loaded the {spec.name} registry (seed {seed}): {sum(counts.values()):,} rows in {seconds:.1f} s."
    return SeedReport(spec.name, seed, True, counts, seconds, message)


def registry_clear() -> None:
    """Delete every registry row (inside the caller's transaction). Raises SeedRefused when rows of other
    apps refer to registry rows."""
    registry = registry_models()
    dependents = _dependents(registry)
    holding = [model._meta.label for model in dependents if model._default_manager.exists()]
    if holding:
        raise SeedRefused(
            f"Rows of {', '.join(holding)} refer to the registry; delete them first. Nothing was changed."
        )
    tables = [model._meta.db_table for model in [*dependents, *reversed(registry)]]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in tables)} RESTART IDENTITY")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {quote(table)}")


def _dependents(registry: list[type[Model]]) -> list[type[Model]]:
    """Models outside the registry that refer to it, directly or through each other."""
    seen = set(registry)
    found: list[type[Model]] = []
    frontier = list(registry)
    while frontier:
        model = frontier.pop()
        for relation in model._meta.get_fields(include_hidden=True):  # related_name="+" relations too
            other = relation.related_model
            reverse = relation.auto_created and not relation.concrete
            if reverse and isinstance(other, type) and other not in seen:
                seen.add(other)
                found.append(other)
                frontier.append(other)
    return found
