"""`manage.py report_worker [--once] [--interval SECONDS]`: run queued export jobs (large workbooks).

Without --once it keeps polling for new jobs until interrupted (Ctrl+C); run it beside the web server.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import pgettext

from danhgia.apps.reports.services import export_jobs_run_pending


class Command(BaseCommand):
    help = "Run queued statistics exports (background jobs of the reports page)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run what is queued now, then stop")
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between polls (default 2)")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            ran = export_jobs_run_pending()
            if ran:
                self.stdout.write(pgettext("reports", "%(count)d export job(s) run.") % {"count": ran})
            if options["once"]:
                return
            try:
                time.sleep(options["interval"])
            except KeyboardInterrupt:
                return
