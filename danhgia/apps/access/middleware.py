"""Two checks on every signed-in request: the session's timeouts, then the second factor.

SessionTimeoutMiddleware ends a session idle for settings.DANHGIA_SESSION_IDLE_TIMEOUT, or older than
settings.DANHGIA_SESSION_ABSOLUTE_TIMEOUT since the login, and sends the person to the login page with a
notice. The login stamps the session (`stamp_login`, on Django's user_logged_in, which every login sends:
the login page's, the admin's, the test client's); a session from before this code is stamped at its next
request. Any request counts as activity, htmx's included (the self-review's autosave is typing; the export
page's polling stops when the job ends). The last-seen time is rewritten at most once a minute, so a
signed-in page costs no extra session write.

SecondFactorMiddleware sends a user who must verify a code (access/twofactor.py) and has not yet, to the
code page, or to the enrolment page while they have no device, wherever they go except those two pages,
logout, login and the language switch.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, SESSION_KEY, logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect

from danhgia.apps.access.twofactor import has_confirmed_device, is_verified, second_factor_required

STARTED = "danhgia.session.started"  # epoch seconds of the login
SEEN = "danhgia.session.seen"  # epoch seconds of the latest request, to the minute
TOUCH_EVERY = 60  # seconds between two rewrites of SEEN

IDLE, ABSOLUTE = "idle", "absolute"

# Where an unverified user may still go (URL names).
SECOND_FACTOR_OPEN = frozenset(
    {"access:two_factor_verify", "access:two_factor_enrol", "login", "logout", "set_language"}
)


def session_expiry(*, started: int, seen: int, now: int, idle: timedelta, absolute: timedelta) -> str | None:
    """Why a session stamped `started` and last `seen` has ended at `now` (IDLE or ABSOLUTE), or None."""
    if now - started >= absolute.total_seconds():
        return ABSOLUTE
    if now - seen >= idle.total_seconds():
        return IDLE
    return None


def stamp_login(sender: object, request: HttpRequest, user: object, **kwargs: object) -> None:
    """Record when the session's login happened (connected in AccessConfig.ready)."""
    request.session[STARTED] = request.session[SEEN] = int(timezone.now().timestamp())


class SessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = request.session
        if SESSION_KEY in session:
            now = int(timezone.now().timestamp())
            started, seen = session.get(STARTED), session.get(SEEN)
            if started is None or seen is None:
                session[STARTED] = session[SEEN] = now
            else:
                why = session_expiry(
                    started=started,
                    seen=seen,
                    now=now,
                    idle=settings.DANHGIA_SESSION_IDLE_TIMEOUT,
                    absolute=settings.DANHGIA_SESSION_ABSOLUTE_TIMEOUT,
                )
                if why is not None:
                    return self.expired(request, why)
                if now - seen >= TOUCH_EVERY:
                    session[SEEN] = now
        return self.get_response(request)

    @staticmethod
    def expired(request: HttpRequest, why: str) -> HttpResponse:
        logout(request)
        if why == IDLE:
            notice = _("Your session ended after %(minutes)d minutes without activity. Please log in again.") % {
                "minutes": settings.DANHGIA_SESSION_IDLE_TIMEOUT // timedelta(minutes=1)
            }
        else:
            notice = _("Your session ended %(hours)d hours after you logged in. Please log in again.") % {
                "hours": settings.DANHGIA_SESSION_ABSOLUTE_TIMEOUT // timedelta(hours=1)
            }
        messages.info(request, notice)
        return to_page(request, reverse(settings.LOGIN_URL))


class SecondFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if settings.DANHGIA_REQUIRE_2FA and SESSION_KEY in request.session:
            user = request.user
            needs_code = (
                user.is_authenticated
                and not is_verified(user)
                and not is_open(request.path_info)
                and second_factor_required(user, timezone.localdate())
            )
            if needs_code:
                name = "access:two_factor_verify" if has_confirmed_device(user) else "access:two_factor_enrol"
                return to_page(request, reverse(name))
        return self.get_response(request)


def is_open(path: str) -> bool:
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.view_name in SECOND_FACTOR_OPEN


def to_page(request: HttpRequest, url: str) -> HttpResponse:
    """A redirect to `url` carrying the page to come back to: the page itself for a plain GET, the page an
    htmx request came from (htmx is told to load the whole page), none for a form sent with POST."""
    if request.htmx:  # type: ignore[attr-defined]  # django_htmx's HtmxMiddleware
        current = urlsplit(request.htmx.current_url or "")  # type: ignore[attr-defined]
        back = current.path + (f"?{current.query}" if current.query else "")
        return HttpResponseClientRedirect(with_next(url, back))
    return HttpResponseRedirect(with_next(url, request.get_full_path() if request.method == "GET" else ""))


def with_next(url: str, back: str) -> str:
    return f"{url}?{urlencode({REDIRECT_FIELD_NAME: back})}" if back else url
