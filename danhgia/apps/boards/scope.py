"""Where a board user stands: the cycle, its reference date, the unit chosen, and what the user's roles cover.

Every board page resolves a `Place` first: a cycle the user cannot see is a 404, a unit outside the scope of
the page's roles a 403. The tree and the roles are read as they stood at the end of the cycle's period, as the
services read them (reviews.services.common.reference_date), so a page never shows what a service would refuse.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404

from danhgia.apps.access.models import Role, RoleAssignment
from danhgia.apps.access.services import competent_path, scope_paths
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.cycles.periods import cycle_dates
from danhgia.apps.orgs.models import PATH_SEGMENT, Unit, UnitLink
from danhgia.apps.orgs.selectors import in_force, unit_ancestors, unit_children

AnyUser = AbstractBaseUser | AnonymousUser

VERIFY = (Role.VERIFIER,)
DECIDE = (Role.DECIDER,)
VIEW = (Role.VIEWER, Role.VERIFIER, Role.DECIDER)
ADMINISTER = (Role.ADMINISTRATOR,)


def reference_date(cycle: ReviewCycle) -> date:
    """The last day of the cycle's period: the tree and the roles as they stood then."""
    return cycle_dates(cycle)[1]


def covers(paths: Sequence[str] | None, path: str) -> bool:
    """Whether a scope (None: everywhere) covers the unit at `path`."""
    return paths is None or any(path.startswith(p) for p in paths)


def overlaps(paths: Sequence[str] | None, path: str) -> bool:
    """Whether a scope reaches into the subtree at `path` (covers it, or a part of it)."""
    return paths is None or any(path.startswith(p) or p.startswith(path) for p in paths)


def competent_q(paths: Sequence[str] | None, levels: int, prefix: str = "") -> Q:
    """A filter on UnitLink-carrying rows: the units whose competent level (`levels` up) the scope covers."""
    if paths is None:
        return Q()
    query = Q(pk__in=[])
    for path in paths:
        upper = str(int(path) + 1).zfill(len(path))
        inside = Q(**{f"{prefix}path__gte": path, f"{prefix}path__lt": upper})
        depth = len(path) // PATH_SEGMENT - 1
        # Below the tree's root, a scope decides only for units `levels` or more below it.
        query |= inside if depth == 0 else inside & Q(**{f"{prefix}depth__gte": depth + levels})
    return query


def scope_of(user: AnyUser, roles: Iterable[str], on: date) -> list[str] | None:
    """The union of what the user's `roles` cover on `on` (None: everywhere)."""
    union: set[str] = set()
    for role in roles:
        paths = scope_paths(user, role, on)
        if paths is None:
            return None
        union.update(paths)
    return sorted(union)


def holds_any(user: AnyUser, roles: Iterable[str]) -> bool:
    """Whether the user holds one of `roles` (or is an administrator) anywhere, at any time."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False):
        return True
    return RoleAssignment.objects.filter(user_id=user.pk, role__in=[*roles, Role.ADMINISTRATOR]).exists()


def boards_held(user: AnyUser, boards: Iterable[Sequence[str]]) -> list[bool]:
    """For each of `boards` (a tuple of roles, as VERIFY), whether the user holds one of its roles (or is an
    administrator) anywhere, at any time: `holds_any` for several boards in one query, so that a page asking
    `cycles_for` of each reads no cycle for a board the user has nothing to do with."""
    boards = list(boards)
    if not user.is_authenticated:
        return [False] * len(boards)
    if getattr(user, "is_superuser", False):
        return [True] * len(boards)
    wanted = {role for roles in boards for role in roles} | {Role.ADMINISTRATOR}
    held = set(RoleAssignment.objects.filter(user_id=user.pk, role__in=sorted(wanted)).values_list("role", flat=True))
    return [bool(held & {*roles, Role.ADMINISTRATOR}) for roles in boards]


def cycles_for(user: AnyUser, roles: Sequence[str], *, whole: bool = False) -> list[ReviewCycle]:
    """The cycles the user's `roles` reach into (`whole`: whose scope they cover entirely), newest first.

    Three queries whatever the number of cycles: the cycles, the user's assignments, their units' positions.
    """
    cycles = list(ReviewCycle.objects.select_related("root").order_by("-year", "-pk"))
    if getattr(user, "is_superuser", False):
        return cycles
    if not user.is_authenticated:
        return []
    assignments = list(
        RoleAssignment.objects.filter(user_id=user.pk, role__in=[*roles, Role.ADMINISTRATOR]).values_list(
            "unit_id", "valid_from", "valid_to"
        )
    )
    if not assignments:
        return []
    units = {unit for unit, _start, _end in assignments} | {cycle.root_id for cycle in cycles}
    links: dict[int, list[tuple[str, date, date | None]]] = defaultdict(list)
    for unit, path, start, end in UnitLink.objects.filter(unit_id__in=units).values_list(
        "unit_id", "path", "valid_from", "valid_to"
    ):
        links[unit].append((path, start, end))

    def path_on(unit: int, on: date) -> str | None:
        return next((p for p, start, end in links[unit] if start <= on and (end is None or on < end)), None)

    visible = []
    for cycle in cycles:
        on = reference_date(cycle)
        root = path_on(cycle.root_id, on)
        held = [path_on(u, on) for u, start, end in assignments if start <= on and (end is None or on < end)]
        paths = [p for p in held if p is not None]
        if root is not None and (covers(paths, root) if whole else overlaps(paths, root)):
            visible.append(cycle)
    return visible


@dataclass(frozen=True)
class Crumb:
    unit: Unit
    path: str


@dataclass(frozen=True)
class Place:
    """A cycle, the unit a page is about, and the scope of the page's roles there."""

    cycle: ReviewCycle
    on: date
    paths: list[str] | None
    root: UnitLink
    link: UnitLink

    @property
    def unit(self) -> Unit:
        return self.link.unit

    def covers(self, path: str) -> bool:
        return covers(self.paths, path)

    def is_competent(self, levels: int = 1) -> bool:
        """Whether the scope covers the competent level of this unit's own reviews (`levels` up)."""
        return self.covers(competent_path(self.link.path, levels))

    def crumbs(self) -> list[Crumb]:
        """The ancestors of the unit inside both the cycle and the scope, from the top down."""
        found = []
        for i, unit in enumerate(unit_ancestors(unit=self.unit, on=self.on)):
            path = self.link.path[: PATH_SEGMENT * (i + 1)]
            if path.startswith(self.root.path) and self.covers(path):
                found.append(Crumb(unit, path))
        return found


def cycle_visible(user: AnyUser, roles: Sequence[str], cycle_id: int, *, whole: bool = False) -> Place:
    """The cycle (404 unless the user's roles reach into it), placed at its scope unit."""
    cycle = ReviewCycle.objects.select_related("root").filter(pk=cycle_id).first()
    if cycle is None:
        raise Http404
    on = reference_date(cycle)
    root = UnitLink.objects.filter(in_force(on), unit=cycle.root).select_related("unit").first()
    if root is None:
        raise Http404
    paths = scope_of(user, roles, on)
    if not (covers(paths, root.path) if whole else overlaps(paths, root.path)):
        raise Http404
    return Place(cycle=cycle, on=on, paths=paths, root=root, link=root)


def place_for(user: AnyUser, roles: Sequence[str], cycle_id: int, unit_id: int | None = None) -> Place:
    """The cycle and a unit of its tree within the scope of `roles` (404: no such cycle or unit in it;
    403: the unit is outside the scope). Without a unit: the highest unit of the cycle the scope covers."""
    place = cycle_visible(user, roles, cycle_id)
    if unit_id is None:
        if place.covers(place.root.path):
            return place
        assert place.paths is not None  # a scope that is not everywhere
        inside = sorted((p for p in place.paths if p.startswith(place.root.path)), key=len)
        if not inside:
            raise PermissionDenied
        unit_id = int(inside[0][-PATH_SEGMENT:])
    link = UnitLink.objects.filter(in_force(place.on), unit_id=unit_id).select_related("unit").first()
    if link is None or not link.path.startswith(place.root.path):
        raise Http404
    if not place.covers(link.path):
        raise PermissionDenied
    return Place(cycle=place.cycle, on=place.on, paths=place.paths, root=place.root, link=link)


def children(place: Place) -> list[Crumb]:
    """The children of the place's unit as the tree stood on the reference date, with their paths."""
    return [
        Crumb(unit, place.link.path + str(unit.pk).zfill(PATH_SEGMENT))
        for unit in unit_children(unit=place.unit, on=place.on)
    ]
