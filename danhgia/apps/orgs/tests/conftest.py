from __future__ import annotations

from typing import Any

import pytest

from danhgia.apps.orgs.models import Unit
from danhgia.apps.orgs.tests.registry import make_registry, make_tree


@pytest.fixture
def tree() -> dict[str, Unit]:
    return make_tree()


@pytest.fixture
def registry(tree: dict[str, Unit]) -> dict[str, Any]:
    return make_registry(tree)
