"""The task feed: idempotent by (system, external id, version), versioned with every version kept, validated
whole (each bad row's field named) and written in one transaction with one audit entry, the system as actor."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Any

import pytest

from danhgia.apps.api.models import TaskRecord
from danhgia.apps.api.periods import Month
from danhgia.apps.api.schemas.feed import TaskFeedOut
from danhgia.apps.api.selectors.tasks import products_of, products_rows, tasks_for
from danhgia.apps.api.services import API_CHAIN, system_create
from danhgia.apps.api.services.feed import batch_digest
from danhgia.apps.api.tests.world import ApiWorld, state, task
from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.audit.services import audit_verify
from danhgia.domain.periods import Quarter, Year
from danhgia.domain.scoring import task_result

pytestmark = pytest.mark.django_db


@pytest.fixture
def token(api: ApiWorld) -> str:
    return api.token(["write:tasks", "read:tasks"], root=api.agency)


def feed(api: ApiWorld, token: str, *rows: Any, language: str | None = None) -> Any:
    return api.call("POST", "/tasks", token, {"tasks": list(rows)}, language=language)


def stored() -> list[tuple[str, int, bool]]:
    return list(
        TaskRecord.objects.order_by("external_id", "version").values_list("external_id", "version", "is_current")
    )


def test_a_feed_stores_each_row_with_the_system_and_an_audit_entry_by_the_system(api: ApiWorld, token: str) -> None:
    response = feed(api, token, task("T-1"), task("T-2", kind="VB", name="Văn bản", quantity=3, completed=1))

    assert (response.status_code, response["Content-Type"]) == (200, "application/json")
    body = response.json()
    assert TaskFeedOut.model_validate(body).model_dump() == body  # the body built by hand matches its schema
    records = list(TaskRecord.objects.order_by("pk"))
    assert (body["created"], body["unchanged"], body["superseded"]) == (2, 0, 0)
    assert body["results"] == [
        {"index": 0, "external_id": "T-1", "version": 1, "id": records[0].pk, "outcome": "created", "is_current": True},
        {"index": 1, "external_id": "T-2", "version": 1, "id": records[1].pk, "outcome": "created", "is_current": True},
    ]
    first = records[0]
    assert (first.system_id, first.person_id, first.month, first.coefficient) == (
        api.system.pk,
        api.person("P2").pk,
        date(2026, 3, 1),
        Decimal("1.500"),
    )
    [entry] = AuditEntry.objects.filter(chain__name=API_CHAIN, action="tasks_feed")
    assert entry.after is not None
    assert (entry.actor_id, entry.object_type, entry.object_id) == (api.system.user_id, "api.taskrecord", "2")
    assert entry.after["created"] == [r.pk for r in records]
    assert entry.after["digest"] == batch_digest((r.pk, r.external_id, r.version, r.content_sha256) for r in records)
    assert audit_verify(chain=API_CHAIN) == []


def test_the_same_feed_twice_changes_nothing_the_second_time_and_names_the_same_rows(api: ApiWorld, token: str) -> None:
    rows = [task("T-1"), task("T-2", person={"national_id": "038099000102"})]
    first = feed(api, token, *rows).json()
    before = state()

    second = feed(api, token, *rows).json()

    assert state() == before
    assert (second["created"], second["unchanged"], second["superseded"]) == (0, 2, 0)
    assert [(r["id"], r["is_current"]) for r in second["results"]] == [(r["id"], True) for r in first["results"]]
    assert [r["outcome"] for r in second["results"]] == ["unchanged", "unchanged"]


def test_the_same_content_written_differently_is_the_same_version(api: ApiWorld, token: str) -> None:
    feed(api, token, task("T-1", coefficient="1.5"))
    before = state()

    again = feed(api, token, task("T-1", coefficient=1.500, person={"id": api.person("P2").pk}))

    assert again.json()["unchanged"] == 1
    assert state() == before


def test_a_new_version_supersedes_the_earlier_and_both_are_kept(api: ApiWorld, token: str) -> None:
    feed(api, token, task("T-1", version=1, completed=1, completed_on=None))

    response = feed(api, token, task("T-1", version=2, completed=2))

    assert response.json()["superseded"] == 1
    assert stored() == [("T-1", 1, False), ("T-1", 2, True)]
    old = TaskRecord.objects.get(version=1)
    assert old.superseded_at is not None and old.completed == 1
    [current] = tasks_for(person=api.person("P2"), period=Month(2026, 3))
    assert (current.version, current.completed) == (2, 2)


def test_a_late_older_version_is_kept_as_history_and_the_current_one_stays(api: ApiWorld, token: str) -> None:
    feed(api, token, task("T-1", version=3))

    response = feed(api, token, task("T-1", version=2, completed=0, completed_on=None))

    assert response.json()["results"][0]["is_current"] is False
    assert stored() == [("T-1", 2, False), ("T-1", 3, True)]


def test_several_versions_in_one_call_leave_the_highest_current(api: ApiWorld, token: str) -> None:
    response = feed(api, token, task("T-1", version=2), task("T-1", version=1, completed=0, completed_on=None))

    assert [r["is_current"] for r in response.json()["results"]] == [True, False]
    assert stored() == [("T-1", 1, False), ("T-1", 2, True)]


def test_a_stored_version_with_other_content_is_refused_and_nothing_is_written(api: ApiWorld, token: str) -> None:
    feed(api, token, task("T-1"))
    before = state()

    response = feed(api, token, task("T-9"), task("T-1", quantity=5), language="en")

    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "path": "body.tasks[1].version",
            "loc": ["body", "tasks", 1, "version"],
            "code": "version_conflict",
            "message": "Version 1 of this task is stored with other content: send a higher version.",
        }
    ]
    assert state() == before


def test_one_version_twice_in_a_call_with_other_content_is_refused(api: ApiWorld, token: str) -> None:
    response = feed(api, token, task("T-1"), task("T-1", name="Khác"))

    assert [(e["path"], e["code"]) for e in response.json()["errors"]] == [
        ("body.tasks[1].version", "version_conflict")
    ]
    assert TaskRecord.objects.count() == 0


def test_every_bad_row_is_named_by_its_field_path_and_nothing_is_written(api: ApiWorld, token: str) -> None:
    before = state()

    response = feed(
        api,
        token,
        task("T-1"),
        task("T-2", quantity=0),
        task("T-3", completed=3),
        task("T-4", person={"id": 1, "personnel_code": "CB001"}),
        task("T-5", period="2026-13", coefficient="1.2345"),
        task("T-6", delays=[1, 1, 1], quality_failures=[0]),
        task("T-7", person={"personnel_code": "KHONG-CO"}),
        task("T-8", extra=1),
        "not a row",
        language="en",
    )

    assert response.status_code == 422
    body = response.json()
    assert [(e["path"], e["code"]) for e in body["errors"]] == [
        ("body.tasks[1].quantity", "greater_than_equal"),
        ("body.tasks[2].completed", "completed_over_quantity"),
        ("body.tasks[3].person", "person_reference"),
        ("body.tasks[4].coefficient", "decimal_max_places"),
        ("body.tasks[4].period", "string_pattern_mismatch"),
        ("body.tasks[5].delays", "more_counts_than_completed"),
        ("body.tasks[5].quality_failures[0]", "greater_than_equal"),
        ("body.tasks[6].person", "unknown_person"),
        ("body.tasks[7].extra", "extra_forbidden"),
        ("body.tasks[8]", "model_type"),
    ]
    assert body["message"] == "The request has 10 invalid field(s); nothing was changed."
    assert state() == before


def test_errors_are_in_vietnamese_by_default(api: ApiWorld, token: str) -> None:
    response = feed(api, token, task("T-1", quantity=0), task("T-2", completed=3))

    body = response.json()
    assert body["message"] == "Yêu cầu có 2 trường không hợp lệ; không có gì được thay đổi."
    assert [e["message"] for e in body["errors"]] == ["Phải từ 1 trở lên.", "Không được lớn hơn số lượng được giao."]
    assert response["Content-Language"] == "vi"


def test_a_coefficient_must_be_above_zero_with_three_decimals_at_most(api: ApiWorld, token: str) -> None:
    response = feed(api, token, task("T-1", coefficient="0"), task("T-2", coefficient="0.0001"), language="en")

    assert [(e["path"], e["code"], e["message"]) for e in response.json()["errors"]] == [
        ("body.tasks[0].coefficient", "greater_than", "Must be greater than 0."),
        ("body.tasks[1].coefficient", "decimal_max_places", "At most 3 decimal places."),
    ]


@pytest.mark.parametrize(
    ("body", "path", "code"),
    [
        ({"tasks": []}, "body.tasks", "too_short"),
        ({}, "body.tasks", "missing"),
        ([], "body", "model_type"),
        ({"tasks": [task()], "more": 1}, "body.more", "extra_forbidden"),
    ],
)
def test_a_body_without_rows_is_refused(api: ApiWorld, token: str, body: Any, path: str, code: str) -> None:
    response = api.call("POST", "/tasks", token, body)

    assert response.status_code == 422
    assert [(e["path"], e["code"]) for e in response.json()["errors"]] == [(path, code)]


def test_a_body_that_is_not_json_is_400(api: ApiWorld, token: str) -> None:
    before = state()

    response = api.call("POST", "/tasks", token, raw=b'{"tasks": [', language="en")

    assert response.status_code == 400
    assert response.json() == {
        "code": "bad_request",
        "message": "The request has 1 invalid field(s); nothing was changed.",
        "errors": [
            {"path": "body", "loc": ["body"], "code": "malformed_json", "message": "The body is not valid JSON."}
        ],
    }
    assert state() == before


def test_more_than_5000_rows_are_refused_whole(api: ApiWorld, token: str) -> None:
    rows = [task(f"T-{i}") for i in range(5001)]

    response = feed(api, token, *rows)

    assert [(e["path"], e["code"]) for e in response.json()["errors"]] == [("body.tasks", "too_long")]
    assert TaskRecord.objects.count() == 0


def test_5000_rows_are_written_in_one_call_with_one_audit_entry(api: ApiWorld, token: str) -> None:
    rows = [task(f"T-{i:04d}", person={"personnel_code": f"CB00{i % 6}"}) for i in range(5000)]

    response = feed(api, token, *rows)

    assert response.json()["created"] == 5000
    assert TaskRecord.objects.filter(is_current=True).count() == 5000
    assert AuditEntry.objects.filter(chain__name=API_CHAIN, action="tasks_feed").count() == 1


def test_two_systems_may_use_the_same_external_id(api: ApiWorld, token: str) -> None:
    other = system_create(actor=api.superuser, code="hscv", name="Hồ sơ công việc")
    other_token = api.token(["write:tasks"], system=other, root=api.agency)

    feed(api, token, task("T-1"))
    feed(api, other_token, task("T-1", quantity=4, completed=4))

    assert TaskRecord.objects.filter(is_current=True).count() == 2
    assert sorted(r.quantity for r in tasks_for(person=api.person("P2"), period=Month(2026, 3))) == [2, 4]


def test_reading_back_lists_the_current_versions_of_this_system(api: ApiWorld, token: str) -> None:
    feed(api, token, task("T-1"), task("T-2", period="2026-04"))
    feed(api, token, task("T-1", version=2, quantity=3, completed=3))

    response = api.call("GET", "/tasks", token, person=api.person("P2").pk, period="2026-03")

    [item] = response.json()["items"]
    assert (item["external_id"], item["version"], item["quantity"], item["coefficient"], item["period"]) == (
        "T-1",
        2,
        3,
        "1.500",
        "2026-03",
    )


# --- tasks_for and the products table of the self-review -------------------------------------------------


def test_tasks_for_a_period_returns_the_current_versions_of_its_months(api: ApiWorld, token: str) -> None:
    feed(
        api,
        token,
        task("T-1", period="2026-01"),
        task("T-2", period="2026-03"),
        task("T-3", period="2026-04"),
        task("T-4", period="2026-03", person={"personnel_code": "CB003"}),
    )
    feed(api, token, task("T-2", version=2, period="2026-03", quantity=4, completed=4))
    person = api.person("P2")

    assert [(r.external_id, r.version) for r in tasks_for(person=person, period=Quarter(2026, 1))] == [
        ("T-1", 1),
        ("T-2", 2),
    ]
    assert [r.external_id for r in tasks_for(person=person, period=Year(2026))] == ["T-1", "T-2", "T-3"]
    assert tasks_for(person=person, period=Month(2026, 2)) == []


def test_products_rows_give_the_self_reviews_table_and_its_task_points(api: ApiWorld, token: str) -> None:
    feed(
        api,
        token,
        task("T-1", kind="BC", name="Báo cáo", quantity=2, completed=2, coefficient="1.5", delays=[1]),
        task("T-2", kind="BC", name="Báo cáo", quantity=2, completed=1, coefficient="1.5", completed_on=None),
        task("T-3", kind="VB", name="Văn bản", quantity=4, completed=4, coefficient="1", quality_failures=[2]),
    )

    records = tasks_for(person=api.person("P2"), period=Month(2026, 3))
    rows = products_rows(records)
    ids = {r.external_id: r.pk for r in records}

    assert rows == [
        {
            "name": "Báo cáo",
            "quantity": 4,
            "coefficient": "1.500",
            "completed": 3,
            "exceeded": 0,
            "quality_failures": [],
            "delays": [1],
            "objective_cause": False,
            "source": [ids["T-1"], ids["T-2"]],
        },
        {
            "name": "Văn bản",
            "quantity": 4,
            "coefficient": "1.000",
            "completed": 4,
            "exceeded": 0,
            "quality_failures": [2],
            "delays": [],
            "objective_cause": False,
            "source": [ids["T-3"]],
        },
    ]
    result = task_result(products_of(rows))
    # assigned 4×1.5 + 4 = 10; completed 3×1.5 + 4 = 8.5; quality 8.5 − 2×25 % of 1 = 8;
    # progress 8.5 − 25 % of 1.5 = 8.125; 70 × (0.85 + 0.8 + 0.8125) / 3 = 57.458…
    assert (result.a, result.b, result.c) == (Fraction(17, 20), Fraction(4, 5), Fraction(65, 80))
    assert result.points == Decimal("57.46")
