"""What a browser would post back from an admin change page: the form and every inline as shown."""

from __future__ import annotations

from typing import Any

from django import forms

from danhgia.apps.audit.models import AuditEntry


def _fields(form: forms.BaseForm) -> dict[str, str]:
    data = {}
    for bound in form:
        value = bound.value()
        if isinstance(bound.field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
        else:
            data[bound.html_name] = "" if value is None else str(value)
    return data


def page_data(response: Any) -> dict[str, str]:
    data = _fields(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        data |= _fields(inline.formset.management_form)
        for form in inline.formset.initial_forms:
            data |= _fields(form)
    return data


def entries() -> list[tuple[str, str, str, str, Any, Any, str]]:
    """Every audit entry in order: chain, action, object type and id, before, after, reason."""
    return [
        (e.chain.name, e.action, e.object_type, e.object_id, e.before, e.after, e.reason)
        for e in AuditEntry.objects.select_related("chain").order_by("pk")
    ]
