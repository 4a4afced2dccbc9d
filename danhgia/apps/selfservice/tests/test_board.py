"""The secretary's unit board: progress per state, who has not submitted, the members and collectives of the
cell (50 a page, in a number of queries that does not grow with the rows) and the review meeting's vote."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.cycles.models import CycleState, ReviewCycle
from danhgia.apps.cycles.services import cycle_advance
from danhgia.apps.orgs.models import Person
from danhgia.apps.reviews.models import Comment, Review
from danhgia.apps.reviews.services import comment_add, review_save, review_submit
from danhgia.apps.reviews.tests.world import World, build_world, good_answers
from danhgia.apps.selfservice.tests.factories import (
    MINUTES,
    MINUTES_POST,
    NOW,
    client_of,
    everything,
    open_cycle,
    review_of,
)

pytestmark = pytest.mark.django_db
STRENGTHS = "Tham mưu kịp thời văn bản về tổ chức bộ máy."


def submit(world: World, key: str, login: str) -> Review:
    review = review_save(
        review=review_of(world, key),
        actor=world.users[login],
        answers=good_answers() | {"form": {"strengths": STRENGTHS}},
        score=Decimal(82),
        proposed_level="L2",
        now=NOW,
    )
    return review_submit(review=review, actor=world.users[login], now=NOW)


def test_the_board_shows_progress_who_is_missing_and_the_cells_subjects(world: World, cycle: ReviewCycle) -> None:
    submit(world, "P2", "p2")
    review_save(review=review_of(world, "P3"), actor=world.users["p3"], answers={}, score=None, now=NOW)
    collective = Review.objects.get(unit=world.cell, category="party_organisation")

    response = client_of(world, "bithu").get("/unit-board/")

    assert response.status_code == 200
    assertContains(response, "<h1>Theo dõi chi bộ, đơn vị</h1>", html=True)
    assertContains(response, f'<option value="{cycle.pk}" selected>Kiểm điểm năm 2025</option>', html=True)
    for state, n in (("total", 7), ("not_started", 5), ("draft", 1), ("submitted", 1), ("published", 0)):
        css = "ss-count-total" if state == "total" else f"ss-state-{state}"
        label = {
            "total": "đối tượng",
            "not_started": "Chưa bắt đầu",
            "draft": "Đang soạn",
            "submitted": "Đã nộp",
            "published": "Đã công bố",
        }[state]
        assertContains(
            response, f'<li class="{css}"><span class="ss-count-n">{n}</span> <span>{label}</span></li>', html=True
        )
    assertContains(response, '<h2 id="missing-title">Chưa nộp bản tự kiểm điểm (6)</h2>', html=True)
    assertContains(
        response,
        '<ul class="ss-missing"><li>Chi bộ Văn phòng – Tổ chức đảng</li><li>Hoàng Văn Em</li><li>Nguyễn Văn An</li>'
        "<li>Phạm Thị Dung</li><li>Trần Thị Bình</li><li>Vũ Thị Giang</li></ul>",
        html=True,
    )
    p2 = review_of(world, "P2")
    assertContains(
        response,
        '<tr><th scope="row">Lê Văn Cường</th><td>Chi bộ Văn phòng</td>'
        '<td><span class="ss-badge ss-state-submitted">Đã nộp</span></td><td>—</td>'
        f'<td class="ss-actions-cell"><a href="/unit-board/self-review/{p2.pk}/" '
        'aria-label="Bản tự kiểm điểm của Lê Văn Cường">Bản tự kiểm điểm</a> '
        f'<a href="/unit-board/meeting/{p2.pk}/">Ghi biên bản hội nghị</a></td></tr>',
        html=True,
    )
    assertContains(
        response,
        f'<a href="/self-review/{collective.pk}/">Bản tự kiểm điểm của tập thể</a>',
        html=True,
    )
    # only the secretary's cell: not the department, not the other cell
    assertNotContains(response, "Sở Nội vụ")
    assertNotContains(response, "Chi bộ Kế hoạch")
    assertNotContains(response, "ss-pages")


def test_the_meeting_records_comments_and_the_vote_per_level(world: World, cycle: ReviewCycle) -> None:
    review = submit(world, "P2", "p2")
    client = client_of(world, "bithu")

    page = client.get(f"/unit-board/meeting/{review.pk}/")
    response = client.post(
        f"/unit-board/meeting/{review.pk}/",
        MINUTES_POST
        | {"text": "Chi bộ thống nhất mức hoàn thành tốt nhiệm vụ.", "votes_L1": "1", "votes_L2": "5", "votes_L3": "0"},
    )

    assertContains(page, "<h1>Hội nghị kiểm điểm</h1>", html=True)
    assertContains(page, '<label for="id_votes_L1">Số phiếu hoàn thành xuất sắc nhiệm vụ</label>', html=True)
    assertContains(page, STRENGTHS)  # the member's submitted self-review
    assertRedirects(response, f"/unit-board/?cycle={cycle.pk}", fetch_redirect_response=False)
    comment = Comment.objects.get(review=review)
    assert (comment.kind, comment.text, comment.votes, comment.author) == (
        "meeting",
        "Chi bộ thống nhất mức hoàn thành tốt nhiệm vụ.",
        {"L1": 1, "L2": 5},
        world.users["bithu"],
    )
    assert AuditEntry.objects.filter(action="comment_add", object_id=str(review.pk)).count() == 1
    board = client.get(f"/unit-board/?cycle={cycle.pk}")
    assertContains(
        board,
        '<li class="ss-message ss-message-success">Đã ghi ý kiến và kết quả biểu quyết của hội nghị.</li>',
        html=True,
    )
    assertContains(board, "<td>đã ghi: Hoàn thành xuất sắc nhiệm vụ: 1 · Hoàn thành tốt nhiệm vụ: 5</td>", html=True)
    again = client.get(f"/unit-board/meeting/{review.pk}/")
    assertContains(
        again,
        "<p>Biểu quyết: Hoàn thành xuất sắc nhiệm vụ: <strong>1</strong>; "
        "Hoàn thành tốt nhiệm vụ: <strong>5</strong></p>",
        html=True,
    )


def test_the_meeting_page_keeps_an_unsubmitted_draft_private(world: World, cycle: ReviewCycle) -> None:
    review = review_save(
        review=review_of(world, "P3"),
        actor=world.users["p3"],
        answers={"form": {"strengths": STRENGTHS}},
        score=None,
        now=NOW,
    )

    page = client_of(world, "bithu").get(f"/unit-board/meeting/{review.pk}/")

    assertContains(page, '<p class="ss-notice">Bản tự kiểm điểm chưa được nộp.</p>', html=True)
    assertNotContains(page, STRENGTHS)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"text": "  "}, "text", "Trường này là bắt buộc."),
        ({"text": "Góp ý.", "votes_L2": "-1"}, "votes_L2", "Không được nhỏ hơn 0."),
        ({"text": "Góp ý.", "votes_L4": "hai"}, "votes_L4", "Hãy nhập một số nguyên."),
    ],
)
def test_the_meeting_form_refuses_bad_input_and_changes_nothing(
    world: World, cycle: ReviewCycle, data: dict[str, str], field: str, message: str
) -> None:
    review = review_of(world, "P2")
    before = everything()

    response = client_of(world, "bithu").post(f"/unit-board/meeting/{review.pk}/", MINUTES_POST | data)

    assertContains(response, f'<ul class="errorlist" id="id_{field}_error"><li>{message}</li></ul>', html=True)
    assert everything() == before


def test_no_meeting_record_once_the_cycle_is_at_the_decision(world: World, cycle: ReviewCycle) -> None:
    review = review_of(world, "P2")
    for step in (CycleState.VERIFICATION, CycleState.DECISION):
        cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=step, now=NOW)
    before = everything()

    page = client_of(world, "bithu").get(f"/unit-board/meeting/{review.pk}/")
    late = MINUTES_POST | {"text": "Góp ý muộn."}
    response = client_of(world, "bithu").post(f"/unit-board/meeting/{review.pk}/", late)

    assertContains(
        page, '<p class="ss-notice">Kỳ đánh giá không còn nhận ý kiến của hội nghị kiểm điểm.</p>', html=True
    )
    assertNotContains(page, '<form class="ss-form ss-meeting"')
    assertContains(
        response,
        '<div class="ss-alert" role="alert"><ul class="errorlist nonfield"><li>Kỳ đánh giá phải ở một trong các trạng'
        " thái: đang tự kiểm điểm, thẩm định.</li></ul></div>",
        html=True,
    )
    assert everything() == before


def test_the_board_shows_fifty_rows_a_page(db: None) -> None:
    world = build_world(members=60)
    cycle = open_cycle(world)
    client = client_of(world, "bithu")

    first = client.get("/unit-board/")
    second = client.get(f"/unit-board/?cycle={cycle.pk}&page=2")

    assert (first.context["page"].number, len(first.context["page"].object_list)) == (1, 50)
    assert (second.context["page"].number, len(second.context["page"].object_list)) == (2, 11)
    assertContains(first, "<span>Trang 1/2</span>", html=True)
    assertContains(first, f'<a href="?cycle={cycle.pk}&amp;page=2">Trang sau</a>', html=True)
    assertContains(second, f'<a href="?cycle={cycle.pk}&amp;page=1">Trang trước</a>', html=True)


def board_queries(client: Client) -> tuple[int, int]:
    client.get("/unit-board/")  # warm the per-process caches (content types, compiled rule set)
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/unit-board/")
    assert response.status_code == 200
    return len(queries), len(response.context["page"].object_list)


def add_members(world: World, cycle: ReviewCycle, count: int) -> None:
    """More members of the cell in the open cycle, half of them with a meeting record."""
    group = review_of(world, "P2").quota_group
    for i in range(count):
        person = Person.objects.create(personnel_code=f"N{i:03d}", full_name=f"Đảng viên {i:03d}")
        review = Review.objects.create(
            cycle=cycle, subject_type="individual", category="staff", person=person, unit=world.cell, quota_group=group
        )
        if i % 2:
            votes = {"L2": 3}
            comment_add(
                review=review, actor=world.users["bithu"], kind="meeting", text="Góp ý.", votes=votes, minutes=MINUTES
            )


def test_the_board_query_count_does_not_grow_with_the_members(db: None) -> None:
    world = build_world(members=10)
    cycle = open_cycle(world)
    client = client_of(world, "bithu")
    comment_add(
        review=review_of(world, "P2"), actor=world.users["bithu"], kind="meeting", text="Góp ý.", minutes=MINUTES
    )

    small, rows_small = board_queries(client)
    add_members(world, cycle, 20)
    large, rows_large = board_queries(client)

    assert (rows_small, rows_large) == (11, 31)
    assert large == small


def test_the_board_is_in_english_under_the_en_prefix(world: World, cycle: ReviewCycle) -> None:
    response = client_of(world, "bithu").get("/en/unit-board/")

    assertContains(response, "<h1>Unit board</h1>", html=True)
    assertContains(response, '<h2 id="missing-title">Not submitted yet (7)</h2>', html=True)
    assertContains(
        response,
        '<li class="ss-state-not_started"><span class="ss-count-n">7</span> <span>Not started</span></li>',
        html=True,
    )
    # six meetings to record; the seventh review is the secretary's own: it goes to the level above
    assertContains(response, '<a href="/en/unit-board/meeting/', count=6)
    assertContains(
        response, "This is your own review: it goes to the level above, which verifies, decides and votes on it."
    )
