"""One subject's comments for the advisory body: one link from its row on the verification board, a page with the
review's comments of every kind labelled and a form for the advisory body's own (an assessor comment, audited by
comment_add); a refused request (wrong role, out of scope, cycle no longer taking comments) changes nothing."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.boards.tests.world import NOW, bring, client_for, everything, make_world, review_of
from danhgia.apps.cycles.models import CycleState
from danhgia.apps.cycles.services import cycle_advance
from danhgia.apps.reviews.models import Comment, Review
from danhgia.apps.reviews.services import comment_add
from danhgia.apps.reviews.services.comments import Minutes
from danhgia.apps.reviews.tests.world import World

pytestmark = pytest.mark.django_db
OPINION = "Đề nghị chi bộ làm rõ kết quả thực hiện nhiệm vụ quý IV trước khi xếp loại."
RESIDENCE = "Gương mẫu ở khu dân cư, tham gia đầy đủ sinh hoạt."


@pytest.fixture
def world() -> World:
    return make_world()


def comments_url(review: Review) -> str:
    return f"/verification/review/{review.pk}/comments/"


def test_each_row_of_the_board_links_to_its_comments_page(world: World) -> None:
    cycle = bring(world, "verification")
    board = f"/verification/{cycle.pk}/{world.province.pk}/"

    response = client_for(world, "thamdinh").get(board)

    review = review_of(world, "P2", cycle)
    assertContains(
        response,
        f'<a class="comments-link" href="{comments_url(review)}?next=/verification/{cycle.pk}/{world.province.pk}/">'
        "Nhận xét, ý kiến thẩm định</a>",
        html=True,
    )
    assert (
        len(re.findall(r'class="comments-link" href="/verification/review/\d+/comments/', response.content.decode()))
        == 12
    )


def test_the_page_shows_every_kind_of_comment_and_records_the_advisory_bodys(world: World) -> None:
    cycle = bring(world, "verification")
    review = review_of(world, "P2", cycle)
    comment_add(
        review=review,
        actor=world.users["bithu"],
        kind="meeting",
        text="Thống nhất.",
        votes={"L2": 5},
        minutes=Minutes(NOW.date(), "Trần Thị Bình", 6, 6),
        now=NOW,
    )
    comment_add(review=review, actor=world.users["bithu"], kind="residence", text=RESIDENCE, now=NOW)
    client = client_for(world, "thamdinh")
    board = f"/verification/{cycle.pk}/{world.province.pk}/?sort=name"
    audits = AuditEntry.objects.count()

    page = client.get(comments_url(review), {"next": board})
    response = client.post(comments_url(review), {"text": f" {OPINION} ", "next": board})

    assertContains(page, "<h1>Thẩm định: Nhận xét, ý kiến thẩm định</h1>", html=True)
    assertContains(page, f'<a href="{board}">Quay lại bảng thẩm định</a>', html=True)
    assertContains(page, f'<h4 id="review-{review.pk}-name">Lê Văn Cường</h4>', html=True)
    assertContains(
        page,
        '<p class="meta"><strong>Hội nghị kiểm điểm của tập thể</strong> · 10/12/2025 16:00 · bithu</p>',
        html=True,
    )
    assertContains(page, '<p class="meta">Biểu quyết: Hoàn thành tốt nhiệm vụ: 5</p>', html=True)
    assertContains(page, '<p class="meta"><strong>Chi bộ nơi cư trú</strong> · 10/12/2025 16:00 · bithu</p>', html=True)
    assertContains(page, f"<p>{RESIDENCE}</p>", html=True)
    assertContains(page, '<label for="id_text">Ý kiến của cơ quan tham mưu:</label>', html=True)
    assertRedirects(
        response,
        f"{comments_url(review)}?next=%2Fverification%2F{cycle.pk}%2F{world.province.pk}%2F%3Fsort%3Dname",
        fetch_redirect_response=False,
    )
    comment = Comment.objects.get(kind="assessor")
    assert (comment.review, comment.text, comment.votes, comment.author) == (
        review,
        OPINION,
        {},
        world.users["thamdinh"],
    )
    assert AuditEntry.objects.count() == audits + 1
    entry = AuditEntry.objects.latest("pk")
    assert (entry.action, entry.object_id, entry.actor) == ("comment_add", str(review.pk), world.users["thamdinh"])
    assert entry.after == {"comment": comment.pk, "kind": "assessor", "text": OPINION, "votes": {}}
    after = client.get(response["Location"])
    assertContains(after, '<li class="message-success">Đã ghi ý kiến của cơ quan tham mưu.</li>', html=True)
    assertContains(after, "<strong>Chủ thể tham gia đánh giá khác</strong> · ", count=1)
    assertContains(after, f"<p>{OPINION}</p>", html=True)


def test_blank_comments_are_refused_beside_the_field_and_nothing_changes(world: World) -> None:
    cycle = bring(world, "verification")
    review = review_of(world, "P2", cycle)
    before = everything()

    response = client_for(world, "thamdinh").post(comments_url(review), {"text": "   "})

    assert response.status_code == 200
    assertContains(
        response, '<ul class="errorlist" id="id_text_error"><li>Trường này là bắt buộc.</li></ul>', html=True
    )
    assert everything() == before


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("ngoai", 403),  # a verifier of another cell
        ("bithu", 403),  # the cell's secretary: no verifier role
        ("bantochuc", 403),  # a viewer
        ("p3", 403),
        (None, 302),  # anonymous: to the login page
    ],
)
def test_outside_the_verifiers_scope_the_page_and_the_form_are_refused(
    world: World, who: str | None, status: int
) -> None:
    cycle = bring(world, "verification")
    review = review_of(world, "P2", cycle)
    client = client_for(world, who) if who else Client()
    before = everything()

    page = client.get(comments_url(review))
    posted = client.post(comments_url(review), {"text": OPINION})

    assert (page.status_code, posted.status_code) == (status, status)
    assert everything() == before


def test_a_review_that_does_not_exist_is_not_found(world: World) -> None:
    bring(world, "open")

    assert client_for(world, "thamdinh").get("/verification/review/999999/comments/").status_code == 404


def test_once_the_cycle_is_at_the_decision_the_comments_show_but_none_can_be_added(world: World) -> None:
    cycle = bring(world, "verified")
    review = review_of(world, "P2", cycle)
    comment_add(review=review, actor=world.users["thamdinh"], kind="assessor", text=OPINION, now=NOW)
    cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=CycleState.DECISION, now=NOW)
    client = client_for(world, "thamdinh")
    before = everything()

    page = client.get(comments_url(review))
    posted = client.post(comments_url(review), {"text": "Ý kiến muộn."})

    assertContains(page, f"<p>{OPINION}</p>", html=True)
    assertContains(page, '<p class="help">Kỳ đánh giá không còn nhận nhận xét, ý kiến.</p>', html=True)
    assertNotContains(page, '<form class="assessor-comment"')
    assert posted.status_code == 403
    assert everything() == before


def test_a_post_without_the_csrf_token_is_refused(world: World) -> None:
    cycle = bring(world, "verification")
    review = review_of(world, "P2", cycle)
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["thamdinh"])
    before = everything()

    response = client.post(comments_url(review), {"text": OPINION})

    assert response.status_code == 403
    assert everything() == before


def test_the_page_costs_the_same_queries_with_ten_times_the_comments(world: World) -> None:
    cycle = bring(world, "verification")
    review = review_of(world, "P2", cycle)
    client = client_for(world, "thamdinh")
    comment_add(review=review, actor=world.users["bithu"], kind="residence", text=RESIDENCE, now=NOW)
    client.get(comments_url(review))

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(comments_url(review)).status_code == 200
        return len(queries)

    one = count()
    for i in range(9):
        who = ("bithu", "thamdinh", "admin")[i % 3]
        kind = ("meeting", "assessor", "residence")[i % 3]
        minutes = Minutes(NOW.date(), "Trần Thị Bình", 6, 6) if kind == "meeting" else None
        comment_add(review=review, actor=world.users[who], kind=kind, text=f"Ý kiến {i}.", minutes=minutes, now=NOW)
    ten = count()

    assert Comment.objects.filter(review=review).count() == 10
    assert ten == one
