"""Every model the Django admin can change is audited: an edit of a cycle's deadline (which the complaint
service enforces) or of a criteria template writes an entry that `audit verify` checks; every other registered
model is read-only or audited."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.http import HttpRequest
from django.test import Client, RequestFactory
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]

from danhgia.apps.audit.admin import AuditedAdminMixin
from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.audit.services import audit_verify
from danhgia.apps.boards.admin import SETTINGS_CHAIN
from danhgia.apps.boards.tests.world import bring, make_world
from danhgia.apps.cycles.models import CriteriaTemplate

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff() -> Client:
    User.objects.create_superuser("quantri", password="mat-khau-quan-tri")
    client = Client()
    client.login(username="quantri", password="mat-khau-quan-tri")
    return client


def test_every_model_the_admin_can_change_is_audited() -> None:
    unaudited = []
    for model, model_admin in admin.site._registry.items():
        if isinstance(model_admin, AuditedAdminMixin) or model is TOTPDevice:  # devices: deletion audited by hand
            continue
        changes = model_admin.has_change_permission  # a read-only admin refuses every write
        if (
            model_admin.has_add_permission(_request())
            or changes(_request())
            or model_admin.has_delete_permission(_request())
        ):
            unaudited.append(model._meta.label)
    assert unaudited == []


def _request() -> HttpRequest:
    request = RequestFactory().get("/admin/")
    request.user = User(is_superuser=True, is_staff=True, is_active=True)
    return request


def test_an_admin_edit_of_a_cycle_deadline_is_on_the_audit_chain(staff: Client) -> None:
    world = make_world()
    cycle = bring(world, "published")
    before = AuditEntry.objects.filter(chain__name=SETTINGS_CHAIN).count()
    page = staff.get(f"/admin/cycles/reviewcycle/{cycle.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data |= {"complaints_until": "31/01/2027", "name": cycle.name}
    response = staff.post(f"/admin/cycles/reviewcycle/{cycle.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    cycle.refresh_from_db()
    assert cycle.complaints_until == date(2027, 1, 31)
    [entry] = AuditEntry.objects.filter(chain__name=SETTINGS_CHAIN)[before:]
    assert (entry.action, entry.object_type, entry.object_id) == ("admin.change", "cycles.reviewcycle", str(cycle.pk))
    assert (entry.after or {})["complaints_until"] == "2027-01-31"
    assert audit_verify(chain=SETTINGS_CHAIN) == []


def test_an_admin_edit_of_a_criteria_template_is_on_the_audit_chain(staff: Client) -> None:
    template = CriteriaTemplate.objects.create(
        ruleset="qd366-2025", category="staff", name="Tiêu chí công chức", body={"groups": []}, published=False
    )
    page = staff.get(f"/admin/cycles/criteriatemplate/{template.pk}/change/")
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data |= {"published": "on", "body": '{"groups": []}'}
    response = staff.post(f"/admin/cycles/criteriatemplate/{template.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    [entry] = AuditEntry.objects.filter(chain__name=SETTINGS_CHAIN)
    assert (entry.action, (entry.after or {})["published"]) == ("admin.change", True)
