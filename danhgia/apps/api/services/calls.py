"""The call log: one row per call, refused ones included (who, with which token, what, the status, how long).

It is a log, not the audit trail: reads are logged here only; every write is also on the `api` chain.
"""

from __future__ import annotations

from datetime import datetime

from danhgia.apps.api.models import ApiCall, ConnectedSystem

MAX_PATH = 500


def call_record(
    *,
    at: datetime,
    system: ConnectedSystem | None,
    token_prefix: str,
    method: str,
    path: str,
    status: int,
    duration_ms: int,
) -> ApiCall:
    return ApiCall.objects.create(
        at=at,
        system=system,
        token_prefix=token_prefix[:16],
        method=method[:8],
        path=path[:MAX_PATH],
        status=status,
        duration_ms=max(0, duration_ms),
    )
