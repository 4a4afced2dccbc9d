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


def test_demo_setup_loads_a_province_and_one_cycle_at_each_step(settings: Settings) -> None:
    from django.db.models import Count

    from danhgia.apps.access.models import Account, RoleAssignment
    from danhgia.apps.audit.services import audit_verify
    from danhgia.apps.cycles.models import ReviewCycle
    from danhgia.apps.reviews.models import Review

    settings.DEBUG = True
    call_command("demo_setup")
    call_command("demo_setup")  # a second run adds nothing
    cycles = {c.name: c for c in ReviewCycle.objects.all()}
    assert sorted((name, c.state) for name, c in cycles.items()) == [
        ("Năm 2023 — Đảng bộ xã Tân An", "published"),  # past years, for the rule lab's implementation report
        ("Năm 2024 — Đảng bộ xã Tân An", "published"),
        ("Năm 2025 — Đảng bộ Sở Nội vụ", "open"),
        ("Năm 2025 — Đảng bộ xã Tân An", "decision"),
        ("Quý III/2025 — Tỉnh Bắc Ninh", "published"),
    ]

    def states(name: str) -> set[str]:
        rows = Review.objects.filter(cycle=cycles[name]).values_list("state").annotate(n=Count("pk"))
        return {state for state, _ in rows}

    assert states("Năm 2025 — Đảng bộ Sở Nội vụ") == {"not_started", "draft", "submitted"}
    assert states("Năm 2025 — Đảng bộ xã Tân An") == {"verified", "published"}
    assert states("Quý III/2025 — Tỉnh Bắc Ninh") == {"published"}
    member = Review.objects.get(cycle=cycles["Năm 2025 — Đảng bộ Sở Nội vụ"], person__personnel_code="DEMO-0003")
    assert member.state == "not_started"  # the party member persona fills it in the demo
    assert Account.objects.get(user__username="dangvien").person.personnel_code == "DEMO-0003"  # type: ignore[union-attr]
    assert sorted(RoleAssignment.objects.filter(user__username="quyetdinh").values_list("role", "unit__code")) == [
        ("consultee", "T27.A02.A01"),  # the department answers the demo's consultation
        ("decider", "T27.D02.D01"),
        ("decider", "T27.X001"),
    ]
    assert audit_verify() == []
