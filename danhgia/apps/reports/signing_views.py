"""Signed PDFs of a unit's decision and of its statistics, and the page that verifies an uploaded one.

Each signing is written on the cycle's audit chain (the record's digest and the file's SHA-256), so the trail
says what was signed, by which certificate and when.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import pgettext, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from danhgia.apps.access.models import Role
from danhgia.apps.access.services import has_role
from danhgia.apps.audit.services import audit_record, cycle_chain
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.orgs.models import Unit
from danhgia.apps.reports.models import SummaryRun
from danhgia.apps.reports.selectors import reference_date, statistics, statistics_access
from danhgia.apps.reports.signed import current_record, decided_reviews, decision_document, statistics_document
from danhgia.apps.reports.signing import Record, SigningNotConfigured, Verdict, sign_pdf, signer, verify_pdf

PDF = "application/pdf"
DECISION_ROLES = (Role.DECIDER, Role.VERIFIER)  # those who see a decision before it is published


def _signed_response(
    request: HttpRequest, cycle: ReviewCycle, unit: Unit, document: tuple[Record, bytes], filename: str
) -> HttpResponse:
    """The document signed, its signing on the cycle's audit chain; 503 when no certificate is configured."""
    record, content = document
    try:
        by = signer()
    except SigningNotConfigured:
        message = pgettext("reports", "No signing certificate is configured: the document cannot be signed.")
        return HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    signed = sign_pdf(content, reason=pgettext("reports", "Issued by danhgia"), by=by)
    audit_record(
        chain=cycle_chain(cycle.pk),
        actor=request.user,
        action="document_sign",
        object_type="signed_document",
        object_id=unit.pk,
        at=timezone.now(),
        after={
            "kind": record.kind,
            "record": record.digest,
            "sha256": hashlib.sha256(signed).hexdigest(),
            "signer": by.signing_cert.subject.human_friendly if by.signing_cert is not None else "",
        },
    )
    response = HttpResponse(signed, content_type=PDF)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
@login_required
def signed_decision(request: HttpRequest, cycle: int, unit: int) -> HttpResponse:
    """The unit's decided results, signed: for the competent level and the advisory body over the unit."""
    found, place = get_object_or_404(ReviewCycle, pk=cycle), get_object_or_404(Unit, pk=unit)
    on = reference_date(found)
    if not any(has_role(request.user, role, place, on) for role in DECISION_ROLES):
        raise PermissionDenied(pgettext("reports", "You may not read this decision."))
    if not decided_reviews(found, place):
        raise Http404
    document = decision_document(found, place)
    return _signed_response(request, found, place, document, f"quyet-dinh-{found.pk}-{place.code}.pdf")


@require_GET
@login_required
def signed_statistics(request: HttpRequest, cycle: int, unit: int) -> HttpResponse:
    """The unit's statistics, signed: for those who read them."""
    found, place = get_object_or_404(ReviewCycle, pk=cycle), get_object_or_404(Unit, pk=unit)
    on = statistics_access(request.user, found, place)
    if not SummaryRun.objects.filter(cycle=found).exists():
        raise Http404
    document = statistics_document(statistics(cycle=found, unit=place, on=on))
    return _signed_response(request, found, place, document, f"thong-ke-{found.pk}-{place.code}.pdf")


class VerifyForm(forms.Form):
    document = forms.FileField(label=pgettext_lazy("reports", "Signed PDF"))

    def clean_document(self) -> Any:
        upload = self.cleaned_data["document"]
        limit = settings.DANHGIA_SIGNED_UPLOAD_MAX
        if upload.size > limit:
            raise forms.ValidationError(too_large())
        head = upload.read(5)
        upload.seek(0)
        if head != b"%PDF-":
            raise forms.ValidationError(pgettext("reports", "This file is not a PDF."))
        return upload


def _outcome(verdict: Verdict) -> dict[str, Any]:
    """What the page says: the signature, the signer, and whether the records still say the same."""
    result: dict[str, Any] = {"verdict": verdict, "cycle": None, "unit": None, "matches": None}
    if verdict.record is not None:
        result["cycle"] = ReviewCycle.objects.filter(pk=verdict.record.cycle_id).first()
        result["unit"] = Unit.objects.filter(pk=verdict.record.unit_id).first()
        now = current_record(verdict.record)
        result["matches"] = now is not None and now.digest == verdict.record.digest
    return result


@require_http_methods(["GET", "POST"])
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Upload a signed PDF: is the signature valid, who signed, which record it is and does it still agree."""
    if request.method == "POST" and _declared_size(request) > settings.DANHGIA_SIGNED_UPLOAD_MAX + FORM_OVERHEAD:
        # refused before the body is read: the declared size alone is over the limit
        refused = {"form": VerifyForm(), "refused": too_large()}
        return render(request, "reports/verify_signed.html", refused, status=413)
    form = VerifyForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form}
    if request.method == "POST" and form.is_valid():
        context |= _outcome(verify_pdf(form.cleaned_data["document"].read()))
    status = 400 if form.is_bound and not form.is_valid() else 200
    return render(request, "reports/verify_signed.html", context, status=status)


FORM_OVERHEAD = 64 * 1024  # the multipart envelope and the CSRF token around the file


def _declared_size(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


def too_large() -> str:
    return pgettext("reports", "The file is larger than %(mb)s MB: it is not verified.") % {
        "mb": settings.DANHGIA_SIGNED_UPLOAD_MAX // (1024 * 1024)
    }
