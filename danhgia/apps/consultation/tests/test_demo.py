from __future__ import annotations

import pytest

from danhgia.apps.consultation.models import Consultation, Opinion
from danhgia.apps.consultation.selectors import comments_by_article
from danhgia.apps.demo.consultation import demo_consultation_ensure
from danhgia.apps.demo.services import demo_users_ensure
from danhgia.apps.orgs.seed import registry_seed

pytestmark = pytest.mark.django_db


def test_the_demo_consultation_awaits_the_department_and_suggests_one_group() -> None:
    demo_users_ensure()
    registry_seed(scale="demo")

    consultation = demo_consultation_ensure()
    again = demo_consultation_ensure()

    assert again.pk == consultation.pk and Consultation.objects.count() == 1
    assert sorted(consultation.consulted.values_list("unit__code", flat=True)) == [
        "T27.A02.A01",
        "T27.D01",
        "T27.D02",
        "T27.X001",
    ]
    assert sorted(Opinion.objects.filter(state="submitted").values_list("unit__code", flat=True)) == [
        "T27.D01",
        "T27.D02",
        "T27.X001",
    ]
    articles = comments_by_article(consultation)
    assert [(a.label, len(a.comments)) for a in articles] == [("Điều 1", 2), ("Điều 2", 2)]
    assert [[c.unit.code for c in group] for group in articles[1].suggestions] == [["T27.D02", "T27.X001"]]
    assert articles[0].suggestions == []
