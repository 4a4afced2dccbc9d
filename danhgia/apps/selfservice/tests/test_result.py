"""The result on the subject's page: nothing of the engine's or the verifier's level before publication and
never the verification note; after publication the decided level with the engine's reasons; the history of
published results; complaints filed within the cycle's time and their resolution."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from danhgia.apps.cycles.models import CycleState, ReviewCycle
from danhgia.apps.reviews.models import Complaint, Review, ReviewState
from danhgia.apps.reviews.services import (
    complaint_resolve,
    review_save,
    review_submit,
    review_verify,
    reviews_decide,
    reviews_publish,
)
from danhgia.apps.reviews.tests.world import World, excellent_answers
from danhgia.apps.selfservice.tests.factories import (
    NOW,
    advance,
    client_of,
    everything,
    open_cycle,
    review_of,
    submit_all,
)

pytestmark = pytest.mark.django_db
NOTE = "Chưa có sản phẩm đột phá được cấp có thẩm quyền xác nhận."


def main(response: object) -> str:
    return response.content.decode().split("<main>")[1].split("</main>")[0]  # type: ignore[attr-defined]


def verified_below_the_proposal(world: World, cycle: ReviewCycle) -> Review:
    """P2 proposes L1 with excellent answers; the engine keeps L2 (quota); the advisory body proposes L3."""
    review = review_save(
        review=review_of(world, "P2"),
        actor=world.users["p2"],
        answers=excellent_answers(),
        score=Decimal(95),
        proposed_level="L1",
        now=NOW,
    )
    review_submit(review=review, actor=world.users["p2"], now=NOW)
    submit_all(world)
    advance(world, cycle, CycleState.DECISION)
    return review_verify(
        review=review, actor=world.users["thamdinh"], status="classified", level="L3", justification=NOTE, now=NOW
    )


def test_before_publication_neither_the_engine_nor_the_verifier_shows(world: World, cycle: ReviewCycle) -> None:
    review = verified_below_the_proposal(world, cycle)
    assert (review.engine_level, review.verified_level) == ("L2", "L3")

    html = main(client_of(world, "p2").get("/my-review/"))

    assert '<span id="review-state" class="ss-badge ss-state-verified">Đã thẩm định</span>' in html
    assert '<span class="ss-value">Hoàn thành xuất sắc nhiệm vụ</span>' in html  # the member's own proposal
    for hidden in (
        "Hoàn thành tốt nhiệm vụ",
        "Hoàn thành nhiệm vụ",
        NOTE,
        "Kết quả xếp loại chất lượng",
        "Lý do, căn cứ",
    ):
        assert hidden not in html
    for reason in review.engine_reasons:
        assert reason["detail"] not in html


def test_after_publication_the_decided_level_and_the_engines_reasons_show(world: World, cycle: ReviewCycle) -> None:
    review = verified_below_the_proposal(world, cycle)
    advance_from_decision(world, cycle)
    review.refresh_from_db()
    assert (review.state, review.decided_level) == (ReviewState.PUBLISHED, "L3")
    [reason] = review.engine_reasons

    response = client_of(world, "p2").get("/my-review/")

    assertContains(response, '<p class="ss-level">Hoàn thành nhiệm vụ</p>', html=True)
    assertContains(
        response,
        f'<p class="ss-muted">Công bố ngày {timezone.localtime(review.published_at):%d/%m/%Y}.</p>',
        html=True,
    )
    assertContains(
        response,
        f'<tr data-code="quota_level1_over_20pct_of_level2"><td>{reason["detail"]}</td>'
        f"<td>{reason['source']}</td></tr>",
        html=True,
    )
    assertNotContains(response, NOTE)
    assertContains(response, "95 / 100 điểm")  # the score it was submitted with
    assertContains(
        response,
        f'<a class="button" href="/self-review/{review.pk}/complaint/">Gửi khiếu nại</a>',
        html=True,
    )


def advance_from_decision(world: World, cycle: ReviewCycle) -> None:
    reviews = Review.objects.filter(cycle=cycle)
    reviews_decide(reviews=list(reviews.filter(category="organisation")), actor=world.users["tinhuy"], now=NOW)
    reviews_decide(reviews=list(reviews.filter(unit=world.cell)), actor=world.users["quyetdinh"], now=NOW)
    reviews_decide(reviews=list(reviews.exclude(state="decided")), actor=world.users["tinhuy"], now=NOW)
    reviews_publish(reviews=reviews, actor=world.users["admin"], now=NOW)


def test_the_history_lists_published_results_only(world: World, cycle: ReviewCycle) -> None:
    submit_all(world)
    advance(world, cycle, CycleState.PUBLISHED)
    published = review_of(world, "P3")
    later = open_cycle(world, name="Kiểm điểm quý I/2026")
    client = client_of(world, "p3")

    history = client.get("/my-review/history/")
    current = client.get("/my-review/")

    assertContains(
        history,
        f'<tr><td><a href="/self-review/{published.pk}/">Kiểm điểm năm 2025</a></td>'
        f"<td>Hoàn thành tốt nhiệm vụ</td><td>{timezone.localtime(NOW):%d/%m/%Y}</td>"
        f'<td><ul class="ss-events"><li class="ss-event ss-event-published"><time datetime="2025-12-10">'
        f"{timezone.localtime(NOW):%d/%m/%Y}</time> Công bố: Hoàn thành tốt nhiệm vụ</li></ul></td>"
        "<td>Đã công bố</td></tr>",
        html=True,
    )
    assertNotContains(history, "Kiểm điểm quý I/2026")
    # the page of the current cycle links to the other one still under way
    later_review = Review.objects.get(cycle=later, person=world.people["P3"])
    assertContains(
        current,
        f'<form id="self-review-form" class="ss-form" method="post" action="/self-review/{later_review.pk}/submit/"',
    )
    assertContains(current, f'<a href="/self-review/{published.pk}/">Kiểm điểm năm 2025</a>', html=True)


def test_a_complaint_is_filed_then_its_resolution_shows(world: World, cycle: ReviewCycle) -> None:
    submit_all(world)
    advance(world, cycle, CycleState.PUBLISHED)
    review = review_of(world, "P3")
    client = client_of(world, "p3")

    form = client.get(f"/self-review/{review.pk}/complaint/")
    response = client.post(
        f"/self-review/{review.pk}/complaint/", {"text": "Đề nghị xem xét lại: tôi đã vượt 3 chỉ tiêu."}
    )

    assertContains(form, '<label for="id_text">Nội dung khiếu nại và lý do</label>', html=True)
    assertContains(form, "Khiếu nại về kết quả của kỳ đánh giá này được nhận đến hết ngày")
    assertRedirects(response, f"/self-review/{review.pk}/#complaints", fetch_redirect_response=False)
    complaint = Complaint.objects.get(review=review)
    assert (complaint.text, complaint.filed_by, complaint.state) == (
        "Đề nghị xem xét lại: tôi đã vượt 3 chỉ tiêu.",
        world.users["p3"],
        "open",
    )
    page = client.get(f"/self-review/{review.pk}/")
    assertContains(page, '<span id="review-state" class="ss-badge ss-state-complained">Có khiếu nại</span>', html=True)
    assertContains(page, "<strong>Đang xem xét</strong>", html=True)
    assertNotContains(page, "/complaint/")  # one complaint at a time

    complaint_resolve(
        complaint=complaint,
        actor=world.users["tinhuy"],
        upheld=True,
        resolution="Xác minh đúng: xếp loại lại mức 1.",
        status="classified",
        level="L1",
        now=NOW,
    )
    page = client.get(f"/self-review/{review.pk}/")
    assertContains(page, '<p class="ss-level">Hoàn thành xuất sắc nhiệm vụ</p>', html=True)
    assertContains(page, "<strong>Chấp nhận: đã xếp loại lại</strong>", html=True)
    assertContains(page, "Xác minh đúng: xếp loại lại mức 1.")


def test_no_complaint_after_the_time_for_complaints(world: World, cycle: ReviewCycle) -> None:
    submit_all(world)
    advance(world, cycle, CycleState.PUBLISHED)
    ReviewCycle.objects.filter(pk=cycle.pk).update(complaints_until=timezone.localdate() - timedelta(days=1))
    review = review_of(world, "P3")
    client = client_of(world, "p3")
    before = everything()

    page = client.get(f"/self-review/{review.pk}/")
    form = client.get(f"/self-review/{review.pk}/complaint/")
    response = client.post(f"/self-review/{review.pk}/complaint/", {"text": "Đề nghị xem xét lại."})

    assertNotContains(page, "/complaint/")
    assertContains(
        form,
        '<p class="ss-notice">Không thể gửi khiếu nại về kết quả này nữa: đã có khiếu nại đang được xem xét, hoặc đã'
        " hết thời hạn khiếu nại.</p>",
        html=True,
    )
    assertContains(response, "<li>Đã hết thời hạn khiếu nại của kỳ đánh giá này.</li>", html=True)
    assert everything() == before


def test_a_complaint_needs_its_grounds(world: World, cycle: ReviewCycle) -> None:
    submit_all(world)
    advance(world, cycle, CycleState.PUBLISHED)
    review = review_of(world, "P3")
    before = everything()

    response = client_of(world, "p3").post(f"/self-review/{review.pk}/complaint/", {"text": "   "})

    assertContains(
        response, '<ul class="errorlist" id="id_text_error"><li>Trường này là bắt buộc.</li></ul>', html=True
    )
    assert everything() == before


def test_no_complaint_page_before_publication(world: World, cycle: ReviewCycle) -> None:
    review = review_of(world, "P3")

    assert client_of(world, "p3").get(f"/self-review/{review.pk}/complaint/").status_code == 404
