"""The secretary's (unit head's) pages: the unit board of a cycle and the review meeting of one subject."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from danhgia.apps.cycles.models import CycleState
from danhgia.apps.reviews.models import CommentKind, Review
from danhgia.apps.reviews.selectors import progress
from danhgia.apps.reviews.services import comment_add
from danhgia.apps.selfservice import selectors
from danhgia.apps.selfservice.forms import MeetingForm
from danhgia.apps.selfservice.labels import STATE_LABELS
from danhgia.apps.selfservice.views.common import actor_of, errors_to_form, saved_form

PER_PAGE = 50
MEETING_STATES = (CycleState.OPEN, CycleState.VERIFICATION)


def board_url(review: Review) -> str:
    return reverse("selfservice:unit_board") + "?" + urlencode({"cycle": review.cycle_id})


@require_GET
@login_required
def unit_board(request: HttpRequest) -> HttpResponse:
    if not selectors.is_secretary(request.user):
        raise PermissionDenied
    cycles = selectors.board_cycles(request.user)
    if not cycles:
        return render(request, "selfservice/board.html", {"cycles": []})
    chosen = request.GET.get("cycle")
    cycle = next((c for c in cycles if str(c.pk) == chosen), None) if chosen else cycles[0]
    if cycle is None:
        raise Http404
    reviews = selectors.board_reviews(request.user, cycle)
    counts = progress(reviews)
    page = Paginator(selectors.board_rows(reviews), PER_PAGE).get_page(request.GET.get("page"))
    not_submitted = counts["not_started"] + counts["draft"] + counts["returned"]
    context = {
        "cycles": cycles,
        "cycle": cycle,
        "counts": [(state, STATE_LABELS[state], n) for state, n in counts.items()],
        "total": sum(counts.values()),
        "page": page,
        "missing": selectors.missing(reviews),
        "missing_count": not_submitted,
        "meetings_open": cycle.state in MEETING_STATES,
        "cycle_query": urlencode({"cycle": cycle.pk}),
    }
    return render(request, "selfservice/board.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """Record the review meeting's comments and its vote per level on one subject."""
    review = selectors.secretary_review(request.user, pk)
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            comment_add(
                review=review,
                actor=actor_of(request),
                kind=CommentKind.MEETING,
                text=form.cleaned_data["text"],
                votes=form.votes(),
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, pgettext("selfservice", "The meeting's comments and vote were recorded."))
            return redirect(board_url(review))
    submitted = review.state not in selectors.NOT_SUBMITTED
    criteria = selectors.criteria_for(review)
    context = {
        "review": review,
        "form": form,
        "votes": [form[f"votes_{level}"] for level in ("L1", "L2", "L3", "L4")],
        "criteria": criteria,
        # The member's self-review once submitted (a draft stays theirs); never the engine's or verifier's level.
        "summary": saved_form(review, criteria) if submitted else None,
        # every kind, labelled: the meeting's own, the residence cell's and other assessors' (they feed the meeting)
        "comments": selectors.comments_of(review),
        "meetings_open": review.cycle.state in MEETING_STATES,
        "board_url": board_url(review),
    }
    return render(request, "selfservice/meeting.html", context)
