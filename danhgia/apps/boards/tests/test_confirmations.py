"""Irreversible steps ask first: submitting a self-review, deciding, publishing and resolving a complaint carry
`data-confirm` with what will happen, which boards/confirm.js shows in the page's <dialog> before the form is
sent. Without JavaScript the forms post as they always did (the other tests post them directly)."""

from __future__ import annotations

import pytest
from pytest_django.asserts import assertContains

from danhgia.apps.boards.tests.world import bring, client_for, file_complaint, make_world, review_of
from danhgia.apps.reviews.services import reviews_decide
from danhgia.apps.reviews.tests.world import World

pytestmark = pytest.mark.django_db
DIALOG = '<dialog id="confirm-dialog" class="confirm-dialog"'
SCRIPT = '<script src="/static/boards/confirm.js" defer></script>'


@pytest.fixture
def world() -> World:
    return make_world()


def test_deciding_one_subject_and_publishing_name_what_will_happen(world: World) -> None:
    cycle = bring(world, "decision")
    client = client_for(world, "quyetdinh")
    p3 = review_of(world, "P3")
    reviews_decide(reviews=[p3], actor=world.users["quyetdinh"])

    page = client.get(f"/decision/{cycle.pk}/{world.cell.pk}/")

    assertContains(page, DIALOG)
    assertContains(page, SCRIPT)
    assertContains(
        page,
        'data-confirm="Quyết định kết quả của Vũ Thị Giang: Hoàn thành tốt nhiệm vụ? Kết quả đã quyết định không thể '
        'sửa trên trang này, chỉ có thể thay đổi qua giải quyết khiếu nại."',
    )
    assertContains(
        page,
        'data-confirm="Công bố 1 kết quả đã quyết định của Chi bộ Văn phòng? Người được đánh giá sẽ thấy kết quả '
        'cùng lý do, căn cứ và có thể khiếu nại đến hết ngày 31/01/2026. Việc công bố không thể thu hồi." '
        'data-confirm-button="Công bố"',
    )


def test_resolving_a_complaint_asks_first(world: World) -> None:
    bring(world, "published")
    complaint = file_complaint(world, "P3")

    page = client_for(world, "tinhuy").get(f"/complaints/item/{complaint.pk}/")

    assertContains(page, DIALOG)
    assertContains(
        page,
        'data-confirm="Giải quyết khiếu nại theo nội dung đã chọn? Việc giải quyết được ghi với ngày hôm nay và là '
        'quyết định cuối cùng; ngày công bố kết quả ban đầu được giữ nguyên." data-confirm-button="Giải quyết"',
    )


def test_submitting_a_self_review_asks_first(world: World) -> None:
    bring(world, "open")
    review = review_of(world, "P3")

    page = client_for(world, "p3").get(f"/self-review/{review.pk}/")

    assertContains(page, DIALOG)
    assertContains(page, SCRIPT)
    assertContains(
        page,
        'data-confirm="Nộp bản tự kiểm điểm ngay bây giờ? Sau khi nộp, bản tự kiểm điểm bị khóa: không thể sửa nữa, '
        'trừ khi cơ quan tham mưu trả lại để chỉnh sửa. Chi bộ sẽ xem xét tại hội nghị kiểm điểm." '
        'data-confirm-button="Nộp"',
    )
