"""Pipeline benchmark: a cycle's heavy steps province by province (danhgia/apps/pipeline) beside the old path.

    python bench/pipeline.py [--scale province|nation] [--members N] [--districts N]

`--scale province` (the default, what `make bench` runs): one province of ~200,000 members in 20 district
committees of 50-member cells. `--scale nation` builds 34 provinces of that size (≈ 6.8 M reviews; hours of
set-up and tens of GB on the 2-core machine: never run it on a shared machine). `--members` overrides the size.

Runs against DATABASE_URL (default: a temporary SQLite file; for PostgreSQL give e.g.
postgres://postgres@127.0.0.1:5432/danhgia_bench_pipeline — the database is created and dropped). Prints, in the
same run, each step's time and the process's peak memory (ru_maxrss so far):
- open: `cycle_open` as the pipeline's open job (it is one COPY already);
- compute: the pipeline's compute job over every district (the closure grown in a temporary table, the engine's
  columns read from SQL, `classify_facts`, reasons rendered once per distinct text, COPY back into a temporary
  table and one UPDATE of the changed rows per district) beside the old path, `verification_compute` (one
  scenario document, validated object by object), on one district, scaled to the province by reviews; then the
  reader alone beside the document path's read, and the reasons rendered at once beside one subject at a time;
- publish: the pipeline's publish job (decide what the rules allow, publish) after the engine's levels are
  accepted.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.workflow import NOW, START, _drop_postgres, setup_django, submit_all

SCALES = {"province": (200_000, 20), "nation": (34 * 200_000, 34 * 20)}


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build(members: int, districts: int, cell_size: int = 50) -> tuple[object, list[object], dict[str, object]]:
    """A province → `districts` committees → 50-member cells; bulk-inserted (not measured)."""
    from django.contrib.auth.models import User

    from danhgia.apps.access.models import Role, RoleAssignment
    from danhgia.apps.orgs.models import CellMembership, PartyMembership, Person, Unit, UnitKind, UnitLink
    from danhgia.apps.orgs.services import segment, unit_create

    province = unit_create(code="T", name="Tỉnh ủy", kind=UnitKind.PARTY_COMMITTEE, parent=None, valid_from=START)
    committees = [
        unit_create(
            code=f"D{d}", name=f"Đảng bộ {d}", kind=UnitKind.GRASSROOTS_COMMITTEE, parent=province, valid_from=START
        )
        for d in range(districts)
    ]
    cells_per = max(1, members // cell_size // districts)
    cells = Unit.objects.bulk_create(
        [
            Unit(code=f"C{d}.{i}", name=f"Chi bộ {d}.{i}", kind=UnitKind.CELL)
            for d in range(districts)
            for i in range(cells_per)
        ],
        batch_size=5000,
    )
    paths = {c.pk: UnitLink.objects.get(unit=c).path for c in committees}
    UnitLink.objects.bulk_create(
        [
            UnitLink(
                unit=u,
                parent=committees[i // cells_per],
                path=paths[committees[i // cells_per].pk] + segment(u.pk),
                depth=2,
                valid_from=START,
            )
            for i, u in enumerate(cells)
        ],
        batch_size=5000,
    )
    people = Person.objects.bulk_create(
        [Person(personnel_code=f"P{i}", full_name=f"Đảng viên {i}") for i in range(len(cells) * cell_size)],
        batch_size=5000,
    )
    PartyMembership.objects.bulk_create([PartyMembership(person=p, admitted_on=START) for p in people], batch_size=5000)
    CellMembership.objects.bulk_create(
        [CellMembership(person=p, cell=cells[i // cell_size], valid_from=START) for i, p in enumerate(people)],
        batch_size=5000,
    )
    users: dict[str, object] = {}
    for name, role in (("admin", Role.ADMINISTRATOR), ("verifier", Role.VERIFIER), ("decider", Role.DECIDER)):
        users[name] = User.objects.create_user(name, is_superuser=name == "admin")
        RoleAssignment.objects.create(user=users[name], role=role, unit=province, valid_from=START)
    return province, committees, users


def reader(cycle: object, district: object) -> None:
    """The compute step's reader on one district's closure, beside the document path (`scenario_for` →
    `document_facts`) on the same reviews, and the reasons rendered (vi + en) beside one subject at a time."""
    from django.db import transaction

    from danhgia.apps.pipeline.facts import cycle_fact_columns, document_facts, subtree_review_ids
    from danhgia.apps.reviews.facts import scenario_for
    from danhgia.engine import classify_facts
    from danhgia.engine.explain import subject_result, subject_results

    with transaction.atomic():
        own = subtree_review_ids(cycle, district)  # type: ignore[arg-type]
        wall, cpu = time.perf_counter(), time.process_time()
        columns = cycle_fact_columns(cycle, review_ids=own)  # type: ignore[arg-type]
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
        old_wall, old_cpu = time.perf_counter(), time.process_time()
        document_facts(scenario_for(cycle, columns.review_ids.tolist()), columns.rules)  # type: ignore[arg-type]
        old_wall, old_cpu = time.perf_counter() - old_wall, time.process_time() - old_cpu
    n = len(columns.review_ids)
    print(
        f"  reader on one district's closure ({n:,} reviews): closure + columns from SQL {wall:.2f} s "
        f"(CPU {cpu:.2f} s) vs the document path's read alone {old_wall:.2f} s (CPU {old_cpu:.2f} s)"
    )
    outcome = classify_facts(columns.rules, columns.facts)
    started = time.process_time()
    for lang in ("vi", "en"):
        subject_results(columns.rules, columns.facts, outcome, lang)
    batch = time.process_time() - started
    sample = min(n, 5_000)
    started = time.process_time()
    for lang in ("vi", "en"):
        for i in range(sample):
            subject_result(columns.rules, columns.facts, outcome, i, lang)
    single = (time.process_time() - started) * n / max(sample, 1)
    print(f"  reasons vi + en: each distinct text once {batch:.2f} s CPU vs one subject at a time {single:.2f} s CPU")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=SCALES, default="province")
    parser.add_argument("--members", type=int, help="members in all (default: the scale's)")
    parser.add_argument("--districts", type=int, help="district committees (default: the scale's)")
    parser.add_argument("--url", help="DATABASE_URL (default: the environment's, else a temporary SQLite file)")
    args = parser.parse_args()
    import os

    members, districts = SCALES[args.scale]
    members, districts = args.members or members, args.districts or districts
    url = setup_django(args.url or os.environ.get("DATABASE_URL"))

    from django.db import connection

    from danhgia.apps.cycles.models import CycleState, ReviewCycle
    from danhgia.apps.cycles.services import cycle_advance, cycle_create
    from danhgia.apps.pipeline.jobs import job_create, job_work
    from danhgia.apps.pipeline.models import JobShard
    from danhgia.apps.reviews.models import Review
    from danhgia.apps.reviews.services import reviews_accept_engine, verification_compute

    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, {connection.vendor}")
    started = time.perf_counter()
    province, committees, users = build(members, districts)
    print(f"set-up: {members:,} members in {districts} districts, {time.perf_counter() - started:.1f} s (not measured)")
    cycle = cycle_create(
        actor=users["admin"], name="Năm 2025", kind="year", year=2025, root=province, ruleset="qd366-2025", now=NOW
    )

    started = time.perf_counter()
    job_work(job_create(cycle=cycle, kind="open", actor=users["admin"], now=NOW), worker="bench")
    reviews = Review.objects.filter(cycle=cycle).count()
    print(f"open: {reviews:,} reviews in {time.perf_counter() - started:.1f} s, peak {peak_mib():,.0f} MiB")
    submit_all(cycle)
    cycle_advance(cycle=cycle, actor=users["admin"], to=CycleState.VERIFICATION, now=NOW)
    cycle = ReviewCycle.objects.get(pk=cycle.pk)

    started, cpu = time.perf_counter(), time.process_time()
    job = job_create(cycle=cycle, kind="compute", actor=users["verifier"], now=NOW)
    job_work(job, worker="bench")
    batch, cpu = time.perf_counter() - started, time.process_time() - cpu
    shards = list(JobShard.objects.filter(job=job).values_list("seconds", "worker"))
    computed = sum(1 for _seconds, worker in shards if not worker.endswith("(covered)"))
    print(
        f"compute (pipeline): {reviews:,} reviews in {batch:.1f} s ({reviews / batch:,.0f}/s; this process's CPU "
        f"{cpu:.1f} s; {computed} of {len(shards)} districts computed, the others covered by their closures; "
        f"slowest {max(s for s, _w in shards):.1f} s), peak {peak_mib():,.0f} MiB"
    )
    reader(cycle, committees[0])
    started = time.perf_counter()
    old = verification_compute(cycle=cycle, unit=committees[0], actor=users["verifier"], now=NOW)
    per_review = (time.perf_counter() - started) / old.reviews
    print(
        f"compute (old, verification_compute of one district: {old.reviews:,} reviews written with what they "
        f"depend on): {per_review * old.reviews:.1f} s, scaled to {reviews:,}: {per_review * reviews:.1f} s, "
        f"peak {peak_mib():,.0f} MiB"
    )

    reviews_accept_engine(reviews=Review.objects.filter(cycle=cycle), actor=users["admin"], now=NOW)
    cycle_advance(cycle=cycle, actor=users["admin"], to=CycleState.DECISION, now=NOW)
    started = time.perf_counter()
    job = job_create(cycle=cycle, kind="publish", actor=users["admin"], now=NOW)
    job_work(job, worker="bench")
    published = Review.objects.filter(cycle=cycle, state="published").count()
    print(
        f"publish (pipeline): {published:,} published in {time.perf_counter() - started:.1f} s, "
        f"peak {peak_mib():,.0f} MiB"
    )
    if url.startswith("postgres"):
        connection.close()
        _drop_postgres(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
