"""The conference's page: agenda by article, bridge points present, speaking turns, notes against articles."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.dateparse import parse_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from danhgia.apps.consultation.models import ConferenceSession, Provision
from danhgia.apps.consultation.selectors import articles_of
from danhgia.apps.consultation.services.conference import bridge_points_present, note_record, session_create, turn_add
from danhgia.apps.consultation.views.common import attempt, edited
from danhgia.apps.orgs.models import Unit


@require_GET
@login_required
def conference_page(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = edited(request, pk)
    sessions = ConferenceSession.objects.filter(consultation=consultation).prefetch_related(
        "agenda", "bridge_points__unit", "turns__unit", "turns__provision", "notes__unit", "notes__provision"
    )
    context = {"consultation": consultation, "sessions": sessions, "provisions": articles_of(consultation)}
    return render(request, "consultation/conference.html", context)


def _back(pk: int) -> HttpResponse:
    return redirect(reverse("consultation:conference", args=[pk]))


def _provision(request: HttpRequest) -> Provision | None:
    value = request.POST.get("provision")
    return get_object_or_404(Provision, pk=value) if value else None


@require_POST
@login_required
def session_open(request: HttpRequest, pk: int) -> HttpResponse:
    consultation = edited(request, pk)
    held_on = parse_date(request.POST.get("held_on", "")) or None
    agenda = list(articles_of(consultation).filter(pk__in=request.POST.getlist("agenda")))
    if held_on is None:
        messages.error(request, _("Give the date of the session."))
        return _back(pk)
    attempt(
        request,
        session_create,
        _("The session was opened."),
        consultation=consultation,
        title=request.POST.get("title", ""),
        held_on=held_on,
        agenda=agenda,
    )
    return _back(pk)


def _session(request: HttpRequest, pk: int, session_pk: int) -> ConferenceSession:
    consultation = edited(request, pk)
    return get_object_or_404(ConferenceSession, pk=session_pk, consultation=consultation)


@require_POST
@login_required
def present(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = _session(request, pk, session_pk)
    units = list(Unit.objects.filter(pk__in=request.POST.getlist("unit")))
    attempt(request, bridge_points_present, _("The bridge points present were recorded."), session=session, units=units)
    return _back(pk)


@require_POST
@login_required
def turn(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = _session(request, pk, session_pk)
    unit = get_object_or_404(Unit, pk=request.POST.get("unit"))
    attempt(
        request,
        turn_add,
        _("The speaking turn was added."),
        session=session,
        unit=unit,
        speaker=request.POST.get("speaker", ""),
        provision=_provision(request),
    )
    return _back(pk)


@require_POST
@login_required
def note(request: HttpRequest, pk: int, session_pk: int) -> HttpResponse:
    session = _session(request, pk, session_pk)
    unit = get_object_or_404(Unit, pk=request.POST.get("unit"))
    attempt(
        request,
        note_record,
        _("The note was recorded; it joins the written comments in the synthesis."),
        session=session,
        unit=unit,
        speaker=request.POST.get("speaker", ""),
        provision=_provision(request),
        text=request.POST.get("text", ""),
        proposed_wording=request.POST.get("proposed_wording", ""),
    )
    return _back(pk)
