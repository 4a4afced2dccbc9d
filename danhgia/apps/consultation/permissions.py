"""Who may do what in a consultation.

A consulted unit's opinion is written by its designated users: the role `consultee` assigned on that very unit
(a province's designated users do not write for a commune below it). The editorial team holds the role
`editorial` over the drafting body (administrators hold it everywhere).
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from danhgia.apps.access.models import Role, RoleAssignment
from danhgia.apps.access.services import has_role
from danhgia.apps.consultation.models import Consultation, ConsultedUnit
from danhgia.apps.orgs.models import Unit
from danhgia.apps.orgs.selectors import in_force

User = AbstractBaseUser | AnonymousUser


def commenting_unit_ids(user: User, on: date) -> set[int]:
    """The units whose opinion `user` writes on `on`."""
    if not user.is_authenticated:
        return set()
    rows = RoleAssignment.objects.filter(in_force(on), user_id=user.pk, role=Role.CONSULTEE)
    return set(rows.values_list("unit_id", flat=True))


def require_commenter(user: User, consultation: Consultation, unit: Unit, on: date) -> None:
    """The unit is consulted and `user` is one of its designated users."""
    if not ConsultedUnit.objects.filter(consultation=consultation, unit=unit).exists():
        raise PermissionDenied(_("This unit is not consulted on this draft."))
    if unit.pk not in commenting_unit_ids(user, on):
        raise PermissionDenied(_("You are not designated to write this unit's opinion."))


def is_editor(user: User, consultation: Consultation, on: date) -> bool:
    return has_role(user, Role.EDITORIAL, consultation.owner, on)


def require_editor(user: User, consultation: Consultation, on: date) -> None:
    if not is_editor(user, consultation, on):
        raise PermissionDenied(_("You are not on the editorial team of this consultation."))
