"""Writes of the reports app: refreshing a cycle's summary tables, and export jobs.

`summaries_refresh` is what the workflow calls after a batch (verification, decision, publication,
re-classification): the whole cycle, or only the subtree of `unit` (then its ancestors are recomputed from
their children's rows, a few hundred rows each).
"""

from __future__ import annotations

import time
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia.apps.audit.services import audit_record, cycle_chain
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.cycles.services import digest
from danhgia.apps.orgs.models import PATH_SEGMENT, Unit
from danhgia.apps.orgs.selectors import unit_link_on
from danhgia.apps.reports import rollup
from danhgia.apps.reports.models import SubtreeSummary, SummaryRun, UnitSummary
from danhgia.apps.reviews.facts import cycle_dates

Actor = AbstractBaseUser | AnonymousUser | None


@transaction.atomic
def summaries_refresh(
    *, cycle: ReviewCycle, actor: Actor = None, unit: Unit | None = None, now: datetime | None = None
) -> SummaryRun:
    """Recompute the statistics of `cycle` (or of the subtree of `unit` and its ancestors) from its reviews.

    Runs entirely in the database (rollup.py); one audit entry in the cycle's chain records it. Concurrent
    refreshes of one cycle wait for each other (the cycle's SummaryRun row is locked).
    """
    started = time.perf_counter()
    now = now or timezone.now()
    on = cycle_dates(cycle)[1]
    root = unit_link_on(unit=cycle.root, on=on)
    if root is None:
        raise ValidationError(_("The cycle's scope is not in the tree at the end of the period."))
    run, _created = SummaryRun.objects.get_or_create(cycle=cycle, defaults={"refreshed_at": now})
    run = SummaryRun.objects.select_for_update().get(pk=run.pk)
    top, ancestors = root, []
    if unit is not None and unit.pk != cycle.root_id:
        link = unit_link_on(unit=unit, on=on)
        if link is None or not link.path.startswith(root.path):
            raise ValidationError({"unit": _("The unit is not in the cycle's scope.")})
        top = link
        # the ancestors between the unit and the cycle's root, nearest first, with their depths
        ancestors = [
            (int(link.path[i : i + PATH_SEGMENT]), i // PATH_SEGMENT)
            for i in range(len(link.path) - 2 * PATH_SEGMENT, len(root.path) - PATH_SEGMENT - 1, -PATH_SEGMENT)
        ]
    scope = rollup.Scope(cycle=cycle, on=on, path=None if top is root else top.path)
    rollup.delete_rows(scope, [pk for pk, _depth in ancestors])
    rollup.insert_unit_rows(scope)
    deepest = rollup.max_depth(scope)
    if deepest is not None:
        for depth in range(deepest, top.depth - 1, -1):
            rollup.insert_subtree_level(scope, depth)
    for pk, depth in ancestors:
        rollup.insert_subtree_unit(scope, pk, depth)
    counted = UnitSummary.objects.filter(cycle=cycle).aggregate(n=Sum("count"), rows=Count("pk"))
    run.refreshed_at = now
    run.reviews = counted["n"] or 0
    run.unit_rows = counted["rows"]
    run.subtree_rows = SubtreeSummary.objects.filter(cycle=cycle).count()
    run.seconds = time.perf_counter() - started
    run.save()
    audit_record(
        chain=cycle_chain(cycle.pk),
        actor=actor,
        action="summaries_refresh",
        object_type="cycle",
        object_id=cycle.pk,
        at=now,
        after={"unit": top.unit_id, "reviews": run.reviews, "digest": digest(_root_rows(cycle))},
    )
    return run


def _root_rows(cycle: ReviewCycle) -> list[Any]:
    rows = SubtreeSummary.objects.filter(cycle=cycle, unit=cycle.root_id).values_list(*rollup.DIMENSIONS, "count")
    return sorted(rows)
