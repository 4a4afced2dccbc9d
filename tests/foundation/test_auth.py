from __future__ import annotations

import pytest
from django.test import Client

from danhgia.apps.demo.services import DemoUser

pytestmark = pytest.mark.django_db


def test_login_page_is_in_vietnamese(client: Client) -> None:
    response = client.get("/accounts/login/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Đăng nhập</h1>" in html
    assert '<label for="id_username">Tên đăng nhập:</label>' in html


def test_demo_user_logs_in_and_is_greeted_by_name(client: Client, demo_users: dict[str, DemoUser]) -> None:
    member = demo_users["dangvien"]

    response = client.post("/accounts/login/", {"username": member.username, "password": member.password})

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    html = client.get("/").content.decode()
    assert "Đã đăng nhập với tài khoản dangvien." in html
    assert '<span class="user">dangvien</span>' in html


def test_wrong_password_is_refused_and_nobody_is_logged_in(client: Client, demo_users: dict[str, DemoUser]) -> None:
    response = client.post("/accounts/login/", {"username": "dangvien", "password": "wrong"})

    assert response.status_code == 200
    assert "_auth_user_id" not in client.session
    assert "Đăng nhập" in response.content.decode()


def test_logout_ends_the_session(client: Client, demo_users: dict[str, DemoUser]) -> None:
    client.login(username="bithu", password=demo_users["bithu"].password)

    response = client.post("/accounts/logout/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    assert "_auth_user_id" not in client.session


def test_staff_see_the_administration_link_and_others_do_not(client: Client, demo_users: dict[str, DemoUser]) -> None:
    client.login(username="dangvien", password=demo_users["dangvien"].password)
    assert '<a href="/admin/">Quản trị</a>' not in client.get("/").content.decode()

    client.login(username="admin", password=demo_users["admin"].password)
    assert '<a href="/admin/">Quản trị</a>' in client.get("/").content.decode()
