"""The rows of the statistics tables, rendered in Python: one tag call per table (a province's page has
hundreds of rows of 17 cells; a tag or an {% include %} per row, each localizing its numbers one at a time,
cost most of the page's time).

`{% figure_cells figures %}` renders the cells of one row; `{% subject_rows %}`, `{% labelled_rows %}` and
`{% child_rows %}` render every row of a table with the number formats of the active language read once."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django import template
from django.conf import settings
from django.utils import numberformat
from django.utils.formats import get_format, localize
from django.utils.html import format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from danhgia.apps.reports.exports import figure_values
from danhgia.apps.reports.figures import Figures

register = template.Library()
SHARE_COLUMNS = {7, 9, 11, 13, 14}  # positions of the shares among figure_values()


class Numbers:
    """`django.utils.formats.localize` for the numbers of one table, the active language's formats read once."""

    def __init__(self) -> None:
        lang = get_language()
        self.decimal = get_format("DECIMAL_SEPARATOR", lang, use_l10n=True)
        self.grouping = get_format("NUMBER_GROUPING", lang, use_l10n=True)
        self.thousand = get_format("THOUSAND_SEPARATOR", lang, use_l10n=True)
        self.plain_ints = not settings.USE_THOUSAND_SEPARATOR  # then numberformat gives an int as str(int)

    def __call__(self, value: Any) -> str:
        kind = type(value)
        if kind is int and self.plain_ints:
            return str(value)
        if kind is int or kind is Decimal:
            return numberformat.format(value, self.decimal, None, self.grouping, self.thousand, use_l10n=True)
        return str(localize(value))

    def cells(self, figures: Figures) -> SafeString:
        parts = []
        for index, value in enumerate(figure_values(figures)):
            if index in SHARE_COLUMNS:
                parts.append(f'<td class="number share">{"–" if value is None else self(value) + " %"}</td>')
            else:
                parts.append(f'<td class="number">{self(value)}</td>')
        return mark_safe("".join(parts))  # numbers and fixed markup only


@register.simple_tag
def figure_cells(figures: Figures) -> SafeString:
    return Numbers().cells(figures)


@register.simple_tag
def subject_rows(subjects: Iterable[Any]) -> SafeString:
    """The summary table: one row per subject (SubjectFigures), linked to its section."""
    numbers = Numbers()
    return format_html_join(
        "",
        '<tr><th scope="row"><a href="#subject-{}">{}</a></th>{}</tr>',
        ((s.subject, s.label, numbers.cells(s.total)) for s in subjects),
    )


@register.simple_tag
def labelled_rows(rows: Iterable[tuple[Any, ...]]) -> SafeString:
    """Rows of (…, label, figures): the label in the row's header (kinds of a subject, previous cycles)."""
    numbers = Numbers()
    return format_html_join(
        "", '<tr><th scope="row">{}</th>{}</tr>', ((row[-2], numbers.cells(row[-1])) for row in rows)
    )


@register.simple_tag
def child_rows(rows: Iterable[tuple[Any, Figures, str]]) -> SafeString:
    """The units directly below: (ChildFigures, figures, url of its page)."""
    numbers = Numbers()
    return format_html_join(
        "",
        '<tr><th scope="row"><a href="{}">{}</a> <span class="code">{}</span></th>{}</tr>',
        ((url, child.unit.name, child.unit.code, numbers.cells(f)) for child, f, url in rows),
    )
