"""Reads of the tree and of people: as of a date, within the token's subtree, personal identifiers only with
their operation, paged with an opaque cursor, answered 304 to a matching If-None-Match, in the asked language."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from danhgia.apps.api.tests.world import ApiWorld, state
from danhgia.apps.orgs.models import Post, Unit
from danhgia.apps.orgs.services import unit_move

pytestmark = pytest.mark.django_db


def codes(response: Any) -> list[tuple[str, str | None, int]]:
    return [(u["code"], u["parent"], u["depth"]) for u in response.json()["items"]]


def test_the_tree_is_read_as_of_a_date(api: ApiWorld) -> None:
    unit_move(unit=api.health, new_parent=api.world.committee, effective=date(2026, 1, 1))
    token = api.token(["read:tree"])

    before = api.call("GET", "/units", token, on="2025-06-30")
    after = api.call("GET", "/units", token, on="2026-06-30")

    assert codes(before) == [
        ("TU", None, 0),
        ("DB-SNV", "TU", 1),
        ("CB-VP", "DB-SNV", 2),
        ("CB-KH", "DB-SNV", 2),
        ("SNV", "TU", 1),
        ("SYT", "TU", 1),
    ]
    assert codes(after) == [
        ("TU", None, 0),
        ("DB-SNV", "TU", 1),
        ("CB-VP", "DB-SNV", 2),
        ("CB-KH", "DB-SNV", 2),
        ("SYT", "DB-SNV", 2),
        ("SNV", "TU", 1),
    ]


def test_a_subtree_token_follows_the_tree_of_the_date_asked(api: ApiWorld) -> None:
    unit_move(unit=api.health, new_parent=api.world.committee, effective=date(2026, 1, 1))
    token = api.token(["read:tree"], root=api.world.committee)

    assert [c for c, _p, _d in codes(api.call("GET", "/units", token, on="2025-06-30"))] == ["DB-SNV", "CB-VP", "CB-KH"]
    assert codes(api.call("GET", "/units", token, on="2026-06-30")) == [
        ("DB-SNV", None, 0),
        ("CB-VP", "DB-SNV", 1),
        ("CB-KH", "DB-SNV", 1),
        ("SYT", "DB-SNV", 1),
    ]
    assert api.call("GET", "/units/SYT", token, on="2025-06-30").status_code == 404
    assert api.call("GET", "/units/SYT", token, on="2026-06-30").json() == {
        "code": "SYT",
        "name": "Sở Y tế",
        "kind": "agency",
        "parent": "DB-SNV",
        "depth": 1,
        "founded_on": None,
        "dissolved_on": None,
    }


def test_before_the_root_existed_the_tree_is_empty(api: ApiWorld) -> None:
    token = api.token(["read:tree"])

    assert api.call("GET", "/units", token, on="2019-12-31").json() == {"items": [], "next_cursor": None}


def test_units_filter_by_kind_parent_and_subtree(api: ApiWorld) -> None:
    token = api.token(["read:tree"])

    assert [c for c, _p, _d in codes(api.call("GET", "/units", token, kind="agency"))] == ["SNV", "SYT"]
    assert [c for c, _p, _d in codes(api.call("GET", "/units", token, parent="DB-SNV"))] == ["CB-VP", "CB-KH"]
    assert [c for c, _p, _d in codes(api.call("GET", "/units", token, within="DB-SNV"))] == ["DB-SNV", "CB-VP", "CB-KH"]


def test_a_unknown_filter_value_is_422_with_its_path(api: ApiWorld) -> None:
    token = api.token(["read:tree"])

    response = api.call("GET", "/units", token, kind="ministry", limit="0", on="31/12/2025", language="en")

    assert response.status_code == 422
    assert [(e["path"], e["code"]) for e in response.json()["errors"]] == [
        ("query.on", "date_parsing"),  # only YYYY-MM-DD (never a Unix time)
        ("query.kind", "literal_error"),
        ("query.limit", "greater_than_equal"),
    ]


# --- pagination ------------------------------------------------------------------------------------------


def test_pages_follow_each_other_to_the_end(api: ApiWorld) -> None:
    token = api.token(["read:tree"])
    seen: list[str] = []
    cursor = None
    pages = 0
    while True:
        query = {"limit": 4} if cursor is None else {"limit": 4, "cursor": cursor}
        body = api.call("GET", "/units", token, params=query).json()
        seen += [u["code"] for u in body["items"]]
        pages += 1
        cursor = body["next_cursor"]
        if cursor is None:
            break

    assert pages == 2
    assert seen == ["TU", "DB-SNV", "CB-VP", "CB-KH", "SNV", "SYT"]


def test_a_page_that_ends_the_list_exactly_has_no_next_cursor(api: ApiWorld) -> None:
    token = api.token(["read:tree"])

    assert api.call("GET", "/units", token, limit=6).json()["next_cursor"] is None


def test_people_are_paged_by_id(api: ApiWorld) -> None:
    token = api.token(["read:people"])
    first = api.call("GET", "/people", token, limit=5).json()
    second = api.call("GET", "/people", token, limit=5, cursor=first["next_cursor"]).json()

    assert [p["personnel_code"] for p in first["items"] + second["items"]] == [
        "CB000",
        "CB001",
        "CB002",
        "CB003",
        "CB004",
        "CB005",
        "YT000",
        "YT001",
    ]
    assert second["next_cursor"] is None


@pytest.mark.parametrize("cursor", ["garbage", "eyJhIjoxfQ:1:abc"])
def test_a_made_up_cursor_is_400(api: ApiWorld, cursor: str) -> None:
    token = api.token(["read:tree"])

    response = api.call("GET", "/units", token, cursor=cursor, language="en")

    assert response.status_code == 400
    assert response.json()["errors"] == [
        {
            "path": "query.cursor",
            "loc": ["query", "cursor"],
            "code": "invalid_cursor",
            "message": "This cursor was not given by this list: start again without it.",
        }
    ]


def test_a_cursor_of_one_list_does_not_open_another(api: ApiWorld) -> None:
    token = api.token(["read:tree", "read:people"])
    cursor = api.call("GET", "/units", token, limit=1).json()["next_cursor"]

    assert api.call("GET", "/people", token, cursor=cursor).status_code == 400


# --- ETag ------------------------------------------------------------------------------------------------


def test_a_read_answers_304_to_its_own_etag_and_200_once_the_data_changed(api: ApiWorld) -> None:
    token = api.token(["read:tree"])
    first = api.call("GET", "/units", token)
    etag = first["ETag"]

    again = api.call("GET", "/units", token, headers={"If-None-Match": etag})
    Unit.objects.filter(code="SYT").update(name="Sở Y tế tỉnh")
    changed = api.call("GET", "/units", token, headers={"If-None-Match": etag})

    assert (first.status_code, first["Cache-Control"]) == (200, "private, no-cache")
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
    assert changed.status_code == 200 and changed["ETag"] != etag


def test_a_stale_or_foreign_etag_gets_the_body(api: ApiWorld) -> None:
    token = api.token(["read:tree"])

    response = api.call("GET", "/units", token, headers={"If-None-Match": '"0000"'})

    assert response.status_code == 200 and response.json()["items"]


def test_errors_carry_no_etag(api: ApiWorld) -> None:
    response = api.call("GET", "/units", api.token(["read:people"]))

    assert response.status_code == 403
    assert not response.has_header("ETag") and response["Cache-Control"] == "no-store"


# --- people ----------------------------------------------------------------------------------------------


def test_people_carry_no_personal_identifier_without_the_pid_operation(api: ApiWorld) -> None:
    token = api.token(["read:people"], root=api.health)

    body = api.call("GET", "/people", token).json()

    assert body["items"][0] == {
        "id": api.person("Q0").pk,
        "full_name": "Đỗ Văn Khoa",
        "personnel_code": "YT000",
        "posts": [
            {
                "unit": "SYT",
                "title": "Chuyên viên",
                "role": "member",
                "is_leadership": False,
                "valid_from": "2020-01-01",
                "valid_to": None,
            }
        ],
    }
    assert "038099" not in api.call("GET", "/people", token).content.decode()


def test_the_pid_operation_adds_national_id_birth_date_and_sex(api: ApiWorld) -> None:
    token = api.token(["read:people", "read:people:pid"], root=api.health)

    person = api.call("GET", f"/people/{api.person('Q0').pk}", token).json()

    assert (person["national_id"], person["birth_date"], person["sex"]) == ("038099000000", "1985-01-02", None)


def test_a_person_is_listed_only_while_a_post_in_the_subtree_is_in_force(api: ApiWorld) -> None:
    Post.objects.filter(person=api.person("Q1")).update(valid_to=date(2026, 1, 1))
    token = api.token(["read:people"], root=api.health)

    on_2025 = api.call("GET", "/people", token, on="2025-12-31").json()["items"]
    on_2026 = api.call("GET", "/people", token, on="2026-01-01").json()["items"]

    assert [p["personnel_code"] for p in on_2025] == ["YT000", "YT001"]
    assert [p["personnel_code"] for p in on_2026] == ["YT000"]
    assert api.call("GET", f"/people/{api.person('Q1').pk}", token, on="2026-01-01").status_code == 404


def test_people_of_a_unit_of_the_subtree(api: ApiWorld) -> None:
    token = api.token(["read:people"])

    body = api.call("GET", "/people", token, unit="SYT").json()

    assert [p["personnel_code"] for p in body["items"]] == ["YT000", "YT001"]


# --- language --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "message"),
    [
        (None, "Mã truy cập này không được thực hiện thao tác read:people."),
        ("en", "This token may not perform the operation read:people."),
        ("en-GB,en;q=0.9", "This token may not perform the operation read:people."),
        ("fr-FR, vi;q=0.5, en;q=0.4", "Mã truy cập này không được thực hiện thao tác read:people."),
        ("de", "Mã truy cập này không được thực hiện thao tác read:people."),
    ],
)
def test_messages_follow_accept_language_with_vietnamese_by_default(
    api: ApiWorld, header: str | None, message: str
) -> None:
    token = api.token(["read:tree"])
    before = state()

    response = api.call("GET", "/people", token, language=header)

    assert response.json() == {"code": "forbidden", "message": message}
    assert response["Content-Language"] == ("en" if message.startswith("This") else "vi")
    assert state() == before


def test_control_characters_are_refused_before_any_query(api: ApiWorld) -> None:
    token = api.token(["read:tree", "read:people"])

    filtered = api.call("GET", "/units", token, within="a\x00b")
    coded = api.call("GET", "/units/a%00b", token)
    people = api.call("GET", "/people", token, unit="\x00")

    assert [(e["path"], e["code"]) for e in filtered.json()["errors"]] == [("query.within", "string_pattern_mismatch")]
    assert coded.status_code == 404
    assert people.status_code == 422


def test_a_unix_time_is_not_a_date_and_an_unknown_parameter_is_refused(api: ApiWorld) -> None:
    token = api.token(["read:tree"])

    response = api.call("GET", "/units", token, on="0", language="en")
    unknown = api.call("GET", "/units", token, colour="red", language="en")

    assert response.status_code == 422
    assert [(e["path"], e["code"], e["message"]) for e in response.json()["errors"]] == [
        ("query.on", "date_parsing", "Enter a date as YYYY-MM-DD.")
    ]
    assert unknown.status_code == 422
    assert [(e["path"], e["code"], e["message"]) for e in unknown.json()["errors"]] == [
        ("query.colour", "extra_forbidden", "Unknown parameter.")
    ]
