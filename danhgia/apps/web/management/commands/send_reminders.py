"""Mail each user the tasks near or past their deadline (run it daily, e.g. from cron)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from danhgia.apps.access.mail import mail_configured
from danhgia.apps.web.reminders import send_reminders


class Command(BaseCommand):
    help = "Mail each user the review tasks near or past their deadline."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--site", default="http://localhost:8000", help="the address links in the mail start with")

    def handle(self, *args: Any, **options: Any) -> None:
        if not mail_configured():
            self.stdout.write("No mail backend is configured (EMAIL_BACKEND): no reminder sent.")
            return
        sent = send_reminders(timezone.localdate(), options["site"])
        self.stdout.write(f"{sent} reminder(s) sent.")
