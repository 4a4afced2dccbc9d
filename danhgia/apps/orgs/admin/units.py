"""Units and the tree. The changelist shows each unit's parent and number of children today and navigates
down with ?parent=<id>; the change page has the ancestors as breadcrumbs and links to the subtree as of a
date and to the move form. Creating and moving units goes through the services (which write the audit entry);
UnitLink is read-only."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IS_POPUP_VAR
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from danhgia.apps.orgs import services
from danhgia.apps.orgs.admin.common import (
    DATE_DISPLAY_FORMAT,
    FIELD_LABELS,
    InForceTodayFilter,
    RegistryAdmin,
    RegistryStackedInline,
    RegistryTabularInline,
    add_service_errors,
    related,
    today,
)
from danhgia.apps.orgs.admin.tree import (
    AsOfForm,
    ParentFilter,
    UnitChangeList,
    UnitCreateForm,
    UnitForm,
    UnitMoveForm,
    annotation,
    tree_rows,
    unit_id_or_none,
)
from danhgia.apps.orgs.models import LeadershipCollective, Unit, UnitKind, UnitLink
from danhgia.apps.orgs.selectors import unit_ancestors, unit_subtree

CELL_KINDS = [UnitKind.GRASSROOTS_CELL, UnitKind.CELL]
TREE_ROWS_SHOWN = 2000  # a province's subtree; open a lower unit for more
LINK_FIELDS = ("unit_link", "parent_link", "valid_from", "valid_to", "depth_in_tree", "path_in_tree")


class UnitLinkColumns:
    """UnitLink's fields, labelled in Vietnamese (the model leaves them unlabelled), the units linked."""

    @admin.display(description=FIELD_LABELS["unit"])
    def unit_link(self, link: UnitLink) -> str:
        return format_html('<a href="{}">{}</a>', reverse("admin:orgs_unit_change", args=[link.unit_id]), link.unit)

    @admin.display(description=FIELD_LABELS["parent"])
    def parent_link(self, link: UnitLink) -> str:
        if link.parent is None:
            return gettext("top level")
        return format_html('<a href="{}">{}</a>', reverse("admin:orgs_unit_change", args=[link.parent_id]), link.parent)

    @admin.display(description=FIELD_LABELS["depth"])
    def depth_in_tree(self, link: UnitLink) -> int:
        return link.depth

    @admin.display(description=FIELD_LABELS["path"])
    def path_in_tree(self, link: UnitLink) -> str:
        return link.path


class UnitLinkInline(UnitLinkColumns, RegistryTabularInline):
    """The unit's positions in the tree over time, newest first (read-only: moves go through the move form)."""

    model = UnitLink
    fk_name = "unit"
    fields = readonly_fields = ("parent_link", "valid_from", "valid_to", "depth_in_tree", "path_in_tree")
    ordering = ["-valid_from"]
    verbose_name_plural = _("positions in the tree (newest first)")

    def get_queryset(self, request: HttpRequest) -> QuerySet[UnitLink]:
        return super().get_queryset(request).select_related("parent")

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class LeadershipCollectiveInline(RegistryStackedInline):
    model = LeadershipCollective
    max_num = 1


@admin.register(Unit)
class UnitAdmin(RegistryAdmin):
    form = UnitForm
    list_display = ["code", "name", "kind", "parent_today", "children_today", "founded_on", "dissolved_on"]
    list_display_links = ["code", "name"]
    list_filter = [ParentFilter, "kind"]
    search_fields = ["code", "name"]
    ordering = ["code"]
    sortable_by = ["code", "name", "kind", "founded_on", "dissolved_on"]
    inlines = [UnitLinkInline, LeadershipCollectiveInline]
    create_fields = ["code", "name", "kind", "parent", "valid_from"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        """As the changelist; a unit picker for a cell membership offers party cells only."""
        units, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if (request.GET.get("model_name"), request.GET.get("field_name")) == ("cellmembership", "cell"):
            units = units.filter(kind__in=CELL_KINDS)
        return units, may_have_duplicates

    def get_changelist(self, request: HttpRequest, **kwargs: Any) -> type[ChangeList]:
        return UnitChangeList

    def get_urls(self) -> list[URLPattern]:
        own = [
            path("<int:unit_id>/tree/", self.admin_site.admin_view(self.tree_view), name="orgs_unit_tree"),
            path("<int:unit_id>/move/", self.admin_site.admin_view(self.move_view), name="orgs_unit_move"),
        ]
        return own + super().get_urls()

    @admin.display(description=_("parent unit today"))
    def parent_today(self, unit: Unit) -> str:
        if not annotation(unit, "in_tree"):
            return gettext("not in the tree today")
        parent_pk = annotation(unit, "parent_pk")
        if parent_pk is None:
            return gettext("top level")
        url = reverse("admin:orgs_unit_change", args=[parent_pk])
        return format_html('<a href="{}">{}</a>', url, annotation(unit, "parent_name"))

    @admin.display(description=_("units directly under"))
    def children_today(self, unit: Unit) -> str:
        count = annotation(unit, "child_count")
        if not count:
            return "0"
        url = f"{reverse('admin:orgs_unit_changelist')}?{ParentFilter.parameter_name}={unit.pk}"
        return format_html('<a href="{}" title="{}">{}</a>', url, gettext("view the units directly under"), count)

    def get_inline_instances(self, request: HttpRequest, obj: Unit | None = None) -> list[Any]:
        return super().get_inline_instances(request, obj) if obj is not None else []

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        value = request.GET.get(ParentFilter.parameter_name, "")
        context: dict[str, Any] = {"parent_chain": []}
        if value.isdigit() and (parent := Unit.objects.filter(pk=int(value)).first()) is not None:
            context["parent_chain"] = [*unit_ancestors(unit=parent, on=today()), parent]
        return super().changelist_view(request, {**context, **(extra_context or {})})

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        unit_id = unit_id_or_none(object_id)
        ancestors = list(unit_ancestors(unit=Unit(pk=unit_id), on=today())) if unit_id is not None else []
        return super().change_view(request, object_id, form_url, {"ancestors": ancestors, **(extra_context or {})})

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None) -> Any:
        """The unit and its first UnitLink, both by services.unit_create; its errors show on the form."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else None
        form = UnitCreateForm(data, admin_site=self.admin_site, initial={"valid_from": today()})
        if form.is_bound and form.is_valid():
            try:
                with transaction.atomic():
                    unit = services.unit_create(
                        code=form.cleaned_data["code"],
                        name=form.cleaned_data["name"],
                        kind=form.cleaned_data["kind"],
                        parent=form.cleaned_data["parent"],
                        valid_from=form.cleaned_data["valid_from"],
                        actor=request.user,
                    )
                    self.log_addition(request, unit, [{"added": {}}])
            except ValidationError as error:
                add_service_errors(form, error, {"parent": "parent", "valid_from": "valid_from"})
            else:
                return self.response_add(request, unit)
        return self.render_change_form(
            request, self.create_context(request, form, extra_context), add=True, form_url=form_url
        )

    def create_context(
        self, request: HttpRequest, form: UnitCreateForm, extra_context: dict[str, Any] | None
    ) -> dict[str, Any]:
        """What the admin's change_form template needs to lay out the creation form (no inlines yet)."""
        adminform = helpers.AdminForm(form, [(None, {"fields": self.create_fields})], {}, model_admin=self)
        return {
            **self.admin_site.each_context(request),
            "title": gettext("Add %s") % self.opts.verbose_name,
            "subtitle": None,
            "adminform": adminform,
            "object_id": None,
            "original": None,
            "is_popup": IS_POPUP_VAR in request.POST or IS_POPUP_VAR in request.GET,
            "to_field": None,
            "media": self.media + adminform.media,
            "inline_admin_formsets": [],
            "errors": helpers.AdminErrorList(form, []),
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }

    def unit_or_404(self, request: HttpRequest, unit_id: int) -> Unit:
        unit = self.get_object(request, str(unit_id))
        if unit is None:
            raise Http404(gettext("No such unit."))
        return unit

    def tree_view(self, request: HttpRequest, unit_id: int) -> HttpResponse:
        """The subtree of a unit as it stood on ?on=dd/mm/yyyy (default today), as an indented list."""
        unit = self.unit_or_404(request, unit_id)
        if not self.has_view_or_change_permission(request, unit):
            raise PermissionDenied
        form = AsOfForm(request.GET if "on" in request.GET else None, initial={"on": today()})
        on = (form.cleaned_data["on"] if form.is_valid() else None) or today()
        links = list(unit_subtree(unit=unit, on=on).select_related("unit")[: TREE_ROWS_SHOWN + 1])
        on_text = on.strftime(DATE_DISPLAY_FORMAT)
        rows = tree_rows(links, on_text=on_text)[:TREE_ROWS_SHOWN]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Subtree of %(unit)s on %(date)s") % {"unit": unit.name, "date": on_text},
            "unit": unit,
            "ancestors": list(unit_ancestors(unit=unit, on=on)),
            "form": form,
            "rows": rows,
            "truncated": len(links) > TREE_ROWS_SHOWN,
            "rows_shown": TREE_ROWS_SHOWN,
        }
        return TemplateResponse(request, "admin/orgs/unit/tree.html", context)

    def move_view(self, request: HttpRequest, unit_id: int) -> HttpResponse:
        """Re-parent the unit and its subtree from a date (services.unit_move); a refused move changes nothing."""
        unit = self.unit_or_404(request, unit_id)
        if not self.has_change_permission(request, unit):
            raise PermissionDenied
        data = request.POST if request.method == "POST" else None
        form = UnitMoveForm(data, admin_site=self.admin_site, initial={"effective": today()})
        if form.is_bound and form.is_valid():
            new_parent, effective = form.cleaned_data["new_parent"], form.cleaned_data["effective"]
            try:
                with transaction.atomic():
                    services.unit_move(unit=unit, new_parent=new_parent, effective=effective, actor=request.user)
                    message = gettext("Moved under %(parent)s from %(date)s.") % {
                        "parent": new_parent or gettext("top level"),
                        "date": effective.strftime(DATE_DISPLAY_FORMAT),
                    }
                    self.log_change(request, unit, message)
            except ValidationError as error:
                add_service_errors(form, error, {"parent": "new_parent", "effective": "effective"})
            else:
                self.message_user(request, f"{unit}: {message}", messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:orgs_unit_change", args=[unit.pk]))
        # AdminForm lays out any form; its stubs ask for a ModelForm.
        adminform = helpers.AdminForm(
            form,  # type: ignore[arg-type]
            [(None, {"fields": ["new_parent", "effective"]})],
            {},
            model_admin=self,
        )
        on = today()
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Move %(unit)s") % {"unit": unit.name},
            "unit": unit,
            "ancestors": list(unit_ancestors(unit=unit, on=on)),
            "adminform": adminform,
            "errors": helpers.AdminErrorList(form, []),  # type: ignore[arg-type]
            "media": self.media + adminform.media,
        }
        return TemplateResponse(request, "admin/orgs/unit/move.html", context)


@admin.register(UnitLink)
class UnitLinkAdmin(UnitLinkColumns, RegistryAdmin):
    """Read-only: the tree's intervals change only through unit_create and unit_move."""

    list_display = LINK_FIELDS
    list_display_links = None
    fields = readonly_fields = LINK_FIELDS
    list_select_related = ["unit", "parent"]
    list_filter = [InForceTodayFilter, "unit__kind"]
    search_fields = ["unit__code", "unit__name"]
    ordering = ["path", "valid_from"]
    sortable_by = ()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LeadershipCollective)
class LeadershipCollectiveAdmin(RegistryAdmin):
    list_display = ["name", related("unit")]
    list_select_related = ["unit"]
    list_filter = ["unit__kind"]
    search_fields = ["name", "unit__code", "unit__name"]
    autocomplete_fields = ["unit"]
    ordering = ["unit__code"]
