"""Bearer tokens, checked in this order before anything else of the call is read: the token (401), the rate
limit (429), the operation (403). Then the view reads within the token's subtree (404 outside)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import pgettext
from ninja.security import HttpBearer
from pydantic import BaseModel

from danhgia.apps.api.errors import FieldError, forbidden, invalid, too_many
from danhgia.apps.api.http import call_context
from danhgia.apps.api.models import ApiToken, Operation
from danhgia.apps.api.ratelimit import rate_take
from danhgia.apps.api.scope import TokenScope, token_authenticate
from danhgia.apps.api.tokens import presented_prefix


class TokenAuth(HttpBearer):
    openapi_bearerFormat = "dg_<prefix>_<secret>"
    openapi_description = "A token of a connected system, issued in the admin (docs/api.md §2)."

    def __init__(self, operation: Operation) -> None:
        super().__init__()
        self.operation = operation

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        context = call_context(request)
        context.presented_prefix = presented_prefix(token)
        found = token_authenticate(token, now=timezone.now())
        if found is None:
            return None
        context.token = found
        context.allowance = rate_take(key=found.prefix, limit=found.system.requests_per_minute)
        if not context.allowance.allowed:
            raise too_many(context.allowance.retry_after)
        if self.operation not in found.operations:
            raise forbidden(self.operation.value)
        return found


def scope_of(request: HttpRequest, query: type[BaseModel] | None = None) -> TokenScope:
    """The scope of the call's token (authenticated by TokenAuth before the view runs). A query parameter
    that the operation does not declare (`query`'s fields) is refused (422), like an unknown body field."""
    token = call_context(request).token
    assert token is not None, "the view runs only after TokenAuth"
    known = set(query.model_fields) if query is not None else set()
    unknown = sorted(set(request.GET) - known)
    if unknown:
        message = pgettext("api", "Unknown parameter.")
        raise invalid([FieldError(("query", name), "extra_forbidden", message) for name in unknown])
    return TokenScope(token)


READ_TREE = TokenAuth(Operation.READ_TREE)
READ_PEOPLE = TokenAuth(Operation.READ_PEOPLE)
READ_CYCLES = TokenAuth(Operation.READ_CYCLES)
READ_RESULTS = TokenAuth(Operation.READ_RESULTS)
READ_STATISTICS = TokenAuth(Operation.READ_STATISTICS)
READ_TASKS = TokenAuth(Operation.READ_TASKS)
WRITE_TASKS = TokenAuth(Operation.WRITE_TASKS)
READ_EXPORT = TokenAuth(Operation.READ_EXPORT)
