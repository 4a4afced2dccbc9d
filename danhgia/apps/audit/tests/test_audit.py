"""The audit trail detects any edited, deleted or reordered entry."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from danhgia.apps.audit.models import AuditChain, AuditEntry
from danhgia.apps.audit.services import audit_record, audit_verify

pytestmark = pytest.mark.django_db
T0 = datetime(2025, 12, 20, 8, 30, 15, 123456, tzinfo=UTC)


def record(n: int, chain: str = "cycle:1") -> None:
    actor, _ = get_user_model().objects.get_or_create(username="bantochuc")
    for i in range(n):
        with transaction.atomic():
            audit_record(
                chain=chain,
                actor=actor,
                action="review_decide",
                object_type="review",
                object_id=i,
                at=T0 + timedelta(seconds=i),
                before={"level": None},
                after={"level": "L2", "note": "Tốt"},
                reason="Quyết định của Ban Thường vụ",
            )


def test_an_intact_trail_verifies() -> None:
    record(5)
    record(2, chain="registry")
    assert audit_verify() == []
    assert [(c.name, c.length) for c in AuditChain.objects.order_by("name")] == [("cycle:1", 5), ("registry", 2)]
    first = AuditEntry.objects.get(chain__name="cycle:1", seq=1)
    assert first.previous_hash == "0" * 64 and first.after == {"level": "L2", "note": "Tốt"}


def test_an_edited_entry_is_detected() -> None:
    record(5)
    AuditEntry.objects.filter(seq=3).update(after={"level": "L1", "note": "Tốt"})
    assert [str(p) for p in audit_verify()] == ["cycle:1 #3: content was changed"]


def test_a_deleted_entry_is_detected() -> None:
    record(5)
    AuditEntry.objects.filter(seq=3).delete()
    assert [str(p) for p in audit_verify()] == [
        "cycle:1 #3: entry missing (next is #4)",
        "cycle:1 #4: does not follow the previous entry",
    ]


def test_removing_the_last_entries_is_detected() -> None:
    record(5)
    AuditEntry.objects.filter(seq__gte=4).delete()
    assert [str(p) for p in audit_verify()] == ["cycle:1 #5: the chain's last entries were removed"]


def test_a_changed_actor_or_time_is_detected() -> None:
    record(3)
    AuditEntry.objects.filter(seq=2).update(actor=None)
    AuditEntry.objects.filter(seq=3).update(at=T0)
    assert [str(p) for p in audit_verify(chain="cycle:1")] == [
        "cycle:1 #2: content was changed",
        "cycle:1 #3: content was changed",
    ]


@pytest.mark.django_db(transaction=True)
def test_recording_outside_a_transaction_is_refused() -> None:
    with pytest.raises(RuntimeError, match="inside the transaction"):
        audit_record(chain="x", actor=None, action="a", object_type="t", object_id=1, at=T0)
    assert AuditEntry.objects.count() == 0


def test_the_entry_rolls_back_with_the_change_it_records() -> None:
    with pytest.raises(ValueError), transaction.atomic():
        audit_record(chain="cycle:1", actor=None, action="a", object_type="t", object_id=1, at=T0)
        raise ValueError("the change failed")
    assert AuditEntry.objects.count() == 0
    assert AuditChain.objects.filter(length__gt=0).count() == 0


def test_the_verify_command(capsys: pytest.CaptureFixture[str]) -> None:
    record(2)
    call_command("audit", "verify")
    assert capsys.readouterr().out == ("audit trail intact: 1 chain(s), 2 entries; the stored results agree with it\n")
    AuditEntry.objects.filter(seq=1).update(reason="sửa")
    with pytest.raises(CommandError, match="1 problem"):
        call_command("audit", "verify")
    assert "TAMPERED cycle:1 #1: content was changed" in capsys.readouterr().err
