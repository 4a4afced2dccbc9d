"""Cycles, quota groups, criteria templates, reviews and the audit trail in the Django admin.

What changes the procedure goes through the services (and their audit entries), on the boards: here a cycle's
name and deadlines and the criteria templates can be edited, each edit on the `settings` audit chain; quota
groups, frozen templates, reviews with their history, and audit entries are read-only. Lists fetch their related
rows in the same query, never count a whole large table twice, and offer no per-filter counts.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model
from django.http import HttpRequest
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import pgettext_lazy

from danhgia.apps.audit.admin import AuditedAdminMixin
from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.boards.labels import CATEGORY_NAMES, name_of
from danhgia.apps.cycles.models import CriteriaTemplate, CycleTemplate, QuotaGroup, ReviewCycle
from danhgia.apps.orgs.admin.common import LargeTablePaginator
from danhgia.apps.reviews.models import Comment, Complaint, Decision, Review


def related(name: str, label: Any) -> Any:
    """A column or read-only field showing a related row (fetched with list_select_related), with a Vietnamese
    label: the models' foreign keys have no verbose name."""

    @admin.display(description=label, ordering=name)
    def column(model_admin: admin.ModelAdmin, row: Model) -> str:  # a method of the ModelAdmin
        value = getattr(row, name)
        return "-" if value is None else str(value)

    column.__name__ = f"{name}_column"
    return column


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


# Edits of a cycle's settings (name, deadlines) and of criteria templates, made here, go on their own chain.
SETTINGS_CHAIN = "settings"


@admin.register(ReviewCycle)
class ReviewCycleAdmin(AuditedAdminMixin, FastAdmin):
    audit_chain = SETTINGS_CHAIN
    list_display = ["name", "kind", "year", "quarter", "root", "ruleset", "state", "decision_due", "board"]
    creator = related("created_by", pgettext_lazy("boards", "created by"))
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
        "creator",
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
        "creator",
    ]

    @admin.display(description=pgettext_lazy("boards", "board"))
    def board(self, cycle: ReviewCycle) -> str:
        return format_html(
            '<a href="{}">{}</a>', reverse("boards:cycle", args=[cycle.pk]), pgettext_lazy("boards", "open the board")
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False


@admin.register(QuotaGroup)
class QuotaGroupAdmin(ReadOnlyAdmin):
    """Read-only: renaming and exceptions go through quota_group_update (the cycle's board)."""

    cycle_column = related("cycle", pgettext_lazy("boards", "review cycle"))
    list_display = ["code", "name", "cycle_column", "exception"]
    list_filter = ["exception"]
    list_select_related = ["cycle"]
    search_fields = ["code", "name"]
    raw_id_fields = ["cycle"]


@admin.register(CriteriaTemplate)
class CriteriaTemplateAdmin(AuditedAdminMixin, FastAdmin):
    audit_chain = SETTINGS_CHAIN
    owner_column = related("owner", pgettext_lazy("boards", "owner unit"))
    list_display = ["name", "ruleset", "category", "version", "owner_column", "published"]
    list_filter = ["ruleset", "category", "published"]
    list_select_related = ["owner"]
    search_fields = ["name", "owner__code", "owner__name"]
    raw_id_fields = ["owner"]


@admin.register(CycleTemplate)
class CycleTemplateAdmin(ReadOnlyAdmin):
    cycle_column = related("cycle", pgettext_lazy("boards", "review cycle"))
    source_column = related("source", pgettext_lazy("boards", "copied from"))
    list_display = ["cycle_column", "category", "source_column", "sha256"]
    list_filter = ["category"]
    list_select_related = ["cycle", "source"]
    search_fields = ["cycle__name", "category"]
    raw_id_fields = ["cycle", "source"]


class DecisionInline(ReadOnlyInline):
    model = Decision
    by_column = related("by", pgettext_lazy("boards", "by"))
    fields = ["at", "kind", "status", "level", "grounds", "by_column"]
    readonly_fields = ["at", "kind", "status", "level", "grounds", "by_column"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("by")


class CommentInline(ReadOnlyInline):
    model = Comment
    author_column = related("author", pgettext_lazy("boards", "written by"))
    fields = ["at", "kind", "text", "votes", "author_column"]
    readonly_fields = ["at", "kind", "text", "votes", "author_column"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("author")


class ComplaintInline(ReadOnlyInline):
    model = Complaint
    filed_by_column = related("filed_by", pgettext_lazy("boards", "filed by"))
    fields = ["filed_at", "filed_by_column", "text", "state", "resolution", "resolved_at"]
    readonly_fields = ["filed_at", "filed_by_column", "text", "state", "resolution", "resolved_at"]

    def get_queryset(self, request: HttpRequest) -> Any:
        return super().get_queryset(request).select_related("filed_by")


# The review page, read-only: its foreign keys through labelled columns.
REVIEW_FIELDS = (
    "cycle_column",
    "subject_type",
    "category",
    "person_column",
    "unit_column",
    "group_column",
    "quota_priority",
    "state",
    "answers",
    "score",
    "proposed_level",
    "submitted_at",
    "engine_status",
    "engine_level",
    "engine_reasons",
    "engine_flags",
    "verified_status",
    "verified_level",
    "verification_note",
    "decided_status",
    "decided_level",
    "decided_at",
    "published_at",
)


@admin.register(Review)
class ReviewAdmin(ReadOnlyAdmin):
    unit_column = related("unit", pgettext_lazy("boards", "unit"))
    cycle_column = related("cycle", pgettext_lazy("boards", "review cycle"))
    person_column = related("person", pgettext_lazy("boards", "person"))
    group_column = related("quota_group", pgettext_lazy("boards", "quota group"))
    list_display = [
        "number",
        "subject",
        "category_name",
        "unit_column",
        "cycle_column",
        "state",
        "engine_level",
        "decided_level",
    ]
    fields = REVIEW_FIELDS
    readonly_fields = REVIEW_FIELDS
    list_filter = ["state", "subject_type", "category"]
    list_select_related = ["cycle", "person", "unit"]
    search_fields = ["person__full_name", "person__personnel_code__exact", "person__national_id__exact", "unit__code"]
    raw_id_fields = ["cycle", "person", "unit", "quota_group"]
    inlines = [DecisionInline, CommentInline, ComplaintInline]

    @admin.display(description=pgettext_lazy("boards", "number"), ordering="pk")
    def number(self, review: Review) -> int:
        return review.pk

    @admin.display(description=pgettext_lazy("boards", "subject"))
    def subject(self, review: Review) -> str:
        return review.person.full_name if review.person is not None else review.unit.name

    @admin.display(description=pgettext_lazy("boards", "category"), ordering="category")
    def category_name(self, review: Review) -> str:
        return name_of(CATEGORY_NAMES, review.category)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    chain_column = related("chain", pgettext_lazy("boards", "chain"))
    actor_column = related("actor", pgettext_lazy("boards", "by"))
    list_display = ["at", "chain_column", "seq", "action", "object_type", "object_id", "actor_column"]
    list_filter = ["action", "object_type"]
    list_select_related = ["chain", "actor"]
    search_fields = ["object_id__exact", "action"]
    raw_id_fields = ["chain", "actor"]
