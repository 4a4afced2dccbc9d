"""The decision board counts only what the actor may decide: her own and a close relative's reviews go to the
level above, so "Decide the N ready proposals" says the N the batch then decides."""

from __future__ import annotations

import re

import pytest

from danhgia.apps.access.tests.test_duties import OWN, SPOUSE, belongs_to
from danhgia.apps.boards.tests.test_decision import states, url
from danhgia.apps.boards.tests.test_verification import text
from danhgia.apps.boards.tests.world import bring, client_for, make_world, review_of
from danhgia.apps.orgs.models import RelationKind, Relative
from danhgia.apps.reviews.models import ReviewState
from danhgia.apps.reviews.tests.world import World

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return make_world()


def decide_button(page: str, action: str) -> str:
    """The text of the batch's button and of its confirmation."""
    form = page[page.index(f'action="{action}"') :]
    confirm = re.search(r'data-confirm="([^"]*)"', form)
    button = re.search(r'<button type="submit"[^>]*>([^<]*)</button>', form)
    assert confirm is not None and button is not None
    return f"{button.group(1)} | {confirm.group(1)}"


def test_the_button_counts_what_the_batch_decides_without_own_or_relatives_reviews(world: World) -> None:
    cycle = bring(world, "decision")
    belongs_to(world, "quyetdinh", "P3")
    Relative.objects.create(person=world.people["P4"], relative=world.people["P3"], kind=RelationKind.SPOUSE)
    client = client_for(world, "quyetdinh")
    own, spouse = review_of(world, "P3", cycle), review_of(world, "P4", cycle)

    page = client.get(url(cycle, world.cell)).content.decode()

    assert decide_button(page, url(cycle, world.cell, "decide")) == (
        "Quyết định 3 đề xuất đã sẵn sàng của đơn vị | "
        "Quyết định xếp loại 3 đối tượng của Chi bộ Văn phòng (Hoàn thành tốt nhiệm vụ: 3)? "
        "2 trường hợp khác bị giữ lại, không được quyết định lần này. "
        "Kết quả đã quyết định không thể sửa trên trang này, chỉ có thể thay đổi qua giải quyết khiếu nại."
    )
    assert "3 đề xuất của đơn vị có thể quyết định ngay." in text(page)
    assert text(page).count(OWN) == 1 and text(page).count(SPOUSE) == 1

    decided = text(client.post(url(cycle, world.cell, "decide"), follow=True).content.decode())

    assert "Đã quyết định xếp loại 3 đối tượng." in decided
    assert states(world.cell).count((ReviewState.DECIDED, "L2")) == 3
    own.refresh_from_db()
    spouse.refresh_from_db()
    assert (own.state, spouse.state) == (ReviewState.VERIFIED, ReviewState.VERIFIED)  # for the level above
    assert "0 đề xuất của đơn vị có thể quyết định ngay." in decided
