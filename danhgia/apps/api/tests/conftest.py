from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from danhgia.apps.api.tests.world import ApiWorld, build_api_world


@pytest.fixture(autouse=True)
def _fresh_rate_counters() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def api(db: None) -> ApiWorld:
    return build_api_world()
