"""Every page and every POST of the self-service app, for every persona outside its scope: 403 (or 404 for
what does not exist, a login page for anonymous visitors) and not a row changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from danhgia.apps.access.models import Role
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.cycles.services import cycle_create
from danhgia.apps.reviews.models import Evidence, Review
from danhgia.apps.reviews.services.opening import cycle_open
from danhgia.apps.reviews.tests.world import World, login
from danhgia.apps.selfservice.services import evidence_add
from danhgia.apps.selfservice.tests.factories import NOW, client_of, everything, review_of

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%%EOF\n"


@dataclass(frozen=True)
class Target:
    review: Review  # P2's own review
    collective: Review  # the cell's party organisation
    evidence: Evidence  # on P2's review


@pytest.fixture
def target(world: World, cycle: ReviewCycle) -> Target:
    login(world, "bithu2", Role.SECRETARY, world.other_cell)
    review = review_of(world, "P2")
    evidence = evidence_add(
        review=review,
        actor=world.users["p2"],
        file=SimpleUploadedFile("bao-cao.pdf", PDF),
        description="Báo cáo",
        now=NOW,
    )
    collective = Review.objects.get(unit=world.cell, category="party_organisation")
    return Target(review, collective, evidence)


def draft(**extra: str) -> dict[str, Any]:
    return {"tasks_assigned": "5", "proposed_level": "L1"} | extra


# (name, method, path, data); {r} is P2's review, {c} the cell's collective review, {e} the evidence on P2's.
Endpoint = tuple[str, str, str, Any]
SUBJECT_ENDPOINTS: list[Endpoint] = [
    ("review page", "get", "/self-review/{r}/", None),
    ("autosave", "post", "/self-review/{r}/autosave/", draft()),
    ("live total", "post", "/self-review/{r}/total/", draft()),
    ("submit", "post", "/self-review/{r}/submit/", draft()),
    ("evidence upload", "post", "/self-review/{r}/evidence/", "file"),
    ("evidence removal", "post", "/self-review/{r}/evidence/{e}/remove/", {}),
    ("complaint page", "get", "/self-review/{r}/complaint/", None),
    ("complaint", "post", "/self-review/{r}/complaint/", {"text": "Khiếu nại."}),
    ("collective page", "get", "/self-review/{c}/", None),
    ("collective autosave", "post", "/self-review/{c}/autosave/", draft()),
    ("collective submit", "post", "/self-review/{c}/submit/", draft()),
]
SECRETARY_ENDPOINTS: list[Endpoint] = [
    ("meeting page", "get", "/unit-board/meeting/{r}/", None),
    ("meeting record", "post", "/unit-board/meeting/{r}/", {"text": "Góp ý.", "votes_L1": "9"}),
    ("evidence download", "get", "/self-review/{r}/evidence/{e}/", None),
]


def request(client: Client, method: str, path: str, data: Any, target: Target) -> Any:
    url = path.format(r=target.review.pk, c=target.collective.pk, e=target.evidence.pk)
    if data == "file":
        data = {"file": SimpleUploadedFile("them.pdf", PDF), "description": "Thêm"}
    return client.get(url) if method == "get" else client.post(url, data or {})


def refused(world: World, target: Target, who: str | None, method: str, path: str, data: Any, status: int) -> None:
    client = client_of(world, who) if who else Client()
    before = everything()

    response = request(client, method, path, data, target)

    assert response.status_code == status, (who, method, path)
    if status == 302:
        assert response.headers["Location"].startswith("/accounts/login/?next=")
    assert everything() == before
    assert target.evidence.file.storage.exists(target.evidence.file.name)


@pytest.mark.parametrize(("name", "method", "path", "data"), SUBJECT_ENDPOINTS)
@pytest.mark.parametrize("who", ["p3", "bithu2", "thamdinh"])
def test_someone_elses_self_review_is_refused(
    world: World, target: Target, who: str, name: str, method: str, path: str, data: Any
) -> None:
    refused(world, target, who, method, path, data, 403)


@pytest.mark.parametrize(("name", "method", "path", "data"), [e for e in SUBJECT_ENDPOINTS if "{c}" not in e[2]])
def test_the_secretary_cannot_fill_in_a_members_self_review(
    world: World, target: Target, name: str, method: str, path: str, data: Any
) -> None:
    refused(world, target, "bithu", method, path, data, 403)


@pytest.mark.parametrize(("name", "method", "path", "data"), [e for e in SUBJECT_ENDPOINTS if "{c}" in e[2]])
def test_a_member_cannot_fill_in_the_collectives_self_review(
    world: World, target: Target, name: str, method: str, path: str, data: Any
) -> None:
    refused(world, target, "p2", method, path, data, 403)


@pytest.mark.parametrize(("name", "method", "path", "data"), SECRETARY_ENDPOINTS)
@pytest.mark.parametrize("who", ["p3", "bithu2", "thamdinh"])
def test_the_meeting_and_the_evidence_are_the_cells_secretarys_only(
    world: World, target: Target, who: str, name: str, method: str, path: str, data: Any
) -> None:
    refused(world, target, who, method, path, data, 403)


def test_a_member_cannot_record_their_own_meeting(world: World, target: Target) -> None:
    refused(world, target, "p2", "post", "/unit-board/meeting/{r}/", {"text": "Tự khen.", "votes_L1": "9"}, 403)


@pytest.mark.parametrize(("name", "method", "path", "data"), SUBJECT_ENDPOINTS + SECRETARY_ENDPOINTS)
def test_anonymous_visitors_are_sent_to_log_in(
    world: World, target: Target, name: str, method: str, path: str, data: Any
) -> None:
    refused(world, target, None, method, path, data, 302)


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("get", "/self-review/999999/", None),
        ("post", "/self-review/999999/autosave/", draft()),
        ("post", "/self-review/999999/submit/", draft()),
        ("get", "/self-review/{r}/evidence/999999/", None),
        ("post", "/self-review/{r}/evidence/999999/remove/", {}),
        ("get", "/unit-board/meeting/999999/", None),
        ("post", "/unit-board/meeting/999999/", {"text": "Góp ý."}),
        ("get", "/unit-board/?cycle=999999", None),
    ],
)
def test_what_does_not_exist_is_not_found(world: World, target: Target, method: str, path: str, data: Any) -> None:
    who = "bithu" if "unit-board" in path else "p2"
    refused(world, target, who, method, path, data, 404)


@pytest.mark.parametrize("who", ["p2", "thamdinh"])
def test_the_unit_board_needs_the_secretary_role(world: World, target: Target, who: str) -> None:
    refused(world, target, who, "get", "/unit-board/", None, 403)


def test_a_secretary_sees_only_their_own_cell(world: World, target: Target) -> None:
    response = client_of(world, "bithu2").get("/unit-board/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Chi bộ Kế hoạch" in html
    assert [name for name in ("Lê Văn Cường", "Chi bộ Văn phòng") if name in html] == []


def test_a_cycle_outside_the_secretarys_units_is_not_found(world: World, target: Target) -> None:
    other = cycle_create(
        actor=world.users["admin"],
        name="Kiểm điểm Chi bộ Kế hoạch",
        kind="year",
        year=2025,
        root=world.other_cell,
        ruleset="qd366-2025",
        now=NOW,
    )
    cycle_open(cycle=other, actor=world.users["admin"], now=NOW)

    refused(world, target, "bithu", "get", f"/unit-board/?cycle={other.pk}", None, 404)
