"""Field builders shared by the self-service forms: counts, texts and points, with errors in Vietnamese."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import pgettext_lazy

COUNT_ERRORS = {
    "invalid": pgettext_lazy("selfservice", "Enter a whole number."),
    "min_value": pgettext_lazy("selfservice", "Cannot be less than %(limit_value)s."),
    "max_value": pgettext_lazy("selfservice", "Cannot be more than %(limit_value)s."),
}


def count_field(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=100_000,
        error_messages=COUNT_ERRORS,
        widget=forms.NumberInput(attrs={"min": 0}),
    )


def text_field(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=20_000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def points_field(label: Any, maximum: Decimal, step: Decimal) -> forms.DecimalField:
    field = forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=maximum,
        max_digits=6,
        decimal_places=2,
        error_messages={
            "invalid": pgettext_lazy("selfservice", "Enter a number."),
            "min_value": pgettext_lazy("selfservice", "Cannot be less than 0."),
            # formatted now (the form is built per request): the maximum with the language's decimal comma
            "max_value": pgettext_lazy("selfservice", "At most %(points)s points.")
            % {"points": number_format(maximum)},
            "max_decimal_places": pgettext_lazy("selfservice", "At most two decimal places."),
            "max_digits": pgettext_lazy("selfservice", "At most %(points)s points.")
            % {"points": number_format(maximum)},
            "max_whole_digits": pgettext_lazy("selfservice", "At most %(points)s points.")
            % {"points": number_format(maximum)},
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": maximum, "step": step, "inputmode": "decimal"}),
    )
    if step != Decimal("0.01"):  # hundredths are the field's own two decimal places
        field.validators.append(_multiple_of(step))
    return field


def _multiple_of(step: Decimal) -> Any:
    def check(value: Decimal) -> None:
        if value % step != 0:
            raise ValidationError(
                pgettext_lazy("selfservice", "Enter a multiple of %(step)s."),
                params={"step": number_format(step)},
                code="step",
            )

    return check


def as_json(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value
