"""What every consultation page needs: the acting user, the consultation the user may open, and a service call
whose refusal (a field error or a denial) becomes a message, changing nothing."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone

from danhgia.apps.consultation.models import Consultation, ConsultedUnit
from danhgia.apps.consultation.permissions import commenting_unit_ids, is_editor


def actor_of(request: HttpRequest) -> User:
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def readable(request: HttpRequest, pk: int) -> Consultation:
    """The consultation, if the user is on its editorial team or writes for one of its units."""
    consultation = get_object_or_404(Consultation.objects.select_related("owner", "draft"), pk=pk)
    today = timezone.localdate()
    if is_editor(request.user, consultation, today):
        return consultation
    units = commenting_unit_ids(request.user, today)
    if ConsultedUnit.objects.filter(consultation=consultation, unit_id__in=units).exists():
        return consultation
    raise PermissionDenied


def edited(request: HttpRequest, pk: int) -> Consultation:
    consultation = readable(request, pk)
    if not is_editor(request.user, consultation, timezone.localdate()):
        raise PermissionDenied
    return consultation


def attempt(request: HttpRequest, service: Callable[..., Any], success: str, **kwargs: Any) -> Any:
    """Call `service` as the user, now; a refusal is shown as an error message and nothing is changed."""
    try:
        result = service(actor=actor_of(request), now=timezone.now(), **kwargs)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return None
    except PermissionDenied as error:
        messages.error(request, str(error))
        return None
    messages.success(request, success)
    return result
