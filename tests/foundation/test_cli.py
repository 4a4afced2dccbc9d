from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from danhgia import __version__
from danhgia.cli import main

from .helpers import danhgia, run


def test_version_command_prints_the_version() -> None:
    result = danhgia("version")

    assert result.returncode == 0
    assert result.stdout == "danhgia 0.1.0\n"
    assert __version__ == "0.1.0"


def test_version_flag_prints_the_version() -> None:
    result = danhgia("--version")

    assert result.returncode == 0
    assert result.stdout == "danhgia 0.1.0\n"


def test_help_lists_the_commands() -> None:
    result = danhgia("--help")

    assert result.returncode == 0
    assert result.stdout.startswith("usage: danhgia [-h] [--version] COMMAND ...\n")
    for command in ("version", "classify", "manage"):
        assert f"\n    {command} " in result.stdout
    assert result.stderr == ""


def test_no_command_is_a_usage_error() -> None:
    result = danhgia()

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.splitlines()[-1] == ("danhgia: error: the following arguments are required: COMMAND")


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


def test_manage_passes_through_to_django() -> None:
    result = danhgia("manage", "check", DJANGO_DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"


SCENARIO = {
    "format": "danhgia-scenario/1",
    "ruleset": "nd335-2025",
    "period": {"kind": "year", "year": 2026},
    "units": [{"id": "A", "parent": None, "kind": "agency"}],
    "subjects": [{"id": "P1", "type": "individual", "category": "staff", "unit": "A", "score": 75}],
}
CLASSIFY_WITHOUT_DJANGO = (
    "import sys; from danhgia.cli import main; code = main(sys.argv[1:]); "
    "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.')); "
    "sys.stderr.write(f'django modules: {loaded}\\n'); sys.exit(code)"
)


def test_classify_delegates_to_the_engine_without_importing_django() -> None:
    result = run(
        [sys.executable, "-c", CLASSIFY_WITHOUT_DJANGO, "classify", "-"],
        stdin=json.dumps(SCENARIO),
    )

    assert result.returncode == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["format"] == "danhgia-result/1"
    assert [r["subject"] for r in output["results"]] == ["P1"]
    assert result.stderr == "django modules: []\n"


def test_classify_reads_a_file(tmp_path: Path) -> None:
    scenario = tmp_path / "scenario.json"
    scenario.write_text(json.dumps(SCENARIO), encoding="utf-8")

    result = danhgia("classify", str(scenario))

    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["ruleset"] == "nd335-2025"


def test_classify_bad_input_exits_2_with_one_line() -> None:
    result = danhgia("classify", "-", stdin="{not json")

    assert result.returncode == 2
    assert result.stdout == ""
    assert len([line for line in result.stderr.splitlines() if line.strip()]) == 1
    assert "Traceback" not in result.stderr


def test_classify_help_is_the_engines_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classify", "--help"]) == 0
    assert capsys.readouterr().out.startswith("usage: danhgia classify")


def test_run_with_django_reports_a_bad_configuration_and_does_not_run_the_command() -> None:
    code = (
        "import sys; from danhgia.bootstrap import run_with_django; "
        "sys.exit(run_with_django(lambda: print('ran') or 0))"
    )

    result = run([sys.executable, "-c", code], env={"DATABASE_URL": "foo://bar", "DJANGO_DEBUG": "1"})

    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("danhgia: DATABASE_URL không hợp lệ (invalid DATABASE_URL): ")


def test_run_with_django_runs_the_command_with_django_ready() -> None:
    code = (
        "import sys; from danhgia.bootstrap import run_with_django; "
        "from django.conf import settings; "
        "sys.exit(run_with_django(lambda: print(settings.LANGUAGE_CODE, settings.DEBUG) or 7))"
    )

    result = run([sys.executable, "-c", code], env={"DJANGO_DEBUG": "1"})

    assert result.returncode == 7
    assert result.stdout == "vi True\n"
