"""schemathesis against the live app: for every operation of the OpenAPI document, at least 50 generated
calls (data that fits the document and data that does not) over HTTP to a live server, with a token holding
every operation; not one server error and not one response outside the document (status code, content type,
headers, body schema), and data that breaks the document refused.

One check is tuned, not dropped: a request that fits the document may still be refused with 400 or 422 when
what it names does not exist — a person unknown in the token's subtree, a cursor the list never issued. The
document cannot say which people exist, so those two answers count as accepted handling of valid data.
"""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
import schemathesis
from django.core.cache import cache
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from danhgia.apps.api.openapi import openapi_text
from danhgia.apps.api.tests.world import ALL, build_api_world
from danhgia.apps.reports.services import summaries_refresh
from danhgia.apps.reports.tests.helpers import NOW, open_cycle, the_2025_results

EXAMPLES = 50
CONFIG = SchemathesisConfig.from_dict(
    {"checks": {"positive_data_acceptance": {"expected-statuses": ["2xx", "401", "403", "404", "409", "400", "422"]}}}
)
DOCUMENT = json.loads(openapi_text())
schema = schemathesis.openapi.from_dict(DOCUMENT, config=CONFIG)
CALLS: Counter[str] = Counter()  # generated calls per operation, in this run


@pytest.fixture
def live_api(live_server: Any, transactional_db: None) -> tuple[str, dict[str, str]]:
    """A live server over the API's test world (a published 2025 cycle), and a token for every operation."""
    api = build_api_world()
    cycle = open_cycle(api.world)
    the_2025_results(api.world, cycle)
    summaries_refresh(cycle=cycle, actor=api.world.users["thamdinh"], now=NOW)
    api.system.requests_per_minute = 100_000  # the rate limit has tests of its own
    api.system.save(update_fields=["requests_per_minute"])
    cache.clear()
    return live_server.url, {"Authorization": f"Bearer {api.token(ALL)}"}


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck), database=None)
def test_the_live_api_keeps_to_its_document(case: Any, live_api: tuple[str, dict[str, str]]) -> None:
    base_url, headers = live_api
    CALLS[case.operation.label] += 1
    case.call_and_validate(base_url=base_url, headers=headers, timeout=120)  # a loaded test machine is slow


def test_every_operation_had_at_least_50_calls() -> None:
    """Runs after the generated calls (file order); skipped when they were not selected."""
    if not CALLS:
        pytest.skip("the generated calls did not run")
    operations = {f"{method.upper()} {path}" for path, methods in DOCUMENT["paths"].items() for method in methods}
    assert {label: CALLS[label] for label in operations if CALLS[label] < EXAMPLES} == {}
