"""Statistics benchmark at national scale: summaries_refresh, then reading a node's statistics, beside the
naive ORM aggregation over the reviews of the subtree, measured in the same run.

    python bench/reports.py [--members 5600000] [--provinces 34] [--communes 3321] [--keep]

Needs PostgreSQL: DATABASE_URL names the server (default postgres://postgres@127.0.0.1:5432/danhgia); a
database of its own (danhgia_bench_reports) is created, filled and dropped at the end (unless --keep).
The data set is COPYed in directly: a national root, 34 provincial committees, ~3,321 commune committees
plus provincial sectoral committees, ~30-member party cells under them, an agency with its leadership
collective per commune and province; one person and one review per member, and one review per collective
(≈ 5.8 M reviews), with states and results drawn at random (≈ 15 % exempt, L1 ≈ 12 %, L2 ≈ 74 %, …).

Printed, in the same run:
- data generation and COPY time;
- `summaries_refresh` of the whole cycle, and of one commune's subtree (what the workflow calls after a batch);
- `statistics()` for the national root and for a province (best and median of 7 reads, summary tables only);
- the statistics page over HTTP for a province (Django test client, template and charts included);
- exports: a province's whole subtree as .xlsx (what a background job runs), the national root as PDF;
- the naive alternative: Review.objects.filter(cycle, unit in subtree).values(...).annotate(Count) for the
  same two nodes (one run each).
Targets: national root ≤ 1 s, a province ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import io
import os
import platform
import statistics as stats_module
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
NOW = datetime(2025, 12, 20, 9, 0, tzinfo=UTC)
START = date(2020, 1, 1)
DATABASE = "danhgia_bench_reports"
SEGMENT = 10
CHUNK = 500_000


def setup_django(server: str, keep: bool) -> Callable[[], None]:
    import psycopg

    base = server.rsplit("/", 1)[0]
    with psycopg.connect(base + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    os.environ["DATABASE_URL"] = f"{base}/{DATABASE}"
    os.environ["ALLOWED_HOSTS"] = "testserver"  # the Django test client's host, for the page timing
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    def drop() -> None:
        from django.db import connections

        connections.close_all()
        if keep:
            print(f"kept database {DATABASE}")
            return
        with psycopg.connect(base + "/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        print(f"dropped database {DATABASE}")

    return drop


@dataclass
class Tree:
    """Units as parallel arrays: id, parent id (0 for the root), kind, depth, path."""

    ids: list[int]
    parents: list[int]
    kinds: list[str]
    depths: list[int]
    paths: list[str]
    codes: list[str]
    names: list[str]
    cells: list[int]  # ids of the party cells (where members are classified)
    agencies: list[int]
    provinces: list[int]
    communes: list[int]

    def add(self, parent: int, kind: str, code: str, name: str) -> int:
        unit = len(self.ids) + 1
        index = parent - 1
        path = (self.paths[index] if parent else "") + str(unit).zfill(SEGMENT)
        self.ids.append(unit)
        self.parents.append(parent)
        self.kinds.append(kind)
        self.depths.append(self.depths[index] + 1 if parent else 0)
        self.paths.append(path)
        self.codes.append(code)
        self.names.append(name)
        if kind == "cell":
            self.cells.append(unit)
        if kind == "agency":
            self.agencies.append(unit)
        return unit


def build_tree(members: int, provinces: int, communes: int, rng: np.random.Generator) -> Tree:
    tree = Tree([], [], [], [], [], [], [], [], [], [], [])
    root = tree.add(0, "party_committee", "TW", "Ban Chấp hành Trung ương")
    sectoral = 15  # provincial sectoral committees (agencies' party committees) per province
    committees = communes + provinces * sectoral
    cells_total = max(1, members // 30)
    per_committee = rng.multinomial(cells_total - committees, np.ones(committees) / committees) + 1
    k = 0
    for p in range(provinces):
        province = tree.add(root, "party_committee", f"T{p:02d}", f"Tỉnh ủy {p + 1}")
        tree.provinces.append(province)
        tree.add(province, "agency", f"T{p:02d}-UB", f"Ủy ban nhân dân tỉnh {p + 1}")
        own = communes // provinces + (1 if p < communes % provinces else 0)
        for c in range(own + sectoral):
            is_commune = c < own
            code = f"T{p:02d}-X{c:03d}" if is_commune else f"T{p:02d}-CQ{c - own:02d}"
            name = f"Đảng bộ xã {c + 1} tỉnh {p + 1}" if is_commune else f"Đảng bộ cơ quan {c - own + 1}"
            committee = tree.add(province, "grassroots_committee", code, name)
            if is_commune:
                tree.communes.append(committee)
                tree.add(committee, "agency", f"{code}-UB", f"Ủy ban nhân dân xã {c + 1}")
            for cell in range(int(per_committee[k])):
                tree.add(committee, "cell", f"{code}-C{cell:03d}", f"Chi bộ {cell + 1}")
            k += 1
    return tree


def copy_rows(cursor: Any, table: str, columns: str, lines: Iterator[str]) -> int:
    written = 0
    with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        buffer = io.StringIO()
        for line in lines:
            buffer.write(line)
            written += 1
            if written % 100_000 == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())
    return written


STATES = np.array(["published", "decided", "verified", "submitted", "not_started", "complained"])
STATE_P = [0.70, 0.10, 0.10, 0.04, 0.05, 0.01]
STATUSES = np.array(["classified", "exempt", "not_classified", "needs_decision"])
STATUS_P = [0.83, 0.15, 0.015, 0.005]
LEVELS = np.array(["L1", "L2", "L3", "L4"])
LEVEL_P = [0.12, 0.74, 0.13, 0.01]
EXEMPT_REASONS = np.array(["exempt_from_activities", "suspended_from_activities", "admitted_less_than_6_months"])


def review_lines(
    cycle: int, group: int, units: np.ndarray, persons: np.ndarray | None, categories: np.ndarray, seed: int
) -> Iterator[str]:
    """One COPY line per review (text format, \\N for NULL), with random states and results."""
    rng = np.random.default_rng(seed)
    for start in range(0, len(units), CHUNK):
        end = min(start + CHUNK, len(units))
        n = end - start
        states = STATES[rng.choice(len(STATES), n, p=STATE_P)]
        statuses = STATUSES[rng.choice(len(STATUSES), n, p=STATUS_P)]
        levels = LEVELS[rng.choice(len(LEVELS), n, p=LEVEL_P)]
        reasons = EXEMPT_REASONS[rng.integers(0, len(EXEMPT_REASONS), n)]
        for i in range(n):
            state, status = states[i], statuses[i]
            level = levels[i] if status == "classified" else ""
            if status == "classified":
                reason = "[]"
            elif status == "exempt":
                reason = '[{"code": "' + reasons[i] + '", "source": "", "detail": ""}]'
            elif status == "needs_decision":
                reason = '[{"code": "missing_input", "source": "", "detail": ""}]'
            else:
                reason = '[{"code": "newly_formed", "source": "", "detail": ""}]'
            if status == "not_started":
                status = ""
            engine_status = "" if state == "not_started" else status
            engine_level = "" if state == "not_started" else level
            decided = state in ("decided", "published", "complained")
            person = "\\N" if persons is None else str(persons[start + i])
            subject = "collective" if persons is None else "individual"
            yield (
                f"{cycle}\t{subject}\t{categories[start + i]}\t{person}\t{units[start + i]}\t{group}\t0\t{state}\t"
                f"{{}}\t\\N\t\t\\N\t{engine_status}\t{engine_level}\t{reason if engine_status else '[]'}\t[]\t"
                f"{level if decided else ''}\t{status if decided else ''}\t\t"
                f"{level if decided else ''}\t{status if decided else ''}\t\\N\t\\N\n"
            )


REVIEW_COLUMNS = (
    "cycle_id, subject_type, category, person_id, unit_id, quota_group_id, quota_priority, state, answers, score, "
    "proposed_level, submitted_at, engine_status, engine_level, engine_reasons, engine_flags, verified_level, "
    "verified_status, verification_note, decided_level, decided_status, decided_at, published_at"
)


def load(members: int, provinces: int, communes: int) -> dict[str, Any]:
    from django.contrib.auth.models import User
    from django.db import connection

    from danhgia.apps.access.models import Role, RoleAssignment
    from danhgia.apps.cycles.models import QuotaGroup, ReviewCycle
    from danhgia.apps.orgs.models import Unit

    rng = np.random.default_rng(1)
    started = time.perf_counter()
    tree = build_tree(members, provinces, communes, rng)
    cells = np.array(tree.cells)
    member_cells = cells[rng.integers(0, len(cells), members)]
    member_cells.sort()
    with connection.cursor() as cursor:
        raw = cursor.cursor
        copy_rows(
            raw,
            "orgs_unit",
            "id, code, name, kind",
            (f"{i}\t{c}\t{n}\t{k}\n" for i, c, n, k in zip(tree.ids, tree.codes, tree.names, tree.kinds, strict=True)),
        )
        copy_rows(
            raw,
            "orgs_unitlink",
            "unit_id, parent_id, path, depth, valid_from",
            (
                f"{i}\t{p or chr(92) + 'N'}\t{path}\t{d}\t{START}\n"
                for i, p, path, d in zip(tree.ids, tree.parents, tree.paths, tree.depths, strict=True)
            ),
        )
        copy_rows(
            raw,
            "orgs_person",
            "id, personnel_code, full_name, sex",
            (f"{i}\tP{i}\tĐảng viên {i}\t\n" for i in range(1, members + 1)),
        )
        cursor.execute("SELECT setval(pg_get_serial_sequence('orgs_unit', 'id'), %s)", [len(tree.ids)])
        cursor.execute("SELECT setval(pg_get_serial_sequence('orgs_person', 'id'), %s)", [members])
    loaded_registry = time.perf_counter() - started
    admin = User.objects.create_user("bench-admin", is_superuser=True)
    root = Unit.objects.get(code="TW")
    cycle = ReviewCycle.objects.create(
        name="Kiểm điểm năm 2025",
        kind="year",
        year=2025,
        root=root,
        ruleset="qd366-2025",
        state="decision",
        created_at=NOW,
        created_by=admin,
    )
    group = QuotaGroup.objects.create(cycle=cycle, code="all", name="all")
    reader = User.objects.create_user("bench-reader")
    province = Unit.objects.get(pk=tree.provinces[0])
    RoleAssignment.objects.create(user=reader, role=Role.VIEWER, unit=province, valid_from=START)
    started = time.perf_counter()
    party_units = np.array([i for i, k in zip(tree.ids, tree.kinds, strict=True) if k != "agency"])
    agencies = np.array(tree.agencies)
    categories = np.where(rng.random(members) < 0.08, "leader", "staff")
    with connection.cursor() as cursor:
        raw = cursor.cursor
        reviews = copy_rows(
            raw,
            "reviews_review",
            REVIEW_COLUMNS,
            review_lines(cycle.pk, group.pk, member_cells, np.arange(1, members + 1), categories, 2),
        )
        reviews += copy_rows(
            raw,
            "reviews_review",
            REVIEW_COLUMNS,
            review_lines(cycle.pk, group.pk, party_units, None, np.full(len(party_units), "party_organisation"), 3),
        )
        for category, seed in (("organisation", 4), ("leadership_collective", 5)):
            reviews += copy_rows(
                raw,
                "reviews_review",
                REVIEW_COLUMNS,
                review_lines(cycle.pk, group.pk, agencies, None, np.full(len(agencies), category), seed),
            )
        cursor.execute("VACUUM ANALYZE")  # so that autovacuum does not run during the measurements
    loaded_reviews = time.perf_counter() - started
    return {
        "tree": tree,
        "cycle": cycle,
        "reader": reader,
        "units": len(tree.ids),
        "reviews": reviews,
        "seconds": (loaded_registry, loaded_reviews),
    }


def timed(fn: Callable[[], Any], runs: int = 1) -> tuple[float, float, Any]:
    """(best, median) seconds of `runs` calls, and the last result."""
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return min(times), stats_module.median(times), result


def naive(cycle: Any, unit: Any) -> list[dict[str, Any]]:
    from django.db.models import Count

    from danhgia.apps.orgs.models import UnitLink
    from danhgia.apps.orgs.selectors import in_force, path_range
    from danhgia.apps.reviews.models import Review

    on = date(2025, 12, 31)
    link = UnitLink.objects.get(in_force(on), unit=unit)
    units = UnitLink.objects.filter(in_force(on), path_range(link.path)).values("unit_id")
    fields = ("subject_type", "category", "state", "engine_status", "engine_level", "decided_status", "decided_level")
    return list(Review.objects.filter(cycle=cycle, unit__in=units).values(*fields).annotate(n=Count("pk")).order_by())


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=5_600_000)
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--communes", type=int, default=3_321)
    parser.add_argument("--keep", action="store_true", help="keep the bench database")
    args = parser.parse_args()
    server = os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/danhgia")
    if not server.startswith(("postgres://", "postgresql://")):
        print("bench/reports.py needs PostgreSQL: set DATABASE_URL to a postgres:// URL", file=sys.stderr)
        return 2
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}")
    drop = setup_django(server, args.keep)
    try:
        run(args)
    finally:
        drop()
    return 0


def run(args: argparse.Namespace) -> None:
    from django.db import connection
    from django.test import Client

    from danhgia.apps.orgs.models import Unit
    from danhgia.apps.reports.selectors import statistics
    from danhgia.apps.reports.services import export_render, summaries_refresh

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        print(f"database: PostgreSQL {cursor.fetchone()[0]} ({DATABASE})")
    data = load(args.members, args.provinces, args.communes)
    registry_s, reviews_s = data["seconds"]
    print(
        f"data set: {data['units']:,} units, {args.members:,} people, {data['reviews']:,} reviews; "
        f"COPY: units and people {registry_s:.1f} s, reviews {reviews_s:.1f} s"
    )
    cycle, tree = data["cycle"], data["tree"]

    seconds, _median, run_ = timed(lambda: summaries_refresh(cycle=cycle, now=NOW))
    print(
        f"summaries_refresh (whole cycle, first): {seconds:.1f} s — {run_.reviews:,} reviews into "
        f"{run_.unit_rows:,} unit rows and {run_.subtree_rows:,} subtree rows"
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE reports_unitsummary")
        cursor.execute("VACUUM ANALYZE reports_subtreesummary")
    seconds, _median, run_ = timed(lambda: summaries_refresh(cycle=cycle, now=NOW))
    print(f"summaries_refresh (whole cycle, again: the previous rows deleted first): {seconds:.1f} s")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE reports_unitsummary")
        cursor.execute("VACUUM ANALYZE reports_subtreesummary")
    commune = Unit.objects.get(pk=tree.communes[0])
    seconds, _median, _run = timed(lambda: summaries_refresh(cycle=cycle, unit=commune, now=NOW))
    print(f"summaries_refresh (one commune's subtree and its ancestors): {seconds * 1000:.0f} ms")

    root = Unit.objects.get(code="TW")
    province = Unit.objects.get(pk=tree.provinces[0])
    for label, unit, target in (("national root", root, 1.0), ("a province", province, 0.2)):
        best, median, result = timed(lambda unit=unit: statistics(cycle=cycle, unit=unit), runs=7)
        total = sum(s.total.total for s in result.subjects)
        verdict = "within" if median <= target else "OVER"
        print(
            f"statistics, {label}: best {best * 1000:.0f} ms, median {median * 1000:.0f} ms "
            f"({total:,} reviews, {len(result.children)} children; target ≤ {target * 1000:.0f} ms: {verdict})"
        )
    client = Client()
    client.force_login(data["reader"])
    url = f"/reports/?cycle={cycle.pk}&unit={province.code}"
    client.get(url)  # warm up templates
    best, median, response = timed(lambda: client.get(url), runs=5)
    print(
        f"statistics page over HTTP, a province: best {best * 1000:.0f} ms, median {median * 1000:.0f} ms "
        f"(status {response.status_code}, {len(response.content):,} bytes)"
    )
    seconds, _median, rendered = timed(
        lambda: export_render(stats=statistics(cycle=cycle, unit=province), fmt="xlsx", depth=None)
    )
    print(f"export: the province's whole subtree as .xlsx in {seconds:.1f} s ({len(rendered.content):,} bytes)")
    seconds, _median, rendered = timed(lambda: export_render(stats=statistics(cycle=cycle, unit=root), fmt="pdf"))
    print(f"export: the national root as PDF in {seconds:.2f} s ({len(rendered.content):,} bytes)")
    for label, unit in (("national root", root), ("a province", province)):
        seconds, _median, rows = timed(lambda unit=unit: naive(cycle, unit))
        print(f"naive ORM aggregation, {label}: {seconds:.2f} s ({sum(r['n'] for r in rows):,} reviews counted)")


if __name__ == "__main__":
    sys.exit(main())
