"""`manage.py consultation_remind`: remind the units of every open consultation past its deadline (or of one,
with --consultation) that have not answered. Mail goes through Django's mail settings."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from danhgia.apps.consultation.models import Consultation
from danhgia.apps.consultation.services.reminders import reminders_send


class Command(BaseCommand):
    help = "Remind the consulted units that have not answered (open consultations past their deadline)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--consultation", type=int, help="only this consultation, deadline passed or not")

    def handle(self, *args: Any, **options: Any) -> None:
        now = timezone.now()
        consultations = Consultation.objects.filter(state="open")
        if options["consultation"] is not None:
            consultations = consultations.filter(pk=options["consultation"])
            if not consultations.exists():
                raise CommandError(f"no open consultation {options['consultation']}")
        else:
            consultations = consultations.filter(deadline__lt=now.date())
        for consultation in consultations:
            for reminder in reminders_send(consultation=consultation, actor=None, now=now):
                to = ", ".join(reminder.recipients) if reminder.is_mailed else "not mailed"
                self.stdout.write(f"{consultation.pk}\t{reminder.unit}\t{to}")
