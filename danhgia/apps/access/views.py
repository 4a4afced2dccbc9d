"""The second factor's two pages: enrol an authenticator app, and verify a code after the password."""

from __future__ import annotations

import logging

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from danhgia.apps.access.forms import TokenForm
from danhgia.apps.access.middleware import with_next
from danhgia.apps.access.twofactor import (
    has_confirmed_device,
    is_verified,
    new_totp_key,
    second_factor_required,
    totp_device_enrol,
    totp_enrolment,
    totp_verify,
)

PENDING_KEY = "danhgia.otp.pending_key"  # the secret being enrolled, until the app proves it holds it
log = logging.getLogger(__name__)


@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user = request.user
    back = back_to(request)
    if is_verified(user) or not second_factor_required(user, timezone.localdate()):
        return redirect(back)
    if not has_confirmed_device(user):
        return redirect(with_next(reverse("access:two_factor_enrol"), back))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome = totp_verify(user=user, token=form.cleaned_data["token"])  # type: ignore[arg-type]
        if outcome.device is not None:
            return signed_in(request, outcome.device, back)
        log.warning("second factor: wrong code for %s", user.get_username())
        if outcome.retry_at is None:
            form.add_error("token", _("This code is not right, or it was already used. Enter the next one."))
        else:
            at = time_format(timezone.localtime(outcome.retry_at), "H:i:s")
            form.add_error("token", _("Too many wrong codes. Try again after %(time)s.") % {"time": at})
    return render(request, "registration/two_factor_verify.html", {"form": form, "next": back})


@never_cache
@login_required
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    back = back_to(request)
    if not second_factor_required(user, timezone.localdate()):
        return redirect(back)
    if has_confirmed_device(user):  # a new device only after an administrator removed the old one
        return redirect(with_next(reverse("access:two_factor_verify"), back))
    key = request.session.get(PENDING_KEY) or new_totp_key()
    request.session[PENDING_KEY] = key
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = totp_device_enrol(user=user, key=key, token=form.cleaned_data["token"])  # type: ignore[arg-type]
        if device is not None:
            del request.session[PENDING_KEY]
            messages.success(request, _("The authenticator app is set up. Enter its code at each login."))
            return signed_in(request, device, back)
        form.add_error("token", _("This code is not right. Check the phone's clock, then enter the code shown now."))
    context = {"form": form, "next": back, "enrolment": totp_enrolment(user=user, key=key)}  # type: ignore[arg-type]
    return render(request, "registration/two_factor_enrol.html", context)


def signed_in(request: HttpRequest, device: TOTPDevice, back: str) -> HttpResponse:
    """The session now carries the verified device, under a new session key."""
    request.session.cycle_key()
    otp_login(request, device)
    return redirect(back)


def back_to(request: HttpRequest) -> str:
    """The page to return to (`next`), if it is on this site; the home page otherwise."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return resolve_url(settings.LOGIN_REDIRECT_URL)
