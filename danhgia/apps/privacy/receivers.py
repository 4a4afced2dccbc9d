"""The read log's listeners: an admin page about a person or a discipline record was opened."""

from __future__ import annotations

from typing import Any

from django.db.models import Model
from django.dispatch import receiver
from django.http import HttpRequest

from danhgia.apps.orgs.models import DisciplineRecord, Person
from danhgia.apps.orgs.signals import record_opened
from danhgia.apps.privacy.models import Read
from danhgia.apps.privacy.services import access_log

READ_OF_MODEL: dict[type[Model], Read] = {Person: Read.PERSON, DisciplineRecord: Read.DISCIPLINE}


@receiver(record_opened, dispatch_uid="privacy.record_opened")
def log_record_opened(
    sender: type[Model], *, request: HttpRequest, person_id: int | None, object_id: int, **_kwargs: Any
) -> None:
    what = READ_OF_MODEL.get(sender)
    if what is not None:
        access_log(request=request, person_id=person_id, what=what, object_id=object_id)
