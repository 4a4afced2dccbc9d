"""Upload page for the registry import (staff only; each sheet needs its permissions, see permissions.py):
validate the form, call the import, render."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from danhgia.apps.spreadsheets.forms import ImportForm
from danhgia.apps.spreadsheets.records import truncated_reason
from danhgia.apps.spreadsheets.services import import_report_path, import_report_store, registry_import
from danhgia.apps.spreadsheets.templates_spec import KIND_LABELS, SPECS
from danhgia.apps.spreadsheets.workbook import ALL, TEMPLATE_KINDS, template_filename, template_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHOWN = 500  # problems listed on the page; the report has them all

View = Callable[..., HttpResponseBase]


def staff_required(view: View) -> View:
    """Anonymous users go to the login page; signed-in users who are not staff get 403."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@require_http_methods(["GET", "POST"])
@staff_required
def import_page(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    context: dict[str, Any] = {"form": form, "templates": _template_links()}
    if request.method == "POST" and form.is_valid():
        result = registry_import(file=form.cleaned_data["file"], actor=request.user)
        context["result"] = result
        context["counts"] = [(KIND_LABELS[kind], counts) for kind, counts in result.counts.items()]
        if not result.ok:
            context["problems"] = result.problems[:SHOWN]
            context["truncated"] = truncated_reason(len(result.problems)) if result.truncated else ""
            context["report_token"] = import_report_store(result=result)
    return render(request, "spreadsheets/import.html", context)


@require_GET
@staff_required
def template_download(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in TEMPLATE_KINDS:
        raise Http404
    response = HttpResponse(template_workbook(kind), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{template_filename(kind)}"'
    return response


@require_GET
@staff_required
def report_download(request: HttpRequest, token: str) -> HttpResponseBase:
    path = import_report_path(token=token)
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename="bao-cao-loi-nhap-lieu.xlsx", content_type=XLSX)


def _template_links() -> list[tuple[str, str]]:
    return [(kind, str(SPECS[kind].title)) for kind in SPECS] + [(ALL, _("All sheets in one workbook"))]
