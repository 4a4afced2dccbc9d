"""The API's test world: the reports' world (a province with a party committee and its cells, the Department
of Home Affairs SNV and six people with posts there) plus the Department of Health SYT with two people of its
own, a connected system, and helpers that issue tokens and call /api/v1 through the whole stack."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import User
from django.test import Client
from django.utils import timezone

from danhgia.apps.api.models import ApiCall, ApiToken, ConnectedSystem, TaskRecord
from danhgia.apps.api.services import system_create, token_issue
from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.orgs.models import Person, Post, PostRole, Unit, UnitKind
from danhgia.apps.orgs.services import unit_create
from danhgia.apps.reports.tests.helpers import reports_world
from danhgia.apps.reviews.tests.world import START, World

ALL = [
    "read:tree",
    "read:people",
    "read:people:pid",
    "read:cycles",
    "read:results",
    "read:statistics",
    "read:tasks",
    "write:tasks",
    "read:export",
]
ON = date(2026, 3, 15)


@dataclass
class ApiWorld:
    world: World
    health: Unit  # SYT, beside SNV under the province
    superuser: User
    system: ConnectedSystem
    client: Client = field(default_factory=Client)

    @property
    def province(self) -> Unit:
        return self.world.province

    @property
    def agency(self) -> Unit:
        return self.world.agency

    def person(self, key: str) -> Person:
        return self.world.people[key]

    def token(
        self,
        operations: list[str] | None = None,
        *,
        root: Unit | None = None,
        system: ConnectedSystem | None = None,
        days: int = 30,
    ) -> str:
        now = timezone.now()
        issued = token_issue(
            actor=self.superuser,
            system=system or self.system,
            root=root or self.province,
            operations=ALL if operations is None else operations,
            expires_at=now + timedelta(days=days),
            now=now,
        )
        return issued.plaintext

    def call(
        self,
        method: str,
        path: str,
        token: str | None,
        body: Any = None,
        *,
        language: str | None = None,
        headers: dict[str, str] | None = None,
        raw: bytes | None = None,
        params: dict[str, Any] | None = None,
        **query: Any,
    ) -> Any:
        extra: dict[str, str] = dict(headers or {})
        if token is not None:
            extra["Authorization"] = f"Bearer {token}"
        if language is not None:
            extra["Accept-Language"] = language
        url = f"/api/v1{path}"
        query = {**(params or {}), **query}
        if method == "GET":
            return self.client.get(url, query, headers=extra)
        data = raw if raw is not None else json.dumps(body, default=str)
        return self.client.generic(method, url, data, content_type="application/json", headers=extra)


def build_api_world() -> ApiWorld:
    world = reports_world()
    health = unit_create(code="SYT", name="Sở Y tế", kind=UnitKind.AGENCY, parent=world.province, valid_from=START)
    for i, name in enumerate(["Đỗ Văn Khoa", "Ngô Thị Mai"]):
        person = Person.objects.create(
            personnel_code=f"YT{i:03d}", national_id=f"0380990000{i:02d}", full_name=name, birth_date=date(1985, 1, 2)
        )
        Post.objects.create(person=person, unit=health, title="Chuyên viên", role=PostRole.MEMBER, valid_from=START)
        world.people[f"Q{i}"] = person
    Person.objects.filter(pk=world.people["P2"].pk).update(national_id="038099000102", sex="female")
    superuser = User.objects.create_superuser("quantri", password="danhgia-demo-2025")
    system = system_create(actor=superuser, code="eoffice", name="E-office tỉnh", now=datetime(2026, 1, 5, tzinfo=UTC))
    return ApiWorld(world, health, superuser, system)


def state() -> tuple[Any, ...]:
    """Everything a refused call must leave as it was (the call log is the one table every call adds to)."""
    return (
        list(TaskRecord.objects.order_by("pk").values()),
        list(AuditEntry.objects.order_by("pk").values_list("pk", "hash")),
        list(ApiToken.objects.order_by("pk").values()),
        Person.objects.count(),
    )


def calls() -> list[tuple[str, str, int]]:
    return list(ApiCall.objects.order_by("pk").values_list("method", "path", "status"))


def task(external_id: str = "T-1", version: int = 1, person: Any = None, **fields: Any) -> dict[str, Any]:
    """One row of the feed: by default one report (hệ số 1) assigned and completed on time in March 2026."""
    row = {
        "external_id": external_id,
        "version": version,
        "person": person or {"personnel_code": "CB002"},
        "period": "2026-03",
        "kind": "BC",
        "name": "Báo cáo tháng",
        "quantity": 2,
        "coefficient": "1.5",
        "completed": 2,
        "due_on": "2026-03-25",
        "completed_on": "2026-03-24",
    }
    return row | fields
