"""The cycle page's background work: start a pipeline job, and its progress as an htmx fragment polled while it
runs (the cycle page includes it)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from danhgia.apps.boards.scope import ADMINISTER, cycle_visible
from danhgia.apps.boards.views.common import actor, board, message_of
from danhgia.apps.pipeline.jobs import job_progress, job_start
from danhgia.apps.pipeline.models import JobKind, JobRun, JobState
from danhgia.apps.pipeline.tasks import job_enqueue


@require_POST
@board(ADMINISTER)
def job_start_view(request: HttpRequest, cycle: int, kind: str) -> HttpResponseBase:
    place = cycle_visible(request.user, ADMINISTER, cycle, whole=True)
    if kind not in JobKind.values:
        raise Http404
    try:
        job, created = job_start(cycle=place.cycle, kind=kind, actor=actor(request))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, message_of(error) if isinstance(error, ValidationError) else str(error))
    else:
        if created:
            job_enqueue(job)
        messages.success(
            request, _("The work was started in the background: %(job)s.") % {"job": job.get_kind_display()}
        )
    return redirect("boards:cycle", place.cycle.pk)


@require_GET
@board(ADMINISTER)
def job_progress_view(request: HttpRequest, cycle: int) -> HttpResponse:
    place = cycle_visible(request.user, ADMINISTER, cycle, whole=True)
    return render(request, "boards/_jobs.html", progress_context(place.cycle.pk))


def progress_context(cycle_id: int) -> dict[str, object]:
    """The latest job of each kind on the cycle with its progress; `running` keeps the page polling."""
    latest: dict[str, JobRun] = {}
    for job in JobRun.objects.filter(cycle_id=cycle_id).order_by("-created_at", "-id"):
        latest.setdefault(job.kind, job)
    jobs = [(job, job_progress(job)) for job in latest.values()]
    return {
        "cycle_id": cycle_id,
        "jobs": jobs,
        "kinds": [(k.value, k.label) for k in (JobKind.COMPUTE, JobKind.PUBLISH)],
        "running": any(p.state in (JobState.QUEUED, JobState.RUNNING) for _j, p in jobs),
    }
