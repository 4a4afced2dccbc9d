"""Adding a rule set is a data change: a fifth rule-set file, in a folder named by DANHGIA_RULESET_DIRS, is
discovered, runs in the engine, and a cycle opened under it pins its version and is classified by it."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from danhgia.apps.cycles.models import CycleState, RulesetVersion
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.cycles.services import cycle_advance, cycle_create
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.services import verification_compute
from danhgia.apps.reviews.services.opening import cycle_open
from danhgia.apps.reviews.tests.test_cycle_qd366 import self_reviews
from danhgia.apps.reviews.tests.world import build_world
from danhgia.engine import builtin_ruleset, classify_scenario
from danhgia.engine.schema import RULESET_DIRS_VARIABLE, builtin_text, load_spec_text, ruleset_ids

pytestmark = pytest.mark.django_db
NOW = datetime(2025, 12, 10, 9, 0, tzinfo=UTC)
SHIPPED = ("qd132-2018", "qd124-2023", "qd366-2025", "nd335-2025")  # in the order they came into force
# A province's pilot rule set: 366's rules with level 2 from 85 points instead of 70.
FIFTH = (
    builtin_text("qd366-2025")
    .replace('id = "qd366-2025"', 'id = "pilot-2025"', 1)
    .replace('title = "Quy định 366-QĐ/TW', 'title = "Thí điểm theo Quy định 366-QĐ/TW', 1)
    .replace("params = { min = 70 }", "params = { min = 85 }", 1)
)


@pytest.fixture
def fifth(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    (tmp_path / "pilot-2025.toml").write_text(FIFTH, encoding="utf-8")
    monkeypatch.setenv(RULESET_DIRS_VARIABLE, str(tmp_path))
    builtin_ruleset.cache_clear()
    yield tmp_path
    builtin_ruleset.cache_clear()


def test_without_the_folder_there_are_the_four_shipped_rule_sets() -> None:
    assert ruleset_ids() == SHIPPED


def test_a_fifth_rule_set_file_is_discovered_and_runs_in_the_engine(fifth: Path) -> None:
    assert ruleset_ids() == ("qd132-2018", "qd124-2023", "pilot-2025", "qd366-2025", "nd335-2025")
    rules = builtin_ruleset("pilot-2025")
    assert (rules.id, rules.side, rules.scoring, rules.sha256) == (
        "pilot-2025",
        "party",
        "score",
        load_spec_text(FIFTH)[1],
    )
    document = {
        "format": "danhgia-scenario/1",
        "ruleset": "pilot-2025",
        "period": {"kind": "year", "year": 2025},
        "units": [{"id": "C1", "parent": None, "kind": "grassroots_cell"}],
        "subjects": [
            {
                "id": "P1",
                "type": "individual",
                "category": "staff",
                "unit": "C1",
                "score": 82,
                "tasks": {"assigned": 10, "completed": 10, "on_time": 10, "exceeded": 0},
            }
        ],
    }
    (shipped,) = classify_scenario(document | {"ruleset": "qd366-2025"}, lang="en")["results"]
    assert (shipped["status"], shipped["level"]) == ("classified", "L2")
    (result,) = classify_scenario(document, lang="en")["results"]
    assert (result["status"], result["level"]) == ("classified", "L3")  # 82 < 85: level 3 under the pilot


def test_a_cycle_under_the_fifth_rule_set_pins_its_version_and_is_classified_by_it(fifth: Path) -> None:
    world = build_world()
    cycle = cycle_create(
        actor=world.users["admin"],
        name="Thí điểm 2025",
        kind="year",
        year=2025,
        root=world.province,
        ruleset="pilot-2025",
    )
    cycle_open(cycle=cycle, actor=world.users["admin"], now=NOW)
    cycle.refresh_from_db()
    version = RulesetVersion.objects.get(sha256=cycle.ruleset_sha256)
    assert (version.ruleset, version.text) == ("pilot-2025", FIFTH)
    self_reviews(world)
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.VERIFICATION, now=NOW)
    verification_compute(cycle=cycle, unit=world.province, actor=world.users["thamdinh"], now=NOW)

    staff = Review.objects.get(cycle=cycle, person=world.people["P3"])  # 82 points: level 2 under 366, 3 here
    assert (staff.engine_status, staff.engine_level) == ("classified", "L3")
    assert cycle_rules(cycle).id == "pilot-2025"


def test_an_unknown_rule_set_is_refused_by_name() -> None:
    with pytest.raises(Exception, match="unknown rule set 'pilot-2025'"):
        builtin_ruleset("pilot-2025")
