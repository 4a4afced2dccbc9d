"""`danhgia classify`: JSON out and exit 0, or one line on stderr, nothing on stdout and exit 2."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from danhgia.engine.cli import main

REPO = Path(__file__).resolve().parents[2]
PUBLIC = REPO / "tests" / "scenarios" / "public"
SCENARIO: dict[str, Any] = {
    "format": "danhgia-scenario/1",
    "ruleset": "qd366-2025",
    "period": {"kind": "year", "year": 2025},
    "units": [{"id": "C1", "parent": None, "kind": "grassroots_cell", "name": "Chi bộ Văn phòng"}],
    "subjects": [{"id": "P1", "type": "individual", "category": "staff", "unit": "C1", "score": 47}],
}


def run(args: list[str], capsys: pytest.CaptureFixture[str], stdin: str = "") -> tuple[int, str, str]:
    sys.stdin = io.StringIO(stdin)
    try:
        code = main(args)
    finally:
        sys.stdin = sys.__stdin__
    out, err = capsys.readouterr()
    return code, out, err


def test_a_file_is_classified_to_json_on_stdout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "s.json"
    path.write_text(json.dumps(SCENARIO, ensure_ascii=False), encoding="utf-8")
    code, out, err = run([str(path)], capsys)
    assert (code, err) == (0, "")
    result = json.loads(out)
    assert result["results"] == [
        {
            "subject": "P1",
            "status": "classified",
            "level": "L4",
            "flags": [],
            "reasons": [
                {
                    "code": "score_below_50",
                    "source": "366-QĐ/TW, Điều 11, khoản 4",
                    "detail": "Tổng điểm 47 dưới 50 điểm.",
                }
            ],
        }
    ]
    assert result["quota"] == [] and result["format"] == "danhgia-result/1"


def test_standard_input_and_english_texts(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(["-", "--lang", "en", "--indent", "1"], capsys, json.dumps(SCENARIO))
    assert code == 0
    assert json.loads(out)["results"][0]["reasons"][0]["detail"] == "Total score 47 is below 50 points."
    assert out.startswith('{\n "format"')


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("{", "danhgia classify: bad input: invalid JSON at line 1, column 2: Expecting property name"),
        ('{"score": NaN}', "danhgia classify: bad input: invalid JSON: NaN is not a JSON number"),
        ("[]", "danhgia classify: bad input: the scenario must be a JSON object"),
        (json.dumps(SCENARIO | {"ruleset": "qd1"}), "danhgia classify: bad input: ruleset: unknown rule set 'qd1'"),
    ],
)
def test_bad_input_prints_one_line_and_nothing_on_stdout(
    stdin: str, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["-"], capsys, stdin)
    assert (code, out) == (2, "")
    assert err.startswith(message) and err.count("\n") == 1


def test_an_unreadable_file_is_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run([str(tmp_path / "missing.json")], capsys)
    assert (code, out) == (2, "")
    assert err == f"danhgia classify: bad input: cannot read {tmp_path / 'missing.json'}: No such file or directory\n"
    latin = tmp_path / "latin.json"
    latin.write_bytes('{"x": "Sở"}'.encode("cp1258", errors="replace") + b"\xff")
    code, out, err = run([str(latin)], capsys)
    assert (code, out, err) == (2, "", f"danhgia classify: bad input: {latin} is not UTF-8 text\n")


def _public_scenarios() -> list[Path]:
    return sorted(p for p in PUBLIC.glob("*.json") if not p.name.endswith(".expected.json"))


def test_the_public_scenarios_are_in_the_repository() -> None:
    scenarios = _public_scenarios()
    assert scenarios, f"no public scenario in {PUBLIC}"
    assert all(p.with_name(p.stem + ".expected.json").is_file() for p in scenarios)


@pytest.mark.parametrize("path", _public_scenarios(), ids=lambda p: p.stem)
def test_a_public_scenario_passes_through_the_installed_command(path: Path) -> None:
    """The checks of the contract's examples (docs/engine-contract.md, introduction), on the installed command."""
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text(encoding="utf-8"))
    command = Path(sys.executable).with_name("danhgia")
    done = subprocess.run(
        [str(command), "classify", str(path)], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == expected["exit"], done.stderr
    if expected["exit"] != 0:
        assert done.stdout == ""
        assert done.stderr.strip() and done.stderr.count("\n") == 1, done.stderr
        return
    out = json.loads(done.stdout)
    results = {r["subject"]: r for r in out["results"]}
    for subject, want in expected["results"].items():
        got = results[subject]
        assert (got["status"], got["level"]) == (want["status"], want["level"]), subject
        assert set(want.get("flags", [])) <= set(got["flags"]), subject
        if got["status"] == "classified" and got["level"] != "L1":
            assert got["reasons"] and all(r["source"] for r in got["reasons"]), subject
    if "warnings" in expected:
        assert {w["code"] for w in out["warnings"]} == set(expected["warnings"])
    quota = {q["group"]: q for q in out["quota"]}
    for group, want in expected.get("quota", {}).items():
        assert {key: quota[group][key] for key in want} == want, group
