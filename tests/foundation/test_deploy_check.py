"""`manage.py check --deploy` with the production settings reports nothing, warnings included."""

from __future__ import annotations

import secrets

from .helpers import manage

CLEAN = "System check identified no issues (0 silenced).\n"


def production(**env: str) -> dict[str, str]:
    """What a deployment sets: the settings module, a database, a strong secret key, the audit key (ADR 0008)."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": "sqlite://:memory:",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DANHGIA_AUDIT_KEY": f"deploy-check:{secrets.token_hex(32)}",
        **env,
    }


def test_the_production_settings_pass_the_deployment_checks() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production())

    assert (result.returncode, result.stdout, result.stderr) == (0, CLEAN, "")


def test_turning_the_second_factor_off_in_production_is_reported() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production(DANHGIA_REQUIRE_2FA="0"))

    assert result.returncode == 1
    assert "(access.W001) DANHGIA_REQUIRE_2FA is off: administrators and deciders log in with a password alone." in (
        result.stderr
    )
    assert "HINT: Unset DANHGIA_REQUIRE_2FA (production turns it on) or set it to 1." in result.stderr


def test_leaving_hsts_preload_out_is_reported() -> None:
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production(DJANGO_SECURE_HSTS_PRELOAD="0"))

    assert result.returncode == 1
    assert "(security.W021)" in result.stderr
