"""The number of queries of each board page does not grow with the data: a second cycle over a tree grown by
three cells of 25 members (more units, more subjects than a page) costs the same queries as the first."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from danhgia.apps.boards.tests.world import NOW, bring, client_for, file_complaint, grow, make_world, queries
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.orgs.models import UnitKind
from danhgia.apps.orgs.services import unit_create
from danhgia.apps.reviews.models import Complaint, Review
from danhgia.apps.reviews.services import complaint_file
from danhgia.apps.reviews.tests.world import START, World

pytestmark = pytest.mark.django_db
Url = Callable[[World, ReviewCycle], str]


def small_then_big(stage: str, login: str, url: Url) -> tuple[int, int, int]:
    """Queries of `url` for a cycle over the small world, then for one over the grown world; and the subjects."""
    world = make_world()
    small = bring(world, stage, "Năm 2025 — nhỏ")
    client = client_for(world, login)
    first = queries(client, url(world, small))
    # the new cells belong to another grassroots committee: they share no group of similar roles with the page's
    other = unit_create(
        code="DB-KHAC",
        name="Đảng bộ xã Tân Lập",
        kind=UnitKind.GRASSROOTS_COMMITTEE,
        parent=world.province,
        valid_from=START,
    )
    grow(world, cells=3, members=25, parent=other)
    big = bring(world, stage, "Năm 2025 — lớn")
    return first, queries(client, url(world, big)), Review.objects.filter(cycle=big).count()


def test_the_verification_board_costs_the_same_queries_with_six_times_the_subjects() -> None:
    small, big, subjects = small_then_big(
        "verified", "thamdinh", lambda w, c: f"/verification/{c.pk}/{w.province.pk}/?sort=name"
    )

    assert subjects == 12 + 1 + 3 * 26
    assert small == big


def test_a_filtered_verification_board_too() -> None:
    small, big, _ = small_then_big(
        "computed", "thamdinh", lambda w, c: f"/verification/{c.pk}/{w.province.pk}/?conflict=any&flag=&state=submitted"
    )

    assert small == big


@pytest.mark.parametrize("page", ["node", "people"])
def test_the_organisation_view_costs_the_same_queries_with_more_units_and_subjects(page: str) -> None:
    urls: dict[str, Url] = {
        "node": lambda w, c: f"/organisation/{c.pk}/{w.committee.pk}/",
        "people": lambda w, c: f"/organisation/{c.pk}/{w.cell.pk}/people/",
    }

    small, big, _ = small_then_big("decided", "bantochuc", urls[page])

    assert small == big


@pytest.mark.parametrize("login, unit", [("quyetdinh", "cell"), ("tinhuy", "committee"), ("tinhuy", "agency")])
def test_the_decision_page_costs_the_same_queries_when_other_units_grow(login: str, unit: str) -> None:
    small, big, _ = small_then_big("decision", login, lambda w, c: f"/decision/{c.pk}/{getattr(w, unit).pk}/")

    assert small == big


def test_the_complaints_queue_and_the_cycles_pages_cost_the_same_queries() -> None:
    world = make_world()
    small = bring(world, "published", "Năm 2025 — nhỏ")
    file_complaint(world, "P3")
    client, admin = client_for(world, "tinhuy"), client_for(world, "admin")
    first = (
        queries(client, f"/complaints/{small.pk}/"),
        queries(admin, "/cycles/"),
        queries(admin, f"/cycles/{small.pk}/"),
    )
    grow(world, cells=3, members=25)
    big = bring(world, "published", "Năm 2025 — lớn")
    for key in ("P4", "P5"):
        review = Review.objects.get(cycle=big, person=world.people[key])
        complaint_file(review=review, actor=world.users[key.lower()], text="Đề nghị xem xét lại.", now=NOW)
    second = (
        queries(client, f"/complaints/{big.pk}/"),
        queries(admin, "/cycles/"),
        queries(admin, f"/cycles/{big.pk}/"),
    )

    assert Complaint.objects.filter(review__cycle=big).count() == 2
    assert first == second
