"""The registry the orgs tests work on: a small tree before the 2025 reform and one record of every kind."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from danhgia.apps.orgs.models import (
    CellMembership,
    CivilServiceResult,
    Conclusion,
    ConclusionKind,
    DisciplineForm,
    DisciplineRecord,
    DisciplineSystem,
    LeadershipCollective,
    MembershipStatus,
    MembershipStatusKind,
    PartyMembership,
    Person,
    Post,
    PostRole,
    Unit,
    UnitKind,
    UnitLink,
    YearAbsence,
)
from danhgia.apps.orgs.services import unit_create

START = date(2020, 1, 1)
REFORM = date(2025, 7, 1)


def make_tree() -> dict[str, Unit]:
    """Two provinces; a district with a commune and a cell under the first (before the 2025 reform)."""
    units: dict[str, Unit] = {}
    for code, name, kind, parent in [
        ("T1", "Tỉnh Hà Giang", UnitKind.PARTY_COMMITTEE, None),
        ("T2", "Tỉnh Tuyên Quang", UnitKind.PARTY_COMMITTEE, None),
        ("H1", "Huyện Vị Xuyên", UnitKind.PARTY_COMMITTEE, "T1"),
        ("X1", "Xã Phú Linh", UnitKind.GRASSROOTS_COMMITTEE, "H1"),
        ("C1", "Chi bộ thôn Nà Thác", UnitKind.CELL, "X1"),
    ]:
        units[code] = unit_create(
            code=code, name=name, kind=kind, parent=units[parent] if parent else None, valid_from=START
        )
    return units


def make_person(full_name: str, national_id: str | None = None, personnel_code: str | None = None) -> Person:
    return Person.objects.create(
        full_name=full_name, national_id=national_id, personnel_code=personnel_code, birth_date=date(1985, 3, 2)
    )


def make_registry(tree: dict[str, Unit]) -> dict[str, Any]:
    """One record of every kind the registry holds."""
    an = make_person("Nguyễn Văn An", national_id="001085000001")
    hong = make_person("Đặng Thị Hồng", personnel_code="CB-0002")
    collective = LeadershipCollective.objects.create(unit=tree["X1"], name="Ban Thường vụ Đảng ủy xã Phú Linh")
    return {
        "person": an,
        "other": hong,
        "unit": tree["X1"],
        "unitlink": UnitLink.objects.get(unit=tree["X1"]),
        "partymembership": PartyMembership.objects.create(person=an, admitted_on=date(2010, 5, 19)),
        "cellmembership": CellMembership.objects.create(person=an, cell=tree["C1"], valid_from=START),
        "membershipstatus": MembershipStatus.objects.create(
            person=hong, kind=MembershipStatusKind.EXEMPT, valid_from=date(2024, 1, 1)
        ),
        "leadershipcollective": collective,
        "post": Post.objects.create(
            person=an,
            unit=tree["X1"],
            title="Bí thư Đảng ủy xã",
            role=PostRole.HEAD,
            is_leadership=True,
            collective=collective,
            valid_from=START,
        ),
        "disciplinerecord": DisciplineRecord.objects.create(
            person=an,
            form=DisciplineForm.REPRIMAND,
            system=DisciplineSystem.PARTY,
            effective_on=date(2024, 6, 3),
            violation="VP-2024-01",
        ),
        "yearabsence": YearAbsence.objects.create(person=hong, year=2024, sick_months=Decimal("2.5")),
        "conclusion": Conclusion.objects.create(
            unit=tree["X1"], kind=ConclusionKind.DISUNITY, concluded_on=date(2024, 11, 20)
        ),
        "civilserviceresult": CivilServiceResult.objects.create(person=hong, year=2024, level="L2"),
    }
