"""The statistics of a node as an .xlsx workbook, streamed (openpyxl's write-only mode).

Sheet "Tổng hợp": the node's figures per subject, the progress per review state and the reasons; then one
sheet per subject: the node's rows by kind, then the subtree as indented rows (code, name, figures), read
from the summary tables a thousand units at a time. Values only, never formulas: every cell goes through
the spreadsheets app's `value_cell` (a unit named "=HYPERLINK(…)" is written as that text).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import IO, Any

from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import pgettext
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet
from openpyxl.worksheet.properties import PageSetupProperties

from danhgia.apps.orgs.models import Unit
from danhgia.apps.reports.exports import figure_headers, figure_values
from danhgia.apps.reports.figures import Figures, figures_from
from danhgia.apps.reports.labels import outcome_label, reason_label
from danhgia.apps.reports.models import SubtreeSummary
from danhgia.apps.reports.selectors import Statistics, subtree_links
from danhgia.apps.reviews.labels import REVIEW_STATE_NAMES
from danhgia.apps.reviews.models import ReviewState
from danhgia.apps.spreadsheets.cells import value_cell, value_row

CHUNK = 1000
SHEET_NAME_MAX = 31
Progress = Callable[[float], None]


def _cell(sheet: WriteOnlyWorksheet, value: Any, *, bold: bool = False, indent: int = 0) -> Cell:
    cell = value_cell(sheet, float(value) if isinstance(value, Decimal) else value)
    if bold:
        cell.font = Font(bold=True)
    if indent:
        cell.alignment = Alignment(indent=min(indent, 15))
    return cell


def _title(sheet: WriteOnlyWorksheet, stats: Statistics, heading: str) -> None:
    sheet.append([_cell(sheet, heading, bold=True)])
    sheet.append(value_row(sheet, [pgettext("reports", "Review cycle"), stats.cycle.name]))
    sheet.append(value_row(sheet, [pgettext("reports", "Unit"), f"{stats.unit.code} — {stats.unit.name}"]))
    refreshed = timezone.localtime(stats.refreshed_at).strftime("%d/%m/%Y %H:%M") if stats.refreshed_at else ""
    sheet.append(value_row(sheet, [pgettext("reports", "Figures as of"), refreshed]))
    sheet.append(
        value_row(
            sheet,
            [
                pgettext("reports", "Basis"),
                pgettext("reports", "decided results where decided or published, else the engine's proposal"),
            ],
        )
    )
    sheet.append([])


HEADER_ROW = 7  # below the title block of `_title`


def _print_layout(sheet: Any, widths: list[int]) -> None:  # openpyxl types omit the write-only sheet's setup
    """Column widths, landscape, fit to the page's width, the header row repeated on every printed page (set
    before the first row: the sheet is written once, in order)."""
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"


def _figures_row(sheet: WriteOnlyWorksheet, prefix: list[Any], figures: Figures, *, bold: bool = False) -> None:
    cells = [v if isinstance(v, Cell) else _cell(sheet, v, bold=bold) for v in prefix]
    sheet.append(cells + [_cell(sheet, v) for v in figure_values(figures)])


def statistics_workbook(
    stats: Statistics, out: IO[bytes] | Path, *, depth: int | None = None, progress: Progress | None = None
) -> None:
    """Write the workbook to `out`; `depth` limits the tree rows to that many levels below the node."""
    book = Workbook(write_only=True)
    summary = book.create_sheet(pgettext("reports", "Summary of the figures")[:SHEET_NAME_MAX])
    _print_layout(summary, [40] + [12] * len(figure_headers()))
    _summary_sheet(summary, stats)
    sheets: dict[str, WriteOnlyWorksheet] = {}
    for subject in stats.subjects:
        sheet = book.create_sheet(subject.label[:SHEET_NAME_MAX])
        _print_layout(sheet, [16, 48, 8] + [12] * len(figure_headers()))
        _title(sheet, stats, subject.label)
        header = [
            pgettext("reports", "Code"),
            pgettext("reports", "Unit / row"),
            pgettext("reports", "Depth"),
            *figure_headers(),
        ]
        sheet.append([_cell(sheet, h, bold=True) for h in header])
        _figures_row(
            sheet,
            [stats.unit.code, pgettext("reports", "%(unit)s — all") % {"unit": stats.unit.name}, 0],
            subject.total,
            bold=True,
        )
        for _kind, label, figures in subject.kinds:
            _figures_row(sheet, ["", label, ""], figures)
        sheet.append([])
        sheet.append([_cell(sheet, pgettext("reports", "By unit (the whole subtree of each)"), bold=True)])
        sheet.append([_cell(sheet, h, bold=True) for h in header])
        sheets[subject.subject] = sheet
    for unit, level, by_subject in _tree_rows(stats, depth, progress):
        for code, figures in by_subject.items():
            sheet = sheets.get(code)
            if sheet is not None:
                prefix = [unit.code, _cell(sheet, unit.name, indent=level), level]
                _figures_row(sheet, prefix, figures)
    book.save(out)
    if progress:
        progress(1.0)


def _summary_sheet(sheet: WriteOnlyWorksheet, stats: Statistics) -> None:
    _title(sheet, stats, pgettext("reports", "Statistics of the review and quality classification"))
    sheet.append([_cell(sheet, h, bold=True) for h in [pgettext("reports", "Subject"), *figure_headers()]])
    for subject in stats.subjects:
        _figures_row(sheet, [subject.label], subject.total)
    sheet.append([])
    states = [s.value for s in ReviewState]
    sheet.append([_cell(sheet, pgettext("reports", "Progress of the procedure (reviews per state)"), bold=True)])
    sheet.append(
        [
            _cell(sheet, h, bold=True)
            for h in [pgettext("reports", "Subject"), *[str(REVIEW_STATE_NAMES[s]) for s in states]]
        ]
    )
    for subject in stats.subjects:
        sheet.append(value_row(sheet, [subject.label, *[subject.total.states.get(s, 0) for s in states]]))
    sheet.append([])
    sheet.append(
        [_cell(sheet, pgettext("reports", "Exempt, not classified or awaiting decision, by reason"), bold=True)]
    )
    sheet.append(
        [
            _cell(sheet, h, bold=True)
            for h in [
                pgettext("reports", "Subject"),
                pgettext("reports", "Result"),
                pgettext("reports", "Reason"),
                pgettext("reports", "Code"),
                pgettext("reports", "Number"),
            ]
        ]
    )
    for subject in stats.subjects:
        for (status, reason), count in sorted(subject.total.reasons.items()):
            row = [subject.label, outcome_label(status), reason_label(reason), reason, count]
            sheet.append(value_row(sheet, row))


def _tree_rows(
    stats: Statistics, depth: int | None, progress: Progress | None
) -> Iterator[tuple[Unit, int, dict[str, Figures]]]:
    """(unit, levels below the node, figures per subject) for the subtree in tree order, a chunk at a time."""
    links = subtree_links(cycle=stats.cycle, unit=Unit(pk=stats.unit.pk), depth=depth)
    total = links.count()
    base = None
    done = 0
    chunk: list[tuple[int, int]] = []
    for unit_id, link_depth in links.values_list("unit_id", "depth").iterator(chunk_size=CHUNK):
        base = link_depth if base is None else base
        chunk.append((unit_id, link_depth - base))
        if len(chunk) == CHUNK:
            yield from _chunk_rows(stats, chunk)
            done += len(chunk)
            chunk = []
            if progress and total:
                progress(done / total * 0.95)
    if chunk:
        yield from _chunk_rows(stats, chunk)


def _chunk_rows(stats: Statistics, chunk: list[tuple[int, int]]) -> Iterator[tuple[Unit, int, dict[str, Figures]]]:
    ids = [pk for pk, _level in chunk]
    rows = (
        SubtreeSummary.objects.filter(cycle=stats.cycle, unit_id__in=ids)
        .values("unit_id", "subject", "status", "level", "basis")
        .annotate(n=Sum("count"))
        .order_by()
    )
    grouped: dict[int, dict[str, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        grouped[row["unit_id"]][row["subject"]].append(row)
    units = Unit.objects.in_bulk(ids)
    for pk, level in chunk:
        if pk in grouped:
            yield units[pk], level, {s: figures_from(r) for s, r in grouped[pk].items()}
