"""The OpenAPI document: served at /api/v1/openapi.json, committed as docs/openapi.json (this test fails when
the committed copy is stale: `danhgia manage api_openapi` rewrites it); the interactive docs for staff only."""

from __future__ import annotations

import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client

from danhgia.apps.api.openapi import document_path, openapi_text

pytestmark = pytest.mark.django_db


def test_the_committed_document_is_current() -> None:
    committed = document_path().read_text(encoding="utf-8")

    assert committed == openapi_text(), "docs/openapi.json is stale: run `danhgia manage api_openapi`"


def test_the_document_is_served_to_anyone() -> None:
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    assert response.json() == json.loads(openapi_text())


def test_the_document_names_every_operation_with_its_scope_and_errors() -> None:
    document = json.loads(openapi_text())
    operations = {
        op["operationId"]: (method.upper(), path, op)
        for path, methods in document["paths"].items()
        for method, op in methods.items()
    }

    assert sorted(operations) == sorted(
        [
            "listUnits",
            "getUnit",
            "listPeople",
            "getPerson",
            "listCycles",
            "getCycle",
            "listResults",
            "getStatistics",
            "exportNational",
            "listOverdueExports",
            "feedTasks",
            "listTasks",
        ]
    )
    for _method, _path, op in operations.values():
        assert op["security"] == [{"TokenAuth": []}]
        assert "Scope `" in op["description"]
        assert {"401", "403", "404", "422", "429"} <= set(op["responses"])
    feed = operations["feedTasks"][2]
    assert feed["requestBody"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/TaskFeedIn"}
    assert document["components"]["schemas"]["TaskFeedIn"]["properties"]["tasks"]["maxItems"] == 5000


def test_the_interactive_docs_are_for_staff_only(client: Client) -> None:
    anonymous = client.get("/api/v1/docs")
    User.objects.create_user("dangvien", password="danhgia-demo-2025")
    client.login(username="dangvien", password="danhgia-demo-2025")
    member = client.get("/api/v1/docs")
    User.objects.create_user("nhanvien", password="danhgia-demo-2025", is_staff=True)
    client.login(username="nhanvien", password="danhgia-demo-2025")
    staff = client.get("/api/v1/docs")

    assert anonymous.status_code == member.status_code == 302
    assert anonymous["Location"].startswith("/admin/login/")
    assert staff.status_code == 200
    assert b"/static/ninja/swagger-ui-bundle.js" in staff.content  # served from here: the CSP allows no CDN


def test_the_command_checks_and_writes_the_document(tmp_path: object) -> None:
    target = f"{tmp_path}/openapi.json"
    with pytest.raises(CommandError):
        call_command("api_openapi", "--check", "-o", target)

    call_command("api_openapi", "-o", target)
    call_command("api_openapi", "--check", "-o", target)

    with open(target, encoding="utf-8") as written:
        assert written.read() == openapi_text()
