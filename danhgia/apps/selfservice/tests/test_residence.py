"""The residence cell's comments (213-QĐ/TW, 33-HD/BTCTW): a secretary finds a party member of a cycle taking
comments by name, personnel code or national ID (20 a page, in queries that do not grow with the rows), sees
where the member works and which cell they belong to, and records the cell's comments; whoever comment_add
would refuse is refused by the pages too, and nothing changes. The meeting page shows every kind of comment."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from pytest_django.asserts import assertContains, assertNotContains, assertRedirects

from danhgia.apps.access.models import Role
from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.cycles.models import CycleState, ReviewCycle
from danhgia.apps.cycles.services import cycle_advance
from danhgia.apps.orgs.models import CellMembership, Person, Post, PostRole, UnitKind
from danhgia.apps.orgs.services import unit_create
from danhgia.apps.reviews.models import Comment, Review
from danhgia.apps.reviews.services import comment_add
from danhgia.apps.reviews.tests.world import START, World, login
from danhgia.apps.selfservice.tests.factories import NOW, client_of, everything, review_of

pytestmark = pytest.mark.django_db
TEXT = "Đồng chí gương mẫu, tham gia đầy đủ sinh hoạt khu dân cư; gia đình chấp hành tốt quy định địa phương."


def found_rows(response: Any) -> list[tuple[str, str, str, str, str]]:
    """The table of members found: name, personnel code, workplace, cell, whether commented."""
    return [
        (
            review.person.full_name,
            review.person.personnel_code or "",
            review.workplace or "",
            review.cell_name or "",
            "yes" if review.has_residence else "no",
        )
        for review in response.context["page"].object_list
    ]


def test_the_secretary_finds_a_member_by_part_of_the_name_with_workplace_and_cell(
    world: World, cycle: ReviewCycle
) -> None:
    response = client_of(world, "bithu").get("/residence/", {"cycle": str(cycle.pk), "q": "văn an"})

    assert response.status_code == 200
    assertContains(response, "<h1>Nhận xét của chi bộ nơi cư trú</h1>", html=True)
    assertContains(response, '<h2 id="found-title">Số đảng viên tìm thấy: 1</h2>', html=True)
    assert found_rows(response) == [("Nguyễn Văn An", "CB000", "Sở Nội vụ", "Chi bộ Văn phòng", "no")]
    review = review_of(world, "P0")
    assertContains(
        response,
        f'<th scope="row"><a href="/residence/{review.pk}/">Nguyễn Văn An</a></th>'
        "<td>CB000</td><td>Sở Nội vụ</td><td>Chi bộ Văn phòng</td><td>—</td>",
        html=True,
    )


def test_a_name_typed_in_decomposed_unicode_is_found_as_stored(world: World, cycle: ReviewCycle) -> None:
    decomposed = "Le\u0302 Va\u0306n"  # "Lê Văn" with combining marks (NFD), as some keyboards send it

    response = client_of(world, "bithu").get("/residence/", {"q": decomposed})

    assert [row[0] for row in found_rows(response)] == ["Lê Văn Cường"]


def test_a_personnel_code_or_a_national_id_finds_exactly_that_member(world: World, cycle: ReviewCycle) -> None:
    Person.objects.filter(pk=world.people["P3"].pk).update(national_id="042190000123")
    client = client_of(world, "bithu")

    by_code = client.get("/residence/", {"q": "CB002"})
    by_id = client.get("/residence/", {"q": "042190000123"})
    by_part_of_a_code = client.get("/residence/", {"q": "CB00"})

    assert [row[:2] for row in found_rows(by_code)] == [("Lê Văn Cường", "CB002")]
    assert [row[:2] for row in found_rows(by_id)] == [("Phạm Thị Dung", "CB003")]
    assert found_rows(by_part_of_a_code) == []
    assertContains(
        by_part_of_a_code,
        '<p class="ss-notice">Không tìm thấy đảng viên nào của kỳ đánh giá trong phạm vi phụ trách. '
        "Hãy kiểm tra dấu tiếng Việt hoặc tìm theo mã cán bộ.</p>",
        html=True,
    )


def test_a_search_of_one_character_is_refused_beside_the_field(world: World, cycle: ReviewCycle) -> None:
    response = client_of(world, "bithu").get("/residence/", {"q": "A"})

    assert response.context["page"] is None
    assertContains(response, '<ul class="errorlist" id="id_q_error"><li>Hãy nhập ít nhất 2 ký tự.</li></ul>', html=True)


def test_the_secretary_records_the_residence_cells_comments_with_an_audit_entry(
    world: World, cycle: ReviewCycle
) -> None:
    review = review_of(world, "P2")
    client = client_of(world, "bithu")
    audits = AuditEntry.objects.count()

    response = client.post(f"/residence/{review.pk}/", {"text": f"  {TEXT}  "})

    assertRedirects(response, f"/residence/{review.pk}/", fetch_redirect_response=False)
    comment = Comment.objects.get()
    assert (comment.review, comment.kind, comment.text, comment.votes, comment.author) == (
        review,
        "residence",
        TEXT,
        {},
        world.users["bithu"],
    )
    assert AuditEntry.objects.count() == audits + 1
    entry = AuditEntry.objects.get(action="comment_add")
    assert (entry.object_type, entry.object_id, entry.actor) == ("review", str(review.pk), world.users["bithu"])
    assert entry.after == {"comment": comment.pk, "kind": "residence", "text": TEXT, "votes": {}}
    page = client.get(f"/residence/{review.pk}/")
    assertContains(
        page, '<li class="ss-message ss-message-success">Đã ghi nhận xét của chi bộ nơi cư trú.</li>', html=True
    )
    assertContains(page, "<dt>Nơi công tác</dt><dd>Sở Nội vụ</dd>", html=True)
    assertContains(page, "<dt>Chi bộ</dt><dd>Chi bộ Văn phòng</dd>", html=True)
    assertContains(page, f"<p>{TEXT}</p>", html=True)
    assertContains(page, "· bithu</p>")
    found = client.get("/residence/", {"q": "Lê Văn Cường"})
    assert found_rows(found) == [("Lê Văn Cường", "CB002", "Sở Nội vụ", "Chi bộ Văn phòng", "yes")]


def test_blank_comments_are_refused_beside_the_field_and_nothing_changes(world: World, cycle: ReviewCycle) -> None:
    review = review_of(world, "P2")
    before = everything()

    response = client_of(world, "bithu").post(f"/residence/{review.pk}/", {"text": "   "})

    assert response.status_code == 200
    assertContains(
        response, '<ul class="errorlist" id="id_text_error"><li>Trường này là bắt buộc.</li></ul>', html=True
    )
    assert everything() == before


def test_a_secretary_over_the_whole_cycle_finds_every_member(world: World, cycle: ReviewCycle) -> None:
    login(world, "bithutinh", Role.SECRETARY, world.province)

    response = client_of(world, "bithutinh").get("/residence/", {"q": "Thị"})

    assert [row[0] for row in found_rows(response)] == ["Phạm Thị Dung", "Trần Thị Bình", "Vũ Thị Giang"]


@pytest.fixture
def outsider(world: World, cycle: ReviewCycle) -> None:
    """The secretary of another cell of the same tree (a residence cell for members of other cells), and a
    cell secretary outside the cycle's tree."""
    login(world, "bithu2", Role.SECRETARY, world.other_cell)
    elsewhere = unit_create(
        code="TU2", name="Tỉnh ủy Nghệ An", kind=UnitKind.PARTY_COMMITTEE, parent=None, valid_from=START
    )
    cell = unit_create(code="CB-NA", name="Chi bộ khối 1", kind=UnitKind.CELL, parent=elsewhere, valid_from=START)
    login(world, "bithu9", Role.SECRETARY, cell)


@pytest.mark.parametrize(
    ("who", "method", "status"),
    [
        ("p3", "get", 403),  # a member, not a secretary
        ("p3", "post", 403),
        ("thamdinh", "post", 403),  # the advisory body is no cell secretary
        ("bithu9", "get", 403),  # a secretary outside the cycle's tree
        ("bithu9", "post", 403),
        (None, "post", 302),  # anonymous: to the login page
    ],
)
def test_whoever_comment_add_would_refuse_is_refused_and_nothing_changes(
    world: World, outsider: None, who: str | None, method: str, status: int
) -> None:
    review = review_of(world, "P2")
    client = client_of(world, who) if who else Client()
    before = everything()

    response = getattr(client, method)(f"/residence/{review.pk}/", {"text": TEXT} if method == "post" else None)

    assert response.status_code == status
    assert everything() == before


def test_the_search_needs_the_secretary_role_and_covers_the_cycles_tree(world: World, outsider: None) -> None:
    assert client_of(world, "p3").get("/residence/", {"q": "Văn"}).status_code == 403
    assert client_of(world, "thamdinh").get("/residence/", {"q": "Văn"}).status_code == 403
    neighbour = client_of(world, "bithu2").get("/residence/", {"q": "Văn An"})
    stranger = client_of(world, "bithu9").get("/residence/", {"q": "Văn An"})

    assert neighbour.status_code == 200
    assert found_rows(neighbour) == [("Nguyễn Văn An", "CB000", "Sở Nội vụ", "Chi bộ Văn phòng", "no")]
    assert stranger.status_code == 200
    assert stranger.context["cycles"] == []


def test_the_secretary_of_another_cell_of_the_tree_records_the_residence_comments(world: World, outsider: None) -> None:
    review = review_of(world, "P2")

    response = client_of(world, "bithu2").post(f"/residence/{review.pk}/", {"text": TEXT})

    assert response.status_code == 302
    comment = Comment.objects.get(review=review)
    assert (comment.kind, comment.author.username, comment.text) == ("residence", "bithu2", TEXT)


def test_a_collective_or_a_cycle_no_longer_taking_comments_is_not_found(world: World, cycle: ReviewCycle) -> None:
    collective = Review.objects.get(unit=world.cell, category="party_organisation")
    member = review_of(world, "P2")
    client = client_of(world, "bithu")
    assert client.post(f"/residence/{collective.pk}/", {"text": TEXT}).status_code == 404
    for step in (CycleState.VERIFICATION, CycleState.DECISION):
        cycle_advance(cycle=cycle, actor=world.users["thamdinh"], to=step, now=NOW)
    before = everything()

    page = client.get(f"/residence/{member.pk}/")
    posted = client.post(f"/residence/{member.pk}/", {"text": TEXT})
    search = client.get("/residence/", {"q": "Văn"})

    assert (page.status_code, posted.status_code) == (404, 404)
    assert everything() == before
    assertContains(
        search,
        '<p class="ss-notice">Hiện không có kỳ đánh giá nào trong phạm vi phụ trách đang nhận ý kiến, nhận xét.</p>',
        html=True,
    )


def add_namesakes(world: World, cycle: ReviewCycle, count: int) -> None:
    """More members of the cell named Nguyễn, each with a post and a cell membership, some commented on."""
    group = review_of(world, "P2").quota_group
    for i in range(count):
        person = Person.objects.create(personnel_code=f"N{i:03d}", full_name=f"Nguyễn Thị Mai {i:02d}")
        CellMembership.objects.create(person=person, cell=world.cell, valid_from=START)
        Post.objects.create(
            person=person, unit=world.agency, title="Chuyên viên", role=PostRole.MEMBER, valid_from=START
        )
        review = Review.objects.create(
            cycle=cycle, subject_type="individual", category="staff", person=person, unit=world.cell, quota_group=group
        )
        if i % 2:
            comment_add(review=review, actor=world.users["bithu"], kind="residence", text="Tốt.", now=NOW)


def search_queries(client: Client, q: str) -> tuple[int, int]:
    client.get("/residence/", {"q": q})  # warm the per-process caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/residence/", {"q": q})
    assert response.status_code == 200
    return len(queries), len(response.context["page"].object_list)


def test_results_come_twenty_a_page_in_queries_that_do_not_grow_with_them(world: World, cycle: ReviewCycle) -> None:
    add_namesakes(world, cycle, 25)
    client = client_of(world, "bithu")

    one, rows_one = search_queries(client, "Cường")
    many, rows_many = search_queries(client, "Nguyễn")
    second = client.get("/residence/", {"cycle": str(cycle.pk), "q": "Nguyễn", "page": "2"})

    assert (rows_one, rows_many) == (1, 20)
    assert many == one
    assert [row[0] for row in found_rows(second)] == [
        *(f"Nguyễn Thị Mai {i:02d}" for i in range(20, 25)),
        "Nguyễn Văn An",
    ]
    assert [row[4] for row in found_rows(second)] == ["no", "yes", "no", "yes", "no", "no"]
    assertContains(second, "<span>Trang 2/2</span>", html=True)
    assertContains(second, f'<a href="?cycle={cycle.pk}&amp;q=Nguy%E1%BB%85n&amp;page=1">Trang trước</a>', html=True)


def test_the_meeting_page_shows_every_kind_of_comment_labelled(world: World, cycle: ReviewCycle) -> None:
    review = review_of(world, "P2")
    comment_add(review=review, actor=world.users["bithu"], kind="residence", text=TEXT, now=NOW)
    comment_add(review=review, actor=world.users["thamdinh"], kind="assessor", text="Đề nghị làm rõ.", now=NOW)

    page = client_of(world, "bithu").get(f"/unit-board/meeting/{review.pk}/")

    kinds = [(c.get_kind_display(), c.text, c.author.get_username()) for c, _withdraw in page.context["comments"]]
    assert kinds == [
        ("chi bộ nơi cư trú", TEXT, "bithu"),
        ("chủ thể tham gia đánh giá khác", "Đề nghị làm rõ.", "thamdinh"),
    ]
    assertContains(page, '<strong class="ss-kind ss-kind-residence">Chi bộ nơi cư trú</strong>', html=True)
    assertContains(page, '<strong class="ss-kind ss-kind-assessor">Chủ thể tham gia đánh giá khác</strong>', html=True)


def test_the_navigation_leads_the_secretary_to_the_search_in_vietnamese_and_english(
    world: World, cycle: ReviewCycle
) -> None:
    client = client_of(world, "bithu")

    home = client.get("/")
    english = client.get("/en/residence/")

    assertContains(home, '<a href="/residence/">Nhận xét nơi cư trú</a>', html=True)
    assertNotContains(client_of(world, "p3").get("/"), 'href="/residence/"')
    assertContains(english, "<h1>Residence cell&#x27;s comments</h1>", html=True)
    assertContains(english, '<a href="/en/residence/" aria-current="page">Residence comments</a>', html=True)


def test_a_post_without_the_csrf_token_is_refused(world: World, cycle: ReviewCycle) -> None:
    review = review_of(world, "P2")
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["bithu"])
    before = everything()

    response = client.post(f"/residence/{review.pk}/", {"text": TEXT})

    assert response.status_code == 403
    assert everything() == before
