"""Remind the consulted units that have not answered: each unit's designated users with an e-mail address get
one message through Django's mail framework where mail is configured (`access.mail.mail_configured`; the demo
prints it on the console). The units reminded are recorded, mailed or not."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils.translation import gettext as _

from danhgia.apps.access.mail import mail_configured
from danhgia.apps.access.models import Role, RoleAssignment
from danhgia.apps.consultation.models import Consultation
from danhgia.apps.consultation.permissions import require_editor
from danhgia.apps.consultation.selectors import units_not_answered
from danhgia.apps.consultation.services.record import User, record
from danhgia.apps.orgs.selectors import in_force
from danhgia.apps.orgs.services import day


@dataclass(frozen=True)
class Reminder:
    unit: str
    recipients: list[str]
    is_mailed: bool


@transaction.atomic
def reminders_send(
    *, consultation: Consultation, actor: User | None, now: datetime, from_email: str | None = None
) -> list[Reminder]:
    """Remind every consulted unit with no opinion in force; `actor` None is the scheduled command."""
    if actor is not None:
        require_editor(actor, consultation, now.date())
    reminders, messages = [], []
    by_mail = mail_configured()
    pending = units_not_answered(consultation)
    for consulted in pending:
        rows = RoleAssignment.objects.filter(in_force(now.date()), role=Role.CONSULTEE, unit=consulted.unit)
        recipients = sorted(e for e in rows.values_list("user__email", flat=True) if e)
        reminders.append(Reminder(consulted.unit.name, recipients, by_mail and bool(recipients)))
        if by_mail and recipients:
            subject = _("Reminder: your opinion on “%(title)s”") % {"title": consultation.title}
            body = _(
                "%(unit)s has not yet sent its opinion on “%(title)s”. The deadline is %(deadline)s. "
                "Please write and submit the unit's opinion in danhgia."
            ) % {"unit": consulted.unit.name, "title": consultation.title, "deadline": day(consultation.deadline)}
            messages.append((subject, body, from_email, recipients))
        consulted.reminded_at = now
        consulted.save(update_fields=["reminded_at"])
    after = {"units": [c.unit_id for c in pending], "messages": len(messages)}
    record(consultation=consultation, actor=actor, action="reminders_send", target=consultation, at=now, after=after)
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages))
    return reminders
