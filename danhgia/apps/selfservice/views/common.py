"""What the self-service views share: a service's ValidationError as form errors, the saved self-review
as a bound form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest

from danhgia.apps.reviews.facts import cycle_dates
from danhgia.apps.reviews.models import Review
from danhgia.apps.selfservice.criteria import Criteria
from danhgia.apps.selfservice.forms import SelfReviewForm, initial_from_answers
from danhgia.apps.selfservice.forms.products import EXTRA_ROWS, fed_rows, formset_data
from danhgia.apps.selfservice.forms.selfreview import answers_recorded


def actor_of(request: HttpRequest) -> User:
    """The signed-in user who acts (the views are login_required; anything else is refused)."""
    if not isinstance(request.user, User):
        raise PermissionDenied
    return request.user


def errors_to_form(form: forms.Form, error: ValidationError) -> None:
    """Field errors go next to their field; the rest (and fields the form lacks) above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


def form_data(review: Review, criteria: Criteria, rows: int = 0) -> dict[str, Any]:
    """A saved self-review as the data a browser would post (checkboxes "on" when ticked, blanks left out);
    a Decree 335 products table with its saved rows and EXTRA_ROWS blank ones, or blank ones up to `rows`
    (what "add a row" asks for)."""
    initial = initial_from_answers(review.answers, criteria) | {"proposed_level": review.proposed_level}
    # `is`, not `in`: a count of 0 is an answer (0 == False would drop it and show the field blank)
    data = {name: "on" if value is True else value for name, value in initial.items() if not _blank(value)}
    if criteria.product_group is not None:
        saved = review.answers.get("products_table") or []
        if not saved and "products_table" not in review.answers and criteria.person_id is not None:
            saved = fed_rows(criteria.person_id, *cycle_dates(review.cycle))  # pre-filled from the task feed
        data |= formset_data(saved, rows or len(saved) + EXTRA_ROWS)
    return data


def _blank(value: Any) -> bool:
    return value is None or value is False or value == ""


def saved_form(review: Review, criteria: Criteria, rows: int = 0) -> SelfReviewForm:
    """The self-review form bound to what was saved (validated, so totals and read-only values are ready)."""
    form = SelfReviewForm(form_data(review, criteria, rows), criteria=criteria)
    form.saved_score = review.score
    form.recorded = answers_recorded(review.answers, criteria)
    form.is_valid()
    return form
