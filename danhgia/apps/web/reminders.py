"""Reminders of deadlines: each user with an e-mail address and a task due within `SOON` days, or overdue,
gets one message listing them, through Django's mail framework (only where a mail backend is configured:
DANHGIA_REMINDERS_BY_MAIL, set with EMAIL_BACKEND; the demo prints them on the console). The home page shows
the same tasks."""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext, npgettext

from danhgia.apps.access.mail import mail_configured
from danhgia.apps.web.tasks import Task, my_tasks


def due_tasks(user: User, today: date) -> list[Task]:
    """The user's tasks with a deadline near (within SOON days) or passed."""
    return [task for _cycle, tasks in my_tasks(user, today) for task in tasks if task.overdue or task.soon]


def _line(task: Task) -> str:
    if task.overdue:
        when = npgettext(
            "web", "overdue by %(n)d day (due %(due)s)", "overdue by %(n)d days (due %(due)s)", task.days_over
        )
        return f"- {task.cycle.name}: {task.text} — " + when % {"n": task.days_over, "due": f"{task.due:%d/%m/%Y}"}
    left = task.days_left or 0
    when = npgettext("web", "%(n)d day left (due %(due)s)", "%(n)d days left (due %(due)s)", left)
    return f"- {task.cycle.name}: {task.text} — " + when % {"n": left, "due": f"{task.due:%d/%m/%Y}"}


def reminder(user: User, tasks: list[Task], site: str) -> EmailMessage:
    lines = [gettext("Deadlines in the review of cadres and party members that concern you:"), ""]
    lines += [_line(task) for task in tasks]
    lines += ["", gettext("Open your tasks: %(url)s") % {"url": site.rstrip("/") + reverse("home")}]
    subject = npgettext(
        "web",
        "[danhgia] %(n)d task near or past its deadline",
        "[danhgia] %(n)d tasks near or past their deadline",
        len(tasks),
    ) % {"n": len(tasks)}
    return EmailMessage(subject, "\n".join(lines), to=[user.email])


def send_reminders(today: date, site: str) -> int:
    """Send one reminder to each active user with an address and a task due soon or overdue; the number sent
    (0 when no mail backend is configured)."""
    if not mail_configured():
        return 0
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for user in User.objects.filter(is_active=True).exclude(email="").order_by("pk"):
            tasks = due_tasks(user, today)
            if tasks:
                messages.append(reminder(user, tasks, site))
    return (get_connection().send_messages(messages) or 0) if messages else 0
