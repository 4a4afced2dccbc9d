"""Rule-lab benchmark: the report on implementation results, counted in the database, beside the old way.

    python bench/lab_report.py [--members 200000] [--districts 20] [--runs 3]

Builds a province of `members` party members in `districts` district committees of 50-member cells
(bench/pipeline.py's `build`), a 2025 cycle under 366-QĐ/TW pinned to its recorded version, and one review per
member bulk-inserted with results drawn at random (not measured): ≈ 70 % decided, 10 % verified only, the rest
the engine's only; ≈ 8 % exempt, L1 ≈ 12 %, L2 ≈ 70 %; one to four engine reasons each, drawn from the rule set's
own codes (level conditions mostly; a disqualifier, a cap, the quota or a project default now and then).

Prints, in the same run, wall and CPU time (this process's; PostgreSQL's own work is in its server process)
of `lab.report.implementation_report` (GROUP BY in the database; the reasons expanded there from their JSON
list) beside the old way (every review row read with `.values(...)` and counted in Python), best of `--runs`,
and whether both found the same figures.

Runs against DATABASE_URL (default: a temporary SQLite file; for PostgreSQL give e.g.
postgres://postgres@127.0.0.1:5432/danhgia_lab_bench — the database is created and dropped, unless --keep).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, cast

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.pipeline import build
from bench.workflow import NOW, _drop_postgres, setup_django


def old_report(cycles: Any) -> list[Any]:
    """The report as first written: every review row of each cycle read into Python and counted there."""
    from danhgia.apps.cycles.rulesets import cycle_rules
    from danhgia.apps.lab.report import Year
    from danhgia.apps.orgs.models import PATH_SEGMENT, Unit, UnitLink
    from danhgia.apps.orgs.selectors import in_force
    from danhgia.apps.reviews.facts import cycle_dates
    from danhgia.apps.reviews.models import Complaint, Review

    def result(row: Mapping[str, Any]) -> str:
        for status, level in (
            (row["decided_status"], row["decided_level"]),
            (row["verified_status"], row["verified_level"]),
            (row["engine_status"], row["engine_level"]),
        ):
            if status:
                return str(level) if status == "classified" else str(status)
        return ""

    years: dict[int, Any] = {}
    for cycle in cycles:
        rules = cycle_rules(cycle)
        year = years.setdefault(cycle.year, Year(cycle.year))
        year.cycles.append(cycle.name)
        year.rulesets.add(rules.id)
        year.quota_ratio = rules.quota_ratio
        stage = {rule.code: rule.stage for stages in rules.stages.values() for rule in stages}
        unconfirmed = {rule.code for stages in rules.stages.values() for rule in stages if not rule.confirmed}
        quota_codes = {rule.code for rule in rules.rules("quota")}
        rows = list(
            Review.objects.filter(cycle=cycle).values(
                "unit_id", "category", "decided_status", "decided_level", "verified_status", "verified_level",
                "engine_status", "engine_level", "engine_reasons",
            )
        )  # fmt: skip
        end = cycle_dates(cycle)[1]
        units = {r["unit_id"] for r in rows}
        paths = dict(UnitLink.objects.filter(in_force(end), unit_id__in=units).values_list("unit_id", "path"))
        tops = {pk: int(path[:PATH_SEGMENT]) for pk, path in paths.items()}
        names = dict(Unit.objects.filter(pk__in=set(tops.values())).values_list("pk", "name"))
        provinces = {pk: names.get(top, "") for pk, top in tops.items()}
        for row in rows:
            found = result(row)
            year.by_category[str(row["category"])][found] += 1
            year.by_province[provinces.get(row["unit_id"], "")][found] += 1
            year.levels[found] += 1
            codes = {str(r.get("code")) for r in row["engine_reasons"] or [] if isinstance(r, dict)}
            year.demoted += bool(codes & quota_codes)
            for code in codes:
                if stage.get(code) in ("disqualifier", "cap"):
                    year.deciding[code] += 1
                if code in unconfirmed:
                    year.defaults[code] += 1
        for state in Complaint.objects.filter(review__cycle=cycle).values_list("state", flat=True):
            year.complaints[state] += 1
    return [years[y] for y in sorted(years)]


def figures(years: list[Any]) -> list[dict[str, Any]]:
    """Every figure of each year, as plain values to compare."""
    return [
        {
            name: {k: dict(v) for k, v in value.items()} if name.startswith("by_") else value
            for name, value in vars(year).items()
        }
        for year in years
    ]


def fill(cycle: Any, province: Any, seed: int = 5) -> int:
    """One review per member of the province's cells, with drawn results (bulk-inserted, not measured)."""
    from danhgia.apps.cycles.models import QuotaGroup
    from danhgia.apps.cycles.rulesets import cycle_rules
    from danhgia.apps.orgs.models import CellMembership
    from danhgia.apps.reviews.models import Review

    rng = random.Random(seed)
    rules = cycle_rules(cycle)
    codes = {stage: [rule.code for rule in found] for stage, found in rules.stages.items()}
    group = QuotaGroup.objects.create(cycle=cycle, code="all", name="Đảng viên")
    statuses = ["classified"] * 92 + ["exempt"] * 8
    levels = ["L1"] * 12 + ["L2"] * 70 + ["L3"] * 14 + ["L4"] * 4

    def reasons(status: str) -> list[dict[str, str]]:
        drawn = [rng.choice(codes["eligibility"])] if status == "exempt" else []
        drawn += rng.sample(codes["level"], rng.randint(1, 3))
        for stage, share in (("disqualifier", 0.04), ("cap", 0.03), ("quota", 0.03)):
            if codes.get(stage) and rng.random() < share:
                drawn.append(rng.choice(codes[stage]))
        return [{"code": code, "source": "", "detail": ""} for code in drawn]

    rows = []
    for person_id, unit_id in CellMembership.objects.values_list("person_id", "cell_id").iterator():
        status = rng.choice(statuses)
        level = rng.choice(levels) if status == "classified" else ""
        basis = rng.random()
        decided = basis < 0.7
        verified = basis < 0.8
        rows.append(
            Review(
                cycle=cycle, subject_type="individual", category="member_outside", person_id=person_id,
                unit_id=unit_id, quota_group=group, state="published" if decided else "verified",
                engine_status=status, engine_level=level, engine_reasons=reasons(status),
                verified_status=status if verified else "", verified_level=level if verified else "",
                decided_status=status if decided else "", decided_level=level if decided else "",
            )
        )  # fmt: skip
    Review.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def timed(fn: Callable[[], Any], runs: int) -> tuple[float, float, Any]:
    """Best wall time and its CPU time over `runs`, and the last result."""
    best: tuple[float, float] | None = None
    result = None
    for _ in range(runs):
        wall, cpu = time.perf_counter(), time.process_time()
        result = fn()
        measured = (time.perf_counter() - wall, time.process_time() - cpu)
        best = measured if best is None or measured[0] < best[0] else best
    assert best is not None
    return best[0], best[1], result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--members", type=int, default=200_000)
    parser.add_argument("--districts", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--keep", action="store_true", help="keep the PostgreSQL database (to look at the plans)")
    args = parser.parse_args()
    url = setup_django(os.environ.get("DATABASE_URL"))

    from django.contrib.auth.models import User
    from django.db import connection

    from danhgia.apps.cycles.models import ReviewCycle
    from danhgia.apps.cycles.rulesets import record_version
    from danhgia.apps.cycles.services import cycle_create
    from danhgia.apps.lab.report import implementation_report, report_cycles
    from danhgia.apps.orgs.models import Unit

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, {connection.vendor}")
    started = time.perf_counter()
    province, _committees, users = build(args.members, args.districts)
    cycle = cycle_create(
        actor=cast(User, users["admin"]),
        name="Năm 2025",
        kind="year",
        year=2025,
        root=cast(Unit, province),
        ruleset="qd366-2025",
        now=NOW,
    )
    ReviewCycle.objects.filter(pk=cycle.pk).update(ruleset_sha256=record_version("qd366-2025", NOW).sha256)
    reviews = fill(ReviewCycle.objects.get(pk=cycle.pk), province)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"set-up: {reviews:,} reviews in {args.districts} districts, {time.perf_counter() - started:.1f} s")

    cycles = report_cycles(ReviewCycle.objects.all(), 2025, 2025)
    new_wall, new_cpu, new = timed(lambda: implementation_report(cycles), args.runs)
    old_wall, old_cpu, old = timed(lambda: old_report(cycles), args.runs)
    print(f"report, counted in the database: {new_wall:.2f} s (CPU of this process {new_cpu:.2f} s)")
    print(f"report, every row read and counted in Python: {old_wall:.2f} s (CPU {old_cpu:.2f} s)")
    print(f"ratio: {old_wall / new_wall:.1f}× wall, {old_cpu / max(new_cpu, 1e-6):.0f}× CPU of this process")
    print(f"same figures: {'yes' if figures(new) == figures(old) else 'NO'}")
    if url.startswith("postgres") and not args.keep:
        connection.close()
        _drop_postgres(url)
    return 0 if figures(new) == figures(old) else 1


if __name__ == "__main__":
    sys.exit(main())
