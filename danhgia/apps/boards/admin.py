"""Cycles, quota groups, criteria templates, reviews and the audit trail in the Django admin.

What changes the procedure goes through the services (and their audit entries), on the boards: here a cycle's
name and deadlines and the criteria templates can be edited; quota groups, frozen templates, reviews with their
history, and audit entries are read-only. Lists fetch their related rows in the same query, never count a
whole large table twice, and offer no per-filter counts.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.boards.labels import CATEGORY_NAMES, name_of
from danhgia.apps.cycles.models import CriteriaTemplate, CycleTemplate, QuotaGroup, ReviewCycle
from danhgia.apps.orgs.admin.common import LargeTablePaginator
from danhgia.apps.reviews.models import Comment, Complaint, Decision, Review


class FastAdmin(admin.ModelAdmin):
    list_per_page = 50
    show_full_result_count = False
    show_facets = admin.ShowFacets.NEVER
    paginator = LargeTablePaginator


class ReadOnlyAdmin(FastAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(ReviewCycle)
class ReviewCycleAdmin(FastAdmin):
    list_display = ["name", "kind", "year", "quarter", "root", "ruleset", "state", "decision_due", "board"]
    list_filter = ["state", "kind", "ruleset", "year"]
    list_select_related = ["root"]
    search_fields = ["name", "root__code", "root__name"]
    raw_id_fields = ["root", "created_by"]
    fields = [
        "name",
        "kind",
        "year",
        "quarter",
        "term_start",
        "root",
        "ruleset",
        "ruleset_sha256",
        "state",
        "self_review_due",
        "verification_due",
        "decision_due",
        "complaints_until",
        "created_at",
        "created_by",
    ]
    # Creating, opening and moving a cycle go through the services (the cycles board): they write the audit.
    readonly_fields = [
        "kind",
        "year",
        "quarter",
        "term_start",
        "root",
        "ruleset",
        "ruleset_sha256",
        "state",
        "created_at",
        "created_by",
    ]

    @admin.display(description=_("board"))
    def board(self, cycle: ReviewCycle) -> str:
        return format_html('<a href="{}">{}</a>', reverse("boards:cycle", args=[cycle.pk]), _("open the board"))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(QuotaGroup)
class QuotaGroupAdmin(ReadOnlyAdmin):
    """Read-only: renaming and exceptions go through quota_group_update (the cycle's board)."""

    list_display = ["code", "name", "cycle", "exception"]
    list_filter = ["exception"]
    list_select_related = ["cycle"]
    search_fields = ["code", "name"]
    raw_id_fields = ["cycle"]


@admin.register(CriteriaTemplate)
class CriteriaTemplateAdmin(FastAdmin):
    list_display = ["name", "ruleset", "category", "version", "owner", "published"]
    list_filter = ["ruleset", "category", "published"]
    list_select_related = ["owner"]
    search_fields = ["name", "owner__code", "owner__name"]
    raw_id_fields = ["owner"]


@admin.register(CycleTemplate)
class CycleTemplateAdmin(ReadOnlyAdmin):
    list_display = ["cycle", "category", "source", "sha256"]
    list_filter = ["category"]
    list_select_related = ["cycle", "source"]
    search_fields = ["cycle__name", "category"]
    raw_id_fields = ["cycle", "source"]


class DecisionInline(ReadOnlyInline):
    model = Decision
    fields = ["at", "kind", "status", "level", "grounds", "by"]
    readonly_fields = ["at", "kind", "status", "level", "grounds", "by"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("by")


class CommentInline(ReadOnlyInline):
    model = Comment
    fields = ["at", "kind", "text", "votes", "author"]
    readonly_fields = ["at", "kind", "text", "votes", "author"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("author")


class ComplaintInline(ReadOnlyInline):
    model = Complaint
    fields = ["filed_at", "filed_by", "text", "state", "resolution", "resolved_at"]
    readonly_fields = ["filed_at", "filed_by", "text", "state", "resolution", "resolved_at"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("filed_by")


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    list_display = ["pk", "subject", "category_name", "unit", "cycle", "state", "engine_level", "decided_level"]
    list_filter = ["state", "subject_type", "category"]
    list_select_related = ["cycle", "person", "unit"]
    search_fields = ["person__full_name", "person__personnel_code__exact", "person__national_id__exact", "unit__code"]
    raw_id_fields = ["cycle", "person", "unit", "quota_group"]
    inlines = [DecisionInline, CommentInline, ComplaintInline]

    @admin.display(description=_("subject"))
    def subject(self, review: Review) -> str:
        return review.person.full_name if review.person is not None else review.unit.name

    @admin.display(description=pgettext_lazy("boards", "category"), ordering="category")
    def category_name(self, review: Review) -> str:
        return name_of(CATEGORY_NAMES, review.category)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "chain", "seq", "action", "object_type", "object_id", "actor"]
    list_filter = ["action", "object_type"]
    list_select_related = ["chain", "actor"]
    search_fields = ["object_id__exact", "action"]
    raw_id_fields = ["chain", "actor"]
