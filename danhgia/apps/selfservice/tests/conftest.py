"""Fixtures of the self-service tests: uploads in a temporary folder, the world, an open qd366 cycle."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.reviews.tests.world import World, build_world
from danhgia.apps.selfservice.tests.factories import open_cycle


@pytest.fixture(autouse=True)
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def world(db: None) -> World:
    return build_world()


@pytest.fixture
def cycle(world: World) -> ReviewCycle:
    return open_cycle(world)
