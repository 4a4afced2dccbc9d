"""Property-based calls from the OpenAPI document (schemathesis is not installed: this is a small stand-in with
Hypothesis): for every operation, 50 generated calls — parameters and bodies drawn from their schemas, mixed
with values of the wrong type, out of range or made up — and not one server error, on SQLite and PostgreSQL."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from danhgia.apps.api.openapi import openapi_text
from danhgia.apps.api.tests.world import ALL, ApiWorld, task
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.reports.services import summaries_refresh
from danhgia.apps.reports.tests.helpers import NOW, open_cycle, the_2025_results

pytestmark = pytest.mark.django_db
DOCUMENT = json.loads(openapi_text())
OPERATIONS = [
    (method.upper(), path, op) for path, methods in DOCUMENT["paths"].items() for method, op in methods.items()
]
EXAMPLES = 50
JUNK = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["\x00", "a\x00b", "%00", "\u202e", "'; --", "\ud7ff" * 3, "0" * 300]),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
)


def resolve(schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        schema = DOCUMENT["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    return schema


def valid(schema: dict[str, Any], depth: int = 0) -> st.SearchStrategy[Any]:
    """Values of the schema's shape (within its bounds, mostly)."""
    schema = resolve(schema)
    if "anyOf" in schema:
        return st.one_of([valid(option, depth) for option in schema["anyOf"]])
    if "enum" in schema:
        return st.sampled_from(schema["enum"])
    if "const" in schema:
        return st.just(schema["const"])
    kind = schema.get("type")
    if kind == "null":
        return st.none()
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        low, high = schema.get("minimum", -5), schema.get("maximum", 10**6)
        return st.integers(min_value=low - 1, max_value=min(high, low + 10**6) + 1)
    if kind == "number":
        return st.decimals(min_value=-1, max_value=10**4, places=3, allow_nan=False).map(str)
    if kind == "string":
        if schema.get("format") == "date":
            return st.dates().map(str)
        if "pattern" in schema and schema["pattern"].startswith("^\\d{4}-"):
            return st.sampled_from(["2026-03", "2025-12", "1999-01", "2026-13", "2026-3"])
        return st.text(min_size=schema.get("minLength", 0), max_size=min(schema.get("maxLength", 20), 20))
    if kind == "array":
        items = valid(schema.get("items", {}), depth + 1) if depth < 4 else JUNK
        return st.lists(items, max_size=3)
    if kind == "object" or "properties" in schema:
        properties = schema.get("properties", {})
        required = set(schema.get("required", []))
        fixed = {name: _field(name, properties[name], depth) for name in sorted(required)}
        optional = {name: _field(name, sub, depth) for name, sub in properties.items() if name not in required}
        if set(properties) == {"id", "personnel_code", "national_id"}:  # a person: exactly one, mostly real
            return st.one_of(
                st.fixed_dictionaries({"personnel_code": HINTS["personnel_code"]}),
                st.fixed_dictionaries(fixed, optional=optional),
            )
        return st.fixed_dictionaries(fixed, optional=optional)
    return JUNK


# Values the schema cannot tell: people that exist, months of the world's posts.
HINTS: dict[str, st.SearchStrategy[Any]] = {
    "personnel_code": st.sampled_from(["CB000", "CB002", "CB005", "YT001", "KHONG-CO"]),
    "period": st.sampled_from(["2026-03", "2025-12", "2026-13", "1999-01"]),
    "external_id": st.sampled_from(["T-1", "T-2", "T-3"]),
    "version": st.integers(min_value=0, max_value=3),
}


def _row(quantity: int) -> st.SearchStrategy[dict[str, Any]]:
    return st.builds(
        lambda external_id, version, completed, person, coefficient: task(
            external_id,
            version,
            person,
            quantity=quantity,
            completed=completed,
            coefficient=coefficient,
            completed_on=None if completed == 0 else "2026-03-20",
        ),
        HINTS["external_id"],
        st.integers(min_value=1, max_value=3),
        st.integers(min_value=0, max_value=quantity),
        st.sampled_from([{"personnel_code": "CB002"}, {"personnel_code": "CB004"}, {"personnel_code": "YT000"}]),
        st.sampled_from(["1", "0.5", "2.25"]),
    )


# Rows a task system would send (the schema alone rarely draws one that passes every check).
FEEDS = st.fixed_dictionaries(
    {
        "tasks": st.lists(
            st.integers(min_value=1, max_value=5).flatmap(_row),
            min_size=1,
            max_size=4,
            unique_by=lambda row: row["external_id"],
        )
    }
)


def _field(name: str, schema: dict[str, Any], depth: int) -> st.SearchStrategy[Any]:
    if name in HINTS:
        return st.one_of(HINTS[name], valid(schema, depth + 1))
    return valid(schema, depth + 1)


def value(schema: dict[str, Any]) -> st.SearchStrategy[Any]:
    """Mostly valid, sometimes anything."""
    return st.one_of(valid(schema), valid(schema), JUNK)


@pytest.fixture
def cycle(api: ApiWorld) -> ReviewCycle:
    cycle = open_cycle(api.world)
    the_2025_results(api.world, cycle)
    summaries_refresh(cycle=cycle, actor=api.world.users["thamdinh"], now=NOW)
    return cycle


def call_strategy(
    api: ApiWorld, cycle: ReviewCycle, path: str, op: dict[str, Any]
) -> st.SearchStrategy[dict[str, Any]]:
    query: dict[str, st.SearchStrategy[Any]] = {}
    path_params: dict[str, st.SearchStrategy[Any]] = {}
    for parameter in op.get("parameters", []):
        schema = parameter.get("schema", {})
        if parameter["in"] == "path":
            known = [api.person("P0").pk, 1, 999_999] if "person" in parameter["name"] else ["SNV", "TU", "X"]
            if parameter["name"] == "cycle_id":
                known = [cycle.pk, cycle.pk, 999_999]
            path_params[parameter["name"]] = st.one_of(st.sampled_from(known), st.integers(0, 2**31))
        elif parameter["name"] == "person":
            query["person"] = st.one_of(st.sampled_from([api.person("P2").pk, api.person("Q0").pk]), value(schema))
        elif parameter.get("required"):
            query[parameter["name"]] = st.one_of(HINTS.get(parameter["name"], value(schema)), value(schema))
        else:
            query[parameter["name"]] = st.one_of(st.none(), value(schema))
    body = None
    if "requestBody" in op:
        drawn = value(op["requestBody"]["content"]["application/json"]["schema"])
        body = st.booleans().flatmap(lambda plausible: FEEDS if plausible else drawn)  # half of them plausible
    return st.fixed_dictionaries(
        {
            "path": st.fixed_dictionaries(path_params),
            "query": st.fixed_dictionaries(query),
            "body": body if body is not None else st.none(),
        }
    )


@pytest.mark.parametrize(("method", "path", "op"), OPERATIONS, ids=[op["operationId"] for _m, _p, op in OPERATIONS])
def test_no_generated_call_is_a_server_error(
    api: ApiWorld, cycle: ReviewCycle, method: str, path: str, op: dict[str, Any]
) -> None:
    token = api.token(ALL)
    seen: set[int] = set()

    @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    @given(st.data())
    def run(data: st.DataObject) -> None:
        call = data.draw(call_strategy(api, cycle, path, op))
        url = path.removeprefix("/api/v1")
        for name, raw in call["path"].items():
            url = url.replace("{" + name + "}", str(raw))
        query = {k: v if isinstance(v, str) else json.dumps(v) for k, v in call["query"].items() if v is not None}
        response = api.call(method, url, token, call["body"], params=query)
        seen.add(response.status_code)
        assert response.status_code < 500, (method, url, query, call["body"], response.content[:500])
        assert response["Content-Type"].startswith("application/json") or response.status_code in (304, 405)

    run()
    assert any(200 <= code < 300 for code in seen) and any(400 <= code < 500 for code in seen), sorted(seen)
