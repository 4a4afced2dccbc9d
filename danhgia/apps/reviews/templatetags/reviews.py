"""Template helpers for stored engine results: `{% load reviews %}{{ reason|reason_detail }}`."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

register = template.Library()


@register.filter
def reason_detail(reason: dict[str, Any]) -> str:
    """A reason's text in the reader's language (English where stored, Vietnamese otherwise)."""
    if (get_language() or "vi").startswith("en") and reason.get("detail_en"):
        return str(reason["detail_en"])
    return str(reason.get("detail", ""))
