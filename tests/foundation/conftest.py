from __future__ import annotations

import pytest

from danhgia.apps.demo.services import DEMO_USERS, DemoUser, demo_users_ensure


@pytest.fixture
def demo_users(db: None) -> dict[str, DemoUser]:
    demo_users_ensure()
    return {user.username: user for user in DEMO_USERS}
