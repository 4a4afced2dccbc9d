"""The competent level's decision page: what is ready in the required order, what blocks the rest, the quota,
publication and the cycle's next step."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import npgettext, pgettext, pgettext_lazy
from django.views.decorators.http import require_GET, require_POST

from danhgia.apps.access.duties import Duties
from danhgia.apps.access.models import Role
from danhgia.apps.boards.forms import AdvanceForm, QuotaGroupForm, service_errors
from danhgia.apps.boards.labels import OUTCOME_NAMES, level_name, name_of
from danhgia.apps.boards.scope import DECIDE, Place, cycle_visible, cycles_for, place_for
from danhgia.apps.boards.selectors import (
    DecisionBoard,
    decidable,
    decision_board,
    group_meter,
    held_subjects,
    readiness,
)
from danhgia.apps.boards.views.common import actor, advances, back, board, is_htmx, message_of
from danhgia.apps.boards.views.search import person_search
from danhgia.apps.boards.work import decision_cycle
from danhgia.apps.cycles.models import QuotaGroup
from danhgia.apps.cycles.services import cycle_advance
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.services import reviews_decide, reviews_publish
from danhgia.apps.reviews.services.opening import quota_group_update

GROUP_ROLES = (Role.DECIDER, Role.ADMINISTRATOR)
ADVANCE_ROLES = (Role.VERIFIER, Role.DECIDER, Role.ADMINISTRATOR)


@require_GET
@board(DECIDE)
def home(request: HttpRequest) -> HttpResponse:
    cycles = cycles_for(request.user, DECIDE)
    chosen = request.GET.get("cycle", "")
    cycle = next((c for c in cycles if str(c.pk) == chosen), None) or decision_cycle(request.user, DECIDE, cycles)
    if cycle is None:
        return render(request, "boards/empty.html", {"title": pgettext("boards", "Decision")})
    place = place_for(request.user, DECIDE, cycle.pk)
    return redirect("boards:decision_board", place.cycle.pk, place.unit.pk)


def _url(place: Place) -> str:
    return reverse("boards:decision_board", args=[place.cycle.pk, place.unit.pk])


@require_GET
@board(DECIDE)
def board_page(request: HttpRequest, cycle: int, unit: int) -> HttpResponse:
    place = place_for(request.user, DECIDE, cycle, unit)
    duties = Duties(request.user)
    decision = decision_board(place, request.GET.get("page"), duties)
    recusals = duties.redact(decision.page or [])  # own or relatives' reviews go to the level above
    groups = [
        (meter, QuotaGroupForm(prefix=f"g{meter.group.pk}", initial=_group_initial(meter.group)))
        for meter in decision.meters
    ]
    context: dict[str, Any] = {
        "place": place,
        "cycles": cycles_for(request.user, DECIDE),
        "decision": decision,
        "ready": set(decision.readiness.ready),
        "recusals": recusals,
        "groups": groups,
        "advances": advances(request, place),
        "here": request.get_full_path(),
        "confirm_decide": decide_confirmation(place, decision),
        "confirm_publish": publish_confirmation(place, decision),
        **person_search(request, place),
    }
    return render(request, "boards/decision.html", context)


def decide_confirmation(place: Place, decision: DecisionBoard) -> str:
    """What deciding the ready proposals will do, said before it is done."""
    results = ", ".join(
        f"{level_name(level) if level else name_of(OUTCOME_NAMES, status)}: {n}"
        for status, level, n in decision.ready_results
    )
    text = npgettext(
        "boards",
        "Decide %(n)d subject of %(unit)s (%(results)s)?",
        "Decide %(n)d subjects of %(unit)s (%(results)s)?",
        len(decision.readiness.ready),
    ) % {"n": len(decision.readiness.ready), "unit": place.unit.name, "results": results}
    if decision.readiness.blocked:
        text += " " + npgettext(
            "boards",
            "%(n)d other is held back and is not decided.",
            "%(n)d others are held back and are not decided.",
            len(decision.readiness.blocked),
        ) % {"n": len(decision.readiness.blocked)}
    return f"{text} {IRREVERSIBLE_DECISION}"


def publish_confirmation(place: Place, decision: DecisionBoard) -> str:
    """What publishing will do, said before it is done."""
    text = npgettext(
        "boards",
        "Publish %(n)d decided result of %(unit)s?",
        "Publish %(n)d decided results of %(unit)s?",
        decision.decided,
    ) % {"n": decision.decided, "unit": place.unit.name}
    until = place.cycle.complaints_until
    seen = (
        pgettext("boards", "Each subject will see the result and its reasons and may complain until %(date)s.")
        % {"date": until.strftime("%d/%m/%Y")}
        if until
        else pgettext("boards", "Each subject will see the result and its reasons.")
    )
    return f"{text} {seen} " + pgettext("boards", "A publication cannot be withdrawn.")


IRREVERSIBLE_DECISION = pgettext_lazy(
    "boards", "A decided result can no longer be changed on this page, only through a complaint."
)


@require_POST
@board(DECIDE)
def decide(request: HttpRequest, cycle: int, unit: int) -> HttpResponseBase:
    """Decide one subject (`review`), or every proposal of the unit that is ready — in the required order and
    within the quota — in one batch; the others are held, and the message says which and why."""
    place = place_for(request.user, DECIDE, cycle, unit)
    own = Review.objects.filter(cycle=place.cycle, unit=place.unit)
    held: list[tuple[str, list[str]]] = []
    if request.POST.get("review"):
        chosen = (
            own.filter(pk=request.POST["review"]).values_list("pk", flat=True)
            if request.POST["review"].isdigit()
            else []
        )
        ids = list(chosen)
        if not ids:
            raise Http404
    else:
        verified = set(own.filter(state=ReviewState.VERIFIED).values_list("pk", flat=True))
        found, _ = decidable(readiness(place.cycle, verified), Duties(request.user))
        ids, held = found.ready, held_subjects(found)
    try:
        decided = reviews_decide(reviews=list(Review.objects.filter(pk__in=ids)), actor=actor(request))
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        if decided:
            messages.success(request, pgettext("boards", "%(n)d subjects were decided.") % {"n": decided})
        else:
            messages.info(request, pgettext("boards", "Nothing is ready to decide here."))
        if held:
            messages.warning(request, held_message(held))
    return redirect(back(request, _url(place)))


HELD_LISTED = 20  # the message names this many; the page's Order column has every one


def held_message(held: list[tuple[str, list[str]]]) -> str:
    """Which subjects were not decided and why, one by one (in the active language)."""
    listed = "; ".join(f"{name}: {', '.join(reasons)}" for name, reasons in held[:HELD_LISTED])
    text = npgettext(
        "boards",
        "%(n)d subject was not decided: %(listed)s.",
        "%(n)d subjects were not decided: %(listed)s.",
        len(held),
    ) % {"n": len(held), "listed": listed}
    if len(held) > HELD_LISTED:
        text += " " + pgettext("boards", "The others are listed in the Order column below.")
    return text


@require_POST
@board(DECIDE)
def publish(request: HttpRequest, cycle: int, unit: int) -> HttpResponseBase:
    place = place_for(request.user, DECIDE, cycle, unit)
    decided = Review.objects.filter(cycle=place.cycle, unit=place.unit, state=ReviewState.DECIDED)
    try:
        published = reviews_publish(reviews=list(decided), actor=actor(request))
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(request, pgettext("boards", "%(n)d results were published.") % {"n": published})
    return redirect(back(request, _url(place)))


def _group_initial(group: QuotaGroup) -> dict[str, Any]:
    return {"name": group.name, "exception": group.exception, "exception_grounds": group.exception_grounds}


@require_POST
@board(GROUP_ROLES)
def quota_group(request: HttpRequest, group: int) -> HttpResponseBase:
    """Rename a quota group or record an exception with its grounds (the competent level, or an administrator)."""
    found = QuotaGroup.objects.select_related("cycle").filter(pk=group).first()
    if found is None:
        raise Http404
    cycle_visible(request.user, GROUP_ROLES, found.cycle_id)
    form = QuotaGroupForm(request.POST, prefix=f"g{found.pk}", initial=_group_initial(found))
    saved = ""
    if form.is_valid():
        try:
            quota_group_update(
                group=found,
                actor=actor(request),
                exception=form.cleaned_data["exception"],
                grounds=form.cleaned_data["exception_grounds"],
                name=form.cleaned_data["name"].strip() or None,
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            found.refresh_from_db()
            form = QuotaGroupForm(prefix=f"g{found.pk}", initial=_group_initial(found))
            saved = pgettext("boards", "The quota group was saved.")
    rename = request.POST.get("rename") == "1"
    if is_htmx(request):
        meter = group_meter(found.cycle, found.pk)
        context = {"meter": meter, "form": form, "rename": rename, "saved": saved, "here": back(request, "")}
        return render(request, "boards/_quota_group.html", context)
    if saved:
        messages.success(request, saved)
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect(back(request, reverse("boards:decision")))


@require_POST
@board(ADVANCE_ROLES)
def advance(request: HttpRequest, cycle: int) -> HttpResponseBase:
    # Only a scope over the whole cycle can move it (the service then checks the role of the move).
    place = cycle_visible(request.user, ADVANCE_ROLES, cycle, whole=True)
    form = AdvanceForm(request.POST)
    if form.is_valid():
        try:
            cycle_advance(cycle=place.cycle, actor=actor(request), to=form.cleaned_data["to"])
        except ValidationError as error:
            messages.error(request, message_of(error))
        else:
            messages.success(request, pgettext("boards", "The cycle moved to its next step."))
    else:
        messages.error(request, pgettext("boards", "Choose a step of the cycle."))
    return redirect(back(request, reverse("home")))
