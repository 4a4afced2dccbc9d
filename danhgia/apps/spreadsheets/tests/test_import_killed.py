"""`danhgia import FILE` killed (SIGKILL) in the middle of its write phase leaves nothing of the file in the
registry, and running it again imports the whole file — on a SQLite file and on PostgreSQL.

The import writes every sheet in one transaction (services.registry_import), so a process that dies before
the commit leaves no unit, person, post or audit entry behind: SQLite discards the uncommitted frames of its
write-ahead log when the file is next opened, PostgreSQL aborts the dead connection's transaction."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db import connection, connections
from openpyxl import Workbook

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.orgs.models import Person, Post, Unit
from danhgia.apps.spreadsheets.tests.conftest import headers

ROOT = Path(__file__).resolve().parents[4]
UNITS, PEOPLE = 1000, 5000  # units are written one by one: the write phase lasts a second or more
EXPECTED = {"units": UNITS + 1, "people": PEOPLE, "posts": UNITS, "imports": 1}
NOTHING = {"units": 0, "people": 0, "posts": 0, "imports": 0}
OUTPUT = [
    f"Đơn vị: {UNITS + 1} thêm mới, 0 cập nhật, 0 không đổi",
    f"Nhân sự: {PEOPLE} thêm mới, 0 cập nhật, 0 không đổi",
    f"Chức vụ: {UNITS} thêm mới, 0 cập nhật, 0 không đổi",
]
TABLES = {"units": "orgs_unit", "people": "orgs_person", "posts": "orgs_post"}


@pytest.fixture(scope="module")
def registry_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A province's file: a committee with UNITS grassroots units, PEOPLE people and a head post in each unit."""
    workbook = Workbook(write_only=True)
    units = workbook.create_sheet("Đơn vị")
    units.append(headers("units"))
    units.append(["T1", "Đảng bộ tỉnh Hà Giang", "Đảng bộ", "", "01/01/2020", "", ""])
    for i in range(UNITS):
        units.append([f"X{i}", f"Đảng bộ xã số {i}", "Đảng bộ cơ sở", "T1", "01/01/2020", "", ""])
    people = workbook.create_sheet("Nhân sự")
    people.append(headers("people"))
    for i in range(PEOPLE):
        people.append(["", f"CB{i:05d}", "Nguyễn Văn An", "02/03/1980", "Nam"])
    posts = workbook.create_sheet("Chức vụ")
    posts.append(headers("posts"))
    for i in range(UNITS):
        posts.append(["", f"CB{i:05d}", f"X{i}", "Bí thư Đảng ủy", "Người đứng đầu", "", "", "01/01/2021", ""])
    path = tmp_path_factory.mktemp("import") / "tinh.xlsx"
    workbook.save(path)
    return path


def danhgia(database_url: str, *args: str) -> subprocess.Popen[str]:
    """The `danhgia` command line against `database_url`, in its own process."""
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(DATABASE_URL=database_url, SECRET_KEY="test")
    return subprocess.Popen(
        [sys.executable, "-m", "danhgia.cli", *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def finished(process: subprocess.Popen[str]) -> list[str]:
    out, err = process.communicate(timeout=600)
    assert process.returncode == 0, err
    return out.splitlines()


def wait_for(condition: Callable[[], bool], process: subprocess.Popen[str], seconds: float = 120) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        if process.poll() is not None:
            raise AssertionError(f"the import ended first: {process.communicate()}")
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def killed(process: subprocess.Popen[str]) -> None:
    process.send_signal(signal.SIGKILL)
    out, _ = process.communicate()
    assert process.returncode == -signal.SIGKILL
    assert out == ""  # it never printed its counts: it did not get past the commit


# --- SQLite: a database file in tmp_path -----------------------------------------------------------------------


def sqlite_counts(path: Path) -> dict[str, int]:
    with sqlite3.connect(path) as db:
        counts = {kind: db.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for kind, table in TABLES.items()}
        counts["imports"] = db.execute(
            "SELECT count(*) FROM audit_auditentry WHERE action = 'registry_import'"
        ).fetchone()[0]
    db.close()
    return counts


def sqlite_writing(path: Path) -> Callable[[], bool]:
    """Whether a process holds the database's write lock: the import opens its one write transaction with
    BEGIN IMMEDIATE (config/env.py), after reading and checking the whole file."""

    def check() -> bool:
        db = sqlite3.connect(path, timeout=0, isolation_level=None)
        try:
            db.execute("BEGIN IMMEDIATE")
            db.execute("ROLLBACK")
            return False
        except sqlite3.OperationalError as error:
            assert "locked" in str(error), error
            return True
        finally:
            db.close()

    return check


def test_an_import_killed_mid_way_leaves_nothing_in_a_sqlite_file_and_runs_again(
    registry_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "danhgia.sqlite3"
    url = f"sqlite:///{path}"
    finished(danhgia(url, "manage", "migrate", "-v0"))
    assert sqlite_counts(path) == NOTHING

    victim = danhgia(url, "import", str(registry_file))
    wait_for(sqlite_writing(path), victim)
    time.sleep(0.4)  # the units are being written, one by one
    killed(victim)

    assert sqlite_counts(path) == NOTHING
    assert finished(danhgia(url, "import", str(registry_file))) == OUTPUT
    assert sqlite_counts(path) == EXPECTED


# --- PostgreSQL: the test database -----------------------------------------------------------------------------


def postgres_url() -> str:
    db = connection.settings_dict
    return f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"


def counts() -> dict[str, int]:
    return {
        "units": Unit.objects.count(),
        "people": Person.objects.count(),
        "posts": Post.objects.count(),
        "imports": AuditEntry.objects.filter(action="registry_import").count(),
    }


@contextmanager
def people_locked() -> Iterator[None]:
    """Hold the people table against writes from another connection (reads go on), so an import that has
    written its units waits there, mid-way, in its transaction."""
    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("BEGIN")
            cursor.execute(f"LOCK TABLE {Person._meta.db_table} IN EXCLUSIVE MODE")
            yield
            cursor.execute("ROLLBACK")
    finally:
        other.close()


def waiting_on_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return bool(cursor.fetchone()[0])


def units_written_uncommitted() -> bool:
    """The waiting import's transaction has written rows (it holds a transaction id)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND backend_xid IS NOT NULL"
            " AND datname = current_database()"
        )
        return bool(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgres"),
    reason="an import in another process on the test database needs a database server (PostgreSQL)",
)
def test_an_import_killed_mid_way_leaves_nothing_in_postgresql_and_runs_again(registry_file: Path) -> None:
    url = postgres_url()
    assert counts() == NOTHING

    with people_locked():
        victim = danhgia(url, "import", str(registry_file))
        wait_for(waiting_on_lock, victim)  # every unit written, the people next
        assert units_written_uncommitted()
        killed(victim)

    assert counts() == NOTHING
    assert finished(danhgia(url, "import", str(registry_file))) == OUTPUT
    assert counts() == EXPECTED
