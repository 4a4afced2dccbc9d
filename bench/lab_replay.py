"""Rule-lab benchmark: replaying a province's cycle under a draft, beside recomputing through the per-subject path.

    python bench/lab_replay.py [--cells 40] [--members 100]

Builds a province of `cells` × `members` party members (bench/workflow.py's builder) with a 2025 cycle under
366-QĐ/TW and a draft lowering the L1 ratio to 15 %. Prints, in the same run:
- the replay (`lab.replay.replay_cycle`: the cycle's facts read once as engine columns, the cycle's rules and
  the draft each classified over whole columns, the comparison), split into reading and classifying;
- the per-subject path: for each subject, its scenario (the subject with what its result depends on, its
  quota group included) built and classified under the draft, as the web's one-review computation does —
  measured on a sample and scaled to the province (said so).
Runs against DATABASE_URL (default: a temporary SQLite file). Keep it at province scale or smaller here.
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from bench.workflow import NOW, build, setup_django, submit_all

SAMPLE = 20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cells", type=int, default=40)
    parser.add_argument("--members", type=int, default=100)
    args = parser.parse_args()
    setup_django(os.environ.get("DATABASE_URL"))
    from django.db import connection

    from danhgia.apps.cycles.models import ReviewCycle, RulesetVersion
    from danhgia.apps.cycles.services import cycle_create
    from danhgia.apps.lab.facts import cycle_facts
    from danhgia.apps.lab.replay import replay_cycle
    from danhgia.apps.lab.services import draft_create, draft_set_parameters
    from danhgia.apps.lab.validation import compiled_draft
    from danhgia.apps.reviews.facts import scenario_for
    from danhgia.apps.reviews.models import Review
    from danhgia.apps.reviews.services.opening import cycle_open
    from danhgia.apps.reviews.services.verification import scope_closure
    from danhgia.engine import classify_facts, classify_scenario

    print(f"database: {connection.vendor}")
    world = build(cells=args.cells, members=args.members)
    admin = world.users["admin"]
    cycle = cycle_create(
        actor=admin, name="Năm 2025", kind="year", year=2025, root=world.province, ruleset="qd366-2025", now=NOW
    )
    cycle_open(cycle=cycle, actor=admin, now=NOW)
    cycle = ReviewCycle.objects.get(pk=cycle.pk)
    submit_all(cycle)
    draft = draft_create(
        base=RulesetVersion.objects.get(sha256=cycle.ruleset_sha256),
        title="Tỷ lệ 15 %",
        owner=world.province,
        actor=admin,
        now=NOW,
    )
    draft = draft_set_parameters(draft=draft, values={"quota_ratio": {"value": "3/20"}}, actor=admin, now=NOW)
    rules = compiled_draft(draft.text)
    subjects = Review.objects.filter(cycle=cycle).count()

    started = time.perf_counter()
    replay = replay_cycle(cycle, rules)
    replayed = time.perf_counter() - started
    read_started = time.perf_counter()
    facts = cycle_facts(cycle, rules)
    read = time.perf_counter() - read_started
    classify_started = time.perf_counter()
    classify_facts(rules, facts)
    classified = time.perf_counter() - classify_started

    ids = list(Review.objects.filter(cycle=cycle).values_list("pk", flat=True))
    sample = random.Random(3).sample(ids, min(SAMPLE, len(ids)))
    naive_started = time.perf_counter()
    for pk in sample:
        classify_scenario(scenario_for(cycle, scope_closure(cycle, {pk})), ruleset=rules)
    per_subject = (time.perf_counter() - naive_started) / len(sample)

    print(f"province: {subjects} subjects in {args.cells} cells; {len(replay.moved)} move under the draft")
    print(f"replay (columns, both rule sets, comparison): {replayed:.2f} s")
    print(f"  of which reading the facts once: {read:.2f} s; classifying under one rule set: {classified:.3f} s")
    print(
        f"per-subject path: {per_subject * 1000:.0f} ms a subject (sample of {len(sample)}), "
        f"≈ {per_subject * subjects:.0f} s for the province (scaled, not measured)"
    )
    print(f"speed-up: ×{per_subject * subjects / replayed:.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
