"""Who holds which role over which subtree, and whose login is whose, in the admin: every change on the
access audit chain (docs/adr/0005)."""

from __future__ import annotations

from django.contrib import admin

from danhgia.apps.access.models import Account, RoleAssignment
from danhgia.apps.audit.services import ACCESS_CHAIN
from danhgia.apps.orgs.admin.common import InForceTodayFilter, RegistryAdmin, related


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(RegistryAdmin):
    audit_chain = ACCESS_CHAIN
    list_display = [related("user"), "role", related("unit"), "valid_from", "valid_to"]
    list_select_related = ["user", "unit"]
    list_filter = [InForceTodayFilter, "role"]
    search_fields = ["user__username", "unit__code", "unit__name"]
    autocomplete_fields = ["user", "unit"]
    ordering = ["-pk"]


@admin.register(Account)
class AccountAdmin(RegistryAdmin):
    audit_chain = ACCESS_CHAIN
    list_display = [related("user"), related("person")]
    list_select_related = ["user", "person"]
    search_fields = ["user__username", "person__full_name", "person__national_id__exact"]
    autocomplete_fields = ["user", "person"]
    ordering = ["user__username"]
