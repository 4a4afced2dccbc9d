"""The editorial team's pages: the synthesis (comments by article, suggested groups, decisions, statistics,
downloads, the next version), a version's text with its diff, the reminders, and opening a consultation."""

from __future__ import annotations

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from danhgia.apps.consultation.docx_text import docx_paragraphs, parse_provisions
from danhgia.apps.consultation.exports import synthesis_docx, synthesis_xlsx
from danhgia.apps.consultation.models import Comment, Decision, TextVersion
from danhgia.apps.consultation.selectors import comments_by_article, unit_answers, version_diff
from danhgia.apps.consultation.services.reminders import reminders_send
from danhgia.apps.consultation.services.synthesis import comment_decide, group_confirm
from danhgia.apps.consultation.services.texts import consultation_close, consultation_create, text_revise
from danhgia.apps.consultation.views.common import actor_of, attempt, edited, readable
from danhgia.apps.lab.models import RulesetDraft
from danhgia.apps.orgs.models import Unit

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@require_GET
@login_required
def synthesis_page(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = edited(request, pk)
    today = timezone.localdate()
    context = {
        "consultation": consultation,
        "articles": comments_by_article(consultation),
        "answers": unit_answers(consultation, today),
        "decisions": Decision.choices,
        "versions": TextVersion.objects.filter(consultation=consultation).order_by("number"),
    }
    return render(request, "consultation/synthesis.html", context)


def _synthesis(pk: int) -> HttpResponse:
    return redirect(reverse("consultation:synthesis", args=[pk]))


@require_POST
@login_required
def group_create(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = edited(request, pk)
    comments = list(Comment.objects.filter(consultation=consultation, pk__in=request.POST.getlist("comment")))
    attempt(request, group_confirm, _("The comments were grouped."), consultation=consultation, comments=comments)
    return _synthesis(pk)


@require_POST
@login_required
def decide(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    consultation = edited(request, pk)
    comment = get_object_or_404(Comment, pk=comment_pk, consultation=consultation)
    attempt(
        request,
        comment_decide,
        _("The decision was recorded."),
        comment=comment,
        decision=request.POST.get("decision", ""),
        response=request.POST.get("response", ""),
        adopted_wording=request.POST.get("adopted_wording", ""),
        with_group=request.POST.get("with_group") == "1",
    )
    return redirect(reverse("consultation:synthesis", args=[pk]) + f"#comment-{comment.pk}")


@require_POST
@login_required
def revise(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = edited(request, pk)
    version = attempt(request, text_revise, _("The next version of the text was drawn up."), consultation=consultation)
    if version is None:
        return _synthesis(pk)
    return redirect(reverse("consultation:version", args=[pk, version.number]))


@require_POST
@login_required
def close(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = edited(request, pk)
    attempt(
        request,
        consultation_close,
        _("The consultation was closed: no more opinions are taken."),
        consultation=consultation,
    )
    return _synthesis(pk)


@require_GET
@login_required
def version_page(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    consultation = readable(request, pk)
    version = get_object_or_404(TextVersion, consultation=consultation, number=number)
    changes = version_diff(consultation, number) if number > 1 else []
    context = {"consultation": consultation, "version": version, "changes": changes}
    context["provisions"] = version.provisions.order_by("position")
    return render(request, "consultation/version.html", context)


@require_GET
@login_required
def export(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    consultation = edited(request, pk)
    today = timezone.localdate()
    if kind == "xlsx":
        content, content_type = synthesis_xlsx(consultation, today), XLSX
    else:
        content, content_type = synthesis_docx(consultation, today), DOCX
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="tong-hop-y-kien-{consultation.pk}.{kind}"'
    return response


@require_POST
@login_required
def remind(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = edited(request, pk)
    reminders = attempt(request, reminders_send, _("The reminders were sent."), consultation=consultation)
    for reminder in reminders or []:
        if reminder.is_mailed:
            to = ", ".join(reminder.recipients)
            messages.info(request, _("%(unit)s: mailed to %(to)s.") % {"unit": reminder.unit, "to": to})
        else:
            messages.info(request, _("%(unit)s: listed, not mailed.") % {"unit": reminder.unit})
    return _synthesis(pk)


class OpenForm(forms.Form):
    title = forms.CharField(label=pgettext_lazy("consultation", "Title"), max_length=300)
    owner = forms.ModelChoiceField(label=gettext_lazy("Drafting body"), queryset=Unit.objects.none())
    draft = forms.ModelChoiceField(
        label=gettext_lazy("Rule-set draft"), queryset=RulesetDraft.objects.all(), required=False
    )
    deadline = forms.DateField(label=gettext_lazy("Deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    units = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Units consulted"),
        queryset=Unit.objects.filter(kind__in=["party_committee", "agency"]),
        widget=forms.CheckboxSelectMultiple,
    )
    file = forms.FileField(label=gettext_lazy("The draft's text (.docx)"))


@require_http_methods(["GET", "POST"])
@login_required
def consultation_open(request: HttpRequest) -> HttpResponse:
    form = OpenForm(request.POST or None, request.FILES or None, label_suffix="")
    owner = form.fields["owner"]
    assert isinstance(owner, forms.ModelChoiceField)
    owner.queryset = Unit.objects.filter(role_assignments__user=request.user.pk, role_assignments__role="editorial")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            provisions = parse_provisions(docx_paragraphs(data["file"].read()))
            consultation = consultation_create(
                title=data["title"],
                owner=data["owner"],
                deadline=data["deadline"],
                draft=data["draft"],
                units=list(data["units"]),
                provisions=provisions,
                source_name=data["file"].name,
                actor=actor_of(request),
                now=timezone.now(),
            )
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            return redirect(reverse("consultation:page", args=[consultation.pk]))
    return render(request, "consultation/open.html", {"form": form, "today": date.today()})
