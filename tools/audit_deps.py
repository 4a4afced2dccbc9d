"""Audit the locked dependencies for known vulnerabilities with pip-audit, and say plainly when it could not.

pip-audit asks a vulnerability service about every package of requirements.lock. On a machine that cannot
reach it, pip-audit marks each package "could not be audited" and still prints "No known vulnerabilities
found": this script reads its JSON report instead and prints

    dependency audit: N packages checked, no known vulnerabilities
    dependency audit: NOT CHECKED — K of N packages could not be looked up (…)
    dependency audit: V known vulnerabilities in …            (exit 1)

usage: python tools/audit_deps.py [requirements.lock]
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"


def run_pip_audit(lock: Path) -> tuple[dict[str, Any] | None, str]:
    command = [
        sys.executable,
        "-m",
        "pip_audit",
        "-r",
        str(lock),
        "--require-hashes",
        "--disable-pip",
        "--progress-spinner",
        "off",
        "--format",
        "json",
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=600, check=False)
    try:
        return json.loads(done.stdout), ""
    except json.JSONDecodeError:
        lines = (done.stderr or done.stdout).strip().splitlines()
        return None, lines[-1] if lines else ""


def verdict(report: dict[str, Any] | None, error: str) -> tuple[str, int]:
    """The line to print and the exit code, from pip-audit's JSON report (None: pip-audit failed)."""
    if report is None:
        return f"dependency audit: NOT CHECKED — pip-audit could not run ({error or 'no report'})", 0
    packages = report.get("dependencies", [])
    skipped = [p["name"] for p in packages if p.get("skip_reason")]
    vulnerable = [(p["name"], p["version"], v["id"]) for p in packages for v in p.get("vulns", [])]
    if vulnerable:
        listed = ", ".join(f"{name} {version} ({vid})" for name, version, vid in vulnerable)
        return f"dependency audit: {len(vulnerable)} known vulnerabilities: {listed}", 1
    if skipped:
        return (
            f"dependency audit: NOT CHECKED — {len(skipped)} of {len(packages)} packages could not be looked up"
            " (the vulnerability database is not reachable from this machine)",
            0,
        )
    return f"dependency audit: {len(packages)} packages checked, no known vulnerabilities", 0


def main(argv: list[str]) -> int:
    lock = Path(argv[0]) if argv else LOCK
    line, code = verdict(*run_pip_audit(lock))
    print(line)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
