"""Every change to the registry made in the admin is one entry on the registry's audit chain, written in the
transaction of the change: a failure leaves neither, a refused visitor changes nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from danhgia.apps.audit import admin as audit_admin
from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.audit.services import audit_verify
from danhgia.apps.audit.tests.pages import entries, page_data
from danhgia.apps.orgs.models import (
    CellMembership,
    CivilServiceResult,
    Conclusion,
    ConclusionKind,
    Person,
    Post,
    Unit,
    UnitLink,
    YearAbsence,
)
from danhgia.apps.orgs.services import segment
from danhgia.apps.orgs.tests.registry import START

pytestmark = pytest.mark.django_db


def url(model: str, view: str, *args: Any) -> str:
    return reverse(f"admin:orgs_{model}_{view}", args=args)


def post_values(post: Post, **changes: Any) -> dict[str, Any]:
    values = {
        "id": post.pk,
        "person": post.person_id,
        "unit": post.unit_id,
        "title": post.title,
        "role": post.role,
        "is_leadership": post.is_leadership,
        "centrally_managed": post.centrally_managed,
        "collective": post.collective_id,
        "valid_from": post.valid_from.isoformat(),
        "valid_to": None,
    }
    return values | changes


def test_adding_a_post_writes_its_values(admin_client: Client, admin_user: User, registry: dict[str, Any]) -> None:
    hong, commune = registry["other"], registry["unit"]

    response = admin_client.post(
        url("post", "add"),
        {"person": hong.pk, "unit": commune.pk, "title": "Phó Bí thư", "role": "deputy", "valid_from": "01/01/2024"},
    )

    assert response.status_code == 302
    post = Post.objects.get(title="Phó Bí thư")
    after = post_values(post, role="deputy", is_leadership=False, collective=None, valid_from="2024-01-01")
    assert entries() == [("registry", "admin.add", "orgs.post", str(post.pk), None, after, "")]
    assert AuditEntry.objects.get().actor_id == admin_user.pk
    assert audit_verify() == []


def test_changing_an_absence_writes_only_the_changed_fields(admin_client: Client, registry: dict[str, Any]) -> None:
    absence = registry["yearabsence"]
    data = page_data(admin_client.get(url("yearabsence", "change", absence.pk)))

    response = admin_client.post(
        url("yearabsence", "change", absence.pk), data | {"sick_months": "3", "maternity": "on"}
    )

    assert response.status_code == 302
    assert entries() == [
        (
            "registry",
            "admin.change",
            "orgs.yearabsence",
            str(absence.pk),
            {"id": absence.pk, "sick_months": "2.5", "maternity": False},
            {"id": absence.pk, "sick_months": "3.0", "maternity": True},
            "",
        )
    ]
    assert audit_verify() == []


def test_saving_an_unchanged_page_writes_no_entry(admin_client: Client, registry: dict[str, Any]) -> None:
    absence = registry["yearabsence"]
    data = page_data(admin_client.get(url("yearabsence", "change", absence.pk)))

    assert admin_client.post(url("yearabsence", "change", absence.pk), data).status_code == 302
    assert entries() == []


def test_deleting_a_result_writes_what_it_was(admin_client: Client, registry: dict[str, Any]) -> None:
    result = registry["civilserviceresult"]

    response = admin_client.post(url("civilserviceresult", "delete", result.pk), {"post": "yes"})

    assert response.status_code == 302
    assert not CivilServiceResult.objects.exists()
    before = {"id": result.pk, "person": registry["other"].pk, "year": 2024, "level": "L2", "decided_by": ""}
    assert entries() == [("registry", "admin.delete", "orgs.civilserviceresult", str(result.pk), before, None, "")]


@pytest.mark.django_db(transaction=True)
def test_deleting_selected_rows_writes_one_entry_each_in_one_transaction(
    admin_client: Client, registry: dict[str, Any]
) -> None:
    first = registry["conclusion"]
    second = Conclusion.objects.create(
        person=registry["person"], kind=ConclusionKind.DISUNITY, concluded_on=date(2025, 2, 3), reference="KL-7"
    )

    response = admin_client.post(
        url("conclusion", "changelist"),
        {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
    )

    assert response.status_code == 302
    assert not Conclusion.objects.exists()
    common = {"kind": "disunity", "self_detected": False}
    assert entries() == [
        (
            "registry",
            "admin.delete",
            "orgs.conclusion",
            str(first.pk),
            {"id": first.pk, "person": None, "unit": registry["unit"].pk, "concluded_on": "2024-11-20", "reference": ""}
            | common,
            None,
            "",
        ),
        (
            "registry",
            "admin.delete",
            "orgs.conclusion",
            str(second.pk),
            {"id": second.pk, "person": registry["person"].pk, "unit": None, "concluded_on": "2025-02-03"}
            | {"reference": "KL-7"}
            | common,
            None,
            "",
        ),
    ]
    assert audit_verify() == []


def test_inline_rows_changed_deleted_and_added_on_a_persons_page(
    admin_client: Client, registry: dict[str, Any]
) -> None:
    an, membership, post = registry["person"], registry["cellmembership"], registry["post"]
    data = page_data(admin_client.get(url("person", "change", an.pk)))
    data |= {"cell_memberships-0-valid_to": "01/07/2025", "posts-0-DELETE": "on", "absences-TOTAL_FORMS": "1"}
    data |= {"absences-0-year": "2025", "absences-0-sick_months": "1", "absences-0-other_months": "0"}
    data |= {"absences-0-months_worked": "11"}

    response = admin_client.post(url("person", "change", an.pk), data)

    assert response.status_code == 302
    absence = YearAbsence.objects.get(person=an)
    assert not Post.objects.filter(pk=post.pk).exists()
    new_absence = {"id": absence.pk, "person": an.pk, "year": 2025, "maternity": False}
    new_absence |= {"sick_months": "1.0", "other_months": "0.0", "months_worked": "11.0"}
    assert entries() == [
        (
            "registry",
            "admin.change",
            "orgs.cellmembership",
            str(membership.pk),
            {"id": membership.pk, "valid_to": None},
            {"id": membership.pk, "valid_to": "2025-07-01"},
            "",
        ),
        ("registry", "admin.delete", "orgs.post", str(post.pk), post_values(post), None, ""),
        ("registry", "admin.add", "orgs.yearabsence", str(absence.pk), None, new_absence, ""),
    ]
    assert audit_verify() == []


def test_deleting_a_person_records_the_rows_deleted_with_them(admin_client: Client, registry: dict[str, Any]) -> None:
    hong = registry["other"]

    admin_client.post(url("person", "delete", hong.pk), {"post": "yes"})

    assert not Person.objects.filter(pk=hong.pk).exists()
    written = [(action, kind, object_id, reason) for _, action, kind, object_id, _, _, reason in entries()]
    assert written == [
        ("admin.delete", "orgs.civilserviceresult", str(registry["civilserviceresult"].pk), "cascade"),
        ("admin.delete", "orgs.membershipstatus", str(registry["membershipstatus"].pk), "cascade"),
        ("admin.delete", "orgs.person", str(hong.pk), ""),
        ("admin.delete", "orgs.yearabsence", str(registry["yearabsence"].pk), "cascade"),
    ]
    person_entry = AuditEntry.objects.get(object_type="orgs.person")
    assert person_entry.before == {
        "id": hong.pk,
        "national_id": None,
        "personnel_code": "CB-0002",
        "full_name": "Đặng Thị Hồng",
        "birth_date": "1985-03-02",
        "sex": "",
    }


def test_deleting_a_collective_records_the_posts_it_leaves_without_one(
    admin_client: Client, registry: dict[str, Any]
) -> None:
    collective, post = registry["leadershipcollective"], registry["post"]

    admin_client.post(url("leadershipcollective", "delete", collective.pk), {"post": "yes"})

    written = [(action, kind, before, after, reason) for _, action, kind, _, before, after, reason in entries()]
    assert written[1:] == [
        (
            "admin.change",
            "orgs.post",
            {"id": post.pk, "collective": collective.pk},
            {"id": post.pk, "collective": None},
            "cascade",
        )
    ]
    assert written[0][:2] == ("admin.delete", "orgs.leadershipcollective")


def test_a_unit_created_moved_and_renamed_in_the_admin_is_one_entry_each(
    admin_client: Client, tree: dict[str, Unit]
) -> None:
    commune = tree["X1"]
    admin_client.post(
        url("unit", "add"),
        {"code": "C2", "name": "Chi bộ thôn Nà Lầu", "kind": "cell", "parent": commune.pk, "valid_from": "01/07/2024"},
    )
    unit = Unit.objects.get(code="C2")
    path = UnitLink.objects.get(unit=commune).path + segment(unit.pk)
    admin_client.post(url("unit", "move", unit.pk), {"new_parent": tree["T2"].pk, "effective": "01/07/2025"})
    data = page_data(admin_client.get(url("unit", "change", unit.pk)))
    admin_client.post(url("unit", "change", unit.pk), data | {"name": "Chi bộ thôn Nà Lầu mới"})

    moved_path = UnitLink.objects.get(unit=tree["T2"]).path + segment(unit.pk)
    created = {"id": unit.pk, "code": "C2", "name": "Chi bộ thôn Nà Lầu", "kind": "cell"}
    created |= {
        "founded_on": None,
        "dissolved_on": None,
        "parent": commune.pk,
        "path": path,
        "valid_from": "2024-07-01",
    }
    moved = {"id": unit.pk, "parent": tree["T2"].pk, "path": moved_path, "valid_from": "2025-07-01", "subtree": 1}
    assert entries() == [
        ("registry", "unit_create", "orgs.unit", str(unit.pk), None, created, ""),
        (
            "registry",
            "unit_move",
            "orgs.unit",
            str(unit.pk),
            {"id": unit.pk, "parent": commune.pk, "path": path},
            moved,
            "",
        ),
        (
            "registry",
            "admin.change",
            "orgs.unit",
            str(unit.pk),
            {"id": unit.pk, "name": "Chi bộ thôn Nà Lầu"},
            {"id": unit.pk, "name": "Chi bộ thôn Nà Lầu mới"},
            "",
        ),
    ]
    assert audit_verify() == []


def test_a_refused_move_writes_no_entry(admin_client: Client, tree: dict[str, Unit]) -> None:
    response = admin_client.post(
        url("unit", "move", tree["H1"].pk), {"new_parent": tree["C1"].pk, "effective": "01/07/2025"}
    )

    assert response.status_code == 200
    assert entries() == []


def absence_row(absence: YearAbsence) -> tuple[Any, ...]:
    return tuple(YearAbsence.objects.filter(pk=absence.pk).values_list("sick_months", "maternity").get())


@pytest.mark.django_db(transaction=True)
def test_when_the_entry_cannot_be_written_the_change_is_not_saved(
    admin_client: Client, registry: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    absence = registry["yearabsence"]
    data = page_data(admin_client.get(url("yearabsence", "change", absence.pk)))
    before = absence_row(absence)

    def refuse(**kwargs: Any) -> None:
        raise RuntimeError("the audit chain is unavailable")

    monkeypatch.setattr(audit_admin, "audit_record", refuse)
    with pytest.raises(RuntimeError):
        admin_client.post(url("yearabsence", "change", absence.pk), data | {"sick_months": "3"})

    assert absence_row(absence) == before
    assert entries() == []


@pytest.mark.django_db(transaction=True)
def test_when_the_deletion_fails_its_entries_are_not_kept(
    admin_client: Client, registry: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    conclusion = registry["conclusion"]

    def fail(self: Any, request: Any, queryset: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(admin.ModelAdmin, "delete_queryset", fail)
    with pytest.raises(RuntimeError):
        admin_client.post(
            url("conclusion", "changelist"),
            {"action": "delete_selected", "_selected_action": [conclusion.pk], "post": "yes"},
        )

    assert Conclusion.objects.filter(pk=conclusion.pk).exists()
    assert entries() == []


def test_a_visitor_without_staff_status_changes_nothing(
    client: Client, django_user_model: Any, registry: dict[str, Any]
) -> None:
    membership = registry["cellmembership"]
    client.force_login(django_user_model.objects.create_user(username="dangvien", password="x"))

    changed = client.post(url("cellmembership", "change", membership.pk), {"valid_to": "01/07/2025"})
    deleted = client.post(url("cellmembership", "delete", membership.pk), {"post": "yes"})

    assert (changed.status_code, deleted.status_code) == (302, 302)
    assert changed.headers["Location"].startswith(reverse("admin:login"))
    assert CellMembership.objects.get(pk=membership.pk).valid_to is None
    assert entries() == []


def test_staff_without_the_permission_is_refused_and_changes_nothing(
    client: Client, django_user_model: Any, registry: dict[str, Any]
) -> None:
    membership = registry["cellmembership"]
    client.force_login(django_user_model.objects.create_user(username="staff", password="x", is_staff=True))

    changed = client.post(url("cellmembership", "change", membership.pk), {"valid_to": "01/07/2025"})
    deleted = client.post(
        url("cellmembership", "changelist"),
        {"action": "delete_selected", "_selected_action": [membership.pk], "post": "yes"},
    )

    assert (changed.status_code, deleted.status_code) == (403, 403)
    assert CellMembership.objects.get(pk=membership.pk).valid_to is None
    assert entries() == []


def test_the_tree_fixture_starts_without_entries(tree: dict[str, Unit]) -> None:
    """Services called without an actor (an import's steps, fixtures) leave the recording to their caller."""
    assert UnitLink.objects.filter(valid_from=START).count() == 5
    assert entries() == []
