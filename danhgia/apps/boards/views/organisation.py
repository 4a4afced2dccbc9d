"""The organisation view: the tree as of the cycle's period end, progress and levels at each node."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from danhgia.apps.boards import labels
from danhgia.apps.boards.charts import Bar, BarChart, bar_chart
from danhgia.apps.boards.scope import VIEW, cycles_for, place_for
from danhgia.apps.boards.selectors import TypeFigures, node_figures, unit_people
from danhgia.apps.boards.templatetags.boards import num, pct
from danhgia.apps.boards.views.common import board
from danhgia.apps.reviews.selectors import STATES


@require_GET
@board(VIEW)
def home(request: HttpRequest) -> HttpResponse:
    cycles = cycles_for(request.user, VIEW)
    chosen = request.GET.get("cycle", "")
    cycle = next((c for c in cycles if str(c.pk) == chosen), cycles[0] if cycles else None)
    if cycle is None:
        return render(request, "boards/empty.html", {"title": pgettext("boards", "Organisation")})
    place = place_for(request.user, VIEW, cycle.pk)
    return redirect("boards:organisation_node", place.cycle.pk, place.unit.pk)


def _chart(figures: TypeFigures, stacked: bool = False) -> BarChart:
    kind = labels.name_of(labels.SUBJECT_TYPE_NAMES, figures.subject_type)
    bars = [
        Bar(
            key=f.level,
            label=labels.name_of(labels.LEVEL_NAMES, f.level),
            value=f.total,
            part=f.decided,
            note=f"{num(f.total)} ({pct(figures.share(f))})",
        )
        for f in figures.levels
    ]
    description = "; ".join(f"{bar.label}: {bar.note}" for bar in bars)
    return bar_chart(
        chart_id=f"chart-{figures.subject_type}{'-narrow' if stacked else ''}",
        title=pgettext("boards", "%(kind)s by level") % {"kind": kind},
        description=description,
        bars=bars,
        width=360 if stacked else 720,
        stacked=stacked,
    )


@require_GET
@board(VIEW)
def node(request: HttpRequest, cycle: int, unit: int) -> HttpResponse:
    place = place_for(request.user, VIEW, cycle, unit)
    figures = node_figures(place)
    context = {
        "place": place,
        "cycles": cycles_for(request.user, VIEW),
        "figures": figures,
        "states": STATES,
        "levels": labels.LEVELS,
        "charts": [(types, _chart(types), _chart(types, stacked=True)) for types in figures.types],
    }
    return render(request, "boards/organisation.html", context)


@require_GET
@board(VIEW)
def people(request: HttpRequest, cycle: int, unit: int) -> HttpResponse:
    place = place_for(request.user, VIEW, cycle, unit)
    context = {"place": place, "page": unit_people(place, request.GET.get("page"))}
    return render(request, "boards/people.html", context)
