"""Writes to the registry. Keyword-only, transactional; the tree's intervals are kept consistent here.

Given an `actor`, a tree change writes its audit entry on the registry chain in its transaction. Without one
it is a step of a larger change that records itself (the registry import writes one entry per file).
"""

from __future__ import annotations

import unicodedata
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia.apps.audit.services import REGISTRY_CHAIN, audit_record, row_values
from danhgia.apps.orgs.models import PATH_SEGMENT, Unit, UnitLink
from danhgia.apps.orgs.selectors import in_force, path_range, unit_link_on

Actor = AbstractBaseUser | AnonymousUser | None


def nfc(text: str) -> str:
    """Vietnamese text is stored NFC-normalised, trimmed, with single spaces."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def day(value: date) -> str:
    """A date as officials write it: dd/mm/yyyy."""
    return value.strftime("%d/%m/%Y")


def segment(unit_id: int) -> str:
    return str(unit_id).zfill(PATH_SEGMENT)


@transaction.atomic
def unit_create(*, code: str, name: str, kind: str, parent: Unit | None, valid_from: date, actor: Actor = None) -> Unit:
    """A new unit under `parent` (or a root) from `valid_from` on."""
    parent_path = ""
    if parent is not None:
        parent_link = unit_link_on(unit=parent, on=valid_from)
        if parent_link is None:
            raise ValidationError(
                {"parent": _("The parent unit is not in the tree on %(date)s.") % {"date": day(valid_from)}}
            )
        parent_path = parent_link.path
    unit = Unit.objects.create(code=code.strip(), name=nfc(name), kind=kind)
    link = UnitLink.objects.create(
        unit=unit,
        parent=parent,
        path=parent_path + segment(unit.pk),
        depth=len(parent_path) // PATH_SEGMENT,
        valid_from=valid_from,
    )
    if actor is not None:
        after = {**row_values(unit), "parent": link.parent_id, "path": link.path, "valid_from": valid_from}
        _audit(actor=actor, action="unit_create", unit=unit, before=None, after=after)
    return unit


def _audit(*, actor: Actor, action: str, unit: Unit, before: object, after: object) -> None:
    audit_record(
        chain=REGISTRY_CHAIN,
        actor=actor,
        action=action,
        object_type=Unit._meta.label_lower,
        object_id=unit.pk,
        at=timezone.now(),
        before=before,
        after=after,
    )


@transaction.atomic
def unit_move(*, unit: Unit, new_parent: Unit | None, effective: date, actor: Actor = None) -> int:
    """Re-parent `unit` and its whole subtree from `effective` on; returns how many links were re-opened.

    The intervals in force on `effective` are closed there and new ones opened with the new paths, so the
    tree as of any earlier date is unchanged (the 2025 reorganisation moved whole subtrees mid-year).
    """
    link = unit_link_on(unit=unit, on=effective)
    if link is None:
        raise ValidationError({"unit": _("The unit is not in the tree on %(date)s.") % {"date": day(effective)}})
    new_prefix = ""
    if new_parent is not None:
        parent_link = unit_link_on(unit=new_parent, on=effective)
        if parent_link is None:
            raise ValidationError(
                {"parent": _("The new parent is not in the tree on %(date)s.") % {"date": day(effective)}}
            )
        if parent_link.path.startswith(link.path):
            raise ValidationError({"parent": _("A unit cannot be moved under itself or its own descendants.")})
        new_prefix = parent_link.path
    subtree = list(UnitLink.objects.select_for_update().filter(in_force(effective), path_range(link.path)))
    if UnitLink.objects.filter(unit__in=[s.unit_id for s in subtree], valid_from__gt=effective).exists():
        raise ValidationError({"effective": _("The subtree has later changes; apply moves in date order.")})
    old_prefix = link.path[:-PATH_SEGMENT]
    moved = []
    for row in subtree:
        new_path = new_prefix + row.path[len(old_prefix) :]
        parent = new_parent if row.unit_id == unit.pk else row.parent
        moved.append(
            UnitLink(
                unit_id=row.unit_id,
                parent=parent,
                path=new_path,
                depth=len(new_path) // PATH_SEGMENT - 1,
                valid_from=effective,
                valid_to=row.valid_to,
            )
        )
    starting_now = [row.pk for row in subtree if row.valid_from == effective]
    UnitLink.objects.filter(pk__in=starting_now).delete()
    UnitLink.objects.filter(pk__in=[r.pk for r in subtree if r.pk not in starting_now]).update(valid_to=effective)
    UnitLink.objects.bulk_create(moved)
    if actor is not None:
        before = {"id": unit.pk, "parent": link.parent_id, "path": link.path}
        parent_id = None if new_parent is None else new_parent.pk
        after: dict[str, object] = {
            "id": unit.pk,
            "parent": parent_id,
            "path": new_prefix + link.path[len(old_prefix) :],
        }
        after |= {"valid_from": effective, "subtree": len(moved)}
        _audit(actor=actor, action="unit_move", unit=unit, before=before, after=after)
    return len(moved)
