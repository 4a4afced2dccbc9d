"""Rule sets found as data in further folders (`DANHGIA_RULESET_DIRS`): a file that names itself otherwise is
refused, and a file that is not TOML neither breaks nor reorders the list of the others."""

from __future__ import annotations

from pathlib import Path

import pytest

from danhgia.engine.compile import builtin_ruleset
from danhgia.engine.errors import ScenarioError
from danhgia.engine.schema import RULESET_DIRS_VARIABLE, builtin_text, ruleset_ids


def test_a_file_naming_another_rule_set_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = builtin_text("qd366-2025")
    (tmp_path / "renamed-2030.toml").write_text(text, encoding="utf-8")
    monkeypatch.setenv(RULESET_DIRS_VARIABLE, str(tmp_path))

    with pytest.raises(ScenarioError) as refused:
        builtin_ruleset("renamed-2030")

    assert str(refused.value) == "ruleset: the file of rule set 'renamed-2030' names itself 'qd366-2025'"


def test_a_file_that_is_not_toml_is_listed_first_and_the_others_keep_their_order(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(RULESET_DIRS_VARIABLE, raising=False)
    shipped = ruleset_ids()
    (tmp_path / "broken.toml").write_text("[ruleset\nid = ", encoding="utf-8")
    monkeypatch.setenv(RULESET_DIRS_VARIABLE, str(tmp_path))

    ids = ruleset_ids()

    assert shipped == ("qd132-2018", "qd124-2023", "qd366-2025", "nd335-2025")
    assert ids == ("broken", *shipped)
    with pytest.raises(ScenarioError):
        builtin_ruleset("broken")
