"""What the probe did to the audit trail, done the same way in the tests: the public, unkeyed algorithm of the
trail before it was signed (copied here, not imported, so a change to the services cannot change the attack)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from danhgia.apps.audit.models import AuditChain, AuditEntry

GENESIS = "0" * 64


def unkeyed_hash(entry: AuditEntry, previous: str) -> str:
    """An entry's hash as the trail computed it before signing: SHA-256 of its content, no key."""
    content: dict[str, Any] = {
        "chain": entry.chain.name,
        "seq": entry.seq,
        "at": entry.at.isoformat(),
        "actor": entry.actor_id,
        "action": entry.action,
        "object_type": entry.object_type,
        "object_id": entry.object_id,
        "before": entry.before,
        "after": entry.after,
        "reason": entry.reason,
        "previous": previous,
    }
    text = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def rehash_unkeyed(chain: str, *, as_legacy: bool) -> None:
    """Recompute every hash of `chain` and its head row with the public algorithm, as the probe did after
    editing entries; `as_legacy` also clears the key ids, passing the chain off as written before signing."""
    previous = GENESIS
    for entry in AuditEntry.objects.filter(chain__name=chain).select_related("chain").order_by("seq"):
        digest = unkeyed_hash(entry, previous)
        key_id = "" if as_legacy else entry.key_id
        AuditEntry.objects.filter(pk=entry.pk).update(previous_hash=previous, hash=digest, key_id=key_id)
        previous = digest
    AuditChain.objects.filter(name=chain).update(head=previous)
