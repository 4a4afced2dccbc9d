"""No ModelAdmin of the registry or of access escapes the audit chain: a new one must be listed here."""

from __future__ import annotations

from django.contrib import admin

from danhgia.apps.audit.admin import AuditedAdminMixin

EXPECTED = {
    "access.account": "access",
    "access.roleassignment": "access",
    "orgs.cellmembership": "registry",
    "orgs.civilserviceresult": "registry",
    "orgs.conclusion": "registry",
    "orgs.disciplinerecord": "registry",
    "orgs.leadershipcollective": "registry",
    "orgs.membershipstatus": "registry",
    "orgs.partymembership": "registry",
    "orgs.person": "registry",
    "orgs.post": "registry",
    "orgs.relative": "registry",
    "orgs.unit": "registry",
    "orgs.unitlink": "registry",
    "orgs.yearabsence": "registry",
}


def test_every_admin_of_the_registry_and_of_access_is_audited_on_its_chain() -> None:
    registered = {
        model._meta.label_lower: model_admin
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in {"orgs", "access"}
    }

    assert {
        label: model_admin.audit_chain
        for label, model_admin in registered.items()
        if isinstance(model_admin, AuditedAdminMixin)
    } == EXPECTED


def test_their_inlines_hold_rows_of_the_same_chain() -> None:
    """An inline's rows are recorded on its page's chain, so they must belong to the same app."""
    for model, model_admin in admin.site._registry.items():
        if model._meta.app_label in {"orgs", "access"}:
            assert {inline.model._meta.app_label for inline in model_admin.inlines} <= {model._meta.app_label}
