"""`{% figure_cells figures %}`: the table cells of one statistics row, rendered in Python (a province's page
has thousands of them; an {% include %} per row cost most of the page's time)."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import localize
from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from danhgia.apps.reports.exports import figure_values
from danhgia.apps.reports.figures import Figures

register = template.Library()
SHARE_COLUMNS = {7, 9, 11, 13, 14}  # positions of the shares among figure_values()


def _cell(index: int, value: int | Decimal | None) -> tuple[str, str]:
    if index in SHARE_COLUMNS:
        return "number share", "–" if value is None else f"{localize(value)} %"
    return "number", str(localize(value))


@register.simple_tag
def figure_cells(figures: Figures) -> SafeString:
    cells = (_cell(i, v) for i, v in enumerate(figure_values(figures)))
    return format_html_join("", '<td class="{}">{}</td>', cells)
