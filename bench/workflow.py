"""Workflow benchmark: verification and decision of one unit of N subjects, and opening a province's cycle.

    python bench/workflow.py [--unit 500] [--province 200000]

Runs against DATABASE_URL (default: a temporary SQLite file; for PostgreSQL give e.g.
postgres://postgres@127.0.0.1:5432/danhgia_bench — the database is created and dropped). Prints, in the same
run, the batch services (`verification_compute`, `reviews_accept_engine`, `reviews_decide`, `cycle_open`) and the
naive alternative they replace: one service call per subject (measured on a sample and scaled, said so).
Targets: a unit of 500 verified and decided, quota included, in ≤ 1 s; a province opened in ≤ 60 s.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
NOW = datetime(2025, 12, 10, 9, 0, tzinfo=UTC)
START = date(2020, 1, 1)


def setup_django(url: str | None) -> str:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    if url is None:
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    from django.core.management import call_command

    if url.startswith("postgres"):
        _recreate_postgres(url)
    call_command("migrate", verbosity=0)
    return url


def _recreate_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        admin.execute(f'CREATE DATABASE "{name}"')


@dataclass
class Built:
    province: Any
    committee: Any
    cells: list[Any]
    users: dict[str, Any]


def build(cells: int, members: int) -> Built:
    """A province → committee → `cells` cells of `members` members each, plus an agency; bulk-inserted."""
    from django.contrib.auth.models import User

    from danhgia.apps.access.models import Role, RoleAssignment
    from danhgia.apps.orgs.models import CellMembership, PartyMembership, Person, Unit, UnitKind, UnitLink
    from danhgia.apps.orgs.services import segment, unit_create

    province = unit_create(code="T", name="Tỉnh ủy", kind=UnitKind.PARTY_COMMITTEE, parent=None, valid_from=START)
    committee = unit_create(
        code="D", name="Đảng bộ", kind=UnitKind.GRASSROOTS_COMMITTEE, parent=province, valid_from=START
    )
    base = UnitLink.objects.get(unit=committee).path
    units = Unit.objects.bulk_create(
        [Unit(code=f"C{i}", name=f"Chi bộ {i}", kind=UnitKind.CELL) for i in range(cells)], batch_size=5000
    )
    UnitLink.objects.bulk_create(
        [UnitLink(unit=u, parent=committee, path=base + segment(u.pk), depth=2, valid_from=START) for u in units],
        batch_size=5000,
    )
    people = Person.objects.bulk_create(
        [Person(personnel_code=f"P{i}", full_name=f"Đảng viên {i}") for i in range(cells * members)], batch_size=5000
    )
    PartyMembership.objects.bulk_create(
        [PartyMembership(person=p, admitted_on=date(2010, 1, 1)) for p in people], batch_size=5000
    )
    CellMembership.objects.bulk_create(
        [CellMembership(person=p, cell=units[i // members], valid_from=START) for i, p in enumerate(people)],
        batch_size=5000,
    )
    users = {}
    for name, role, unit in (
        ("admin", Role.ADMINISTRATOR, province),
        ("verifier", Role.VERIFIER, province),
        ("decider", Role.DECIDER, committee),
    ):
        users[name] = User.objects.create_user(name)
        RoleAssignment.objects.create(user=users[name], role=role, unit=unit, valid_from=START)
    return Built(province, committee, units, users)


def submit_all(cycle: Any) -> None:
    """Self-reviews straight into the table (not what is measured): scores around 80, all tasks done."""
    import random

    from danhgia.apps.reviews.models import Review, ReviewState

    rng = random.Random(7)
    reviews = list(Review.objects.filter(cycle=cycle))
    for review in reviews:
        score = 95 if rng.random() < 0.15 else rng.randint(70, 89)
        review.score, review.state, review.proposed_level = score, ReviewState.SUBMITTED, "L2"
        review.answers = {"tasks": {"assigned": 10, "completed": 10, "on_time": 10, "exceeded": 4 if score > 90 else 1}}
    Review.objects.bulk_update(reviews, ["score", "state", "proposed_level", "answers"], batch_size=5000)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unit", type=int, default=500)
    parser.add_argument("--province", type=int, default=200_000)
    args = parser.parse_args()
    url = setup_django(os.environ.get("DATABASE_URL"))
    from django.db import connection

    from danhgia.apps.cycles.models import CycleState
    from danhgia.apps.cycles.services import cycle_advance, cycle_create
    from danhgia.apps.reviews.models import Review
    from danhgia.apps.reviews.services import review_verify, reviews_accept_engine, reviews_decide, verification_compute
    from danhgia.apps.reviews.services.opening import cycle_open

    print(f"database: {connection.vendor}")
    world = build(cells=1, members=args.unit)
    users = world.users
    cycle = cycle_create(
        actor=users["admin"],
        name="Năm 2025",
        kind="year",
        year=2025,
        root=world.province,
        ruleset="qd366-2025",
        now=NOW,
    )
    cycle_open(cycle=cycle, actor=users["admin"], now=NOW)
    submit_all(cycle)
    cycle_advance(cycle=cycle, actor=users["verifier"], to=CycleState.VERIFICATION, now=NOW)
    cell = world.cells[0]
    members = Review.objects.filter(cycle=cycle, unit=cell)
    count = members.count()
    started = time.perf_counter()
    verification_compute(cycle=cycle, unit=cell, actor=users["verifier"], now=NOW)
    computed = time.perf_counter()
    reviews_accept_engine(reviews=list(members), actor=users["verifier"], now=NOW)
    accepted = time.perf_counter()
    cycle_advance(cycle=cycle, actor=users["verifier"], to=CycleState.DECISION, now=NOW)
    decide_start = time.perf_counter()
    reviews_decide(reviews=list(members), actor=users["decider"], now=NOW)
    decided = time.perf_counter()
    total = (accepted - started) + (decided - decide_start)
    print(
        f"unit of {count} subjects: compute {computed - started:.2f} s, accept {accepted - computed:.2f} s, "
        f"decide {decided - decide_start:.2f} s — verification and decision {total:.2f} s (target ≤ 1 s)"
    )

    sample = list(Review.objects.filter(cycle=cycle, unit=cell)[:50])
    Review.objects.filter(pk__in=[r.pk for r in sample]).update(state="submitted")
    started = time.perf_counter()
    for review in sample:
        review_verify(
            review=review, actor=users["verifier"], status=review.engine_status, level=review.engine_level, now=NOW
        )
    naive = (time.perf_counter() - started) / len(sample)
    print(
        f"naive: one review_verify per subject: {1000 * naive:.1f} ms each, {naive * count:.2f} s scaled to "
        f"{count} (a sample of {len(sample)})"
    )

    if args.province:
        cells = max(1, args.province // 50)
        from django.core.management import call_command

        call_command("flush", interactive=False, verbosity=0)
        world = build(cells=cells, members=50)
        cycle = cycle_create(
            actor=world.users["admin"],
            name="Năm 2025",
            kind="year",
            year=2025,
            root=world.province,
            ruleset="qd366-2025",
            now=NOW,
        )
        started = time.perf_counter()
        opened = cycle_open(cycle=cycle, actor=world.users["admin"], now=NOW)
        print(f"cycle_open for a province: {opened:,} reviews in {time.perf_counter() - started:.1f} s (target ≤ 60 s)")
    if url.startswith("postgres"):
        connection.close()
        _drop_postgres(url)
    return 0


def _drop_postgres(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}"')


if __name__ == "__main__":
    sys.exit(main())
