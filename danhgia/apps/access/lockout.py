"""Login throttling with django-axes: the client's address, and the login page a locked-out login gets.

settings.AXES_* say when a login is locked (config/settings/base.py); this module only answers the two
questions axes leaves to the project: who is the client behind the proxies, and what the refused person
reads (in Vietnamese by default: the account is temporarily locked, and from when to try again).
"""

from __future__ import annotations

import ipaddress
import math
from datetime import datetime, timedelta
from typing import Any

from axes.handlers.database import AxesDatabaseHandler  # type: ignore[import-untyped]
from axes.helpers import get_client_username, get_cool_off  # type: ignore[import-untyped]
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

LOCKED_STATUS = 429  # Too Many Requests


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR; behind DANHGIA_PROXY_COUNT = n proxies that each append to X-Forwarded-For, the n-th
    address from the right (what the outermost proxy saw). Anything left of it is the client's own claim and
    is never trusted, so a client cannot pick a new address for each try."""
    remote = request.META.get("REMOTE_ADDR")
    count = settings.DANHGIA_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote


def locked_until(request: HttpRequest, credentials: dict[str, Any] | None) -> datetime | None:
    """When this username and address may try again: the cool-off after their latest recorded failure."""
    cool_off = get_cool_off(request)
    if cool_off is None:
        return None
    attempts = AxesDatabaseHandler().get_user_attempts(request, credentials)
    latest = [found for query in attempts if (found := query.aggregate(latest=Max("attempt_time"))["latest"])]
    return max(latest) + cool_off if latest else None


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict[str, Any] | None
) -> HttpResponse:
    """The login page again, status 429, saying the account is temporarily locked and until when."""
    username = get_client_username(request, credentials) or ""
    until = locked_until(request, credentials)
    context = {
        "form": AuthenticationForm(request, initial={"username": username}),
        "next": request.POST.get("next", "") or request.GET.get("next", ""),
        "locked_out": True,
        "locked_until": until,
        "locked_minutes": math.ceil((until - timezone.now()) / timedelta(minutes=1)) if until else None,
    }
    return render(request, "registration/login.html", context, status=LOCKED_STATUS)
