"""The main navigation shows each user the pages of their roles, and only those."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import User
from django.test import Client

from danhgia.apps.access.models import Role, RoleAssignment
from danhgia.apps.orgs.models import UnitKind
from danhgia.apps.orgs.services import unit_create

pytestmark = pytest.mark.django_db


def nav_links(client: Client) -> list[str]:
    html = client.get("/").content.decode()
    nav = html[html.index("<header") : html.index("</header>")]  # the brand, the menu and the login link
    return [part.split('"', 1)[0] for part in nav.split('href="')[1:]]


def test_anonymous_users_see_only_home_and_login() -> None:
    assert nav_links(Client()) == ["/", "/", "/accounts/login/"]


def test_a_verifier_sees_verification_but_not_decision_nor_import() -> None:
    unit = unit_create(
        code="T", name="Tỉnh ủy", kind=UnitKind.PARTY_COMMITTEE, parent=None, valid_from=date(2020, 1, 1)
    )
    user = User.objects.create_user("thamdinh", password="x")
    RoleAssignment.objects.create(user=user, role=Role.VERIFIER, unit=unit, valid_from=date(2020, 1, 1))
    client = Client()
    client.force_login(user)
    links = nav_links(client)
    assert "/import/" not in links
    assert not any("decision" in link or "quyet-dinh" in link for link in links)


def test_staff_see_the_import() -> None:
    user = User.objects.create_user("canbo", password="x", is_staff=True)
    client = Client()
    client.force_login(user)
    assert "/import/" in nav_links(client)
