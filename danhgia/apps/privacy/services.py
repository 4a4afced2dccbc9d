"""Writes of the access log: a read of another person's data, and the purge after the retention period."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from danhgia.apps.access.services import person_of
from danhgia.apps.privacy.models import AccessLogEntry


def access_log(*, request: HttpRequest, person_id: int | None, what: str, object_id: int | None = None) -> None:
    """Record that the signed-in user read `what` about `person_id` (nothing for one's own data, a
    collective's, or an anonymous request: the pages refuse those before)."""
    user = request.user
    if person_id is None or not user.is_authenticated:
        return
    own = person_of(user)
    if own is not None and own.pk == person_id:
        return
    AccessLogEntry.objects.create(
        viewer_id=user.pk,
        viewer_name=user.get_username()[:150],
        person_id=person_id,
        what=what,
        object_id=object_id,
        path=request.path[:255],
        at=timezone.now(),
    )


def retention() -> timedelta:
    return timedelta(days=settings.DANHGIA_ACCESS_LOG_DAYS)


def access_log_purge(*, now: datetime | None = None) -> int:
    """Delete the entries older than the retention period; returns how many."""
    cutoff = (now or timezone.now()) - retention()
    deleted, _by_model = AccessLogEntry.objects.filter(at__lt=cutoff).delete()
    return deleted
