"""The /api/v1 API (django-ninja): its routes, and every refusal answered in one shape (errors.py)."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from danhgia.apps.api.errors import (
    ApiProblem,
    invalid,
    malformed_body,
    not_found,
    problem_response,
    unauthorized,
    validation_errors,
)
from danhgia.apps.api.schemas.feed import TaskFeedIn
from danhgia.apps.api.views import cycles, tasks, tree

DESCRIPTION = """\
The integration API of danhgia for connected systems: e-office and task systems (Decree 335/2025/NĐ-CP
Art. 26) and the national database of cadres, civil servants and public employees (Decree 27/2026/NĐ-CP).

Every call carries `Authorization: Bearer dg_<prefix>_<secret>`, a token issued in the admin for one
connected system, over the subtree of one unit and for a set of operations. Errors are JSON
(`code`, `message`, `errors` with each bad field's `path`) in Vietnamese or English (`Accept-Language`).
Reads answer with an `ETag`; send it back in `If-None-Match` for a 304. Lists are paged with an opaque
`next_cursor`. docs/api.md has the guide and an example client.
"""


class Api(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None) -> Any:
        """Ninja's document, plus the feed's body (read row by row by the view, so ninja does not see it)."""
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        body = TaskFeedIn.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.update({**body.pop("$defs", {}), "TaskFeedIn": body})
        return schema


api = Api(
    title="danhgia API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
api.add_router("", tree.router)
api.add_router("", cycles.router)
api.add_router("", tasks.router)


@api.exception_handler(ApiProblem)
def _problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem_response(exc)


@api.exception_handler(ValidationError)
def _invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    return problem_response(invalid(validation_errors(exc.errors)))


@api.exception_handler(AuthenticationError)
def _unauthorized(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return problem_response(unauthorized())


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 400:  # ninja's only 400: a body that does not parse
        return problem_response(malformed_body())
    return problem_response(ApiProblem(exc.status_code, "http_error", str(exc)))


@api.exception_handler(Http404)
def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return problem_response(not_found())
