"""What the audit entries of bulk work share: the SHA-256 digest of JSON content, and one entry for a batch.

A service that changes many rows in one call writes one entry: every row it changed with before and after, and a
digest of them, so `danhgia audit verify` can tell an edited row from the one recorded.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from danhgia.apps.audit.services import audit_record, cycle_chain


def digest(rows: Iterable[Any]) -> str:
    """The SHA-256 of the rows as JSON (keys sorted, non-JSON values as text)."""
    text = json.dumps(list(rows), sort_keys=True, default=str, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def audit_batch(
    *,
    cycle_id: int,
    actor: AbstractBaseUser | AnonymousUser,
    action: str,
    at: datetime,
    changes: list[tuple[int, Any, Any]],
    reason: str = "",
) -> None:
    """One entry on the cycle's chain for a batch: every review it changed, with before and after, and a digest."""
    rows = [[review_id, before, after] for review_id, before, after in changes]
    audit_record(
        chain=cycle_chain(cycle_id),
        actor=actor,
        action=action,
        object_type="batch",
        object_id=len(rows),
        at=at,
        after={"reviews": rows, "digest": digest(rows)},
        reason=reason,
    )
