"""The bulk helpers: `AnyOf` selects exactly what `__in` selects, on both databases."""

from __future__ import annotations

from datetime import date

import pytest
from django.db.models import F

from danhgia.apps.orgs.models import Person
from danhgia.apps.reviews.bulk import AnyOf, insert_rows

pytestmark = pytest.mark.django_db


def test_any_of_selects_what_in_selects() -> None:
    people = Person.objects.bulk_create([Person(full_name=f"Người {i}", personnel_code=f"CB{i:03d}") for i in range(5)])
    codes = {"CB001", "CB003", "KHONG-CO"}
    by_any = set(Person.objects.filter(AnyOf(F("personnel_code"), codes)).values_list("pk", flat=True))
    by_in = set(Person.objects.filter(personnel_code__in=codes).values_list("pk", flat=True))
    assert by_any == by_in == {people[1].pk, people[3].pk}
    ids = {people[0].pk, people[4].pk}
    assert set(Person.objects.filter(AnyOf(F("pk"), ids)).values_list("pk", flat=True)) == ids
    assert list(Person.objects.filter(AnyOf(F("pk"), []))) == []


def test_insert_rows_stores_plain_values_as_the_orm_would() -> None:
    count = insert_rows(Person, ("full_name", "personnel_code", "birth_date"), [("Lê Văn A", "CB9", date(1980, 2, 29))])
    person = Person.objects.get(personnel_code="CB9")
    assert (count, person.full_name, person.birth_date, person.national_id) == (1, "Lê Văn A", date(1980, 2, 29), None)
