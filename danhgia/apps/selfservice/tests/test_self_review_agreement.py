"""A self-review's criteria, total and level agree (issue: the demo member's published Quý III/2025 review read
"Không đảm bảo" beside every criterion, next to 96/100 and "Hoàn thành xuất sắc nhiệm vụ"). The form refuses a
proposed level the total does not reach, naming the field in Vietnamese; a self-review saved without its answer
to each criterion says so instead of reading as every criterion not met."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from pytest_django.asserts import assertContains, assertNotContains

from danhgia.apps.cycles.models import CycleState, ReviewCycle
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.tests.world import World
from danhgia.apps.selfservice.selectors import criteria_for
from danhgia.apps.selfservice.tests.factories import advance, client_of, everything, review_of, submit_all
from danhgia.apps.selfservice.tests.test_self_review import complete_form, url

pytestmark = pytest.mark.django_db


def test_a_level_the_total_does_not_reach_is_refused_on_the_level_field_and_nothing_changes(
    world: World, cycle: ReviewCycle
) -> None:
    review = review_of(world, "P2")
    before = everything()

    # 30 general points and 32 task points: 62, short of the 90 level 1 needs
    response = client_of(world, "p2").post(url(review, "submit"), complete_form(group_3="32", proposed_level="L1"))

    assert response.status_code == 200
    assertContains(
        response,
        '<div class="ss-errors" id="err-proposed_level"><ul class="errorlist" id="id_proposed_level_error"><li>'
        "Tổng điểm tự chấm là 62 điểm: mức hoàn thành xuất sắc nhiệm vụ cần từ 90 điểm trở lên. Hãy tự nhận "
        "mức mà tổng điểm đạt được, hoặc xem lại điểm từng tiêu chí.</li></ul></div>",
        html=True,
    )
    assert everything() == before
    assert Review.objects.get(pk=review.pk).state == ReviewState.NOT_STARTED


def test_a_level_within_the_total_is_submitted_and_a_modest_one_too(world: World, cycle: ReviewCycle) -> None:
    excellent, modest = review_of(world, "P2"), review_of(world, "P3")

    first = client_of(world, "p2").post(url(excellent, "submit"), complete_form(group_3="62", proposed_level="L1"))
    second = client_of(world, "p3").post(url(modest, "submit"), complete_form(group_3="62", proposed_level="L2"))

    assert (first.status_code, second.status_code) == (302, 302)
    saved = Review.objects.filter(pk__in=[excellent.pk, modest.pk]).order_by("pk")
    assert [(r.state, r.score, r.proposed_level) for r in saved] == [
        (ReviewState.SUBMITTED, Decimal(92), "L1"),
        (ReviewState.SUBMITTED, Decimal(92), "L2"),
    ]


def test_a_result_saved_with_its_total_only_never_reads_as_every_criterion_not_met(
    world: World, cycle: ReviewCycle
) -> None:
    submit_all(world, score=96, level="L1")  # a total and the engine's facts, no answer per criterion
    advance(world, cycle, CycleState.PUBLISHED)
    review = review_of(world, "P3")

    page = client_of(world, "p3").get(url(review))

    assertNotContains(page, "Không đảm bảo")
    assertContains(
        page,
        '<p class="ss-notice ss-unrecorded">Bản tự kiểm điểm này chỉ lưu tổng điểm: câu trả lời cho từng tiêu chí '
        "không được ghi nhận.</p>",
        html=True,
    )
    assertContains(page, '<span class="ss-value">Không ghi nhận</span>', count=15 + sum((4, 2, 3, 3)))


def test_answers_saved_in_the_domains_shape_show_as_they_were_given(world: World, cycle: ReviewCycle) -> None:
    submit_all(world)
    advance(world, cycle, CycleState.PUBLISHED)
    review = review_of(world, "P3")
    criteria = criteria_for(review)
    items: dict[str, Any] = {
        spec.item.code: {"met": spec.item.code != "1.8", "checklist": {c.code: True for c in spec.checks}}
        for spec in criteria.items()
    }
    Review.objects.filter(pk=review.pk).update(answers=review.answers | {"items": items, "computed": {"B": "55"}})

    page = client_of(world, "p3").get(url(review))

    assertNotContains(page, "Không ghi nhận")
    assertContains(page, '<span class="ss-value">Không đảm bảo</span>', count=1)  # 1.8, as it was answered
    assertContains(page, '<span class="ss-value">Đảm bảo</span>', count=len(items) - 1 + 12)  # and the checklists
    assertContains(page, '<span class="ss-value">55</span>', count=1)


def test_a_count_of_zero_comes_back_as_zero_not_blank(world: World, cycle: ReviewCycle) -> None:
    review = review_of(world, "P2")
    client = client_of(world, "p2")
    client.post(url(review, "autosave"), complete_form(tasks_exceeded="0"), headers={"HX-Request": "true"})

    page = client.get(url(review))

    assert Review.objects.get(pk=review.pk).answers["tasks"]["exceeded"] == 0
    assertContains(page, 'name="tasks_exceeded" value="0"', count=1)
