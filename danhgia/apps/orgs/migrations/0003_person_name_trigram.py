"""Name search over millions of people: a trigram index on PostgreSQL (icontains uses it); nothing on SQLite."""

from __future__ import annotations

from typing import Any

from django.db import migrations


def create(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        schema_editor.execute(
            "CREATE INDEX IF NOT EXISTS orgs_person_full_name_trgm ON orgs_person USING gin (full_name gin_trgm_ops)"
        )


def drop(apps: Any, schema_editor: Any) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS orgs_person_full_name_trgm")


class Migration(migrations.Migration):
    dependencies = [("orgs", "0002_verbose_names")]
    operations = [migrations.RunPython(create, drop)]
