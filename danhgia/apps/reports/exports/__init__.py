"""Exports of the statistics (.xlsx, PDF, JSON) and of review forms (.docx), and the columns they share."""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import pgettext

from danhgia.apps.reports.figures import LEVELS, Figures
from danhgia.apps.reports.labels import LEVEL_SHORT


def figure_headers() -> list[str]:
    """The columns of a statistics row after its label (Vietnamese when the active language is)."""
    headers = [
        pgettext("reports", "Total"),
        pgettext("reports", "Exempt"),
        pgettext("reports", "Not classified"),
        pgettext("reports", "Awaiting decision"),
        pgettext("reports", "No result yet"),
        pgettext("reports", "Classified"),
    ]
    for level in LEVELS:
        name = LEVEL_SHORT[level]
        headers += [
            pgettext("reports", "%(level)s (number)") % {"level": name},
            pgettext("reports", "%(level)s (per cent)") % {"level": name},
        ]
    headers += [
        pgettext("reports", "Excellent out of excellent and good (per cent)"),
        pgettext("reports", "By decision"),
        pgettext("reports", "By engine proposal"),
    ]
    return headers


def figure_values(figures: Figures) -> list[int | Decimal | None]:
    values: list[int | Decimal | None] = [
        figures.total,
        figures.exempt,
        figures.not_classified,
        figures.needs_decision,
        figures.pending,
        figures.classified,
    ]
    for _level, count, share in figures.level_cells:
        values += [count, share]
    values += [figures.level1_of_level2, figures.decided, figures.proposed]
    return values
