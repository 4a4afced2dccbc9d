"""Resolving a complaint never moves the original publication (issue: rejecting a complaint turned the published
date 10/01/2026 into 06/12/2026 on the member's page and in his history). The result's history lists both
events, each with its own date; a refused resolution changes nothing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from pytest_django.asserts import assertContains

from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.audit.services import audit_verify
from danhgia.apps.boards.tests.test_verification import text
from danhgia.apps.boards.tests.world import NOW, bring, client_for, everything, file_complaint, make_world, review_of
from danhgia.apps.reviews.models import ComplaintState, ReviewState
from danhgia.apps.reviews.services import complaint_resolve
from danhgia.apps.reviews.tests.world import World
from danhgia.apps.selfservice.selectors import ResultEvent, result_events

pytestmark = pytest.mark.django_db
RESOLVED = datetime(2026, 12, 6, 3, 0, tzinfo=UTC)  # the day the superior level answered, a year later


@pytest.fixture
def world() -> World:
    return make_world()


def test_rejecting_a_complaint_keeps_the_publication_date_and_the_history_lists_both() -> None:
    world = make_world()
    bring(world, "published")
    complaint = file_complaint(world, "P3")
    published_at = review_of(world, "P3").published_at
    assert published_at == NOW

    complaint_resolve(
        complaint=complaint, actor=world.users["tinhuy"], upheld=False, resolution="Không có căn cứ.", now=RESOLVED
    )

    p3 = review_of(world, "P3")
    assert (p3.state, p3.decided_level, p3.published_at) == (ReviewState.PUBLISHED, "L2", NOW)
    assert result_events(p3) == [
        ResultEvent("published", NOW, "classified", "L2"),
        ResultEvent("complaint_filed", NOW),
        ResultEvent("complaint_rejected", RESOLVED),
    ]
    entry = AuditEntry.objects.get(action="complaint_resolve")
    after = entry.after or {}
    assert (entry.object_id, entry.reason, after["complaint"]) == (str(p3.pk), "Không có căn cứ.", "rejected")
    assert audit_verify() == []


def test_upholding_a_complaint_re_classifies_from_its_own_date_and_keeps_the_publication() -> None:
    world = make_world()
    bring(world, "published")
    complaint = file_complaint(world, "P3")

    complaint_resolve(
        complaint=complaint,
        actor=world.users["tinhuy"],
        upheld=True,
        resolution="Kết luận xác minh.",
        status="classified",
        level="L1",
        now=RESOLVED,
    )

    p3 = review_of(world, "P3")
    assert (p3.state, p3.decided_level, p3.published_at) == (ReviewState.PUBLISHED, "L1", NOW)
    assert result_events(p3) == [
        ResultEvent("published", NOW, "classified", "L2"),
        ResultEvent("complaint_filed", NOW),
        ResultEvent("complaint_upheld", RESOLVED, "classified", "L1"),
    ]


def test_resolving_again_is_refused_and_changes_nothing() -> None:
    world = make_world()
    bring(world, "published")
    complaint = file_complaint(world, "P3")
    complaint_resolve(complaint=complaint, actor=world.users["tinhuy"], upheld=False, resolution="Bác.", now=RESOLVED)
    before = everything()

    with pytest.raises(ValidationError, match="Khiếu nại này đã được giải quyết"):
        complaint_resolve(
            complaint=complaint,
            actor=world.users["tinhuy"],
            upheld=True,
            resolution="Xếp loại lại.",
            status="classified",
            level="L1",
            now=datetime(2026, 12, 7, 3, 0, tzinfo=UTC),
        )

    assert everything() == before
    complaint.refresh_from_db()
    assert (complaint.state, complaint.resolved_at) == (ComplaintState.REJECTED, RESOLVED)


def test_the_members_page_and_history_show_the_publication_and_the_resolution_each_with_its_date(
    world: World,
) -> None:
    bring(world, "published")
    complaint = file_complaint(world, "P3")
    complaint_resolve(
        complaint=complaint, actor=world.users["tinhuy"], upheld=False, resolution="Không có căn cứ.", now=RESOLVED
    )
    p3 = review_of(world, "P3")
    client = client_for(world, "p3")

    page = client.get(f"/self-review/{p3.pk}/")
    history = client.get("/my-review/history/")

    assert "Công bố ngày 10/12/2025." in text(page.content.decode())
    events = (
        '<ul class="ss-events">'
        '<li class="ss-event ss-event-published"><time datetime="2025-12-10">10/12/2025</time> '
        "Công bố: Hoàn thành tốt nhiệm vụ</li>"
        '<li class="ss-event ss-event-complaint_filed"><time datetime="2025-12-10">10/12/2025</time> '
        "Gửi khiếu nại</li>"
        '<li class="ss-event ss-event-complaint_rejected"><time datetime="2026-12-06">06/12/2026</time> '
        "Khiếu nại bị bác: giữ nguyên kết quả đã công bố</li></ul>"
    )
    assertContains(page, events, html=True)
    assertContains(history, "<td>10/12/2025</td>", html=True)
    assertContains(history, events, html=True)
