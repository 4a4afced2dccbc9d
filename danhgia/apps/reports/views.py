"""The statistics page with its unit picker, its exports and export jobs, the summaries refresh and the review
forms (.docx).

Every view checks the reader's role over the unit as the tree stood at the cycle's period end; a refused
request changes nothing and answers 403 (404 for what does not exist or is not the reader's own job).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET, require_POST

from danhgia.apps.access.duties import conflict
from danhgia.apps.access.models import Role
from danhgia.apps.access.services import has_role, person_of
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.orgs.models import Unit
from danhgia.apps.privacy.models import Read
from danhgia.apps.privacy.services import access_log
from danhgia.apps.reports.charts import distribution_chart, trend_chart
from danhgia.apps.reports.exports.forms import FormUnavailable, form_code, review_form_docx, review_form_filename
from danhgia.apps.reports.figures import LEVELS, Figures
from danhgia.apps.reports.labels import (
    LEVEL_LABELS,
    LEVEL_SHORT,
    STATE_LABELS,
    outcome_label,
    reason_label,
    subject_label,
)
from danhgia.apps.reports.models import ExportFormat, ExportJob, JobState, SummaryRun
from danhgia.apps.reports.picker import (
    TERM_MAX,
    TreeNode,
    search_pattern,
    unit_children,
    unit_search,
    unit_tree,
)
from danhgia.apps.reports.selectors import (
    Statistics,
    default_unit,
    readable_cycles,
    reference_date,
    statistics,
    statistics_access,
)
from danhgia.apps.reports.services import (
    export_is_large,
    export_job_create,
    export_render,
    summaries_refresh,
)
from danhgia.apps.reports.tasks import export_enqueue
from danhgia.apps.reviews.models import Review, ReviewState

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
REFRESH_ROLES = (Role.VERIFIER, Role.DECIDER)
FORM_ROLES = (Role.SECRETARY, Role.VIEWER, Role.VERIFIER, Role.DECIDER)
UNPUBLISHED_ROLES = (Role.VERIFIER, Role.DECIDER)  # who sees a decision on a form before it is published
DEPTHS = (1, 2, 3)


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except ValueError:
        return None


def _selection(request: HttpRequest, data: Any) -> tuple[list[ReviewCycle], ReviewCycle | None, Unit | None]:
    """The cycles the reader may open, the chosen one and the chosen unit (404 for unknown ids or codes)."""
    every = list(readable_cycles(request.user))
    starts = {c.pk: default_unit(request.user, c) for c in every}
    cycles = [c for c in every if starts[c.pk] is not None]  # those the reader covers some part of
    if not every:
        raise PermissionDenied(pgettext("reports", "You may not read statistics."))
    wanted = _int(data.get("cycle"))
    if data.get("cycle") and wanted is None:
        raise Http404
    if wanted and wanted not in starts:
        raise Http404
    cycle = next((c for c in every if c.pk == wanted), None) if wanted else None
    if cycle is None:
        cycle = next(iter(cycles), None)
    if cycle is None:
        return cycles, None, None
    code = (data.get("unit") or "").strip()
    unit = get_object_or_404(Unit, code=code) if code else starts[cycle.pk]
    if unit is None:
        raise PermissionDenied(pgettext("reports", "You may not read the statistics of this cycle."))
    return cycles, cycle, unit


def _page_url(cycle: ReviewCycle, unit_code: str) -> str:
    return f"{reverse('reports:statistics')}?{urlencode({'cycle': str(cycle.pk), 'unit': unit_code})}"


@require_GET
@login_required
def statistics_page(request: HttpRequest) -> HttpResponse:
    cycles, cycle, unit = _selection(request, request.GET)
    context: dict[str, Any] = {"cycles": cycles, "cycle": cycle, "unit": unit, "depths": DEPTHS}
    if cycle is None or unit is None:
        return render(request, "reports/statistics.html", context)
    on = statistics_access(request.user, cycle, unit)
    context.update(_picker_context(request, cycle))
    context["tree"] = unit_tree(user=request.user, cycle=cycle, current_id=unit.pk)
    context["can_refresh"] = any(has_role(request.user, role, unit, on) for role in REFRESH_ROLES)
    context["computed"] = SummaryRun.objects.filter(cycle=cycle).exists()
    context["jobs"] = ExportJob.objects.filter(requested_by_id=request.user.pk, cycle=cycle, unit=unit).order_by(
        "-created_at"
    )[:5]
    context["forms"] = [
        (review, form_code(review), subject_label(review.category))
        for review in Review.objects.filter(cycle=cycle, unit=unit, subject_type="collective").select_related(
            "cycle", "unit"
        )
        if _has_form(review)
    ]
    if context["computed"]:
        context.update(_statistics_context(statistics(cycle=cycle, unit=unit, on=on)))
    return render(request, "reports/statistics.html", context)


def _picker_context(request: HttpRequest, cycle: ReviewCycle) -> dict[str, Any]:
    """The unit search's term and, once one is typed, what it found among the units the reader may open."""
    term = request.GET.get("q", "").strip()[:TERM_MAX]
    if not term:
        return {"term": ""}
    found, more = unit_search(user=request.user, cycle=cycle, term=term)
    return {"term": term, "found": found, "more": more, "short": not search_pattern(term)}


def _picker_place(request: HttpRequest) -> tuple[ReviewCycle, Unit]:
    """The cycle and the unit a picker request names (404 for unknown ones; the reader's start when no unit
    is named), once the reader may read the unit's statistics (403 otherwise)."""
    cycles = readable_cycles(request.user)
    if not cycles.exists():
        raise PermissionDenied(pgettext("reports", "You may not read statistics."))
    cycle = get_object_or_404(cycles, pk=_int(request.GET.get("cycle")) or 0)
    code = (request.GET.get("unit") or "").strip()
    unit = get_object_or_404(Unit, code=code) if code else default_unit(request.user, cycle)
    if unit is None:
        raise PermissionDenied(pgettext("reports", "You may not read the statistics of this cycle."))
    statistics_access(request.user, cycle, unit)
    return cycle, unit


@require_GET
@login_required
def units_found(request: HttpRequest) -> HttpResponse:
    """The unit search's results alone (the search box asks as one types)."""
    cycle, _unit = _picker_place(request)
    return render(request, "reports/_unit_results.html", {"cycle": cycle, **_picker_context(request, cycle)})


@require_GET
@login_required
def units_below(request: HttpRequest) -> HttpResponse:
    """One level of the unit tree: the units directly below the given one that the reader may open."""
    cycle, unit = _picker_place(request)
    children, more = unit_children(user=request.user, cycle=cycle, parent_id=unit.pk)
    nodes = [TreeNode(child) for child in children]
    return render(request, "reports/_unit_tree.html", {"cycle": cycle, "nodes": nodes, "more": more})


def _has_form(review: Review) -> bool:
    try:
        form_code(review)
    except FormUnavailable:
        return False
    return True


def _statistics_context(stats: Statistics) -> dict[str, Any]:
    """What the template shows, prepared here so the template holds no logic."""
    subjects = []
    for subject in stats.subjects:
        children = [
            (child, child.by_subject[subject.subject], _page_url(stats.cycle, child.unit.code))
            for child in stats.children
            if subject.subject in child.by_subject
        ]
        reasons = [
            (outcome_label(status), reason_label(reason), reason, count)
            for (status, reason), count in sorted(subject.total.reasons.items())
        ]
        chart = ""
        if children:
            rows = [(f"{c.unit.code} {c.unit.name}", f) for c, f, _url in children]
            chart = distribution_chart(
                rows,
                title=pgettext("reports", "%(subject)s: levels by unit directly below") % {"subject": subject.label},
            )
        trend = [(p.name, p.by_subject.get(subject.subject, Figures())) for p in stats.trend]
        trend_svg = ""
        if len(trend) > 1:
            labels = [
                (str(p.year) if p.quarter is None else f"{p.year} Q{p.quarter}", f)
                for p, (_n, f) in zip(stats.trend, trend, strict=True)
            ]
            trend_svg = trend_chart(
                labels, title=pgettext("reports", "%(subject)s: shares of levels by cycle") % {"subject": subject.label}
            )
        subjects.append(
            {
                "figures": subject,
                "children": children,
                "reasons": reasons,
                # charts.py escapes every text it draws
                "chart": mark_safe(chart),
                "trend": trend,
                "trend_chart": mark_safe(trend_svg),
            }
        )
    states = [s.value for s in ReviewState]
    return {
        "stats": stats,
        "subjects": subjects,
        "states": [(s, STATE_LABELS[s]) for s in states],
        "progress": [(s.label, [s.total.states.get(state, 0) for state in states]) for s in stats.subjects],
        "breadcrumbs": [(a, _page_url(stats.cycle, a.code)) for a in stats.ancestors],
        "level_names": [(LEVEL_SHORT[level], LEVEL_LABELS[level]) for level in LEVELS],
        "level_chart": mark_safe(
            distribution_chart(
                [(s.label, s.total) for s in stats.subjects], title=pgettext("reports", "Levels by subject")
            )
        )
        if stats.subjects
        else "",
    }


@require_POST
@login_required
def export(request: HttpRequest) -> HttpResponseBase:
    """Small exports are answered at once; a large workbook becomes a job the page shows the progress of."""
    _cycles, cycle, unit = _selection(request, request.POST)
    if cycle is None or unit is None:
        raise Http404
    on = statistics_access(request.user, cycle, unit)
    fmt = request.POST.get("format", "")
    depth = _int(request.POST.get("depth"))
    if fmt not in ExportFormat.values or (depth is not None and depth < 0):
        return HttpResponse(pgettext("reports", "Unknown export format."), status=400)
    if not SummaryRun.objects.filter(cycle=cycle).exists():
        messages.error(request, pgettext("reports", "The statistics of this cycle have not been computed yet."))
        return HttpResponseRedirect(_page_url(cycle, unit.code), status=303)
    stats = statistics(cycle=cycle, unit=unit, on=on)
    if export_is_large(stats=stats, fmt=fmt, depth=depth):
        job = export_job_create(actor=request.user, cycle=cycle, unit=unit, fmt=fmt, depth=depth)  # type: ignore[arg-type]
        export_enqueue(job)
        messages.info(request, pgettext("reports", "The export runs in the background: its progress shows below."))
        return HttpResponseRedirect(_page_url(cycle, unit.code) + "#exports", status=303)
    rendered = export_render(stats=stats, fmt=fmt, depth=depth)
    response = HttpResponse(rendered.content, content_type=rendered.content_type)
    response["Content-Disposition"] = f'attachment; filename="{rendered.filename}"'
    return response


def _own_job(request: HttpRequest, pk: int) -> ExportJob:
    job = get_object_or_404(ExportJob.objects.select_related("cycle", "unit"), pk=pk, requested_by_id=request.user.pk)
    statistics_access(request.user, job.cycle, job.unit)
    return job


@require_GET
@login_required
def job_status(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "reports/job.html", {"job": _own_job(request, pk)})


@require_GET
@login_required
def job_download(request: HttpRequest, pk: int) -> HttpResponseBase:
    job = _own_job(request, pk)
    if job.state != JobState.DONE or not job.file:
        raise Http404
    return FileResponse(job.file.open("rb"), as_attachment=True, filename=job.filename)


@require_POST
@login_required
def refresh(request: HttpRequest) -> HttpResponse:
    """Recompute the statistics of the unit's subtree (advisory body or competent level over it)."""
    _cycles, cycle, unit = _selection(request, request.POST)
    if cycle is None or unit is None:
        raise Http404
    on = statistics_access(request.user, cycle, unit)
    if not any(has_role(request.user, role, unit, on) for role in REFRESH_ROLES):
        raise PermissionDenied(pgettext("reports", "You may not recompute these statistics."))
    run = summaries_refresh(cycle=cycle, actor=request.user, unit=unit)
    messages.success(request, pgettext("reports", "Statistics recomputed: %(count)d reviews.") % {"count": run.reviews})
    return HttpResponseRedirect(_page_url(cycle, unit.code), status=303)


@require_GET
@login_required
def review_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The review's form (.docx): for the person reviewed, or a secretary, reader or decider over its unit.
    The decision shows once published; before, only to the advisory body and the competent level over the
    unit — never to the person reviewed, whatever roles they hold (the page promises it at publication)."""
    review = get_object_or_404(Review.objects.select_related("cycle", "unit", "person"), pk=pk)
    person = person_of(request.user)
    own = person is not None and review.person_id == person.pk
    on = reference_date(review.cycle)
    if not own and not any(has_role(request.user, role, review.unit, on) for role in FORM_ROLES):
        raise PermissionDenied(pgettext("reports", "You may not read this review."))
    shows_unpublished = not own and any(has_role(request.user, role, review.unit, on) for role in UNPUBLISHED_ROLES)
    shows_unpublished = shows_unpublished and conflict(request.user, review) is None  # nor to a close relative
    try:
        content = review_form_docx(review, shows_unpublished=shows_unpublished)
    except FormUnavailable:
        raise Http404 from None
    access_log(request=request, person_id=review.person_id, what=Read.REVIEW_FORM, object_id=review.pk)
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{review_form_filename(review)}"'
    return response
