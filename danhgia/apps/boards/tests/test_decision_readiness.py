"""The decision page reads `decision_readiness` once: one scenario for the engine's edges, the blocking subjects
named from the database. It cost 84 queries when it asked `blockers` again after each round of set-asides and
parsed the subjects out of the messages."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danhgia.apps.boards.tests.test_verification import text
from danhgia.apps.boards.tests.world import bring, client_for, collective, make_world

pytestmark = pytest.mark.django_db


def test_the_decision_page_computes_readiness_once() -> None:
    world = make_world()
    cycle = bring(world, "decision")
    client = client_for(world, "quyetdinh")
    organisation = collective(world.agency, "organisation")

    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/decision/{cycle.pk}/{world.cell.pk}/")

    assert response.status_code == 200
    sql = [q["sql"] for q in captured.captured_queries]
    assert sum('FROM "orgs_partymembership"' in q for q in sql) == 1
    # 51 before the quota holds: the groups and their rows for the holds, the ready ones' results for the
    # confirmation, the group sizes of the meters (each one query whatever the size of the unit), and the decider's
    # own person for the separation of duties (access.duties)
    assert len(sql) <= 56
    page = text(response.content.decode())
    assert (
        "5 đề xuất của đơn vị có thể quyết định ngay. 1 trường hợp phải chờ quyết định khác trước. "
        "1 trường hợp bị giữ lại vì nhóm có chức năng, nhiệm vụ tương đồng vượt tỷ lệ mức 1 (xem cột Trình tự)."
    ) in page
    assert (
        "Nguyễn Văn An Cán bộ lãnh đạo, quản lý Đã thẩm định Hoàn thành tốt nhiệm vụ — "
        f"phải chờ quyết định đối với Cơ quan, địa phương, đơn vị — Sở Nội vụ (R{organisation.pk})"
    ) in page
