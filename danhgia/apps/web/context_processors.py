from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from danhgia import __version__


def product(request: HttpRequest) -> dict[str, Any]:
    # Language names stay in their own language (not translated), as settings.LANGUAGES has them.
    return {"danhgia_version": __version__, "danhgia_languages": settings.LANGUAGES}


def navigation(request: HttpRequest) -> dict[str, Any]:
    """The main navigation entries this user may see (web/navigation.py)."""
    from danhgia.apps.web.navigation import visible_items

    return {"danhgia_nav": visible_items(request, timezone.localdate())}
