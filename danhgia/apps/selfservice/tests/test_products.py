"""Decree 335 self-reviews: the 70 task points come from a products table (Art. 13–16), not a typed figure.

The worked example, by hand from the Decree's formula (decree335.py):
- row 1 "Báo cáo chuyên đề": 4 assigned × coefficient 1, 4 completed (1 beyond the requirement), one unit
  failed one quality check;
- row 2 "Văn bản hướng dẫn": 2 assigned × coefficient 1,5, 1 completed, delayed twice.
Assigned units 4 + 3 = 7; completed 4 + 1,5 = 5,5; to quality 3 + 0,75 + 1,5 = 5,25; on time 4 + 0,5 × 1,5 =
4,75. a = 5,5/7 = 78,57 %, b = 5,25/7 = 75 %, c = 4,75/7 = 67,86 %; a + b + c = 31/14, so a civil servant
scores 70 × 31/14 ÷ 3 = 155/3 = 51,67. A leader who answers d yes, đ no, e yes adds 1 + 0,5 + 1 = 35/14:
70 × 66/14 ÷ 6 = 55. Tasks: 6 assigned, 5 completed, 4 on time (the delayed unit is not), 1 exceeded.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from danhgia.apps.cycles.models import CycleState, ReviewCycle
from danhgia.apps.reviews.facts import scenario_for
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.tests.world import World
from danhgia.apps.selfservice.tests.factories import (
    advance,
    client_of,
    everything,
    open_cycle,
    review_of,
    submit_all,
)

pytestmark = pytest.mark.django_db

EXAMPLE_ROWS = [
    {"name": "Báo cáo chuyên đề", "quantity": "4", "coefficient": "1", "completed": "4", "exceeded": "1",
     "quality_failures": "1"},
    {"name": "Văn bản hướng dẫn", "quantity": "2", "coefficient": "1.5", "completed": "1", "delays": "2"},
]  # fmt: skip
SAVED_ROWS = [
    {
        "name": "Báo cáo chuyên đề",
        "quantity": 4,
        "coefficient": "1",
        "completed": 4,
        "exceeded": 1,
        "quality_failures": [1],
        "delays": [],
        "objective_cause": False,
        "source": [],
        "correction": "",
    },
    {
        "name": "Văn bản hướng dẫn",
        "quantity": 2,
        "coefficient": "1.5",
        "completed": 1,
        "exceeded": None,
        "quality_failures": [],
        "delays": [2],
        "objective_cause": False,
        "source": [],
        "correction": "",
    },
]
# Mẫu số 01, general criteria: I.1, I.2 count as met (5 + 5); II 4 × 2,5; III.1 2 and III.2–4 2,5 each, evidenced.
GENERAL = (
    {f"item_{i}": "2.5" for i in range(2, 10)}
    | {"item_6": "2"}
    | {f"item_0_check_{j}": "on" for j in range(8)}
    | {f"item_1_check_{j}": "on" for j in range(4)}
    | {f"item_{i}_evidence": "Quyết định 15/QĐ-SNV" for i in (6, 7, 8, 9)}
    | {"strengths": "Hoàn thành đúng hạn", "weaknesses": "Còn chậm một văn bản"}
)


@pytest.fixture
def cycle(world: World) -> ReviewCycle:
    return open_cycle(world, ruleset="nd335-2025", name="Đánh giá công chức năm 2025")


def table(rows: list[dict[str, str]], total: int | None = None) -> dict[str, str]:
    """The products table as the browser posts it (`total` rows, the rest blank with coefficient 1)."""
    total = len(rows) if total is None else total
    data = {"products-TOTAL_FORMS": str(total), "products-INITIAL_FORMS": "0"}
    for index in range(total):
        row = rows[index] if index < len(rows) else {"coefficient": "1"}
        data |= {f"products-{index}-{name}": value for name, value in row.items()}
    return data


def url(review: Review, action: str = "") -> str:
    return f"/self-review/{review.pk}/" + (f"{action}/" if action else "")


def field_error(name: str, message: str, oob: bool = False) -> str:
    """The error slot beside a field, or beside a row for the row's own errors (`products-1`)."""
    swap = ' hx-swap-oob="true"' if oob else ""
    errors = 'class="errorlist nonfield"' if name.count("-") == 1 else f'class="errorlist" id="id_{name}_error"'
    return f'<div class="ss-errors" id="err-{name}"{swap}><ul {errors}><li>{message}</li></ul></div>'


def test_the_page_shows_a_products_table_instead_of_the_typed_figure(world: World, cycle: ReviewCycle) -> None:
    response = client_of(world, "p2").get("/my-review/")

    assertContains(response, '<input type="hidden" name="products-TOTAL_FORMS" value="2"', count=1)
    assertContains(response, "<caption>Sản phẩm của các nhiệm vụ được giao trong kỳ</caption>", html=True)
    assertContains(response, '<th scope="col">Hệ số quy đổi</th>', html=True)
    assertContains(
        response,
        '<input type="number" name="products-1-coefficient" value="1" step="any" inputmode="decimal"'
        ' aria-label="Dòng 2: Hệ số quy đổi" aria-describedby="err-products-1-coefficient"'
        ' id="id_products-1-coefficient">',
        html=True,
    )
    assertContains(
        response,
        '<button type="submit" class="ss-secondary" formaction="/self-review/{}/add-row/" formnovalidate>'
        "Thêm một dòng (lưu bản nháp)</button>".format(review_of(world, "P2").pk),
        html=True,
    )
    assertNotContains(response, 'name="group_3"')
    assertNotContains(response, 'name="tasks_assigned"')
    assertNotContains(response, "leader_staff_completed")  # P2 is a civil servant, not a leader


def test_autosave_computes_the_points_from_the_products_and_derives_the_task_counts(
    world: World, cycle: ReviewCycle
) -> None:
    review = review_of(world, "P2")

    response = client_of(world, "p2").post(url(review, "autosave"), table(EXAMPLE_ROWS, total=3))

    assertContains(response, "Đã lưu bản nháp lúc")
    review.refresh_from_db()
    assert (review.state, review.score) == (ReviewState.DRAFT, Decimal("61.67"))  # I.1 + I.2 (10) + 51,67
    assert review.answers["computed"] == {"B": "51.67"}
    assert review.answers["tasks"] == {"assigned": 6, "completed": 5, "on_time": 4, "exceeded": 1}
    assert review.answers["products_table"] == SAVED_ROWS
    assert "leader_factors" not in review.answers
    assert "group_3" not in review.answers["form"]


def test_the_live_total_and_the_ratios_include_the_computed_points(world: World, cycle: ReviewCycle) -> None:
    before = everything()

    response = client_of(world, "p2").post(url(review_of(world, "P2"), "total"), table(EXAMPLE_ROWS))

    assertContains(
        response, '<output class="ss-total-value" for="self-review-form">61,67 / 100 điểm</output>', html=True
    )
    html = response.content.decode()
    assert '<div id="ss-task-result" class="ss-task-result" hx-swap-oob="true">' in html
    for ratio in (
        '<div><dt><span class="ss-code">a</span> khối lượng: hoàn thành ÷ được giao</dt><dd>78,57 %</dd></div>',
        '<div><dt><span class="ss-code">b</span> chất lượng: hoàn thành bảo đảm chất lượng ÷ được giao</dt>'
        "<dd>75 %</dd></div>",
        '<div><dt><span class="ss-code">c</span> tiến độ: hoàn thành đúng hạn hoặc trước hạn ÷ được giao</dt>'
        "<dd>67,86 %</dd></div>",
        '<div class="ss-ratio-points"><dt>Điểm của nhóm</dt><dd>51,67 / 70 điểm</dd></div>',
    ):
        assertContains(response, ratio, html=True)
    assertContains(response, "Điểm = 70 × (a + b + c) ÷ 3 (Nghị định 335/2025/NĐ-CP, Điều 16).")
    assertContains(
        response,
        "Số nhiệm vụ tính từ bảng sản phẩm: 6 được giao, 5 hoàn thành, 4 đúng hạn, 1 vượt yêu cầu.",
    )
    assert everything() == before


def test_a_leader_answers_d_dd_e_and_scores_over_six_ratios(world: World, cycle: ReviewCycle) -> None:
    review = review_of(world, "P0")  # Giám đốc: a leadership post, so the category "leader"
    client = client_of(world, "p0")
    page = client.get("/my-review/")
    assertContains(page, "<legend>Đối với người giữ chức vụ lãnh đạo, quản lý (Nghị định 335, Điều 15)</legend>")
    assertContains(
        page,
        '<label for="id_leader_tasks_on_plan">đ: Cơ quan, đơn vị được giao phụ trách hoàn thành các nhiệm vụ theo kế'
        " hoạch, đúng tiến độ, bảo đảm chất lượng</label>",
        html=True,
    )

    assertNotContains(page, "leader_staff_completed")  # d is not ticked: it comes from the staff's results
    assertContains(page, "100 %: mọi công chức thuộc phạm vi phụ trách đã có kết quả đều đạt từ 50 điểm trở lên.")

    data = table(EXAMPLE_ROWS) | {"leader_staff_completed": "on", "leader_united": "on"}  # a posted d is ignored
    response = client.post(url(review, "autosave"), data)

    assertContains(response, "Đã lưu bản nháp lúc")
    review.refresh_from_db()
    assert review.category == "leader"
    assert review.answers["computed"] == {"B": "55.00"}
    assert review.answers["leader_factors"] == {"staff_all_completed": True, "tasks_on_plan": False, "united": True}
    assert review.answers["tasks"] == {"assigned": 6, "completed": 5, "on_time": 4, "exceeded": 1}
    assert review.score == Decimal("65.00")
    total = client.post(url(review, "total"), data)
    for letter, value in (("d", "100"), ("đ", "50"), ("e", "100")):
        assertContains(total, f'<span class="ss-code">{letter}</span>')
        assertContains(total, f"<dd>{value} %</dd>", html=True)
    assertContains(total, "Điểm = 70 × (a + b + c + d + đ + e) ÷ 6 (Nghị định 335/2025/NĐ-CP, Điều 16).")


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        ({"completed": "5"}, "products-1-completed", "Dòng 2: Không được lớn hơn số lượng được giao."),
        ({"exceeded": "2"}, "products-1-exceeded", "Dòng 2: Không được lớn hơn số lượng hoàn thành."),
        ({"quantity": "0"}, "products-1-quantity", "Dòng 2: Không được nhỏ hơn 1."),
        ({"quantity": "hai"}, "products-1-quantity", "Dòng 2: Hãy nhập một số nguyên."),
        (
            {"delays": "1; hai"},
            "products-1-delays",
            "Dòng 2: Hãy nhập các số nguyên cách nhau bởi dấu phẩy, ví dụ: 1, 2.",
        ),
        ({"quality_failures": "0"}, "products-1-quality_failures", "Dòng 2: Mỗi số phải từ 1 trở lên."),
        # what only the domain knows: its ProductError, in Vietnamese
        (
            {"delays": "1, 1"},
            "products-1",
            "Dòng 2: Sản phẩm «2» Văn bản hướng dẫn: số lần chậm tiến độ ghi cho từng sản phẩm hoàn thành,"
            " mỗi số ≥ 1, nhiều nhất 1 số.",
        ),
        (
            {"coefficient": "0"},
            "products-1",
            "Dòng 2: Sản phẩm «2» Văn bản hướng dẫn: hệ số quy đổi phải lớn hơn 0, nhận được 0.",
        ),
    ],
)
def test_a_bad_row_is_refused_next_to_its_field_naming_the_row_and_nothing_is_saved(
    world: World, cycle: ReviewCycle, row: dict[str, str], field: str, message: str
) -> None:
    before = everything()
    rows = [EXAMPLE_ROWS[0], EXAMPLE_ROWS[1] | row]

    response = client_of(world, "p2").post(url(review_of(world, "P2"), "autosave"), table(rows))

    assertContains(response, field_error(field, message, oob=True), html=True)
    assertContains(
        response,
        '<p id="autosave-status" class="ss-status ss-status-error" role="status" hx-swap-oob="true">'
        "Chưa lưu: hãy sửa các mục được đánh dấu bên dưới. Hãy sửa các dòng được đánh dấu trong bảng sản phẩm.</p>",
        html=True,
    )
    assert everything() == before


def test_a_product_error_is_shown_in_english_under_the_en_prefix(world: World, cycle: ReviewCycle) -> None:
    rows = [EXAMPLE_ROWS[1] | {"coefficient": "0"}]

    response = client_of(world, "p2").post(f"/en{url(review_of(world, 'P2'), 'autosave')}", table(rows))

    assertContains(
        response,
        field_error(
            "products-0",
            "Row 1: Product «1» Văn bản hướng dẫn: the conversion coefficient must be above 0, got 0.",
            oob=True,
        ),
        html=True,
    )


def test_a_draft_keeps_a_half_filled_row_without_points(world: World, cycle: ReviewCycle) -> None:
    review = review_of(world, "P2")

    client_of(world, "p2").post(url(review, "autosave"), table([{"name": "Báo cáo quý", "coefficient": "1"}], 3))

    review.refresh_from_db()
    assert review.state == ReviewState.DRAFT
    assert review.answers["products_table"] == [
        {
            "name": "Báo cáo quý",
            "quantity": None,
            "coefficient": "1",
            "completed": None,
            "exceeded": None,
            "quality_failures": [],
            "delays": [],
            "objective_cause": False,
            "source": [],
            "correction": "",
        }
    ]
    assert ("tasks" in review.answers, review.answers["computed"], review.score) == (False, {}, None)


def test_submission_without_products_is_refused_and_saves_nothing(world: World, cycle: ReviewCycle) -> None:
    before = everything()
    data = GENERAL | {"proposed_level": "L2"} | table([], total=2)

    response = client_of(world, "p2").post(url(review_of(world, "P2"), "submit"), data)

    assert response.status_code == 200
    assertContains(
        response,
        '<div class="ss-alert" role="alert"><p>Chưa nộp được bản tự kiểm điểm: hãy sửa các mục được đánh dấu bên dưới.'
        '</p><ul class="errorlist nonfield"><li>Hãy kê khai ít nhất một sản phẩm trước khi nộp.</li></ul></div>',
        html=True,
    )
    assertContains(
        response,
        '<div class="ss-errors" id="err-products-table"><ul class="errorlist nonform">'
        "<li>Hãy kê khai ít nhất một sản phẩm trước khi nộp.</li></ul></div>",
        html=True,
    )
    assert everything() == before


def test_submission_needs_every_row_complete(world: World, cycle: ReviewCycle) -> None:
    before = everything()
    data = GENERAL | {"proposed_level": "L2"} | table([EXAMPLE_ROWS[0], {"name": "Tờ trình", "coefficient": "1"}])

    response = client_of(world, "p2").post(url(review_of(world, "P2"), "submit"), data)

    assertContains(response, field_error("products-1-quantity", "Dòng 2: Cần điền mục này trước khi nộp."), html=True)
    assertContains(response, field_error("products-1-completed", "Dòng 2: Cần điền mục này trước khi nộp."), html=True)
    assert everything() == before


def test_submission_scores_the_products_and_the_engine_reads_the_derived_counts(
    world: World, cycle: ReviewCycle
) -> None:
    review = review_of(world, "P2")
    client = client_of(world, "p2")
    data = GENERAL | {"proposed_level": "L2"} | table(EXAMPLE_ROWS, total=4)

    response = client.post(url(review, "submit"), data)
    assertRedirects(response, url(review), fetch_redirect_response=False)
    review.refresh_from_db()
    # I.1, I.2 met (10) + II 4 × 2,5 + III 2 + 3 × 2,5 = 29,5, and 51,67 from the products
    # the exact total is kept beside its display (81.17) and is what the engine compares with its bands
    assert (review.state, review.score, review.score_exact) == (ReviewState.SUBMITTED, Decimal("81.17"), "487/6")
    subject = scenario_for(cycle, [review.pk])["subjects"][0]
    assert (subject["score"], subject["tasks"]) == (
        487 / 6,
        {"assigned": 6, "completed": 5, "on_time": 4, "exceeded": 1},
    )
    assert "products_table" not in subject
    # read-only after submission: the table with its values, the ratios and the points
    page = client.get(url(review))
    assertContains(
        page,
        '<tr><th scope="row">2</th><td>Văn bản hướng dẫn</td><td>2</td><td>1,5</td><td>1</td><td>—</td><td>—</td>'
        "<td>2</td><td>—</td><td>Không</td></tr>",  # typed by hand: no correction of fed figures
        html=True,
    )
    assertContains(page, '<div class="ss-ratio-points"><dt>Điểm của nhóm</dt><dd>51,67 / 70 điểm</dd></div>', html=True)
    main = page.content.decode().split("<main>")[1].split("</main>")[0]
    assert [tag for tag in ("<input", "<button", "hx-post") if tag in main] == []


def test_reopening_the_page_shows_the_saved_rows_and_two_blank_ones(world: World, cycle: ReviewCycle) -> None:
    review = review_of(world, "P2")
    client = client_of(world, "p2")
    client.post(url(review, "autosave"), table(EXAMPLE_ROWS, total=2))

    page = client.get("/my-review/")

    assertContains(page, '<input type="hidden" name="products-TOTAL_FORMS" value="4"', count=1)
    assertContains(
        page,
        '<input type="text" name="products-1-name" value="Văn bản hướng dẫn" maxlength="255"'
        ' aria-label="Dòng 2: Sản phẩm" aria-describedby="err-products-1-name" id="id_products-1-name">',
        html=True,
    )
    assertContains(
        page,
        '<input type="text" name="products-0-quality_failures" value="1" maxlength="500"'
        ' aria-label="Dòng 1: Số lần không đạt chất lượng" aria-describedby="err-products-0-quality_failures"'
        ' id="id_products-0-quality_failures">',
        html=True,
    )
    assertContains(
        page,
        '<input type="number" name="products-1-coefficient" value="1.5" step="any" inputmode="decimal"'
        ' aria-label="Dòng 2: Hệ số quy đổi" aria-describedby="err-products-1-coefficient"'
        ' id="id_products-1-coefficient">',
        html=True,
    )
    assertContains(page, '<input type="text" name="products-3-name"', count=1)
    assertContains(page, "61,67 / 100 điểm")


def test_add_a_row_saves_the_draft_and_comes_back_with_one_more_row(world: World, cycle: ReviewCycle) -> None:
    review = review_of(world, "P2")
    client = client_of(world, "p2")

    response = client.post(url(review, "add-row"), table(EXAMPLE_ROWS, total=2))

    assertRedirects(response, url(review) + "?rows=3#products-table", fetch_redirect_response=False)
    review.refresh_from_db()
    assert (review.state, review.answers["products_table"]) == (ReviewState.DRAFT, SAVED_ROWS)
    page = client.get(url(review) + "?rows=3")
    assertContains(page, '<input type="hidden" name="products-TOTAL_FORMS" value="3"', count=1)
    assertContains(page, '<input type="text" name="products-2-name"', count=1)
    assertContains(page, 'value="Văn bản hướng dẫn"', count=1)


def test_add_a_row_with_a_bad_row_saves_nothing_and_shows_the_error(world: World, cycle: ReviewCycle) -> None:
    before = everything()
    rows = [EXAMPLE_ROWS[0] | {"completed": "9"}]

    response = client_of(world, "p2").post(url(review_of(world, "P2"), "add-row"), table(rows))

    assertContains(
        response,
        '<div class="ss-alert" role="alert"><p>Chưa lưu được bản nháp: hãy sửa các mục được đánh dấu bên dưới.</p>'
        '<ul class="errorlist nonfield"><li>Hãy sửa các dòng được đánh dấu trong bảng sản phẩm.</li></ul></div>',
        html=True,
    )
    assertContains(
        response, field_error("products-0-completed", "Dòng 1: Không được lớn hơn số lượng được giao."), html=True
    )
    assert everything() == before


def test_a_qd366_form_keeps_the_typed_figure(world: World) -> None:
    open_cycle(world)

    response = client_of(world, "p2").get("/my-review/")

    assertContains(response, '<label for="id_group_3">Điểm tự chấm của nhóm (tối đa 70 điểm)</label>', html=True)
    assertNotContains(response, "products-TOTAL_FORMS")


def test_the_published_result_shows_the_products_table(world: World, cycle: ReviewCycle) -> None:
    review = review_of(world, "P2")
    client = client_of(world, "p2")
    client.post(url(review, "submit"), GENERAL | {"proposed_level": "L2"} | table(EXAMPLE_ROWS))
    submit_all(world)
    advance(world, cycle, CycleState.PUBLISHED)

    page = client.get("/my-review/")

    assertContains(page, '<h2 id="result-title">Kết quả xếp loại chất lượng</h2>', html=True)
    assertContains(
        page,
        '<tr><th scope="row">1</th><td>Báo cáo chuyên đề</td><td>4</td><td>1</td><td>4</td><td>1</td><td>1</td>'
        "<td>—</td><td>—</td><td>Không</td></tr>",
        html=True,
    )
    assertContains(page, "<dd>78,57 %</dd>", html=True)


def test_a_leaders_d_is_computed_from_the_staffs_results(world: World, cycle: ReviewCycle) -> None:
    staff = Review.objects.filter(cycle=cycle, person=world.people["P3"]).get()
    client_of(world, "p3").post(
        url(staff, "submit"),
        GENERAL
        | {"proposed_level": "L4"}
        | table([{"name": "Hồ sơ", "quantity": "4", "coefficient": "1", "completed": "1", "delays": "1"}]),
    )
    staff.refresh_from_db()
    assert staff.state == ReviewState.SUBMITTED and staff.score is not None
    assert staff.score < 50
    review = review_of(world, "P0")
    client = client_of(world, "p0")

    response = client.post(url(review, "autosave"), table(EXAMPLE_ROWS) | {"leader_united": "on"})

    assertContains(response, "Đã lưu bản nháp lúc")
    review.refresh_from_db()
    assert review.answers["leader_factors"] == {"staff_all_completed": False, "tasks_on_plan": False, "united": True}
    # 70 × (31/14 + 0,5 + 0,5 + 1) ÷ 6 = 70 × 59/14 ÷ 6 = 295/6 = 49,17
    assert review.answers["computed"] == {"B": "49.17"}
    page = client.get(url(review))
    assertContains(page, "50 %: có công chức thuộc phạm vi phụ trách đạt dưới 50 điểm.")
    assertContains(page, f"<li>{world.people['P3'].full_name}: {str(staff.score).replace('.', ',')}</li>")
    assertContains(page, f"<li>{world.people['P2'].full_name}: chưa có kết quả</li>", html=True)
