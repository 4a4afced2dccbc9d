"""Who holds which role over which subtree, whose login is whose, and the logins themselves (a superuser
holds every role everywhere; staff reach the admin) in the admin: every change on the access audit chain
(docs/adr/0005). Password hashes are never copied into an entry; setting a password is noted as such.

Also the logins' defences (docs/SECURITY.md): deleting an access attempt unlocks a locked-out username and
address, removing a TOTP device lets its owner enrol a new one; both are on the access chain. The records of
logins and failed logins can be read, not changed or deleted; a device's secret is neither shown nor
recorded, and devices are made only by their owner's enrolment."""

from __future__ import annotations

from typing import Any

from axes.admin import AccessAttemptAdmin, AccessFailureLogAdmin, AccessLogAdmin  # type: ignore[import-untyped]
from axes.models import AccessAttempt, AccessFailureLog, AccessLog  # type: ignore[import-untyped]
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.db import models, transaction
from django.http import HttpRequest, HttpResponse
from django_otp.plugins.otp_totp.admin import TOTPDeviceAdmin  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from danhgia.apps.access.models import Account, RoleAssignment
from danhgia.apps.audit.admin import DELETE, PASSWORD, AuditedAdminMixin, AuditTrail
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


for model in (AccessAttempt, AccessLog, AccessFailureLog, TOTPDevice):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


@admin.register(AccessAttempt)
class AuditedAccessAttemptAdmin(AuditedAdminMixin, AccessAttemptAdmin):
    """Deleting the attempts of a username and address unlocks them (an entry each on the access chain)."""

    audit_chain = ACCESS_CHAIN

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyLogMixin(admin.ModelAdmin):
    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AccessLog)
class ReadOnlyAccessLogAdmin(ReadOnlyLogMixin, AccessLogAdmin):
    pass


@admin.register(AccessFailureLog)
class ReadOnlyAccessFailureLogAdmin(ReadOnlyLogMixin, AccessFailureLogAdmin):
    pass


admin.site.unregister(Group)


@admin.register(Group)
class AuditedGroupAdmin(AuditedAdminMixin, GroupAdmin):
    """Groups carry permissions (who may import, edit the registry, …): every change on the access chain."""

    audit_chain = ACCESS_CHAIN


@admin.register(TOTPDevice)
class AuditedTOTPDeviceAdmin(TOTPDeviceAdmin):
    """Devices are seen and removed here (a lost phone), never added or edited; the secret stays hidden."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: Any) -> None:
        with transaction.atomic():
            removed(request, [obj])
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: models.QuerySet[Any]) -> None:
        with transaction.atomic():
            removed(request, list(queryset))
            super().delete_queryset(request, queryset)


def removed(request: HttpRequest, devices: list[TOTPDevice]) -> None:
    """An entry per device on the access chain, with whose it was and its name (not its secret)."""
    trail = AuditTrail(ACCESS_CHAIN, request)
    for device in devices:
        before = {"id": device.pk, "user": device.user_id, "name": device.name, "confirmed": device.confirmed}
        trail.write(DELETE, TOTPDevice, device.pk, before, None)
