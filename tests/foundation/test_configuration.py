"""Configuration errors are the operator's input: one clear line and exit 2, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from config.env import SQLITE_INIT_COMMAND, database_from_url, env_flag, env_list, secret_key

from .helpers import danhgia, manage

INVALID_SCHEME = (
    "danhgia: DATABASE_URL không hợp lệ (invalid DATABASE_URL): unsupported scheme {scheme}; "
    "expected sqlite:///PATH or postgres://USER@HOST:PORT/NAME"
)


def assert_one_line_error(stderr: str, expected: str) -> None:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert "Traceback" not in stderr
    assert lines == [expected]


@pytest.mark.parametrize(
    ("url", "scheme"),
    [("foo://bar", "'foo'"), ("notaurl", "''"), ("mysql://root@localhost/danhgia", "'mysql'")],
)
def test_manage_py_reports_a_malformed_database_url_in_one_line(url: str, scheme: str) -> None:
    result = manage("check", DATABASE_URL=url, DJANGO_DEBUG="1")

    assert result.returncode == 2
    assert result.stdout == ""
    assert_one_line_error(result.stderr, INVALID_SCHEME.format(scheme=scheme))


def test_danhgia_cli_reports_a_malformed_database_url_in_one_line() -> None:
    result = danhgia("manage", "check", DATABASE_URL="foo://bar", DJANGO_DEBUG="1")

    assert result.returncode == 2
    assert result.stdout == ""
    assert_one_line_error(result.stderr, INVALID_SCHEME.format(scheme="'foo'"))


def test_database_url_without_a_database_name_is_reported() -> None:
    result = manage("check", DATABASE_URL="postgres://postgres@127.0.0.1:5432", DJANGO_DEBUG="1")

    assert result.returncode == 2
    assert_one_line_error(
        result.stderr,
        "danhgia: DATABASE_URL không hợp lệ (invalid DATABASE_URL): no database name; "
        "expected sqlite:///PATH or postgres://USER@HOST:PORT/NAME",
    )


def test_missing_secret_key_without_debug_is_reported_in_one_line() -> None:
    result = manage("check")

    assert result.returncode == 2
    assert_one_line_error(
        result.stderr,
        "danhgia: SECRET_KEY chưa được đặt (SECRET_KEY is not set): set SECRET_KEY or "
        "SECRET_KEY_FILE, or DJANGO_DEBUG=1 for development",
    )


def test_malformed_debug_flag_is_reported_in_one_line() -> None:
    result = manage("check", DJANGO_DEBUG="maybe")

    assert result.returncode == 2
    assert_one_line_error(
        result.stderr,
        "danhgia: DJANGO_DEBUG không hợp lệ (invalid DJANGO_DEBUG): 'maybe'; use 1 or 0",
    )


def test_sqlite_database_runs_in_wal_mode(tmp_path: Path) -> None:
    database = tmp_path / "wal.sqlite3"
    code = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0]); "
        "c.execute('PRAGMA synchronous'); print(c.fetchone()[0]); "
        "c.execute('PRAGMA foreign_keys'); print(c.fetchone()[0])"
    )

    result = manage("shell", "--no-imports", "-c", code, DATABASE_URL=f"sqlite:///{database}", DJANGO_DEBUG="1")

    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-3:] == ["wal", "1", "1"]  # WAL, synchronous=NORMAL, foreign keys


def test_settings_defaults() -> None:
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.LANGUAGES == [("vi", "Tiếng Việt"), ("en", "English")]
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ is True
    assert settings.USE_I18N is True
    assert settings.DEBUG is False
    # the test runner appends "testserver"
    assert settings.ALLOWED_HOSTS[:3] == ["localhost", "127.0.0.1", "[::1]"]
    assert settings.LOCALE_PATHS == [settings.BASE_DIR / "locale"]
    middleware = settings.MIDDLEWARE
    assert middleware.index("django.contrib.sessions.middleware.SessionMiddleware") < (
        middleware.index("django.middleware.locale.LocaleMiddleware")
    )
    assert middleware.index("django.middleware.locale.LocaleMiddleware") < (
        middleware.index("django.middleware.common.CommonMiddleware")
    )


def test_sqlite_url_with_a_relative_path_is_resolved_against_the_base_directory() -> None:
    config = database_from_url("sqlite:///db.sqlite3", base_dir=Path("/srv/danhgia"))

    assert config == {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": "/srv/danhgia/db.sqlite3",
        "OPTIONS": {"init_command": SQLITE_INIT_COMMAND, "transaction_mode": "IMMEDIATE"},
    }


def test_postgres_url_keeps_connections_open_and_checks_them() -> None:
    config = database_from_url("postgres://danhgia:secret@db.internal:5433/danhgia", base_dir=Path("/srv"))

    assert {key: config[key] for key in ("ENGINE", "NAME", "USER", "PASSWORD", "HOST", "PORT")} == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "danhgia",
        "USER": "danhgia",
        "PASSWORD": "secret",
        "HOST": "db.internal",
        "PORT": 5433,
    }
    assert config["CONN_MAX_AGE"] == 60
    assert config["CONN_HEALTH_CHECKS"] is True


def test_invalid_database_url_message_does_not_reveal_the_password() -> None:
    with pytest.raises(ImproperlyConfigured) as error:
        database_from_url("mysql://root:hunter2@db/danhgia", base_dir=Path("/srv"))

    assert "hunter2" not in str(error.value)


def test_secret_key_is_read_from_the_file_named_by_secret_key_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    key_file = tmp_path / "secret"
    key_file.write_text("from-a-file\n", encoding="utf-8")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SECRET_KEY_FILE", str(key_file))

    assert secret_key(debug=False) == "from-a-file"


def test_secret_key_from_the_environment_wins_over_the_file(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SECRET_KEY", "from-the-environment")
    monkeypatch.setenv("SECRET_KEY_FILE", "/nonexistent")

    assert secret_key(debug=False) == "from-the-environment"


def test_unreadable_secret_key_file_is_a_configuration_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("SECRET_KEY_FILE", str(tmp_path / "missing"))

    with pytest.raises(ImproperlyConfigured, match="unreadable SECRET_KEY_FILE"):
        secret_key(debug=True)


def test_only_debug_falls_back_to_a_development_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("SECRET_KEY_FILE", raising=False)

    assert secret_key(debug=True).startswith("django-insecure-")
    with pytest.raises(ImproperlyConfigured, match="SECRET_KEY is not set"):
        secret_key(debug=False)


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("yes", True), ("0", False), ("off", False), ("", False)])
def test_env_flag_values(raw: str, expected: bool, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DANHGIA_TEST_FLAG", raw)

    assert env_flag("DANHGIA_TEST_FLAG") is expected


def test_env_list_splits_on_commas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DANHGIA_TEST_LIST", " example.org, ,danhgia.local ")

    assert env_list("DANHGIA_TEST_LIST", default=[]) == ["example.org", "danhgia.local"]
