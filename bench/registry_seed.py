"""Registry seed benchmark: `manage.py seed --scale province` (≈ 200 k party members, ≈ 865 k rows), beside the
naive per-row ORM save() of the same rows measured in the same run.

    python bench/registry_seed.py [--seed 1] [--sample 0.02] [--nation]

Database: DATABASE_URL if set (it must hold no registry rows; the seeded rows stay there), else a PostgreSQL
database `danhgia_bench` on 127.0.0.1:5432, created (and migrated) by this run and dropped at the end; when
that server cannot be reached, a temporary SQLite file (said so).
Measured:
- seed: `manage.py seed --scale province` in a child process: its own elapsed time (generation and load,
  one transaction), rows/s, and the child's peak RSS (os.wait4);
- naive: per-row `Model.save()` of a sample (--sample, 2 % of the people with their party and cell
  memberships) in one transaction that is rolled back, scaled to the full row count (said so);
- with --nation: `seed --scale nation --replace` in a child process (target ≤ 10 min), time and peak RSS.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

BENCH_DATABASE = "danhgia_bench"
SERVER = "postgres://postgres@127.0.0.1:5432"
NATION_TARGET_SECONDS = 600


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--sample", type=float, default=0.02, help="share of the people saved the naive way")
    parser.add_argument("--nation", action="store_true", help="also seed the nation (minutes)")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}")
    with tempfile.TemporaryDirectory(prefix="danhgia-bench-") as tmp:
        url, description, owned = choose_database(Path(tmp))
        print(f"database: {description}")
        os.environ["DATABASE_URL"] = url
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
        try:
            run(args, replace=owned)
        finally:
            if owned and url.startswith("postgres"):
                drop_database()
    return 0


def choose_database(workdir: Path) -> tuple[str, str, bool]:
    """(url, description, whether this run owns the database)."""
    given = os.environ.get("DATABASE_URL")
    if given:
        return given, f"{given.split('@')[-1]} (from DATABASE_URL; the seeded rows stay there)", False
    try:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True, connect_timeout=3) as server:
            exists = server.execute("SELECT 1 FROM pg_database WHERE datname = %s", [BENCH_DATABASE]).fetchone()
            if not exists:
                server.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    except psycopg.OperationalError as error:
        path = workdir / "bench.sqlite3"
        reason = str(error).strip().splitlines()[0]
        return f"sqlite:///{path}", f"SQLite temporary file (PostgreSQL not reachable: {reason})", True
    return f"{SERVER}/{BENCH_DATABASE}", f"PostgreSQL {BENCH_DATABASE} on 127.0.0.1:5432 (dropped at the end)", True


def drop_database() -> None:
    from django.db import connections

    connections.close_all()
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as server:
        server.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")


def run(args: argparse.Namespace, *, replace: bool) -> None:
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    flags = ["--replace"] if replace else []
    rows, seconds = seed("province", args.seed, flags)
    seed_rate = rows / seconds
    naive_rows, naive_seconds = naive(args.seed, args.sample)
    naive_rate = naive_rows / naive_seconds
    scaled = rows / naive_rate
    print(
        f"naive:    per-row save() of a {args.sample:.0%} sample of the people with their party and cell "
        f"memberships: {naive_rows:,} rows in {naive_seconds:.1f} s = {naive_rate:,.0f} rows/s; scaled to "
        f"{rows:,} rows: {scaled:,.0f} s (sample measured, total extrapolated) — the seed is "
        f"{seed_rate / naive_rate:,.0f}× faster"
    )
    if args.nation:
        rows, seconds = seed("nation", args.seed, ["--replace"])
        verdict = "meets" if seconds <= NATION_TARGET_SECONDS else "MISSES"
        print(f"          nation target ≤ {NATION_TARGET_SECONDS / 60:.0f} min: {verdict}")


def seed(scale: str, seed_value: int, flags: list[str]) -> tuple[int, float]:
    """Run `manage.py seed` in a child process; print and return (rows, the command's own seconds)."""
    command = [sys.executable, str(ROOT / "manage.py"), "seed", "--scale", scale, "--seed", str(seed_value), *flags]
    started = time.perf_counter()
    child = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert child.stdout is not None
    output = child.stdout.read()
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"seed --scale {scale} failed:\n{output}")
    found = re.search(r"registry \(seed \d+\): ([\d,]+) rows in ([\d.]+) s", output)
    assert found, output
    rows, seconds = int(found.group(1).replace(",", "")), float(found.group(2))
    print(f"seed --scale {scale} (child process):")
    print("\n".join(f"          {line}" for line in output.splitlines()[1:-1]))
    print(
        f"seed:     {rows:,} rows in {seconds:.1f} s = {rows / seconds:,.0f} rows/s (generation and load in one "
        f"transaction; {wall:.1f} s with the process start); peak RSS {usage.ru_maxrss / 1024:,.0f} MiB"
    )
    return rows, seconds


def naive(seed_value: int, share: float) -> tuple[int, float]:
    """Per-row ORM save() of a sample of the province's people, party and cell memberships, rolled back.

    The rows are the generator's own; the sample's national IDs start with 9 so they never meet the seeded ones.
    """
    import numpy as np
    from django.db import transaction

    from danhgia.apps.orgs.models import CellMembership, PartyMembership, Person
    from danhgia.apps.orgs.seed.generate import generate, scale_named

    (chunk,) = generate(scale_named("province"), seed_value)
    people = {k: np.concatenate([np.asarray(p[i]) for p in chunk.parts["person"]]) for i, k in enumerate("inmfbs")}
    chosen = np.random.default_rng(seed_value).random(len(people["i"])) < share
    party = {int(p[1][j]): (p[2][j], p[3][j]) for p in chunk.parts["partymembership"] for j in range(len(p[0]))}
    cells = {int(p[1][j]): (int(p[2][j]), p[4][j]) for p in chunk.parts["cellmembership"] for j in range(len(p[0]))}
    saved = 0
    started = time.perf_counter()
    with transaction.atomic():
        for index in np.flatnonzero(chosen).tolist():
            generated_id = int(people["i"][index])
            person = Person(
                national_id="9" + str(people["n"][index])[1:],
                full_name=people["f"][index],
                birth_date=people["b"][index].item(),
                sex=people["s"][index],
            )
            person.save()
            saved += 1
            if generated_id in party:
                admitted, official = party[generated_id]
                official_on = None if np.isnat(official) else official.item()
                PartyMembership(person=person, admitted_on=admitted.item(), official_on=official_on).save()
                cell, since = cells[generated_id]
                CellMembership(person=person, cell_id=cell, valid_from=since.item()).save()
                saved += 2
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return saved, elapsed


if __name__ == "__main__":
    sys.exit(main())
