"""People and what the registry holds about each: party membership, cell memberships, statuses, posts,
absences and civil-service results, as inlines on the person and as lists of their own."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.contrib import admin
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from danhgia.apps.orgs import services
from danhgia.apps.orgs.admin.common import (
    InForceTodayFilter,
    RegistryAdmin,
    RegistryStackedInline,
    RegistryTabularInline,
    YearFilter,
    related,
)
from danhgia.apps.orgs.admin.forms import RegistryModelForm
from danhgia.apps.orgs.admin.opened import OpenedSignalAdmin
from danhgia.apps.orgs.admin.records import ConclusionInline, DisciplineRecordInline
from danhgia.apps.orgs.models import (
    CellMembership,
    CivilServiceResult,
    MembershipStatus,
    PartyMembership,
    Person,
    Post,
    Relative,
    YearAbsence,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

# A term with a digit and no letters outside ASCII is an identifier, never part of a name.
IDENTIFIER = re.compile(r"[A-Za-z0-9./-]*[0-9][A-Za-z0-9./-]*")
PERSON_SEARCH = ["person__full_name", "person__national_id__exact", "person__personnel_code__exact"]


class OfficialMemberFilter(admin.SimpleListFilter):
    title = _("official member")
    parameter_name = "official"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, StrOrPromise]]:
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Any]) -> QuerySet[Any]:
        if self.value() == "yes":
            return queryset.filter(official_on__isnull=False)
        if self.value() == "no":
            return queryset.filter(official_on__isnull=True)
        return queryset


class PartyMembershipInline(RegistryStackedInline):
    model = PartyMembership
    max_num = 1


class CellMembershipInline(RegistryTabularInline):
    model = CellMembership
    fields = ["cell", "kind", "valid_from", "valid_to"]
    autocomplete_fields = ["cell"]
    ordering = ["-valid_from"]


class MembershipStatusInline(RegistryTabularInline):
    model = MembershipStatus
    fields = ["kind", "valid_from", "valid_to", "decision"]
    ordering = ["-valid_from"]


class PostInline(RegistryTabularInline):
    model = Post
    fields = ["title", "unit", "role", "is_leadership", "centrally_managed", "collective", "valid_from", "valid_to"]
    autocomplete_fields = ["unit", "collective"]
    ordering = ["-valid_from"]


class YearAbsenceInline(RegistryTabularInline):
    model = YearAbsence
    fields = ["year", "sick_months", "other_months", "maternity", "months_worked"]
    ordering = ["-year"]


class CivilServiceResultInline(RegistryTabularInline):
    model = CivilServiceResult
    fields = ["year", "level", "decided_by"]
    ordering = ["-year"]


class PersonForm(RegistryModelForm):
    class Meta:
        model = Person
        fields = ["full_name", "national_id", "personnel_code", "birth_date", "sex"]

    def clean_full_name(self) -> str:
        return services.nfc(self.cleaned_data["full_name"])


@admin.register(Person)
class PersonAdmin(OpenedSignalAdmin, RegistryAdmin):
    person_field = "pk"  # each opening of a person's file is reported (and logged as a read)
    form = PersonForm
    list_display = ["full_name", "national_id", "personnel_code", "birth_date", "sex"]
    list_filter = ["sex"]
    search_fields = ["full_name", "national_id__exact", "personnel_code__exact"]
    search_help_text = _("Full name (with diacritics), national ID or personnel code.")
    sortable_by = ["full_name", "national_id", "personnel_code"]
    inlines = [
        PartyMembershipInline,
        CellMembershipInline,
        MembershipStatusInline,
        PostInline,
        DisciplineRecordInline,
        YearAbsenceInline,
        ConclusionInline,
        CivilServiceResultInline,
    ]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet[Any], search_term: str
    ) -> tuple[QuerySet[Any], bool]:
        """An identifier is looked up exactly on its unique index; a name by its words."""
        term = services.nfc(search_term)
        if IDENTIFIER.fullmatch(term):
            return queryset.filter(Q(national_id=term) | Q(personnel_code=term)), False
        return super().get_search_results(request, queryset, term)


@admin.register(PartyMembership)
class PartyMembershipAdmin(RegistryAdmin):
    list_display = [related("person"), "admitted_on", "official_on", "card_number"]
    list_select_related = ["person"]
    list_filter = [OfficialMemberFilter]
    search_fields = [*PERSON_SEARCH, "card_number__exact"]
    autocomplete_fields = ["person"]
    ordering = ["-pk"]


@admin.register(CellMembership)
class CellMembershipAdmin(RegistryAdmin):
    list_display = [related("person"), related("cell"), "kind", "valid_from", "valid_to"]
    list_select_related = ["person", "cell"]
    list_filter = [InForceTodayFilter, "kind"]
    search_fields = [*PERSON_SEARCH, "cell__code", "cell__name"]
    autocomplete_fields = ["person", "cell"]
    ordering = ["-pk"]


@admin.register(MembershipStatus)
class MembershipStatusAdmin(RegistryAdmin):
    list_display = [related("person"), "kind", "valid_from", "valid_to", "decision"]
    list_select_related = ["person"]
    list_filter = [InForceTodayFilter, "kind"]
    search_fields = [*PERSON_SEARCH, "decision"]
    autocomplete_fields = ["person"]
    ordering = ["-pk"]


@admin.register(Post)
class PostAdmin(RegistryAdmin):
    list_display = [
        related("person"),
        "title",
        related("unit"),
        "role",
        "is_leadership",
        "centrally_managed",
        "valid_from",
        "valid_to",
    ]
    list_select_related = ["person", "unit"]
    list_filter = [InForceTodayFilter, "role", "is_leadership", "centrally_managed"]
    search_fields = [*PERSON_SEARCH, "title", "unit__code", "unit__name"]
    autocomplete_fields = ["person", "unit", "collective"]
    ordering = ["-pk"]


@admin.register(YearAbsence)
class YearAbsenceAdmin(RegistryAdmin):
    list_display = [related("person"), "year", "sick_months", "other_months", "maternity", "months_worked"]
    list_select_related = ["person"]
    list_filter = [YearFilter, "maternity"]
    search_fields = PERSON_SEARCH
    autocomplete_fields = ["person"]
    ordering = ["-year", "-pk"]


@admin.register(CivilServiceResult)
class CivilServiceResultAdmin(RegistryAdmin):
    list_display = [related("person"), "year", "level", "decided_by"]
    list_select_related = ["person"]
    list_filter = [YearFilter, "level"]
    search_fields = [*PERSON_SEARCH, "decided_by"]
    autocomplete_fields = ["person"]
    ordering = ["-year", "-pk"]


@admin.register(Relative)
class RelativeAdmin(RegistryAdmin):
    """Close relatives the registry knows of: nobody verifies, decides or votes on a relative's review."""

    list_display = [related("person"), "kind", "relative"]
    list_select_related = ["person", "relative"]
    list_filter = ["kind"]
    search_fields = [*PERSON_SEARCH, "relative__full_name", "relative__personnel_code__exact"]
    autocomplete_fields = ["person", "relative"]
    ordering = ["-pk"]
