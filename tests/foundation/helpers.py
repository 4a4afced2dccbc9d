"""Running the project's commands in a subprocess, as an operator would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent.parent


def clean_environment(**overrides: str) -> dict[str, str]:
    """The test process's environment without the variables pytest, the settings and the browser tests set."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "SECRET_KEY", "DATABASE_URL", "DJANGO_DEBUG"}
        and key != "DJANGO_ALLOW_ASYNC_UNSAFE"  # set by the browser tests (tests/e2e/conftest.py)
    }
    env.update(overrides)
    return env


def run(
    args: list[str], *, env: dict[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        args,
        cwd=REPO_ROOT,
        env=clean_environment(**(env or {})),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def manage(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run([sys.executable, "manage.py", *args], env=env)


def danhgia(*args: str, stdin: str | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    return run([str(Path(sys.executable).parent / "danhgia"), *args], env=env, stdin=stdin)
