from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.test import Client
from pytest_django import Settings

pytestmark = pytest.mark.django_db

EXPECTED = [
    # username, is_staff, is_superuser, first_name, last_name
    ("admin", True, True, "Quản trị", "Hệ thống"),
    ("bantochuc", False, False, "Đức", "Hoàng Minh"),
    ("bithu", False, False, "Bình", "Trần Thị"),
    ("dangvien", False, False, "An", "Nguyễn Văn"),
    ("quyetdinh", False, False, "Dung", "Phạm Thị"),
    ("thamdinh", False, False, "Cường", "Lê Văn"),
]


def users() -> list[tuple[str, bool, bool, str, str]]:
    return list(
        get_user_model()
        .objects.order_by("username")
        .values_list("username", "is_staff", "is_superuser", "first_name", "last_name")
    )


def test_demo_setup_creates_one_login_per_persona(settings: Settings) -> None:
    settings.DEBUG = True

    call_command("demo_setup")

    assert users() == EXPECTED


def test_demo_setup_twice_leaves_the_same_users(settings: Settings) -> None:
    settings.DEBUG = True
    call_command("demo_setup")
    first_keys = list(get_user_model().objects.order_by("pk").values_list("pk", flat=True))

    call_command("demo_setup")

    assert users() == EXPECTED
    assert list(get_user_model().objects.order_by("pk").values_list("pk", flat=True)) == first_keys


def test_demo_setup_resets_a_changed_password_to_the_published_one(settings: Settings, client: Client) -> None:
    settings.DEBUG = True
    call_command("demo_setup")
    user = get_user_model().objects.get(username="thamdinh")
    user.set_password("something-else")
    user.save()

    call_command("demo_setup")

    assert client.login(username="thamdinh", password="demo-thamdinh") is True


def test_demo_setup_prints_the_address_and_every_login(settings: Settings, capsys: pytest.CaptureFixture[str]) -> None:
    settings.DEBUG = True

    call_command("demo_setup")

    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "danhgia demo: http://127.0.0.1:8000/"
    assert [line.split()[:3] for line in lines[2:]] == [
        ["admin", "/", "demo-admin"],
        ["dangvien", "/", "demo-dangvien"],
        ["bithu", "/", "demo-bithu"],
        ["thamdinh", "/", "demo-thamdinh"],
        ["quyetdinh", "/", "demo-quyetdinh"],
        ["bantochuc", "/", "demo-bantochuc"],
    ]


def test_demo_setup_refuses_without_debug_and_creates_nobody(settings: Settings) -> None:
    settings.DEBUG = False

    with pytest.raises(CommandError, match="DJANGO_DEBUG=1"):
        call_command("demo_setup")

    assert users() == []


def test_demo_setup_runs_without_debug_when_forced(settings: Settings) -> None:
    settings.DEBUG = False

    call_command("demo_setup", force=True)

    assert users() == EXPECTED
