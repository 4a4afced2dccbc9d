"""Dates are written and read day first (dd/mm/yyyy); numbers use Vietnamese separators in Vietnamese."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from django import forms
from django.utils import formats, translation


class DateForm(forms.Form):
    day = forms.DateField()


def test_vietnamese_dates_and_numbers() -> None:
    with translation.override("vi"):
        assert formats.date_format(date(2025, 7, 1)) == "01/07/2025"
        assert formats.date_format(datetime(2025, 7, 1, 14, 30), "DATETIME_FORMAT") == "14:30 01/07/2025"
        assert formats.number_format(Decimal("1234.5"), 1, force_grouping=True) == "1.234,5"
        form = DateForm({"day": "01/07/2025"})
        assert form.is_valid() and form.cleaned_data["day"] == date(2025, 7, 1)


def test_english_pages_keep_the_day_first() -> None:
    with translation.override("en"):
        assert formats.date_format(date(2025, 7, 1)) == "01/07/2025"
        form = DateForm({"day": "01/07/2025"})
        assert form.is_valid() and form.cleaned_data["day"] == date(2025, 7, 1)
