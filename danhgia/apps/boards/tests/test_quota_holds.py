"""A quota group over its limit holds back its level-1 proposals, not the whole unit (issue: "Decide the 17
ready proposals" refused all 17 because one group was over, and the panel still said 17 were ready). What can be
decided is; the held ones say why; a batch over the quota is refused and changes nothing. And the meter's
"allowed" is explained with the group's own numbers, counted over the whole group."""

from __future__ import annotations

from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from danhgia.apps.boards.selectors import group_meter, quota_explanation
from danhgia.apps.boards.tests.test_verification import text
from danhgia.apps.boards.tests.world import NOW, bring, client_for, everything, grow, make_world, review_of
from danhgia.apps.reviews.models import Decision, Review, ReviewState
from danhgia.apps.reviews.services import reviews_decide
from danhgia.apps.reviews.services.decision import decision_readiness
from danhgia.apps.reviews.services.opening import quota_group_update
from danhgia.apps.reviews.tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def cell_reviews(world: World) -> set[int]:
    return set(Review.objects.filter(unit=world.cell, state=ReviewState.VERIFIED).values_list("pk", flat=True))


def test_the_level_1_proposal_over_the_quota_is_held_and_the_rest_is_ready(world: World) -> None:
    cycle = bring(world, "decision")
    p2, head = review_of(world, "P2"), review_of(world, "P0")

    found = decision_readiness(cycle, cell_reviews(world))

    assert found.ready == cell_reviews(world) - {p2.pk, head.pk}
    [held] = found.blockers[p2.pk]
    assert (held.code, held.waits_for) == ("quota", None)
    with translation.override("vi"):
        message = held.message
    assert message == (
        f"nhóm {p2.quota_group.name} sẽ có 1 mức 1 nhưng chỉ được giữ 0 (mức 1 không quá 20 % số mức 2): "
        "hạ bớt đề xuất mức 1 hoặc ghi nhận ngoại lệ có căn cứ"
    )
    assert [b.code for b in found.blockers[head.pk]] == ["dependency"]


def test_one_decide_call_accepts_the_ready_set_and_refuses_the_held_one_changing_nothing(world: World) -> None:
    cycle = bring(world, "decision")
    p2 = review_of(world, "P2")
    ready = decision_readiness(cycle, cell_reviews(world)).ready
    before = everything()

    with pytest.raises(ValidationError, match="sẽ có 1 mức 1 nhưng chỉ được giữ 0"):
        reviews_decide(reviews=list(Review.objects.filter(pk__in=ready | {p2.pk})), actor=world.users["quyetdinh"])

    assert everything() == before
    decided = reviews_decide(reviews=list(Review.objects.filter(pk__in=ready)), actor=world.users["quyetdinh"], now=NOW)
    assert decided == len(ready) == 5
    assert Decision.objects.filter(kind="decide", review__unit=world.cell).count() == 5
    assert review_of(world, "P2").state == ReviewState.VERIFIED


def test_an_exception_with_grounds_releases_the_held_proposal(world: World) -> None:
    cycle = bring(world, "decision")
    p2 = review_of(world, "P2")
    quota_group_update(
        group=p2.quota_group, actor=world.users["quyetdinh"], exception=True, grounds="Thành tích đột phá.", now=NOW
    )

    found = decision_readiness(cycle, cell_reviews(world))

    assert p2.pk in found.ready
    assert not any(b.code == "quota" for reasons in found.blockers.values() for b in reasons)


def test_a_group_whose_decided_level_1_results_already_exceed_the_limit_holds_all_its_ready_proposals(
    world: World,
) -> None:
    cycle = bring(world, "decision")
    p2 = review_of(world, "P2")
    group = p2.quota_group
    quota_group_update(group=group, actor=world.users["quyetdinh"], exception=True, grounds="Đột phá.", now=NOW)
    reviews_decide(reviews=[p2], actor=world.users["quyetdinh"], now=NOW)
    quota_group_update(group=group, actor=world.users["quyetdinh"], exception=False, grounds="", now=NOW)
    same_group = set(Review.objects.filter(quota_group=group, state=ReviewState.VERIFIED).values_list("pk", flat=True))

    found = decision_readiness(cycle, cell_reviews(world))

    assert same_group and not same_group & found.ready
    assert all(any(b.code == "quota" for b in found.blockers[pk]) for pk in same_group)


def test_the_decision_page_decides_what_it_can_and_names_each_held_subject(world: World) -> None:
    cycle = bring(world, "decision")
    client = client_for(world, "quyetdinh")
    p2 = review_of(world, "P2")

    page = client.get(f"/decision/{cycle.pk}/{world.cell.pk}/").content.decode()

    # the confirmation names what will happen before it does
    assert (
        'data-confirm="Quyết định xếp loại 5 đối tượng của Chi bộ Văn phòng (Hoàn thành tốt nhiệm vụ: 5)? '
        "2 trường hợp khác bị giữ lại, không được quyết định lần này. Kết quả đã quyết định không thể sửa trên "
        'trang này, chỉ có thể thay đổi qua giải quyết khiếu nại."'
    ) in page
    assert f'<ul class="blockers held"><li>nhóm {p2.quota_group.name} sẽ có 1 mức 1' in page
    done = text(client.post(f"/decision/{cycle.pk}/{world.cell.pk}/decide/", follow=True).content.decode())
    assert "Đã quyết định xếp loại 5 đối tượng." in done
    assert f"Lê Văn Cường (R{p2.pk}): nhóm {p2.quota_group.name} sẽ có 1 mức 1 nhưng chỉ được giữ 0" in done


# --- the meter ----------------------------------------------------------------------------------------------


def test_twenty_at_level_2_allow_three_at_level_1_not_four_and_the_meter_says_why() -> None:
    with translation.override("vi"):
        explained = quota_explanation(23, 3, Fraction(1, 5), "floor")

    assert explained == (
        "Nhóm có 23 đối tượng ở mức 1 hoặc mức 2. Để 3 ở mức 1 thì còn 20 ở mức 2; 20 % của 20 là 4: đủ. "
        "Để 4 ở mức 1 thì chỉ còn 19 ở mức 2; 20 % của 19 chỉ là 3,8: không đủ. Vì vậy tối đa 3 ở mức 1."
    )


def test_the_meter_counts_the_whole_group_not_the_page(world: World) -> None:
    grow(world, cells=1, members=35)
    cycle = bring(world, "verification")
    client = client_for(world, "thamdinh")
    member = Review.objects.filter(unit__code="CB-X000", person__isnull=False).order_by("pk").first()
    assert member is not None
    group = member.quota_group
    size = Review.objects.filter(quota_group=group).count()
    assert size > 25  # more than a page of the board

    first = client.get(f"/verification/{cycle.pk}/{world.province.pk}/", {"sort": "name"}).content.decode()

    meter = group_meter(cycle, group.pk)
    assert meter.size == size
    assert first.count('<article class="subject') == 25
    assert f"Mức 1 không quá 20 % số mức 2, tính trên cả nhóm gồm {size} đối tượng." in text(first)
