"""The admin: an administrator registers a system and issues, rotates and revokes its tokens — each shown once,
on a page no cache keeps — and every change is on the `api` audit chain; tokens, calls and tasks are read only."""

from __future__ import annotations

import re

import pytest
from django.contrib import admin
from django.contrib.auth.models import Permission, User
from django.test import Client

from danhgia.apps.api.models import ApiCall, ApiToken, ConnectedSystem, TaskRecord
from danhgia.apps.api.services import API_CHAIN
from danhgia.apps.api.tests.world import ApiWorld, state
from danhgia.apps.api.tokens import token_digest
from danhgia.apps.audit.admin import AuditedAdminMixin
from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.audit.services import audit_verify

pytestmark = pytest.mark.django_db
TOKEN = re.compile(rb"dg_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


@pytest.fixture
def browser(api: ApiWorld) -> Client:
    client = Client()
    client.force_login(api.superuser)
    return client


def api_entries() -> list[tuple[str, str]]:
    return list(AuditEntry.objects.filter(chain__name=API_CHAIN).order_by("seq").values_list("action", "object_type"))


def test_every_admin_of_the_api_app_is_audited_or_read_only() -> None:
    registered = {m._meta.label_lower: a for m, a in admin.site._registry.items() if m._meta.app_label == "api"}

    assert sorted(registered) == [
        "api.apicall",
        "api.apitoken",
        "api.connectedsystem",
        "api.nationalsync",
        "api.taskrecord",
    ]
    assert isinstance(registered["api.connectedsystem"], AuditedAdminMixin)
    assert registered["api.connectedsystem"].audit_chain == API_CHAIN
    for label in ("api.apicall", "api.apitoken", "api.nationalsync", "api.taskrecord"):
        model_admin = registered[label]
        assert not model_admin.has_add_permission(None)  # type: ignore[arg-type]
        assert not model_admin.has_change_permission(None)  # type: ignore[arg-type]
        assert not model_admin.has_delete_permission(None)  # type: ignore[arg-type]


def test_registering_a_system_creates_its_audit_actor_on_the_chains(api: ApiWorld, browser: Client) -> None:
    response = browser.post(
        "/admin/api/connectedsystem/add/",
        {
            "code": "vnpt-ioffice",
            "name": "VNPT-iOffice Sở Nội vụ",
            "contact": "Văn phòng Sở",
            "is_active": "on",
            "requests_per_minute": "120",
            "export_mapping": '{"cccd": "national_id", "xep_loai": "level"}',
        },
    )

    assert response.status_code == 302
    system = ConnectedSystem.objects.get(code="vnpt-ioffice")
    assert (system.user.username, system.user.is_active, system.export_mapping) == (
        "api.vnpt-ioffice",
        False,
        {"cccd": "national_id", "xep_loai": "level"},
    )
    assert api_entries()[-1] == ("admin.add", "api.connectedsystem")
    assert audit_verify() == []


def test_a_mapping_without_the_national_id_is_refused(api: ApiWorld, browser: Client) -> None:
    before = (ConnectedSystem.objects.count(), User.objects.count(), AuditEntry.objects.count())

    response = browser.post(
        "/admin/api/connectedsystem/add/",
        {"code": "x", "name": "X", "requests_per_minute": "60", "export_mapping": '{"ten": "full_name"}'},
    )

    assert response.status_code == 200
    assert "national_id must be mapped" in response.content.decode()
    assert (ConnectedSystem.objects.count(), User.objects.count(), AuditEntry.objects.count()) == before


def test_issuing_shows_the_token_once_and_keeps_only_its_hash(api: ApiWorld, browser: Client) -> None:
    url = f"/admin/api/connectedsystem/{api.system.pk}/issue-token/"
    assert browser.get(url).status_code == 200

    response = browser.post(url, {"root": "SNV", "operations": ["read:tree", "write:tasks"], "valid_days": "90"})

    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    [plaintext] = TOKEN.findall(response.content)
    token = ApiToken.objects.get()
    assert (token.root_id, token.operations, token.secret_sha256) == (
        api.agency.pk,
        ["read:tree", "write:tasks"],
        token_digest(plaintext.decode()),
    )
    assert api_entries()[-1] == ("token_issue", "api.apitoken")
    listing = browser.get("/admin/api/apitoken/")
    page = browser.get(f"/admin/api/apitoken/{token.pk}/change/")
    assert TOKEN.findall(listing.content) == TOKEN.findall(page.content) == []
    assert token.secret_sha256.encode() not in page.content
    assert api.call("GET", "/units", plaintext.decode()).status_code == 200


def test_issuing_for_an_unknown_unit_is_refused(api: ApiWorld, browser: Client) -> None:
    before = state()

    response = browser.post(
        f"/admin/api/connectedsystem/{api.system.pk}/issue-token/",
        {"root": "KHONG-CO", "operations": ["read:tree"], "valid_days": "90"},
    )

    assert response.status_code == 200 and not TOKEN.findall(response.content)
    assert state() == before


def test_rotating_shows_the_successor_once(api: ApiWorld, browser: Client) -> None:
    old = api.token(["read:tree"])
    token = ApiToken.objects.get()
    form = {"action": "rotate", "_selected_action": [str(token.pk)]}

    confirm = browser.post("/admin/api/apitoken/", form)
    done = browser.post("/admin/api/apitoken/", form | {"confirm": "1", "overlap_days": "3"})

    assert confirm.status_code == 200 and b"overlap_days" in confirm.content
    [new] = TOKEN.findall(done.content)
    assert "no-store" in done["Cache-Control"]
    assert api.call("GET", "/units", old).status_code == 200
    assert api.call("GET", "/units", new.decode()).status_code == 200
    assert api_entries()[-2:] == [("token_issue", "api.apitoken"), ("token_rotate", "api.apitoken")]


def test_revoking_asks_for_a_reason(api: ApiWorld, browser: Client) -> None:
    plaintext = api.token(["read:tree"])
    token = ApiToken.objects.get()
    form = {"action": "revoke", "_selected_action": [str(token.pk)]}

    without_reason = browser.post("/admin/api/apitoken/", form | {"confirm": "1", "reason": ""})
    token.refresh_from_db()
    assert without_reason.status_code == 200 and token.revoked_at is None

    browser.post("/admin/api/apitoken/", form | {"confirm": "1", "reason": "Hợp đồng dịch vụ kết thúc"})

    token.refresh_from_db()
    assert (token.revoked_by_id, token.revocation_reason) == (api.superuser.pk, "Hợp đồng dịch vụ kết thúc")
    assert api.call("GET", "/units", plaintext).status_code == 401


def test_staff_without_the_permission_cannot_issue(api: ApiWorld) -> None:
    staff = User.objects.create_user("nhanvien", password="danhgia-demo-2025", is_staff=True)
    staff.user_permissions.add(Permission.objects.get(codename="view_connectedsystem"))
    client = Client()
    client.force_login(staff)
    before = state()

    response = client.post(
        f"/admin/api/connectedsystem/{api.system.pk}/issue-token/",
        {"root": "SNV", "operations": ["read:tree"], "valid_days": "90"},
    )

    assert response.status_code == 403
    assert state() == before


def test_calls_and_tasks_are_listed_read_only(api: ApiWorld, browser: Client) -> None:
    api.call("GET", "/units", api.token(["read:tree"]))

    for model in (ApiCall, TaskRecord, ApiToken):
        assert browser.get(f"/admin/api/{model._meta.model_name}/").status_code == 200
    assert browser.get("/admin/api/apicall/add/").status_code == 403


def test_a_code_whose_login_exists_is_refused_and_a_system_is_never_deleted(api: ApiWorld, browser: Client) -> None:
    User.objects.create_user("api.hscv")
    before = (ConnectedSystem.objects.count(), User.objects.count(), AuditEntry.objects.count())

    response = browser.post(
        "/admin/api/connectedsystem/add/",
        {
            "code": "hscv",
            "name": "Hồ sơ công việc",
            "requests_per_minute": "60",
            "export_mapping": '{"c": "national_id"}',
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    assert (ConnectedSystem.objects.count(), User.objects.count(), AuditEntry.objects.count()) == before
    assert browser.get(f"/admin/api/connectedsystem/{api.system.pk}/delete/").status_code == 403
