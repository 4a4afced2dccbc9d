"""A cycle is classified under the rule-set version it opened with: editing the rule-set file makes a new
version, which new cycles pin, while open cycles keep theirs."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from danhgia.apps.cycles import rulesets
from danhgia.apps.cycles.models import CycleState, RulesetVersion
from danhgia.apps.cycles.services import cycle_advance, cycle_create
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.services import verification_compute
from danhgia.apps.reviews.services.opening import cycle_open
from danhgia.apps.reviews.tests.test_cycle_qd366 import self_reviews
from danhgia.apps.reviews.tests.world import build_world
from danhgia.engine import builtin_ruleset, compile
from danhgia.engine.schema import builtin_text

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 12, 10, 9, 0, tzinfo=UTC)
ORIGINAL = builtin_text("qd366-2025")
# A local amendment: level 2 needs 85 points instead of 70.
AMENDED = ORIGINAL.replace("params = { min = 70 }", "params = { min = 85 }", 1)


@pytest.fixture
def editable_file(monkeypatch: pytest.MonkeyPatch) -> Iterator[dict[str, str]]:
    """The qd366-2025 file as the tests edit it (what `builtin_text` reads)."""
    files = {"qd366-2025": ORIGINAL}

    def read(ruleset: str) -> str:
        return files.get(ruleset) or builtin_text(ruleset)

    monkeypatch.setattr(compile, "builtin_text", read)
    monkeypatch.setattr(rulesets, "builtin_text", read)
    builtin_ruleset.cache_clear()
    yield files
    builtin_ruleset.cache_clear()


def test_an_open_cycle_keeps_its_version_when_the_file_changes(editable_file: dict[str, str]) -> None:
    world = build_world()
    cycle = cycle_create(
        actor=world.users["admin"], name="Năm 2025", kind="year", year=2025, root=world.province, ruleset="qd366-2025"
    )
    cycle_open(cycle=cycle, actor=world.users["admin"], now=NOW)
    cycle.refresh_from_db()
    pinned = cycle.ruleset_sha256
    assert list(RulesetVersion.objects.values_list("sha256", "text")) == [(pinned, ORIGINAL)]
    self_reviews(world)
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.VERIFICATION, now=NOW)

    editable_file["qd366-2025"] = AMENDED  # the file is edited while the cycle is open
    builtin_ruleset.cache_clear()
    verification_compute(cycle=cycle, unit=world.province, actor=world.users["thamdinh"], now=NOW)

    staff = Review.objects.get(cycle=cycle, person=world.people["P3"])  # 82 points
    assert (staff.engine_status, staff.engine_level) == ("classified", "L2")
    cycle.refresh_from_db()
    assert cycle.ruleset_sha256 == pinned

    # a cycle opened now pins the amended version, and is classified under it
    Review.objects.filter(cycle=cycle).delete()
    later = cycle_create(
        actor=world.users["admin"],
        name="Năm 2025 (b)",
        kind="year",
        year=2025,
        root=world.province,
        ruleset="qd366-2025",
    )
    cycle_open(cycle=later, actor=world.users["admin"], now=NOW)
    later.refresh_from_db()
    assert later.ruleset_sha256 != pinned
    assert RulesetVersion.objects.count() == 2
    assert RulesetVersion.objects.get(sha256=later.ruleset_sha256).text == AMENDED
    self_reviews(world)
    cycle_advance(cycle=later, actor=world.users["thamdinh"], to=CycleState.VERIFICATION, now=NOW)
    verification_compute(cycle=later, unit=world.province, actor=world.users["thamdinh"], now=NOW)
    staff = Review.objects.get(cycle=later, person=world.people["P3"])
    assert (staff.engine_status, staff.engine_level) == ("classified", "L3")


def test_a_version_cannot_be_changed() -> None:
    version = rulesets.record_version("nd335-2025", NOW)
    version.text = "edited"
    with pytest.raises(ValueError, match="immutable"):
        version.save()
    assert rulesets.record_version("nd335-2025", NOW).pk == version.pk  # the same text is one version
