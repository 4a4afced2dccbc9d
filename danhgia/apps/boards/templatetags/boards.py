"""Filters of the board templates: labels of codes, numbers and shares in the reader's language."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

from django import template
from django.utils.formats import get_format

from danhgia.apps.boards import labels
from danhgia.apps.boards.selectors import GroupMeter, LevelFigure, TypeFigures, subject_name
from danhgia.apps.reviews.models import Review
from danhgia.apps.reviews.selectors import QuotaMeter

register = template.Library()


def _grouped(digits: str) -> str:
    separator = str(get_format("THOUSAND_SEPARATOR"))
    groups: list[str] = []
    while len(digits) > 3:
        digits, tail = digits[:-3], digits[-3:]
        groups.insert(0, tail)
    return separator.join([digits, *groups])


@register.filter
def num(value: Any) -> str:
    """A whole number with the language's thousands separator (1.234 in Vietnamese, 1,234 in English)."""
    if value is None or value == "":
        return ""
    number = int(value)
    return ("-" if number < 0 else "") + _grouped(str(abs(number)))


@register.filter
def pct(share: Fraction | None) -> str:
    """A share as a percentage with one decimal, rounded half up (25,0% in Vietnamese); — when undefined."""
    if share is None:
        return "—"
    exact = Decimal(share.numerator * 100) / Decimal(share.denominator)
    whole, _dot, tenths = str(exact.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)).partition(".")
    return f"{_grouped(whole)}{get_format('DECIMAL_SEPARATOR')}{tenths}%"


@register.filter
def get(mapping: Any, key: Any) -> Any:
    """mapping[key], or None (templates cannot index with a variable)."""
    try:
        return mapping[key]
    except (KeyError, IndexError, TypeError):
        return None


@register.filter
def subject(review: Review) -> str:
    return subject_name(review)


def _label(table: dict[str, Any]) -> Any:
    def lookup(code: str | None) -> str:
        return labels.name_of(table, code) if code else ""

    return lookup


for _name, _table in {
    "level_name": labels.LEVEL_NAMES,
    "review_state": labels.REVIEW_STATE_NAMES,
    "cycle_state": labels.CYCLE_STATE_NAMES,
    "advance_name": labels.CYCLE_ADVANCE_NAMES,
    "outcome": labels.OUTCOME_NAMES,
    "subject_type": labels.SUBJECT_TYPE_NAMES,
    "category": labels.CATEGORY_NAMES,
    "flag_name": labels.FLAG_NAMES,
    "flag_help": labels.FLAG_HELP,
    "conflict_name": labels.CONFLICT_NAMES,
    "decision_kind": labels.DECISION_KIND_NAMES,
    "complaint_state": labels.COMPLAINT_STATE_NAMES,
    "period_kind": labels.PERIOD_KIND_NAMES,
    "level_source": labels.LEVEL_SOURCE_NAMES,
}.items():
    register.filter(_name, _label(_table))


@register.filter
def ruleset_name(ruleset_id: str) -> str:
    return labels.ruleset_name(ruleset_id)


@register.filter
def meter_fill(meter: GroupMeter | QuotaMeter) -> str:
    """How full the quota is, in percent of the allowance (full when none is allowed and one is proposed)."""
    if meter.allowed <= 0:
        return "100" if meter.level1 else "0"
    return str(min(100, meter.level1 * 100 // meter.allowed))


@register.filter
def share(figures: TypeFigures, figure: LevelFigure) -> Fraction | None:
    return figures.share(figure)
