"""The batch path gives the per-subject path's results, writes them per province, and audits them."""

from __future__ import annotations

import random
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import numpy as np
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.audit.services import audit_verify
from danhgia.apps.cycles.models import CycleState, ReviewCycle
from danhgia.apps.cycles.services import cycle_advance, cycle_create
from danhgia.apps.orgs.models import Unit
from danhgia.apps.pipeline.compute import ENGINE_FIELDS, write_engine_results
from danhgia.apps.pipeline.facts import cycle_fact_columns, cycle_shards, shard_review_ids
from danhgia.apps.pipeline.jobs import job_create, job_progress, job_work
from danhgia.apps.pipeline.models import JobState
from danhgia.apps.reviews.bulk import update_rows
from danhgia.apps.reviews.facts import scenario_for
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.services import verification_compute
from danhgia.apps.reviews.services.opening import cycle_open
from danhgia.apps.reviews.tests.world import replay_grounds
from danhgia.engine import prepare

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 1, 12, 9, 0, tzinfo=UTC)
GRADES = ("XS", "T", "TB", "K")


def random_answers(rng: random.Random, grades: bool) -> tuple[dict[str, Any], Decimal | None]:
    assigned = rng.randint(0, 12)
    completed = rng.randint(0, assigned)
    on_time = rng.randint(0, completed)
    answers: dict[str, Any] = {
        "tasks": {
            "assigned": assigned,
            "completed": completed,
            "on_time": on_time,
            "exceeded": rng.randint(0, completed),
            "key_missed": rng.choice((0, 0, 1)),
        }
    }
    if rng.random() < 0.3:
        noted = rng.randint(0, 3)
        answers["shortcomings"] = {"noted": noted, "remedied": rng.randint(0, noted)}
    if rng.random() < 0.2:
        answers["specific_products"] = False
    if grades:
        answers["grades"] = {k: rng.choice(GRADES) for k in ("politics", "ethics", "discipline", "style", "tasks")}
    score = None if grades or rng.random() < 0.1 else Decimal(rng.randint(40, 100))
    return answers, score


def demo_cycle(ruleset: str, seed: int) -> ReviewCycle:
    call_command("demo_setup", force=True, verbosity=0)
    admin = User.objects.get(username="admin")
    commune = Unit.objects.get(code="T27.X001")
    cycle = cycle_create(
        actor=admin,
        name=f"Năm 2025 ({ruleset})",
        kind="year",
        year=2025,
        root=commune,
        ruleset=ruleset,
        replay_grounds=replay_grounds(ruleset, 2025),
        now=NOW,
    )
    cycle_open(cycle=cycle, actor=admin, now=NOW)
    rng = random.Random(seed)
    rows = []
    for pk in Review.objects.filter(cycle=cycle).order_by("pk").values_list("pk", flat=True):
        answers, score = random_answers(rng, ruleset == "qd124-2023")
        rows.append([answers, score, rng.choice((ReviewState.SUBMITTED, ReviewState.DRAFT)), pk])
    update_rows(Review, ("answers", "score", "state"), rows)
    cycle_advance(cycle=cycle, actor=User.objects.get(username="thamdinh"), to=CycleState.VERIFICATION, now=NOW)
    return ReviewCycle.objects.get(pk=cycle.pk)


def engine_rows(cycle: ReviewCycle) -> dict[int, tuple[Any, ...]]:
    return {row[0]: row[1:] for row in Review.objects.filter(cycle=cycle).values_list("pk", *ENGINE_FIELDS)}


@pytest.mark.parametrize(("ruleset", "seed"), [("qd366-2025", 1), ("qd366-2025", 2), ("qd124-2023", 3)])
def test_batch_levels_equal_the_per_subject_path(ruleset: str, seed: int) -> None:
    cycle = demo_cycle(ruleset, seed)
    verifier = User.objects.get(username="thamdinh")
    verification_compute(cycle=cycle, unit=cycle.root, actor=verifier, now=NOW)
    expected = engine_rows(cycle)
    assert len({row[0] for row in expected.values()}) >= 2  # the random trees reach several outcomes
    update_rows(Review, ENGINE_FIELDS, [["", "", [], [], pk] for pk in expected])
    entries = AuditEntry.objects.count()

    job = job_create(cycle=cycle, kind="compute", actor=verifier, now=NOW)
    job_work(job, worker="test")

    assert engine_rows(cycle) == expected
    progress = job_progress(job)
    assert (progress.state, progress.done, progress.failed, progress.reviews) == (
        JobState.DONE,
        len(cycle_shards(cycle)),
        0,
        len(expected),
    )
    shard_entries = AuditEntry.objects.filter(action="verification_compute", object_type="shard")
    computed = job.shards.exclude(worker__endswith="(covered)")
    assert shard_entries.count() == computed.count() >= 1
    assert {(e.after or {})["shard"] for e in shard_entries} == set(computed.values_list("key", flat=True))
    assert AuditEntry.objects.count() > entries
    assert audit_verify() == []


def test_fact_columns_equal_the_document_encoding() -> None:
    cycle = demo_cycle("qd366-2025", 5)
    columns = cycle_fact_columns(cycle)
    _rules, _scenario, facts = prepare(scenario_for(cycle, columns.review_ids.tolist()), columns.rules)
    assert columns.own.all()
    assert list(columns.facts.ids) == list(facts.ids) == [f"R{pk}" for pk in columns.review_ids.tolist()]
    for name in facts.__dataclass_fields__:
        if name in ("_cache", "led_subject", "led_unit"):
            continue
        mine, theirs = getattr(columns.facts, name), getattr(facts, name)
        if isinstance(theirs, np.ndarray):
            np.testing.assert_array_equal(mine, theirs, err_msg=name)
        elif name == "conclusions":
            for key in theirs:
                np.testing.assert_array_equal(mine[key], theirs[key], err_msg=key)
        elif name in ("discipline", "member_discipline"):
            for field in theirs.__dataclass_fields__:
                np.testing.assert_array_equal(getattr(mine, field), getattr(theirs, field), err_msg=field)
        else:
            assert mine == theirs, name
    # the leadership edges as a set (the column path orders them, the document path keeps their order)
    edges = set(zip(columns.facts.led_subject.tolist(), columns.facts.led_unit.tolist(), strict=True))
    assert edges == set(zip(facts.led_subject.tolist(), facts.led_unit.tolist(), strict=True))


def test_a_province_subtree_reads_only_its_reviews_and_what_they_depend_on() -> None:
    cycle = demo_cycle("qd366-2025", 6)
    shard = cycle_shards(cycle)[0]
    columns = cycle_fact_columns(cycle, shard.unit_id)
    own = set(shard_review_ids(cycle, shard).tolist())
    assert set(columns.review_ids[columns.own].tolist()) == own
    assert own <= set(columns.review_ids.tolist())
    assert len(columns.review_ids) < Review.objects.filter(cycle=cycle).count()


def test_bad_self_review_data_fails_the_shard_with_the_subject_named_and_writes_nothing() -> None:
    cycle = demo_cycle("qd366-2025", 7)
    bad = Review.objects.filter(cycle=cycle).order_by("pk").first()
    assert bad is not None
    update_rows(
        Review, ("answers",), [[{"tasks": {"assigned": 1, "completed": 5, "on_time": 0, "exceeded": 0}}, bad.pk]]
    )
    job = job_create(cycle=cycle, kind="compute", actor=User.objects.get(username="thamdinh"), now=NOW)
    job_work(job, worker="test")
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert f"R{bad.pk}" in job.message and "tasks" in job.message
    failed = list(job.shards.filter(state="failed"))
    assert failed and all(f"R{bad.pk}" in shard.error for shard in failed)
    for shard in failed:  # a failed province wrote nothing
        ids = shard_review_ids(cycle, _shard(shard)).tolist()
        assert not Review.objects.filter(pk__in=ids).exclude(engine_status="").exists()


def _shard(row: Any) -> Any:
    from danhgia.apps.pipeline.facts import Shard

    return Shard(row.key, row.unit_id, row.name)


def test_results_are_written_back_verbatim_and_an_unchanged_result_is_not_rewritten() -> None:
    cycle = demo_cycle("qd366-2025", 8)
    first, second = Review.objects.filter(cycle=cycle).order_by("pk").values_list("pk", flat=True)[:2]
    awkward = 'Điểm "90" \\ tab\there, dòng\nmới; ký tự \\u00e9 \\N'
    reasons = [{"code": "level2_score", "source": "Điều 5 \\ khoản 2", "detail": awkward, "detail_en": awkward}]
    rows = [(first, "classified", "L2", reasons, ["quota_tie"]), (second, "exempt", "", [], [])]
    write_engine_results(rows)
    stored = dict(Review.objects.filter(pk__in=[first, second]).values_list("pk", "engine_reasons"))
    assert engine_rows(cycle)[first] == ("classified", "L2", reasons, ["quota_tie"])
    assert engine_rows(cycle)[second] == ("exempt", "", [], [])
    assert stored[first][0]["detail"] == awkward
    before = _versions([first, second])
    write_engine_results(rows)  # the same results again: no row is rewritten (on PostgreSQL, no new row version)
    assert engine_rows(cycle)[first] == ("classified", "L2", reasons, ["quota_tie"])
    assert _versions([first, second]) == before


def _versions(pks: list[int]) -> list[str]:
    """Where each row's current version lies (PostgreSQL's ctid: an UPDATE moves it), else nothing to compare."""
    if connection.vendor != "postgresql":
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT ctid::text FROM reviews_review WHERE id = ANY(%s) ORDER BY id", [pks])
        return [row[0] for row in cursor.fetchall()]
