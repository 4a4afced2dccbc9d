"""The registry in the admin: every page opens, search finds Vietnamese names, the tree is navigable and
as of a date, and units are created and moved only through the services (a refused move changes nothing)."""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from danhgia.apps.orgs.admin import common
from danhgia.apps.orgs.models import (
    CellMembership,
    CivilServiceResult,
    DisciplineForm,
    DisciplineRecord,
    DisciplineSystem,
    MembershipStatus,
    MembershipStatusKind,
    Person,
    Post,
    PostRole,
    Sex,
    Unit,
    UnitKind,
    UnitLink,
)
from danhgia.apps.orgs.services import segment, unit_create, unit_move
from danhgia.apps.orgs.tests.registry import REFORM, START, make_person

pytestmark = pytest.mark.django_db


MODELS = [
    "unit",
    "unitlink",
    "person",
    "partymembership",
    "cellmembership",
    "membershipstatus",
    "leadershipcollective",
    "post",
    "disciplinerecord",
    "yearabsence",
    "conclusion",
    "civilserviceresult",
]


def changelist(model: str) -> str:
    return reverse(f"admin:orgs_{model}_changelist")


def change(model: str, pk: int) -> str:
    return reverse(f"admin:orgs_{model}_change", args=[pk])


def result_codes(response: Any) -> list[str]:
    return [unit.code for unit in response.context["cl"].result_list]


def tree_codes(response: Any) -> list[tuple[str, int]]:
    return [(row.unit.code, row.indent) for row in response.context["rows"]]


def links_snapshot() -> list[tuple[Any, ...]]:
    return list(
        UnitLink.objects.order_by("pk").values_list("pk", "unit_id", "parent_id", "path", "valid_from", "valid_to")
    )


@pytest.mark.parametrize("model", MODELS)
def test_superuser_opens_the_list_and_the_page_of_every_registry_model(
    admin_client: Client, registry: dict[str, Any], model: str
) -> None:
    listing = admin_client.get(changelist(model))
    page = admin_client.get(change(model, registry[model].pk))

    assert (listing.status_code, page.status_code) == (200, 200)
    assert listing.context["cl"].result_count >= 1


@pytest.mark.parametrize("model", [m for m in MODELS if m != "unitlink"])
def test_superuser_opens_the_add_page_of_every_editable_model(admin_client: Client, tree: Any, model: str) -> None:
    assert admin_client.get(reverse(f"admin:orgs_{model}_add")).status_code == 200


def test_the_admin_speaks_vietnamese(admin_client: Client, registry: dict[str, Any]) -> None:
    html = admin_client.get(changelist("unit")).content.decode()

    assert "Đơn vị cấp trên hiện nay" in html  # column
    assert "Bởi đơn vị cấp trên" in html  # filter
    assert '<a href="?kind__exact=grassroots_committee">Đảng bộ cơ sở</a>' in html


@pytest.mark.parametrize(
    "term",
    [
        "nguyễn văn",
        "Nguyễn Văn An",
        unicodedata.normalize("NFD", "Nguyễn Văn An"),  # typed on a keyboard that sends decomposed letters
        "001085000001",
    ],
)
def test_search_finds_the_person_by_vietnamese_name_or_national_id(
    admin_client: Client, registry: dict[str, Any], term: str
) -> None:
    response = admin_client.get(changelist("person"), {"q": term})

    assert [p.full_name for p in response.context["cl"].result_list] == ["Nguyễn Văn An"]


def test_search_tells_letters_with_different_diacritics_apart(admin_client: Client, registry: dict[str, Any]) -> None:
    response = admin_client.get(changelist("person"), {"q": "Nguyên Vân"})

    assert list(response.context["cl"].result_list) == []


def test_search_finds_by_personnel_code_and_unit_by_name(admin_client: Client, registry: dict[str, Any]) -> None:
    people = admin_client.get(changelist("person"), {"q": "CB-0002"})
    units = admin_client.get(changelist("unit"), {"q": "Phú Linh"})

    assert [p.full_name for p in people.context["cl"].result_list] == ["Đặng Thị Hồng"]
    assert result_codes(units) == ["X1"]


def test_person_autocomplete_searches_without_listing_everyone(admin_client: Client, registry: dict[str, Any]) -> None:
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "Hồng", "app_label": "orgs", "model_name": "post", "field_name": "person"},
    )

    assert [r["text"] for r in response.json()["results"]] == ["Đặng Thị Hồng (CB-0002)"]


def test_the_cell_picker_offers_party_cells_only(admin_client: Client, tree: dict[str, Unit]) -> None:
    def picked(model_name: str, field_name: str) -> list[str]:
        response = admin_client.get(
            reverse("admin:autocomplete"),
            {"term": "", "app_label": "orgs", "model_name": model_name, "field_name": field_name},
        )
        return [r["text"] for r in response.json()["results"]]

    assert picked("cellmembership", "cell") == ["Chi bộ thôn Nà Thác (C1)"]
    assert len(picked("post", "unit")) == 5


def test_parent_parameter_shows_exactly_the_children(admin_client: Client, tree: dict[str, Unit]) -> None:
    unit_create(code="H2", name="Huyện Bắc Mê", kind=UnitKind.PARTY_COMMITTEE, parent=tree["T1"], valid_from=START)

    under_t1 = admin_client.get(changelist("unit"), {"parent": tree["T1"].pk})
    under_c1 = admin_client.get(changelist("unit"), {"parent": tree["C1"].pk})
    top = admin_client.get(changelist("unit"), {"parent": "root"})

    assert result_codes(under_t1) == ["H1", "H2"]
    assert result_codes(under_c1) == []
    assert result_codes(top) == ["T1", "T2"]
    html = under_t1.content.decode()
    assert "Đơn vị trực thuộc Tỉnh Hà Giang" in html  # breadcrumbs


def test_changelist_shows_todays_parent_and_number_of_children(admin_client: Client, tree: dict[str, Unit]) -> None:
    response = admin_client.get(changelist("unit"))
    rows = {u.code: (u.parent_pk, u.child_count) for u in response.context["cl"].result_list}

    assert rows == {
        "C1": (tree["X1"].pk, 0),
        "H1": (tree["T1"].pk, 1),
        "T1": (None, 1),
        "T2": (None, 0),
        "X1": (tree["H1"].pk, 1),
    }
    assert f'href="{changelist("unit")}?parent={tree["T1"].pk}"' in response.content.decode()


def test_a_bad_parent_parameter_is_refused_not_a_crash(admin_client: Client, tree: dict[str, Unit]) -> None:
    response = admin_client.get(changelist("unit"), {"parent": "abc"})

    assert response.status_code == 302
    assert response.headers["Location"].endswith("?e=1")


def test_change_page_has_the_ancestors_as_breadcrumbs(admin_client: Client, tree: dict[str, Unit]) -> None:
    response = admin_client.get(change("unit", tree["C1"].pk))

    assert [u.code for u in response.context["ancestors"]] == ["T1", "H1", "X1"]
    html = response.content.decode()
    assert f'<a href="{change("unit", tree["H1"].pk)}">Huyện Vị Xuyên</a>' in html
    assert reverse("admin:orgs_unit_tree", args=[tree["C1"].pk]) in html


def test_tree_view_shows_the_subtree_before_and_after_a_move(admin_client: Client, tree: dict[str, Unit]) -> None:
    unit_move(unit=tree["X1"], new_parent=tree["T2"], effective=REFORM)
    t1_tree = reverse("admin:orgs_unit_tree", args=[tree["T1"].pk])
    t2_tree = reverse("admin:orgs_unit_tree", args=[tree["T2"].pk])

    t1_before = admin_client.get(t1_tree, {"on": "30/06/2025"})
    t1_after = admin_client.get(t1_tree, {"on": "01/07/2025"})
    t2_before = admin_client.get(t2_tree, {"on": "30/06/2025"})
    t2_after = admin_client.get(t2_tree, {"on": "2025-07-01"})

    assert tree_codes(t1_before) == [("T1", 0), ("H1", 2), ("X1", 4), ("C1", 6)]
    assert tree_codes(t1_after) == [("T1", 0), ("H1", 2)]
    assert tree_codes(t2_before) == [("T2", 0)]
    assert tree_codes(t2_after) == [("T2", 0), ("X1", 2), ("C1", 4)]
    # a unit with units under it links to its own subtree on the same date
    assert [row.tree_url for row in t1_before.context["rows"]] == [
        None,
        f"{reverse('admin:orgs_unit_tree', args=[tree['H1'].pk])}?on=30/06/2025",
        f"{reverse('admin:orgs_unit_tree', args=[tree['X1'].pk])}?on=30/06/2025",
        None,
    ]
    assert "Chi bộ thôn Nà Thác" in t2_after.content.decode()


def test_tree_view_defaults_to_today_and_reports_a_bad_date(admin_client: Client, tree: dict[str, Unit]) -> None:
    url = reverse("admin:orgs_unit_tree", args=[tree["H1"].pk])

    plain = admin_client.get(url)
    bad = admin_client.get(url, {"on": "31/02/2025"})

    assert tree_codes(plain) == [("H1", 0), ("X1", 2), ("C1", 4)]
    assert tree_codes(bad) == tree_codes(plain)
    assert "Nhập một ngày hợp lệ." in bad.content.decode()


def test_creating_a_unit_in_the_admin_creates_one_unit_and_one_link(
    admin_client: Client, tree: dict[str, Unit]
) -> None:
    units, links = Unit.objects.count(), UnitLink.objects.count()

    response = admin_client.post(
        reverse("admin:orgs_unit_add"),
        {
            "code": "C2",
            "name": "Chi bo\u0323\u0302  thôn Nà Lầu",
            "kind": UnitKind.CELL,
            "parent": tree["X1"].pk,
            "valid_from": "01/07/2024",
        },
    )

    assert response.status_code == 302
    unit = Unit.objects.get(code="C2")
    link = UnitLink.objects.get(unit=unit)
    assert (Unit.objects.count(), UnitLink.objects.count()) == (units + 1, links + 1)
    assert unit.name == "Chi bộ thôn Nà Lầu"
    x1_path = UnitLink.objects.get(unit=tree["X1"]).path
    assert (link.parent, link.path, link.depth, link.valid_from, link.valid_to) == (
        tree["X1"],
        x1_path + segment(unit.pk),
        3,
        date(2024, 7, 1),
        None,
    )
    assert LogEntry.objects.get(object_id=str(unit.pk)).get_change_message() == "Được thêm."


def test_creating_a_unit_under_a_parent_not_yet_in_the_tree_shows_the_error(
    admin_client: Client, tree: dict[str, Unit]
) -> None:
    before = (Unit.objects.count(), links_snapshot())

    response = admin_client.post(
        reverse("admin:orgs_unit_add"),
        {"code": "C3", "name": "Chi bộ 3", "kind": UnitKind.CELL, "parent": tree["X1"].pk, "valid_from": "01/01/2019"},
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "parent": ["Đơn vị cấp trên không có trong cây tổ chức vào ngày 01/01/2019."]
    }
    assert (Unit.objects.count(), links_snapshot()) == before


def test_creating_a_unit_with_a_code_in_use_shows_the_error(admin_client: Client, tree: dict[str, Unit]) -> None:
    before = (Unit.objects.count(), links_snapshot())

    response = admin_client.post(
        reverse("admin:orgs_unit_add"),
        {"code": "X1", "name": "Trùng mã", "kind": UnitKind.CELL, "parent": "", "valid_from": "01/01/2024"},
    )

    assert response.status_code == 200
    assert list(response.context["adminform"].form.errors) == ["code"]
    assert (Unit.objects.count(), links_snapshot()) == before


def test_moving_a_unit_under_its_own_descendant_is_refused_and_nothing_changes(
    admin_client: Client, tree: dict[str, Unit]
) -> None:
    before = links_snapshot()
    log_entries = LogEntry.objects.count()

    response = admin_client.post(
        reverse("admin:orgs_unit_move", args=[tree["H1"].pk]),
        {"new_parent": tree["C1"].pk, "effective": "01/07/2025"},
    )

    assert response.status_code == 200
    message = "Không thể chuyển một đơn vị về trực thuộc chính nó hoặc đơn vị cấp dưới của nó."
    assert response.context["adminform"].form.errors == {"new_parent": [message]}
    assert message in response.content.decode()
    assert links_snapshot() == before
    assert LogEntry.objects.count() == log_entries


def test_moving_a_unit_in_the_admin_reparents_its_subtree_from_the_date(
    admin_client: Client, tree: dict[str, Unit]
) -> None:
    response = admin_client.post(
        reverse("admin:orgs_unit_move", args=[tree["X1"].pk]),
        {"new_parent": tree["T2"].pk, "effective": "01/07/2025"},
    )

    assert response.status_code == 302
    assert response.headers["Location"] == change("unit", tree["X1"].pk)
    c1 = UnitLink.objects.filter(unit=tree["C1"]).order_by("valid_from")
    assert [(link.valid_from, link.valid_to, link.depth) for link in c1] == [(START, REFORM, 3), (REFORM, None, 2)]
    entry = LogEntry.objects.get(object_id=str(tree["X1"].pk))
    assert (entry.action_flag, entry.change_message) == (
        CHANGE,
        "Đã chuyển về trực thuộc Tỉnh Tuyên Quang (T2) từ ngày 01/07/2025.",
    )


def test_moving_to_the_top_level_and_out_of_order_moves(admin_client: Client, tree: dict[str, Unit]) -> None:
    url = reverse("admin:orgs_unit_move", args=[tree["X1"].pk])
    assert admin_client.post(url, {"new_parent": "", "effective": "01/07/2025"}).status_code == 302
    before = links_snapshot()

    late = admin_client.post(url, {"new_parent": tree["T2"].pk, "effective": "01/03/2025"})

    assert late.context["adminform"].form.errors == {
        "effective": [
            "Các đơn vị trong nhánh đã có thay đổi sau ngày này; hãy thực hiện việc chuyển theo thứ tự thời gian."
        ]
    }
    assert links_snapshot() == before


def test_unit_links_are_read_only_in_the_admin(admin_client: Client, tree: dict[str, Unit]) -> None:
    link = UnitLink.objects.get(unit=tree["C1"])
    before = links_snapshot()

    add = admin_client.get(reverse("admin:orgs_unitlink_add"))
    post = admin_client.post(change("unitlink", link.pk), {"path": "1", "depth": 0, "valid_from": "01/01/2020"})
    delete = admin_client.post(reverse("admin:orgs_unitlink_delete", args=[link.pk]), {"post": "yes"})

    assert (add.status_code, post.status_code, delete.status_code) == (403, 403, 403)
    assert links_snapshot() == before


def test_dates_are_read_day_first(admin_client: Client, registry: dict[str, Any]) -> None:
    response = admin_client.post(
        reverse("admin:orgs_post_add"),
        {
            "person": registry["other"].pk,
            "unit": registry["unit"].pk,
            "title": "Phó Bí thư",
            "role": PostRole.DEPUTY,
            "is_leadership": "on",
            "valid_from": "01/07/2025",
        },
    )

    assert response.status_code == 302
    assert Post.objects.get(title="Phó Bí thư").valid_from == date(2025, 7, 1)


def test_a_violated_check_constraint_is_explained_in_vietnamese_and_nothing_is_saved(
    admin_client: Client, registry: dict[str, Any]
) -> None:
    posts, records, cells = Post.objects.count(), DisciplineRecord.objects.count(), CellMembership.objects.count()
    person, unit = registry["other"], registry["unit"]

    head = admin_client.post(
        reverse("admin:orgs_post_add"),
        {"person": person.pk, "unit": unit.pk, "title": "Chủ tịch", "role": PostRole.HEAD, "valid_from": "01/01/2024"},
    )
    both = admin_client.post(
        reverse("admin:orgs_disciplinerecord_add"),
        {
            "person": person.pk,
            "unit": unit.pk,
            "form": DisciplineForm.REPRIMAND,
            "system": DisciplineSystem.PARTY,
            "effective_on": "01/01/2024",
            "violation": "VP-9",
            "public_service": "on",
        },
    )
    backwards = admin_client.post(
        reverse("admin:orgs_cellmembership_add"),
        {
            "person": person.pk,
            "cell": registry["cellmembership"].cell_id,
            "kind": "official",
            "valid_from": "01/07/2025",
            "valid_to": "01/01/2025",
        },
    )

    assert head.context["adminform"].form.errors == {
        "is_leadership": ["Chức vụ của người đứng đầu là chức vụ lãnh đạo, quản lý: hãy đánh dấu ô này."]
    }
    assert both.context["adminform"].form.errors == {
        "__all__": ["Kỷ luật chỉ áp dụng cho một cá nhân hoặc một đơn vị: hãy chọn một trong hai."]
    }
    assert backwards.context["adminform"].form.errors == {"valid_to": ["Ngày kết thúc phải sau ngày bắt đầu."]}
    assert "Constraint" not in head.content.decode() + both.content.decode() + backwards.content.decode()
    assert (Post.objects.count(), DisciplineRecord.objects.count(), CellMembership.objects.count()) == (
        posts,
        records,
        cells,
    )


def test_in_force_today_filter(admin_client: Client, registry: dict[str, Any]) -> None:
    person = registry["other"]
    MembershipStatus.objects.create(
        person=person, kind=MembershipStatusKind.SUSPENDED, valid_from=date(2019, 1, 1), valid_to=date(2019, 6, 1)
    )

    current = admin_client.get(changelist("membershipstatus"), {"in_force": "yes"})
    past = admin_client.get(changelist("membershipstatus"), {"in_force": "no"})

    assert [s.kind for s in current.context["cl"].result_list] == [MembershipStatusKind.EXEMPT]
    assert [s.kind for s in past.context["cl"].result_list] == [MembershipStatusKind.SUSPENDED]


def test_a_visitor_without_staff_status_is_sent_to_the_login(
    client: Client, django_user_model: Any, tree: dict[str, Unit]
) -> None:
    client.force_login(django_user_model.objects.create_user(username="dangvien", password="x"))
    url = reverse("admin:orgs_unit_tree", args=[tree["T1"].pk])

    response = client.get(url)

    assert response.status_code == 302
    assert response.headers["Location"] == f"{reverse('admin:login')}?next={url}"


@pytest.fixture
def staff_client(client: Client, django_user_model: Any) -> Client:
    client.force_login(django_user_model.objects.create_user(username="staff", password="x", is_staff=True))
    return client


@pytest.mark.parametrize("model", MODELS)
def test_staff_without_permissions_is_forbidden_every_registry_page(
    staff_client: Client, registry: dict[str, Any], model: str
) -> None:
    pk = registry[model].pk
    assert staff_client.get(changelist(model)).status_code == 403
    assert staff_client.get(change(model, pk)).status_code == 403
    assert staff_client.get(reverse(f"admin:orgs_{model}_add")).status_code == 403


def test_staff_without_permissions_cannot_see_or_move_the_tree(staff_client: Client, tree: dict[str, Unit]) -> None:
    before = links_snapshot()

    tree_page = staff_client.get(reverse("admin:orgs_unit_tree", args=[tree["T1"].pk]))
    move = staff_client.post(
        reverse("admin:orgs_unit_move", args=[tree["X1"].pk]), {"new_parent": tree["T2"].pk, "effective": "01/07/2025"}
    )

    assert (tree_page.status_code, move.status_code) == (403, 403)
    assert links_snapshot() == before


def test_staff_who_may_only_view_units_sees_the_tree_but_cannot_move(
    staff_client: Client, django_user_model: Any, tree: dict[str, Unit]
) -> None:
    staff = django_user_model.objects.get(username="staff")
    staff.user_permissions.add(Permission.objects.get(codename="view_unit"))
    before = links_snapshot()

    tree_page = staff_client.get(reverse("admin:orgs_unit_tree", args=[tree["T1"].pk]))
    move = staff_client.post(
        reverse("admin:orgs_unit_move", args=[tree["X1"].pk]), {"new_parent": tree["T2"].pk, "effective": "01/07/2025"}
    )

    assert (tree_page.status_code, move.status_code) == (200, 403)
    assert links_snapshot() == before


def add_rows(model: str, count: int, registry: dict[str, Any]) -> None:
    """`count` more rows of `model`, each with its own person or unit so that related columns differ."""
    base = Unit.objects.count() + Person.objects.count()
    for i in range(base, base + count):
        person = make_person(f"Trần Thị Mai {i}", national_id=f"0791900{i:05d}")
        if model == "unit":
            unit_create(code=f"U{i}", name=f"Chi bộ {i}", kind=UnitKind.CELL, parent=registry["unit"], valid_from=START)
        elif model == "post":
            unit = unit_create(code=f"P{i}", name=f"Phòng {i}", kind=UnitKind.AGENCY, parent=None, valid_from=START)
            Post.objects.create(person=person, unit=unit, title="Trưởng phòng", valid_from=START)
        elif model == "disciplinerecord":
            DisciplineRecord.objects.create(
                person=person,
                form=DisciplineForm.WARNING,
                system=DisciplineSystem.ADMINISTRATIVE,
                effective_on=date(2020 + i % 5, 1 + i % 12, 1),
                violation=f"VP-{i}",
            )
        elif model == "cellmembership":
            CellMembership.objects.create(person=person, cell=registry["unit"], valid_from=START)
        elif model == "civilserviceresult":
            CivilServiceResult.objects.create(person=person, year=2024, level="L3")


ROW_FACTORIES: list[str] = ["unit", "person", "post", "disciplinerecord", "cellmembership", "civilserviceresult"]


@pytest.mark.parametrize("model", ROW_FACTORIES)
def test_changelist_query_count_does_not_grow_with_the_rows(
    admin_client: Client, registry: dict[str, Any], model: str
) -> None:
    def queries_for_changelist() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert admin_client.get(changelist(model)).status_code == 200
        return len(queries)

    add_rows(model, 5, registry)
    queries_for_changelist()  # warm the caches (content types, session)
    few = queries_for_changelist()
    add_rows(model, 50, registry)
    many = queries_for_changelist()

    assert few == many


def test_a_whole_large_postgresql_table_is_counted_from_the_planner_estimate(
    registry: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    if connection.vendor != "postgresql":
        pytest.skip("the estimate exists only on PostgreSQL")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE orgs_person")
    monkeypatch.setattr(common, "ESTIMATE_COUNT_ABOVE", 0)

    with CaptureQueriesContext(connection) as whole:
        assert common.LargeTablePaginator(Person.objects.all(), 50).count == 2
    with CaptureQueriesContext(connection) as filtered:
        assert common.LargeTablePaginator(Person.objects.filter(sex=Sex.MALE), 50).count == 0

    assert ["pg_class" in q["sql"] for q in whole.captured_queries] == [True]
    assert ["pg_class" in q["sql"] for q in filtered.captured_queries] == [False]


def test_counts_are_exact_below_the_threshold(registry: dict[str, Any]) -> None:
    assert common.LargeTablePaginator(Person.objects.all(), 50).count == 2
