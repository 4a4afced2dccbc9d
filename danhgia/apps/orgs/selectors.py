"""Reads of the registry: the tree as it stood on a date, and the units in a subtree."""

from __future__ import annotations

from datetime import date

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from danhgia.apps.orgs.models import PATH_SEGMENT, Unit, UnitLink


def in_force(on: date, prefix: str = "") -> Q:
    """Rows whose [valid_from, valid_to) interval covers `on`."""
    return Q(**{f"{prefix}valid_from__lte": on}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gt": on})
    )


def path_range(path: str) -> Q:
    """Paths in the subtree of `path` (itself included): one range over the path index."""
    upper = str(int(path) + 1).zfill(len(path))
    return Q(path__gte=path, path__lt=upper)


def unit_link_on(*, unit: Unit, on: date) -> UnitLink | None:
    return UnitLink.objects.filter(in_force(on), unit=unit).first()


def unit_subtree(*, unit: Unit, on: date) -> QuerySet[UnitLink]:
    """The links (unit, parent, path, depth) of `unit` and its descendants as the tree stood on `on`."""
    link = unit_link_on(unit=unit, on=on)
    if link is None:
        return UnitLink.objects.none()
    return UnitLink.objects.filter(in_force(on), path_range(link.path)).order_by("path")


def unit_ancestors(*, unit: Unit, on: date) -> QuerySet[Unit]:
    """The units above `unit` on `on`, from the root down (not the unit itself)."""
    link = unit_link_on(unit=unit, on=on)
    if link is None:
        return Unit.objects.none()
    ids = [int(link.path[i : i + PATH_SEGMENT]) for i in range(0, len(link.path) - PATH_SEGMENT, PATH_SEGMENT)]
    depth = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ids)], output_field=IntegerField())
    return Unit.objects.filter(pk__in=ids).order_by(depth)


def unit_children(*, unit: Unit, on: date) -> QuerySet[Unit]:
    return Unit.objects.filter(in_force(on, "links__"), links__parent=unit).order_by("code")


def unit_is_within(*, unit: Unit, root: Unit, on: date) -> bool:
    """Whether `unit` lies in the subtree of `root` on `on` (scope checks use this)."""
    inner, outer = unit_link_on(unit=unit, on=on), unit_link_on(unit=root, on=on)
    return inner is not None and outer is not None and inner.path.startswith(outer.path)
