"""The superior level's complaints queue: the result and its history, then rejection or re-classification."""

from __future__ import annotations

import pytest

from danhgia.apps.boards.tests.test_verification import text
from danhgia.apps.boards.tests.world import bring, client_for, everything, file_complaint, make_world, review_of
from danhgia.apps.reviews.models import Complaint, ComplaintState, Decision, ReviewState
from danhgia.apps.reviews.tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def test_the_superior_level_sees_the_complaint_with_the_result_and_its_history(world: World) -> None:
    cycle = bring(world, "published")
    complaint = file_complaint(world, "P3")
    client = client_for(world, "tinhuy")

    response = client.get("/complaints/")

    assert response["Location"] == f"/complaints/{cycle.pk}/"
    queue = text(client.get(response["Location"]).content.decode())
    assert (
        "Đang xem xét: 1 khiếu nại Đối tượng Đơn vị Kết quả Ngày gửi Khiếu nại "
        "Phạm Thị Dung Chi bộ Văn phòng Hoàn thành tốt nhiệm vụ 10/12/2025 Đề nghị xem xét lại mức xếp loại."
    ) in queue
    detail = text(client.get(f"/complaints/item/{complaint.pk}/").content.decode())
    assert detail.startswith("Quay lại danh sách khiếu nại Khiếu nại: Phạm Thị Dung")
    assert "Kết quả Hoàn thành tốt nhiệm vụ Trạng thái Đang xem xét" in detail
    assert (
        "Quá trình xếp loại Ngày Bước Kết quả Căn cứ Người thực hiện "
        "10/12/2025 16:00 Đề xuất của cơ quan tham mưu Hoàn thành tốt nhiệm vụ — thamdinh "
        "10/12/2025 16:00 Quyết định của cấp có thẩm quyền Hoàn thành tốt nhiệm vụ — quyetdinh"
    ) in detail


def test_the_level_that_decided_does_not_hear_the_complaint(world: World) -> None:
    cycle = bring(world, "published")
    complaint = file_complaint(world, "P3")
    client = client_for(world, "quyetdinh")
    before = everything()

    queue = text(client.get(f"/complaints/{cycle.pk}/").content.decode())
    detail = client.get(f"/complaints/item/{complaint.pk}/")
    post = client.post(
        f"/complaints/item/{complaint.pk}/", {"outcome": "uphold", "status": "classified", "level": "L1"}
    )

    assert "Đang xem xét: 0 khiếu nại" in queue and "Không có khiếu nại nào." in queue
    assert (detail.status_code, post.status_code) == (403, 403)
    assert everything() == before


def test_upholding_needs_grounds_and_a_new_result_then_re_classifies(world: World) -> None:
    cycle = bring(world, "published")
    complaint = file_complaint(world, "P3")
    client = client_for(world, "tinhuy")
    address = f"/complaints/item/{complaint.pk}/"
    before = everything()

    no_grounds = client.post(address, {"outcome": "uphold", "status": "classified", "level": "L1"}).content.decode()
    no_level = client.post(
        address, {"outcome": "uphold", "status": "classified", "resolution": "Kết luận xác minh."}
    ).content.decode()

    assert everything() == before
    resolution = no_grounds[no_grounds.index('<textarea name="resolution"') :]
    assert 'aria-invalid="true"' in resolution[: resolution.index(">")]
    assert text(resolution[: resolution.index("</div>")]) == "Hãy nêu căn cứ giải quyết."
    level = no_level[no_level.index('<select name="level"') :]
    assert 'aria-invalid="true"' in level[: level.index(">")]
    assert text(level[level.index("</select>") : level.index("</div>")]) == (
        "Hãy nêu kết quả mới: xếp loại kèm mức, miễn đánh giá hoặc không xếp loại."
    )
    done = client.post(
        address,
        {"outcome": "uphold", "status": "classified", "level": "L1", "resolution": "Kết luận xác minh."},
        follow=True,
    )
    assert done.redirect_chain[-1][0] == f"/complaints/{cycle.pk}/"
    assert "Đã giải quyết khiếu nại." in text(done.content.decode())
    p3 = review_of(world, "P3")
    assert (p3.state, p3.decided_status, p3.decided_level) == (ReviewState.PUBLISHED, "classified", "L1")
    assert list(Decision.objects.filter(review=p3).values_list("kind", "level", "grounds")) == [
        ("verify", "L2", ""),
        ("decide", "L2", ""),
        ("reclassify", "L1", "Kết luận xác minh."),
    ]
    upheld = text(client.get(f"/complaints/{cycle.pk}/", {"state": "upheld"}).content.decode())
    assert "Chấp nhận: đã xếp loại lại: 1 khiếu nại" in upheld and "Phạm Thị Dung" in upheld
    resolved = text(client.get(address).content.decode())
    assert "Hướng giải quyết Kết luận xác minh." in resolved
    assert "Giải quyết khiếu nại" not in resolved


def test_rejecting_keeps_the_result(world: World) -> None:
    bring(world, "published")
    complaint = file_complaint(world, "P4")
    client = client_for(world, "tinhuy")

    client.post(f"/complaints/item/{complaint.pk}/", {"outcome": "reject", "resolution": "Không có căn cứ."})

    complaint.refresh_from_db()
    p4 = review_of(world, "P4")
    assert (complaint.state, complaint.resolution) == (ComplaintState.REJECTED, "Không có căn cứ.")
    assert (p4.state, p4.decided_level) == (ReviewState.PUBLISHED, "L2")
    assert Complaint.objects.filter(state=ComplaintState.OPEN).count() == 0
