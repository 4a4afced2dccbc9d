"""The task feed (`write:tasks`) and reading it back (`read:tasks`): Decree 335 products per person and month."""

from __future__ import annotations

import json
from typing import Any

from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import pgettext
from ninja import Query, Router

from danhgia.apps.api.errors import ApiProblem, invalid, malformed_body, not_found
from danhgia.apps.api.periods import Month
from danhgia.apps.api.schemas.common import ERRORS, ErrorOut
from danhgia.apps.api.schemas.feed import TaskFeedOut, TaskFilters, TaskList, feed_rows
from danhgia.apps.api.selectors.people import people_in_scope
from danhgia.apps.api.selectors.tasks import tasks_for
from danhgia.apps.api.services.claims import excused
from danhgia.apps.api.services.feed import FeedRefused, tasks_feed
from danhgia.apps.api.views.auth import READ_TASKS, WRITE_TASKS, scope_of

router = Router()


@router.post(
    "/tasks",
    response={200: TaskFeedOut, 400: ErrorOut, 409: ErrorOut, **ERRORS},
    auth=WRITE_TASKS,
    operation_id="feedTasks",
    tags=["tasks"],
    summary="Feed tasks and products (up to 5,000 rows a call, all or nothing)",
    openapi_extra={
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/TaskFeedIn"}}},
        }
    },
)
def feed_tasks(request: HttpRequest) -> HttpResponse:
    """Scope `write:tasks`. Idempotent by (system, external_id, version): the same version again changes
    nothing and answers with the stored row; a higher version becomes current and the previous one is kept.
    The whole call is refused (422, each bad row's field named) if any row is invalid, names a person
    without a post in the token's subtree that month, or gives a stored version other content."""
    scope = scope_of(request)
    try:
        data = json.loads(request.body)
    except ValueError:
        raise malformed_body() from None
    rows, errors = feed_rows(data)
    try:
        result = tasks_feed(token=scope.token, rows=rows, errors=errors)
    except FeedRefused as refused:
        raise invalid(refused.errors) from None
    except IntegrityError:  # another call stored one of these versions meanwhile
        raise ApiProblem(
            409, "conflict", pgettext("api", "Another call wrote these tasks at the same time: send it again.")
        ) from None
    # Built here rather than validated again against TaskFeedOut row by row (5,000 rows a call); the schema
    # test and schemathesis check that this body matches it.
    body = {
        "created": result.created,
        "unchanged": result.unchanged,
        "superseded": result.superseded,
        "results": [
            {
                "index": row.index,
                "external_id": row.external_id,
                "version": row.version,
                "id": row.id,
                "outcome": row.outcome,
                "is_current": row.is_current,
            }
            for row in result.rows
        ],
    }
    return HttpResponse(json.dumps(body, ensure_ascii=False), content_type="application/json")


@router.get(
    "/tasks",
    response={200: TaskList, 400: ErrorOut, **ERRORS},
    auth=READ_TASKS,
    operation_id="listTasks",
    tags=["tasks"],
    summary="The current version of each task this system fed for a person and month",
)
def list_tasks(request: HttpRequest, filters: Query[TaskFilters]) -> dict[str, Any]:
    """Scope `read:tasks`. 404 when the person held no post in the token's subtree that month."""
    scope = scope_of(request, TaskFilters)
    month = Month.parse(filters.period)
    if month is None:
        raise not_found()
    if not people_in_scope(scope=scope, person_ids={filters.person}, start=month.start, end=month.end):
        raise not_found()
    records = tasks_for(person=filters.person, period=month, system=scope.token.system)
    approved = excused(filters.person)
    return {
        "items": [
            {
                "id": r.pk,
                "external_id": r.external_id,
                "version": r.version,
                "person": r.person_id,
                "period": str(Month.of(r.month)),
                "kind": r.kind,
                "name": r.name,
                "quantity": r.quantity,
                "coefficient": r.coefficient,
                "completed": r.completed,
                "exceeded": r.exceeded,
                "due_on": r.due_on,
                "completed_on": r.completed_on,
                "quality_failures": r.quality_failures,
                "delays": r.delays,
                "objective_cause": r.objective_cause,
                "objective_cause_approved": (r.system_id, r.external_id) in approved,
                "recorded_at": r.recorded_at,
            }
            for r in records
        ]
    }
