"""The statistics page's unit picker: the search by a part of a name or code (diacritics optional), the tree of
the units a reader may open, and that neither offers a unit outside the reader's scope."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from danhgia.apps.access.models import Role, RoleAssignment
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.reports import picker
from danhgia.apps.reports.picker import PickerUnit, TreeNode, search_pattern, unit_children, unit_search, unit_tree
from danhgia.apps.reports.services import summaries_refresh
from danhgia.apps.reports.tests.helpers import NOW, open_cycle, reports_world, the_2025_results
from danhgia.apps.reviews.tests.world import World, login

pytestmark = pytest.mark.django_db
PAGE = reverse("reports:statistics")
FOUND = reverse("reports:units_found")
BELOW = reverse("reports:units_below")


@pytest.fixture
def world() -> World:
    return reports_world()


@pytest.fixture
def cycle(world: World) -> ReviewCycle:
    cycle = open_cycle(world)
    the_2025_results(world, cycle)
    summaries_refresh(cycle=cycle, now=NOW)
    return cycle


def client_for(world: World, name: str) -> Client:
    client = Client()
    client.force_login(world.users[name])
    return client


def codes(units: list[PickerUnit]) -> list[str]:
    return [u.code for u in units]


@pytest.mark.parametrize(
    ("term", "text", "matches"),
    [
        ("so noi vu", "Đảng bộ Sở Nội vụ", True),
        ("SO NOI VU", "Đảng bộ Sở Nội vụ", True),
        ("dang bo", "Đảng bộ Sở Nội vụ", True),
        ("sở nội", "Đảng bộ Sở Nội vụ", True),
        ("sớ nội", "Đảng bộ Sở Nội vụ", False),  # a diacritic typed must be there
        ("tram", "Chi bộ Trạm Y tế", True),
        ("trạm", "Chi bộ Tràm", False),
        ("db-snv", "DB-SNV", True),
        ("t27.x001", "T27.X001.C05", True),
        ("t27.x001", "T27X001", False),  # a dot is a dot, not any character
        ("văn  phòng ", "Chi bộ Văn phòng", True),  # spaces as typed collapse to one
    ],
)
def test_a_term_matches_names_with_or_without_its_diacritics(term: str, text: str, matches: bool) -> None:
    assert bool(re.search(search_pattern(term), text)) is matches


def test_a_term_of_fewer_than_two_letters_or_digits_searches_nothing() -> None:
    assert [search_pattern(t) for t in ("", " ", "a", "ă.", "--")] == ["", "", "", "", ""]
    assert search_pattern("a1") == "[aàáảãạăằắẳẵặâầấẩẫậAÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬ]1"


def test_the_search_finds_units_by_a_part_of_the_name_or_code_in_the_readers_scope(
    world: World, cycle: ReviewCycle
) -> None:
    found, more = unit_search(user=world.users["bantochuc"], cycle=cycle, term="noi vu")
    assert found == [
        PickerUnit(world.committee.pk, "DB-SNV", "Đảng bộ Sở Nội vụ", "Tỉnh ủy Hà Tĩnh", True),
        PickerUnit(world.agency.pk, "SNV", "Sở Nội vụ", "Tỉnh ủy Hà Tĩnh", False),
    ]
    assert more is False
    assert codes(unit_search(user=world.users["bantochuc"], cycle=cycle, term="cb-")[0]) == ["CB-KH", "CB-VP"]
    assert codes(unit_search(user=world.users["bantochuc_db"], cycle=cycle, term="noi vu")[0]) == ["DB-SNV"]
    assert codes(unit_search(user=world.users["xem_chibo"], cycle=cycle, term="chi bo")[0]) == ["CB-KH"]
    assert unit_search(user=world.users["khong_vai_tro"], cycle=cycle, term="chi bo") == ([], False)
    assert codes(unit_search(user=world.users["thamdinh"], cycle=cycle, term="tinh")[0]) == ["TU"]  # verifier
    assert unit_search(user=world.users["bantochuc"], cycle=cycle, term="x") == ([], False)


def test_a_search_lists_its_first_units_and_says_there_are_more(
    world: World, cycle: ReviewCycle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(picker, "FOUND_LISTED", 2)
    found, more = unit_search(user=world.users["bantochuc"], cycle=cycle, term="n")  # too short
    assert (found, more) == ([], False)
    found, more = unit_search(user=world.users["bantochuc"], cycle=cycle, term="bo")  # three "bộ"
    assert codes(found) == ["DB-SNV", "CB-KH"] and more is True  # the highest first, then by code


def test_the_tree_opens_from_the_readers_highest_unit_down_to_the_current_one(world: World, cycle: ReviewCycle) -> None:
    tree = unit_tree(user=world.users["bantochuc"], cycle=cycle, current_id=world.cell.pk)

    assert [n.unit.code for n in tree] == ["TU"]
    province = tree[0]
    assert (province.current, province.more) == (False, 0)
    assert province.children is not None
    assert [(n.unit.code, n.unit.has_children) for n in province.children] == [("DB-SNV", True), ("SNV", False)]
    committee, agency = province.children
    assert agency.children is None  # not opened
    assert committee.children is not None
    assert [(n.unit.code, n.current, n.children) for n in committee.children] == [
        ("CB-KH", False, None),
        ("CB-VP", True, []),  # the current unit, opened: nothing below it
    ]


def test_the_tree_of_a_reader_of_two_subtrees_starts_at_both(world: World, cycle: ReviewCycle) -> None:
    user = login(world, "hai_noi", Role.VIEWER, world.cell)
    RoleAssignment.objects.create(user=user, role=Role.DECIDER, unit=world.agency, valid_from=date(2020, 1, 1))

    tree = unit_tree(user=user, cycle=cycle, current_id=world.agency.pk)

    assert [(n.unit.code, n.unit.parent_name, n.current, n.children) for n in tree] == [
        ("CB-VP", "Đảng bộ Sở Nội vụ", False, None),
        ("SNV", "Tỉnh ủy Hà Tĩnh", True, []),
    ]
    below_province = unit_children(user=user, cycle=cycle, parent_id=world.province.pk)
    assert (codes(below_province[0]), below_province[1]) == (["SNV"], 0)  # not the committee it may not read


def test_a_tree_level_lists_its_first_children_and_counts_the_rest(
    world: World, cycle: ReviewCycle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(picker, "CHILDREN_LISTED", 1)
    children, more = unit_children(user=world.users["bantochuc"], cycle=cycle, parent_id=world.committee.pk)
    assert (codes(children), more) == (["CB-KH"], 1)
    tree = unit_tree(user=world.users["bantochuc"], cycle=cycle, current_id=world.committee.pk)
    assert tree[0].more == 1 and tree[0].children is not None  # the province: the committee, not the agency
    [committee] = tree[0].children
    assert (committee.unit.code, committee.current, committee.more) == ("DB-SNV", True, 1)
    assert committee.children == [TreeNode(children[0])]


def test_the_statistics_page_offers_the_search_and_the_tree_in_vietnamese(world: World, cycle: ReviewCycle) -> None:
    response = client_for(world, "bantochuc").get(PAGE, {"cycle": str(cycle.pk), "unit": "DB-SNV"})
    html = response.content.decode()

    assert response.status_code == 200
    assert '<label for="unit-search">Tìm đơn vị theo tên hoặc mã</label>' in html
    assert 'id="unit-search" name="q"' in html and 'type="search"' in html
    assert f'hx-get="{FOUND}"' in html and 'aria-live="polite"' in html
    assert "Cây các đơn vị đồng chí được xem" in html
    assert f'<a href="{PAGE}?cycle={cycle.pk}&amp;unit=DB-SNV" aria-current="page">Đảng bộ Sở Nội vụ</a>' in html
    assert f'hx-get="{BELOW}?cycle={cycle.pk}&amp;unit=SNV"' not in html  # the agency has nothing below it
    assert '<span class="visually-hidden">Các đơn vị trực thuộc Đảng bộ Sở Nội vụ</span>' in html
    assert 'name="unit" value="DB-SNV"' in html  # a search without JavaScript stays on the unit
    assert 'id="unit" name="unit"' not in html  # no code to type any more


def test_a_search_without_javascript_lists_its_results_on_the_page(world: World, cycle: ReviewCycle) -> None:
    response = client_for(world, "bantochuc_db").get(PAGE, {"cycle": str(cycle.pk), "q": "van phong"})
    html = response.content.decode()

    assert response.status_code == 200
    assert response.context["unit"] == world.committee
    assert "Tìm thấy 1 đơn vị:" in html
    assert f'<a href="{PAGE}?cycle={cycle.pk}&amp;unit=CB-VP">Chi bộ Văn phòng</a>' in html
    assert 'value="van phong"' in html


def test_the_search_answers_as_one_types_with_its_results_alone(world: World, cycle: ReviewCycle) -> None:
    client = client_for(world, "bantochuc_db")
    response = client.get(FOUND, {"cycle": str(cycle.pk), "q": "chi bo"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html and "Tìm thấy 2 đơn vị:" in html
    assert html.index("Chi bộ Kế hoạch") < html.index("Chi bộ Văn phòng")
    assert "Tỉnh ủy" not in html

    nothing = client.get(FOUND, {"cycle": str(cycle.pk), "q": "so noi vu giam doc"}).content.decode()
    assert "Không có đơn vị nào trong phạm vi đồng chí được xem khớp với “so noi vu giam doc”." in nothing
    short = client.get(FOUND, {"cycle": str(cycle.pk), "q": "c"}).content.decode()
    assert "Hãy gõ ít nhất hai chữ cái hoặc chữ số." in short


def test_a_tree_level_is_read_only_below_a_unit_the_reader_may_open(world: World, cycle: ReviewCycle) -> None:
    client = client_for(world, "bantochuc_db")
    below = client.get(BELOW, {"cycle": str(cycle.pk), "unit": "DB-SNV"})
    html = below.content.decode()
    assert below.status_code == 200
    assert html.index("Chi bộ Kế hoạch") < html.index("Chi bộ Văn phòng") and "<html" not in html

    refused = client.get(BELOW, {"cycle": str(cycle.pk), "unit": "TU"})
    assert refused.status_code == 403 and "Sở Nội vụ" not in refused.content.decode()
    assert client.get(BELOW, {"cycle": str(cycle.pk), "unit": "KHONG-CO"}).status_code == 404
    assert client.get(FOUND, {"cycle": str(cycle.pk + 99), "q": "chi"}).status_code == 404
    assert client.get(FOUND, {"cycle": "x", "q": "chi"}).status_code == 404
    assert client_for(world, "xem_chibo").get(FOUND, {"cycle": str(cycle.pk), "unit": "CB-VP"}).status_code == 403
    assert client_for(world, "khong_vai_tro").get(FOUND, {"cycle": str(cycle.pk), "q": "chi"}).status_code == 403
    assert client_for(world, "khong_vai_tro").get(BELOW, {"cycle": str(cycle.pk), "unit": "DB-SNV"}).status_code == 403
    assert Client().get(FOUND, {"cycle": str(cycle.pk), "q": "chi"}).status_code == 302  # to the login


def test_a_long_tree_level_sends_the_reader_to_the_search(
    world: World, cycle: ReviewCycle, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(picker, "CHILDREN_LISTED", 1)
    html = client_for(world, "bantochuc").get(BELOW, {"cycle": str(cycle.pk), "unit": "DB-SNV"}).content.decode()
    assert "Chi bộ Kế hoạch" in html and "Chi bộ Văn phòng" not in html
    assert "… và 1 đơn vị khác: hãy dùng ô tìm kiếm." in html
