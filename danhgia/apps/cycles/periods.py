"""A cycle's period (danhgia.domain.periods) from its stored columns, and the period's first and last day."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import get_language

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.domain.periods import Period, PeriodError, period_from_parts


def cycle_period(cycle: ReviewCycle) -> Period:
    """The cycle's year, quarter (1–3) or term; a ValidationError naming the period when it does not exist."""
    try:
        return period_from_parts(cycle.kind, cycle.year, cycle.quarter, cycle.term_start)
    except PeriodError as error:
        raise ValidationError({"kind": error.message.pick(get_language())}) from None


def cycle_dates(cycle: ReviewCycle) -> tuple[date, date]:
    """First and last day of the cycle's period (a term runs from its first year to the cycle's year)."""
    period = cycle_period(cycle)
    return period.start, period.end
