"""tools/conformity.py: which tests name a rule code (found in the test files, never at page time), and the
committed index and docs/conformity.md are current — the check fails the suite when either is stale."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from danhgia.apps.rules.basis import CoveringTest
from tools.conformity import DOC_PATH, REPO, find_test_files, main, render_document, scan_tests, stale_files

RULESETS = ("qd132-2018", "qd366-2025", "nd335-2025")


def write(root: Path, path: str, text: str) -> Path:
    target = root / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(textwrap.dedent(text), encoding="utf-8")
    return target


def test_the_committed_index_and_document_are_current() -> None:
    assert stale_files() == [], "run `python tools/conformity.py --write` and commit the two files"


def test_a_test_names_a_code_in_its_strings_decorators_and_the_constants_it_uses(tmp_path: Path) -> None:
    write(
        tmp_path,
        "tests/engine/test_one.py",
        """
        import pytest

        EXPECTED = {"qd366-2025": ["head_capped_by_unit"]}
        UNUSED = ["sick_leave_cap"]


        def scenario(ruleset="qd132-2018"):
            return {"ruleset": ruleset}


        def test_head():
            assert EXPECTED["qd366-2025"] == ["head_capped_by_unit"]


        @pytest.mark.parametrize("code", ["duty_discipline", "not_a_rule"])
        def test_param(code):
            scenario()


        class TestGroup:
            def test_in_a_class(self):
                assert "reasons: sick_leave_cap, degradation."

            def helper(self):
                return "worked_less_than_6_months"
        """,
    )
    write(
        tmp_path,
        "danhgia/apps/x/tests/test_two.py",
        'def test_state():\n    assert "nd335-2025 worked_less_than_6_months"\n',
    )
    write(tmp_path, "danhgia/apps/rules/tests/test_page.py", 'def test_page():\n    assert "head_capped_by_unit"\n')
    codes = ["degradation", "duty_discipline", "head_capped_by_unit", "sick_leave_cap", "worked_less_than_6_months"]
    files = find_test_files(tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in files] == [
        "danhgia/apps/x/tests/test_two.py",
        "tests/engine/test_one.py",
    ]
    assert scan_tests(files, codes, RULESETS, tmp_path) == {
        "degradation": (CoveringTest("tests/engine/test_one.py::TestGroup::test_in_a_class", ()),),
        "duty_discipline": (CoveringTest("tests/engine/test_one.py::test_param", ("qd132-2018",)),),
        "head_capped_by_unit": (CoveringTest("tests/engine/test_one.py::test_head", ("qd366-2025",)),),
        "sick_leave_cap": (CoveringTest("tests/engine/test_one.py::TestGroup::test_in_a_class", ()),),
        "worked_less_than_6_months": (CoveringTest("danhgia/apps/x/tests/test_two.py::test_state", ("nd335-2025",)),),
    }


def test_the_document_lists_every_rule_set_with_its_defaults_marked() -> None:
    text = DOC_PATH.read_text(encoding="utf-8")
    assert text.startswith("# Basis of classification (conformity)\n")
    for heading in ("## qd132-2018 — ", "## qd124-2023 — ", "## qd366-2025 — ", "## nd335-2025 — "):
        assert text.count(heading) == 1
    head = next(line for line in text.splitlines() if line.startswith("| `head_capped_by_unit`") and "366" in line)
    assert "**project default** — no source confirms it yet" in head
    assert render_document([]).count("## ") == 0


def test_the_tool_checks_and_refuses_unknown_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check"]) == 0
    assert main(["--frobnicate"]) == 2
    assert "usage: python tools/conformity.py [--write | --check]" in capsys.readouterr().err
    assert Path(__file__).resolve().parents[4] == REPO
