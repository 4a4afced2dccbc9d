"""Drafting and submitting the self-review: autosave through `review_save`, field errors in Vietnamese, the
live total, submission through `review_submit` that locks the page, and what the engine then reads."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

import pytest
from pytest_django.asserts import assertContains, assertRedirects

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.cycles.models import CycleState, CycleTemplate, ReviewCycle
from danhgia.apps.cycles.services import cycle_advance
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.services import review_return, verification_compute
from danhgia.apps.reviews.tests.world import World
from danhgia.apps.selfservice.tests.factories import NOW, client_of, everything, review_of, submit_all
from danhgia.domain.scoring import default_template_json

pytestmark = pytest.mark.django_db
# 366 Phụ lục 4 (staff): 1.1–1.10 binary (item_0–9), 2.1–2.4 binary with checklists (item_10–13), 3.1 binary
# (item_14), and the 70 task points as one computed figure (group_3).
CHECKS = {10: 4, 11: 2, 12: 3, 13: 3}


def complete_form(**changes: Any) -> dict[str, Any]:
    """Every general criterion met (30 points), 60 task points, counts, texts and a proposed level."""
    data: dict[str, Any] = {f"item_{i}": "on" for i in range(15)}
    data |= {f"item_{i}_check_{j}": "on" for i, n in CHECKS.items() for j in range(n)}
    data |= {
        "group_3": "60",
        "tasks_assigned": "10",
        "tasks_completed": "10",
        "tasks_on_time": "10",
        "tasks_exceeded": "2",
        "specific_products": "on",
        "products": "Báo cáo tổng kết công tác tổ chức năm 2025 (số 12/BC-SNV).",
        "shortcomings_noted": "1",
        "shortcomings_remedied": "1",
        "strengths": "Hoàn thành đúng hạn các báo cáo tổng hợp của Sở.",
        "weaknesses": "Còn chậm cập nhật văn bản mới.",
        "causes": "Khối lượng công việc lớn.",
        "remedies": "Dành một buổi mỗi tuần để cập nhật văn bản.",
        "proposed_level": "L2",
    }
    return {key: value for key, value in (data | changes).items() if value is not None}


def url(review: Review, action: str = "") -> str:
    return f"/self-review/{review.pk}/" + (f"{action}/" if action else "")


def audit_actions(review: Review) -> list[str]:
    return list(
        AuditEntry.objects.filter(object_type="review", object_id=str(review.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )


def test_autosave_saves_the_draft_with_the_engine_facts_and_the_content(world: World, cycle: ReviewCycle) -> None:
    review = review_of(world, "P2")

    response = client_of(world, "p2").post(url(review, "autosave"), complete_form(), headers={"HX-Request": "true"})

    assert response.status_code == 200
    html = response.content.decode()
    assert re.search(
        r'<p id="autosave-status" class="ss-status" role="status" hx-swap-oob="true">'
        r"Đã lưu bản nháp lúc \d\d:\d\d\.</p>",
        html,
    )
    assertContains(
        response,
        '<span id="review-state" class="ss-badge ss-state-draft" hx-swap-oob="true">Đang soạn</span>',
        html=True,
    )
    assertContains(response, '<div class="ss-errors" id="err-tasks_on_time" hx-swap-oob="true"></div>', html=True)
    review.refresh_from_db()
    assert (review.state, review.score, review.proposed_level) == (ReviewState.DRAFT, Decimal("90.00"), "L2")
    answers = review.answers
    assert answers["tasks"] == {"assigned": 10, "completed": 10, "on_time": 10, "exceeded": 2}
    assert answers["shortcomings"] == {"noted": 1, "remedied": 1}
    assert answers["specific_products"] is True
    assert answers["items"]["1.1"] == {"met": True}
    assert answers["items"]["2.2"] == {"met": True, "checklist": {"a": True, "b": True}}
    assert answers["computed"] == {"B": "60"}
    assert answers["text"] == {
        "products": "Báo cáo tổng kết công tác tổ chức năm 2025 (số 12/BC-SNV).",
        "strengths": "Hoàn thành đúng hạn các báo cáo tổng hợp của Sở.",
        "weaknesses": "Còn chậm cập nhật văn bản mới.",
        "causes": "Khối lượng công việc lớn.",
        "remedies": "Dành một buổi mỗi tuần để cập nhật văn bản.",
    }
    assert answers["form"]["group_3"] == "60"
    assert audit_actions(review) == ["review_save"]


def test_a_half_filled_draft_comes_back_as_it_was_left(world: World, cycle: ReviewCycle) -> None:
    review = review_of(world, "P2")
    client = client_of(world, "p2")

    client.post(url(review, "autosave"), {"tasks_assigned": "10", "item_3": "on", "group_3": "42.5"})

    review.refresh_from_db()
    assert "tasks" not in review.answers  # the engine only sees the counts once all four are given
    assert review.score == Decimal("44.00")
    page = client.get("/my-review/")
    assertContains(
        page,
        '<input type="number" name="tasks_assigned" value="10" min="0" max="100000"'
        ' aria-describedby="err-tasks_assigned" id="id_tasks_assigned">',
        html=True,
    )
    assertContains(
        page,
        '<input type="checkbox" name="item_3" aria-describedby="err-item_3" id="id_item_3" checked>',
        html=True,
    )
    assertContains(page, "44 / 100 điểm")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"tasks_on_time": "11"}, "tasks_on_time", "Không được lớn hơn số nhiệm vụ hoàn thành."),
        ({"tasks_completed": "12"}, "tasks_completed", "Không được lớn hơn số nhiệm vụ được giao."),
        ({"tasks_exceeded": "11"}, "tasks_exceeded", "Không được lớn hơn số nhiệm vụ hoàn thành."),
        (
            {"shortcomings_remedied": "2"},
            "shortcomings_remedied",
            "Không được lớn hơn số hạn chế, khuyết điểm được chỉ ra.",
        ),
        ({"group_3": "70.5"}, "group_3", "Tối đa 70 điểm."),
        ({"group_3": "60.125"}, "group_3", "Tối đa hai chữ số thập phân."),
        ({"tasks_assigned": "-1"}, "tasks_assigned", "Không được nhỏ hơn 0."),
        ({"tasks_assigned": "mười"}, "tasks_assigned", "Hãy nhập một số nguyên."),
        (
            {"proposed_level": "L5"},
            "proposed_level",
            "Hãy chọn một lựa chọn hợp lệ. L5 không phải là một trong các lựa chọn khả thi.",
        ),
    ],
)
def test_autosave_refuses_contradictions_next_to_the_field_and_changes_nothing(
    world: World, cycle: ReviewCycle, changes: dict[str, str], field: str, message: str
) -> None:
    review = review_of(world, "P2")
    before = everything()

    response = client_of(world, "p2").post(url(review, "autosave"), complete_form(**changes))

    assertContains(
        response,
        f'<div class="ss-errors" id="err-{field}" hx-swap-oob="true"><ul class="errorlist" id="id_{field}_error">'
        f"<li>{message}</li></ul></div>",
        html=True,
    )
    assertContains(
        response,
        '<p id="autosave-status" class="ss-status ss-status-error" role="status" hx-swap-oob="true">'
        "Chưa lưu: hãy sửa các mục được đánh dấu bên dưới.</p>",
        html=True,
    )
    assert everything() == before


def test_a_graded_item_takes_only_multiples_of_its_step(world: World, cycle: ReviewCycle) -> None:
    CycleTemplate.objects.filter(cycle=cycle, category="staff").update(
        body=default_template_json("nd335-2025", "staff")
    )
    before = everything()

    response = client_of(world, "p2").post(url(review_of(world, "P2"), "autosave"), {"item_0": "4.3"})

    assertContains(response, "<li>Hãy nhập bội số của 0,5.</li>", html=True)
    assert everything() == before


def test_the_live_total_is_computed_by_the_server_and_saves_nothing(world: World, cycle: ReviewCycle) -> None:
    before = everything()
    # 1.1 met (1.5); 2.1 ticked but one of its four checks not met: all or nothing, so 0; 60 task points.
    data = {"item_0": "on", "item_10": "on", "item_10_check_0": "on", "item_10_check_1": "on", "group_3": "60"}

    response = client_of(world, "p2").post(url(review_of(world, "P2"), "total"), data)

    assertContains(
        response,
        '<span class="ss-total-label">Tổng điểm tự chấm</span> <output class="ss-total-value"'
        ' for="self-review-form">61,5 / 100 điểm</output>',
        html=True,
    )
    assert everything() == before


def test_submit_refuses_an_incomplete_self_review_next_to_each_field(world: World, cycle: ReviewCycle) -> None:
    before = everything()

    response = client_of(world, "p2").post(url(review_of(world, "P2"), "submit"), {"item_0": "on"})

    assert response.status_code == 200
    assertContains(
        response,
        '<div class="ss-alert" role="alert"><p>Chưa nộp được bản tự kiểm điểm: hãy sửa các mục được đánh dấu bên dưới.'
        "</p></div>",
        html=True,
    )
    for field, message in (
        ("proposed_level", "Hãy tự đề xuất mức xếp loại trước khi nộp."),
        ("tasks_assigned", "Cần điền đủ bốn số liệu về nhiệm vụ."),
        ("tasks_exceeded", "Cần điền đủ bốn số liệu về nhiệm vụ."),
        ("group_3", "Cần điền mục này trước khi nộp."),
    ):
        assertContains(
            response,
            f'<div class="ss-errors" id="err-{field}"><ul class="errorlist" id="id_{field}_error"><li>{message}</li>'
            "</ul></div>",
            html=True,
        )
    assert everything() == before


def test_submit_asks_for_the_evidence_of_an_item_that_needs_it(world: World, cycle: ReviewCycle) -> None:
    CycleTemplate.objects.filter(cycle=cycle, category="staff").update(
        body=default_template_json("nd335-2025", "staff")
    )
    data = {f"item_{i}": "2.5" for i in range(2, 10)} | {"item_6": "2", "proposed_level": "L2"}
    data |= {"strengths": "Hoàn thành đúng hạn.", "weaknesses": "Còn chậm cập nhật văn bản mới."}
    # the 70 task points from one product: 14 assigned, 12 completed, one unit failed its quality check four times,
    # two units were each delayed four times: 70 × (12 + 11 + 10) / 14 / 3 = 55
    data |= {"products-TOTAL_FORMS": "1", "products-INITIAL_FORMS": "0", "products-0-name": "Báo cáo"}
    data |= {"products-0-quantity": "14", "products-0-completed": "12", "products-0-quality_failures": "4"}
    data |= {"products-0-delays": "4, 4"}
    data |= {f"item_0_check_{j}": "on" for j in range(8)} | {f"item_1_check_{j}": "on" for j in range(4)}
    data |= {f"item_{i}_evidence": "Quyết định 15/QĐ-SNV" for i in (7, 8, 9)}
    before = everything()

    response = client_of(world, "p2").post(url(review_of(world, "P2"), "submit"), data)

    assertContains(
        response,
        '<div class="ss-errors" id="err-item_6_evidence"><ul class="errorlist" id="id_item_6_evidence_error">'
        "<li>Mục III.1 «Có sản phẩm, giải pháp đột phá, sáng tạo có giá trị thiết thực»: cần minh chứng.</li></ul>"
        "</div>",
        html=True,
    )
    assert everything() == before

    response = client_of(world, "p2").post(
        url(review_of(world, "P2"), "submit"), data | {"item_6_evidence": "Sáng kiến số 3/2025"}
    )

    assertRedirects(response, url(review_of(world, "P2")), fetch_redirect_response=False)
    review = review_of(world, "P2")
    # I.1, I.2 default met (10) + II 4 × 2.5 + III 2 + 3 × 2.5 + 55.
    assert (review.state, review.score) == (ReviewState.SUBMITTED, Decimal("84.50"))
    assert review.answers["items"]["III.1"] == {"points": "2", "evidence": ["Sáng kiến số 3/2025"]}


def test_submit_saves_and_locks_the_self_review(world: World, cycle: ReviewCycle) -> None:
    review = review_of(world, "P2")
    client = client_of(world, "p2")

    response = client.post(url(review, "submit"), complete_form())

    assertRedirects(response, url(review), fetch_redirect_response=False)
    review.refresh_from_db()
    assert (review.state, review.score, review.submitted_at is not None) == (
        ReviewState.SUBMITTED,
        Decimal("90.00"),
        True,
    )
    assert audit_actions(review) == ["review_save", "review_submit"]
    page = client.get(url(review))
    assertContains(
        page,
        '<li class="ss-message ss-message-success">'
        "Đã nộp bản tự kiểm điểm. Bản tự kiểm điểm không thể sửa đổi nữa.</li>",
        html=True,
    )
    assertContains(
        page,
        '<p class="ss-notice">Bản tự kiểm điểm đã nộp và không thể sửa đổi. Kết quả sẽ hiển thị tại đây khi được'
        " công bố.</p>",
        html=True,
    )
    assertContains(page, '<span id="review-state" class="ss-badge ss-state-submitted">Đã nộp</span>', html=True)
    assertContains(
        page,
        '<div class="ss-field"><span class="ss-label">Tự nhận mức xếp loại</span>'
        '<span class="ss-value">Hoàn thành tốt nhiệm vụ</span></div>',
        html=True,
    )
    # 15 items and the 12 entries of their checklists
    assertContains(page, '<span class="ss-value">Đảm bảo</span>', count=27, html=True)
    assertContains(page, "90 / 100 điểm")
    main = page.content.decode().split("<main>")[1].split("</main>")[0]
    assert [tag for tag in ("<input", "<select", "<textarea", "<button", "hx-post") if tag in main] == []


def test_a_submitted_self_review_refuses_every_change(world: World, cycle: ReviewCycle) -> None:
    review = review_of(world, "P2")
    client = client_of(world, "p2")
    client.post(url(review, "submit"), complete_form())
    before = everything()

    autosave = client.post(url(review, "autosave"), complete_form(proposed_level="L1"))
    submit = client.post(url(review, "submit"), complete_form(proposed_level="L1"))

    assertContains(
        autosave,
        '<p id="autosave-status" class="ss-status ss-status-error" role="status" hx-swap-oob="true">'
        "Chưa lưu: hãy sửa các mục được đánh dấu bên dưới. Bản tự kiểm điểm đã nộp, không thể sửa.</p>",
        html=True,
    )
    assertContains(submit, "<li>Bản tự kiểm điểm đã nộp, không thể sửa.</li>", html=True)
    assert everything() == before


def test_a_returned_self_review_can_be_corrected_and_submitted_again(world: World, cycle: ReviewCycle) -> None:
    review = review_of(world, "P2")
    client = client_of(world, "p2")
    client.post(url(review, "submit"), complete_form())
    review_return(review=review, actor=world.users["thamdinh"], reason="Bổ sung sản phẩm cụ thể.", now=NOW)

    page = client.get("/my-review/")

    assertContains(
        page,
        '<p class="ss-alert">Bản tự kiểm điểm được trả lại để bổ sung, sửa chữa: hãy hoàn thiện và nộp lại.</p>',
        html=True,
    )
    assertContains(page, '<input type="number" name="group_3" value="60"', count=1)
    response = client.post(url(review, "submit"), complete_form(group_3="62"))
    assertRedirects(response, url(review), fetch_redirect_response=False)
    review.refresh_from_db()
    assert (review.state, review.score) == (ReviewState.SUBMITTED, Decimal("92.00"))


def test_the_engine_reads_what_the_form_saved(world: World, cycle: ReviewCycle) -> None:
    review = review_of(world, "P2")
    client_of(world, "p2").post(url(review, "submit"), complete_form())
    submit_all(world)
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.VERIFICATION, now=NOW)

    verification_compute(cycle=cycle, unit=world.province, actor=world.users["thamdinh"], now=NOW)

    review.refresh_from_db()
    # 90 points and every task on time, but only 2 of 10 exceeded: level 1 needs 30 %.
    assert (review.engine_status, review.engine_level) == ("classified", "L2")
    assert [r["code"] for r in review.engine_reasons] == ["level1_exceeded_share"]


def test_the_collective_self_review_is_filled_by_the_cell_secretary(world: World, cycle: ReviewCycle) -> None:
    review = Review.objects.get(unit=world.cell, category="party_organisation")
    client = client_of(world, "bithu")

    page = client.get(url(review))
    response = client.post(url(review, "autosave"), {"tasks_assigned": "8", "proposed_level": "L2"})

    assertContains(page, "<h1>Bản tự kiểm điểm của tập thể</h1>", html=True)
    assertContains(
        page,
        '<div><dt>Tập thể được kiểm điểm</dt><dd>Chi bộ Văn phòng <span class="ss-muted">'
        "(Tổ chức đảng)</span></dd></div>",
        html=True,
    )
    assertContains(page, f'<a href="/unit-board/?cycle={cycle.pk}">Quay lại bảng theo dõi đơn vị</a>', html=True)
    assert response.status_code == 200
    review.refresh_from_db()
    assert (review.state, review.proposed_level, review.answers["form"]["tasks_assigned"]) == ("draft", "L2", 8)
