"""The self-review page renders the cycle's frozen template for the subject's category: binary items as
"Đảm bảo" checkboxes, graded items with their step and maximum, XS/T/TB/K selects, the generic form when
the template is empty; in Vietnamese by default and in English under /en/."""

from __future__ import annotations

import pytest
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from danhgia.apps.access.models import Account
from danhgia.apps.cycles.models import CycleTemplate, ReviewCycle
from danhgia.apps.orgs.models import Person
from danhgia.apps.reviews.tests.world import World
from danhgia.apps.selfservice.tests.factories import client_of, open_cycle, review_of
from danhgia.domain.scoring import default_template_json

pytestmark = pytest.mark.django_db
EMPTY = {"ruleset": "qd366-2025", "category": "staff", "groups": [], "source": "none"}


def test_the_self_review_follows_the_frozen_qd366_template_in_vietnamese(world: World, cycle: ReviewCycle) -> None:
    response = client_of(world, "p2").get("/my-review/")

    assert response.status_code == 200
    assertContains(response, '<html lang="vi">')
    assertContains(response, "<h1>Bản tự kiểm điểm của tôi</h1>", html=True)
    assertContains(response, "<div><dt>Kỳ đánh giá</dt><dd>Kiểm điểm năm 2025</dd></div>", html=True)
    assertContains(
        response,
        '<span id="review-state" class="ss-badge ss-state-not_started">Chưa bắt đầu</span>',
        html=True,
    )
    assertContains(response, "<div><dt>Hạn nộp bản tự kiểm điểm</dt><dd>15/12/2025</dd></div>", html=True)
    assertContains(
        response,
        '<label class="ss-item-text" for="id_item_0"><span class="ss-code">1.1</span> Bản lĩnh chính trị vững vàng,'
        ' kiên định lập trường <span class="ss-max">(tối đa 1,5 điểm)</span></label>',
        html=True,
    )
    assertContains(
        response,
        '<div class="ss-control"><input type="checkbox" name="item_0" aria-describedby="err-item_0" id="id_item_0">'
        ' <label for="id_item_0">Đảm bảo (bỏ đánh dấu nếu không đảm bảo)</label></div>',
        html=True,
    )
    # 2.1 is all or nothing: its four official sub-items are a checklist.
    assertContains(
        response,
        '<input type="checkbox" name="item_10_check_3" aria-describedby="err-item_10_check_3" id="id_item_10_check_3">',
        html=True,
    )
    assertContains(response, '<label for="id_item_10_check_3">Sử dụng công nghệ thông tin</label>', html=True)
    # The 70 task points are computed from products: one figure, with the sectors' guidance.
    assertContains(response, '<label for="id_group_3">Điểm tự chấm của nhóm (tối đa 70 điểm)</label>', html=True)
    assertContains(response, "<summary>Hướng dẫn</summary>", html=True)
    assertContains(
        response,
        '<span class="ss-total-label">Tổng điểm tự chấm</span> <output class="ss-total-value"'
        ' for="self-review-form">0 / 100 điểm</output>',
        html=True,
    )
    assertContains(response, '<option value="L1">Hoàn thành xuất sắc nhiệm vụ</option>', html=True)
    assertContains(response, '<option value="L4">Không hoàn thành nhiệm vụ</option>', html=True)
    assertContains(response, '<label for="id_tasks_exceeded">Vượt yêu cầu</label>', html=True)
    assertContains(response, '<label for="id_remedies">Biện pháp khắc phục, cam kết</label>', html=True)
    assertContains(
        response,
        'hx-post="/self-review/{}/autosave/" hx-trigger="change delay:800ms"'.format(review_of(world, "P2").pk),
    )
    assertContains(response, '<button type="submit">Nộp bản tự kiểm điểm</button>', html=True)
    assertContains(response, '<link rel="stylesheet" href="/static/selfservice/selfservice.css">', html=True)


def test_graded_items_carry_their_step_and_maximum(world: World, cycle: ReviewCycle) -> None:
    CycleTemplate.objects.filter(cycle=cycle, category="staff").update(
        body=default_template_json("nd335-2025", "staff")
    )

    response = client_of(world, "p2").get("/my-review/")

    assertContains(
        response,
        '<input type="number" name="item_0" min="0" max="5" step="0.5" inputmode="decimal"'
        ' aria-describedby="err-item_0" id="id_item_0">',
        html=True,
    )
    assertContains(
        response,
        '<label class="ss-item-text" for="id_item_0"><span class="ss-code">I.1</span> Phẩm chất chính trị, phẩm chất'
        ' đạo đức, văn hóa thực thi công vụ <span class="ss-max">(tối đa 5 điểm, mỗi bậc 0,5 điểm)</span></label>',
        html=True,
    )
    # III.1 needs evidence when it scores: a field for the reference beside it.
    assertContains(
        response,
        '<label for="id_item_8_evidence">Minh chứng (số văn bản hoặc tên tệp đã đính kèm)</label>',
        html=True,
    )
    # I.1 and I.2 count as met until marked otherwise (5 + 5), the innovation items as not met.
    assertContains(response, "10 / 100 điểm")


def test_a_grades_rule_set_asks_for_xs_t_tb_k_per_criterion(world: World) -> None:
    open_cycle(world, ruleset="qd124-2023", name="Kiểm điểm năm 2025 (124)")

    response = client_of(world, "p2").get("/my-review/")

    assertContains(
        response,
        '<select name="item_0" aria-describedby="err-item_0" id="id_item_0"><option value="" selected>— chọn —</option>'
        '<option value="XS">Xuất sắc (XS)</option><option value="T">Tốt (T)</option>'
        '<option value="TB">Trung bình (TB)</option><option value="K">Kém (K)</option></select>',
        html=True,
    )
    assertContains(
        response,
        '<label class="ss-item-text" for="id_item_0"><span class="ss-code">politics</span> Tư tưởng chính trị</label>',
        html=True,
    )
    assertNotContains(response, "Tổng điểm tự chấm")  # no points under a grades rule set


def test_an_empty_template_gives_the_generic_100_point_form(world: World, cycle: ReviewCycle) -> None:
    CycleTemplate.objects.filter(cycle=cycle, category="staff").update(body=EMPTY)

    response = client_of(world, "p2").get("/my-review/")

    assertContains(response, "<legend>Tự chấm điểm (thang điểm 100)</legend>", html=True)
    assertContains(response, '<label for="id_points_general">Nhóm tiêu chí chung (tối đa 30 điểm)</label>', html=True)
    assertContains(
        response,
        '<label for="id_points_tasks">Nhóm tiêu chí kết quả thực hiện nhiệm vụ (tối đa 70 điểm)</label>',
        html=True,
    )
    assertNotContains(response, "ss-item-text")


def test_an_empty_template_under_a_grades_rule_set_gives_one_grade_per_criterion(world: World) -> None:
    cycle = open_cycle(world, ruleset="qd124-2023")
    CycleTemplate.objects.filter(cycle=cycle, category="staff").update(body=EMPTY | {"ruleset": "qd124-2023"})

    response = client_of(world, "p2").get("/my-review/")

    assertContains(response, "<legend>Tự đánh giá theo từng tiêu chí</legend>", html=True)
    for name, label in (
        ("politics", "Tư tưởng chính trị"),
        ("ethics", "Phẩm chất đạo đức, lối sống"),
        ("discipline", "Ý thức tổ chức kỷ luật"),
        ("style", "Tác phong, lề lối làm việc"),
        ("tasks", "Kết quả thực hiện chức trách, nhiệm vụ được giao"),
    ):
        assertContains(response, f'<label for="id_grade_{name}">{label}</label>', html=True)
    assertContains(response, '<option value="TB">Trung bình (TB)</option>', html=True)


def test_the_page_is_in_english_under_the_en_prefix(world: World, cycle: ReviewCycle) -> None:
    response = client_of(world, "p2").get("/en/my-review/")

    assertContains(response, '<html lang="en">')
    assertContains(response, "<h1>My self-review</h1>", html=True)
    assertContains(response, '<label for="id_item_0">Met (untick: not met)</label>', html=True)
    assertContains(response, '<span class="ss-code">1.1</span> Firm political will and stance')
    assertContains(response, '<option value="L2">Good completion of duties</option>', html=True)
    assertContains(response, "<div><dt>Self-review due</dt><dd>15/12/2025</dd></div>", html=True)
    assertContains(response, '<form id="self-review-form" class="ss-form" method="post" action="/en/self-review/')
    assertNotContains(response, "Đảm bảo")


def test_a_login_without_a_person_is_told_so(world: World, cycle: ReviewCycle) -> None:
    response = client_of(world, "admin").get("/my-review/")

    assert response.status_code == 200
    assertContains(
        response, '<p class="ss-notice">Tài khoản của đồng chí chưa được gắn với hồ sơ cá nhân.</p>', html=True
    )


def test_a_person_outside_every_cycle_has_no_review(world: World, cycle: ReviewCycle) -> None:
    outsider = Person.objects.create(personnel_code="X1", full_name="Đỗ Văn Ngoài")
    Account.objects.filter(user=world.users["thamdinh"]).update(person=outsider)

    response = client_of(world, "thamdinh").get("/my-review/")

    assertContains(
        response,
        '<p class="ss-notice">Đồng chí chưa có bản kiểm điểm nào trong kỳ đánh giá đang diễn ra.</p>',
        html=True,
    )


def test_anonymous_visitors_are_sent_to_the_login_page(world: World, cycle: ReviewCycle) -> None:
    response = Client().get("/my-review/")

    assert (response.status_code, response.headers["Location"]) == (302, "/accounts/login/?next=/my-review/")
