"""The organisation tree (`read:tree`) and people with their posts (`read:people`), as of a date."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router

from danhgia.apps.api.errors import not_found
from danhgia.apps.api.pagination import cursor_decode, page_of
from danhgia.apps.api.schemas.common import READ_ERRORS, is_text
from danhgia.apps.api.schemas.reads import (
    OnDate,
    PeopleFilters,
    PersonOut,
    PersonPage,
    UnitFilters,
    UnitOut,
    UnitPage,
)
from danhgia.apps.api.selectors.people import people_on, person_on, unit_path_on
from danhgia.apps.api.selectors.tree import UnitRow, unit_on, units_on
from danhgia.apps.api.views.auth import READ_PEOPLE, READ_TREE, scope_of

router = Router()


@router.get(
    "/units",
    response={200: UnitPage, **READ_ERRORS},
    auth=READ_TREE,
    operation_id="listUnits",
    tags=["tree"],
    summary="Units of the token's subtree as of a date",
)
def list_units(request: HttpRequest, filters: Query[UnitFilters]) -> dict[str, Any]:
    """Scope `read:tree`. In tree order (depth first, by path). The token's root has `parent` null."""
    scope = scope_of(request, UnitFilters)
    on = filters.on or timezone.localdate()
    after = cursor_decode(filters.cursor, kind="units")
    within = children_of = None
    if filters.within is not None:
        within = unit_path_on(scope=scope, code=filters.within, on=on)
        if within is None:
            raise not_found()
    if filters.parent is not None:
        children_of = unit_path_on(scope=scope, code=filters.parent, on=on)
        if children_of is None:
            raise not_found()
    rows = units_on(
        scope=scope,
        on=on,
        after=after,
        limit=filters.limit + 1,
        kind=filters.kind,
        within=within,
        children_of=children_of,
    )
    page = page_of(rows, limit=filters.limit, key=lambda row: row.path, kind="units")
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get(
    "/units/{code}",
    response={200: UnitOut, **READ_ERRORS},
    auth=READ_TREE,
    operation_id="getUnit",
    tags=["tree"],
    summary="One unit of the token's subtree as of a date",
)
def get_unit(request: HttpRequest, code: str, filters: Query[OnDate]) -> UnitRow:
    """Scope `read:tree`. 404 when the unit is missing or outside the token's subtree on that day."""
    row = (
        unit_on(scope=scope_of(request, OnDate), code=code, on=filters.on or timezone.localdate())
        if is_text(code)
        else None
    )
    if row is None:
        raise not_found()
    return row


@router.get(
    "/people",
    response={200: PersonPage, **READ_ERRORS},
    auth=READ_PEOPLE,
    operation_id="listPeople",
    tags=["people"],
    summary="People holding a post in the token's subtree, with those posts",
    exclude_unset=True,
)
def list_people(request: HttpRequest, filters: Query[PeopleFilters]) -> dict[str, Any]:
    """Scope `read:people`; `national_id`, `birth_date` and `sex` only with `read:people:pid` as well."""
    scope = scope_of(request, PeopleFilters)
    on = filters.on or timezone.localdate()
    within = None
    if filters.unit is not None:
        within = unit_path_on(scope=scope, code=filters.unit, on=on)
        if within is None:
            raise not_found()
    after = cursor_decode(filters.cursor, kind="people")
    rows = people_on(scope=scope, on=on, after=after, limit=filters.limit + 1, within=within)
    page = page_of(rows, limit=filters.limit, key=lambda row: row["id"], kind="people")
    return {"items": page.items, "next_cursor": page.next_cursor}


@router.get(
    "/people/{int:person_id}",
    response={200: PersonOut, **READ_ERRORS},
    auth=READ_PEOPLE,
    operation_id="getPerson",
    tags=["people"],
    summary="One person with their posts in the token's subtree",
    exclude_unset=True,
)
def get_person(request: HttpRequest, person_id: int, filters: Query[OnDate]) -> dict[str, Any]:
    """Scope `read:people`. 404 when the person holds no post in the subtree on that day."""
    row = person_on(scope=scope_of(request, OnDate), on=filters.on or timezone.localdate(), person_id=person_id)
    if row is None:
        raise not_found()
    return row
