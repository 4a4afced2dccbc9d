"""The demo installation: one login per persona, with passwords published in the README.

The demo province (the registry seed's `demo` scale), the personas' roles and three review cycles, one at
each step of the procedure, are added by `demo_data_ensure`; every step is idempotent so `make demo` can run
any number of times.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
        user.email = f"{demo.username}@example.org"  # deadline reminders (printed on the console in the demo)
        user.last_name = demo.last_name
        user.is_active = True
        user.is_staff = demo.is_superuser
        user.is_superuser = demo.is_superuser
        user.set_password(demo.password)
        user.save()
    return DEMO_USERS


# Persona → (person it belongs to, roles over units by code) on the seeded demo province (orgs.seed.demo).
PERSONAS: dict[str, tuple[str, tuple[tuple[str, str], ...]]] = {
    "admin": ("", (("administrator", "T27"),)),
    "dangvien": ("DEMO-0003", ()),
    "bithu": ("DEMO-0002", (("secretary", "T27.D02.D01.C03"),)),
    "thamdinh": ("DEMO-0004", (("verifier", "T27"),)),
    # the department's party committee and the commune's decide for their cells (one persona for the demo)
    "quyetdinh": ("DEMO-0001", (("decider", "T27.D02.D01"), ("decider", "T27.X001"))),
    # the organising committee reads everything; as the provincial standing committee it decides above
    "bantochuc": ("DEMO-0005", (("viewer", "T27"), ("decider", "T27"))),
}


@transaction.atomic
def demo_data_ensure() -> list[str]:
    """The demo province (registry seed), the personas' accounts and roles, and the demo cycles."""
    from danhgia.apps.access.models import Account, RoleAssignment
    from danhgia.apps.demo.cycles import demo_cycles_ensure
    from danhgia.apps.orgs.models import Person, Unit
    from danhgia.apps.orgs.seed import registry_seed

    registry_seed(scale="demo")
    user_model = get_user_model()
    for username, (person_code, roles) in PERSONAS.items():
        user = user_model.objects.get(username=username)
        person = Person.objects.get(personnel_code=person_code) if person_code else None
        Account.objects.update_or_create(user=user, defaults={"person": person})
        for role, unit_code in roles:
            RoleAssignment.objects.get_or_create(
                user=user, role=role, unit=Unit.objects.get(code=unit_code), defaults={"valid_from": date(2020, 1, 1)}
            )
    return demo_cycles_ensure(user_model.objects.get(username="admin"))
