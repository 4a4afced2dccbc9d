from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

from danhgia.apps.api.services.claims import claims_to_decide
from danhgia.apps.web.tasks import my_tasks


def home(request: HttpRequest) -> HttpResponse:
    """Logged in: what is the user's to do now, in each cycle under way. Otherwise: what the system is."""
    if request.user.is_authenticated:
        today = timezone.localdate()
        context = {
            "groups": my_tasks(request.user, today),
            "today": today,
            "claims": len(claims_to_decide(request.user)),  # objective causes of fed tasks, outside any cycle
        }
        return render(request, "web/tasks.html", context)
    return render(request, "web/home.html")


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, reading `next` in the language of its own URL.

    Django translates `next` by resolving it in the active language, so leaving /en/… for the
    unprefixed Vietnamese URL would fail for a reader who arrived at /en/… without the cookie.
    """
    next_path = urlsplit(request.POST.get("next", "")).path
    language = translation.get_language_from_path(next_path) or settings.LANGUAGE_CODE
    with translation.override(language):
        return django_set_language(request)
