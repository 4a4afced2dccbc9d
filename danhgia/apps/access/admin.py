"""Who holds which role over which subtree, whose login is whose, and the logins themselves (a superuser
holds every role everywhere; staff reach the admin) in the admin: every change on the access audit chain
(docs/adr/0005). Password hashes are never copied into an entry; setting a password is noted as such."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import User
from django.db import transaction
from django.http import HttpRequest, HttpResponse

from danhgia.apps.access.models import Account, RoleAssignment
from danhgia.apps.audit.admin import PASSWORD, AuditedAdminMixin, AuditTrail
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


admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(AuditedAdminMixin, UserAdmin):
    audit_chain = ACCESS_CHAIN

    def user_change_password(self, request: HttpRequest, id: str, form_url: str = "") -> HttpResponse:
        """Django's password page, with an entry (no hash) in the same transaction when a password is set."""
        with transaction.atomic():
            response: Any = super().user_change_password(request, id, form_url)
            if request.method == "POST" and response.status_code == 302:
                user = self.get_object(request, id)
                assert user is not None
                AuditTrail(self.audit_chain, request).write(PASSWORD, User, user.pk, None, None, "password set")
        return response
