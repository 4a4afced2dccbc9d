"""The subject's pages: the self-review (autosaved draft, live total, evidence, submission), the published
result with the engine's reasons, complaints, and the history of past results.

Each view checks access first (selectors: 404 when there is nothing, 403 when it is not the user's), then
validates with a form, calls one service and renders. Under Decree 335 the "add a row" button of the products
table posts the whole form to `review_add_row`, which saves the draft and comes back with one more blank row
(`?rows=`): no JavaScript needed. Verification notes and, before publication, the
engine's or the verifier's level never reach these templates.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danhgia.apps.cycles.models import CycleState
from danhgia.apps.privacy.models import Read
from danhgia.apps.privacy.services import access_log
from danhgia.apps.reports.exports.form_pdf import form_pdf
from danhgia.apps.reports.exports.forms import FormUnavailable, form_code, review_form_docx, review_form_filename
from danhgia.apps.reviews.models import Evidence, Review, ReviewState
from danhgia.apps.reviews.selectors import consequences_of, quarterly_results
from danhgia.apps.reviews.services import complaint_file, review_save
from danhgia.apps.selfservice import selectors
from danhgia.apps.selfservice.deadlines import deadline_note, submitted_late
from danhgia.apps.selfservice.forms import ComplaintForm, EvidenceForm, SelfReviewForm
from danhgia.apps.selfservice.forms.products import MAX_ROWS
from danhgia.apps.selfservice.services import EDITABLE, evidence_add, evidence_remove, self_review_submit
from danhgia.apps.selfservice.views.common import actor_of, errors_to_form, saved_form


def review_url(review: Review) -> str:
    return reverse("selfservice:review_detail", args=[review.pk])


@require_GET
@login_required
def my_review(request: HttpRequest) -> HttpResponse:
    person = selectors.my_person(request.user)
    if person is None:
        return render(
            request,
            "selfservice/empty.html",
            {"message": pgettext("selfservice", "Your login is not linked to a person.")},
        )
    reviews = selectors.current_reviews(person)
    if not reviews:
        message = pgettext("selfservice", "You have no review in a cycle under way.")
        return render(request, "selfservice/empty.html", {"message": message, "show_history": True})
    return _review_page(request, reviews[0], others=reviews[1:])


@require_GET
@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _review_page(request, selectors.subject_review(request.user, pk))


@require_POST
@login_required
def review_autosave(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: save the draft as it stands; answers with field errors (swapped out of band) when it cannot."""
    review = selectors.subject_review(request.user, pk)
    form = SelfReviewForm(request.POST, criteria=selectors.criteria_for(review))
    saved = _through(review_save, request, review, form)
    saved_at, state = (timezone.localtime(), saved.state) if saved else (None, review.state)
    return render(request, "selfservice/_autosave.html", {"form": form, "saved_at": saved_at, "state": state})


def _through(
    service: Callable[..., Review], request: HttpRequest, review: Review, form: SelfReviewForm
) -> Review | None:
    """The form's answers through `service` (review_save or self_review_submit) when the form is valid; the
    service's errors go on the form's fields. The saved review, or None."""
    if not form.is_valid():
        return None
    try:
        saved = service(
            review=review,
            actor=actor_of(request),
            answers=form.answers(),
            score=form.score(),
            score_exact=form.score_exact(),
            proposed_level=form.cleaned_data["proposed_level"],
        )
    except ValidationError as error:
        errors_to_form(form, error)
        return None
    return saved


@require_POST
@login_required
def review_total(request: HttpRequest, pk: int) -> HttpResponse:
    """htmx: the total over the valid fields as the form stands; saves nothing."""
    review = selectors.subject_review(request.user, pk)
    form = SelfReviewForm(request.POST, criteria=selectors.criteria_for(review))
    form.is_valid()
    return render(request, "selfservice/_total_response.html", {"form": form})


@require_POST
@login_required
def review_add_row(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the draft as it stands and come back to the products table with one more blank row."""
    review = selectors.subject_review(request.user, pk)
    form = SelfReviewForm(request.POST, criteria=selectors.criteria_for(review))
    if _through(review_save, request, review, form):
        rows = form.product_table.total_form_count() + 1 if form.product_table is not None else 0
        return redirect(f"{review_url(review)}?rows={rows}#products-table")
    return _review_page(request, review, form=form, save_failed=True)


@require_POST
@login_required
def review_submit(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.subject_review(request.user, pk)
    form = SelfReviewForm(request.POST, criteria=selectors.criteria_for(review), strict=True)
    if _through(self_review_submit, request, review, form):
        submitted = pgettext("selfservice", "The self-review was submitted. It can no longer be changed.")
        messages.success(request, submitted)
        return redirect(review_url(review))
    return _review_page(request, review, form=form, submit_failed=True)


@require_POST
@login_required
def evidence_upload(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.subject_review(request.user, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            evidence_add(
                review=review,
                actor=actor_of(request),
                file=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
            )
        except ValidationError as error:  # the self-review can no longer change
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, pgettext("selfservice", "The file was attached."))
        return redirect(review_url(review) + "#evidence")
    return _review_page(request, review, evidence_form=form)


@require_POST
@login_required
def evidence_delete(request: HttpRequest, pk: int, evidence_pk: int) -> HttpResponse:
    review = selectors.subject_review(request.user, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, review=review)
    try:
        evidence_remove(evidence=evidence, actor=actor_of(request))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, pgettext("selfservice", "The file was removed."))
    return redirect(review_url(review) + "#evidence")


@require_GET
@login_required
def evidence_file(request: HttpRequest, pk: int, evidence_pk: int) -> FileResponse:
    review = selectors.reader_review(request.user, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, review=review)
    access_log(request=request, person_id=review.person_id, what=Read.EVIDENCE, object_id=evidence.pk)
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=Path(evidence.file.name).name)


@require_http_methods(["GET", "POST"])
@login_required
def complaint_new(request: HttpRequest, pk: int) -> HttpResponse:
    review = selectors.subject_review(request.user, pk)
    if review.state not in selectors.PUBLISHED:
        raise Http404
    form = ComplaintForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint_file(review=review, actor=actor_of(request), text=form.cleaned_data["text"])
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, pgettext("selfservice", "Your complaint was filed. Its status is shown below."))
            return redirect(review_url(review) + "#complaints")
    context = {"review": review, "form": form, "can_complain": selectors.can_complain(review)}
    return render(request, "selfservice/complaint.html", context)


@require_GET
@login_required
def history(request: HttpRequest) -> HttpResponse:
    person = selectors.my_person(request.user)
    if person is None:
        return render(
            request,
            "selfservice/empty.html",
            {"message": pgettext("selfservice", "Your login is not linked to a person.")},
        )
    rows = [(review, selectors.result_events(review)) for review in selectors.history(person)]
    return render(request, "selfservice/history.html", {"rows": rows})


def _review_page(
    request: HttpRequest,
    review: Review,
    *,
    form: SelfReviewForm | None = None,
    evidence_form: EvidenceForm | None = None,
    others: list[Review] | None = None,
    submit_failed: bool = False,
    save_failed: bool = False,
) -> HttpResponse:
    criteria = selectors.criteria_for(review)
    rows = request.GET.get("rows", "")
    published = review.state in selectors.PUBLISHED
    editable = review.state in EDITABLE and review.cycle.state == CycleState.OPEN
    context: dict[str, Any] = {
        "review": review,
        "cycle": review.cycle,
        "criteria": criteria,
        # A refused submission shows what was posted (with its errors) only while the page can be edited.
        "form": form
        if form is not None and editable
        else saved_form(review, criteria, min(int(rows), MAX_ROWS) if rows.isdigit() else 0),
        "editable": editable,
        "returned": review.state == ReviewState.RETURNED,
        "submit_failed": submit_failed,
        "save_failed": save_failed,
        "submit_errors": form.non_field_errors() if form is not None else [],
        "evidence": list(review.evidence.order_by("at", "pk")),
        "evidence_form": evidence_form or EvidenceForm(),
        "published": published,
        # After publication only: the decided result and the engine's reasons (never the verification note).
        "reasons": review.engine_reasons if published else [],
        # what the published yearly results entail (two L4 years, commendation;
        # docs/regulations/party.md §10, state.md §5)
        "consequences": consequences_of(review) if published else (),
        # the year-end review draws on the year's published quarterly results
        "quarters": sorted(quarterly_results(review).items()),
        "complaints": list(review.complaints.order_by("filed_at", "pk")),
        # the publication and each complaint's filing and resolution, each with its own date
        "events": selectors.result_events(review) if published else [],
        "can_complain": selectors.can_complain(review),
        "others": others or [],
        "deadline_note": deadline_note(review.cycle, timezone.localdate()),
        "late": submitted_late(review),
        "form_code": _form_code(review),
    }
    return render(request, "selfservice/review.html", context)


FORM_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


@require_GET
@login_required
def my_form(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """The subject's own review form (Mẫu 2A/2B/2C, or the decree's form) to print: .docx or .pdf, filled from the
    self-review; the decision on it only once published."""
    review = selectors.subject_review(request.user, pk)
    if kind not in FORM_TYPES:
        raise Http404
    try:
        content = review_form_docx(review, shows_unpublished=False)
    except FormUnavailable:
        raise Http404 from None
    name = review_form_filename(review)
    if kind == "pdf":
        name = name.removesuffix(".docx") + ".pdf"
        content = form_pdf(content, name)
    access_log(request=request, person_id=review.person_id, what=Read.REVIEW_FORM, object_id=review.pk)
    response = HttpResponse(content, content_type=FORM_TYPES[kind])
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _form_code(review: Review) -> str:
    """The printed form's name (Mẫu 2B…), blank when the rule set has no form for the subject."""
    try:
        return form_code(review)
    except FormUnavailable:
        return ""
