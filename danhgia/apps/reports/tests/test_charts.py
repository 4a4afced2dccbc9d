"""The SVG charts: well-formed XML, bars proportional to the shares, every text escaped; and the trend of a
node across the cycles of the same kind and root."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from danhgia.apps.reports.charts import LABEL_WIDTH, WIDTH, distribution_chart, trend_chart
from danhgia.apps.reports.figures import Figures
from danhgia.apps.reports.selectors import statistics
from danhgia.apps.reports.services import summaries_refresh
from danhgia.apps.reports.tests.helpers import NOW, decided, individual, open_cycle, reports_world, set_result

SVG = "{http://www.w3.org/2000/svg}"


def figures(**levels: int) -> Figures:
    f = Figures()
    for level, count in levels.items():
        f.add(status="classified", level=level, basis="decided", state="published", reason="", count=count)
    return f


def test_bars_split_the_classified_by_level_in_proportion() -> None:
    with translation.override("vi"):
        svg = distribution_chart([("Đảng viên", figures(L1=1, L2=3))], title="Mức xếp loại")
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg" and root.get("role") == "img" and root.get("aria-label") == "Mức xếp loại"
    bars = [r for r in root.iter(f"{SVG}rect") if r.find(f"{SVG}title") is not None]
    plot = WIDTH - LABEL_WIDTH - 70
    assert [r.get("fill") for r in bars] == ["#1b6e3a", "#4f9d5d"]
    assert [round(float(r.get("width", 0)), 1) for r in bars] == [round(plot / 4, 1), round(plot * 3 / 4, 1)]
    assert [t.text for t in root.iter(f"{SVG}title")][1:] == ["HTXSNV: 1 (25,0 %)", "HTTNV: 3 (75,0 %)"]
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert "25,0 %" in texts and "75,0 %" in texts and "n=4" in texts


def test_names_are_escaped_and_empty_rows_say_nobody_is_classified() -> None:
    svg = distribution_chart([('Chi bộ <"A"> & B', Figures())], title="<script>")
    root = ET.fromstring(svg)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert 'Chi bộ <"A"> & B' in texts and "<script>" in texts
    assert "<script>" not in svg


def test_the_trend_draws_one_line_per_level_and_skips_cycles_without_results() -> None:
    svg = trend_chart([("2023", figures(L2=1)), ("2024", Figures()), ("2025", figures(L1=1, L2=1))], title="Xu hướng")
    root = ET.fromstring(svg)
    lines = {p.get("stroke", ""): p.get("points", "") for p in root.iter(f"{SVG}polyline")}
    assert set(lines) == {"#1b6e3a", "#4f9d5d", "#e0a526", "#a3141c"}
    assert len(lines["#4f9d5d"].split()) == 2  # 2023 and 2025; 2024 has nobody classified
    assert len(list(root.iter(f"{SVG}circle"))) == 8


@pytest.mark.django_db
def test_the_previous_cycles_of_the_same_kind_and_root_make_the_trend() -> None:
    world = reports_world()
    earlier = open_cycle(world, year=2024)
    set_result(individual(world, earlier, "P0"), **decided("L3"))
    summaries_refresh(cycle=earlier, now=NOW)
    never_computed = open_cycle(world, year=2023)
    current = open_cycle(world, year=2025)
    set_result(individual(world, current, "P0"), **decided("L1"))
    summaries_refresh(cycle=current, now=NOW)

    stats = statistics(cycle=current, unit=world.cell)

    assert [(p.year, p.computed) for p in stats.trend] == [(2023, False), (2024, True), (2025, True)]
    assert stats.trend[0].cycle_id == never_computed.pk and stats.trend[0].by_subject == {}
    assert stats.trend[1].by_subject["party_member"].levels["L3"] == 1
    assert stats.trend[2].by_subject["party_member"].levels["L1"] == 1
