"""/api/v1 (config/urls.py mounts it): ninja's routes, each wrapped by http.api_view (language, ETag, call
log); the interactive docs for staff only; any other path the same 404 as a missing object."""

from __future__ import annotations

from django.contrib.admin.views.decorators import staff_member_required
from django.urls import URLPattern, URLResolver, re_path

from danhgia.apps.api.http import api_view, unknown_path
from danhgia.apps.api.views import api

DOCS = "openapi-view"  # ninja's name for the Swagger page; the schema itself (openapi.json) is public


def _patterns() -> list[URLPattern | URLResolver]:
    routes, _app, _namespace = api.urls
    wrapped: list[URLPattern | URLResolver] = []
    for route in routes:
        assert isinstance(route, URLPattern)
        callback = staff_member_required(route.callback) if route.name == DOCS else route.callback
        wrapped.append(URLPattern(route.pattern, api_view(callback), route.default_args, route.name))
    wrapped.append(re_path(r"^[\s\S]*$", api_view(unknown_path), name="unknown"))
    return wrapped


app_name = api.urls_namespace
urlpatterns = _patterns()
