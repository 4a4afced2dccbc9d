"""Every refusal the API gives, as one JSON shape, in Vietnamese or English (Accept-Language; Vietnamese by
default):

    {"code": "invalid", "message": "…", "errors": [{"path": "body.tasks[3].quantity",
                                                     "loc": ["body", "tasks", 3, "quantity"],
                                                     "code": "greater_than_equal", "message": "…"}]}

`errors` lists each bad field (400 and 422 only). A 404 has one body whatever the reason — missing, or
outside the token's subtree — so a refusal reveals nothing; 401 likewise for every token failure.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpResponse
from django.utils.translation import get_language, pgettext

from danhgia.domain.texts import Text

JSON = "application/json; charset=utf-8"
MAX_ERRORS = 1000
Loc = tuple[str | int, ...]


@dataclass(frozen=True)
class FieldError:
    loc: Loc
    code: str
    message: str

    @property
    def path(self) -> str:
        return field_path(self.loc)

    def as_dict(self) -> dict[str, Any]:
        return {"path": self.path, "loc": list(self.loc), "code": self.code, "message": self.message}


@dataclass(eq=False)
class ApiProblem(Exception):
    """A refusal: raised anywhere in a call, answered by `problem_response`."""

    status: int
    code: str
    message: str
    errors: Sequence[FieldError] = ()
    headers: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(self.code)


def field_path(loc: Loc) -> str:
    """("body", "tasks", 3, "quantity") → "body.tasks[3].quantity"."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def problem_response(problem: ApiProblem) -> HttpResponse:
    body: dict[str, Any] = {"code": problem.code, "message": problem.message}
    if problem.errors:
        body["errors"] = [error.as_dict() for error in problem.errors]
    response = HttpResponse(
        json.dumps(body, ensure_ascii=False, separators=(",", ":")), status=problem.status, content_type=JSON
    )
    for name, value in problem.headers.items():
        response[name] = value
    return response


def text(message: Text) -> str:
    """A domain text in the active language."""
    return message.en if (get_language() or "vi").startswith("en") else message.vi


def not_found() -> ApiProblem:
    return ApiProblem(404, "not_found", pgettext("api", "Not found."))


def unauthorized() -> ApiProblem:
    return ApiProblem(
        401,
        "unauthorized",
        pgettext("api", "A valid token is required: Authorization: Bearer dg_…"),
        headers={"WWW-Authenticate": 'Bearer realm="danhgia"'},
    )


def forbidden(operation: str) -> ApiProblem:
    return ApiProblem(
        403,
        "forbidden",
        pgettext("api", "This token may not perform the operation %(operation)s.") % {"operation": operation},
    )


def too_many(retry_after: int) -> ApiProblem:
    return ApiProblem(
        429,
        "rate_limited",
        pgettext("api", "Too many requests for this token: retry in %(seconds)d seconds.") % {"seconds": retry_after},
        headers={"Retry-After": str(retry_after)},
    )


def invalid(errors: Iterable[FieldError], *, status: int = 422) -> ApiProblem:
    """A refused request listing its bad fields (the first MAX_ERRORS; the message gives the count)."""
    found = list(errors)
    message = pgettext("api", "The request has %(count)d invalid field(s); nothing was changed.") % {
        "count": len(found)
    }
    return ApiProblem(status, "invalid" if status == 422 else "bad_request", message, found[:MAX_ERRORS])


def malformed_body() -> ApiProblem:
    error = FieldError(("body",), "malformed_json", pgettext("api", "The body is not valid JSON."))
    return invalid([error], status=400)


def _messages() -> dict[str, str]:
    """Pydantic's error types → our messages (formatted with the error's context)."""
    return {
        "missing": pgettext("api", "This field is required."),
        "extra_forbidden": pgettext("api", "Unknown field."),
        "int_parsing": pgettext("api", "Enter a whole number."),
        "int_type": pgettext("api", "Enter a whole number."),
        "int_from_float": pgettext("api", "Enter a whole number."),
        "greater_than_equal": pgettext("api", "Must be at least %(ge)s."),
        "greater_than": pgettext("api", "Must be greater than %(gt)s."),
        "less_than_equal": pgettext("api", "Must be at most %(le)s."),
        "less_than": pgettext("api", "Must be less than %(lt)s."),
        "string_type": pgettext("api", "Enter a text."),
        "string_too_short": pgettext("api", "Must have at least %(min_length)s character(s)."),
        "string_too_long": pgettext("api", "Must have at most %(max_length)s characters."),
        "string_pattern_mismatch": pgettext("api", "Has the wrong format."),
        "too_short": pgettext("api", "Must have at least %(min_length)s item(s)."),
        "too_long": pgettext("api", "Must have at most %(max_length)s items."),
        "list_type": pgettext("api", "Enter a list."),
        "dict_type": pgettext("api", "Enter an object."),
        "model_type": pgettext("api", "Enter an object."),
        "model_attributes_type": pgettext("api", "Enter an object."),
        "bool_parsing": pgettext("api", "Enter true or false."),
        "bool_type": pgettext("api", "Enter true or false."),
        "date_parsing": pgettext("api", "Enter a date as YYYY-MM-DD."),
        "date_from_datetime_parsing": pgettext("api", "Enter a date as YYYY-MM-DD."),
        "date_from_datetime_inexact": pgettext("api", "Enter a date as YYYY-MM-DD."),
        "date_type": pgettext("api", "Enter a date as YYYY-MM-DD."),
        "decimal_parsing": pgettext("api", "Enter a number."),
        "decimal_type": pgettext("api", "Enter a number."),
        "finite_number": pgettext("api", "Enter a number."),
        "decimal_max_places": pgettext("api", "At most %(decimal_places)s decimal places."),
        "decimal_max_digits": pgettext("api", "Too large a number."),
        "decimal_whole_digits": pgettext("api", "Too large a number."),
        "enum": pgettext("api", "Choose one of: %(expected)s."),
        "literal_error": pgettext("api", "Choose one of: %(expected)s."),
        "union_tag_invalid": pgettext("api", "Has the wrong format."),
    }


class _Context(dict[str, Any]):
    """A message's values; one the error did not give shows as "?" instead of failing."""

    def __missing__(self, key: str) -> str:
        return "?"


def validation_errors(raw: Iterable[Mapping[str, Any]]) -> list[FieldError]:
    """Pydantic's (and ninja's) errors as ours: translated messages, locations without the body's parameter
    name (ninja puts it second: ["body", "payload", "tasks", 3, …])."""
    messages = _messages()
    found = []
    for error in raw:
        loc = tuple(error.get("loc", ()))
        if len(loc) >= 2 and loc[0] == "body" and loc[1] == "payload":
            loc = ("body", *loc[2:])
        code = str(error.get("type", "invalid"))
        context = dict(error.get("ctx") or {})
        if "message" in context:  # our own validators carry their message, already translated
            message = str(context["message"])
        elif code in messages:
            message = messages[code] % _Context(context)
        else:
            message = str(error.get("msg", code))
        found.append(FieldError(loc, code, message))
    return found
