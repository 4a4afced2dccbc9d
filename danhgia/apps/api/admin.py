"""Connected systems and their tokens in the admin, every change on the `api` audit chain (docs/adr/0007).

An administrator registers a system (its audit actor is created with it), then issues tokens from the
system's page: the token is shown once on the answer page (`Cache-Control: no-store`), never stored,
never put in a message or an entry. Tokens are rotated (a successor; the old one keeps working for the
overlap) or revoked with a reason from the token list. Tokens, calls and fed tasks are read only here.
"""

from __future__ import annotations

from datetime import timedelta
from itertools import islice
from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib import admin, messages
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.forms import BaseModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import URLPattern, path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import pgettext, pgettext_lazy

from danhgia.apps.api.models import (
    ApiCall,
    ApiToken,
    ConnectedSystem,
    NationalSync,
    NationalSyncItem,
    Operation,
    TaskRecord,
)
from danhgia.apps.api.national import SOURCE_FIELDS, mapping_problems
from danhgia.apps.api.selectors.national import overdue_results
from danhgia.apps.api.services.systems import (
    API_CHAIN,
    DEFAULT_OVERLAP,
    MAX_LIFETIME,
    IssuedToken,
    is_usable,
    system_user_create,
    token_issue,
    token_revoke,
    token_rotate,
)
from danhgia.apps.audit.admin import AuditedAdminMixin
from danhgia.apps.orgs.models import Unit

OVERDUE_SHOWN = 500

if TYPE_CHECKING:  # Django's classes are generic for the type checker only
    ModelAdminBase = admin.ModelAdmin[Any]
    ModelFormBase = forms.ModelForm[ConnectedSystem]
else:
    ModelAdminBase = admin.ModelAdmin
    ModelFormBase = forms.ModelForm


class ReadOnlyAdmin(ModelAdminBase):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ConnectedSystemForm(ModelFormBase):
    class Meta:
        model = ConnectedSystem
        fields = ["code", "name", "contact", "is_active", "requests_per_minute", "export_mapping"]

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if self.instance.pk is None and User.objects.filter(username=f"api.{code}").exists():
            raise ValidationError(pgettext("api", "A login named api.%(code)s exists already.") % {"code": code})
        return code

    def clean_export_mapping(self) -> Any:
        mapping = self.cleaned_data["export_mapping"]
        if problems := mapping_problems(mapping):
            raise ValidationError(problems)
        return mapping


def _no_store(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = "no-store"
    return response


@admin.register(ConnectedSystem)
class ConnectedSystemAdmin(AuditedAdminMixin):
    audit_chain = API_CHAIN
    form = ConnectedSystemForm
    list_display = ["code", "name", "is_active", "requests_per_minute", "issue_link"]
    search_fields = ["code", "name"]
    readonly_fields = ["user", "created_at"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        """A system is deactivated, never deleted: its login is the actor of its entries (ADR 0007)."""
        return False

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        """The code names the system's audit actor (`api.<code>`): fixed once registered."""
        return ["code", *self.readonly_fields] if obj is not None else list(self.readonly_fields)

    def get_form(self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        if "export_mapping" in form.base_fields:
            fields = ", ".join(SOURCE_FIELDS)
            form.base_fields["export_mapping"].help_text = pgettext(
                "api", "Target field name → source field, one of: %(fields)s."
            ) % {"fields": fields}
        return form

    def save_model(self, request: HttpRequest, obj: Any, form: BaseModelForm[Any], change: bool) -> None:
        if not change:
            obj.created_at = timezone.now()
            obj.user = system_user_create(actor=request.user, code=obj.code, now=obj.created_at)
        super().save_model(request, obj, form, change)

    @admin.display(description=pgettext_lazy("api", "tokens"))
    def issue_link(self, system: ConnectedSystem) -> str:
        url = reverse("admin:api_connectedsystem_issue", args=[system.pk])
        return format_html('<a href="{}">{}</a>', url, pgettext("api", "Issue a token"))

    def get_urls(self) -> list[URLPattern]:
        issue = path(
            "<int:system_id>/issue-token/",
            self.admin_site.admin_view(self.issue_view),
            name="api_connectedsystem_issue",
        )
        return [issue, *super().get_urls()]

    def issue_view(self, request: HttpRequest, system_id: int) -> HttpResponse:
        if not request.user.has_perm("api.add_apitoken"):
            return HttpResponse(status=403)
        system = get_object_or_404(ConnectedSystem, pk=system_id)
        form = IssueForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            now = timezone.now()
            try:
                issued = token_issue(
                    actor=request.user,
                    system=system,
                    root=form.cleaned_data["root"],
                    operations=form.cleaned_data["operations"],
                    expires_at=now + timedelta(days=form.cleaned_data["valid_days"]),
                    now=now,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                return issued_page(request, [issued])
        context = {
            **self.admin_site.each_context(request),
            "title": pgettext("api", "Issue a token for %(system)s") % {"system": system},
            "form": form,
            "system": system,
            "opts": self.model._meta,
        }
        return _no_store(TemplateResponse(request, "admin/api/issue_token.html", context))


class IssueForm(forms.Form):
    root = forms.CharField(
        label=pgettext_lazy("api", "Subtree of the unit (its code)"),
        max_length=64,
        help_text=pgettext_lazy("api", "The token reads and writes only within this unit's subtree."),
    )
    operations = forms.MultipleChoiceField(
        label=pgettext_lazy("api", "Operations"), choices=Operation.choices, widget=forms.CheckboxSelectMultiple
    )
    valid_days = forms.IntegerField(
        label=pgettext_lazy("api", "Valid for (days)"), min_value=1, max_value=MAX_LIFETIME.days, initial=365
    )

    def clean_root(self) -> Unit:
        unit = Unit.objects.filter(code=self.cleaned_data["root"].strip()).first()
        if unit is None:
            raise ValidationError(pgettext("api", "There is no unit with this code."))
        return unit


def issued_page(request: HttpRequest, issued: list[IssuedToken]) -> HttpResponse:
    """The only time a token's plaintext is shown."""
    context = {
        **admin.site.each_context(request),
        "title": pgettext("api", "Copy the token now"),
        "issued": issued,
        "opts": ApiToken._meta,
    }
    return _no_store(TemplateResponse(request, "admin/api/token_issued.html", context))


class RotateForm(forms.Form):
    overlap_days = forms.IntegerField(
        label=pgettext_lazy("api", "The old token keeps working for (days)"),
        min_value=0,
        max_value=90,
        initial=DEFAULT_OVERLAP.days,
    )


class RevokeForm(forms.Form):
    reason = forms.CharField(label=pgettext_lazy("api", "Reason"), widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(ApiToken)
class ApiTokenAdmin(ReadOnlyAdmin):
    list_display = ["prefix", "system", "root", "operations", "created_at", "expires_at", "revoked_at", "state"]
    list_filter = ["system"]
    list_select_related = ["system", "root"]
    search_fields = ["prefix", "system__code"]
    actions = ["rotate", "revoke"]
    exclude = ["secret_sha256"]

    @admin.display(description=pgettext_lazy("api", "state"))
    def state(self, token: ApiToken) -> str:
        if token.revoked_at is not None:
            return pgettext("api", "revoked")
        return pgettext("api", "valid") if is_usable(token, timezone.now()) else pgettext("api", "expired")

    def has_manage_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("api.add_apitoken")

    def _confirm(
        self, request: HttpRequest, queryset: QuerySet[ApiToken], form: forms.Form, action: str, title: str
    ) -> HttpResponse:
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "form": form,
            "tokens": list(queryset),
            "action": action,
            "opts": self.model._meta,
        }
        return _no_store(TemplateResponse(request, "admin/api/token_action.html", context))

    @admin.action(description=pgettext_lazy("api", "Rotate the selected tokens"), permissions=["manage"])
    def rotate(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> HttpResponse | None:
        form = RotateForm(request.POST if "confirm" in request.POST else None)
        if not form.is_valid():
            return self._confirm(request, queryset, form, "rotate", pgettext("api", "Rotate tokens"))
        overlap = timedelta(days=form.cleaned_data["overlap_days"])
        try:
            with transaction.atomic():  # all or none: a successor's plaintext is shown only on the next page
                issued = [token_rotate(actor=request.user, token=token, overlap=overlap) for token in queryset]
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return None
        return issued_page(request, issued)

    @admin.action(description=pgettext_lazy("api", "Revoke the selected tokens"), permissions=["manage"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> HttpResponse | None:
        form = RevokeForm(request.POST if "confirm" in request.POST else None)
        if not form.is_valid():
            return self._confirm(request, queryset, form, "revoke", pgettext("api", "Revoke tokens"))
        for token in queryset:
            token_revoke(actor=request.user, token=token, reason=form.cleaned_data["reason"])
        self.message_user(request, pgettext("api", "The tokens are revoked."), messages.SUCCESS)
        return HttpResponseRedirect(request.get_full_path())


@admin.register(ApiCall)
class ApiCallAdmin(ReadOnlyAdmin):
    list_display = ["at", "system", "token_prefix", "method", "path", "status", "duration_ms"]
    list_filter = ["system", "status", "method"]
    list_select_related = ["system"]
    search_fields = ["token_prefix", "path"]
    date_hierarchy = "at"


@admin.register(TaskRecord)
class TaskRecordAdmin(ReadOnlyAdmin):
    list_display = ["external_id", "version", "is_current", "system", "person", "month", "kind", "quantity"]
    list_filter = ["system", "is_current"]
    list_select_related = ["system", "person"]
    search_fields = ["external_id", "kind"]
    raw_id_fields = ["person"]


class NationalSyncItemInline(admin.TabularInline):
    model = NationalSyncItem
    fields = readonly_fields = ("review", "national_id", "changed_at", "record_sha256")
    can_delete = False
    extra = 0
    max_num = 0


@admin.register(NationalSync)
class NationalSyncAdmin(ReadOnlyAdmin):
    """The sync log, read only, and the list of results changed but not sent within 3 working days."""

    list_display = ["at", "system", "channel", "cycle", "count", "user", "file_name"]
    list_filter = ["channel", "system", "cycle"]
    list_select_related = ["system", "cycle", "user"]
    date_hierarchy = "at"
    inlines = [NationalSyncItemInline]
    change_list_template = "admin/api/nationalsync_changelist.html"

    def get_urls(self) -> list[URLPattern]:
        overdue = path("overdue/", self.admin_site.admin_view(self.overdue_view), name="api_nationalsync_overdue")
        return [overdue, *super().get_urls()]

    def overdue_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            return HttpResponse(status=403)
        found = list(islice(overdue_results(now=timezone.now()), OVERDUE_SHOWN + 1))
        context = {
            **self.admin_site.each_context(request),
            "title": pgettext("api", "Results not sent to the national database within 3 working days"),
            "rows": found[:OVERDUE_SHOWN],
            "more": len(found) > OVERDUE_SHOWN,
            "shown": OVERDUE_SHOWN,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/api/overdue_exports.html", context)
