"""Reads of the statistics from a streaming replica, when DATABASE_REPLICA_URL names one.

The "replica" database serves the reads of the reports app's tables (the statistics' summary tables and the
export jobs' listing); everything else, every write, and any read inside a transaction on the primary stays on
the primary. Read-your-own-writes: `ReplicaPinMiddleware` keeps a client's requests on the primary for
REPLICA_PIN_SECONDS after one that could have written (any method but GET, HEAD, OPTIONS), so a person who just
decided sees the figures of their decision, not the replica's, which may lag.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.conf import settings
from django.db import connections
from django.http import HttpRequest, HttpResponse

REPLICA = "replica"
REPLICA_APPS = frozenset({"reports"})
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PIN_KEY = "replica_pinned_until"

_pinned: ContextVar[bool] = ContextVar("replica_pinned", default=False)


def pin_to_primary(value: bool = True) -> Any:
    """Send this context's reads to the primary (returns the token to reset it)."""
    return _pinned.set(value)


class ReplicaRouter:
    def db_for_read(self, model: type[Any], **hints: Any) -> str | None:
        if (
            REPLICA in connections.settings
            and model._meta.app_label in REPLICA_APPS
            and not _pinned.get()
            and not connections["default"].in_atomic_block
        ):
            return REPLICA
        return None

    def db_for_write(self, model: type[Any], **hints: Any) -> str:
        return "default"

    def allow_relation(self, obj1: Any, obj2: Any, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints: Any) -> bool:
        return db != REPLICA


class ReplicaPinMiddleware:
    """After a request that may have written, this client reads from the primary for a while."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        writes = request.method not in SAFE_METHODS
        pinned = writes or (session is not None and session.get(PIN_KEY, 0) > time.time())
        token = _pinned.set(pinned)
        try:
            response = self.get_response(request)
        finally:
            _pinned.reset(token)
        if writes and session is not None:
            session[PIN_KEY] = time.time() + float(getattr(settings, "REPLICA_PIN_SECONDS", 10))
        return response
