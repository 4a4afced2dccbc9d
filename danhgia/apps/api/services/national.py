"""The national database's sync log: what was sent, when, to whom, in which version (docs/api.md §5)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.contrib.auth.models import User
from django.db import transaction

from danhgia.apps.api.models import ConnectedSystem, NationalSync, NationalSyncItem
from danhgia.apps.api.selectors.national import ExportRow
from danhgia.apps.cycles.models import ReviewCycle


@transaction.atomic
def national_sync_record(
    *,
    system: ConnectedSystem,
    cycle: ReviewCycle,
    channel: str,
    mapping: dict[str, str],
    rows: Sequence[ExportRow],
    now: datetime,
    user: User | None = None,
    file_name: str = "",
) -> NationalSync:
    """Log one sending of `rows`: the sync and one item per result with the version and digest sent."""
    sync = NationalSync.objects.create(
        at=now,
        channel=channel,
        system=system,
        user=user,
        cycle=cycle,
        count=len(rows),
        mapping=mapping,
        file_name=file_name,
    )
    NationalSyncItem.objects.bulk_create(
        [
            NationalSyncItem(
                sync=sync,
                review_id=row.review_id,
                national_id=row.national_id,
                changed_at=row.changed_at,
                record_sha256=row.sha256,
            )
            for row in rows
        ],
        batch_size=2000,
    )
    return sync
