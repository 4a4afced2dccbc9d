"""Who holds which role, changed in the admin: one entry each on the access chain, nothing for a refused user."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from danhgia.apps.access.models import Account, Role, RoleAssignment
from danhgia.apps.audit.services import audit_verify
from danhgia.apps.audit.tests.pages import entries, page_data
from danhgia.apps.orgs.models import Unit
from danhgia.apps.orgs.tests.registry import START, make_person, make_tree

pytestmark = pytest.mark.django_db


def url(model: str, view: str, *args: Any) -> str:
    return reverse(f"admin:access_{model}_{view}", args=args)


@pytest.fixture
def unit() -> Unit:
    return make_tree()["X1"]


def test_a_role_given_changed_and_taken_back_is_on_the_access_chain(
    admin_client: Client, django_user_model: Any, unit: Unit
) -> None:
    verifier = django_user_model.objects.create_user(username="thamdinh", password="x")

    admin_client.post(
        url("roleassignment", "add"),
        {"user": verifier.pk, "role": Role.VERIFIER, "unit": unit.pk, "valid_from": "01/01/2025"},
    )
    assignment = RoleAssignment.objects.get()
    data = page_data(admin_client.get(url("roleassignment", "change", assignment.pk)))
    admin_client.post(url("roleassignment", "change", assignment.pk), data | {"valid_to": "01/01/2026"})
    admin_client.post(url("roleassignment", "delete", assignment.pk), {"post": "yes"})

    pk = assignment.pk
    given = {"id": pk, "user": verifier.pk, "role": "verifier", "unit": unit.pk, "valid_from": "2025-01-01"}
    assert entries() == [
        ("access", "admin.add", "access.roleassignment", str(pk), None, given | {"valid_to": None}, ""),
        (
            "access",
            "admin.change",
            "access.roleassignment",
            str(pk),
            {"id": pk, "valid_to": None},
            {"id": pk, "valid_to": "2026-01-01"},
            "",
        ),
        ("access", "admin.delete", "access.roleassignment", str(pk), given | {"valid_to": "2026-01-01"}, None, ""),
    ]
    assert not RoleAssignment.objects.exists()
    assert audit_verify() == []


def test_linking_a_login_to_a_person_is_on_the_access_chain(admin_client: Client, django_user_model: Any) -> None:
    member = django_user_model.objects.create_user(username="dangvien", password="x")
    person = make_person("Lê Văn Bình", national_id="001085000009")

    response = admin_client.post(url("account", "add"), {"user": member.pk, "person": person.pk})

    assert response.status_code == 302
    account = Account.objects.get()
    after = {"id": account.pk, "user": member.pk, "person": person.pk}
    assert entries() == [("access", "admin.add", "access.account", str(account.pk), None, after, "")]


def test_the_role_pages_open_and_speak_vietnamese(admin_client: Client, admin_user: Any, unit: Unit) -> None:
    assignment = RoleAssignment.objects.create(user=admin_user, role=Role.DECIDER, unit=unit, valid_from=START)

    listing = admin_client.get(url("roleassignment", "changelist"))
    page = admin_client.get(url("roleassignment", "change", assignment.pk))

    assert (listing.status_code, page.status_code) == (200, 200)
    assert "Người dùng" in page.content.decode()
    assert admin_client.get(url("account", "changelist")).status_code == 200


def test_a_user_without_staff_status_cannot_give_themselves_a_role(
    client: Client, django_user_model: Any, unit: Unit
) -> None:
    member = django_user_model.objects.create_user(username="dangvien", password="x")
    client.force_login(member)

    response = client.post(
        url("roleassignment", "add"),
        {"user": member.pk, "role": Role.ADMINISTRATOR, "unit": unit.pk, "valid_from": "01/01/2025"},
    )

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("admin:login"))
    assert not RoleAssignment.objects.exists()
    assert entries() == []


def user_url(view: str, *args: Any) -> str:
    return reverse(f"admin:auth_user_{view}", args=args)


def test_making_someone_superuser_is_on_the_access_chain_without_the_password_hash(
    admin_client: Client, django_user_model: Any
) -> None:
    login = django_user_model.objects.create_user(username="canbo", password="Mật-khẩu-cũ-2025")
    data = {
        "username": "canbo",
        "is_active": "on",
        "is_staff": "on",
        "is_superuser": "on",
        "date_joined_0": "01/01/2025",
        "date_joined_1": "08:00:00",
    }

    response = admin_client.post(user_url("change", login.pk), data)

    assert response.status_code == 302
    login.refresh_from_db()
    assert (login.is_staff, login.is_superuser) == (True, True)
    [entry] = entries()
    assert entry[:4] == ("access", "admin.change", "auth.user", str(login.pk))
    assert entry[4]["is_superuser"] is False and entry[5]["is_superuser"] is True
    assert entry[4]["is_staff"] is False and entry[5]["is_staff"] is True
    assert "password" not in entry[4] and "password" not in entry[5]
    assert audit_verify() == []


def test_setting_a_password_is_noted_without_the_hash(admin_client: Client, django_user_model: Any) -> None:
    login = django_user_model.objects.create_user(username="canbo", password="Mật-khẩu-cũ-2025")
    old_hash = login.password
    new = "Mật-khẩu-mới-2026!"

    response = admin_client.post(user_url("password_change", login.pk), {"password1": new, "password2": new})

    assert response.status_code == 302
    login.refresh_from_db()
    assert login.password != old_hash and login.check_password(new)
    assert entries() == [("access", "admin.password", "auth.user", str(login.pk), None, None, "password set")]
    assert audit_verify() == []


def test_a_refused_password_change_changes_nothing_and_writes_nothing(
    admin_client: Client, django_user_model: Any
) -> None:
    login = django_user_model.objects.create_user(username="canbo", password="Mật-khẩu-cũ-2025")
    old_hash = login.password

    response = admin_client.post(user_url("password_change", login.pk), {"password1": "a1", "password2": "b2"})

    assert response.status_code == 200  # the form again, with its error
    login.refresh_from_db()
    assert login.password == old_hash
    assert entries() == []


def test_adding_a_login_keeps_the_hash_out_of_the_entry(admin_client: Client) -> None:
    password = "Mật-khẩu-mới-2026!"

    response = admin_client.post(
        user_url("add"), {"username": "moi", "password1": password, "password2": password, "usable_password": "true"}
    )

    assert response.status_code == 302
    [entry] = entries()
    assert entry[:5] == ("access", "admin.add", "auth.user", entry[3], None)
    assert entry[5]["username"] == "moi" and "password" not in entry[5]
    assert audit_verify() == []
