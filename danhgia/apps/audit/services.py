"""Append to and verify the audit trail. `audit_record` must run inside the caller's transaction."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction

from danhgia.apps.audit.models import AuditChain, AuditEntry

REGISTRY_CHAIN = "registry"  # units, the tree, people and their records (docs/adr/0005)
ACCESS_CHAIN = "access"  # who holds which role over which subtree, and whose login is whose


def cycle_chain(cycle_id: int) -> str:
    return f"cycle:{cycle_id}"


def _canonical(value: Any) -> Any:
    """JSON-ready, with keys sorted, so the same content always hashes the same."""
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False))


def row_values(row: models.Model) -> dict[str, Any]:
    """A row's stored values by field name, a foreign key as its id (what an entry's before/after hold)."""
    return {field.name: field.value_from_object(row) for field in row._meta.concrete_fields}


def entry_hash(
    *,
    chain: str,
    seq: int,
    at: datetime,
    actor_id: int | None,
    action: str,
    object_type: str,
    object_id: str,
    before: Any,
    after: Any,
    reason: str,
    previous_hash: str,
) -> str:
    content = {
        "chain": chain,
        "seq": seq,
        "at": at.isoformat(),
        "actor": actor_id,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "before": before,
        "after": after,
        "reason": reason,
        "previous": previous_hash,
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def audit_record(
    *,
    chain: str,
    actor: AbstractBaseUser | AnonymousUser | None,
    action: str,
    object_type: str,
    object_id: object,
    at: datetime,
    before: Any = None,
    after: Any = None,
    reason: str = "",
) -> AuditEntry:
    """Append one entry to `chain`; the caller's transaction makes it atomic with the change it records."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the transaction of the change it records")
    at = at.astimezone(UTC)  # stored and read back the same way on SQLite and PostgreSQL
    head, _ = AuditChain.objects.get_or_create(name=chain)
    head = AuditChain.objects.select_for_update().get(pk=head.pk)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    before, after = _canonical(before), _canonical(after)
    seq = head.length + 1
    digest = entry_hash(
        chain=chain,
        seq=seq,
        at=at,
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=before,
        after=after,
        reason=reason,
        previous_hash=head.head,
    )
    entry = AuditEntry.objects.create(
        chain=head,
        seq=seq,
        at=at,
        actor_id=actor_id,
        action=action,
        object_type=object_type,
        object_id=str(object_id),
        before=before,
        after=after,
        reason=reason,
        previous_hash=head.head,
        hash=digest,
    )
    AuditChain.objects.filter(pk=head.pk).update(length=seq, head=digest)
    return entry


@dataclass(frozen=True)
class Problem:
    chain: str
    seq: int
    what: str

    def __str__(self) -> str:
        return f"{self.chain} #{self.seq}: {self.what}"


def audit_verify(*, chain: str | None = None) -> list[Problem]:
    """Recompute every chain: an edited, deleted, inserted or reordered entry is reported where it breaks."""
    problems: list[Problem] = []
    chains = AuditChain.objects.all() if chain is None else AuditChain.objects.filter(name=chain)
    for head in chains.order_by("name"):
        previous, expected_seq = "0" * 64, 1
        entries = AuditEntry.objects.filter(chain=head).order_by("seq").iterator(chunk_size=5000)
        for entry in entries:
            if entry.seq != expected_seq:
                problems.append(Problem(head.name, expected_seq, f"entry missing (next is #{entry.seq})"))
            if entry.previous_hash != previous:
                problems.append(Problem(head.name, entry.seq, "does not follow the previous entry"))
            digest = entry_hash(
                chain=head.name,
                seq=entry.seq,
                at=entry.at,
                actor_id=entry.actor_id,
                action=entry.action,
                object_type=entry.object_type,
                object_id=entry.object_id,
                before=entry.before,
                after=entry.after,
                reason=entry.reason,
                previous_hash=entry.previous_hash,
            )
            if digest != entry.hash:
                problems.append(Problem(head.name, entry.seq, "content was changed"))
            previous, expected_seq = entry.hash, entry.seq + 1
        if expected_seq - 1 != head.length or previous != head.head:
            problems.append(Problem(head.name, head.length, "the chain's last entries were removed"))
    return problems
