"""Password guessing (django-axes): five wrong passwords for one username from one address lock that pair for
15 minutes; while locked even the right password is refused and nothing changes; every failure is recorded;
an administrator unlocks in the admin (on the access audit chain)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog  # type: ignore[import-untyped]
from django.contrib.auth.models import User
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone

from danhgia.apps.access.lockout import client_ip
from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.audit.services import ACCESS_CHAIN, audit_verify
from danhgia.apps.demo.services import DemoUser

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"
LOCKED = (
    "Tài khoản tạm thời bị khóa do đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {time} ngày {day} "
    "(còn khoảng 15 phút)."
)


@pytest.fixture(autouse=True)
def axes_on(settings: Any) -> None:
    settings.AXES_ENABLED = True


@pytest.fixture
def administrator(demo_users: dict[str, DemoUser]) -> Client:
    client = Client()
    client.force_login(User.objects.get(username="admin"))
    return client


def log_in(client: Client, username: str, password: str, address: str = "127.0.0.1") -> Any:
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def fail(client: Client, times: int, username: str = "dangvien", address: str = "127.0.0.1") -> list[int]:
    return [log_in(client, username, f"wrong-{n}", address).status_code for n in range(times)]


def locked_message(username: str) -> str:
    latest = AccessAttempt.objects.filter(username=username).latest("attempt_time").attempt_time
    retry = timezone.localtime(latest + timedelta(minutes=15))
    return LOCKED.format(time=retry.strftime("%H:%M"), day=retry.strftime("%d/%m/%Y"))


def test_the_fifth_wrong_password_locks_and_says_until_when_in_vietnamese(
    client: Client, demo_users: dict[str, DemoUser]
) -> None:
    assert fail(client, 4) == [200, 200, 200, 200]
    assert "bị khóa" not in client.get(LOGIN).content.decode()

    response = log_in(client, "dangvien", "wrong-5")

    assert response.status_code == 429
    html = response.content.decode()
    assert f'<p class="errorlist locked" role="alert">{locked_message("dangvien")}</p>' in html
    assert 'name="username" value="dangvien"' in html  # the login form is still there, filled in


def test_while_locked_the_right_password_is_refused_and_nothing_changes(
    client: Client, demo_users: dict[str, DemoUser]
) -> None:
    fail(client, 5)
    user = User.objects.get(username="dangvien")
    before = (user.password, user.last_login, AccessLog.objects.count(), AuditEntry.objects.count())

    response = log_in(client, "dangvien", demo_users["dangvien"].password)

    assert response.status_code == 429
    assert locked_message("dangvien") in response.content.decode()
    assert "_auth_user_id" not in client.session
    user.refresh_from_db()
    assert (user.password, user.last_login, AccessLog.objects.count(), AuditEntry.objects.count()) == before
    assert client.get("/reports/").status_code == 302  # still anonymous


def test_every_failure_is_recorded_those_while_locked_too(client: Client, demo_users: dict[str, DemoUser]) -> None:
    fail(client, 5)
    log_in(client, "dangvien", demo_users["dangvien"].password)

    attempt = AccessAttempt.objects.get()
    assert (attempt.username, attempt.ip_address, attempt.failures_since_start) == ("dangvien", "127.0.0.1", 6)
    assert "wrong-" not in attempt.post_data and demo_users["dangvien"].password not in attempt.post_data
    failures = AccessFailureLog.objects.order_by("pk")
    assert [(f.username, f.ip_address, f.locked_out) for f in failures] == [
        ("dangvien", "127.0.0.1", False),
        ("dangvien", "127.0.0.1", False),
        ("dangvien", "127.0.0.1", False),
        ("dangvien", "127.0.0.1", False),
        ("dangvien", "127.0.0.1", True),
        ("dangvien", "127.0.0.1", True),
    ]


def test_the_lock_holds_one_username_from_one_address(client: Client, demo_users: dict[str, DemoUser]) -> None:
    fail(client, 5)

    other_user = log_in(Client(), "bithu", demo_users["bithu"].password)
    other_address = log_in(Client(), "dangvien", demo_users["dangvien"].password, address="10.0.0.2")

    assert (other_user.status_code, other_address.status_code) == (302, 302)


def test_the_lock_ends_after_the_cool_off(client: Client, demo_users: dict[str, DemoUser]) -> None:
    fail(client, 5)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=15, seconds=1))

    response = log_in(client, "dangvien", demo_users["dangvien"].password)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(User.objects.get(username="dangvien").pk)
    assert AccessAttempt.objects.count() == 0  # a success clears the failures
    assert list(AccessLog.objects.values_list("username", "ip_address")) == [("dangvien", "127.0.0.1")]


def test_a_success_before_the_limit_starts_the_count_again(client: Client, demo_users: dict[str, DemoUser]) -> None:
    fail(client, 4)
    assert log_in(client, "dangvien", demo_users["dangvien"].password).status_code == 302
    client.post("/accounts/logout/")

    assert fail(client, 4) == [200, 200, 200, 200]
    assert AccessAttempt.objects.get().failures_since_start == 4


def test_an_administrator_unlocks_in_the_admin_on_the_access_chain(
    client: Client, administrator: Client, demo_users: dict[str, DemoUser]
) -> None:
    fail(client, 5)
    attempt = AccessAttempt.objects.get()

    response = administrator.post(reverse("admin:axes_accessattempt_delete", args=[attempt.pk]), {"post": "yes"})

    assert response.status_code == 302
    assert AccessAttempt.objects.count() == 0
    entry = AuditEntry.objects.get(chain__name=ACCESS_CHAIN)
    assert (entry.action, entry.object_type, entry.object_id) == ("admin.delete", "axes.accessattempt", str(attempt.pk))
    assert entry.before is not None
    assert [entry.before[field] for field in ("username", "ip_address", "failures_since_start")] == [
        "dangvien",
        "127.0.0.1",
        5,
    ]
    assert audit_verify() == []
    assert log_in(client, "dangvien", demo_users["dangvien"].password).status_code == 302


def test_the_records_of_logins_cannot_be_changed_or_deleted_in_the_admin(
    client: Client, administrator: Client, demo_users: dict[str, DemoUser]
) -> None:
    fail(client, 1)
    failure = AccessFailureLog.objects.get()

    delete = administrator.post(reverse("admin:axes_accessfailurelog_delete", args=[failure.pk]), {"post": "yes"})

    assert delete.status_code == 403
    assert AccessFailureLog.objects.count() == 1
    assert administrator.get(reverse("admin:axes_accessfailurelog_changelist")).status_code == 200


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "127.0.0.1"),  # no proxy trusted: the header is the client's own claim
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.7, 203.0.113.9", "203.0.113.9"),  # the left part was sent by the client
        (2, "198.51.100.7, 203.0.113.9, 10.0.0.5", "203.0.113.9"),
        (1, "", "127.0.0.1"),
        (2, "203.0.113.9", "127.0.0.1"),  # fewer addresses than proxies: the header is not ours
        (1, "not-an-address", "127.0.0.1"),
    ],
)
def test_the_client_address_is_read_behind_the_trusted_proxies_only(
    settings: Any, proxies: int, forwarded: str, expected: str
) -> None:
    settings.DANHGIA_PROXY_COUNT = proxies
    request = RequestFactory().post(LOGIN, HTTP_X_FORWARDED_FOR=forwarded, REMOTE_ADDR="127.0.0.1")

    assert client_ip(request) == expected


def test_behind_a_proxy_a_forged_forwarded_for_does_not_buy_more_tries(
    client: Client, settings: Any, demo_users: dict[str, DemoUser]
) -> None:
    settings.DANHGIA_PROXY_COUNT = 1
    for n in range(5):
        client.post(
            LOGIN, {"username": "dangvien", "password": "wrong"}, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.9"
        )

    response = client.post(
        LOGIN,
        {"username": "dangvien", "password": demo_users["dangvien"].password},
        HTTP_X_FORWARDED_FOR="10.9.9.99, 203.0.113.9",
    )

    assert response.status_code == 429
    assert list(AccessAttempt.objects.values_list("ip_address", "failures_since_start")) == [("203.0.113.9", 6)]
