"""The secretary's (unit head's) pages: the unit board of a cycle and the review meeting of one subject."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods

from danhgia.apps.privacy.models import Read
from danhgia.apps.privacy.services import access_log
from danhgia.apps.reviews.labels import REVIEW_STATE_NAMES
from danhgia.apps.reviews.models import Comment, CommentKind, Review
from danhgia.apps.reviews.selectors import progress
from danhgia.apps.reviews.services import comment_add
from danhgia.apps.reviews.services.comments import meeting_correct, meeting_withdraw, registered_members
from danhgia.apps.selfservice import selectors
from danhgia.apps.selfservice.forms import MeetingForm, WithdrawMeetingForm
from danhgia.apps.selfservice.views.common import actor_of, errors_to_form, saved_form

PER_PAGE = 50
MEETING_STATES = selectors.MEETING_STATES


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
    person = request.GET.get("person", "").strip()[:200]
    listed = selectors.person_matches(reviews, person) if person else reviews
    page = Paginator(selectors.board_rows(listed), PER_PAGE).get_page(request.GET.get("page"))
    not_submitted = counts["not_started"] + counts["draft"] + counts["returned"]
    context = {
        "cycles": cycles,
        "cycle": cycle,
        "counts": [(state, REVIEW_STATE_NAMES[state], n) for state, n in counts.items()],
        "total": sum(counts.values()),
        "page": page,
        "missing": selectors.missing(reviews),
        "missing_count": not_submitted,
        "meetings_open": cycle.state in MEETING_STATES,
        "cycle_query": urlencode({"cycle": cycle.pk, "person": person} if person else {"cycle": cycle.pk}),
        "person": person,
    }
    return render(request, "selfservice/board.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """The review meeting of one subject: record its minutes (date, chair, attendance, comments, the vote per
    level), or correct or withdraw the record in force (`action`; the old record stays, marked)."""
    review = selectors.secretary_review(request.user, pk)
    access_log(request=request, person_id=review.person_id, what=Read.REVIEW, object_id=review.pk)
    action = request.POST.get("action", "record") if request.method == "POST" else ""
    chosen = request.POST.get("record") if request.method == "POST" else request.GET.get("correct")
    record = _record_in_force(review, chosen) if action != "record" else None
    if action in ("correct", "withdraw") and record is None:
        raise Http404  # not this review's record, or no longer in force
    correcting = record if action != "withdraw" else None
    form = MeetingForm(
        request.POST if action in ("record", "correct") else None,
        initial=_initial(request, review, correcting),
        correcting=correcting is not None,
    )
    withdrawing = record if action == "withdraw" else None
    posted = WithdrawMeetingForm(request.POST, prefix=f"w{withdrawing.pk}") if withdrawing is not None else None
    if action in ("record", "correct") and _save_minutes(request, review, form, correcting):
        return redirect(board_url(review))
    if withdrawing is not None and posted is not None and _withdraw(request, withdrawing, posted):
        return redirect(reverse("selfservice:meeting", args=[review.pk]))
    submitted = review.state not in selectors.NOT_SUBMITTED
    criteria = selectors.criteria_for(review)
    comments = selectors.comments_of(review)
    context = {
        "review": review,
        "form": form,
        "correcting": correcting,
        "withdrawing": withdrawing,
        "criteria": criteria,
        # The member's self-review once submitted (a draft stays theirs); never the engine's or verifier's level.
        "summary": saved_form(review, criteria) if submitted else None,
        # every kind, labelled: the meeting's own, the residence cell's and other assessors' (they feed the meeting),
        # each meeting record in force with its form to withdraw it
        "comments": [(comment, _withdraw_form(comment, posted)) for comment in comments],
        "meetings_open": review.cycle.state in MEETING_STATES,
        "board_url": board_url(review),
    }
    return render(request, "selfservice/meeting.html", context)


def _save_minutes(request: HttpRequest, review: Review, form: MeetingForm, correcting: Comment | None) -> bool:
    """Record the minutes, or the correction of `correcting`, through the service; its refusal goes on the form."""
    if not form.is_valid():
        return False
    try:
        if correcting is not None:
            meeting_correct(
                record=correcting,
                actor=actor_of(request),
                text=form.cleaned_data["text"],
                votes=form.votes(),
                minutes=form.minutes(),
                reason=form.cleaned_data["reason"],
            )
        else:
            comment_add(
                review=review,
                actor=actor_of(request),
                kind=CommentKind.MEETING,
                text=form.cleaned_data["text"],
                votes=form.votes(),
                minutes=form.minutes(),
            )
    except ValidationError as error:
        form.add_service_errors(error)
        return False
    done = (
        pgettext("selfservice", "The meeting's record was corrected; the earlier record is kept, marked.")
        if correcting is not None
        else pgettext("selfservice", "The meeting's comments and vote were recorded.")
    )
    messages.success(request, done)
    return True


def _withdraw_form(comment: Comment, posted: WithdrawMeetingForm | None) -> WithdrawMeetingForm | None:
    if not comment.is_in_force:
        return None
    if posted is not None and posted.prefix == f"w{comment.pk}":
        return posted
    return WithdrawMeetingForm(prefix=f"w{comment.pk}")


def _withdraw(request: HttpRequest, record: Comment, form: WithdrawMeetingForm) -> bool:
    if not form.is_valid():
        return False
    try:
        meeting_withdraw(record=record, actor=actor_of(request), reason=form.cleaned_data["reason"])
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            errors_to_form(form, error)
        else:  # e.g. the cycle no longer takes meetings: said at the top, the record's form is no longer shown
            messages.error(request, " ".join(error.messages))
        return False
    messages.success(request, pgettext("selfservice", "The meeting's record was withdrawn; it is kept, marked."))
    return True


def _record_in_force(review: Review, value: str | None) -> Comment | None:
    """The review's meeting record `value` (an id) if it is still in force, else None."""
    if not value or not value.isdigit():
        return None
    record = (
        Comment.objects.select_related("superseded_by")
        .filter(pk=int(value), review=review, kind=CommentKind.MEETING)
        .first()
    )
    return record if record is not None and record.is_in_force else None


def _initial(request: HttpRequest, review: Review, record: Comment | None) -> dict[str, Any]:
    """A correction starts from the record; a new record from today, the secretary's name and the cell's members."""
    if record is not None:
        initial: dict[str, Any] = {
            "held_on": record.held_on,
            "chair": record.chair,
            "members": record.members,
            "attendees": record.attendees,
            "text": record.text,
        }
        return initial | {f"votes_{level}": n for level, n in record.votes.items()}
    person = selectors.my_person(request.user) if isinstance(request.user, User) else None
    today = timezone.localdate()
    registered = registered_members(review, today)
    return {
        "held_on": today,
        "chair": person.full_name if person is not None else "",
        "members": registered or None,
    }


@require_GET
@login_required
def member_review(request: HttpRequest, pk: int) -> HttpResponse:
    """A member's self-review as the secretary (head) of the unit reads it: read-only, once submitted."""
    review = selectors.secretary_review(request.user, pk)
    submitted = review.state not in selectors.NOT_SUBMITTED
    if submitted:
        access_log(request=request, person_id=review.person_id, what=Read.SELF_REVIEW, object_id=review.pk)
    criteria = selectors.criteria_for(review)
    context = {
        "review": review,
        "cycle": review.cycle,
        "criteria": criteria,
        "form": saved_form(review, criteria) if submitted else None,
        "editable": False,
        "submitted": submitted,
        "evidence": list(review.evidence.order_by("at", "pk")) if submitted else [],
        "board_url": board_url(review),
    }
    return render(request, "selfservice/member_review.html", context)
