"""Access checks: every service asks here whether a user may do an action over a unit (zulip's `access_*`).

A role assignment covers its unit's whole subtree, as the tree stood on the date asked about (a cycle asks
about its period end, so a 2025 cycle sees the tree of 2025). Administrators hold every role everywhere. Which
role an action needs, and how many levels above the subject's unit it must hold, is the domain's table
(danhgia.domain.workflow.roles); the competent level is computed here only (`competent_path`, `superior`).
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext as _

from danhgia.apps.access.models import Account, Role, RoleAssignment
from danhgia.apps.orgs.models import PATH_SEGMENT, Person, Unit, UnitLink
from danhgia.apps.orgs.selectors import in_force
from danhgia.domain.workflow import (
    COMPETENT_LEVELS,
    CYCLE_PERMISSIONS,
    REVIEW_PERMISSIONS,
    Action,
    CycleAction,
)
from danhgia.domain.workflow import Role as WorkflowRole

User = AbstractBaseUser | AnonymousUser


def scope_paths(user: User, role: str, on: date) -> list[str] | None:
    """The tree paths the user's `role` covers on `on`; None means everywhere (administrator)."""
    if not user.is_authenticated:
        return []
    if getattr(user, "is_superuser", False):
        return None
    assignments = RoleAssignment.objects.filter(in_force(on), user_id=user.pk, role__in=[role, Role.ADMINISTRATOR])
    units = assignments.values_list("unit_id", flat=True)
    return list(UnitLink.objects.filter(in_force(on), unit_id__in=units).values_list("path", flat=True))


def in_scope(paths: list[str] | None, prefix: str = "") -> Q:
    """A filter on UnitLink-carrying rows (`prefix` leads to a UnitLink path) for the given scope."""
    if paths is None:
        return Q()
    if not paths:
        return Q(pk__in=[])
    query = Q()
    for path in paths:
        upper = str(int(path) + 1).zfill(len(path))
        query |= Q(**{f"{prefix}path__gte": path, f"{prefix}path__lt": upper})
    return query


def _path_on(unit: Unit, on: date) -> str | None:
    return UnitLink.objects.filter(in_force(on), unit=unit).values_list("path", flat=True).first()


def has_role(user: User, role: str, unit: Unit, on: date) -> bool:
    paths = scope_paths(user, role, on)
    if paths is None:
        return True
    link = _path_on(unit, on)
    return link is not None and any(link.startswith(path) for path in paths)


def has_role_within(user: User, role: str, unit: Unit, on: date) -> bool:
    """Whether the user holds `role` over some unit of `unit`'s subtree (or over `unit` or above it) on `on`:
    a residence cell's secretary comments on members of other cells of the same tree."""
    paths = scope_paths(user, role, on)
    if paths is None:
        return True
    link = _path_on(unit, on)
    return link is not None and any(path.startswith(link) or link.startswith(path) for path in paths)


def require_role(user: User, role: str, unit: Unit, on: date) -> None:
    if not has_role(user, role, unit, on):
        raise PermissionDenied(_("You do not have this role over this unit."))


def person_of(user: User) -> Person | None:
    if not user.is_authenticated:
        return None
    account = Account.objects.filter(user_id=user.pk).select_related("person").first()
    return account.person if account else None


def units_in_scope(user: User, role: str, on: date) -> Q:
    """A filter on Unit rows in the user's scope for `role`."""
    paths = scope_paths(user, role, on)
    if paths is None:
        return Q()
    links = UnitLink.objects.filter(in_force(on)).filter(in_scope(paths))
    return Q(pk__in=links.values("unit_id"))


def competent_path(path: str, levels: int) -> str:
    """The path of the unit `levels` steps above the unit at `path` (the root stands for itself): the competent
    level (1 up) decides, the one above it (2 up) hears complaints (docs/regulations/party.md §9)."""
    depth = len(path) // PATH_SEGMENT - 1
    return path[: PATH_SEGMENT * (max(depth - levels, 0) + 1)]


def superior(unit: Unit, on: date, levels: int = 1) -> Unit:
    """The unit `levels` steps above `unit` in the tree of `on` (the root stands for itself)."""
    if levels == 0:
        return unit
    path = _path_on(unit, on)
    if path is None:
        return unit
    above = competent_path(path, levels)
    if above == path:
        return unit
    return Unit.objects.get(pk=int(above[-PATH_SEGMENT:]))


def _roles(action: Action) -> frozenset[WorkflowRole]:
    if isinstance(action, CycleAction):
        return CYCLE_PERMISSIONS[action]
    return REVIEW_PERMISSIONS[action]


def levels_above(action: Action) -> int:
    """How many levels above the subject's unit the role for `action` must be held (0: over the unit itself)."""
    return 0 if isinstance(action, CycleAction) else COMPETENT_LEVELS.get(action, 0)


def may(user: User, action: Action, unit: Unit, on: date) -> bool:
    """Whether `user` may perform `action` on a subject of `unit` (a cycle action: over the cycle's scope) on `on`.

    The subject's own actions (saving, submitting, complaining) are the person's, checked by `require_subject`."""
    place = superior(unit, on, levels_above(action))
    return any(has_role(user, Role(role.value), place, on) for role in _roles(action) if role != WorkflowRole.SUBJECT)


def require(user: User, action: Action, unit: Unit, on: date) -> None:
    if not may(user, action, unit, on):
        raise PermissionDenied(_("You do not have this role over this unit."))


def require_subject(user: User, person_id: int | None, unit: Unit, on: date) -> None:
    """The person under review themselves; for a collective (`person_id` None), its secretary or head."""
    if person_id is not None:
        person = person_of(user)
        if person is None or person.pk != person_id:
            raise PermissionDenied(_("Only the person under review can do this."))
    else:
        require_role(user, Role.SECRETARY, unit, on)
