"""What every schema shares: inputs that refuse unknown fields and control characters, page parameters, and
the one shape of an error."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any

from ninja import Schema
from pydantic import BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from danhgia.apps.api.pagination import MAX_LIMIT

NO_CONTROL = r"^[^\x00-\x1f\x7f]+$"  # no control characters (PostgreSQL refuses NUL in text)


def is_text(value: str) -> bool:
    """A non-empty text without control characters (what a code in a path may be)."""
    return bool(value) and not any(ord(c) < 0x20 or ord(c) == 0x7F for c in value)


Cursor = Annotated[
    str | None, Field(max_length=2000, pattern=NO_CONTROL, description="`next_cursor` of the previous page")
]
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _iso_date(value: Any) -> Any:
    """Only YYYY-MM-DD reads as a date (pydantic alone also takes "0" or 1700000000 as a Unix time)."""
    if isinstance(value, date) or (isinstance(value, str) and ISO_DATE.match(value)):
        return value
    raise PydanticCustomError("date_parsing", "Enter a date as YYYY-MM-DD.")  # errors.py translates the type


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Limit = Annotated[int, Field(ge=1, le=MAX_LIMIT, description="items per page")]


def refuse(code: str, message: str) -> PydanticCustomError:
    return PydanticCustomError(code, "{message}", {"message": message})


class Strict(BaseModel):
    """An input: unknown fields refused. Plain pydantic (ninja's Schema reads Django objects, which inputs
    never are, at a cost that a feed of 5,000 rows would feel)."""

    model_config = ConfigDict(extra="forbid")


# --- errors ----------------------------------------------------------------------------------------------


class FieldErrorOut(Schema):
    path: str = Field(examples=["body.tasks[3].quantity"])
    loc: list[str | int]
    code: str
    message: str


class ErrorOut(Schema):
    code: str = Field(examples=["not_found"])
    message: str
    errors: list[FieldErrorOut] | None = None


ERRORS: dict[int, type[Schema]] = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut, 429: ErrorOut}
READ_ERRORS: dict[int, type[Schema]] = {400: ErrorOut, **ERRORS}
