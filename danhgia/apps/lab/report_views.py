"""The report on implementation results as a page with charts and as a .docx document."""

from __future__ import annotations

from collections import Counter
from io import BytesIO
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import Max, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from docx import Document
from docx.shared import Cm

from danhgia.apps.lab.labels import result_label
from danhgia.apps.lab.pictures import share_bars_png
from danhgia.apps.lab.replay_view import COLUMNS, figures
from danhgia.apps.lab.report import Year, implementation_report, report_cycles
from danhgia.apps.lab.selectors import cycles_for
from danhgia.apps.reports.charts import distribution_chart, trend_chart
from danhgia.apps.reports.figures import percent


def _span(request: HttpRequest) -> tuple[list[Year], int, int]:
    cycles = cycles_for(request.user, timezone.localdate())
    bounds = cycles.filter(kind="year").aggregate(first=Min("year"), last=Max("year"))
    first = int(request.GET["from"]) if request.GET.get("from", "").isdigit() else bounds["first"] or 0
    last = int(request.GET["to"]) if request.GET.get("to", "").isdigit() else bounds["last"] or 0
    return implementation_report(report_cycles(cycles, first, last)), first, last


def _counts_row(label: str, counts: Counter[str]) -> dict[str, Any]:
    return {"label": label, "cells": [counts[c] for c in COLUMNS], "total": sum(counts.values())}


def _share(part: int, whole: int) -> str:
    value = percent(part, whole)
    return "–" if value is None else f"{number_format(value, 1)} %"


def _year_context(year: Year) -> dict[str, Any]:
    ratio = year.level1_of_level2
    return {
        "year": year,
        "categories": [_counts_row(k, v) for k, v in sorted(year.by_category.items())],
        "provinces": [_counts_row(k or "—", v) for k, v in sorted(year.by_province.items())],
        "complaints": sorted(year.complaints.items()),
        "l1_of_l2": "–" if ratio is None else _share(ratio.numerator, ratio.denominator),
        "quota": "–" if year.quota_ratio is None else _share(year.quota_ratio.numerator, year.quota_ratio.denominator),
    }


@login_required
@require_GET
def report_page(request: HttpRequest) -> HttpResponse:
    years, first, last = _span(request)
    trend = [(str(y.year), figures(y.levels)) for y in years]
    charts = []
    if years:
        charts.append(trend_chart(trend, title=_("Share of each level, by year")))
        rows = [(f"{y.year} · {k}", figures(v)) for y in years for k, v in sorted(y.by_category.items())]
        charts.append(distribution_chart(rows, title=_("Levels by year and category")))
    context = {
        "years": [_year_context(y) for y in years],
        "first": first,
        "last": last,
        "charts": charts,
        "columns": [(c, result_label(c)) for c in COLUMNS],
    }
    return render(request, "lab/report.html", context)


@login_required
@require_GET
def report_docx_download(request: HttpRequest) -> HttpResponse:
    years, first, last = _span(request)
    doc = Document()
    doc.add_heading(_("Report on implementation results, %(first)s–%(last)s") % {"first": first, "last": last}, level=1)
    if years:
        rows = [(f"{y.year} · {k}", v) for y in years for k, v in sorted(y.by_category.items())]
        picture = share_bars_png(rows, _("Levels by year and category"))
        doc.add_picture(BytesIO(picture), width=Cm(16))
    for year in years:
        shown = _year_context(year)
        doc.add_heading(str(year.year), level=2)
        doc.add_paragraph(
            _("Cycles: %(cycles)s (rule sets %(rulesets)s)")
            % {"cycles": "; ".join(year.cycles), "rulesets": ", ".join(sorted(year.rulesets))}
        )
        doc.add_paragraph(
            _("L1 is %(share)s of L2 (quota %(quota)s); the quota demoted %(demoted)s.")
            % {"share": shown["l1_of_l2"], "quota": shown["quota"], "demoted": year.demoted}
        )
        table = doc.add_table(rows=1, cols=len(COLUMNS) + 2)
        table.style = "Table Grid"
        header = table.rows[0].cells
        header[0].text = _("Category")
        for i, code in enumerate(COLUMNS):
            header[i + 1].text = result_label(code)
        header[-1].text = _("Total")
        for row in shown["categories"] + shown["provinces"]:
            cells = table.add_row().cells
            cells[0].text = row["label"]
            for i, n in enumerate(row["cells"]):
                cells[i + 1].text = str(n)
            cells[-1].text = str(row["total"])
        for title, items in (
            (_("Disqualifiers and caps that decided most often"), year.top_deciding()),
            (_("Project defaults that decided"), year.top_defaults()),
            (_("Complaints and their outcomes"), sorted(year.complaints.items())),
        ):
            doc.add_paragraph(title, style="Heading 3")
            for code, count in items:
                doc.add_paragraph(f"{code}: {count}", style="List Bullet")
            if not items:
                doc.add_paragraph(_("none"))
    out = BytesIO()
    doc.save(out)
    response = HttpResponse(
        out.getvalue(), content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    )
    response["Content-Disposition"] = f'attachment; filename="bao-cao-thuc-hien-{first}-{last}.docx"'
    return response
