"""The token permission matrix: every route × every operation a token may hold × the verbs. A token answers 200
only for the operation the route needs, 403 for any other, 405 for a verb the route does not have, 404 for
anything outside its subtree (the same body as a missing object); and a refused call changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from danhgia.apps.api.models import ApiCall
from danhgia.apps.api.tests.world import ALL, ApiWorld, state, task
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.cycles.services import cycle_create
from danhgia.apps.reports.services import summaries_refresh
from danhgia.apps.reports.tests.helpers import NOW, open_cycle, the_2025_results
from danhgia.apps.reviews.services.opening import cycle_open
from danhgia.apps.reviews.tests.world import replay_grounds

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Route:
    method: str
    path: Callable[[ApiWorld, ReviewCycle], str]
    operation: str
    query: Callable[[ApiWorld], dict[str, Any]] = lambda api: {}
    body: Callable[[ApiWorld], Any] = lambda api: None

    def call(self, api: ApiWorld, cycle: ReviewCycle, token: str | None, method: str | None = None) -> Any:
        return api.call(method or self.method, self.path(api, cycle), token, self.body(api), **self.query(api))


ROUTES = {
    "list units": Route("GET", lambda api, c: "/units", "read:tree"),
    "get unit": Route("GET", lambda api, c: "/units/SNV", "read:tree"),
    "list people": Route("GET", lambda api, c: "/people", "read:people"),
    "get person": Route("GET", lambda api, c: f"/people/{api.person('P0').pk}", "read:people"),
    "list cycles": Route("GET", lambda api, c: "/cycles", "read:cycles"),
    "get cycle": Route("GET", lambda api, c: f"/cycles/{c.pk}", "read:cycles"),
    "list results": Route("GET", lambda api, c: f"/cycles/{c.pk}/results", "read:results"),
    "get statistics": Route("GET", lambda api, c: f"/cycles/{c.pk}/statistics", "read:statistics"),
    "export": Route("GET", lambda api, c: f"/cycles/{c.pk}/export", "read:export"),
    "list tasks": Route(
        "GET",
        lambda api, c: "/tasks",
        "read:tasks",
        query=lambda api: {"person": api.person("P2").pk, "period": "2026-03"},
    ),
    "feed tasks": Route("POST", lambda api, c: "/tasks", "write:tasks", body=lambda api: {"tasks": [task("T-9")]}),
}
VERBS = {"GET", "POST", "PUT", "PATCH", "DELETE"}
NOT_FOUND = '{"code":"not_found","message":"Không tìm thấy."}'.encode()


@pytest.fixture
def cycle(api: ApiWorld) -> ReviewCycle:
    cycle = open_cycle(api.world)
    the_2025_results(api.world, cycle)
    summaries_refresh(cycle=cycle, actor=api.world.users["thamdinh"], now=NOW)
    api.call("POST", "/tasks", api.token(["write:tasks"]), {"tasks": [task("T-1")]})
    return cycle


@pytest.mark.parametrize("name", ROUTES)
@pytest.mark.parametrize("operation", ALL)
def test_a_token_may_call_a_route_only_with_the_operation_it_needs(
    api: ApiWorld, cycle: ReviewCycle, name: str, operation: str
) -> None:
    route = ROUTES[name]
    token = api.token([operation])
    before = state()

    response = route.call(api, cycle, token)

    if operation == route.operation:
        assert response.status_code == 200, response.content
    else:
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
        assert state() == before


@pytest.mark.parametrize("name", ROUTES)
def test_without_a_token_every_route_is_401_and_changes_nothing(api: ApiWorld, cycle: ReviewCycle, name: str) -> None:
    before = state()

    response = ROUTES[name].call(api, cycle, None)

    assert response.status_code == 401
    assert state() == before


@pytest.mark.parametrize("name", ROUTES)
def test_a_verb_a_route_does_not_have_is_405_and_changes_nothing(api: ApiWorld, cycle: ReviewCycle, name: str) -> None:
    route = ROUTES[name]
    path = route.path(api, cycle)
    routed = {r.method for r in ROUTES.values() if r.path(api, cycle) == path}
    token = api.token(ALL)
    before = state()

    codes = {verb: route.call(api, cycle, token, method=verb).status_code for verb in VERBS - routed}

    assert codes == dict.fromkeys(VERBS - routed, 405)
    assert state() == before


def test_reading_tasks_with_the_write_operation_only_is_forbidden(api: ApiWorld, cycle: ReviewCycle) -> None:
    token = api.token(["write:tasks"])

    response = api.call("GET", "/tasks", token, person=api.person("P2").pk, period="2026-03")

    assert response.status_code == 403


def test_every_call_is_logged_refused_ones_included(api: ApiWorld, cycle: ReviewCycle) -> None:
    token = api.token(["read:tree"])
    prefix = token.split("_")[1]
    ApiCall.objects.all().delete()

    api.call("GET", "/units", token)
    api.call("GET", "/people", token)
    api.call("GET", "/units", None)

    rows = list(ApiCall.objects.order_by("pk").values_list("system__code", "token_prefix", "method", "path", "status"))
    assert rows == [
        ("eoffice", prefix, "GET", "/api/v1/units", 200),
        ("eoffice", prefix, "GET", "/api/v1/people", 403),
        (None, "", "GET", "/api/v1/units", 401),
    ]


# --- outside the subtree: 404, and the same body as a missing object --------------------------------------


@pytest.fixture
def health_token(api: ApiWorld) -> str:
    return api.token(ALL, root=api.health)


def not_found_body(api: ApiWorld, token: str) -> bytes:
    body: bytes = api.call("GET", "/cycles/999999", token).content
    return body


@pytest.mark.parametrize(
    ("path", "query"),
    [
        ("/units/SNV", {}),
        ("/units/NO-SUCH-UNIT", {}),
        ("/units", {"within": "SNV"}),
        ("/units", {"parent": "TU"}),
        ("/people", {"unit": "SNV"}),
        ("/people/{P0}", {}),
        ("/people/999999", {}),
        ("/tasks", {"person": "{P2}", "period": "2026-03"}),
        ("/cycles/{cycle}/results", {"unit": "SNV"}),
        ("/cycles/{cycle}/statistics", {"unit": "SNV"}),
        ("/cycles/{cycle}/statistics", {"unit": "TU"}),
        ("/cycles/{snv_cycle}", {}),
        ("/cycles/{snv_cycle}/results", {}),
        ("/no/such/route", {}),
    ],
)
def test_anything_outside_the_subtree_is_404_with_the_body_of_a_missing_object(
    api: ApiWorld, cycle: ReviewCycle, health_token: str, path: str, query: dict[str, str]
) -> None:
    snv_cycle = cycle_create(
        actor=api.world.users["admin"],
        name="Kiểm điểm năm 2025 — Đảng bộ Sở Nội vụ",
        kind="year",
        year=2025,
        root=api.world.committee,
        ruleset="qd366-2025",
        replay_grounds=replay_grounds("qd366-2025", 2025),
        now=NOW,
    )
    cycle_open(cycle=snv_cycle, actor=api.world.users["admin"], now=NOW)
    names = {"P0": api.person("P0").pk, "P2": api.person("P2").pk, "cycle": cycle.pk, "snv_cycle": snv_cycle.pk}
    before = state()

    response = api.call(
        "GET", path.format(**names), health_token, params={k: v.format(**names) for k, v in query.items()}
    )

    assert response.status_code == 404
    assert response.content == not_found_body(api, health_token) == NOT_FOUND
    assert state() == before


def test_feeding_a_person_outside_the_subtree_is_refused_like_an_unknown_person(
    api: ApiWorld, cycle: ReviewCycle, health_token: str
) -> None:
    before = state()

    outside = api.call("POST", "/tasks", health_token, {"tasks": [task("T-2", person={"personnel_code": "CB002"})]})
    unknown = api.call("POST", "/tasks", health_token, {"tasks": [task("T-2", person={"personnel_code": "KHONG"})]})

    assert outside.status_code == unknown.status_code == 422
    assert outside.content == unknown.content
    assert [e["path"] for e in outside.json()["errors"]] == ["body.tasks[0].person"]
    assert state() == before


def test_a_subtree_token_sees_only_its_units_and_people(api: ApiWorld, cycle: ReviewCycle, health_token: str) -> None:
    units = api.call("GET", "/units", health_token).json()["items"]
    people = api.call("GET", "/people", health_token).json()["items"]

    assert [(u["code"], u["parent"], u["depth"]) for u in units] == [("SYT", None, 0)]
    assert [p["personnel_code"] for p in people] == ["YT000", "YT001"]
