"""The published result says what it entails: two L4 years in a row (docs/regulations/state.md §5)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from danhgia.apps.reviews.tests.test_consequences import published, published_quarters
from danhgia.apps.reviews.tests.world import build_world

pytestmark = pytest.mark.django_db


def test_a_member_failing_two_years_in_a_row_sees_what_follows() -> None:
    world = build_world()
    published(world, 2024, "L4")
    latest = published(world, 2025, "L4")
    client = Client()
    client.force_login(world.users["p3"])
    with translation.override("vi"):
        page = client.get(reverse("selfservice:review_detail", args=[latest.pk])).content.decode()
    assert "Hệ quả của kết quả xếp loại" in page
    assert "Đảng viên có 02 năm liên tiếp (2024, 2025) xếp loại «Không hoàn thành nhiệm vụ»" in page


def test_a_first_failure_entails_nothing_yet() -> None:
    world = build_world()
    latest = published(world, 2025, "L4")
    client = Client()
    client.force_login(world.users["p3"])
    with translation.override("vi"):
        page = client.get(reverse("selfservice:review_detail", args=[latest.pk])).content.decode()
    assert "Hệ quả của kết quả xếp loại" not in page


def test_the_year_end_review_shows_the_quarters_of_the_year() -> None:
    world = build_world()
    published_quarters(world, 2025, {1: "L2", 2: "L1"})
    year_end = published(world, 2025, "L2")
    client = Client()
    client.force_login(world.users["p3"])
    with translation.override("vi"):
        page = client.get(reverse("selfservice:review_detail", args=[year_end.pk])).content.decode()
    assert "Kết quả các quý trong năm: Quý 1: Hoàn thành tốt nhiệm vụ; Quý 2: Hoàn thành xuất sắc nhiệm vụ" in " ".join(
        page.split()
    )
