"""Keyset pagination with an opaque cursor: the last key of a page, signed (a cursor made up or edited by a
client is refused with 400), for one list only (a units cursor does not open a people list)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.core import signing
from django.utils.translation import pgettext

from danhgia.apps.api.errors import FieldError, invalid

T = TypeVar("T")
DEFAULT_LIMIT = 100
MAX_LIMIT = 1000
SALT = "danhgia.api.cursor."


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    next_cursor: str | None


def cursor_encode(key: Any, *, kind: str) -> str:
    return signing.dumps(key, salt=SALT + kind, compress=True)


def cursor_decode(cursor: str | None, *, kind: str) -> Any:
    """The key a page starts after, None for the first page; a bad cursor is a 400 naming `query.cursor`."""
    if cursor is None or cursor == "":
        return None
    try:
        return signing.loads(cursor, salt=SALT + kind)
    except signing.BadSignature:
        message = pgettext("api", "This cursor was not given by this list: start again without it.")
        raise invalid([FieldError(("query", "cursor"), "invalid_cursor", message)], status=400) from None


def page_of(rows: Sequence[T], *, limit: int, key: Callable[[T], Any], kind: str) -> Page[T]:
    """`rows` were read with limit + 1: the extra one only says there is a next page."""
    items = list(rows[:limit])
    more = len(rows) > limit and items
    return Page(items, cursor_encode(key(items[-1]), kind=kind) if more else None)
