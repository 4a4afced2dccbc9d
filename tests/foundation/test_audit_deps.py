"""The dependency audit says "not checked" when the vulnerability database could not be asked, never "no known
vulnerabilities"."""

from __future__ import annotations

from tools.audit_deps import verdict


def test_packages_that_could_not_be_looked_up_make_the_audit_not_checked() -> None:
    report = {
        "dependencies": [
            {"name": "django", "version": "5.2.9", "vulns": []},
            {"name": "numpy", "skip_reason": "Dependency not found on PyPI and could not be audited: numpy (2.3)"},
        ]
    }
    assert verdict(report, "") == (
        "dependency audit: NOT CHECKED — 1 of 2 packages could not be looked up (the vulnerability database is not"
        " reachable from this machine)",
        0,
    )


def test_a_known_vulnerability_fails_and_names_the_package() -> None:
    report = {"dependencies": [{"name": "django", "version": "5.2.0", "vulns": [{"id": "PYSEC-2025-1"}]}]}
    assert verdict(report, "") == ("dependency audit: 1 known vulnerabilities: django 5.2.0 (PYSEC-2025-1)", 1)


def test_a_clean_report_and_a_failed_run() -> None:
    clean = {"dependencies": [{"name": "django", "version": "5.2.9", "vulns": []}]}
    assert verdict(clean, "") == ("dependency audit: 1 packages checked, no known vulnerabilities", 0)
    assert verdict(None, "No module named pip_audit") == (
        "dependency audit: NOT CHECKED — pip-audit could not run (No module named pip_audit)",
        0,
    )
