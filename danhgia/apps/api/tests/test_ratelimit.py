"""The rate limit: a fixed window per token; past the system's calls per minute, 429 with Retry-After."""

from __future__ import annotations

import pytest

from danhgia.apps.api import ratelimit
from danhgia.apps.api.models import ConnectedSystem
from danhgia.apps.api.tests.world import ApiWorld, state, task

pytestmark = pytest.mark.django_db
WINDOW_START = 1_800_000_000.0  # a multiple of 60: the start of a window


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    now = [WINDOW_START + 15.2]
    monkeypatch.setattr(ratelimit, "clock", lambda: now[0])
    return now


def test_the_call_past_the_limit_is_429_with_the_seconds_to_the_next_window(api: ApiWorld, clock: list[float]) -> None:
    ConnectedSystem.objects.filter(pk=api.system.pk).update(requests_per_minute=3)
    token = api.token(["read:tree"])

    codes = [api.call("GET", "/units", token).status_code for _ in range(3)]
    refused = api.call("GET", "/units", token, language="en")

    assert codes == [200, 200, 200]
    assert refused.status_code == 429
    assert refused["Retry-After"] == "45"  # 15.2 s into the window: 44.8 s left, rounded up
    assert refused.json() == {
        "code": "rate_limited",
        "message": "Too many requests for this token: retry in 45 seconds.",
    }
    assert (refused["X-RateLimit-Limit"], refused["X-RateLimit-Remaining"]) == ("3", "0")


def test_the_next_window_starts_afresh(api: ApiWorld, clock: list[float]) -> None:
    ConnectedSystem.objects.filter(pk=api.system.pk).update(requests_per_minute=1)
    token = api.token(["read:tree"])
    assert [api.call("GET", "/units", token).status_code for _ in range(2)] == [200, 429]

    clock[0] = WINDOW_START + 60

    assert api.call("GET", "/units", token).status_code == 200


def test_each_token_has_its_own_counter(api: ApiWorld, clock: list[float]) -> None:
    ConnectedSystem.objects.filter(pk=api.system.pk).update(requests_per_minute=1)
    first, second = api.token(["read:tree"]), api.token(["read:tree"])

    assert [api.call("GET", "/units", t).status_code for t in (first, second, first)] == [200, 200, 429]


def test_a_refused_write_changes_nothing(api: ApiWorld, clock: list[float]) -> None:
    ConnectedSystem.objects.filter(pk=api.system.pk).update(requests_per_minute=1)
    token = api.token(["write:tasks", "read:tree"])
    api.call("GET", "/units", token)
    before = state()

    response = api.call("POST", "/tasks", token, {"tasks": [task()]})

    assert response.status_code == 429
    assert state() == before


def test_the_limit_is_checked_before_the_operation(api: ApiWorld, clock: list[float]) -> None:
    ConnectedSystem.objects.filter(pk=api.system.pk).update(requests_per_minute=1)
    token = api.token(["read:tree"])

    assert [api.call("GET", "/people", token).status_code for _ in range(2)] == [403, 429]
