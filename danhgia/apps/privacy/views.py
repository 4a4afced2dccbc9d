"""The data-protection notice, a person's page of who read their data (and their failed logins), and the
export of everything held on them (Law 91/2025/QH15 on personal data protection, Decree 356/2025/NĐ-CP)."""

from __future__ import annotations

import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from danhgia.apps.access.models import Account
from danhgia.apps.access.services import person_of
from danhgia.apps.orgs.models import Person
from danhgia.apps.privacy import selectors
from danhgia.apps.privacy.models import Read
from danhgia.apps.privacy.services import access_log, retention


@require_GET
def notice(request: HttpRequest) -> HttpResponse:
    """What danhgia holds, why, on what legal basis, for how long, the rights and who answers (public)."""
    context = {
        "controller": settings.DANHGIA_DATA_CONTROLLER,
        "contact": settings.DANHGIA_DATA_PROTECTION_CONTACT,
        "retention_days": retention().days,
    }
    return render(request, "privacy/notice.html", context)


@require_GET
@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Who read my data, my logins and failed logins; links to the export and the notice."""
    person = person_of(request.user)
    username = request.user.get_username()
    context = {
        "person": person,
        "reads": list(selectors.reads_of(person)[: selectors.SHOWN]) if person is not None else [],
        "failed": list(selectors.failed_logins(username)[: selectors.SHOWN]),
        "logins": list(selectors.logins(username)[:20]),
        "retention_days": retention().days,
    }
    return render(request, "privacy/mine.html", context)


@require_GET
@login_required
def export(request: HttpRequest) -> HttpResponse:
    """Everything held on the signed-in person, as JSON (their own request: nothing to log as a read)."""
    person = person_of(request.user)
    if person is None:
        raise Http404
    return _json(person, request.user.get_username())


@require_GET
@login_required
def person_export(request: HttpRequest, pk: int) -> HttpResponse:
    """The same export of one person, for the controller answering a written request (registry staff who may
    view people); each one is logged as a read of that person's data."""
    if not (request.user.is_staff and request.user.has_perm("orgs.view_person")):
        raise PermissionDenied
    person = get_object_or_404(Person, pk=pk)
    account = Account.objects.filter(person=person).select_related("user").first()
    access_log(request=request, person_id=person.pk, what=Read.EXPORT, object_id=person.pk)
    return _json(person, account.user.get_username() if account is not None else "")


def _json(person: Person, username: str) -> HttpResponse:
    data = selectors.person_data(person, username)
    body = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="du-lieu-ca-nhan-{person.pk}-{stamp}.json"'
    return response
