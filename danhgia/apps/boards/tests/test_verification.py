"""The advisory body's board: compute, propose (a justification when differing, the error beside the field), the
quota meter updated out of band, filters and sorting, bulk acceptance of the filtered set, return for correction."""

from __future__ import annotations

import re

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.boards.selectors import PageOfIds
from danhgia.apps.boards.tests.world import bring, client_for, everything, grow, make_world, review_of
from danhgia.apps.cycles.models import QuotaGroup, ReviewCycle
from danhgia.apps.reviews.models import Decision, Review, ReviewState
from danhgia.apps.reviews.tests.world import World

pytestmark = pytest.mark.django_db
HTMX = {"HX-Request": "true"}
STAFF = "Đảng bộ Sở Nội vụ — cá nhân không giữ chức vụ lãnh đạo, quản lý"  # the cell staff's quota group
# the staff group's meter with P2 at level 1 and four at level 2: the rule over the whole group, and why 0
STAFF_RULE = (
    "Mức 1 không quá 20 % số mức 2, tính trên cả nhóm gồm 5 đối tượng. Vì sao tối đa 0? Nhóm có 5 đối tượng ở "
    "mức 1 hoặc mức 2. Để 1 ở mức 1 thì chỉ còn 4 ở mức 2; 20 % của 4 chỉ là 0,8: không đủ. Vì vậy tối đa 0 ở "
    "mức 1."
)


def text(html: str) -> str:
    """The visible text of the page's main part, whitespace collapsed."""
    if "<main>" in html:
        html = html[html.index("<main>") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).strip()


def row_of(html: str, review: Review) -> str:
    """The visible text of one subject's row on the board."""
    start = html.index(f'id="review-{review.pk}"')
    return text(html[start : html.index("</article>", start)].split(">", 1)[1])


def subjects_of(html: str) -> str:
    """The visible text of the list of subjects (after the filters, the conflicts and the meters)."""
    return text(html[html.index('<div class="subjects">') :])


@pytest.fixture
def world() -> World:
    return make_world()


def board_url(cycle: ReviewCycle, world: World) -> str:
    return f"/verification/{cycle.pk}/{world.province.pk}/"


def propose(client: Client, review: Review, level: str, justification: str = "", htmx: bool = False) -> str:
    data = {f"r{review.pk}-status": "classified", f"r{review.pk}-level": level}
    data[f"r{review.pk}-justification"] = justification
    response = client.post(f"/verification/review/{review.pk}/propose/", data, headers=HTMX if htmx else None)
    assert response.status_code in (200, 302)
    return str(response.content.decode())


def test_the_board_opens_at_the_highest_unit_of_the_verifiers_scope(world: World) -> None:
    cycle = bring(world, "verification")
    client = client_for(world, "thamdinh")

    response = client.get("/verification/")

    assert response.status_code == 302
    assert response["Location"] == board_url(cycle, world)
    page = text(client.get(response["Location"]).content.decode())
    assert page.startswith("Thẩm định: Tỉnh ủy Hà Tĩnh")
    assert "Trạng thái: Đang thẩm định Cơ cấu tổ chức tính đến ngày 31/12/2025 Chuyển sang quyết định xếp loại" in page
    assert "Đơn vị trực thuộc Đảng bộ Sở Nội vụ Sở Nội vụ" in page
    assert "Mức tính toán chưa tính" in page
    assert "12 đối tượng" in page


def test_compute_then_the_engine_level_its_reason_and_flags_show_on_each_row(world: World) -> None:
    cycle = bring(world, "verification")
    client = client_for(world, "thamdinh")

    response = client.post(board_url(cycle, world) + "compute/", {"next": board_url(cycle, world)}, follow=True)

    page = text(response.content.decode())
    assert "Đã tính mức xếp loại của 12 đối tượng (Đã xếp loại: 12)." in page
    p2 = review_of(world, "P2")
    row = row_of(response.content.decode(), p2)
    assert row.startswith(
        "Lê Văn Cường Cán bộ, công chức, viên chức không giữ chức vụ lãnh đạo, quản lý · Chi bộ Văn phòng "
        f"Nhóm có chức năng, nhiệm vụ tương đồng: {STAFF} Đã nộp Mức tự đề xuất khác mức tính toán "
        "Nhận xét, ý kiến thẩm định "
        "Tự đề xuất Hoàn thành xuất sắc nhiệm vụ Điểm: 95 "
        "Mức tính toán Hoàn thành tốt nhiệm vụ Đề xuất của cơ quan tham mưu — 1 lý do "
        "Nhóm có chức năng, nhiệm vụ tương đồng chỉ được giữ 0 mức 1 (không quá 20 % số mức 2); chuyển xuống mức 2 "
        "theo thứ tự điểm. "
    )
    # the reason's code is the rule's, kept out of sight for the page's scripts and tests
    assert '<li data-code="quota_level1_over_20pct_of_level2">Nhóm có chức năng' in response.content.decode()
    assert "(căn cứ: 366-QĐ/TW, Điều 11; 43-HD/BTCTW)" in row
    assert p2.engine_flags == ["unconfirmed_rule"]
    assert (
        "Quy tắc chưa được xác nhận : Kết quả dựa trên một quy tắc chưa được đối chiếu với văn bản chính thức: "
        "cần kiểm tra trước khi đề xuất." in row
    )
    assert "Các trường hợp cần xem xét Chưa nộp bản tự kiểm điểm : 0" in page
    assert "Mức tự đề xuất khác mức tính toán : 2" in page


def test_a_proposal_differing_from_the_engine_needs_a_justification_shown_beside_the_field(world: World) -> None:
    bring(world, "computed")
    client = client_for(world, "thamdinh")
    p2 = review_of(world, "P2")
    before = everything()

    html = propose(client, p2, "L1", "", htmx=True)

    assert everything() == before
    justification = html[html.index(f'<textarea name="r{p2.pk}-justification"') :]
    error = justification[: justification.index("</div>")]
    assert 'aria-invalid="true"' in error
    assert "Đề xuất khác với mức tính toán phải có giải trình." in error
    # the meter of the group comes back out of band, unchanged
    assert f'<div class="meter" id="meter-{p2.quota_group_id}" hx-swap-oob="true">' in html
    assert "Mức 1: 0 đề xuất, tối đa 0 (mức 2: 5)" in text(html)


def test_a_justified_proposal_is_saved_and_the_quota_meter_goes_over(world: World) -> None:
    bring(world, "computed")
    client = client_for(world, "thamdinh")
    p2 = review_of(world, "P2")

    html = propose(client, p2, "L1", "Sáng kiến cải cách thủ tục được Bộ công nhận.", htmx=True)

    p2.refresh_from_db()
    assert (p2.state, p2.verified_status, p2.verified_level) == (ReviewState.VERIFIED, "classified", "L1")
    assert p2.verification_note == "Sáng kiến cải cách thủ tục được Bộ công nhận."
    assert list(Decision.objects.filter(review=p2).values_list("kind", "level", "grounds")) == [
        ("verify", "L1", "Sáng kiến cải cách thủ tục được Bộ công nhận.")
    ]
    page = text(html)
    assert html.startswith(f'<article class="subject state-verified" id="review-{p2.pk}"')
    assert "Đề xuất của cơ quan tham mưu Hoàn thành xuất sắc nhiệm vụ" in page
    # saved, but the group is now over the quota: the card says so (a warning, not the green "saved")
    assert 'class="saved"' not in html
    assert (
        '<p class="warning" role="alert">Đã lưu đề xuất, nhưng nhóm '
        f"{STAFF} đang vượt tỷ lệ mức 1: 1 đề xuất mức 1, tối đa 0. Cấp có thẩm quyền sẽ giữ lại các đề xuất mức 1 "
        "của nhóm cho tới khi hạ bớt đề xuất hoặc ghi nhận ngoại lệ có căn cứ.</p>"
    ) in html
    assert f'<div class="meter is-over" id="meter-{p2.quota_group_id}" hx-swap-oob="true">' in html
    assert page.endswith(STAFF + " Mức 1: 1 đề xuất, tối đa 0 (mức 2: 4) " + STAFF_RULE + " Vượt tỷ lệ 1 trường hợp")


def test_without_htmx_a_proposal_redirects_back_and_an_error_gets_a_page_of_its_own(world: World) -> None:
    cycle = bring(world, "computed")
    client = client_for(world, "thamdinh")
    p3 = review_of(world, "P3")
    url = board_url(cycle, world) + "?sort=name"

    refused = client.post(
        f"/verification/review/{p3.pk}/propose/",
        {f"r{p3.pk}-status": "classified", f"r{p3.pk}-level": "L3", "next": url},
    )
    saved = client.post(
        f"/verification/review/{p3.pk}/propose/",
        {f"r{p3.pk}-status": "classified", f"r{p3.pk}-level": "L2", "next": url},
    )

    assert refused.status_code == 200
    assert "Đề xuất khác với mức tính toán phải có giải trình." in text(refused.content.decode())
    assert f'<a href="{url.replace("&", "&amp;")}">Quay lại bảng thẩm định</a>' in refused.content.decode()
    assert saved.status_code == 302
    assert saved["Location"] == url
    assert Review.objects.get(pk=p3.pk).verified_level == "L2"


def test_filters_and_sorting_narrow_the_list(world: World) -> None:
    cycle = bring(world, "computed")
    client = client_for(world, "thamdinh")
    url = board_url(cycle, world)

    by_category = client.get(url, {"category": "staff", "sort": "name"}).content.decode()
    by_flag = client.get(url, {"flag": "band_condition_mismatch"}).content.decode()
    unconfirmed = client.get(url, {"flag": "unconfirmed_rule"}).content.decode()
    by_conflict = client.get(url, {"conflict": "self_vs_engine", "sort": "score"}).content.decode()

    names = ["Trần Thị Bình", "Lê Văn Cường", "Phạm Thị Dung", "Hoàng Văn Em", "Vũ Thị Giang"]
    assert "5 đối tượng" in text(by_category)
    assert by_category.count('<article class="subject') == 5
    assert sorted(names, key=subjects_of(by_category).index) == [
        "Hoàng Văn Em",
        "Lê Văn Cường",
        "Phạm Thị Dung",
        "Trần Thị Bình",
        "Vũ Thị Giang",
    ]
    assert by_flag.count('<article class="subject') == 1
    assert "1 đối tượng" in text(by_flag) and "Nguyễn Văn An" in subjects_of(by_flag)
    assert "Điểm và điều kiện không khớp : Điểm thuộc khung điểm của một mức" in subjects_of(by_flag)
    assert unconfirmed.count('<article class="subject') == 2
    assert by_conflict.count('<article class="subject') == 2
    listed = subjects_of(by_conflict)
    assert listed.index("Nguyễn Văn An") < listed.index("Lê Văn Cường")  # both 95: then by id


def test_bulk_accept_applies_to_the_filtered_set_only(world: World) -> None:
    cycle = bring(world, "computed")
    client = client_for(world, "thamdinh")
    url = board_url(cycle, world)

    response = client.post(url + "accept/", {"category": "staff", "next": url}, follow=True)

    assert "Đã chấp nhận mức tính toán cho 5 đối tượng." in text(response.content.decode())
    assert sorted(Review.objects.filter(state=ReviewState.VERIFIED).values_list("category", flat=True)) == ["staff"] * 5
    assert set(Review.objects.filter(category="staff").values_list("verified_level", flat=True)) == {"L2"}


def test_return_for_correction_needs_a_reason_then_sends_the_self_review_back(world: World) -> None:
    cycle = bring(world, "computed")
    client = client_for(world, "thamdinh")
    p4 = review_of(world, "P4")
    before = everything()

    refused = client.post(f"/verification/review/{p4.pk}/return/", {f"x{p4.pk}-reason": " "}, headers=HTMX)

    assert everything() == before
    html = refused.content.decode()
    assert '<details class="return" open>' in html
    assert "Nội dung cần chỉnh sửa: Hãy nêu nội dung cần bổ sung, sửa đổi. Trả lại" in text(html)
    done = client.post(
        f"/verification/review/{p4.pk}/return/", {f"x{p4.pk}-reason": "Bổ sung sản phẩm cụ thể."}, headers=HTMX
    )
    assert "Đã trả lại bản tự kiểm điểm để chỉnh sửa." in text(done.content.decode())
    assert Review.objects.get(pk=p4.pk).state == ReviewState.RETURNED
    entry = AuditEntry.objects.filter(object_type="review", object_id=str(p4.pk)).latest("id")
    assert (entry.action, entry.reason, entry.after) == (
        "review_return",
        "Bổ sung sản phẩm cụ thể.",
        {"state": "returned"},
    )
    assert entry.chain.name == f"cycle:{cycle.pk}/unit:{p4.unit_id}"  # the chain of the review's unit in the cycle


def test_the_meter_panel_lists_the_groups_of_the_page(world: World) -> None:
    cycle = bring(world, "verified")
    client = client_for(world, "thamdinh")

    page = text(client.get(board_url(cycle, world), {"category": "staff"}).content.decode())

    group = QuotaGroup.objects.get(code="DB-SNV/individual/staff")
    assert group.name in page
    assert (
        "Tỷ lệ mức 1 của các nhóm có chức năng, nhiệm vụ tương đồng trên trang này "
        "Số «Hoàn thành xuất sắc nhiệm vụ» không quá 20% số «Hoàn thành tốt nhiệm vụ» "
        "trong mỗi nhóm có chức năng, nhiệm vụ tương đồng; thước đo tính theo đề xuất (chưa có đề xuất thì theo "
        f"mức tính toán). {STAFF} Mức 1: 1 đề xuất, tối đa 0 (mức 2: 4) {STAFF_RULE} Vượt tỷ lệ 1 trường hợp "
        "5 đối tượng"
    ) in page


def test_the_board_is_paginated_by_twenty_five(world: World) -> None:
    grow(world, cells=1, members=35)
    cycle = bring(world, "verification")
    client = client_for(world, "thamdinh")

    first = client.get(board_url(cycle, world), {"sort": "name"}).content.decode()
    second = client.get(board_url(cycle, world), {"sort": "name", "page": "2"}).content.decode()

    assert first.count('<article class="subject') == 25
    assert second.count('<article class="subject') == 48 - 25  # 12 + 35 members + the new cell
    assert "Trang 1/2" in text(first)
    assert "Trang 2/2" in text(second)
    assert 'href="?sort=name&amp;page=2" rel="next"' in first


def test_sorted_by_unit_each_unit_and_quota_group_gets_a_heading(world: World) -> None:
    cycle = bring(world, "computed")
    client = client_for(world, "thamdinh")

    html = client.get(board_url(cycle, world)).content.decode()
    by_name = client.get(board_url(cycle, world), {"sort": "name"}).content.decode()

    # each unit's heading, then its group (groups of similar roles span the units of one grassroots organisation)
    assert re.findall(r'<h3 class="group-heading">(.*?)</h3>', html) == [
        "Chi bộ Kế hoạch — Đảng bộ Sở Nội vụ — tổ chức đảng trực thuộc",
        "Chi bộ Văn phòng — Đảng bộ Sở Nội vụ — tổ chức đảng trực thuộc",
        "Chi bộ Văn phòng — Đảng bộ Sở Nội vụ — cán bộ lãnh đạo, quản lý",
        f"Chi bộ Văn phòng — {STAFF}",
        "Đảng bộ Sở Nội vụ — Tỉnh ủy Hà Tĩnh — tổ chức đảng trực thuộc",
        "Sở Nội vụ — Tỉnh ủy Hà Tĩnh — tập thể lãnh đạo, quản lý trực thuộc",
        "Sở Nội vụ — Tỉnh ủy Hà Tĩnh — cơ quan, địa phương, đơn vị trực thuộc",
        "Tỉnh ủy Hà Tĩnh — tổ chức đảng",
    ]
    assert 'class="group-heading"' not in by_name


def test_a_page_reads_only_its_own_rows(world: World) -> None:
    cycle = bring(world, "verification")
    ordered = Review.objects.filter(cycle=cycle).order_by("-pk")
    everyone = list(ordered.values_list("pk", flat=True))

    with CaptureQueriesContext(connection) as captured:
        page = Paginator(PageOfIds(ordered), 5).get_page(2)
        rows = list(page.object_list)

    assert [r.pk for r in rows] == everyone[5:10]
    assert page.paginator.count == len(everyone) == 12
    assert ordered._result_cache is None  # the sorted reviews were never read whole
    assert len(captured) == 3  # the count, the page's keys, the page's rows
    assert rows[0].person is not None and rows[0].quota_group is not None  # read with their relations
    assert len(captured) == 3
