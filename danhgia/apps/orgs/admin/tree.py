"""The tree's pieces for the Unit admin: today's position of each unit in one query, the ?parent= filter,
the forms that feed services.unit_create and services.unit_move, and the rows of the subtree view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.db.models import Count, Exists, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from danhgia.apps.orgs import services
from danhgia.apps.orgs.admin.common import (
    DATE_DISPLAY_FORMAT,
    DATE_INPUT_FORMATS,
    date_field,
    today,
)
from danhgia.apps.orgs.admin.forms import RegistryModelForm
from danhgia.apps.orgs.models import Unit, UnitLink
from danhgia.apps.orgs.selectors import in_force, unit_children


def use_unit_picker(field: forms.Field, admin_site: admin.AdminSite) -> None:
    """A unit picker that searches the units (never a <select> of all of them)."""
    assert isinstance(field, forms.ModelChoiceField)
    field.widget = AutocompleteSelect(UnitLink._meta.get_field("parent"), admin_site)
    field.widget.choices = field.choices


def annotation(unit: Unit, name: str) -> Any:
    return getattr(unit, name)


def with_tree_position(units: QuerySet[Unit], *, on: date) -> QuerySet[Unit]:
    """Each unit with its parent and its number of children on `on`: correlated subqueries, no query per row."""
    link = UnitLink.objects.filter(in_force(on), unit=OuterRef("pk"))
    children = (
        UnitLink.objects.filter(in_force(on), parent=OuterRef("pk"))
        .order_by()
        .values("parent")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return units.annotate(
        in_tree=Exists(link),
        parent_pk=Subquery(link.values("parent_id")[:1]),
        parent_name=Subquery(link.values("parent__name")[:1]),
        child_count=Coalesce(Subquery(children), Value(0)),
    )


def unit_id_or_none(object_id: str) -> int | None:
    return int(object_id) if object_id.isdigit() else None


class ParentFilter(admin.SimpleListFilter):
    """?parent=<id>: the units directly under a unit today; ?parent=root: the top-level units."""

    title = _("parent unit")
    parameter_name = "parent"
    ROOTS = "root"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        choices = [(self.ROOTS, str(_("top-level units")))]
        value = self.value()
        if value is not None and value.isdigit():
            parent = Unit.objects.filter(pk=int(value)).first()
            if parent is not None:
                choices.append((value, str(parent)))
        return choices

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value is None:
            return queryset
        on = today()
        if value == self.ROOTS:
            return queryset.filter(Exists(UnitLink.objects.filter(in_force(on), unit=OuterRef("pk"), parent=None)))
        if not value.isdigit():
            raise IncorrectLookupParameters(value)
        return queryset.filter(pk__in=unit_children(unit=Unit(pk=int(value)), on=on).values("pk"))


class UnitChangeList(ChangeList):
    def get_queryset(self, request: HttpRequest, exclude_parameters: list[str | None] | None = None) -> QuerySet[Unit]:
        return with_tree_position(super().get_queryset(request, exclude_parameters), on=today())


class UnitForm(RegistryModelForm):
    class Meta:
        model = Unit
        fields = ["code", "name", "kind", "founded_on", "dissolved_on"]

    def clean_name(self) -> str:
        return services.nfc(self.cleaned_data["name"])


class UnitCreateForm(RegistryModelForm):
    """A new unit and its first place in the tree (services.unit_create)."""

    parent = forms.ModelChoiceField(
        queryset=Unit.objects.all(),
        required=False,
        label=_("Parent unit"),
        help_text=_("Leave empty for a top-level unit."),
    )
    valid_from = date_field(label=_("In the tree from"))

    class Meta:
        model = Unit
        fields = ["code", "name", "kind"]

    def __init__(self, *args: Any, admin_site: admin.AdminSite, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_unit_picker(self.fields["parent"], admin_site)


class UnitMoveForm(forms.Form):
    """A new parent for the unit and its whole subtree from a date on (services.unit_move)."""

    new_parent = forms.ModelChoiceField(
        queryset=Unit.objects.all(),
        required=False,
        label=_("New parent unit"),
        help_text=_("Leave empty to make it a top-level unit."),
    )
    effective = date_field(label=_("Effective from"))

    def __init__(self, *args: Any, admin_site: admin.AdminSite, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_unit_picker(self.fields["new_parent"], admin_site)


class AsOfForm(forms.Form):
    on = forms.DateField(
        label=_("As of"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format=DATE_DISPLAY_FORMAT, attrs={"placeholder": "dd/mm/yyyy", "size": 10}),
    )


@dataclass(frozen=True)
class TreeRow:
    unit: Unit
    indent: int
    change_url: str
    tree_url: str | None  # for a unit with units under it


def tree_rows(links: list[UnitLink], *, on_text: str) -> list[TreeRow]:
    """The subtree's links in path order as indented rows; a unit with units under it (the next row is
    deeper) links to its own subtree on the same date."""
    rows = []
    for i, link in enumerate(links):
        has_children = i + 1 < len(links) and links[i + 1].depth > link.depth
        rows.append(
            TreeRow(
                unit=link.unit,
                indent=2 * (link.depth - links[0].depth),
                change_url=reverse("admin:orgs_unit_change", args=[link.unit_id]),
                tree_url=f"{reverse('admin:orgs_unit_tree', args=[link.unit_id])}?on={on_text}"
                if i > 0 and has_children
                else None,
            )
        )
    return rows
