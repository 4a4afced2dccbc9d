from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from danhgia.apps.demo.services import DemoUser

pytestmark = pytest.mark.django_db


def test_admin_redirects_anonymous_visitors_to_its_login(client: Client) -> None:
    response = client.get("/admin/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/login/?next=/admin/"


def test_anonymous_post_to_admin_changes_nothing(client: Client) -> None:
    users = get_user_model().objects
    before = list(users.order_by("pk").values_list("pk", "username", "password"))

    response = client.post(
        "/admin/auth/user/add/",
        {
            "username": "intruder",
            "password1": "Xk29!pq-LongEnough",
            "password2": "Xk29!pq-LongEnough",
        },
    )

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/login/?next=/admin/auth/user/add/"
    assert list(users.order_by("pk").values_list("pk", "username", "password")) == before


def test_member_without_staff_status_cannot_use_the_admin(client: Client, demo_users: dict[str, DemoUser]) -> None:
    client.login(username="dangvien", password=demo_users["dangvien"].password)
    count = get_user_model().objects.count()

    get_response = client.get("/admin/")
    post_response = client.post("/admin/auth/user/add/", {"username": "intruder"})

    assert get_response.status_code == 302
    assert get_response.headers["Location"] == "/admin/login/?next=/admin/"
    assert post_response.status_code == 302
    assert get_user_model().objects.count() == count


def test_administrator_opens_the_admin(client: Client, demo_users: dict[str, DemoUser]) -> None:
    client.login(username="admin", password=demo_users["admin"].password)

    response = client.get("/admin/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Quản trị | danhgia</title>" in html
    assert '<div id="site-name"><a href="/admin/">Quản trị danhgia</a></div>' in html


def test_admin_speaks_english_under_the_en_prefix(client: Client, demo_users: dict[str, DemoUser]) -> None:
    client.login(username="admin", password=demo_users["admin"].password)

    html = client.get("/en/admin/").content.decode()

    assert "<title>Administration | danhgia</title>" in html
    assert '<div id="site-name"><a href="/en/admin/">danhgia administration</a></div>' in html
