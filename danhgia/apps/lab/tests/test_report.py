"""The report on implementation results counts in the database exactly what a plain recount of the review
rows finds (the way it was first written, row by row), on the demo's past years and published cycle."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db.models import JSONField, Value

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.lab.report import Year, implementation_report, report_cycles
from danhgia.apps.orgs.models import PATH_SEGMENT, Unit, UnitLink
from danhgia.apps.orgs.selectors import in_force
from danhgia.apps.reviews.facts import cycle_dates
from danhgia.apps.reviews.models import Complaint, Review

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def _recount_result(row: Mapping[str, Any]) -> str:
    for status, level in (
        (row["decided_status"], row["decided_level"]),
        (row["verified_status"], row["verified_level"]),
        (row["engine_status"], row["engine_level"]),
    ):
        if status:
            return str(level) if status == "classified" else str(status)
    return ""


def recount(cycles: list[ReviewCycle]) -> list[Year]:
    """Every review row read and counted in Python."""
    years: dict[int, Year] = {}
    for cycle in cycles:
        rules = cycle_rules(cycle)
        year = years.setdefault(cycle.year, Year(cycle.year))
        year.cycles.append(cycle.name)
        year.rulesets.add(rules.id)
        year.quota_ratio = rules.quota_ratio
        stage = {rule.code: rule.stage for stages in rules.stages.values() for rule in stages}
        unconfirmed = {rule.code for stages in rules.stages.values() for rule in stages if not rule.confirmed}
        quota_codes = {rule.code for rule in rules.rules("quota")}
        end = cycle_dates(cycle)[1]
        paths = dict(UnitLink.objects.filter(in_force(end)).values_list("unit_id", "path"))
        names = dict(Unit.objects.values_list("pk", "name"))
        for row in Review.objects.filter(cycle=cycle).values():
            result = _recount_result(row)
            path = paths.get(row["unit_id"])
            province = names.get(int(path[:PATH_SEGMENT]), "") if path else ""
            year.by_category[str(row["category"])][result] += 1
            year.by_province[province][result] += 1
            year.levels[result] += 1
            codes = {str(r.get("code")) for r in row["engine_reasons"] or [] if isinstance(r, dict)}
            year.demoted += bool(codes & quota_codes)
            for code in codes:
                if stage.get(code) in ("disqualifier", "cap"):
                    year.deciding[code] += 1
                if code in unconfirmed:
                    year.defaults[code] += 1
        for complaint in Complaint.objects.filter(review__cycle=cycle):
            year.complaints[complaint.state] += 1
    return [years[y] for y in sorted(years)]


def _figures(year: Year) -> dict[str, Any]:
    return {
        "year": year.year,
        "cycles": year.cycles,
        "rulesets": year.rulesets,
        "by_category": {k: dict(v) for k, v in year.by_category.items()},
        "by_province": {k: dict(v) for k, v in year.by_province.items()},
        "levels": dict(year.levels),
        "quota_ratio": year.quota_ratio,
        "demoted": year.demoted,
        "deciding": dict(year.deciding),
        "defaults": dict(year.defaults),
        "complaints": dict(year.complaints),
    }


def _odd_rows(cycle: ReviewCycle) -> None:
    """What a plain demo lacks: complaints, a second top of the tree, a unit outside the tree on the date, and
    engine reasons that are not a plain list of distinct codes."""
    reviews = list(Review.objects.filter(cycle=cycle, person__isnull=False).order_by("pk")[:6])
    admin = get_user_model().objects.get(username="admin")
    for review, state in zip(reviews[:3], ("open", "upheld", "open"), strict=True):
        Complaint.objects.create(review=review, filed_by=admin, text="Khiếu nại", filed_at=NOW, state=state)
    top = Unit.objects.create(code="T99", name="Đảng bộ tỉnh thử", kind=Unit.objects.get(code="T27").kind)
    UnitLink.objects.create(unit=top, path=str(top.pk).zfill(PATH_SEGMENT), depth=0, valid_from=date(2000, 1, 1))
    outside = Unit.objects.create(code="T98", name="Ngoài cây", kind=top.kind)
    Review.objects.filter(pk=reviews[0].pk).update(unit=top)
    Review.objects.filter(pk=reviews[1].pk).update(unit=outside)
    Review.objects.filter(pk=reviews[2].pk).update(engine_reasons={"code": "score_below_50"})
    Review.objects.filter(pk=reviews[3].pk).update(
        engine_reasons=[{"code": "score_below_50"}, {"code": "score_below_50"}, "score_below_50", 7]
    )
    Review.objects.filter(pk=reviews[4].pk).update(engine_reasons=Value(None, JSONField()))  # JSON null


def test_the_report_on_the_demo_equals_a_recount_of_every_review_row() -> None:
    call_command("demo_setup", force=True, verbosity=0)
    _odd_rows(ReviewCycle.objects.get(name="Năm 2025 — Đảng bộ xã Tân An"))
    cycles = report_cycles(ReviewCycle.objects.all(), 2000, 2100)
    report = implementation_report(cycles)

    assert [_figures(y) for y in report] == [_figures(y) for y in recount(list(cycles))]
    assert [y.year for y in report] == [2023, 2024, 2025]
    for year in report:
        assert sum(year.levels.values()) == Review.objects.filter(cycle__kind="year", cycle__year=year.year).count()
        assert year.deciding and year.defaults
    assert report[2].complaints == {"open": 2, "upheld": 1}
    assert sorted(report[2].by_province) == ["", "Đảng bộ tỉnh Bắc Ninh", "Đảng bộ tỉnh thử"]
    assert [sum(report[2].by_province[p].values()) for p in ("", "Đảng bộ tỉnh thử")] == [1, 1]
