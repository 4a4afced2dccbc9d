"""A signed-in session ends after 30 minutes without a request, and 12 hours after the login whatever happens;
the person lands on the login page with a notice and comes back to where they were."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from danhgia.apps.access.middleware import ABSOLUTE, IDLE, SEEN, STARTED, session_expiry
from danhgia.apps.demo.services import DemoUser

pytestmark = pytest.mark.django_db
IDLE_NOTICE = "Phiên làm việc đã kết thúc sau 30 phút không hoạt động. Vui lòng đăng nhập lại."
ABSOLUTE_NOTICE = "Phiên làm việc đã kết thúc sau 12 giờ kể từ khi đăng nhập. Vui lòng đăng nhập lại."
MINUTE, HOUR = 60, 3600


@pytest.fixture
def member(client: Client, demo_users: dict[str, DemoUser]) -> Client:
    client.force_login(User.objects.get(username="dangvien"))
    return client


def stamp(client: Client, *, started_ago: int, seen_ago: int) -> int:
    now = int(timezone.now().timestamp())
    session = client.session
    session[STARTED], session[SEEN] = now - started_ago, now - seen_ago
    session.save()
    return now


def test_the_login_stamps_the_session(client: Client, demo_users: dict[str, DemoUser]) -> None:
    before = int(timezone.now().timestamp())

    client.post("/accounts/login/", {"username": "dangvien", "password": demo_users["dangvien"].password})

    assert before <= client.session[STARTED] == client.session[SEEN] <= before + 5


def test_a_session_from_before_the_timeouts_is_stamped_at_its_next_request(member: Client) -> None:
    session = member.session
    del session[STARTED], session[SEEN]
    session.save()
    before = int(timezone.now().timestamp())

    assert member.get("/").status_code == 200

    assert before <= member.session[STARTED] == member.session[SEEN] <= before + 5


def test_thirty_idle_minutes_log_out_and_the_login_page_says_why(member: Client) -> None:
    stamp(member, started_ago=HOUR, seen_ago=30 * MINUTE)

    response = member.get("/decision/")

    assert response.headers["Location"] == "/accounts/login/?next=%2Fdecision%2F"
    assert "_auth_user_id" not in member.session
    page = member.get(response.headers["Location"]).content.decode()
    assert f'<li class="notice">{IDLE_NOTICE}</li>' in page


def test_a_request_within_the_idle_period_keeps_the_session_and_moves_its_last_seen_time(member: Client) -> None:
    now = stamp(member, started_ago=HOUR, seen_ago=29 * MINUTE)

    assert member.get("/").status_code == 200

    assert member.session["_auth_user_id"] == str(User.objects.get(username="dangvien").pk)
    assert now <= member.session[SEEN] <= now + 5
    assert member.session[STARTED] == now - HOUR


def test_requests_less_than_a_minute_apart_do_not_rewrite_the_session(member: Client) -> None:
    now = stamp(member, started_ago=HOUR, seen_ago=30)

    member.get("/")

    assert member.session[SEEN] == now - 30


def test_twelve_hours_after_the_login_the_session_ends_even_while_in_use(member: Client) -> None:
    stamp(member, started_ago=12 * HOUR, seen_ago=0)

    response = member.get("/")

    assert response.headers["Location"] == "/accounts/login/?next=%2F"
    assert "_auth_user_id" not in member.session
    assert ABSOLUTE_NOTICE in member.get("/accounts/login/").content.decode()


def test_an_expired_htmx_request_loads_the_login_page_and_returns_to_the_page_it_came_from(member: Client) -> None:
    stamp(member, started_ago=HOUR, seen_ago=31 * MINUTE)

    response = member.post(
        "/self-review/1/autosave/", HTTP_HX_REQUEST="true", HTTP_HX_CURRENT_URL="http://testserver/self-review/1/"
    )

    assert response.status_code == 200
    assert response.headers["HX-Redirect"] == "/accounts/login/?next=%2Fself-review%2F1%2F"
    assert "_auth_user_id" not in member.session


def test_an_expired_form_post_goes_to_the_login_page_without_a_way_back(member: Client) -> None:
    stamp(member, started_ago=HOUR, seen_ago=31 * MINUTE)

    response = member.post("/decision/1/2/decide/")

    assert response.headers["Location"] == "/accounts/login/"


def test_the_timeouts_are_settings(member: Client, settings: object) -> None:
    settings.DANHGIA_SESSION_IDLE_TIMEOUT = timedelta(minutes=5)  # type: ignore[attr-defined]
    stamp(member, started_ago=HOUR, seen_ago=5 * MINUTE)

    member.get("/")

    assert "_auth_user_id" not in member.session
    assert "sau 5 phút không hoạt động" in member.get("/accounts/login/").content.decode()


@pytest.mark.parametrize(
    ("started_ago", "seen_ago", "expected"),
    [
        (0, 0, None),
        (HOUR, 30 * MINUTE - 1, None),
        (HOUR, 30 * MINUTE, IDLE),
        (12 * HOUR - 1, 0, None),
        (12 * HOUR, 0, ABSOLUTE),
        (12 * HOUR, 31 * MINUTE, ABSOLUTE),  # the absolute limit is reported first
    ],
)
def test_session_expiry(started_ago: int, seen_ago: int, expected: str | None) -> None:
    now = 1_700_000_000
    found = session_expiry(
        started=now - started_ago,
        seen=now - seen_ago,
        now=now,
        idle=timedelta(minutes=30),
        absolute=timedelta(hours=12),
    )

    assert found == expected
