"""Rule sets are data: outside the rule-set files, no code names a rule set to decide what to do.

A rule set's traits (party or state side, scoring, products table, printed forms, years of application, quota
ratios) are read from its file through the compiled rule set. The only places that may name a rule-set id are
data: the list of built-in files, their display names, the shipped criteria templates keyed by rule set, and
the demo's choice of rule set.
"""

from __future__ import annotations

import re
from pathlib import Path

from danhgia.engine.schema import ruleset_ids

ROOT = Path(__file__).resolve().parents[2] / "danhgia"
DATA = {
    "engine/schema.py",  # the built-in files
    "apps/boards/labels.py",  # their display names
    "apps/demo/cycles.py",  # the demo's cycles
    "apps/demo/lab.py",  # the demo's past years
}
DATA_FOLDERS = ("domain/scoring/defaults/",)  # the shipped criteria templates, keyed by rule set


def named_rulesets(root: Path) -> list[str]:
    """Every line of code under `root`, outside tests, migrations and the rule-set data, naming a rule set."""
    pattern = re.compile("|".join(re.escape(ruleset) for ruleset in ruleset_ids()))
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).as_posix()
        if "/tests/" in relative or "/migrations/" in relative or relative in DATA:
            continue
        if relative.startswith(DATA_FOLDERS):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if pattern.search(line):
                found.append(f"{relative}:{number}: {line.strip()}")
    return found


def test_no_code_outside_the_rule_set_data_names_a_rule_set() -> None:
    assert named_rulesets(ROOT) == []


def test_the_guard_finds_a_rule_set_named_in_code(tmp_path: Path) -> None:
    (tmp_path / "apps" / "reports").mkdir(parents=True)
    (tmp_path / "apps" / "reports" / "forms.py").write_text('if cycle.ruleset == "nd335-2025":\n    pass\n')
    (tmp_path / "apps" / "boards").mkdir()
    (tmp_path / "apps" / "boards" / "labels.py").write_text('NAMES = {"qd366-2025": "366"}\n')
    assert named_rulesets(tmp_path) == ['apps/reports/forms.py:1: if cycle.ruleset == "nd335-2025":']
