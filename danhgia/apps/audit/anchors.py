"""Anchors: every chain's head, signed and kept outside the system by an auditor (docs/adr/0008).

`danhgia audit anchor --out FILE` writes one (daily, from cron); `danhgia audit verify --anchor FILE` reports any
chain that is missing, shorter than it was or different at the anchored entry. Signing stops a chain from being
deleted, cut short or rewritten unnoticed only while the attacker lacks the key; an anchor kept elsewhere still
shows it when they have it, for everything written before the anchor.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import datetime
from typing import Any

from django.db.models import Count, Max, Q

from danhgia.apps.audit.keys import AuditKey, keyring
from danhgia.apps.audit.models import AuditChain, AuditEntry
from danhgia.apps.audit.services import Problem

FORMAT = "danhgia-audit-anchor/1"


class AnchorError(ValueError):
    """The file is not an anchor this version can read."""


def anchor_create(*, now: datetime) -> dict[str, Any]:
    """Each chain's last entry (number, hash, time) and its number of entries, signed with the current key."""
    counts = (
        AuditEntry.objects.values("chain_id")
        .annotate(count=Count("id"), last=Max("seq"))
        .values_list("chain_id", "chain__name", "count", "last")
        .order_by()
    )
    heads = _entries([(chain_id, last) for chain_id, _name, _count, last in counts])
    chains = []
    for chain_id, name, count, last in sorted(counts, key=lambda row: row[1]):
        digest, at = heads[chain_id, last]
        chains.append({"chain": name, "seq": last, "head": digest, "count": count, "at": at.isoformat()})
    body = {"format": FORMAT, "created_at": now.isoformat(), "chains": chains}
    key = keyring().current
    return {**body, "key": key.id, "signature": _signature(body, key)}


def anchor_dump(anchor: dict[str, Any]) -> str:
    return json.dumps(anchor, ensure_ascii=False, indent=2) + "\n"


def anchor_load(text: str) -> dict[str, Any]:
    try:
        anchor = json.loads(text)
    except ValueError as error:
        raise AnchorError(f"not JSON: {error}") from None
    fields = {"format", "created_at", "chains", "key", "signature"}
    if not isinstance(anchor, dict) or anchor.get("format") != FORMAT or not fields <= set(anchor):
        raise AnchorError(f"not a {FORMAT} document")
    if not isinstance(anchor["chains"], list) or not all(_is_chain(c) for c in anchor["chains"]):
        raise AnchorError("its chains are not chain, seq, head, count and at")
    return anchor


def _is_chain(item: Any) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("chain"), str)
        and all(isinstance(item.get(name), int) and not isinstance(item.get(name), bool) for name in ("seq", "count"))
        and isinstance(item.get("head"), str)
    )


def anchor_check(anchor: dict[str, Any], *, source: str) -> list[Problem]:
    """What in the database no longer matches the anchor: a chain missing, shorter, or different at the anchored
    entry. An anchor whose signature does not verify is reported and not used."""
    key = keyring().get(anchor["key"])
    body = {name: anchor[name] for name in ("format", "created_at", "chains")}
    if key is None:
        return [Problem(source, None, f"anchor signed with key {anchor['key']!r}, which is not configured")]
    if not hmac.compare_digest(_signature(body, key).encode(), str(anchor["signature"]).encode()):
        return [Problem(source, None, "anchor's signature does not match: it was altered or is not an anchor")]
    when = anchor["created_at"]
    stored = {
        name: (last, count)
        for name, last, count in AuditEntry.objects.values_list("chain__name")
        .annotate(last=Max("seq"), count=Count("id"))
        .values_list("chain__name", "last", "count")
        .order_by()
    }
    names = dict(
        AuditChain.objects.filter(name__in=[item["chain"] for item in anchor["chains"]]).values_list("name", "pk")
    )
    anchored = _entries([(names[item["chain"]], item["seq"]) for item in anchor["chains"] if item["chain"] in names])
    problems = []
    for item in anchor["chains"]:
        name, seq, count = item["chain"], item["seq"], item["count"]
        last, present = stored.get(name, (0, 0))
        if not present:
            problems.append(Problem(name, seq, f"missing: the anchor of {when} has {count} entries up to #{seq}"))
        elif last < seq or present < count:
            what = f"shorter than the anchor of {when}: {present} entries up to #{last}, the anchor has {count}"
            problems.append(Problem(name, seq, what))
        elif anchored.get((names[name], seq), ("",))[0] != item["head"]:
            problems.append(Problem(name, seq, f"differs from the anchor of {when} at #{seq}"))
    return problems


def _entries(at: list[tuple[int, int]], batch: int = 1000) -> dict[tuple[int, int], tuple[str, datetime]]:
    """(chain id, number) -> the entry's hash and time, a thousand entries a query."""
    found: dict[tuple[int, int], tuple[str, datetime]] = {}
    for start in range(0, len(at), batch):
        wanted = Q()
        for chain_id, seq in at[start : start + batch]:
            wanted |= Q(chain_id=chain_id, seq=seq)
        for chain_id, seq, digest, when in AuditEntry.objects.filter(wanted).values_list(
            "chain_id", "seq", "hash", "at"
        ):
            found[chain_id, seq] = (digest, when)
    return found


def _signature(body: dict[str, Any], key: AuditKey) -> str:
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return hmac.new(key.secret, text, hashlib.sha256).hexdigest()
