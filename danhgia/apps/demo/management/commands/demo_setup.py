"""`manage.py demo_setup`: the demo logins (and, later, the demo province). Idempotent."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from danhgia.apps.demo.consultation import demo_consultation_ensure
from danhgia.apps.demo.lab import demo_lab_ensure
from danhgia.apps.demo.services import demo_data_ensure, demo_users_ensure

DEMO_URL = "http://127.0.0.1:8000/"


class Command(BaseCommand):
    help = "Create the demo users (published passwords) and the demo data. Safe to run again."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--force",
            action="store_true",
            help="run even with DEBUG off (the demo passwords are public: never on a real server)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEBUG and not options["force"]:
            raise CommandError(
                "demo_setup creates users with published passwords; it runs only with DJANGO_DEBUG=1 (or --force)"
            )
        users = demo_users_ensure()
        demo_data_ensure()
        demo_lab_ensure(get_user_model().objects.get(username="admin"))
        demo_consultation_ensure()
        self.stdout.write(f"danhgia demo: {DEMO_URL}")
        self.stdout.write("Logins (username / password, persona):")
        for user in users:
            self.stdout.write(f"  {user.username:<10} / {user.password:<16} {user.persona}")
