"""Objective causes of fed tasks (Decree 335 Art. 14): the person claims one for a task's delays or failed
quality checks, with evidence; the head of the unit approves or rejects it with a reason. The writes are
api.services.claims; only an approved claim lifts the task's deductions in the products table."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from danhgia.apps.access.services import person_of
from danhgia.apps.api.models import ObjectiveCauseClaim, TaskRecord
from danhgia.apps.api.services.claims import claim_decide, claim_file, claims_to_decide
from danhgia.apps.selfservice.views.common import actor_of


def _errors(error: ValidationError) -> list[str]:
    return (
        [m for messages_ in error.message_dict.values() for m in messages_]
        if hasattr(error, "error_dict")
        else error.messages
    )


@require_http_methods(["GET", "POST"])
@login_required
def claims(request: HttpRequest) -> HttpResponse:
    """The person's current fed tasks with a delay or a failed check, their claims, and a claim form."""
    person = person_of(request.user)
    errors: list[str] = []
    if person is None:
        raise PermissionDenied
    if request.method == "POST":
        task = get_object_or_404(TaskRecord, pk=request.POST.get("task") or 0, person=person)
        try:
            claim_file(
                actor=actor_of(request),
                task=task,
                cause=request.POST.get("cause", ""),
                evidence=request.POST.get("evidence", ""),
            )
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, pgettext("selfservice", "The claim was sent to the head of your unit."))
            return redirect("selfservice:claims")
    tasks = [
        t
        for t in TaskRecord.objects.filter(person=person, is_current=True)
        .select_related("system")
        .order_by("-month", "pk")
        if t.delays or t.quality_failures
    ]
    found = ObjectiveCauseClaim.objects.filter(person=person).select_related("task")
    by_task: dict[tuple[int, str], list[ObjectiveCauseClaim]] = {}
    for claim in found:
        by_task.setdefault((claim.system_id, claim.external_id), []).append(claim)
    rows = [{"task": t, "claims": by_task.get((t.system_id, t.external_id), [])} for t in tasks]
    status = 422 if errors else 200
    return render(request, "selfservice/claims.html", {"rows": rows, "errors": errors}, status=status)


@require_http_methods(["GET", "POST"])
@login_required
def claims_decide(request: HttpRequest) -> HttpResponse:
    """For the head of a unit: the pending claims of its people, each approved or rejected with a reason."""
    errors: list[str] = []
    if request.method == "POST":
        claim = get_object_or_404(ObjectiveCauseClaim, pk=request.POST.get("claim") or 0)
        decision = request.POST.get("decision")
        try:
            if decision not in ("approve", "reject"):
                raise ValidationError(pgettext("selfservice", "Choose to approve or to reject."))
            claim_decide(
                actor=actor_of(request),
                claim=claim,
                approve=decision == "approve",
                reason=request.POST.get("reason", ""),
            )
        except ValidationError as error:
            errors = _errors(error)
        else:
            messages.success(request, pgettext("selfservice", "The decision was recorded."))
            return redirect("selfservice:claims_decide")
    pending = claims_to_decide(actor_of(request))
    status = 422 if errors else 200
    return render(request, "selfservice/claims_decide.html", {"pending": pending, "errors": errors}, status=status)
