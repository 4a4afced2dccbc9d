"""A rule set that does not apply to the period: the form refuses it without grounds; a replay with grounds is
created and its cycle page says so, in the engine's words."""

from __future__ import annotations

import pytest

from danhgia.apps.boards.tests.test_cycles import FORM
from danhgia.apps.boards.tests.test_verification import text
from danhgia.apps.boards.tests.world import client_for, make_world
from danhgia.apps.cycles.models import ReviewCycle

pytestmark = pytest.mark.django_db
REPLAY = FORM | {"ruleset": "qd124-2023", "name": "Quý II/2025 theo Quy định 124"}


def test_a_replay_needs_grounds_and_its_page_shows_the_warning() -> None:
    world = make_world()
    client = client_for(world, "admin")

    refused = client.post("/cycles/new/", REPLAY)

    assert refused.status_code == 400
    assert "kỳ này kết thúc năm 2025" in text(refused.content.decode())
    assert not ReviewCycle.objects.exists()

    created = client.post("/cycles/new/", REPLAY | {"replay_grounds": "Đối chiếu với Quy định 124"}, follow=True)

    page = text(created.content.decode())
    assert ReviewCycle.objects.get().replay_grounds == "Đối chiếu với Quy định 124"
    assert (
        "Lưu ý về bộ quy tắc Năm 2025 nằm ngoài thời gian áp dụng của qd124-2023 (2023–2024); kết quả chỉ để tham"
        " khảo, đối chiếu. Căn cứ chạy lại: Đối chiếu với Quy định 124"
    ) in page
