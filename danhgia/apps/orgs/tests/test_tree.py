"""The effective-dated organisation tree: creation, re-parenting mid-year, and queries as of a date."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from danhgia.apps.orgs.models import Unit, UnitKind, UnitLink
from danhgia.apps.orgs.selectors import unit_ancestors, unit_children, unit_is_within, unit_subtree
from danhgia.apps.orgs.services import unit_create, unit_move

pytestmark = pytest.mark.django_db
START = date(2020, 1, 1)
REFORM = date(2025, 7, 1)


@pytest.fixture
def tree() -> dict[str, Unit]:
    """A province with a district and a commune under it, and a second province (before the reform)."""
    units: dict[str, Unit] = {}
    units["T1"] = unit_create(
        code="T1", name="Tỉnh Hà Giang", kind=UnitKind.PARTY_COMMITTEE, parent=None, valid_from=START
    )
    units["T2"] = unit_create(
        code="T2", name="Tỉnh Tuyên Quang", kind=UnitKind.PARTY_COMMITTEE, parent=None, valid_from=START
    )
    units["H1"] = unit_create(
        code="H1", name="Huyện Vị Xuyên", kind=UnitKind.PARTY_COMMITTEE, parent=units["T1"], valid_from=START
    )
    units["X1"] = unit_create(
        code="X1", name="Xã Phú Linh", kind=UnitKind.GRASSROOTS_COMMITTEE, parent=units["H1"], valid_from=START
    )
    units["C1"] = unit_create(
        code="C1", name="Chi bộ thôn Nà Thác", kind=UnitKind.CELL, parent=units["X1"], valid_from=START
    )
    return units


def codes(links: object) -> list[str]:
    return [link.unit.code for link in links]  # type: ignore[attr-defined]


def test_names_are_stored_nfc_with_single_spaces() -> None:
    decomposed = "Xa\u0303  Phu\u0301 Linh "
    unit = unit_create(code="X9", name=decomposed, kind=UnitKind.GRASSROOTS_COMMITTEE, parent=None, valid_from=START)
    assert unit.name == "Xã Phú Linh"


def test_subtree_and_ancestors_as_of_a_date(tree: dict[str, Unit]) -> None:
    on = date(2024, 12, 31)
    assert codes(unit_subtree(unit=tree["T1"], on=on).select_related("unit")) == ["T1", "H1", "X1", "C1"]
    assert [u.code for u in unit_ancestors(unit=tree["C1"], on=on)] == ["T1", "H1", "X1"]
    assert [u.code for u in unit_children(unit=tree["H1"], on=on)] == ["X1"]


def test_moving_a_subtree_mid_year_keeps_the_earlier_tree(tree: dict[str, Unit]) -> None:
    # 1 July 2025: districts abolished, the commune goes straight under the merged province T2.
    moved = unit_move(unit=tree["X1"], new_parent=tree["T2"], effective=REFORM)
    assert moved == 2
    before, after = date(2025, 6, 30), date(2025, 12, 31)
    assert codes(unit_subtree(unit=tree["T1"], on=before).select_related("unit")) == ["T1", "H1", "X1", "C1"]
    assert codes(unit_subtree(unit=tree["T1"], on=after).select_related("unit")) == ["T1", "H1"]
    assert codes(unit_subtree(unit=tree["T2"], on=after).select_related("unit")) == ["T2", "X1", "C1"]
    assert [u.code for u in unit_ancestors(unit=tree["C1"], on=after)] == ["T2", "X1"]
    assert unit_is_within(unit=tree["C1"], root=tree["T1"], on=before)
    assert not unit_is_within(unit=tree["C1"], root=tree["T1"], on=after)
    c1 = UnitLink.objects.filter(unit=tree["C1"]).order_by("valid_from")
    assert [(link.valid_from, link.valid_to, link.depth) for link in c1] == [(START, REFORM, 3), (REFORM, None, 2)]


def test_a_second_move_on_the_same_day_replaces_the_first(tree: dict[str, Unit]) -> None:
    unit_move(unit=tree["X1"], new_parent=tree["T2"], effective=REFORM)
    unit_move(unit=tree["X1"], new_parent=None, effective=REFORM)
    assert UnitLink.objects.filter(unit=tree["X1"]).count() == 2
    assert [u.code for u in unit_ancestors(unit=tree["C1"], on=REFORM)] == ["X1"]


def test_a_unit_cannot_move_under_its_own_descendant_and_nothing_changes(tree: dict[str, Unit]) -> None:
    before = list(UnitLink.objects.values_list("unit_id", "parent_id", "path", "valid_from", "valid_to"))
    with pytest.raises(ValidationError, match="trực thuộc chính nó hoặc đơn vị cấp dưới của nó"):
        unit_move(unit=tree["H1"], new_parent=tree["C1"], effective=REFORM)
    after = list(UnitLink.objects.values_list("unit_id", "parent_id", "path", "valid_from", "valid_to"))
    assert after == before


def test_moves_must_come_in_date_order(tree: dict[str, Unit]) -> None:
    unit_move(unit=tree["X1"], new_parent=tree["T2"], effective=REFORM)
    with pytest.raises(ValidationError, match="đã có thay đổi sau ngày này"):
        unit_move(unit=tree["X1"], new_parent=None, effective=date(2025, 3, 1))


def test_a_unit_outside_the_tree_on_a_date_is_reported(tree: dict[str, Unit]) -> None:
    early = date(2019, 1, 1)
    with pytest.raises(ValidationError, match="Đơn vị cấp trên không có trong cây tổ chức vào ngày 01/01/2019"):
        unit_create(code="Z", name="Z", kind=UnitKind.CELL, parent=tree["T1"], valid_from=early)
    with pytest.raises(ValidationError, match="Đơn vị không có trong cây tổ chức vào ngày 01/01/2019"):
        unit_move(unit=tree["X1"], new_parent=None, effective=early)
    with pytest.raises(ValidationError, match="Đơn vị cấp trên mới không có trong cây tổ chức"):
        later = unit_create(code="N", name="N", kind=UnitKind.CELL, parent=None, valid_from=date(2026, 1, 1))
        unit_move(unit=tree["X1"], new_parent=later, effective=REFORM)
    assert list(unit_subtree(unit=tree["T1"], on=early)) == []
    assert list(unit_ancestors(unit=tree["T1"], on=early)) == []


def test_subtree_is_one_query_whatever_its_size(tree: dict[str, Unit]) -> None:
    parent = tree["X1"]
    for i in range(30):
        unit_create(code=f"C{i + 10}", name=f"Chi bộ {i}", kind=UnitKind.CELL, parent=parent, valid_from=START)
    link = UnitLink.objects.get(unit=tree["T1"])
    with CaptureQueriesContext(connection) as queries:
        from danhgia.apps.orgs.selectors import in_force, path_range

        rows = list(UnitLink.objects.filter(in_force(date(2024, 1, 1)), path_range(link.path)))
    assert (len(rows), len(queries)) == (34, 1)
