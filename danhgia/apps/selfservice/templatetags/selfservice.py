"""Display helpers for the self-service templates: numbers with the language's separators, labels, values."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms, template
from django.utils.formats import get_format
from django.utils.numberformat import format as number_format
from django.utils.translation import pgettext

from danhgia.apps.reviews.labels import (
    CATEGORY_NAMES,
    COMPLAINT_STATE_NAMES,
    LEVEL_NAMES,
    OUTCOME_NAMES,
    REVIEW_STATE_NAMES,
    name_of,
)

register = template.Library()


@register.filter
def number(value: Any, places: int | None = None) -> str:
    """12345.5 → "12.345,5" in Vietnamese, "12,345.5" in English (as many decimals as it has, unless
    `places` says how many); blanks stay blank."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return str(value)
    if places is None:
        exponent = amount.normalize().as_tuple().exponent
        places = -exponent if isinstance(exponent, int) and exponent < 0 else 0
    return number_format(
        amount,
        decimal_sep=str(get_format("DECIMAL_SEPARATOR")),
        decimal_pos=places,
        grouping=3,
        thousand_sep=str(get_format("THOUSAND_SEPARATOR")),
        force_grouping=True,
    )


# The names of danhgia.apps.reviews.labels, capitalised as the boards show them. A level is shown by its name only
# (no L1–L4 code on a page).
@register.filter
def level(code: str | None) -> str:
    return name_of(LEVEL_NAMES, code)


@register.filter
def state(code: str | None) -> str:
    return name_of(REVIEW_STATE_NAMES, code)


@register.filter
def outcome(code: str | None) -> str:
    return name_of(OUTCOME_NAMES, code)


@register.filter
def complaint_state(code: str | None) -> str:
    return name_of(COMPLAINT_STATE_NAMES, code)


@register.filter
def category(code: str | None) -> str:
    return name_of(CATEGORY_NAMES, code)


@register.filter
def shown(field: forms.BoundField) -> str:
    """What a bound field holds, as text for a read-only page."""
    value = field.value()
    widget = field.field
    if isinstance(widget, forms.BooleanField):
        checked = widget.to_python(value)
        if field.name.startswith("item_"):
            if not getattr(field.form, "recorded", True):
                return pgettext("binary item", "Not recorded")  # never "not met" for an answer nobody gave
            return pgettext("binary item", "Met") if checked else pgettext("binary item", "Not met")
        return pgettext("selfservice", "Yes") if checked else pgettext("selfservice", "No")
    if value in (None, ""):
        return "—"
    if isinstance(widget, forms.ChoiceField):
        return str(dict(widget.choices).get(value, value))  # type: ignore[arg-type]
    if isinstance(widget, forms.IntegerField | forms.DecimalField):
        return number(value)
    return str(value)
