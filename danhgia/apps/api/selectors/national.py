"""The national database export's rows, the version of each result they carry, and the results changed but
not sent within the sync deadline (docs/api.md §5).

A result's version is the time it last changed: its publication, or its latest re-classification after a
complaint (a Decision of kind `reclassify`; the publication date itself is never moved). A result is sent in
its current version when some sync item holds that time or a later one.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import DateTimeField, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest

from danhgia.apps.api.models import NationalSyncItem
from danhgia.apps.api.national import apply_mapping
from danhgia.apps.api.workdays import SYNC_WORKING_DAYS, working_deadline
from danhgia.apps.cycles.models import PeriodKind, ReviewCycle
from danhgia.apps.reviews.models import Decision, DecisionKind, Outcome, Review
from danhgia.apps.reviews.terms import PUBLISHED
from danhgia.domain.texts import LEVEL_TEXTS

EXPORT_COLUMNS = (
    "id",
    "cycle",
    "subject_type",
    "category",
    "person",
    "unit",
    "state",
    "decided_status",
    "decided_level",
    "decided_at",
    "published_at",
)


@dataclass(frozen=True)
class ExportRow:
    review_id: int
    national_id: str
    changed_at: datetime  # the version of the result this row carries
    record: dict[str, Any]  # as mapped for the system

    @property
    def sha256(self) -> str:
        return record_sha256(self.record)


@dataclass(frozen=True)
class OverdueResult:
    review_id: int
    national_id: str
    full_name: str
    unit_code: str
    cycle_id: int
    changed_at: datetime
    due_at: datetime
    last_sent_at: datetime | None  # the version last sent, or None when never sent


def record_sha256(record: dict[str, Any]) -> str:
    text = json.dumps(record, cls=DjangoJSONEncoder, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _reclassified_at() -> Subquery:
    latest = (
        Decision.objects.filter(review=OuterRef("pk"), kind=DecisionKind.RECLASSIFY)
        .order_by()
        .values("review")
        .annotate(at=Max("at"))
        .values("at")
    )
    return Subquery(latest, output_field=DateTimeField())


def changed_at() -> Greatest:
    """The time a published result last changed (an expression over Review)."""
    return Greatest(F("published_at"), Coalesce(_reclassified_at(), F("published_at")), output_field=DateTimeField())


def exportable(cycle: ReviewCycle) -> QuerySet[Review]:
    """The cycle's published results of individuals with a national ID: what the export sends."""
    return (
        Review.objects.filter(
            cycle=cycle, state__in=PUBLISHED, subject_type="individual", person__national_id__isnull=False
        )
        .only(*EXPORT_COLUMNS)
        .annotate(changed_at=changed_at())
    )


def export_rows(cycle: ReviewCycle, reviews: QuerySet[Review], mapping: dict[str, str]) -> list[ExportRow]:
    """Each review of `exportable(cycle)` (filtered, ordered and sliced by the caller) as a mapped record."""
    rows = []
    for review in reviews.select_related("unit", "person"):
        person = review.person
        assert person is not None and person.national_id is not None  # exportable() keeps no other
        level = review.decided_level if review.decided_status == Outcome.CLASSIFIED else ""
        source = {
            "national_id": person.national_id,
            "full_name": person.full_name,
            "birth_date": person.birth_date,
            "sex": person.sex or None,
            "personnel_code": person.personnel_code,
            "year": cycle.year,
            "status": review.decided_status,
            "level": level or None,
            "level_name": LEVEL_TEXTS[level][0] if level in LEVEL_TEXTS else None,
            "category": review.category,
            "unit_code": review.unit.code,
            "unit_name": review.unit.name,
            "ruleset": cycle.ruleset,
            "decided_at": review.decided_at,
            "published_at": review.published_at,
            "cycle_id": cycle.pk,
            "review_id": review.pk,
        }
        changed = review.changed_at  # type: ignore[attr-defined]  # exportable()'s annotation
        rows.append(ExportRow(review.pk, person.national_id, changed, apply_mapping(mapping, source)))
    return rows


def overdue_results(
    *, now: datetime, cycle: ReviewCycle | None = None, unit_ids: Any = None, after: int | None = None
) -> Iterator[OverdueResult]:
    """Published results of yearly cycles (or of `cycle`; of units in `unit_ids`, a subquery) whose current
    version was not sent and whose sync deadline (3 working days from the change) has passed at `now`,
    by review id after `after`."""
    sent = (
        NationalSyncItem.objects.filter(review=OuterRef("pk"))
        .order_by()
        .values("review")
        .annotate(last=Max("changed_at"))
        .values("last")
    )
    reviews = Review.objects.filter(
        state__in=PUBLISHED, subject_type="individual", person__national_id__isnull=False
    ).filter(Q(cycle=cycle) if cycle is not None else Q(cycle__kind=PeriodKind.YEAR))
    if unit_ids is not None:
        reviews = reviews.filter(unit_id__in=unit_ids)
    if after is not None:
        reviews = reviews.filter(pk__gt=after)
    candidates = (
        reviews.annotate(changed_at=changed_at(), last_sent=Subquery(sent, output_field=DateTimeField()))
        .filter(Q(last_sent__isnull=True) | Q(last_sent__lt=F("changed_at")))
        # a working day is a calendar day at least: nothing changed later can be due yet
        .filter(changed_at__lte=now - timedelta(days=SYNC_WORKING_DAYS))
        .select_related("person", "unit")
        .only("id", "cycle_id", "published_at", "person__national_id", "person__full_name", "unit__code")
        .order_by("pk")
    )
    for review in candidates.iterator(chunk_size=2000):
        due = working_deadline(review.changed_at)
        if now >= due:
            person = review.person
            assert person is not None and person.national_id is not None
            yield OverdueResult(
                review.pk,
                person.national_id,
                person.full_name,
                review.unit.code,
                review.cycle_id,
                review.changed_at,
                due,
                review.last_sent,
            )


def without_national_id(cycle: ReviewCycle) -> int:
    """How many of the cycle's published results of individuals are left out for want of a national ID."""
    return Review.objects.filter(
        cycle=cycle, state__in=PUBLISHED, subject_type="individual", person__national_id__isnull=True
    ).count()
