"""Reads behind the statistics page's unit picker: units found by a part of their name or code, and the tree
of the units a reader may open, each level read when it is opened.

Only the units the reader may read statistics of are offered: those in the cycle's scope (the tree as it stood
at the cycle's period end) and under a unit where the reader holds a reading role (`READER_ROLES`), the same
test `statistics_access` applies to every page.

The search ignores case and, for letters typed without diacritics, the diacritics: "tan an" finds "Tân An",
"trạm" finds "Trạm" but not "Tràm". The pattern is a regular expression of character classes, so SQLite and
PostgreSQL match alike, whatever the database's collation.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from danhgia.apps.access.services import in_scope, scope_paths
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.orgs.models import PATH_SEGMENT, UnitLink
from danhgia.apps.orgs.selectors import in_force, path_range, unit_link_on
from danhgia.apps.reports.selectors import READER_ROLES, reference_date

User = AbstractBaseUser | AnonymousUser
FOUND_LISTED = 20  # units a search lists; more asks for a longer term
CHILDREN_LISTED = 200  # children a tree level lists; more asks for the search
TERM_MIN = 2
TERM_MAX = 100

# Each base letter and the Vietnamese letters written on it (NFC), lower case; upper case is added below.
_VARIANTS = {
    "a": "aàáảãạăằắẳẵặâầấẩẫậ",
    "e": "eèéẻẽẹêềếểễệ",
    "i": "iìíỉĩị",
    "o": "oòóỏõọôồốổỗộơờớởỡợ",
    "u": "uùúủũụưừứửữự",
    "y": "yỳýỷỹỵ",
    "d": "dđ",
}


@dataclass(frozen=True)
class PickerUnit:
    pk: int
    code: str
    name: str
    parent_name: str
    has_children: bool


@dataclass
class TreeNode:
    unit: PickerUnit
    current: bool = False
    children: list[TreeNode] | None = None  # None: not opened (read when the reader opens it)
    more: int = 0  # children not listed (beyond CHILDREN_LISTED)


def search_pattern(term: str) -> str:
    """A regular expression matching `term` anywhere, ignoring case and the diacritics of letters typed
    without them; "" for a term too short to search (fewer than TERM_MIN letters or digits)."""
    term = " ".join(unicodedata.normalize("NFC", term).split())[:TERM_MAX]
    if sum(ch.isalnum() for ch in term) < TERM_MIN:
        return ""
    parts = []
    for ch in term.lower():
        if ch in _VARIANTS:
            parts.append(f"[{_VARIANTS[ch]}{_VARIANTS[ch].upper()}]")
        elif ch.isalnum():
            parts.append(f"[{ch}{ch.upper()}]" if ch.upper() != ch else ch)
        elif ch == " ":
            parts.append(" ")
        elif ch in "\\^[]":
            parts.append(".")  # what a character class cannot hold plainly in both dialects: any character
        else:
            parts.append(f"[{ch}]")  # punctuation as itself
    return "".join(parts)


def reader_paths(user: User, on: date) -> list[str] | None:
    """The tree paths under which the user reads statistics on `on` (any reading role); None: everywhere."""
    paths: list[str] = []
    for role in READER_ROLES:
        found = scope_paths(user, role, on)
        if found is None:
            return None
        paths += found
    return paths


def _links(cycle: ReviewCycle, on: date, paths: list[str] | None) -> QuerySet[UnitLink]:
    """The links in force on `on` of the units of the cycle's scope within the reader's paths."""
    root = unit_link_on(unit=cycle.root, on=on)
    if root is None:
        return UnitLink.objects.none()
    has_children = Exists(UnitLink.objects.filter(in_force(on), parent_id=OuterRef("unit_id")))
    return (
        UnitLink.objects.filter(in_force(on), path_range(root.path))
        .filter(in_scope(paths))
        .select_related("unit", "parent")
        .annotate(has_children=has_children)
    )


def _picked(link: UnitLink) -> PickerUnit:
    parent = link.parent.name if link.parent is not None else ""
    return PickerUnit(link.unit_id, link.unit.code, link.unit.name, parent, bool(getattr(link, "has_children", False)))


def unit_search(*, user: User, cycle: ReviewCycle, term: str) -> tuple[list[PickerUnit], bool]:
    """The units of the cycle the user may read whose name or code contains `term` (highest in the tree first,
    then by code), at most FOUND_LISTED, and whether there are more."""
    pattern = search_pattern(term)
    if not pattern:
        return [], False
    on = reference_date(cycle)
    links = _links(cycle, on, reader_paths(user, on)).filter(
        Q(unit__name__regex=pattern) | Q(unit__code__regex=pattern)
    )
    found = [_picked(link) for link in links.order_by("depth", "unit__code")[: FOUND_LISTED + 1]]
    return found[:FOUND_LISTED], len(found) > FOUND_LISTED


def unit_children(*, user: User, cycle: ReviewCycle, parent_id: int) -> tuple[list[PickerUnit], int]:
    """The units directly below `parent_id` that the user may read (by code), at most CHILDREN_LISTED, and
    how many more there are."""
    on = reference_date(cycle)
    return _children(_links(cycle, on, reader_paths(user, on)), parent_id)


def _children(links: QuerySet[UnitLink], parent_id: int) -> tuple[list[PickerUnit], int]:
    below = links.filter(parent_id=parent_id).order_by("unit__code")
    listed = [_picked(link) for link in below[: CHILDREN_LISTED + 1]]
    more = below.count() - CHILDREN_LISTED if len(listed) > CHILDREN_LISTED else 0
    return listed[:CHILDREN_LISTED], more


def unit_tree(*, user: User, cycle: ReviewCycle, current_id: int | None) -> list[TreeNode]:
    """The highest units of the cycle the user may read, opened down to `current_id` (each level on the way
    with its children listed, the current unit's own children too)."""
    on = reference_date(cycle)
    root = unit_link_on(unit=cycle.root, on=on)
    if root is None:
        return []
    paths = reader_paths(user, on)
    links = _links(cycle, on, paths)
    if paths is None or any(root.path.startswith(p) for p in paths):
        tops = [root.path]
    else:
        inside = sorted({p for p in paths if p.startswith(root.path)}, key=lambda p: (len(p), p))
        tops = [p for i, p in enumerate(inside) if not any(p.startswith(q) for q in inside[:i])]
    nodes = sorted((TreeNode(_picked(link)) for link in links.filter(path__in=tops)), key=lambda n: n.unit.code)
    on_the_way: list[int] = []
    if current_id is not None:
        current = UnitLink.objects.filter(in_force(on), unit_id=current_id).values_list("path", flat=True).first()
        on_the_way = _path_ids(current) if current else []
    level = nodes
    while level:
        node = next((n for n in level if n.unit.pk in on_the_way), None)
        if node is None:
            break
        node.current = node.unit.pk == current_id
        children, node.more = _children(links, node.unit.pk)
        node.children = [TreeNode(child) for child in children]
        level = node.children
    return nodes


def _path_ids(path: str) -> list[int]:
    return [int(path[i : i + PATH_SEGMENT]) for i in range(0, len(path), PATH_SEGMENT)]
