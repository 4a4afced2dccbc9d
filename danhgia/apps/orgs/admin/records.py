"""Discipline records and conclusions: about a person or about a collective (a unit or its leadership)."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from danhgia.apps.orgs.admin.common import RegistryAdmin, RegistryTabularInline
from danhgia.apps.orgs.admin.opened import OpenedSignalAdmin
from danhgia.apps.orgs.models import Conclusion, DisciplineRecord

UNIT_OR_PERSON_SEARCH = [
    "person__full_name",
    "person__national_id__exact",
    "person__personnel_code__exact",
    "unit__code",
    "unit__name",
]


@admin.display(description=_("about"))
def subject(record: DisciplineRecord | Conclusion) -> str:
    """The person or the collective a record is about."""
    return str(record.person or record.unit)


class DisciplineRecordInline(RegistryTabularInline):
    """On a person's page: the person's own discipline (a collective's is recorded on the list)."""

    model = DisciplineRecord
    fields = [
        "form",
        "system",
        "effective_on",
        "violation",
        "self_detected_remedied",
        "public_service",
        "counted_in_year",
        "decision",
    ]
    ordering = ["-effective_on"]


class ConclusionInline(RegistryTabularInline):
    model = Conclusion
    fields = ["kind", "concluded_on", "self_detected", "reference"]
    ordering = ["-concluded_on"]


@admin.register(DisciplineRecord)
class DisciplineRecordAdmin(OpenedSignalAdmin, RegistryAdmin):
    list_display = [
        "effective_on",
        subject,
        "form",
        "system",
        "violation",
        "self_detected_remedied",
        "public_service",
        "counted_in_year",
    ]
    list_display_links = ["effective_on"]
    list_select_related = ["person", "unit"]
    list_filter = ["system", "form", "on_leadership_collective", "self_detected_remedied", "public_service"]
    search_fields = [*UNIT_OR_PERSON_SEARCH, "violation", "decision"]
    autocomplete_fields = ["person", "unit"]
    date_hierarchy = "effective_on"
    ordering = ["-effective_on", "-pk"]
    fields = [
        "person",
        "unit",
        "on_leadership_collective",
        "form",
        "system",
        "effective_on",
        "violation",
        "self_detected_remedied",
        "public_service",
        "counted_in_year",
        "decision",
    ]


@admin.register(Conclusion)
class ConclusionAdmin(RegistryAdmin):
    list_display = ["concluded_on", subject, "kind", "self_detected", "reference"]
    list_display_links = ["concluded_on"]
    list_select_related = ["person", "unit"]
    list_filter = ["kind", "self_detected"]
    search_fields = [*UNIT_OR_PERSON_SEARCH, "reference"]
    autocomplete_fields = ["person", "unit"]
    date_hierarchy = "concluded_on"
    ordering = ["-concluded_on", "-pk"]
