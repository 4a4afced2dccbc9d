"""`manage.py privacy_purge`: delete access-log entries older than DANHGIA_ACCESS_LOG_DAYS (run daily)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from danhgia.apps.privacy.services import access_log_purge, retention


class Command(BaseCommand):
    help = "Delete access-log entries older than the retention period (DANHGIA_ACCESS_LOG_DAYS)."

    def handle(self, *args: Any, **options: Any) -> None:
        deleted = access_log_purge()
        self.stdout.write(f"{deleted} access-log entries older than {retention().days} days deleted.")
