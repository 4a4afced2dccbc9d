"""The residence cell's comments (213-QĐ/TW, 33-HD/BTCTW): a secretary finds a party member of a cycle taking
comments by name, personnel code or national ID, and records the comments of the cell where the member lives.

Who may is what `comment_add` allows (selectors.may_comment_as_residence); the search lists only those reviews.
"""

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

from danhgia.apps.reviews.models import CommentKind, Review
from danhgia.apps.reviews.services import comment_add
from danhgia.apps.selfservice import selectors
from danhgia.apps.selfservice.forms import MemberSearchForm, ResidenceCommentForm
from danhgia.apps.selfservice.views.common import actor_of, errors_to_form

PER_PAGE = 20


def search_url(review: Review) -> str:
    return reverse("selfservice:residence") + "?" + urlencode({"cycle": review.cycle_id})


@require_GET
@login_required
def search(request: HttpRequest) -> HttpResponse:
    """The cycles taking comments, a search form, and the members found (PER_PAGE a page)."""
    if not selectors.is_secretary(request.user):
        raise PermissionDenied
    cycles = selectors.residence_cycles(request.user)
    if not cycles:
        return render(request, "selfservice/residence.html", {"cycles": []})
    chosen = request.GET.get("cycle")
    cycle = next((c for c in cycles if str(c.pk) == chosen), None) if chosen else cycles[0]
    if cycle is None:
        raise Http404
    form = MemberSearchForm(request.GET if "q" in request.GET else None)
    page = None
    if form.is_valid():
        reviews = selectors.residence_reviews(request.user, cycle)
        found = selectors.residence_search(reviews, form.cleaned_data["q"], selectors.reference_date(cycle))
        page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    query = urlencode({"cycle": cycle.pk, "q": form.cleaned_data["q"]}) if page is not None else ""
    context = {"cycles": cycles, "cycle": cycle, "form": form, "page": page, "query": query}
    return render(request, "selfservice/residence.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def comment(request: HttpRequest, pk: int) -> HttpResponse:
    """One member: where they work and which cell they belong to, the residence comments so far, and the form."""
    review = selectors.residence_review(request.user, pk)
    form = ResidenceCommentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            comment_add(
                review=review, actor=actor_of(request), kind=CommentKind.RESIDENCE, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, pgettext("selfservice", "The residence cell's comments were recorded."))
            return redirect(reverse("selfservice:residence_comment", args=[review.pk]))
    context = {
        "review": review,
        "places": selectors.member_places(review),
        "form": form,
        "comments": selectors.comments_of(review, CommentKind.RESIDENCE),
        "search_url": search_url(review),
    }
    return render(request, "selfservice/residence_comment.html", context)
