"""Every page and every POST of the boards × who asks: anonymous visitors go to the login page, a user without
the page's role or outside its scope gets 403, a cycle or object they cannot reach 404 — and nothing changes."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest

from danhgia.apps.access.models import Role
from danhgia.apps.boards.tests.world import (
    PASSWORD,
    bring,
    collective,
    everything,
    file_complaint,
    make_world,
    review_of,
)
from danhgia.apps.cycles.models import QuotaGroup, ReviewCycle
from danhgia.apps.cycles.services import cycle_create
from danhgia.apps.orgs.models import UnitKind
from danhgia.apps.orgs.services import unit_create
from danhgia.apps.reviews.tests.world import START, World, login

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Call:
    method: str
    url: str
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Setting:
    world: World
    cycle: ReviewCycle
    other: ReviewCycle  # a cycle of another province
    calls: dict[str, Call]


@pytest.fixture
def setting() -> Setting:
    world = make_world()
    cycle = bring(world, "published")
    complaint = file_complaint(world, "P3")
    login(world, "ngoai_qd", Role.DECIDER, world.other_cell)
    login(world, "xem_ngoai", Role.VIEWER, world.other_cell)
    province = unit_create(
        code="TU2", name="Tỉnh ủy Nghệ An", kind=UnitKind.PARTY_COMMITTEE, parent=None, valid_from=START
    )
    login(world, "quantri2", Role.ADMINISTRATOR, province)
    other = cycle_create(
        actor=world.users["quantri2"],
        name="Năm 2025 (Nghệ An)",
        kind="year",
        year=2025,
        root=province,
        ruleset="qd366-2025",
    )
    c, tu, cell = cycle.pk, world.province.pk, world.cell.pk
    p2 = review_of(world, "P2").pk
    group = QuotaGroup.objects.get(cycle=cycle, code="DB-SNV/individual/staff").pk
    calls = {
        "verification": Call("get", "/verification/"),
        "verification board": Call("get", f"/verification/{c}/{tu}/"),
        "verification cell": Call("get", f"/verification/{c}/{cell}/"),
        "compute": Call("post", f"/verification/{c}/{tu}/compute/"),
        "accept": Call("post", f"/verification/{c}/{tu}/accept/"),
        "propose": Call(
            "post", f"/verification/review/{p2}/propose/", {f"r{p2}-status": "classified", f"r{p2}-level": "L2"}
        ),
        "return": Call("post", f"/verification/review/{p2}/return/", {f"x{p2}-reason": "Sửa lại."}),
        "decision": Call("get", "/decision/"),
        "decision board": Call("get", f"/decision/{c}/{cell}/"),
        "decide": Call("post", f"/decision/{c}/{cell}/decide/"),
        "publish": Call("post", f"/decision/{c}/{cell}/publish/"),
        "quota group": Call("post", f"/quota-groups/{group}/", {f"g{group}-name": "Đổi tên", "rename": "1"}),
        "advance": Call("post", f"/cycles/{c}/advance/", {"to": "closed"}),
        "complaints": Call("get", "/complaints/"),
        "complaints queue": Call("get", f"/complaints/{c}/"),
        "complaint": Call("get", f"/complaints/item/{complaint.pk}/"),
        "resolve": Call(
            "post", f"/complaints/item/{complaint.pk}/", {"outcome": "reject", "resolution": "Không có căn cứ."}
        ),
        "organisation": Call("get", "/organisation/"),
        "organisation node": Call("get", f"/organisation/{c}/{tu}/"),
        "people": Call("get", f"/organisation/{c}/{cell}/people/"),
        "cycles": Call("get", "/cycles/"),
        "cycle": Call("get", f"/cycles/{c}/"),
        "cycle new": Call(
            "post", "/cycles/new/", {"name": "X", "kind": "year", "year": "2026", "root": "TU", "ruleset": "qd366-2025"}
        ),
        "cycle open": Call("post", f"/cycles/{other.pk}/open/"),
    }
    return Setting(world, cycle, other, calls)


def answers(setting: Setting, username: str | None, names: list[str]) -> dict[str, int]:
    """The status of each call for this user (None: anonymous); every call must leave the data unchanged."""
    from django.test import Client

    client = Client()
    if username is not None:
        assert client.login(username=username, password=PASSWORD)
    found = {}
    for name in names:
        call = setting.calls[name]
        before = everything()
        response = getattr(client, call.method)(call.url, call.data)
        if response.status_code in (302, 403, 404):
            assert everything() == before, (username, name)
        if response.status_code == 302 and username is None:
            assert response["Location"].startswith("/accounts/login/?next="), name
        found[name] = response.status_code
    return found


def test_anonymous_visitors_are_sent_to_the_login_page(setting: Setting) -> None:
    names = list(setting.calls)

    assert answers(setting, None, names) == dict.fromkeys(names, 302)


@pytest.mark.parametrize("username", ["khongvaitro", "p3", "bithu"])
def test_users_without_a_board_role_get_403_everywhere(setting: Setting, username: str) -> None:
    names = list(setting.calls)

    assert answers(setting, username, names) == dict.fromkeys(names, 403)


def test_the_organising_committee_only_reads_the_organisation_view(setting: Setting) -> None:
    names = list(setting.calls)
    found = answers(setting, "bantochuc", names)

    allowed = {"organisation": 302, "organisation node": 200, "people": 200}
    assert found == {name: allowed.get(name, 403) for name in names}


def test_a_verifier_outside_the_unit_is_refused_its_pages_and_posts(setting: Setting) -> None:
    names = [
        "verification",
        "verification board",
        "verification cell",
        "compute",
        "accept",
        "propose",
        "return",
        "organisation node",
        "people",
        "advance",
        "decision",
        "decide",
        "quota group",
        "complaints",
        "cycles",
    ]

    found = answers(setting, "ngoai", names)

    assert found == {"verification": 302, "advance": 404} | {name: 403 for name in names[1:] if name != "advance"}


def test_a_decider_outside_the_unit_is_refused_its_pages_and_posts(setting: Setting) -> None:
    names = [
        "decision",
        "decision board",
        "decide",
        "publish",
        "quota group",
        "complaints queue",
        "complaint",
        "resolve",
    ]

    found = answers(setting, "ngoai_qd", names)

    assert found == {
        "decision": 302,
        "decision board": 403,
        "decide": 403,
        "publish": 403,
        "quota group": 403,
        "complaints queue": 200,  # its own queue, empty
        "complaint": 403,
        "resolve": 403,
    }


def test_each_role_is_refused_the_other_boards(setting: Setting) -> None:
    verifier = answers(setting, "thamdinh", ["decision", "decision board", "decide", "publish", "complaints", "cycles"])
    decider = answers(setting, "quyetdinh", ["verification", "verification board", "compute", "propose", "cycles"])

    assert set(verifier.values()) == {403}
    assert set(decider.values()) == {403}


def test_a_cycle_of_another_province_or_a_missing_object_is_404(setting: Setting) -> None:
    world, other = setting.world, setting.other
    setting.calls |= {
        "other board": Call("get", f"/verification/{other.pk}/{other.root_id}/"),
        "other organisation": Call("get", f"/organisation/{other.pk}/{other.root_id}/"),
        "other cycle": Call("get", f"/cycles/{other.pk}/"),
        "other advance": Call("post", f"/cycles/{other.pk}/advance/", {"to": "verification"}),
        "unit of another tree": Call("get", f"/verification/{setting.cycle.pk}/{other.root_id}/"),
        "no cycle": Call("get", f"/decision/999999/{world.province.pk}/"),
        "no review": Call("post", "/verification/review/999999/propose/"),
        "no complaint": Call("get", "/complaints/item/999999/"),
        "no group": Call("post", "/quota-groups/999999/"),
    }

    found = answers(setting, "admin", list(setting.calls)[-9:])

    assert found == {
        "other board": 404,
        "other organisation": 404,
        "other cycle": 404,
        "other advance": 404,
        "unit of another tree": 404,
        "no cycle": 404,
        "no review": 404,
        "no complaint": 404,
        "no group": 404,
    }


def test_the_administrator_of_the_province_reaches_every_page(setting: Setting) -> None:
    pages = [name for name, call in setting.calls.items() if call.method == "get"]

    found = answers(setting, "admin", pages)

    redirects = {"verification", "decision", "complaints", "organisation"}
    assert found == {name: 302 if name in redirects else 200 for name in pages}
    assert collective(setting.world.cell, "party_organisation").state == "published"
