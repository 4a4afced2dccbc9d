"""Separation of duties: nobody verifies, decides, votes on or reads the confidential notes of their own review
or a close relative's; the level above does, and the boards say so. A refusal changes nothing."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from danhgia.apps.access.duties import Conflict, Duties, conflict
from danhgia.apps.access.models import Account, Role
from danhgia.apps.boards.tests.test_verification import text
from danhgia.apps.boards.tests.world import NOW, bring, client_for, everything, file_complaint, make_world, review_of
from danhgia.apps.orgs.models import RelationKind, Relative
from danhgia.apps.reports.tests.test_forms import text_of
from danhgia.apps.reviews.models import Comment, CommentKind, Review, ReviewState
from danhgia.apps.reviews.services import (
    comment_add,
    complaint_resolve,
    review_return,
    review_verify,
    reviews_accept_engine,
    reviews_decide,
)
from danhgia.apps.reviews.services.comments import Minutes
from danhgia.apps.reviews.tests.world import World, login

pytestmark = pytest.mark.django_db

OWN = "Đây là bản đánh giá của chính đồng chí: việc thẩm định, biểu quyết và quyết định chuyển lên cấp trên."
SPOUSE = "Đây là bản đánh giá của vợ hoặc chồng đồng chí: việc thẩm định, biểu quyết và quyết định chuyển lên cấp trên."
MINUTES = Minutes(NOW.date(), "Trần Thị Bình", 6, 6)
ADVISORY = "Nhận xét của Hội đồng thẩm định về đồng chí Bình: chưa nộp đủ minh chứng."


@pytest.fixture
def world() -> World:
    return make_world()


def belongs_to(world: World, user: str, key: str) -> None:
    """Give `user` the person `key` (the person's own login lets go of it)."""
    Account.objects.filter(person=world.people[key]).update(person=None)
    Account.objects.filter(user=world.users[user]).update(person=world.people[key])


def test_the_rule_names_own_and_close_relatives_reviews_and_no_other(world: World) -> None:
    bring(world, "open")
    Relative.objects.create(person=world.people["P2"], relative=world.people["P1"], kind=RelationKind.SPOUSE)
    Relative.objects.create(person=world.people["P1"], relative=world.people["P3"], kind=RelationKind.PARENT)
    bithu = world.users["bithu"]  # P1

    assert conflict(bithu, review_of(world, "P1")) == OWN
    assert conflict(bithu, review_of(world, "P2")) == SPOUSE  # the row is read both ways
    assert conflict(bithu, review_of(world, "P3")) == (
        "Đây là bản đánh giá của cha hoặc mẹ đồng chí: việc thẩm định, biểu quyết và quyết định chuyển lên cấp trên."
    )
    assert conflict(world.users["p3"], review_of(world, "P1")) == (
        "Đây là bản đánh giá của con đồng chí: việc thẩm định, biểu quyết và quyết định chuyển lên cấp trên."
    )
    assert conflict(bithu, review_of(world, "P4")) is None
    assert conflict(world.users["thamdinh"], review_of(world, "P1")) is None  # no person: nothing to conflict
    assert Duties(bithu).conflicts(Review.objects.filter(person__isnull=False).order_by("pk")) == {
        review_of(world, "P1").pk: OWN,
        review_of(world, "P2").pk: SPOUSE,
        review_of(world, "P3").pk: conflict(bithu, review_of(world, "P3")),
    }


def test_a_decider_cannot_decide_her_own_review_and_the_level_above_can(world: World) -> None:
    cycle = bring(world, "decision")
    belongs_to(world, "quyetdinh", "P3")
    own = review_of(world, "P3", cycle)
    before = everything()

    with pytest.raises(Conflict) as refused:
        reviews_decide(reviews=[own], actor=world.users["quyetdinh"], now=NOW)
    with pytest.raises(Conflict):  # nor inside a batch
        reviews_decide(reviews=[review_of(world, "P4", cycle), own], actor=world.users["quyetdinh"], now=NOW)

    assert str(refused.value) == OWN
    assert isinstance(refused.value, PermissionDenied)
    assert everything() == before
    reviews_decide(reviews=[own], actor=world.users["tinhuy"], now=NOW)  # the provincial level, above
    own.refresh_from_db()
    assert (own.state, own.decided_level) == (ReviewState.DECIDED, "L2")


def test_the_decision_board_says_the_case_goes_above_hides_the_note_and_the_unit_batch_leaves_it(
    world: World,
) -> None:
    cycle = bring(world, "decision")
    belongs_to(world, "quyetdinh", "P3")
    own = review_of(world, "P3", cycle)
    Review.objects.filter(pk=own.pk).update(verification_note="Ghi chú mật của Hội đồng.")
    client = client_for(world, "quyetdinh")
    url = f"/decision/{cycle.pk}/{world.cell.pk}/"

    page = client.get(url).content.decode()

    row = page[page.index(f'id="review-{own.pk}"') :]
    row = row[: row.index("</tr>")]
    assert OWN in text(row)
    assert "Ghi chú mật của Hội đồng." not in page
    assert f'name="review" value="{own.pk}"' not in page  # no button to decide it
    client.post(url + "decide/", {})
    own.refresh_from_db()
    assert own.state == ReviewState.VERIFIED  # the unit's batch was decided without it
    assert Review.objects.filter(cycle=cycle, unit=world.cell, state=ReviewState.DECIDED).count() >= 1


def test_a_secretary_cannot_record_a_vote_on_her_own_review_nor_read_the_advisory_comment_about_her(
    world: World,
) -> None:
    cycle = bring(world, "open")
    own = review_of(world, "P1", cycle)  # bithu is P1, the cell's secretary
    comment_add(review=own, actor=world.users["thamdinh"], kind=CommentKind.ASSESSOR, text=ADVISORY, now=NOW)
    before = everything()

    with pytest.raises(Conflict) as refused:
        comment_add(
            review=own,
            actor=world.users["bithu"],
            kind=CommentKind.MEETING,
            text="Hoàn thành tốt",
            votes={"L2": 6},
            minutes=MINUTES,
            now=NOW,
        )
    client = client_for(world, "bithu")
    page = client.get(f"/unit-board/meeting/{own.pk}/")
    posted = client.post(
        f"/unit-board/meeting/{own.pk}/",
        {"held_on": "10/12/2025", "chair": "Bình", "members": 6, "attendees": 6, "text": "Tốt", "votes_L2": 6},
    )

    assert str(refused.value) == OWN
    assert page.status_code == 403 and ADVISORY not in page.content.decode()
    assert posted.status_code == 403
    assert everything() == before
    board = text(client.get(f"/unit-board/?cycle={cycle.pk}").content.decode())
    assert board.count(OWN) == 1  # on her own row, instead of the link to the meeting
    assert f'href="/unit-board/meeting/{own.pk}/"' not in client.get(f"/unit-board/?cycle={cycle.pk}").content.decode()
    # the grassroots committee's secretary, one level above, records it
    above = login(world, "bithu_dangbo", Role.SECRETARY, world.committee)
    comment_add(
        review=own, actor=above, kind=CommentKind.MEETING, text="Tốt", votes={"L2": 6}, minutes=MINUTES, now=NOW
    )
    assert Comment.objects.filter(review=own, kind=CommentKind.MEETING).count() == 1


def test_a_secretary_cannot_vote_on_her_spouses_review(world: World) -> None:
    cycle = bring(world, "open")
    Relative.objects.create(person=world.people["P1"], relative=world.people["P2"], kind=RelationKind.SPOUSE)
    before = everything()

    with pytest.raises(Conflict) as refused:
        comment_add(
            review=review_of(world, "P2", cycle),
            actor=world.users["bithu"],
            kind=CommentKind.MEETING,
            text="Tốt",
            votes={"L2": 6},
            minutes=MINUTES,
            now=NOW,
        )

    assert str(refused.value) == SPOUSE
    assert everything() == before


def test_a_verifier_cannot_verify_or_return_her_own_review_and_accepting_the_engine_leaves_it(world: World) -> None:
    cycle = bring(world, "computed")
    belongs_to(world, "thamdinh", "P4")
    own = review_of(world, "P4", cycle)
    before = everything()

    with pytest.raises(Conflict):
        review_verify(review=own, actor=world.users["thamdinh"], status="classified", level="L1", now=NOW)
    with pytest.raises(Conflict):
        review_return(review=own, actor=world.users["thamdinh"], reason="Bổ sung minh chứng", now=NOW)
    client = client_for(world, "thamdinh")
    assert client.get(f"/verification/review/{own.pk}/comments/").status_code in (403, 404)
    assert everything() == before

    reviews_accept_engine(reviews=Review.objects.filter(cycle=cycle), actor=world.users["thamdinh"], now=NOW)
    own.refresh_from_db()
    assert own.state == ReviewState.SUBMITTED  # left for the level above
    assert Review.objects.filter(cycle=cycle, state=ReviewState.VERIFIED).exclude(pk=own.pk).exists()


def test_a_complaint_about_her_own_review_is_not_resolved_by_the_decider_herself(world: World) -> None:
    bring(world, "published")
    complaint = file_complaint(world, "P3")
    belongs_to(world, "tinhuy", "P3")
    before = everything()

    with pytest.raises(Conflict):
        complaint_resolve(complaint=complaint, actor=world.users["tinhuy"], upheld=False, resolution="Giữ nguyên.")

    assert everything() == before


def test_a_relative_in_the_advisory_body_gets_the_form_without_the_unpublished_decision(world: World) -> None:
    cycle = bring(world, "decided")
    review = review_of(world, "P3", cycle)
    Review.objects.filter(pk=review.pk).update(decided_level="L4")  # decided, not yet published
    belongs_to(world, "thamdinh", "P4")
    Relative.objects.create(person=world.people["P4"], relative=world.people["P3"], kind=RelationKind.SIBLING)
    url = f"/reports/review/{review.pk}/form.docx"

    relative = text_of(client_for(world, "thamdinh").get(url).content)
    subject = text_of(client_for(world, "p3").get(url).content)
    unrelated = text_of(client_for(world, "tinhuy").get(url).content)

    assert relative == subject
    assert unrelated != subject  # the competent level sees the decided level before publication
