"""Whether reminders go out by mail: only where a mail backend is configured (DANHGIA_REMINDERS_BY_MAIL, set with
EMAIL_BACKEND; the demo prints them on the console). Deadline and consultation reminders both ask here."""

from __future__ import annotations

from django.conf import settings


def mail_configured() -> bool:
    return bool(getattr(settings, "DANHGIA_REMINDERS_BY_MAIL", False))
