"""The advisory body's verification board: the engine's levels with reasons, proposals, quota meters; and one
subject's page of comments (every kind, and the advisory body's own as an assessor), one link from its row."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danhgia.apps.access.duties import Duties, require_no_conflict
from danhgia.apps.boards import labels
from danhgia.apps.boards.forms import BOARD_FORM_RENDERER, BoardFilterForm, ProposalForm, ReturnForm, service_errors
from danhgia.apps.boards.scope import VERIFY, Place, children, cycles_for, place_for
from danhgia.apps.boards.selectors import FINAL, GroupMeter, group_meter, subtree_reviews, verification_board
from danhgia.apps.boards.views.common import actor, advances, back, board, is_htmx, message_of
from danhgia.apps.boards.work import verification_cycle
from danhgia.apps.cycles.models import CycleState
from danhgia.apps.cycles.services import cycle_warnings
from danhgia.apps.privacy.models import Read
from danhgia.apps.privacy.services import access_log
from danhgia.apps.reviews.models import CommentKind, Review, ReviewState
from danhgia.apps.reviews.services import (
    comment_add,
    review_return,
    review_verify,
    reviews_accept_engine,
    verification_compute,
)


@dataclass(frozen=True)
class Row:
    """One subject on the board with its two forms."""

    review: Review
    proposal: ProposalForm | None  # None: decided, nothing to propose any more
    returning: ReturnForm | None  # None: not submitted, nothing to return
    conflict: str = ""
    recusal: str = ""  # own or a close relative's review: it goes to the level above (access.duties)
    saved: str = ""
    heading: str = ""  # the unit and quota group, on the first row of each when sorted by unit
    warning: str = ""  # saved, but its quota group is over the limit: said on the card, not only in the sidebar

    @property
    def can_propose(self) -> bool:
        return self.proposal is not None and self.review.state not in FINAL

    @property
    def can_return(self) -> bool:
        return self.returning is not None and (
            self.review.state == ReviewState.SUBMITTED or bool(self.returning.errors)
        )


def _proposal(review: Review, data: Any = None) -> ProposalForm:
    status = review.verified_status or (review.engine_status if review.engine_status != "needs_decision" else "")
    level = review.verified_level if review.verified_status else review.engine_level
    initial = {"status": status or "classified", "level": level, "justification": review.verification_note}
    return ProposalForm(data, prefix=f"r{review.pk}", initial=initial)


def _returning(review: Review, data: Any = None) -> ReturnForm:
    return ReturnForm(data, prefix=f"x{review.pk}")


@require_GET
@board(VERIFY)
def home(request: HttpRequest) -> HttpResponse:
    cycles = cycles_for(request.user, VERIFY)
    chosen = request.GET.get("cycle", "")
    cycle = next((c for c in cycles if str(c.pk) == chosen), None) or verification_cycle(request.user, VERIFY, cycles)
    if cycle is None:
        return render(request, "boards/empty.html", {"title": pgettext("boards", "Verification")})
    place = place_for(request.user, VERIFY, cycle.pk)
    return redirect("boards:verification_board", place.cycle.pk, place.unit.pk)


def _board_context(request: HttpRequest, place: Place) -> dict[str, Any]:
    filter_form = BoardFilterForm(request.GET)
    board_filter = filter_form.board_filter()
    verification = verification_board(place, board_filter, request.GET.get("page"))
    rows, previous = [], None
    recusals = Duties(request.user).redact(verification.page)
    for review in verification.page:
        group = (review.unit_id, review.quota_group_id)
        name = review.quota_group.name  # default groups are named after their unit already
        titled = name if name.startswith(review.unit.name) else f"{review.unit.name} — {name}"
        heading = titled if board_filter.sort == "unit" else ""
        rows.append(
            Row(
                review,
                _proposal(review) if review.state not in FINAL and review.pk not in recusals else None,
                _returning(review) if review.state == ReviewState.SUBMITTED and review.pk not in recusals else None,
                verification.conflict_of.get(review.pk, ""),
                recusals.get(review.pk, ""),
                heading=heading if group != previous else "",
            )
        )
        previous = group
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "place": place,
        "cycles": cycles_for(request.user, VERIFY),
        "children": children(place),
        "filter_form": filter_form,
        "board": verification,
        "rows": rows,
        "query": query.urlencode(),
        "advances": advances(request, place),
        "warnings": cycle_warnings(place.cycle),
        "here": request.get_full_path(),
    }


@require_GET
@board(VERIFY)
def board_page(request: HttpRequest, cycle: int, unit: int) -> HttpResponse:
    place = place_for(request.user, VERIFY, cycle, unit)
    return render(request, "boards/verification.html", _board_context(request, place))


def _board_url(place: Place, query: str = "") -> str:
    url = reverse("boards:verification_board", args=[place.cycle.pk, place.unit.pk])
    return f"{url}?{query}" if query else url


@require_POST
@board(VERIFY)
def compute(request: HttpRequest, cycle: int, unit: int) -> HttpResponseBase:
    place = place_for(request.user, VERIFY, cycle, unit)
    try:
        computed = verification_compute(cycle=place.cycle, unit=place.unit, actor=actor(request))
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        detail = ", ".join(
            f"{labels.name_of(labels.OUTCOME_NAMES, status)}: {n}" for status, n in sorted(computed.by_status.items())
        )
        messages.success(
            request,
            pgettext("boards", "The engine computed the levels of %(n)d subjects (%(detail)s).")
            % {"n": computed.reviews, "detail": detail},
        )
    return redirect(back(request, _board_url(place)))


@require_POST
@board(VERIFY)
def accept(request: HttpRequest, cycle: int, unit: int) -> HttpResponseBase:
    """Accept the engine's levels for every subject of the filtered set that is ready for it."""
    place = place_for(request.user, VERIFY, cycle, unit)
    board_filter = BoardFilterForm(request.POST).board_filter()
    try:
        accepted = reviews_accept_engine(reviews=board_filter.apply(subtree_reviews(place)), actor=actor(request))
    except ValidationError as error:
        messages.error(request, message_of(error))
    else:
        messages.success(
            request, pgettext("boards", "The engine's level was accepted for %(n)d subjects.") % {"n": accepted}
        )
    return redirect(back(request, _board_url(place)))


def _review(request: HttpRequest, pk: int) -> tuple[Place, Review]:
    """The review (404) and its place, within the user's verification scope (403)."""
    review = get_object_or_404(Review.objects.select_related("cycle", "person", "unit", "quota_group"), pk=pk)
    place = place_for(request.user, VERIFY, review.cycle_id, review.unit_id)
    require_no_conflict(request.user, review)  # nor its notes: own or a close relative's review (403)
    return place, review


def _row_response(
    request: HttpRequest, place: Place, row: Row, ok: bool, meter: GroupMeter | None = None
) -> HttpResponseBase:
    """htmx: the row again, and its group's quota meter out of band; otherwise back to the board (or, after an
    error, the row on a page of its own with the error beside the field). A saved proposal that leaves its group
    over the quota is a warning, not a success."""
    if is_htmx(request):
        context = {
            "row": row,
            "place": place,
            "meter": meter or group_meter(place.cycle, row.review.quota_group_id),
            "here": back(request, ""),
        }
        return render(request, "boards/_review_row_htmx.html", context)
    if ok:
        if row.warning:
            messages.warning(request, row.warning)
        else:
            messages.success(request, row.saved)
        return redirect(back(request, _board_url(place)))
    return render(request, "boards/review_page.html", {"row": row, "place": place, "here": back(request, "")})


@require_POST
@board(VERIFY)
def propose(request: HttpRequest, review: int) -> HttpResponseBase:
    place, subject = _review(request, review)
    form = _proposal(subject, request.POST)
    saved = ""
    if form.is_valid():
        try:
            review_verify(
                review=subject,
                actor=actor(request),
                status=form.cleaned_data["status"],
                level=form.cleaned_data["level"],
                justification=form.cleaned_data["justification"],
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            subject.refresh_from_db()
            form, saved = _proposal(subject), pgettext("boards", "The proposal was saved.")
    meter = group_meter(place.cycle, subject.quota_group_id)
    warning = over_quota_warning(meter) if saved and meter.over else ""
    row = Row(subject, form, _returning(subject), saved="" if warning else saved, warning=warning)
    return _row_response(request, place, row, bool(saved), meter)


def over_quota_warning(meter: GroupMeter) -> str:
    """What the card says when a saved proposal leaves its quota group over the limit."""
    return pgettext(
        "boards",
        "The proposal was saved, but quota group %(group)s is now over the quota: %(c)s proposed at level 1, at most "
        "%(k)s. The competent level will hold back the group's level-1 proposals until some are lowered or an "
        "exception is recorded with its grounds.",
    ) % {"group": meter.group.name, "c": meter.level1, "k": meter.allowed}


@require_POST
@board(VERIFY)
def return_for_correction(request: HttpRequest, review: int) -> HttpResponseBase:
    place, subject = _review(request, review)
    form = _returning(subject, request.POST)
    saved = ""
    if form.is_valid():
        try:
            review_return(review=subject, actor=actor(request), reason=form.cleaned_data["reason"])
        except ValidationError as error:
            service_errors(form, error)
        else:
            subject.refresh_from_db()
            form, saved = _returning(subject), pgettext("boards", "The self-review was returned for correction.")
    row = Row(subject, _proposal(subject), form, saved=saved)
    return _row_response(request, place, row, bool(saved))


COMMENT_STATES = (CycleState.OPEN, CycleState.VERIFICATION)  # comment_add takes comments in these only


class AssessorCommentForm(forms.Form):
    default_renderer = BOARD_FORM_RENDERER

    text = forms.CharField(
        label=pgettext_lazy("boards", "The advisory body's comments"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


@require_http_methods(["GET", "POST"])
@board(VERIFY)
def review_comments(request: HttpRequest, review: int) -> HttpResponseBase:
    """One subject's row (with its forms), its comments of every kind, and the form for an assessor comment."""
    place, subject = _review(request, review)
    taking = subject.cycle.state in COMMENT_STATES
    access_log(request=request, person_id=subject.person_id, what=Read.REVIEW, object_id=subject.pk)
    form = AssessorCommentForm(request.POST or None)
    if request.method == "POST":
        if not taking:  # the page shows no form then: nothing may be posted
            raise PermissionDenied
        if form.is_valid():
            try:
                comment_add(
                    review=subject, actor=actor(request), kind=CommentKind.ASSESSOR, text=form.cleaned_data["text"]
                )
            except ValidationError as error:
                service_errors(form, error)
            else:
                messages.success(request, pgettext("boards", "The advisory body's comments were recorded."))
                url, next_url = reverse("boards:verification_comment", args=[subject.pk]), back(request, "")
                return redirect(f"{url}?{urlencode({'next': next_url})}" if next_url else url)
    row = Row(
        subject,
        _proposal(subject) if subject.state not in FINAL else None,
        _returning(subject) if subject.state == ReviewState.SUBMITTED else None,
    )
    context = {
        "row": row,
        "place": place,
        "here": back(request, ""),
        # a corrected or withdrawn meeting record stays, marked (it no longer counts as the meeting's vote)
        "comments": list(subject.comments.select_related("author", "superseded_by").order_by("at", "pk")),
        "comment_form": form if taking else None,
        "with_comments": True,
    }
    return render(request, "boards/review_page.html", context)
