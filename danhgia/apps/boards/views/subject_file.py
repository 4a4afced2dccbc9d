"""The subject's file as the competent level opens it from the decision board: the self-review (read-only),
the comments and meeting minutes, the advisory body's proposal with its justification, the engine's reasons and
the decisions so far; and the form to decide a level other than the proposal, with its required reason."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from danhgia.apps.access.duties import require_no_conflict
from danhgia.apps.boards.forms import DecideOtherForm, service_errors
from danhgia.apps.boards.scope import DECIDE, place_for
from danhgia.apps.boards.selectors import review_history, subject_name
from danhgia.apps.boards.views.common import actor, board
from danhgia.apps.cycles.models import CycleState
from danhgia.apps.privacy.models import Read
from danhgia.apps.privacy.services import access_log
from danhgia.apps.reviews.labels import in_sentence, level_name
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.services.decide_other import review_decide_other
from danhgia.apps.selfservice.selectors import comments_of, criteria_for
from danhgia.apps.selfservice.views.common import saved_form


@require_http_methods(["GET", "POST"])
@board(DECIDE)
def subject_file(request: HttpRequest, review: int) -> HttpResponseBase:
    subject = get_object_or_404(Review.objects.select_related("cycle", "person", "unit", "quota_group"), pk=review)
    place = place_for(request.user, DECIDE, subject.cycle_id, subject.unit_id)
    require_no_conflict(request.user, subject)  # own or a close relative's file goes to the level above (403)
    board_url = reverse("boards:decision_board", args=[place.cycle.pk, place.unit.pk])
    can_decide = subject.state == ReviewState.VERIFIED and subject.cycle.state == CycleState.DECISION
    form = DecideOtherForm(request.POST if request.method == "POST" else None, proposed=subject.verified_level)
    if request.method == "POST" and can_decide and form.is_valid():
        try:
            review_decide_other(
                review=subject,
                actor=actor(request),
                level=form.cleaned_data["level"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            service_errors(form, error)
        else:
            messages.success(
                request,
                pgettext("boards", "Decided %(level)s for %(name)s instead of the proposal; the reason was recorded.")
                % {"level": in_sentence(level_name(form.cleaned_data["level"])), "name": subject_name(subject)},
            )
            return redirect(f"{board_url}#review-{subject.pk}")
    access_log(request=request, person_id=subject.person_id, what=Read.SELF_REVIEW, object_id=subject.pk)
    criteria = criteria_for(subject)
    context: dict[str, Any] = {
        "place": place,
        "review": subject,
        "board_url": board_url,
        "criteria": criteria,
        "form": saved_form(subject, criteria),
        "editable": False,
        "comments": comments_of(subject),
        "decisions": review_history(subject),
        "decide_form": form if can_decide else None,
    }
    return render(request, "boards/subject_file.html", context)
