"""The complaints queue of the superior competent level: the subject's result and history, then rejection or
re-classification with grounds."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from danhgia.apps.boards.forms import ComplaintResolveForm, service_errors
from danhgia.apps.boards.scope import DECIDE, competent_path, cycle_visible, cycles_for
from danhgia.apps.boards.selectors import complaint_queue, review_history
from danhgia.apps.boards.views.common import actor, board
from danhgia.apps.boards.work import complaints_cycle
from danhgia.apps.orgs.models import UnitLink
from danhgia.apps.orgs.selectors import in_force
from danhgia.apps.reviews.models import Complaint, ComplaintState
from danhgia.apps.reviews.services import complaint_resolve

STATES = [state.value for state in ComplaintState]


@require_GET
@board(DECIDE)
def home(request: HttpRequest) -> HttpResponse:
    cycles = cycles_for(request.user, DECIDE)
    chosen = request.GET.get("cycle", "")
    cycle = next((c for c in cycles if str(c.pk) == chosen), None) or complaints_cycle(request.user, DECIDE, cycles)
    if cycle is None:
        return render(request, "boards/empty.html", {"title": pgettext("boards", "Complaints")})
    return redirect("boards:complaints_queue", cycle.pk)


@require_GET
@board(DECIDE)
def queue(request: HttpRequest, cycle: int) -> HttpResponse:
    place = cycle_visible(request.user, DECIDE, cycle)
    state = request.GET.get("state", ComplaintState.OPEN)
    state = state if state in STATES else ComplaintState.OPEN
    context = {
        "place": place,
        "cycles": cycles_for(request.user, DECIDE),
        "state": state,
        "states": STATES,
        "page": complaint_queue(place, state, request.GET.get("page")),
    }
    return render(request, "boards/complaints.html", context)


@require_http_methods(["GET", "POST"])
@board(DECIDE)
def detail(request: HttpRequest, complaint: int) -> HttpResponseBase:
    found = (
        Complaint.objects.select_related("review__cycle", "review__person", "review__unit", "filed_by")
        .filter(pk=complaint)
        .first()
    )
    if found is None:
        raise Http404
    review = found.review
    place = cycle_visible(request.user, DECIDE, review.cycle_id)
    link = UnitLink.objects.filter(in_force(place.on), unit_id=review.unit_id).first()
    if link is None or not place.covers(competent_path(link.path, 2)):
        raise PermissionDenied
    form = ComplaintResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        upheld = form.cleaned_data["outcome"] == "uphold"
        try:
            complaint_resolve(
                complaint=found,
                actor=actor(request),
                upheld=upheld,
                resolution=form.cleaned_data["resolution"],
                status=form.cleaned_data["status"] if upheld else "",
                level=form.cleaned_data["level"] if upheld else "",
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(request, pgettext("boards", "The complaint was resolved."))
            return redirect("boards:complaints_queue", review.cycle_id)
    context = {"place": place, "complaint": found, "review": review, "history": review_history(review), "form": form}
    return render(request, "boards/complaint.html", context)
