"""The competent level's page: ready and blocked subjects in the required order, deciding one or a whole unit,
the quota refused then an exception with grounds, publication, and moving the cycle on."""

from __future__ import annotations

import pytest

from danhgia.apps.boards.tests.test_verification import HTMX, text
from danhgia.apps.boards.tests.world import bring, client_for, collective, everything, make_world, review_of
from danhgia.apps.cycles.models import CycleState, QuotaGroup, ReviewCycle
from danhgia.apps.orgs.models import Unit
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def url(cycle: ReviewCycle, unit: Unit, action: str = "") -> str:
    return f"/decision/{cycle.pk}/{unit.pk}/" + (f"{action}/" if action else "")


def states(unit: Unit) -> list[tuple[str, str]]:
    return list(Review.objects.filter(unit=unit).order_by("pk").values_list("state", "decided_level"))


def test_a_blocked_subject_shows_what_it_waits_for_and_the_ready_ones_can_be_decided(world: World) -> None:
    cycle = bring(world, "decision")
    client = client_for(world, "quyetdinh")
    head, organisation = review_of(world, "P0"), collective(world.agency, "organisation")

    page = text(client.get(url(cycle, world.cell)).content.decode())

    assert page.startswith("Quyết định xếp loại: Chi bộ Văn phòng")
    assert (
        "Theo trình tự quy định 5 đề xuất của đơn vị có thể quyết định ngay. "
        "1 trường hợp phải chờ quyết định khác trước. "
        "1 trường hợp bị giữ lại vì nhóm có chức năng, nhiệm vụ tương đồng vượt tỷ lệ mức 1 (xem cột Trình tự). "
        "Quyết định 5 đề xuất đã sẵn sàng của đơn vị Công bố 0 kết quả đã quyết định của đơn vị"
    ) in page
    assert (
        "Nguyễn Văn An Cán bộ lãnh đạo, quản lý Đã thẩm định Hoàn thành tốt nhiệm vụ — "
        f"phải chờ quyết định đối với Cơ quan, địa phương, đơn vị — Sở Nội vụ (R{organisation.pk})"
    ) in page
    assert "Vũ Thị Giang Cán bộ, công chức, viên chức không giữ chức vụ lãnh đạo, quản lý Đã thẩm định" in page
    before = everything()
    response = client.post(url(cycle, world.cell, "decide"), {"review": head.pk}, follow=True)
    assert everything() == before
    assert f"Chưa đúng trình tự: R{head.pk} phải chờ quyết định đối với R{organisation.pk}." in text(
        response.content.decode()
    )


def test_deciding_a_unit_over_the_quota_decides_the_rest_and_holds_the_level_1_proposal_by_name(
    world: World,
) -> None:
    """Issue: "Decide the 6 ready proposals" refused all six because one quota group was over, while the panel
    said six were ready. Now the panel counts the held one apart, the others are decided, and the message names
    the held subject and why; an exception with grounds then lets it be decided."""
    cycle = bring(world, "decision")
    client = client_for(world, "quyetdinh")
    p2, head = review_of(world, "P2"), review_of(world, "P0")
    group = p2.quota_group
    held = (
        f"nhóm {group.name} sẽ có 1 mức 1 nhưng chỉ được giữ 0 (mức 1 không quá 20 % số mức 2): "
        "hạ bớt đề xuất mức 1 hoặc ghi nhận ngoại lệ có căn cứ"
    )

    decided = client.post(url(cycle, world.cell, "decide"), follow=True)

    page = text(decided.content.decode())
    assert "Đã quyết định xếp loại 5 đối tượng." in page
    assert (
        "2 đối tượng chưa được quyết định: "
        f"Nguyễn Văn An (R{head.pk}): phải chờ quyết định đối với Cơ quan, địa phương, đơn vị — Sở Nội vụ "
        f"(R{collective(world.agency, 'organisation').pk}); Lê Văn Cường (R{p2.pk}): {held}."
    ) in page
    assert "message-warning" in decided.content.decode()
    assert states(world.cell).count((ReviewState.DECIDED, "L2")) == 5
    assert (review_of(world, "P2").state, review_of(world, "P0").state) == (ReviewState.VERIFIED, ReviewState.VERIFIED)
    assert "Lê Văn Cường Cán bộ, công chức, viên chức không giữ chức vụ lãnh đạo, quản lý Đã thẩm định" in page
    assert (
        "0 đề xuất của đơn vị có thể quyết định ngay. 1 trường hợp phải chờ quyết định khác trước. "
        "1 trường hợp bị giữ lại vì nhóm có chức năng, nhiệm vụ tương đồng vượt tỷ lệ mức 1 (xem cột Trình tự)."
    ) in page

    before = everything()
    no_grounds = client.post(
        f"/quota-groups/{group.pk}/", {f"g{group.pk}-exception": "on", "rename": "0"}, headers=HTMX
    ).content.decode()
    assert everything() == before
    grounds = no_grounds[no_grounds.index(f'name="g{group.pk}-exception_grounds"') :]
    assert "Áp dụng ngoại lệ phải nêu căn cứ." in grounds[: grounds.index("</div>")]
    saved = client.post(
        f"/quota-groups/{group.pk}/",
        {f"g{group.pk}-exception": "on", f"g{group.pk}-exception_grounds": "Thành tích đột phá.", "rename": "0"},
        headers=HTMX,
    ).content.decode()
    assert "Đã ghi nhận ngoại lệ: Thành tích đột phá." in text(saved)
    assert "Đã lưu nhóm có chức năng, nhiệm vụ tương đồng." in text(saved)
    group.refresh_from_db()
    assert (group.exception, group.exception_grounds) == (True, "Thành tích đột phá.")

    again = client.post(url(cycle, world.cell, "decide"), follow=True)

    assert "Đã quyết định xếp loại 1 đối tượng." in text(again.content.decode())
    assert review_of(world, "P2").decided_level == "L1"
    assert review_of(world, "P0").state == ReviewState.VERIFIED  # still waits for its agency


def test_one_subject_over_the_quota_is_refused_by_name_and_nothing_changes(world: World) -> None:
    cycle = bring(world, "decision")
    client = client_for(world, "quyetdinh")
    p2 = review_of(world, "P2")
    before = everything()

    refused = client.post(url(cycle, world.cell, "decide"), {"review": p2.pk}, follow=True)

    assert everything() == before
    assert (
        f"Nhóm {p2.quota_group.name} sẽ có 1 mức 1 nhưng chỉ được giữ 0 (không quá 20 % số mức 2); "
        "hãy hạ bớt đề xuất hoặc ghi nhận ngoại lệ kèm căn cứ."
    ) in text(refused.content.decode())


def test_decide_in_order_then_publish_a_unit(world: World) -> None:
    cycle = bring(world, "decision")
    province = client_for(world, "tinhuy")
    committee = client_for(world, "quyetdinh")
    QuotaGroup.objects.filter(code="DB-SNV/individual/staff").update(exception=True, exception_grounds="Đột phá.")

    agency = province.post(url(cycle, world.agency, "decide"), follow=True)
    cell = committee.post(url(cycle, world.cell, "decide"), follow=True)

    assert "Đã quyết định xếp loại 2 đối tượng." in text(agency.content.decode())
    assert "Đã quyết định xếp loại 7 đối tượng." in text(cell.content.decode())
    page = text(committee.get(url(cycle, world.cell)).content.decode())
    assert "Công bố 7 kết quả đã quyết định của đơn vị" in page
    assert "Nguyễn Văn An Cán bộ lãnh đạo, quản lý Đã quyết định xếp loại Hoàn thành tốt nhiệm vụ" in page
    published = committee.post(url(cycle, world.cell, "publish"), follow=True)
    assert "Đã công bố 7 kết quả." in text(published.content.decode())
    assert {s for s, _level in states(world.cell)} == {ReviewState.PUBLISHED}
    assert {s for s, _level in states(world.agency)} == {ReviewState.DECIDED}


def test_the_unit_at_the_top_of_a_scope_is_decided_by_the_level_above(world: World) -> None:
    cycle = bring(world, "decision")
    client = client_for(world, "quyetdinh")

    response = client.get("/decision/")

    assert response["Location"] == url(cycle, world.committee)
    page = text(client.get(response["Location"]).content.decode())
    assert "Kết quả của chính đơn vị này do cấp trên quyết định. Hãy chọn một đơn vị trực thuộc." in page
    assert "Đơn vị trực thuộc Đơn vị Chờ quyết định Đã quyết định Đã công bố Tổng số đối tượng" in page
    assert "Chi bộ Kế hoạch 1 0 0 1 Chi bộ Văn phòng 7 0 0 7" in page
    before = everything()
    assert client.post(url(cycle, world.committee, "decide")).status_code == 403
    assert everything() == before


def test_the_cycle_moves_on_only_where_the_role_allows(world: World) -> None:
    cycle = bring(world, "decided")
    verifier, decider = client_for(world, "thamdinh"), client_for(world, "tinhuy")
    before = everything()

    board = verifier.get(f"/verification/{cycle.pk}/{world.province.pk}/").content.decode()
    assert "Công bố kết quả" not in text(board)
    assert verifier.post(f"/cycles/{cycle.pk}/advance/", {"to": "published"}).status_code == 403
    assert everything() == before
    page = text(decider.get(url(cycle, world.province)).content.decode())
    assert "Trạng thái: Đang quyết định xếp loại Cơ cấu tổ chức tính đến ngày 31/12/2025 Công bố kết quả" in page
    moved = decider.post(
        f"/cycles/{cycle.pk}/advance/", {"to": "published", "next": url(cycle, world.province)}, follow=True
    )
    assert "Kỳ đánh giá đã chuyển sang bước tiếp theo." in text(moved.content.decode())
    assert ReviewCycle.objects.get(pk=cycle.pk).state == CycleState.PUBLISHED
    wrong = decider.post(
        f"/cycles/{cycle.pk}/advance/", {"to": "verification", "next": url(cycle, world.province)}, follow=True
    )
    assert "Kỳ đánh giá không thể chuyển từ" in text(wrong.content.decode())
    assert ReviewCycle.objects.get(pk=cycle.pk).state == CycleState.PUBLISHED
