"""The access log in the admin: read-only (nobody edits or deletes who read what; the purge command does)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from danhgia.apps.privacy.models import AccessLogEntry


@admin.register(AccessLogEntry)
class AccessLogEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "viewer_name", "person", "what", "object_id", "path"]
    list_select_related = ["person"]
    list_filter = ["what"]
    search_fields = ["viewer_name", "person__full_name", "person__personnel_code__exact"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
