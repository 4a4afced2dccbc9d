"""Reading the environment into settings values. Only `config/` reads the environment."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

SUPPORTED_ENGINES = {
    "django.db.backends.sqlite3": "sqlite",
    "django.db.backends.postgresql": "postgresql",
}
SQLITE_INIT_COMMAND = "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL"


def env_flag(name: str, *, default: bool = False) -> bool:
    """True for 1/true/yes/on, False for 0/false/no/off/empty; anything else is an error."""
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} không hợp lệ (invalid {name}): {raw!r}; use 1 or 0")


def env_list(name: str, *, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def secret_key(*, debug: bool) -> str:
    """SECRET_KEY from the environment, else from the file SECRET_KEY_FILE names.

    Only a DEBUG run may fall back to a fixed development key.
    """
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    key_file = os.environ.get("SECRET_KEY_FILE", "").strip()
    if key_file:
        try:
            key = Path(key_file).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"SECRET_KEY_FILE không đọc được (unreadable SECRET_KEY_FILE): {key_file}: {exc.strerror}"
            ) from None
        if not key:
            raise ImproperlyConfigured(f"SECRET_KEY_FILE rỗng (empty SECRET_KEY_FILE): {key_file}")
        return key
    if debug:
        return "django-insecure-danhgia-development-only"
    raise ImproperlyConfigured(
        "SECRET_KEY chưa được đặt (SECRET_KEY is not set): set SECRET_KEY or SECRET_KEY_FILE, "
        "or DJANGO_DEBUG=1 for development"
    )


def database_from_url(url: str, *, base_dir: Path) -> dict[str, Any]:
    """One Django DATABASES entry from a DATABASE_URL (SQLite or PostgreSQL only)."""
    problem = "expected sqlite:///PATH or postgres://USER@HOST:PORT/NAME"
    scheme = url.split("://", 1)[0] if "://" in url else ""
    try:
        config: dict[str, Any] = dict(dj_database_url.parse(url))
    except ValueError:
        raise ImproperlyConfigured(_invalid_url(f"unsupported scheme {scheme!r}; {problem}")) from None
    kind = SUPPORTED_ENGINES.get(config.get("ENGINE", ""))
    if kind is None:
        raise ImproperlyConfigured(_invalid_url(f"unsupported scheme {scheme!r}; {problem}"))
    if not config.get("NAME"):
        raise ImproperlyConfigured(_invalid_url(f"no database name; {problem}"))
    if kind == "sqlite":
        return _sqlite(config, base_dir=base_dir)
    config["CONN_MAX_AGE"] = 60
    config["CONN_HEALTH_CHECKS"] = True
    return config


def _sqlite(config: dict[str, Any], *, base_dir: Path) -> dict[str, Any]:
    name = str(config["NAME"])
    if name != ":memory:" and not Path(name).is_absolute():
        name = str(base_dir / name)
    return {
        "ENGINE": config["ENGINE"],
        "NAME": name,
        "OPTIONS": {"init_command": SQLITE_INIT_COMMAND, "transaction_mode": "IMMEDIATE"},
    }


def _invalid_url(detail: str) -> str:
    return f"DATABASE_URL không hợp lệ (invalid DATABASE_URL): {detail}"
