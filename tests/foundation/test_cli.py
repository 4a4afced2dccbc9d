from __future__ import annotations

import pytest

from danhgia import __version__
from danhgia.cli import main

from .helpers import danhgia


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
    assert result.stderr.splitlines()[-1] == (
        "danhgia: error: the following arguments are required: COMMAND"
    )


def test_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["frobnicate"]) == 2
    assert "invalid choice: 'frobnicate'" in capsys.readouterr().err


def test_manage_passes_through_to_django() -> None:
    result = danhgia("manage", "check", DJANGO_DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout == "System check identified no issues (0 silenced).\n"
