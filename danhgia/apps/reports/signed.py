"""The records a signed PDF is made from, their digests and their documents: a unit's decision (the results
the competent level decided) and its published statistics. Verifying recomputes the digest from the records
as they are now (reports.signing has the signatures)."""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.utils import timezone
from django.utils.translation import pgettext

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.orgs.models import Unit
from danhgia.apps.reports.exports import figure_values
from danhgia.apps.reports.exports.pdf import decision_pdf, statistics_pdf
from danhgia.apps.reports.labels import kind_label, outcome_label
from danhgia.apps.reports.selectors import Statistics, reference_date, statistics
from danhgia.apps.reports.signing import Record
from danhgia.apps.reviews.models import Review, ReviewState

DECIDED = (ReviewState.DECIDED, ReviewState.PUBLISHED, ReviewState.COMPLAINED)


def digest(content: Any) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, default=str, ensure_ascii=False).encode()).hexdigest()


def decided_reviews(cycle: ReviewCycle, unit: Unit) -> list[Review]:
    """The unit's own subjects whose result the competent level decided (a complaint's re-classification
    included), in a stable order."""
    return list(
        Review.objects.filter(cycle=cycle, unit=unit, state__in=DECIDED).select_related("person").order_by("pk")
    )


def _decision_content(reviews: list[Review]) -> list[list[Any]]:
    return [
        [r.pk, r.person.full_name if r.person else "", r.category, r.decided_status, r.decided_level, r.decided_at]
        for r in reviews
    ]


def decision_record(cycle: ReviewCycle, unit: Unit) -> Record:
    return Record("decision", cycle.pk, unit.pk, digest(_decision_content(decided_reviews(cycle, unit))))


def statistics_record(stats: Statistics) -> Record:
    content = [[s.subject, [str(v) for v in figure_values(s.total)]] for s in stats.subjects]
    return Record("statistics", stats.cycle.pk, stats.unit.pk, digest(content))


def current_record(record: Record) -> Record | None:
    """The record as the database says it now (None when its cycle or unit no longer exists)."""
    cycle = ReviewCycle.objects.filter(pk=record.cycle_id).first()
    unit = Unit.objects.filter(pk=record.unit_id).first()
    if cycle is None or unit is None:
        return None
    if record.kind == "decision":
        return decision_record(cycle, unit)
    try:
        return statistics_record(statistics(cycle=cycle, unit=unit, on=reference_date(cycle)))
    except ValueError:
        return None


def decision_document(cycle: ReviewCycle, unit: Unit) -> tuple[Record, bytes]:
    """The unit's decision as a PDF naming its record (not signed yet), and the record."""
    reviews = decided_reviews(cycle, unit)
    record = Record("decision", cycle.pk, unit.pk, digest(_decision_content(reviews)))
    title = pgettext("reports", "Decision on the quality classification")
    lines = [
        pgettext("reports", "Review cycle: %(name)s") % {"name": cycle.name},
        pgettext("reports", "Unit: %(name)s (%(code)s)") % {"name": unit.name, "code": unit.code},
        pgettext("reports", "Made on %(when)s.") % {"when": timezone.localtime().strftime("%d/%m/%Y %H:%M")},
    ]
    headers = [
        pgettext("reports", "Record"),
        pgettext("reports", "Subject"),
        pgettext("reports", "Category"),
        pgettext("reports", "Result"),
        pgettext("reports", "Level"),
        pgettext("reports", "Decided on"),
    ]
    rows = [
        [
            f"R{r.pk}",
            r.person.full_name if r.person else unit.name,
            kind_label(r.category),
            outcome_label(r.decided_status),
            r.decided_level or "–",
            timezone.localtime(r.decided_at).strftime("%d/%m/%Y") if r.decided_at else "–",
        ]
        for r in reviews
    ]
    return record, decision_pdf(title=title, lines=lines, headers=headers, rows=rows, keywords=record.keywords())


def statistics_document(stats: Statistics) -> tuple[Record, bytes]:
    record = statistics_record(stats)
    return record, statistics_pdf(stats, keywords=record.keywords())
