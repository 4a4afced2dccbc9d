"""People and their posts as of a date, within a token's subtree: a person is in it while they hold a post in
one of its units. Personal identifiers (national ID, date of birth, sex) only with `read:people:pid`."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import F, QuerySet

from danhgia.apps.api.models import Operation
from danhgia.apps.api.scope import TokenScope
from danhgia.apps.orgs.models import Person, Post
from danhgia.apps.orgs.selectors import in_force, path_range
from danhgia.apps.reviews.bulk import AnyOf


@dataclass(frozen=True)
class PostRow:
    unit: str
    title: str
    role: str
    is_leadership: bool
    valid_from: date
    valid_to: date | None


def _posts(scope: TokenScope, on: date, within: str | None) -> QuerySet[Post]:
    links = scope.links(on)
    if within is not None:
        links = links.filter(path_range(within))
    return Post.objects.filter(in_force(on), unit_id__in=links.values("unit_id"))


def people_on(
    *, scope: TokenScope, on: date, after: int | None, limit: int, within: str | None = None
) -> list[dict[str, Any]]:
    """Up to `limit` people holding a post in the subtree (or `within` a unit's subtree, its path) on `on`,
    by id after `after`, each with those posts; personal identifiers only if the token may read them."""
    people = Person.objects.filter(pk__in=_posts(scope, on, within).values("person_id"))
    if after is not None:
        people = people.filter(pk__gt=after)
    return _with_posts(scope, on, list(people.order_by("pk")[:limit]), within)


def person_on(*, scope: TokenScope, on: date, person_id: int) -> dict[str, Any] | None:
    """The person if they hold a post in the subtree on `on`; None otherwise (missing or outside alike)."""
    person = Person.objects.filter(pk=person_id, pk__in=_posts(scope, on, None).values("person_id")).first()
    return None if person is None else _with_posts(scope, on, [person], None)[0]


def _with_posts(scope: TokenScope, on: date, people: list[Person], within: str | None) -> list[dict[str, Any]]:
    posts: dict[int, list[PostRow]] = defaultdict(list)
    rows = _posts(scope, on, within).filter(person_id__in=[p.pk for p in people]).select_related("unit")
    for post in rows.order_by("person_id", "valid_from", "pk"):
        posts[post.person_id].append(
            PostRow(post.unit.code, post.title, post.role, post.is_leadership, post.valid_from, post.valid_to)
        )
    identifiers = scope.allows(Operation.READ_PEOPLE_PID)
    found = []
    for person in people:
        row: dict[str, Any] = {
            "id": person.pk,
            "full_name": person.full_name,
            "personnel_code": person.personnel_code,
            "posts": posts[person.pk],
        }
        if identifiers:
            row |= {"national_id": person.national_id, "birth_date": person.birth_date, "sex": person.sex or None}
        found.append(row)
    return found


def unit_path_on(*, scope: TokenScope, code: str, on: date) -> str | None:
    """The path of the unit `code` on `on` if it lies in the subtree (a filter's unit), else None."""
    return scope.links(on).filter(unit__code=code).values_list("path", flat=True).first()


def people_in_scope(*, scope: TokenScope, person_ids: set[int], start: date, end: date) -> set[int]:
    """Of `person_ids`, those holding a post some day of [start, end] in a unit that lies in the subtree on
    `end` (the task feed's check: a system writes only for people of its subtree)."""
    units = scope.links(end).values("unit_id")
    posts = Post.objects.filter(AnyOf(F("person_id"), person_ids), unit_id__in=units, valid_from__lte=end).exclude(
        valid_to__lte=start
    )
    return set(posts.values_list("person_id", flat=True))
