"""The organisation view: the tree as of the period's end, progress and levels at each node (decided where decided,
the engine's otherwise) equal to a brute-force count, SVG bars, drill-down to units and people."""

from __future__ import annotations

from collections import Counter
from fractions import Fraction
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from danhgia.apps.boards.selectors import FINAL, NodeFigures
from danhgia.apps.boards.tests.test_verification import text
from danhgia.apps.boards.tests.world import bring, client_for, collective, grow, make_world
from danhgia.apps.cycles.models import QuotaGroup, ReviewCycle
from danhgia.apps.orgs.models import Unit, UnitLink
from danhgia.apps.reports.models import SubtreeSummary, SummaryRun, UnitSummary
from danhgia.apps.reports.services import summaries_refresh
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.services import reviews_decide
from danhgia.apps.reviews.tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def half_decided(world: World) -> ReviewCycle:
    """Two more cells of members; the agency and the office cell decided, everything else the engine's only."""
    grow(world, cells=2, members=3)
    cycle = bring(world, "decision")
    QuotaGroup.objects.filter(code="DB-SNV/individual/staff").update(exception=True, exception_grounds="Đột phá.")
    reviews_decide(reviews=list(Review.objects.filter(unit=world.agency)), actor=world.users["tinhuy"])
    reviews_decide(reviews=list(Review.objects.filter(unit=world.cell)), actor=world.users["quyetdinh"])
    # accepting the engine's levels and verifying do not refresh the statistics; deciding refreshes only the
    # decided units' subtrees: bring the whole cycle's summaries up to date, as a refresh of the cycle does
    summaries_refresh(cycle=cycle)
    return cycle


def brute_force(cycle: ReviewCycle, unit: Unit) -> dict[str, Any]:
    """The node's figures counted one review at a time in Python, from the tree's paths."""
    paths = dict(UnitLink.objects.values_list("unit_id", "path"))
    top = paths[unit.pk]
    below = [r for r in Review.objects.filter(cycle=cycle) if paths[r.unit_id].startswith(top)]
    progress = Counter(r.state for r in below)
    levels: Counter[tuple[str, str, str]] = Counter()
    for r in below:
        if r.state in FINAL and r.decided_level:
            levels[(r.subject_type, "decided", r.decided_level)] += 1
        elif r.state not in FINAL and r.engine_level:
            levels[(r.subject_type, "engine", r.engine_level)] += 1
        else:
            levels[(r.subject_type, "none", "")] += 1
    children = {}
    for child, path in paths.items():
        if path.startswith(top) and len(path) == len(top) + 10:
            inside = [r for r in below if paths[r.unit_id].startswith(path)]
            effective = [r.decided_level if r.state in FINAL else r.engine_level for r in inside]
            children[child] = (len(inside), sum(r.state in FINAL for r in inside), Counter(e for e in effective if e))
    return {"progress": progress, "levels": levels, "children": children}


def shown(figures: NodeFigures) -> dict[str, Any]:
    """The same figures as the page computed them."""
    levels: Counter[tuple[str, str, str]] = Counter()
    for types in figures.types:
        for figure in types.levels:
            levels[(types.subject_type, "decided", figure.level)] += figure.decided
            levels[(types.subject_type, "engine", figure.level)] += figure.engine
        levels[(types.subject_type, "none", "")] += types.without_level
    children = {c.crumb.unit.pk: (c.total, c.finished, +c.by_level) for c in figures.children}
    return {"progress": +Counter(figures.progress), "levels": +levels, "children": children}


def figures_of(client: Client, cycle: ReviewCycle, unit: Unit) -> NodeFigures:
    response = client.get(f"/organisation/{cycle.pk}/{unit.pk}/")
    assert response.status_code == 200
    return response.context["figures"]


def test_every_nodes_figures_equal_a_brute_force_count(world: World) -> None:
    cycle = half_decided(world)
    client = client_for(world, "bantochuc")

    for unit in Unit.objects.all():
        assert shown(figures_of(client, cycle, unit)) == brute_force(cycle, unit), unit.code

    top = figures_of(client, cycle, world.province)
    assert (top.progress["decided"], top.progress["verified"]) == (9, 11)
    individuals = top.types[0]
    assert [(f.level, f.decided, f.engine) for f in individuals.levels] == [
        ("L1", 1, 0),
        ("L2", 5, 6),
        ("L3", 0, 0),
        ("L4", 0, 0),
    ]
    assert individuals.share(individuals.levels[0]) == Fraction(1, 12)


def test_the_page_shows_progress_levels_with_their_source_and_the_units_below(world: World) -> None:
    cycle = half_decided(world)
    client = client_for(world, "bantochuc")

    response = client.get("/organisation/")
    html = client.get(response["Location"]).content.decode()

    assert response["Location"] == f"/organisation/{cycle.pk}/{world.province.pk}/"
    page = text(html)
    assert page.startswith("Tỉnh ủy Hà Tĩnh Kỳ đánh giá Kiểm điểm năm 2025 — Đang quyết định xếp loại")
    assert (
        "Tiến độ thực hiện Mọi đối tượng của đơn vị và các đơn vị trực thuộc, theo trạng thái kiểm điểm. "
        "Chưa bắt đầu 0 Đang soạn 0 Đã nộp 0 Trả lại để chỉnh sửa 0 Đã thẩm định 11 Đã quyết định xếp loại 9 "
        "Đã công bố 0 Có khiếu nại 0"
    ) in page
    assert (
        "Mức Đã quyết định Mức tính toán, chưa quyết định Tổng Tỷ lệ "
        "Hoàn thành xuất sắc nhiệm vụ 1 0 1 8,3% "
        "Hoàn thành tốt nhiệm vụ 5 6 11 91,7% "
        "Hoàn thành nhiệm vụ 0 0 0 0,0% "
        "Không hoàn thành nhiệm vụ 0 0 0 0,0% "
        "Chưa có mức (miễn đánh giá, không xếp loại, chưa tính) 0 Tất cả 12"
    ) in page
    assert (
        "Đơn vị trực thuộc Đơn vị Đối tượng Đã quyết định Hoàn thành xuất sắc nhiệm vụ Hoàn thành tốt nhiệm vụ "
        "Hoàn thành nhiệm vụ Không hoàn thành nhiệm vụ "
        "Đảng bộ Sở Nội vụ 17 7 1 16 0 0 Sở Nội vụ 2 2 0 2 0 0 "
        "Các mức: mức đã quyết định nếu đã quyết định, nếu chưa thì là mức tính toán."
    ) in page
    assert f'<a href="/organisation/{cycle.pk}/{world.committee.pk}/">Đảng bộ Sở Nội vụ</a>' in html


def test_the_bars_are_svg_with_a_title_a_description_and_the_decided_part_solid(world: World) -> None:
    cycle = half_decided(world)
    client = client_for(world, "bantochuc")

    html = client.get(f"/organisation/{cycle.pk}/{world.province.pk}/").content.decode()

    svg = html[html.index('<svg class="bar-chart bar-chart-wide"') : html.index("</svg>") + 6]
    assert svg.startswith(
        '<svg class="bar-chart bar-chart-wide" viewBox="0 0 720 148" width="100%" role="img" '
        'aria-labelledby="chart-individual-title chart-individual-desc" xmlns="http://www.w3.org/2000/svg">'
    )
    assert '<title id="chart-individual-title">Cá nhân theo mức xếp loại</title>' in svg
    assert (
        '<desc id="chart-individual-desc">Hoàn thành xuất sắc nhiệm vụ: 1 (8,3%); Hoàn thành tốt nhiệm vụ: 11 (91,7%); '
        "Hoàn thành nhiệm vụ: 0 (0,0%); Không hoàn thành nhiệm vụ: 0 (0,0%)</desc>"
    ) in svg
    # L2: 11 of them take the whole 330-unit bar, the 5 decided the solid part
    assert '<rect class="bar-rest" x="250" y="40.0" width="330.0" height="22"></rect>' in svg
    assert '<rect class="bar-part" x="250" y="40.0" width="150.0" height="22"></rect>' in svg
    assert '<text class="bar-note" x="588.0" y="55.8">11 (91,7%)</text>' in svg
    # the narrow one (shown on phones) puts each label above its bar
    narrow = html[html.index('<svg class="bar-chart bar-chart-narrow"') :]
    narrow = narrow[: narrow.index("</svg>")]
    assert 'viewBox="0 0 360 236"' in narrow
    assert '<title id="chart-individual-narrow-title">Cá nhân theo mức xếp loại</title>' in narrow
    assert '<text class="bar-label" x="0" y="77.4">Hoàn thành tốt nhiệm vụ</text>' in narrow
    assert '<rect class="bar-rest" x="0" y="84.0" width="220.0" height="22"></rect>' in narrow


def test_english_under_en_with_english_numbers(world: World) -> None:
    cycle = half_decided(world)
    client = client_for(world, "bantochuc")

    page = text(client.get(f"/en/organisation/{cycle.pk}/{world.province.pk}/").content.decode())

    assert "Progress of the procedure" in page
    assert "Excellent completion of duties 1 0 1 8.3%" in page
    assert "Individuals by level" in page
    assert "Tree as of 31/12/2025" in page


def test_drill_down_to_a_unit_and_its_people(world: World) -> None:
    cycle = half_decided(world)
    client = client_for(world, "bantochuc")

    node = client.get(f"/organisation/{cycle.pk}/{world.cell.pk}/").content.decode()
    people = text(client.get(f"/organisation/{cycle.pk}/{world.cell.pk}/people/").content.decode())

    assert (
        '<nav class="breadcrumbs" aria-label="Vị trí trong cây tổ chức">\n  <ol>\n'
        f'    <li><a href="/organisation/{cycle.pk}/{world.province.pk}/">Tỉnh ủy Hà Tĩnh</a></li>'
        f'<li><a href="/organisation/{cycle.pk}/{world.committee.pk}/">Đảng bộ Sở Nội vụ</a></li>\n'
        '    <li><span aria-current="page">Chi bộ Văn phòng</span></li>'
    ) in node
    assert "7 đối tượng xếp loại tại chính đơn vị này" in text(node)
    assert people.startswith("Đối tượng xếp loại tại Chi bộ Văn phòng")
    assert (
        "Tổ chức đảng — Chi bộ Văn phòng Tổ chức đảng Đã quyết định xếp loại Hoàn thành tốt nhiệm vụ "
        "(đã quyết định) Hoàng Văn Em"
    ) in people
    assert "Lê Văn Cường Cán bộ, công chức, viên chức không giữ chức vụ lãnh đạo, quản lý Đã quyết định xếp loại " in (
        people
    )
    assert "Hoàn thành xuất sắc nhiệm vụ (đã quyết định)" in people
    other = text(client.get(f"/organisation/{cycle.pk}/{world.other_cell.pk}/people/").content.decode())
    assert "Tổ chức đảng — Chi bộ Kế hoạch Tổ chức đảng Đã thẩm định Hoàn thành tốt nhiệm vụ (mức tính toán" in (other)
    assert collective(world.other_cell, "party_organisation").state == "verified"


def test_a_viewer_below_the_root_starts_at_their_unit_and_sees_no_ancestor(world: World) -> None:
    from danhgia.apps.access.models import Role
    from danhgia.apps.reviews.tests.world import login

    cycle = bring(world, "computed")
    login(world, "xem_dangbo", Role.VIEWER, world.committee)
    client = client_for(world, "xem_dangbo")

    response = client.get("/organisation/")
    html = client.get(response["Location"]).content.decode()

    assert response["Location"] == f"/organisation/{cycle.pk}/{world.committee.pk}/"
    assert "Tỉnh ủy Hà Tĩnh" not in html
    assert client.get(f"/organisation/{cycle.pk}/{world.province.pk}/").status_code == 403
    assert client.get(f"/organisation/{cycle.pk}/{world.agency.pk}/").status_code == 403


def review_queries(client: Client, url: str) -> tuple[int, list[str]]:
    """How many queries a GET of `url` makes, and those that read the reviews table."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    table = Review._meta.db_table
    return len(captured.captured_queries), [q["sql"] for q in captured.captured_queries if table in q["sql"]]


def test_the_figures_are_read_from_the_summaries_until_they_are_refreshed(world: World) -> None:
    cycle = half_decided(world)
    client = client_for(world, "bantochuc")
    url = f"/organisation/{cycle.pk}/{world.province.pk}/"

    count, read_reviews = review_queries(client, url)
    before = shown(figures_of(client, cycle, world.province))
    assert read_reviews == []  # no review row is read: every figure comes from the summary tables
    assert "Số liệu tính đến " in text(client.get(url).content.decode())

    # a change the statistics have not been refreshed for does not show ...
    changed = Review.objects.filter(cycle=cycle, state="verified", subject_type="individual").first()
    assert changed is not None
    Review.objects.filter(pk=changed.pk).update(state="decided", decided_status="classified", decided_level="L4")
    assert shown(figures_of(client, cycle, world.province)) == before
    assert shown(figures_of(client, cycle, world.province)) != brute_force(cycle, world.province)

    # ... until they are
    summaries_refresh(cycle=cycle)
    after = shown(figures_of(client, cycle, world.province))
    assert after == brute_force(cycle, world.province)
    assert after["progress"]["decided"] == before["progress"]["decided"] + 1
    assert after["levels"][("individual", "decided", "L4")] == 1
    assert review_queries(client, url) == (count, [])


def test_without_summaries_the_figures_are_counted_live_and_the_page_says_so(world: World) -> None:
    cycle = half_decided(world)
    client = client_for(world, "bantochuc")
    url = f"/organisation/{cycle.pk}/{world.province.pk}/"
    summarised = shown(figures_of(client, cycle, world.province))
    SummaryRun.objects.filter(cycle=cycle).delete()
    SubtreeSummary.objects.filter(cycle=cycle).delete()
    UnitSummary.objects.filter(cycle=cycle).delete()

    _count, read_reviews = review_queries(client, url)
    page = text(client.get(url).content.decode())

    assert read_reviews != []
    assert shown(figures_of(client, cycle, world.province)) == summarised == brute_force(cycle, world.province)
    assert "Số liệu thống kê của kỳ này chưa được tính." in page
    assert "Số liệu tính đến" not in page
    assert not SummaryRun.objects.filter(cycle=cycle).exists()  # reading never refreshes
