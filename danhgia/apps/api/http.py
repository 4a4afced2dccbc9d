"""What wraps every call under /api/v1 (urls.py applies it to each route): the language of the messages from
Accept-Language (Vietnamese by default), ETag and If-None-Match → 304 on reads, and the call log."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import quote_etag

from danhgia.apps.api.errors import not_found, problem_response
from danhgia.apps.api.models import ApiToken
from danhgia.apps.api.ratelimit import Allowance
from danhgia.apps.api.services.calls import call_record

LANGUAGES = ("vi", "en")
DEFAULT_LANGUAGE = "vi"
CONTEXT = "danhgia.api.call"
View = Callable[..., HttpResponseBase]


@dataclass
class CallContext:
    """What the authentication learnt, for the call log and the rate-limit headers."""

    token: ApiToken | None = None
    presented_prefix: str = ""
    allowance: Allowance | None = None


def call_context(request: HttpRequest) -> CallContext:
    context = request.META.get(CONTEXT)
    if not isinstance(context, CallContext):
        context = request.META[CONTEXT] = CallContext()
    return context


def accepted_language(header: str) -> str:
    """The supported language the client prefers most (q-values honoured), else Vietnamese."""
    best, best_q = DEFAULT_LANGUAGE, 0.0
    for part in header.split(","):
        tag, _, params = part.strip().partition(";")
        language = tag.strip().lower().split("-")[0]
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if language in LANGUAGES and quality > best_q:
            best, best_q = language, quality
    return best


def _conditional(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """A read answers with a strong ETag of its body; If-None-Match with it answers 304 without a body."""
    if request.method != "GET" or response.status_code != 200 or not isinstance(response, HttpResponse):
        response["Cache-Control"] = "no-store"
        return response
    response["ETag"] = quote_etag(hashlib.sha256(response.content).hexdigest()[:32])
    response["Cache-Control"] = "private, no-cache"
    return get_conditional_response(request, etag=response["ETag"], response=response) or response


def _rate_headers(response: HttpResponseBase, allowance: Allowance | None) -> None:
    if allowance is not None:
        response["X-RateLimit-Limit"] = str(allowance.limit)
        response["X-RateLimit-Remaining"] = str(allowance.remaining)


def api_view(view: View) -> View:
    """`view` with the language, the conditional read and the call log around it."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        started, at = time.perf_counter(), timezone.now()
        context = call_context(request)
        language = accepted_language(request.headers.get("Accept-Language", ""))
        status = 500
        try:
            with translation.override(language):
                try:
                    response = view(request, *args, **kwargs)
                except Http404:  # ninja's own root page raises it
                    response = problem_response(not_found())
                response = _conditional(request, response)
            status = response.status_code
            response["Content-Language"] = language
            patch_vary_headers(response, ("Accept-Language", "Authorization"))
            _rate_headers(response, context.allowance)
            return response
        finally:
            token = context.token
            call_record(
                at=at,
                system=token.system if token is not None else None,
                token_prefix=token.prefix if token is not None else context.presented_prefix,
                method=request.method or "",
                path=request.get_full_path(),
                status=status,
                duration_ms=round((time.perf_counter() - started) * 1000),
            )

    return wrapped


def unknown_path(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any other path under /api/v1: the same 404 as a missing object."""
    return problem_response(not_found())
