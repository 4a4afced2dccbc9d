"""What every registry admin shares: dates typed the Vietnamese way, NFC search terms, counts that stay cheap
on tables of millions of rows, and the filters for effective dates and years."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import connections, models
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from danhgia.apps.audit.admin import AuditedAdminMixin
from danhgia.apps.orgs.admin.forms import RegistryModelForm
from danhgia.apps.orgs.selectors import in_force
from danhgia.apps.orgs.services import nfc

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# Vietnamese dates are day first; ISO is what the admin's calendar inserts. Never the US month-first order.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATE_DISPLAY_FORMAT = "%d/%m/%Y"
EMPTY = "-"  # what the admin shows for an empty value
FIRST_YEAR = 2018  # the year the earliest rule set (Regulation 132-QĐ/TW) applies from
ESTIMATE_COUNT_ABOVE = 100_000


def today() -> date:
    """Today in the project's time zone (Asia/Ho_Chi_Minh), not the server's."""
    return timezone.localdate()


class VietnameseDateWidget(AdminDateWidget):
    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format=DATE_DISPLAY_FORMAT)


def date_field(*, label: StrOrPromise, required: bool = True, help_text: StrOrPromise = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        input_formats=DATE_INPUT_FORMATS,
        widget=VietnameseDateWidget(),
    )


def add_service_errors(form: forms.BaseForm, error: ValidationError, fields: dict[str, str]) -> None:
    """Show a service's ValidationError on the form: its keys mapped to form fields, the rest on top."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, errors in error.error_dict.items():
        target = fields.get(key)
        for each in errors:
            form.add_error(target if target in form.fields else None, each)


class LargeTablePaginator(Paginator):
    """Counts exactly, except a whole large PostgreSQL table: then the planner's estimate (no full scan of
    7 million people on every page). Any filter or search brings the exact count back."""

    @cached_property
    def count(self) -> int:
        rows = self.object_list
        if isinstance(rows, QuerySet) and not rows.query.where and not rows.query.distinct:
            connection = connections[rows.db]
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [rows.model._meta.db_table]
                    )
                    row = cursor.fetchone()
                if row is not None and row[0] > ESTIMATE_COUNT_ABOVE:
                    return int(row[0])
        return int(super().count)


# Labels for the model fields declared without a verbose_name (see the report: better on the models).
FIELD_LABELS: dict[str, StrOrPromise] = {
    "user": _("user"),
    "person": _("person"),
    "unit": _("unit"),
    "cell": _("party cell"),
    "parent": _("parent unit"),
    "path": _("path in the tree"),
    "depth": _("depth in the tree"),
}


def labelled(db_field: models.Field[Any, Any], kwargs: dict[str, Any]) -> dict[str, Any]:
    """The form field's arguments, with a Vietnamese label for a field the model left unlabelled."""
    if db_field.name in FIELD_LABELS and db_field.verbose_name == db_field.name.replace("_", " "):
        return {"label": capfirst(FIELD_LABELS[db_field.name]), **kwargs}
    return kwargs


def related(name: str) -> Callable[[Any], str]:
    """A list column showing a related row (already fetched by list_select_related), labelled in Vietnamese."""

    @admin.display(description=FIELD_LABELS[name])
    def column(row: Any) -> str:
        value = getattr(row, name)
        return EMPTY if value is None else str(value)

    column.__name__ = f"{name}_column"
    return column


# Dates typed dd/mm/yyyy (or ISO) in every form and inline of the registry.
DATE_FIELDS: Mapping[type[models.Field[Any, Any]], Mapping[str, Any]] = {
    models.DateField: {"widget": VietnameseDateWidget, "input_formats": DATE_INPUT_FORMATS},
}


class RegistryAdmin(AuditedAdminMixin):
    """Paginated, without the second full count, search terms NFC-normalised like the stored names; every
    change (and its inlines') on the registry's audit chain."""

    form = RegistryModelForm
    formfield_overrides = DATE_FIELDS
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER  # a count per filter choice is a scan of millions of rows
    paginator = LargeTablePaginator

    def formfield_for_dbfield(self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any) -> Any:
        return super().formfield_for_dbfield(db_field, request, **labelled(db_field, kwargs))

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        return super().get_search_results(request, queryset, nfc(search_term))


class RegistryTabularInline(admin.TabularInline):
    form = RegistryModelForm
    formfield_overrides = DATE_FIELDS
    extra = 0

    def formfield_for_dbfield(self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any) -> Any:
        return super().formfield_for_dbfield(db_field, request, **labelled(db_field, kwargs))


class RegistryStackedInline(admin.StackedInline):
    form = RegistryModelForm
    formfield_overrides = DATE_FIELDS
    extra = 0

    def formfield_for_dbfield(self, db_field: models.Field[Any, Any], request: HttpRequest, **kwargs: Any) -> Any:
        return super().formfield_for_dbfield(db_field, request, **labelled(db_field, kwargs))


class InForceTodayFilter(admin.SimpleListFilter):
    """Rows whose [valid_from, valid_to) interval covers today, or not."""

    title = _("in force today")
    parameter_name = "in_force"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, StrOrPromise]]:
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        on = today()
        if self.value() == "yes":
            return queryset.filter(in_force(on))
        if self.value() == "no":
            return queryset.filter(Q(valid_from__gt=on) | Q(valid_to__lte=on))
        return queryset


class YearFilter(admin.SimpleListFilter):
    """The years since the first rule set, without a DISTINCT over the whole table."""

    title = _("year")
    parameter_name = "year"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, StrOrPromise]]:
        return [(str(year), str(year)) for year in range(today().year, FIRST_YEAR - 1, -1)]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        value = self.value()
        if value is None:
            return queryset
        if not value.isdigit():
            raise IncorrectLookupParameters(value)
        return queryset.filter(year=int(value))
