"""The demo's self-reviews agree with themselves (issue: the member persona's published Quý III/2025 review read
"Không đảm bảo" beside every criterion, next to 96/100 and "Hoàn thành xuất sắc nhiệm vụ", because the demo
stored a total and a level without the answers). Every demo self-review now holds an answer to each criterion;
re-scored by the self-review form it gives the stored total, and its proposed level is one that total reaches."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.test import Client

from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.selfservice.forms import SelfReviewForm
from danhgia.apps.selfservice.forms.selfreview import answers_recorded
from danhgia.apps.selfservice.selectors import criteria_for
from danhgia.apps.selfservice.views.common import form_data

pytestmark = pytest.mark.django_db
PERSONA = "DEMO-0003"
QUARTER = "Quý III/2025 — Tỉnh Bắc Ninh"


@pytest.fixture
def demo() -> None:
    call_command("demo_setup", force=True, verbosity=0)


def test_every_demo_self_review_scores_to_its_total_and_reaches_its_level(demo: None) -> None:
    reviews = Review.objects.exclude(state=ReviewState.NOT_STARTED).select_related("cycle").order_by("pk")
    checked = 0
    for review in reviews:
        criteria = criteria_for(review)
        form = SelfReviewForm(form_data(review, criteria), criteria=criteria, strict=True)

        assert answers_recorded(review.answers, criteria), review.pk
        assert form.is_valid(), (review.pk, form.errors.as_text())
        if cycle_rules(review.cycle).scoring == "grades":  # the past years, under 124-QĐ/TW: no total
            assert review.score is None, review.pk
            continue
        assert review.score is not None and form.score() == review.score, review.pk
        assert review.score >= criteria.minimums.get(review.proposed_level, Decimal(0)), review.pk
        checked += 1
    assert checked > 600


def test_the_personas_published_quarter_shows_the_criteria_that_make_its_total(demo: None) -> None:
    review = Review.objects.get(person__personnel_code=PERSONA, cycle__name=QUARTER)
    client = Client()
    client.login(username="dangvien", password="demo-dangvien")

    html = client.get(f"/self-review/{review.pk}/").content.decode()

    assert review.score is not None
    total = re.search(r'<output class="ss-total-value"[^>]*>([^<]+)</output>', html)
    assert total is not None
    assert total.group(1) == f"{review.score.normalize():f} / 100 điểm".replace(".", ",")
    assert "Không ghi nhận" not in html and "ss-unrecorded" not in html
    met = html.count('<span class="ss-value">Đảm bảo</span>')
    unmet = html.count('<span class="ss-value">Không đảm bảo</span>')
    assert met + unmet == 15 + 12  # every criterion of the staff template answered, and its checklists
    assert review.state == ReviewState.PUBLISHED and review.decided_level
