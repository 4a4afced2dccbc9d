"""The organisation tree as of a date, within a token's subtree: units with their parent, kind, code and name."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from danhgia.apps.api.scope import TokenScope
from danhgia.apps.orgs.models import PATH_SEGMENT, UnitLink
from danhgia.apps.orgs.selectors import path_range


@dataclass(frozen=True)
class UnitRow:
    code: str
    name: str
    kind: str
    parent: str | None  # the parent's code; None for the token's root (what is above it is not shown)
    depth: int  # levels below the token's root
    founded_on: date | None
    dissolved_on: date | None
    path: str  # the page key, not shown


def _rows(links: list[UnitLink], root_path: str) -> list[UnitRow]:
    root_depth = len(root_path) // PATH_SEGMENT - 1
    return [
        UnitRow(
            code=link.unit.code,
            name=link.unit.name,
            kind=link.unit.kind,
            parent=None if link.path == root_path or link.parent is None else link.parent.code,
            depth=link.depth - root_depth,
            founded_on=link.unit.founded_on,
            dissolved_on=link.unit.dissolved_on,
            path=link.path,
        )
        for link in links
    ]


def units_on(
    *,
    scope: TokenScope,
    on: date,
    after: str | None,
    limit: int,
    kind: str | None = None,
    within: str | None = None,
    children_of: str | None = None,
) -> list[UnitRow]:
    """Up to `limit` units of the subtree on `on` in tree order (by path) after the path `after`; `within` a
    unit's subtree (its path), or only the children of a unit (its path)."""
    root_path = scope.root_path(on)
    if root_path is None:
        return []
    links = scope.links(on).select_related("unit", "parent")
    if within is not None:
        links = links.filter(path_range(within))
    if children_of is not None:
        links = links.filter(path_range(children_of), depth=len(children_of) // PATH_SEGMENT)
    if kind is not None:
        links = links.filter(unit__kind=kind)
    if after is not None:
        links = links.filter(path__gt=after)
    return _rows(list(links.order_by("path")[:limit]), root_path)


def unit_on(*, scope: TokenScope, code: str, on: date) -> UnitRow | None:
    """The unit with `code` if it lies in the subtree on `on`; None otherwise (missing or outside alike)."""
    root_path = scope.root_path(on)
    if root_path is None:
        return None
    link = scope.links(on).select_related("unit", "parent").filter(unit__code=code).first()
    return None if link is None else _rows([link], root_path)[0]
