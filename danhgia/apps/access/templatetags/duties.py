"""`{% recusal review as why %}`: why the signed-in user may not act on a review (own or a close relative's,
access.duties), or "" when they may. The user's relatives are read once per request."""

from __future__ import annotations

from typing import Any

from django import template

from danhgia.apps.access.duties import Duties

register = template.Library()


@register.simple_tag(takes_context=True)
def recusal(context: dict[str, Any], review: Any) -> str:
    request = context.get("request")
    if request is None:
        return ""
    duties = getattr(request, "_duties", None)
    if duties is None:
        duties = Duties(request.user)
        request._duties = duties
    return duties.conflict(review) or ""
