"""The demo installation: one login per persona, with passwords published in the README.

Later issues add the demo province (units, people, a cycle) here; every step stays idempotent so
`make demo` can run any number of times.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction


@dataclass(frozen=True)
class DemoUser:
    username: str
    password: str
    first_name: str
    last_name: str
    persona: str
    is_superuser: bool = False


DEMO_USERS = (
    DemoUser("admin", "demo-admin", "Quản trị", "Hệ thống", "administrator", is_superuser=True),
    DemoUser("dangvien", "demo-dangvien", "An", "Nguyễn Văn", "party member"),
    DemoUser("bithu", "demo-bithu", "Bình", "Trần Thị", "cell secretary"),
    DemoUser("thamdinh", "demo-thamdinh", "Cường", "Lê Văn", "advisory body (verification)"),
    DemoUser("quyetdinh", "demo-quyetdinh", "Dung", "Phạm Thị", "competent level (decision)"),
    DemoUser("bantochuc", "demo-bantochuc", "Đức", "Hoàng Minh", "organising committee"),
)


@transaction.atomic
def demo_users_ensure() -> tuple[DemoUser, ...]:
    """Create the demo users, or reset them to their published names and passwords."""
    user_model = get_user_model()
    for demo in DEMO_USERS:
        user, _ = user_model.objects.get_or_create(username=demo.username)
        user.first_name = demo.first_name
        user.last_name = demo.last_name
        user.is_active = True
        user.is_staff = demo.is_superuser
        user.is_superuser = demo.is_superuser
        user.set_password(demo.password)
        user.save()
    return DEMO_USERS


def demo_data_ensure() -> None:
    """Placeholder: the demo province arrives with the organisation registry (orgs app)."""
