"""Working days for the national database's sync deadline (Decree 27/2026: an employing agency syncs a change
within 3 working days).

A working day is Monday to Friday in the project's time zone (Asia/Ho_Chi_Minh). Public holidays are ignored:
the project holds no holiday list, so a result changed before Tết is counted overdue earlier than the law would.
A deadline runs from the moment of the change, day for day at the same time of day, skipping Saturdays and
Sundays; a change made on a weekend runs from Monday 00:00.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Final

from django.utils import timezone

SYNC_WORKING_DAYS: Final = 3
SATURDAY: Final = 5


def working_deadline(changed_at: datetime, days: int = SYNC_WORKING_DAYS) -> datetime:
    """When a change made at `changed_at` is due: `days` working days later (local time, weekends skipped)."""
    local = timezone.localtime(changed_at)
    while local.weekday() >= SATURDAY:
        local = datetime.combine(local.date() + timedelta(days=1), time.min, tzinfo=local.tzinfo)
    left = days
    while left:
        local += timedelta(days=1)
        if local.weekday() < SATURDAY:
            left -= 1
    return local
