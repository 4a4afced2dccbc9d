"""Task feed benchmark: 100,000 task rows through POST /api/v1/tasks in calls of 5,000, beside one row per call.

    python bench/api_feed.py [--rows 100000] [--batch 5000] [--single 1000] [--people 1000]

Runs against DATABASE_URL (default: a temporary SQLite file; for PostgreSQL give e.g.
postgres://postgres@127.0.0.1:5432/danhgia_bench_api — that database is created and dropped). Every call goes
through the whole stack (Django's test client: token, rate limit, validation, the feed service, its audit
entry, the call log). Prints, in the same run: the rows posted in calls of `--batch`; the same rows posted
again (idempotent: nothing is written); and one row per call, measured on `--single` calls and scaled to
`--rows` (said so in the output).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
START = date(2020, 1, 1)


def setup_django(url: str | None) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if url is None:
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ["DATABASE_URL"] = url
    if url.startswith("postgres"):
        _postgres(url, "CREATE")
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # the test client's host is allowed
    call_command("migrate", verbosity=0)
    return url


def _postgres(url: str, what: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if what == "CREATE":
            admin.execute(f'CREATE DATABASE "{name}"')


def build(people: int) -> tuple[str, list[str]]:
    """A province with an agency of `people` civil servants, a connected system and its write token."""
    from django.contrib.auth.models import User

    from danhgia.apps.api.models import ConnectedSystem
    from danhgia.apps.api.services import system_create, token_issue
    from danhgia.apps.orgs.models import Person, Post, UnitKind
    from danhgia.apps.orgs.services import unit_create

    province = unit_create(code="T", name="Tỉnh", kind=UnitKind.PARTY_COMMITTEE, parent=None, valid_from=START)
    agency = unit_create(code="S", name="Sở", kind=UnitKind.AGENCY, parent=province, valid_from=START)
    staff = Person.objects.bulk_create(
        [Person(personnel_code=f"CB{i:06d}", full_name=f"Công chức {i}") for i in range(people)], batch_size=5000
    )
    Post.objects.bulk_create(
        [Post(person=p, unit=agency, title="Chuyên viên", valid_from=START) for p in staff], batch_size=5000
    )
    admin = User.objects.create_superuser("bench", password="bench-only")
    system = system_create(actor=admin, code="bench", name="Hệ thống giao việc")
    ConnectedSystem.objects.filter(pk=system.pk).update(requests_per_minute=100_000)
    now = datetime.now(UTC)
    issued = token_issue(
        actor=admin,
        system=system,
        root=province,
        operations=["write:tasks"],
        expires_at=now + timedelta(days=1),
        now=now,
    )
    return issued.plaintext, [p.personnel_code or "" for p in staff]


def row(i: int, codes: list[str], prefix: str) -> dict[str, Any]:
    quantity = 1 + i % 4
    completed = quantity - (i % 7 == 0)
    return {
        "external_id": f"{prefix}-{i:07d}",
        "version": 1,
        "person": {"personnel_code": codes[i % len(codes)]},
        "period": f"2026-{1 + i % 12:02d}",
        "kind": f"SP{i % 20:02d}",
        "name": f"Sản phẩm loại {i % 20}",
        "quantity": quantity,
        "coefficient": ["1", "1.5", "0.75"][i % 3],
        "completed": completed,
        "due_on": "2026-06-30",
        "completed_on": "2026-06-20" if completed else None,
        "delays": [1] if i % 11 == 0 and completed else [],
    }


def post(client: Any, token: str, rows: list[dict[str, Any]]) -> dict[str, Any]:
    response = client.post(
        "/api/v1/tasks",
        json.dumps({"tasks": rows}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {token}"},
    )
    if response.status_code != 200:
        raise SystemExit(f"feed refused: {response.status_code} {response.content[:300]!r}")
    body: dict[str, Any] = response.json()
    return body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--batch", type=int, default=5_000)
    parser.add_argument("--single", type=int, default=1_000, help="calls of one row measured (then scaled)")
    parser.add_argument("--people", type=int, default=1_000)
    args = parser.parse_args()
    url = setup_django(os.environ.get("DATABASE_URL"))
    try:
        return run(args, url)
    finally:
        if url.startswith("postgres"):
            from django.db import connections

            connections.close_all()
            _postgres(url, "DROP")


def run(args: argparse.Namespace, url: str) -> int:
    from django.db import connection
    from django.test import Client

    from danhgia.apps.api.models import ApiCall, TaskRecord
    from danhgia.apps.audit.models import AuditEntry

    token, codes = build(args.people)
    client = Client()
    rows = [row(i, codes, "B") for i in range(args.rows)]
    print(f"database: {connection.vendor} ({url.split('@')[-1]}); {args.people} people; token over the province")

    started = time.perf_counter()
    created = sum(post(client, token, rows[i : i + args.batch])["created"] for i in range(0, len(rows), args.batch))
    batched = time.perf_counter() - started
    calls = -(-len(rows) // args.batch)
    print(
        f"batched: {created:,} rows in {calls} calls of {args.batch:,}: {batched:.2f} s"
        f" ({created / batched:,.0f} rows/s, {batched / calls * 1000:.0f} ms a call)"
    )

    started = time.perf_counter()
    unchanged = sum(post(client, token, rows[i : i + args.batch])["unchanged"] for i in range(0, len(rows), args.batch))
    again = time.perf_counter() - started
    print(f"batched again (idempotent, nothing written): {unchanged:,} rows unchanged in {again:.2f} s")

    singles = [row(i, codes, "S") for i in range(args.single)]
    started = time.perf_counter()
    for single in singles:
        post(client, token, [single])
    measured = time.perf_counter() - started
    scaled = measured / args.single * args.rows
    per_call = measured / args.single * 1000
    print(
        f"one row per call: {args.single:,} calls in {measured:.2f} s ({per_call:.1f} ms a call); scaled to"
        f" {args.rows:,} rows: {scaled:,.0f} s (~{scaled / 60:.0f} min) — {scaled / batched:.0f}× the batched feed"
    )
    print(
        f"stored: {TaskRecord.objects.count():,} task rows, {AuditEntry.objects.filter(chain__name='api').count():,}"
        f" entries on the api chain, {ApiCall.objects.count():,} calls logged"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
