"""Anchors kept outside the system show a chain deleted, cut short or rewritten, which no signature can: the
probe deleted a whole chain and `audit verify` passed."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from danhgia.apps.audit.anchors import FORMAT, anchor_check, anchor_create
from danhgia.apps.audit.models import AuditChain, AuditEntry
from danhgia.apps.audit.services import ACCESS_CHAIN, audit_record, audit_verify

pytestmark = pytest.mark.django_db
T0 = datetime(2025, 12, 20, 8, 30, tzinfo=UTC)
NOW = datetime(2025, 12, 21, 1, 0, tzinfo=UTC)


def record(n: int, chain: str) -> None:
    actor, _ = get_user_model().objects.get_or_create(username="admin")
    for i in range(n):
        with transaction.atomic():
            audit_record(
                chain=chain,
                actor=actor,
                action="admin.add",
                object_type="access.roleassignment",
                object_id=i,
                at=T0 + timedelta(minutes=i),
                after={"role": "decider"},
            )


def head(chain: str, seq: int) -> str:
    return AuditEntry.objects.get(chain__name=chain, seq=seq).hash


def test_an_anchor_holds_each_chains_head_and_is_signed() -> None:
    record(3, ACCESS_CHAIN)
    record(1, "cycle:2")

    anchor = anchor_create(now=NOW)

    assert {k: v for k, v in anchor.items() if k != "signature"} == {
        "format": FORMAT,
        "created_at": "2025-12-21T01:00:00+00:00",
        "key": "dev",
        "chains": [
            {"chain": "access", "seq": 3, "head": head("access", 3), "count": 3, "at": "2025-12-20T08:32:00+00:00"},
            {"chain": "cycle:2", "seq": 1, "head": head("cycle:2", 1), "count": 1, "at": "2025-12-20T08:30:00+00:00"},
        ],
    }
    assert len(anchor["signature"]) == 64
    assert anchor_check(anchor, source="a.json") == []


def test_a_deleted_chain_passes_verify_but_not_the_anchor() -> None:
    """The probe: delete every entry of a chain and its head row. Nothing is left to break."""
    record(3, ACCESS_CHAIN)
    record(1, "cycle:2")
    anchor = anchor_create(now=NOW)
    AuditEntry.objects.filter(chain__name=ACCESS_CHAIN).delete()
    AuditChain.objects.filter(name=ACCESS_CHAIN).delete()

    assert audit_verify() == []
    assert [str(p) for p in anchor_check(anchor, source="a.json")] == [
        "access #3: missing: the anchor of 2025-12-21T01:00:00+00:00 has 3 entries up to #3"
    ]


def test_a_chain_cut_short_with_its_head_row_fixed_is_reported() -> None:
    record(3, ACCESS_CHAIN)
    anchor = anchor_create(now=NOW)
    AuditEntry.objects.filter(chain__name=ACCESS_CHAIN, seq=3).delete()
    AuditChain.objects.filter(name=ACCESS_CHAIN).update(length=2, head=head(ACCESS_CHAIN, 2))

    assert audit_verify() == []
    assert [str(p) for p in anchor_check(anchor, source="a.json")] == [
        "access #3: shorter than the anchor of 2025-12-21T01:00:00+00:00: 2 entries up to #2, the anchor has 3"
    ]


def test_a_chain_rewritten_with_the_key_differs_from_the_anchor() -> None:
    """Whoever holds the key can re-sign a chain; the anchor taken before still shows it."""
    record(2, ACCESS_CHAIN)
    anchor = anchor_create(now=NOW)
    AuditEntry.objects.filter(chain__name=ACCESS_CHAIN).delete()
    AuditChain.objects.filter(name=ACCESS_CHAIN).delete()
    actor = get_user_model().objects.get(username="admin")
    for i in range(2):  # the same entries but one, re-signed with the key
        with transaction.atomic():
            audit_record(
                chain=ACCESS_CHAIN,
                actor=actor,
                action="admin.add",
                object_type="access.roleassignment",
                object_id=i,
                at=T0 + timedelta(minutes=i),
                after={"role": "administrator" if i == 1 else "decider"},
            )

    assert audit_verify() == []
    assert [str(p) for p in anchor_check(anchor, source="a.json")] == [
        "access #2: differs from the anchor of 2025-12-21T01:00:00+00:00 at #2"
    ]


def test_an_altered_anchor_is_not_used(settings: Any) -> None:
    record(2, ACCESS_CHAIN)
    anchor = anchor_create(now=NOW)
    altered = anchor | {"chains": [{**anchor["chains"][0], "seq": 1}]}

    assert [str(p) for p in anchor_check(altered, source="a.json")] == [
        "a.json: anchor's signature does not match: it was altered or is not an anchor"
    ]
    settings.DANHGIA_AUDIT_KEY = "2027-01:" + "a7" * 32
    assert [str(p) for p in anchor_check(anchor, source="a.json")] == [
        "a.json: anchor signed with key 'dev', which is not configured"
    ]


def test_the_anchor_and_verify_commands(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record(3, ACCESS_CHAIN)
    path = tmp_path / "2025-12-21.json"

    call_command("audit", "anchor", "--out", str(path))

    assert capsys.readouterr().out == f"anchor of 1 chain(s) written to {path}\n"
    assert [c["chain"] for c in json.loads(path.read_text(encoding="utf-8"))["chains"]] == ["access"]
    call_command("audit", "verify", "--anchor", str(path))
    assert capsys.readouterr().out == (
        "audit trail intact: 1 chain(s), 3 entries; 1 anchor(s) agree; the stored results agree with it\n"
    )
    AuditEntry.objects.filter(chain__name=ACCESS_CHAIN).delete()
    AuditChain.objects.filter(name=ACCESS_CHAIN).delete()
    with pytest.raises(CommandError, match="1 problem"):
        call_command("audit", "verify", "--anchor", str(path))
    assert capsys.readouterr().err.startswith("ANCHOR access #3: missing: the anchor of ")


def test_an_unreadable_anchor_stops_verify(tmp_path: Path) -> None:
    path = tmp_path / "anchor.json"
    path.write_text('{"format": "something else"}', encoding="utf-8")

    with pytest.raises(CommandError, match=f"anchor {path}: not a danhgia-audit-anchor/1 document"):
        call_command("audit", "verify", "--anchor", str(path))
    with pytest.raises(CommandError, match="No such file"):
        call_command("audit", "verify", "--anchor", str(tmp_path / "missing.json"))
