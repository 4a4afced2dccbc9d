"""The statistics are read from a real streaming replica when one is configured (PostgreSQL only).

The fixture makes a replica of the local primary with pg_basebackup into a temporary directory and runs it on
another port as the postgres user. The primary must accept replication connections from 127.0.0.1: if its
pg_hba.conf has no such rule, the fixture adds `host replication all 127.0.0.1/32 trust` and reloads (once,
idempotently; the primary already has wal_level=replica and WAL senders by default).
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import tempfile
import time
import types
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection, connections
from django.test import Client

from config.routers import REPLICA, pin_to_primary
from danhgia.apps.pipeline.jobs import job_create, job_work
from danhgia.apps.pipeline.tests.test_compute import NOW, demo_cycle
from danhgia.apps.reports.models import SummaryRun
from danhgia.apps.reports.selectors import statistics
from danhgia.apps.reports.services import summaries_refresh

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL", "").startswith("postgres")
        or not Path("/usr/lib/postgresql/15/bin").is_dir(),
        reason="a streaming replica needs the local PostgreSQL 15 server",
    ),
]
BIN = Path("/usr/lib/postgresql/15/bin")
HBA_RULE = "host replication all 127.0.0.1/32 trust"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def allow_replication() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_hba_file_rules WHERE 'replication' = ANY(database)")
        if cursor.fetchone()[0]:
            return
        cursor.execute("SHOW hba_file")
        hba = Path(cursor.fetchone()[0])
        with hba.open("a") as file:
            file.write(f"\n# added by danhgia's replica test\n{HBA_RULE}\n")
        cursor.execute("SELECT pg_reload_conf()")


def as_postgres(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(["runuser", "-u", "postgres", "--", *args], capture_output=True, text=True, check=True)


@pytest.fixture
def replica() -> Iterator[str]:
    """A hot standby of the primary; its alias "replica" points at the same test database there."""
    allow_replication()
    folder = Path(tempfile.mkdtemp(prefix="danhgia-replica-"))
    shutil.chown(folder, "postgres", "postgres")
    data = folder / "data"
    db = connection.settings_dict
    port = free_port()
    as_postgres(
        str(BIN / "pg_basebackup"),
        "-h",
        "127.0.0.1",
        "-p",
        str(db["PORT"] or 5432),
        "-U",
        "postgres",
        "-D",
        str(data),
        "-X",
        "stream",
        "-R",
        "--checkpoint=fast",
    )
    (data / "postgresql.conf").write_text(
        f"port = {port}\nlisten_addresses = '127.0.0.1'\nunix_socket_directories = '{folder}'\nhot_standby = on\n"
    )
    (data / "pg_hba.conf").write_text("host all all 127.0.0.1/32 trust\nlocal all all trust\n")
    for name in ("postgresql.conf", "pg_hba.conf"):
        shutil.chown(data / name, "postgres", "postgres")
    as_postgres(str(BIN / "pg_ctl"), "-D", str(data), "-l", str(folder / "log"), "-w", "start")
    connections.settings[REPLICA] = {**connections.settings["default"], "PORT": str(port)}
    try:
        yield REPLICA
    finally:
        connections[REPLICA].close()
        del connections.settings[REPLICA]
        subprocess.run(
            ["runuser", "-u", "postgres", "--", str(BIN / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"],
            capture_output=True,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


def caught_up(alias: str, cycle_id: int) -> None:
    """Wait until the replica has replayed the cycle's statistics (the LSN the primary reports may point past the
    last whole record, so the data itself is compared)."""
    deadline = time.monotonic() + 120
    with connections[alias].cursor() as cursor:
        while True:
            cursor.execute("SELECT refreshed_at FROM reports_summaryrun WHERE cycle_id = %s", [cycle_id])
            row = cursor.fetchone()
            if row is not None and row[0] == NOW:
                return
            assert time.monotonic() < deadline, "the replica did not catch up"
            time.sleep(0.2)


def allow(alias: str) -> None:
    """Lift the test case's guard on an alias it did not know of when it was set up (the replica is made later)."""
    from django.db.backends.base.base import BaseDatabaseWrapper

    wrapper = connections[alias]
    for name in ("connect", "temporary_connection", "cursor", "chunked_cursor"):
        wrapper.__dict__.pop(name, None)
    for cell in BaseDatabaseWrapper.ensure_connection.__closure__ or ():  # the test case's guard wraps the real one
        if getattr(cell.cell_contents, "__name__", "") == "ensure_connection":
            wrapper.ensure_connection = types.MethodType(cell.cell_contents, wrapper)  # type: ignore[method-assign]


def test_the_statistics_page_is_served_from_the_replica(replica: str) -> None:
    allow(replica)
    cycle = demo_cycle("qd366-2025", 15)
    admin = User.objects.get(username="admin")
    job_work(job_create(cycle=cycle, kind="compute", actor=User.objects.get(username="thamdinh"), now=NOW), worker="t")
    summaries_refresh(cycle=cycle, actor=admin, now=NOW)
    caught_up(replica, cycle.pk)
    with connections[replica].cursor() as cursor:
        cursor.execute("SELECT pg_is_in_recovery()")
        assert cursor.fetchone()[0] is True
        cursor.execute("SELECT pg_wal_replay_pause()")  # the replica keeps what it has; the primary moves on
    later = datetime(2026, 2, 3, 4, 5, tzinfo=UTC)
    SummaryRun.objects.filter(cycle=cycle).update(refreshed_at=later)

    assert statistics(cycle=cycle, unit=cycle.root).refreshed_at == NOW  # read from the replica
    token = pin_to_primary()
    try:
        assert statistics(cycle=cycle, unit=cycle.root).refreshed_at == later  # pinned: the primary
    finally:
        from config.routers import _pinned

        _pinned.reset(token)
    client = Client()
    client.force_login(admin)
    page = client.get("/reports/", {"cycle": str(cycle.pk), "unit": str(cycle.root.code)})
    assert page.status_code == 200
    text = page.content.decode()
    assert NOW.astimezone().strftime("%d/%m/%Y") in text or "12/01/2026" in text
    assert "03/02/2026" not in text  # not the primary's figures
    with connections[replica].cursor() as cursor:
        cursor.execute("SELECT pg_wal_replay_resume()")


def test_without_a_replica_the_router_reads_the_primary() -> None:
    from config.routers import ReplicaRouter

    assert ReplicaRouter().db_for_read(SummaryRun) is None
    assert ReplicaRouter().db_for_write(SummaryRun) == "default"
    _: Any = None
