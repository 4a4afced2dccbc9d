"""What every board view shares: who may come in, who acts, where to go back to, how to answer htmx."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any

from django.contrib.auth.models import User
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponseBase
from django.utils.http import url_has_allowed_host_and_scheme

from danhgia.apps.access.services import may
from danhgia.apps.boards.scope import Place, holds_any
from danhgia.domain.workflow import CYCLE_TRANSITIONS, CycleAction

View = Callable[..., HttpResponseBase]


def board(roles: Sequence[str]) -> Callable[[View], View]:
    """Anonymous visitors log in first; a user holding none of `roles` anywhere gets 403."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not holds_any(request.user, roles):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorate


def actor(request: HttpRequest) -> User:
    user = request.user
    if not isinstance(user, User):  # the `board` decorator lets only logged-in users through
        raise PermissionDenied
    return user


def is_htmx(request: HttpRequest) -> bool:
    return bool(getattr(request, "htmx", False))


def back(request: HttpRequest, fallback: str) -> str:
    """The `next` address posted with a form when it stays on this site, else `fallback`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return fallback


def message_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def advances(request: HttpRequest, place: Place) -> list[str]:
    """The states the user may move the cycle to from where it is (the domain's cycle transitions; the role that
    makes each move, held over the cycle's whole scope, is access.may's answer). Opening has its own page."""
    return [
        str(target.value)
        for (source, action), target in CYCLE_TRANSITIONS.items()
        if source == place.cycle.state
        and action != CycleAction.OPEN
        and may(request.user, action, place.cycle.root, place.on)
    ]
