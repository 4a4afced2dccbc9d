"""Append to, verify and seal the audit trail. `audit_record` must run inside the caller's transaction.

Every entry is signed: its hash is an HMAC-SHA256 keyed with the current audit key (`keys.py`), whose id the
entry stores, so nobody without the key can recompute the chain after changing an entry. Entries written before
signing began (no key id, a plain SHA-256) are accepted only as a chain's prefix: the first signed entry after
them covers their last hash, and `audit_seal` appends that signed entry to a chain nobody writes to any more.
docs/adr/0008-signed-audit-chains.md.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Q

from danhgia.apps.audit.keys import AuditKey, Keyring, keyring
from danhgia.apps.audit.models import AuditChain, AuditEntry

REGISTRY_CHAIN = "registry"  # units, the tree, people and their records (docs/adr/0005)
ACCESS_CHAIN = "access"  # who holds which role over which subtree, and whose login is whose
GENESIS = "0" * 64  # the previous hash of a chain's first entry
SEAL = "audit_seal"  # the signed entry that seals a chain's unsigned (legacy) entries


def cycle_chain(cycle_id: int, unit_id: int | None = None) -> str:
    """A cycle's chain: its own steps (opening, phases, batches over many reviews). With `unit_id`, the chain of
    the actions on the reviews of one unit (self-reviews, comments, verifications, decisions, complaints): actions
    in different units append to different chains and never wait for each other's head. The replay of a cycle
    (`audit.state`) merges the cycle's chains in the order their entries were written."""
    return f"cycle:{cycle_id}" if unit_id is None else f"cycle:{cycle_id}/unit:{unit_id}"


def cycle_chains(name: str) -> Q:
    """The chains of the cycle whose chain is `name`: its own and those of its units (`AuditEntry` filter)."""
    return Q(chain__name=name) | Q(chain__name__startswith=f"{name}/")


def canonical(value: Any) -> Any:
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
    key: AuditKey | None = None,
) -> str:
    """The entry's HMAC-SHA256 under `key`; without a key, the plain SHA-256 of a legacy entry."""
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
    if key is None:
        return hashlib.sha256(_text(content)).hexdigest()
    content["key"] = key.id
    return hmac.new(key.secret, _text(content), hashlib.sha256).hexdigest()


def _text(content: dict[str, Any]) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


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
    before, after = canonical(before), canonical(after)
    seq = head.length + 1
    key = keyring().current
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
        key=key,
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
        key_id=key.id,
    )
    AuditChain.objects.filter(pk=head.pk).update(length=seq, head=digest)
    return entry


UNSEALED = "unsealed"  # the code of a chain whose entries are all unsigned (from before signing began)


@dataclass(frozen=True)
class Problem:
    chain: str  # or the anchor file, for a problem of the anchor itself
    seq: int | None
    what: str
    code: str = "tampered"

    def __str__(self) -> str:
        return f"{self.chain}: {self.what}" if self.seq is None else f"{self.chain} #{self.seq}: {self.what}"


def audit_verify(*, chain: str | None = None) -> list[Problem]:
    """Recompute every chain with its keys: an edited, deleted, inserted or reordered entry is reported where
    it breaks, and so is an entry signed with a key that is not configured or an unsigned one after signed ones
    (a chain rewritten with the public, unkeyed algorithm). Unsigned entries must be sealed (`audit_seal`)."""
    keys = keyring()
    problems: list[Problem] = []
    chains = AuditChain.objects.all() if chain is None else AuditChain.objects.filter(name=chain)
    for head in chains.order_by("name"):
        problems += _verify_chain(head, keys)
    return problems


def _verify_chain(head: AuditChain, keys: Keyring) -> list[Problem]:
    problems: list[Problem] = []
    previous, expected_seq, signed, unsealed = GENESIS, 1, False, 0
    for entry in AuditEntry.objects.filter(chain=head).order_by("seq").iterator(chunk_size=5000):
        if entry.seq != expected_seq:
            problems.append(Problem(head.name, expected_seq, f"entry missing (next is #{entry.seq})"))
        if entry.previous_hash != previous:
            problems.append(Problem(head.name, entry.seq, "does not follow the previous entry"))
        key = keys.get(entry.key_id) if entry.key_id else None
        if entry.key_id and key is None:
            problems.append(Problem(head.name, entry.seq, f"signed with key {entry.key_id!r}, which is not configured"))
        elif not entry.key_id and signed:
            problems.append(Problem(head.name, entry.seq, "not signed, after signed entries (rewritten unkeyed)"))
        elif not hmac.compare_digest(_recomputed(head.name, entry, key).encode(), entry.hash.encode()):
            problems.append(Problem(head.name, entry.seq, "content was changed"))
        signed = signed or bool(entry.key_id)
        unsealed = 0 if entry.key_id else unsealed + 1
        previous, expected_seq = entry.hash, entry.seq + 1
    if expected_seq - 1 != head.length or previous != head.head:
        problems.append(Problem(head.name, head.length, "the chain's last entries were removed"))
    if unsealed and not signed:
        what = f"{unsealed} unsigned entries, not sealed: run `danhgia audit seal`"
        problems.append(Problem(head.name, expected_seq - 1, what, code=UNSEALED))
    return problems


def _recomputed(chain: str, entry: AuditEntry, key: AuditKey | None) -> str:
    return entry_hash(
        chain=chain,
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
        key=key,
    )


@dataclass(frozen=True)
class Sealed:
    chain: str
    unsigned: int  # the unsigned entries the seal covers
    seq: int  # the seal's own number


def audit_seal(*, now: datetime) -> tuple[list[Sealed], list[Problem]]:
    """Seal every chain whose entries are all unsigned (written before signing began and never followed by a
    signed entry): append a signed `audit_seal` entry, which covers their last hash, saying that they were sealed
    late and how many they are. A chain that does not verify as it stands is left unsealed; its problems are
    returned. Sealing vouches for the entries as they are now: run it once, when upgrading (ADR 0008)."""
    keys = keyring()
    sealed: list[Sealed] = []
    refused: list[Problem] = []
    for head in AuditChain.objects.filter(length__gt=0).order_by("name"):
        problems = _verify_chain(head, keys)
        if not any(p.code == UNSEALED for p in problems):
            continue
        if others := [p for p in problems if p.code != UNSEALED]:
            refused += others
            continue
        unsigned = head.length
        with transaction.atomic():
            entry = audit_record(
                chain=head.name,
                actor=None,
                action=SEAL,
                object_type="chain",
                object_id=head.name,
                at=now,
                after={"sealed_late": True, "unsigned_entries": unsigned, "through": head.length, "head": head.head},
                reason="unsigned entries, written before the audit trail was signed, sealed late",
            )
        sealed.append(Sealed(head.name, unsigned, entry.seq))
    return sealed, refused
