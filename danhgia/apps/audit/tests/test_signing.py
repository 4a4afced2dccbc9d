"""Every entry is signed with a key held outside the database: recomputing the chain without the key is
detected, keys rotate without breaking old entries, and entries from before signing are sealed once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from danhgia.apps.audit.checks import audit_key_set, audit_key_usable
from danhgia.apps.audit.keys import AuditKeyError, fingerprint, keyring, parse_keys
from danhgia.apps.audit.models import AuditChain, AuditEntry
from danhgia.apps.audit.services import audit_record, audit_seal, audit_verify
from danhgia.apps.audit.tests.forgery import GENESIS, rehash_unkeyed, unkeyed_hash
from tests.foundation.helpers import manage

pytestmark = pytest.mark.django_db
T0 = datetime(2025, 12, 20, 8, 30, tzinfo=UTC)
OLD = "2026-11:" + "3f" * 32
NEW = "2027-01:" + "a7" * 32


def record(n: int, chain: str = "cycle:1", start: int = 0) -> None:
    actor, _ = get_user_model().objects.get_or_create(username="quyetdinh")
    for i in range(start, start + n):
        with transaction.atomic():
            audit_record(
                chain=chain,
                actor=actor,
                action="review_decide",
                object_type="review",
                object_id=i,
                at=T0 + timedelta(seconds=i),
                before={"decided_level": ""},
                after={"decided_level": "L2"},
            )


def key_ids(chain: str = "cycle:1") -> list[str]:
    return list(AuditEntry.objects.filter(chain__name=chain).order_by("seq").values_list("key_id", flat=True))


def test_an_entry_is_signed_with_the_current_key_and_names_it(settings: Any) -> None:
    settings.DANHGIA_AUDIT_KEY = OLD
    record(2)

    first = AuditEntry.objects.get(seq=1)
    assert key_ids() == ["2026-11", "2026-11"]
    assert first.hash != unkeyed_hash(first, GENESIS)  # not the public algorithm
    assert audit_verify() == []


def test_editing_an_entry_and_recomputing_the_unkeyed_hashes_is_detected() -> None:
    """The probe: change a decision in an entry, recompute every hash with the public algorithm, fix the head."""
    record(4)
    AuditEntry.objects.filter(seq=2).update(after={"decided_level": "L1"})
    rehash_unkeyed("cycle:1", as_legacy=False)

    assert [str(p) for p in audit_verify()] == [f"cycle:1 #{seq}: content was changed" for seq in (1, 2, 3, 4)]


def test_passing_a_rewritten_chain_off_as_written_before_signing_is_detected() -> None:
    record(4)
    AuditEntry.objects.filter(seq=2).update(after={"decided_level": "L1"})
    rehash_unkeyed("cycle:1", as_legacy=True)

    assert [str(p) for p in audit_verify()] == ["cycle:1 #4: 4 unsigned entries, not sealed: run `danhgia audit seal`"]


def test_unsigned_entries_after_signed_ones_are_detected() -> None:
    record(2)
    record(2, start=2)
    AuditEntry.objects.filter(seq=4).update(after={"decided_level": "L1"})
    tail = AuditEntry.objects.select_related("chain").get(seq=4)
    digest = unkeyed_hash(tail, tail.previous_hash)
    AuditEntry.objects.filter(pk=tail.pk).update(hash=digest, key_id="")
    AuditChain.objects.filter(name="cycle:1").update(head=digest)

    assert [str(p) for p in audit_verify()] == ["cycle:1 #4: not signed, after signed entries (rewritten unkeyed)"]


def test_after_a_rotation_old_entries_verify_with_their_key_and_new_ones_use_the_new_key(
    settings: Any,
) -> None:
    settings.DANHGIA_AUDIT_KEY = OLD
    record(2)
    settings.DANHGIA_AUDIT_KEY = f"{NEW}\n{OLD}"  # the new key first; the old one kept to verify what it signed
    record(2, start=2)

    assert key_ids() == ["2026-11", "2026-11", "2027-01", "2027-01"]
    assert audit_verify() == []


def test_an_entry_whose_key_was_dropped_is_reported(settings: Any) -> None:
    settings.DANHGIA_AUDIT_KEY = OLD
    record(1)
    settings.DANHGIA_AUDIT_KEY = NEW

    assert [str(p) for p in audit_verify()] == ["cycle:1 #1: signed with key '2026-11', which is not configured"]


def test_the_same_entry_signed_with_another_key_is_detected(settings: Any) -> None:
    settings.DANHGIA_AUDIT_KEY = OLD
    record(1)
    settings.DANHGIA_AUDIT_KEY = "2026-11:" + "00" * 32  # same id, another secret

    assert [str(p) for p in audit_verify()] == ["cycle:1 #1: content was changed"]


def test_the_key_can_come_from_a_file(settings: Any, tmp_path: Path) -> None:
    path = tmp_path / "audit.key"
    path.write_text(f"# current first\n{NEW}\n{OLD}\n", encoding="utf-8")
    settings.DANHGIA_AUDIT_KEY, settings.DANHGIA_AUDIT_KEY_FILE = "", str(path)
    record(1)

    assert key_ids() == ["2027-01"]
    assert sorted(keyring().keys) == ["2026-11", "2027-01"]


def test_without_a_key_a_development_key_is_derived_from_the_secret_key(settings: Any) -> None:
    settings.DANHGIA_AUDIT_KEY = settings.DANHGIA_AUDIT_KEY_FILE = ""
    record(1)

    assert key_ids() == ["dev"]
    settings.SECRET_KEY = "another-secret-key-of-another-installation"
    assert [str(p) for p in audit_verify()] == ["cycle:1 #1: content was changed"]


def test_key_text_is_parsed_with_ids_or_fingerprints() -> None:
    ring = parse_keys(f"{NEW}, {'b' * 40}", source="test")

    assert (ring.current.id, list(ring.keys)) == ("2027-01", ["2027-01", fingerprint("b" * 40)])
    assert fingerprint("b" * 40).startswith("k") and len(fingerprint("b" * 40)) == 13


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "test: no key"),
        ("k1:short", "test: the secret of key 'k1' has fewer than 32 characters"),
        (f"bad id:{'c' * 32}", "test: key id 'bad id' is not 1-32 letters, digits, '.', '_' or '-'"),
        (f"{OLD}\n{OLD}", "test: key id '2026-11' is given twice"),
    ],
)
def test_a_bad_key_text_is_refused(text: str, error: str) -> None:
    with pytest.raises(AuditKeyError) as raised:
        parse_keys(text, source="test")
    assert str(raised.value) == error


def test_outside_debug_a_missing_key_is_a_deployment_check_error(settings: Any) -> None:
    settings.DANHGIA_AUDIT_KEY = settings.DANHGIA_AUDIT_KEY_FILE = ""
    settings.DEBUG = False

    assert [m.id for m in audit_key_set(None)] == ["audit.E001"]
    settings.DEBUG = True
    assert audit_key_set(None) == []
    settings.DEBUG, settings.DANHGIA_AUDIT_KEY = False, OLD
    assert audit_key_set(None) == []


def test_an_unreadable_or_malformed_key_is_a_system_check_error(settings: Any, tmp_path: Path) -> None:
    settings.DANHGIA_AUDIT_KEY, settings.DANHGIA_AUDIT_KEY_FILE = "", str(tmp_path / "missing.key")

    assert [(m.id, m.msg) for m in audit_key_usable(None)] == [
        ("audit.E002", f"DANHGIA_AUDIT_KEY_FILE {tmp_path / 'missing.key'} cannot be read: No such file or directory")
    ]
    settings.DANHGIA_AUDIT_KEY = "k1:short"
    assert [(m.id, m.msg) for m in audit_key_usable(None)] == [
        ("audit.E002", "DANHGIA_AUDIT_KEY: the secret of key 'k1' has fewer than 32 characters")
    ]
    settings.DANHGIA_AUDIT_KEY = OLD
    assert audit_key_usable(None) == []


def legacy(n: int, chain: str = "cycle:1") -> None:
    """Entries as the trail wrote them before signing: no key id, the unkeyed hash."""
    record(n, chain=chain)
    rehash_unkeyed(chain, as_legacy=True)


def test_entries_from_before_signing_are_reported_until_sealed_then_sealed_late_once() -> None:
    legacy(3)
    record(2, chain="registry")
    legacy(1, chain="access")
    assert [str(p) for p in audit_verify()] == [
        "access #1: 1 unsigned entries, not sealed: run `danhgia audit seal`",
        "cycle:1 #3: 3 unsigned entries, not sealed: run `danhgia audit seal`",
    ]

    sealed, refused = audit_seal(now=T0)

    assert ([(s.chain, s.unsigned, s.seq) for s in sealed], refused) == ([("access", 1, 2), ("cycle:1", 3, 4)], [])
    seal = AuditEntry.objects.get(chain__name="cycle:1", seq=4)
    head = AuditEntry.objects.get(chain__name="cycle:1", seq=3).hash
    assert (seal.action, seal.object_type, seal.object_id, seal.key_id, seal.actor_id) == (
        "audit_seal",
        "chain",
        "cycle:1",
        "dev",
        None,
    )
    assert seal.after == {"sealed_late": True, "unsigned_entries": 3, "through": 3, "head": head}
    assert audit_verify() == []
    assert audit_seal(now=T0) == ([], [])


def test_a_sealed_entry_from_before_signing_cannot_be_changed() -> None:
    legacy(3)
    audit_seal(now=T0)
    AuditEntry.objects.filter(chain__name="cycle:1", seq=2).update(after={"decided_level": "L1"})
    rehash_unkeyed("cycle:1", as_legacy=False)  # the seal's previous hash changes: its signature no longer holds

    assert [str(p) for p in audit_verify()] == ["cycle:1 #4: content was changed"]


def test_a_chain_that_does_not_verify_is_not_sealed() -> None:
    legacy(3)
    AuditEntry.objects.filter(chain__name="cycle:1", seq=2).update(after={"decided_level": "L1"})

    sealed, refused = audit_seal(now=T0)

    assert (sealed, [str(p) for p in refused]) == ([], ["cycle:1 #2: content was changed"])
    assert AuditEntry.objects.count() == 3


def test_the_seal_command(capsys: pytest.CaptureFixture[str]) -> None:
    legacy(2)
    call_command("audit", "seal")
    assert capsys.readouterr().out == "sealed cycle:1: 2 unsigned entries, sealed late by #3\n"
    call_command("audit", "seal")
    assert capsys.readouterr().out == "nothing to seal: every chain is signed\n"
    call_command("audit", "verify")
    assert capsys.readouterr().out == (
        "audit trail intact: 1 chain(s), 3 entries; 2 unsigned entries from before signing, sealed; "
        "the stored results agree with it\n"
    )


def test_the_verify_command_reports_an_unkeyed_rewrite(capsys: pytest.CaptureFixture[str]) -> None:
    record(2)
    AuditEntry.objects.filter(seq=1).update(reason="sửa")
    rehash_unkeyed("cycle:1", as_legacy=False)

    with pytest.raises(CommandError, match="2 problem"):
        call_command("audit", "verify")
    assert capsys.readouterr().err == (
        "TAMPERED cycle:1 #1: content was changed\nTAMPERED cycle:1 #2: content was changed\n"
    )


def production(**env: str) -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": "sqlite://:memory:",
        "SECRET_KEY": "x" * 50,
        "DANHGIA_AUDIT_KEY": "",
        "DANHGIA_AUDIT_KEY_FILE": "",
        **env,
    }


def test_the_production_settings_refuse_to_deploy_without_an_audit_key() -> None:
    result = manage("check", "--deploy", **production())

    assert result.returncode == 1
    assert "(audit.E001) Neither DANHGIA_AUDIT_KEY nor DANHGIA_AUDIT_KEY_FILE is set" in result.stderr
    with_key = manage("check", "--deploy", **production(DANHGIA_AUDIT_KEY=OLD))
    assert "audit.E" not in with_key.stderr + with_key.stdout
