"""Fed tasks in the self-review: the Decree 335 products table is pre-filled from the task feed, a corrected
row carries its reason; objective causes are claimed by the person and decided by the head of the unit, and
only an approved claim lifts a task's 25 % deductions (services/claims.py, selfservice views/claims.py)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from pytest_django.asserts import assertContains, assertNotContains

from danhgia.apps.api.models import ClaimState, ObjectiveCauseClaim, TaskRecord
from danhgia.apps.api.periods import Month
from danhgia.apps.api.selectors.tasks import products_of, products_rows, tasks_for
from danhgia.apps.api.services.claims import claim_decide, claim_file, excused
from danhgia.apps.api.tests.world import ApiWorld, state, task
from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.reports.tests.helpers import open_cycle
from danhgia.apps.reviews.models import Review
from danhgia.domain.scoring import task_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def fed(api: ApiWorld) -> dict[str, TaskRecord]:
    """P2 (CB002): a report delayed once and a document that failed one check, and a clean report."""
    token = api.token(["write:tasks"], root=api.agency)
    rows = [
        task("T-1", kind="BC", name="Báo cáo", quantity=2, completed=2, coefficient="1", delays=[1]),
        task("T-2", kind="VB", name="Văn bản", quantity=1, completed=1, coefficient="2", quality_failures=[1]),
        task("T-3", kind="HS", name="Hồ sơ", quantity=2, completed=2, coefficient="1"),
    ]
    assert api.call("POST", "/tasks", token, {"tasks": rows}).status_code == 200
    return {t.external_id: t for t in TaskRecord.objects.filter(is_current=True)}


def points(api: ApiWorld) -> Decimal:
    person = api.person("P2")
    rows = products_rows(tasks_for(person=person, period=Month(2026, 3)), excused(person.pk))
    return task_result(products_of(rows)).points


def test_only_an_approved_claim_lifts_the_deductions(api: ApiWorld, fed: dict[str, TaskRecord]) -> None:
    users = api.world.users
    # assigned 2 + 2 + 2 = 6 units; quality 6 − 25 % of 2 = 5.5; progress 6 − 25 % of 1 = 5.75
    # 70 × (1 + 11/12 + 23/24) / 3 = 70 × 69/72 = 67.08
    assert points(api) == Decimal("67.08")

    claim = claim_file(actor=users["p2"], task=fed["T-1"], cause="Mất điện cả tuần", evidence="Thông báo 12/TB-EVN")
    assert claim.state == ClaimState.PENDING
    assert points(api) == Decimal("67.08")  # pending: nothing lifted

    with pytest.raises(PermissionDenied):  # a colleague is not the head of the unit
        claim_decide(actor=users["p3"], claim=claim, approve=True, reason="Đồng ý")
    before = state()
    with pytest.raises(ValidationError):  # no reason
        claim_decide(actor=users["p0"], claim=claim, approve=True, reason="  ")
    assert state() == before

    claim_decide(actor=users["p0"], claim=claim, approve=True, reason="Sự cố điện có xác nhận của EVN")

    claim.refresh_from_db()
    assert (claim.state, claim.decided_by, claim.decision_reason) == (
        ClaimState.APPROVED,
        users["p0"],
        "Sự cố điện có xác nhận của EVN",
    )
    # the report's delay no longer costs: progress 6 → 70 × (1 + 11/12 + 1) / 3 = 68.06
    assert points(api) == Decimal("68.06")
    read = api.call(
        "GET", "/tasks", api.token(["read:tasks"], root=api.agency), person=api.person("P2").pk, period="2026-03"
    )
    assert {t["external_id"]: t["objective_cause_approved"] for t in read.json()["items"]} == {
        "T-1": True,
        "T-2": False,
        "T-3": False,
    }
    with pytest.raises(ValidationError):
        claim_decide(actor=users["p0"], claim=claim, approve=False, reason="Đổi ý")

    rejected = claim_file(actor=users["p2"], task=fed["T-2"], cause="Lỗi phần mềm", evidence="Phiếu 3")
    claim_decide(actor=users["p0"], claim=rejected, approve=False, reason="Không có xác nhận của đơn vị quản lý")
    assert points(api) == Decimal("68.06")  # a rejected claim lifts nothing
    assert list(
        AuditEntry.objects.filter(object_type="api.objectivecauseclaim").order_by("pk").values_list("action", "reason")
    ) == [
        ("objective_cause_claim", ""),
        ("objective_cause_approve", "Sự cố điện có xác nhận của EVN"),
        ("objective_cause_claim", ""),
        ("objective_cause_reject", "Không có xác nhận của đơn vị quản lý"),
    ]


@pytest.mark.parametrize(
    ("user", "external_id", "cause", "evidence", "refusal"),
    [
        ("p3", "T-1", "Mất điện", "TB 12", PermissionDenied),  # not the task's person
        ("p2", "T-3", "Mất điện", "TB 12", ValidationError),  # nothing to excuse
        ("p2", "T-1", " ", "TB 12", ValidationError),  # no cause
        ("p2", "T-1", "Mất điện", "", ValidationError),  # no evidence
    ],
)
def test_a_refused_claim_changes_nothing(
    api: ApiWorld, fed: dict[str, TaskRecord], user: str, external_id: str, cause: str, evidence: str, refusal: Any
) -> None:
    before = state(), ObjectiveCauseClaim.objects.count()
    with pytest.raises(refusal):
        claim_file(actor=api.world.users[user], task=fed[external_id], cause=cause, evidence=evidence)
    assert (state(), ObjectiveCauseClaim.objects.count()) == before


def test_a_second_claim_on_the_same_task_is_refused(api: ApiWorld, fed: dict[str, TaskRecord]) -> None:
    claim_file(actor=api.world.users["p2"], task=fed["T-1"], cause="Mất điện", evidence="TB 12")
    with pytest.raises(ValidationError):
        claim_file(actor=api.world.users["p2"], task=fed["T-1"], cause="Lần nữa", evidence="TB 13")
    assert ObjectiveCauseClaim.objects.count() == 1


def client_of(api: ApiWorld, name: str) -> Client:
    client = Client()
    client.force_login(api.world.users[name])
    return client


def test_the_claim_and_decision_pages(api: ApiWorld, fed: dict[str, TaskRecord]) -> None:
    person, head = client_of(api, "p2"), client_of(api, "p0")
    page = person.get("/objective-causes/")
    assertContains(page, "Báo cáo")
    assertContains(page, "Văn bản")
    assertNotContains(page, "Hồ sơ")  # no delay, no failed check

    refused = person.post("/objective-causes/", {"task": fed["T-1"].pk, "cause": "Mất điện", "evidence": ""})
    assert refused.status_code == 422 and ObjectiveCauseClaim.objects.count() == 0
    person.post("/objective-causes/", {"task": fed["T-1"].pk, "cause": "Mất điện", "evidence": "TB 12"})
    claim = ObjectiveCauseClaim.objects.get()

    assertNotContains(client_of(api, "p3").get("/objective-causes/decide/"), "Mất điện")
    assertContains(head.get("/objective-causes/decide/"), "Mất điện")
    refused = head.post("/objective-causes/decide/", {"claim": claim.pk, "decision": "approve", "reason": ""})
    assert refused.status_code == 422
    head.post("/objective-causes/decide/", {"claim": claim.pk, "decision": "approve", "reason": "Có xác nhận"})
    claim.refresh_from_db()
    assert (claim.state, claim.decision_reason) == (ClaimState.APPROVED, "Có xác nhận")


def test_the_self_review_is_pre_filled_from_the_feed_and_a_correction_needs_a_reason(
    api: ApiWorld, fed: dict[str, TaskRecord]
) -> None:
    cycle = open_cycle(api.world, year=2026, ruleset="nd335-2025")
    review = Review.objects.get(cycle=cycle, person=api.person("P2"))
    client = client_of(api, "p2")

    page = client.get(f"/self-review/{review.pk}/")

    assertContains(page, 'name="products-0-name" value="Báo cáo"')
    assertContains(page, f'name="products-0-source" value="{fed["T-1"].pk}"')
    assertContains(page, 'name="products-1-name" value="Hồ sơ"')  # by kind: BC, HS, VB
    assertContains(page, 'name="products-2-name" value="Văn bản"')
    data: dict[str, Any] = {
        "products-TOTAL_FORMS": "1",
        "products-INITIAL_FORMS": "0",
        "products-0-name": "Báo cáo",
        "products-0-quantity": "2",
        "products-0-coefficient": "1",
        "products-0-completed": "2",
        "products-0-delays": "1",
        "products-0-source": str(fed["T-1"].pk),
    }
    confirmed = client.post(f"/self-review/{review.pk}/autosave/", data)
    assertContains(confirmed, "Đã lưu bản nháp lúc")
    review.refresh_from_db()
    assert review.answers["products_table"][0]["source"] == [fed["T-1"].pk]
    assert review.answers["products_table"][0]["correction"] == ""

    before = list(Review.objects.values())
    corrected = client.post(f"/self-review/{review.pk}/autosave/", data | {"products-0-delays": ""})
    assertContains(corrected, "Số liệu khác với số liệu của hệ thống giao việc: hãy nêu lý do.")
    assert list(Review.objects.values()) == before

    client.post(
        f"/self-review/{review.pk}/autosave/",
        data | {"products-0-delays": "", "products-0-correction": "Đã gia hạn theo Công văn 5/SNV"},
    )
    review.refresh_from_db()
    row = review.answers["products_table"][0]
    assert (row["delays"], row["correction"], row["objective_cause"]) == ([], "Đã gia hạn theo Công văn 5/SNV", False)
