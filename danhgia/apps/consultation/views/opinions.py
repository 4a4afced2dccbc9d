"""The consultation's list and its page: the text by article and clause; for a consulted unit's designated users,
the unit's draft comments, attachments, submission and "agrees entirely"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from danhgia.apps.consultation.models import (
    Attachment,
    Comment,
    Consultation,
    ConsultedUnit,
    Opinion,
    Provision,
    TextVersion,
)
from danhgia.apps.consultation.permissions import commenting_unit_ids, is_editor
from danhgia.apps.consultation.selectors import articles_of
from danhgia.apps.consultation.services.opinions import (
    attachment_add,
    comment_add,
    comment_delete,
    opinion_agree_entirely,
    opinion_submit,
)
from danhgia.apps.consultation.services.texts import provision_link_rules
from danhgia.apps.consultation.views.common import attempt, readable
from danhgia.apps.orgs.models import Unit


@require_GET
@login_required
def consultation_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    units = commenting_unit_ids(request.user, today)
    shown = [
        c
        for c in Consultation.objects.select_related("owner")
        if is_editor(request.user, c, today) or c.consulted.filter(unit_id__in=units).exists()
    ]
    return render(request, "consultation/list.html", {"consultations": shown})


def _my_units(request: HttpRequest, consultation: Consultation) -> list[Unit]:
    ids = commenting_unit_ids(request.user, timezone.localdate())
    rows = ConsultedUnit.objects.filter(consultation=consultation, unit_id__in=ids).select_related("unit")
    return [row.unit for row in rows]


@require_GET
@login_required
def consultation_page(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = readable(request, pk)
    version = TextVersion.objects.filter(consultation=consultation).order_by("-number").first()
    first = TextVersion.objects.get(consultation=consultation, number=1)
    units = []
    for unit in _my_units(request, consultation):
        opinions = Opinion.objects.filter(consultation=consultation, unit=unit).order_by("-number")
        draft = opinions.filter(state="draft").first()
        draft_comments = draft.comments.select_related("provision").prefetch_related("attachments") if draft else []
        units.append(
            {"unit": unit, "draft": draft, "comments": draft_comments, "history": opinions.exclude(state="draft")}
        )
    context = {
        "consultation": consultation,
        "provisions": first.provisions.order_by("position"),
        "latest": version,
        "choices": articles_of(consultation),
        "units": units,
        "is_editor": is_editor(request.user, consultation, timezone.localdate()),
        "overdue": timezone.localdate() > consultation.deadline,
    }
    return render(request, "consultation/page.html", context)


def _unit(request: HttpRequest, consultation: Consultation) -> Unit:
    return get_object_or_404(Unit, pk=request.POST.get("unit"))


def _back(consultation: Consultation) -> HttpResponse:
    return redirect(reverse("consultation:page", args=[consultation.pk]) + "#opinion")


@require_POST
@login_required
def comment_create(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = readable(request, pk)
    provision_id = request.POST.get("provision") or None
    provision = get_object_or_404(Provision, pk=provision_id) if provision_id else None
    comment = attempt(
        request,
        comment_add,
        _("The comment was saved in the draft opinion."),
        consultation=consultation,
        unit=_unit(request, consultation),
        provision=provision,
        text=request.POST.get("text", ""),
        proposed_wording=request.POST.get("proposed_wording", ""),
    )
    upload = request.FILES.get("file")
    if comment is not None and upload is not None:
        attempt(request, attachment_add, _("The file was attached."), comment=comment, file=upload)
    return _back(consultation)


@require_POST
@login_required
def comment_remove(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    consultation = readable(request, pk)
    comment = get_object_or_404(Comment, pk=comment_pk, consultation=consultation)
    attempt(request, comment_delete, _("The comment was deleted."), comment=comment)
    return _back(consultation)


@require_POST
@login_required
def attachment_create(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    consultation = readable(request, pk)
    comment = get_object_or_404(Comment, pk=comment_pk, consultation=consultation)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose a file."))
    else:
        attempt(request, attachment_add, _("The file was attached."), comment=comment, file=upload)
    return _back(consultation)


@require_GET
@login_required
def attachment_file(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    consultation = readable(request, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, comment__consultation=consultation)
    today = timezone.localdate()
    if not is_editor(request.user, consultation, today) and attachment.comment.unit_id not in commenting_unit_ids(
        request.user, today
    ):
        raise PermissionDenied
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@require_POST
@login_required
def opinion_send(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = readable(request, pk)
    unit = _unit(request, consultation)
    if request.POST.get("agree") == "1":
        attempt(
            request, opinion_agree_entirely, _("The unit's agreement was sent."), consultation=consultation, unit=unit
        )
    else:
        attempt(
            request,
            opinion_submit,
            _("The unit's opinion was submitted. It is locked."),
            consultation=consultation,
            unit=unit,
        )
    return _back(consultation)


@require_POST
@login_required
def rules_link(request: HttpRequest, pk: int, provision_pk: int) -> HttpResponse:
    """The editorial team says which rules of the draft an article or clause changes (codes, comma-separated)."""
    consultation = readable(request, pk)
    provision = get_object_or_404(Provision, pk=provision_pk, version__consultation=consultation)
    codes = request.POST.get("rule_ids", "").replace(";", ",").split(",")
    attempt(request, provision_link_rules, _("The rules were linked."), provision=provision, rule_ids=codes)
    return redirect(reverse("consultation:page", args=[pk]) + f"#{provision.key}")
