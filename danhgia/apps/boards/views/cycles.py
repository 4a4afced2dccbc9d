"""Administration of review cycles: list, create, open; quota groups and frozen templates of a cycle."""

from __future__ import annotations

import json
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from danhgia.apps.boards.forms import CycleForm, QuotaGroupForm, service_errors
from danhgia.apps.boards.scope import ADMINISTER, cycle_visible, cycles_for
from danhgia.apps.boards.selectors import PER_PAGE, group_meters
from danhgia.apps.boards.views.common import actor, advances, board, message_of
from danhgia.apps.cycles.services import cycle_create, cycle_warnings
from danhgia.apps.reviews.services.opening import cycle_open


def _list(request: HttpRequest, form: CycleForm, status: int = 200) -> HttpResponse:
    cycles = cycles_for(request.user, ADMINISTER, whole=True)
    return render(request, "boards/cycles.html", {"cycles": cycles, "form": form}, status=status)


@require_GET
@board(ADMINISTER)
def cycle_list(request: HttpRequest) -> HttpResponse:
    return _list(request, CycleForm())


@require_POST
@board(ADMINISTER)
def cycle_new(request: HttpRequest) -> HttpResponseBase:
    form = CycleForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            cycle = cycle_create(
                actor=actor(request),
                name=data["name"],
                kind=data["kind"],
                year=data["year"],
                root=data["root"],
                ruleset=data["ruleset"],
                quarter=data["quarter"] if data["kind"] == "quarter" else None,
                term_start=data["term_start"] if data["kind"] == "term" else None,
                deadlines=form.deadlines(),
                replay_grounds=data["replay_grounds"],
                version=data["version"],
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, pgettext("boards", "The cycle was created. Open it when the registry is ready."))
            return redirect("boards:cycle", cycle.pk)
    return _list(request, form, status=400)


@require_GET
@board(ADMINISTER)
def cycle_detail(request: HttpRequest, cycle: int) -> HttpResponse:
    place = cycle_visible(request.user, ADMINISTER, cycle, whole=True)
    groups = Paginator(place.cycle.quota_groups.order_by("code"), PER_PAGE).get_page(request.GET.get("page"))
    on_page = place.cycle.quota_groups.filter(pk__in=[g.pk for g in groups])
    meters = group_meters(place.cycle, on_page) if groups.object_list else []
    rows = [
        (
            meter,
            QuotaGroupForm(
                prefix=f"g{meter.group.pk}",
                initial={
                    "name": meter.group.name,
                    "exception": meter.group.exception,
                    "exception_grounds": meter.group.exception_grounds,
                },
            ),
        )
        for meter in meters
    ]
    templates: list[dict[str, Any]] = [
        {"template": t, "body": json.dumps(t.body, ensure_ascii=False, indent=2, sort_keys=True)}
        for t in place.cycle.templates.select_related("source").order_by("category")
    ]
    context = {
        "place": place,
        "cycle": place.cycle,
        "groups": groups,
        "rows": rows,
        "templates": templates,
        "reviews": place.cycle.reviews.count(),
        "warnings": cycle_warnings(place.cycle),
        "advances": advances(request, place),
        "here": request.get_full_path(),
    }
    return render(request, "boards/cycle.html", context)


@require_POST
@board(ADMINISTER)
def cycle_open_view(request: HttpRequest, cycle: int) -> HttpResponseBase:
    place = cycle_visible(request.user, ADMINISTER, cycle, whole=True)
    try:
        created = cycle_open(cycle=place.cycle, actor=actor(request))
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, pgettext("boards", "The cycle is open: %(n)d reviews were created.") % {"n": created})
    return redirect("boards:cycle", place.cycle.pk)
