"""The statistics of a node as a printable PDF (fpdf2, pure Python, DejaVu Sans for Vietnamese).

Page 1: the figures per subject, the level chart and the progress per state. Then one page per subject: its
rows by kind, the reasons, the children (drill-down) with their chart — long tables continue on the next
page with their header. Last, when there are previous cycles: the year-over-year table and chart.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import pgettext
from fpdf import FPDF
from fpdf.fonts import FontFace

from danhgia.apps.reports.charts import distribution_chart, trend_chart
from danhgia.apps.reports.exports import figure_headers, figure_values
from danhgia.apps.reports.figures import Figures
from danhgia.apps.reports.labels import outcome_label, reason_label
from danhgia.apps.reports.selectors import Statistics, SubjectFigures
from danhgia.apps.reviews.labels import REVIEW_STATE_NAMES
from danhgia.apps.reviews.models import ReviewState

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")  # Debian's fonts-dejavu-core
FONT = "DejaVu"
HEADER_FILL = (236, 238, 241)


class FontMissing(RuntimeError):
    pass


def _font_files() -> tuple[Path, Path]:
    regular, bold = FONT_DIR / "DejaVuSans.ttf", FONT_DIR / "DejaVuSans-Bold.ttf"
    if not regular.exists() or not bold.exists():
        raise FontMissing(f"DejaVu Sans is needed for Vietnamese text: install fonts-dejavu-core ({FONT_DIR})")
    return regular, bold


class StatisticsPDF(FPDF):
    def __init__(self, footer_text: str) -> None:
        super().__init__(orientation="landscape", format="A4")
        regular, bold = _font_files()
        self.add_font(FONT, "", str(regular))
        self.add_font(FONT, "B", str(bold))
        self.footer_text = footer_text
        self.set_auto_page_break(auto=True, margin=14)
        self.set_margins(10, 10, 10)
        self.set_title(footer_text)
        self.set_creator("danhgia")

    def footer(self) -> None:
        self.set_y(-10)
        self.set_font(FONT, size=7)
        self.set_text_color(90, 100, 114)
        page = pgettext("reports", "page %(number)s of %(total)s") % {"number": self.page_no(), "total": "{nb}"}
        self.cell(0, 5, f"{self.footer_text} — {page}", align="R")
        self.set_text_color(0, 0, 0)


def _text(value: int | Decimal | None) -> str:
    if value is None:
        return "–"
    if isinstance(value, Decimal):
        return number_format(value, 1)
    return number_format(value, force_grouping=True)


def _heading(pdf: StatisticsPDF, text: str, size: int = 12) -> None:
    pdf.set_font(FONT, "B", size)
    pdf.multi_cell(0, size * 0.5, text, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(1)
    pdf.set_font(FONT, size=7)


def _figures_table(pdf: StatisticsPDF, label: str, rows: Sequence[tuple[str, Figures]]) -> None:
    headers = [label, *figure_headers()]
    widths = (50, *([13] * (len(headers) - 1)))
    pdf.set_font(FONT, size=6.5)
    with pdf.table(
        col_widths=widths,
        text_align=("LEFT", *(["RIGHT"] * (len(headers) - 1))),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
        line_height=3.6,
        repeat_headings=1,
    ) as table:
        table.row(headers)
        for name, figures in rows:
            table.row([name, *[_text(v) for v in figure_values(figures)]])
    pdf.ln(3)


def _simple_table(pdf: StatisticsPDF, headers: list[str], rows: list[list[str]], first: int = 60) -> None:
    rest = (pdf.epw - first) / max(len(headers) - 1, 1)
    pdf.set_font(FONT, size=7)
    with pdf.table(
        col_widths=(first, *([rest] * (len(headers) - 1))),
        text_align=("LEFT", *(["RIGHT"] * (len(headers) - 1))),
        headings_style=FontFace(emphasis="BOLD", fill_color=HEADER_FILL),
        line_height=3.8,
        width=pdf.epw,
    ) as table:
        table.row(headers)
        for row in rows:
            table.row(row)
    pdf.ln(3)


def _chart(pdf: StatisticsPDF, svg: str) -> None:
    width = pdf.epw * 0.8
    pdf.image(BytesIO(svg.encode("utf-8")), x=pdf.l_margin, w=width)
    pdf.ln(2)


def statistics_pdf(stats: Statistics, keywords: str = "") -> bytes:
    """`keywords` names the record a signed copy was made from (reports.signing)."""
    title = pgettext("reports", "Statistics of the review and quality classification")
    pdf = StatisticsPDF(f"{stats.cycle.name} — {stats.unit.code}")
    if keywords:
        pdf.set_keywords(keywords)
    pdf.add_page()
    _heading(pdf, title, 14)
    _front_matter(pdf, stats)
    _figures_table(pdf, pgettext("reports", "Subject"), [(s.label, s.total) for s in stats.subjects])
    if stats.subjects:
        rows = [(s.label, s.total) for s in stats.subjects]
        _chart(pdf, distribution_chart(rows, title=pgettext("reports", "Levels by subject"), font=FONT))
    _progress(pdf, stats.subjects)
    for subject in stats.subjects:
        pdf.add_page()
        _subject_pages(pdf, stats, subject)
    if len(stats.trend) > 1:
        pdf.add_page()
        _trend_page(pdf, stats)
    return bytes(pdf.output())


def _front_matter(pdf: StatisticsPDF, stats: Statistics) -> None:
    pdf.set_font(FONT, size=9)
    refreshed = timezone.localtime(stats.refreshed_at).strftime("%d/%m/%Y %H:%M") if stats.refreshed_at else "–"
    lines = [
        pgettext("reports", "Review cycle: %(name)s") % {"name": stats.cycle.name},
        pgettext("reports", "Unit: %(name)s (%(code)s)") % {"name": stats.unit.name, "code": stats.unit.code},
        pgettext("reports", "Figures as of %(when)s.") % {"when": refreshed},
        pgettext(
            "reports",
            "Results counted from the competent level's decision where the review is decided or published "
            "(%(decided)s), else from the engine's proposal (%(proposed)s).",
        )
        % {"decided": _text(stats.overall.decided), "proposed": _text(stats.overall.proposed)},
    ]
    for line in lines:
        pdf.multi_cell(0, 4.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)


def _progress(pdf: StatisticsPDF, subjects: list[SubjectFigures]) -> None:
    if not subjects:
        return
    _heading(pdf, pgettext("reports", "Progress of the procedure (reviews per state)"), 10)
    states = [s.value for s in ReviewState]
    rows = [[s.label, *[_text(s.total.states.get(state, 0)) for state in states]] for s in subjects]
    _simple_table(pdf, [pgettext("reports", "Subject"), *[str(REVIEW_STATE_NAMES[s]) for s in states]], rows)


def _subject_pages(pdf: StatisticsPDF, stats: Statistics, subject: SubjectFigures) -> None:
    _heading(pdf, f"{subject.label} — {stats.unit.name}")
    rows = [(pgettext("reports", "All"), subject.total), *[(label, f) for _kind, label, f in subject.kinds]]
    _figures_table(pdf, pgettext("reports", "Row"), rows)
    if subject.total.reasons:
        _heading(pdf, pgettext("reports", "Exempt, not classified or awaiting decision, by reason"), 10)
        reasons = [[reason_label(r), outcome_label(s), _text(n)] for (s, r), n in sorted(subject.total.reasons.items())]
        _simple_table(
            pdf,
            [pgettext("reports", "Reason"), pgettext("reports", "Result"), pgettext("reports", "Number")],
            reasons,
            first=120,
        )
    children = [
        (f"{c.unit.code} {c.unit.name}", c.by_subject[subject.subject])
        for c in stats.children
        if subject.subject in c.by_subject
    ]
    if children:
        _heading(pdf, pgettext("reports", "By unit directly below"), 10)
        _figures_table(pdf, pgettext("reports", "Unit"), children)
        _chart(pdf, distribution_chart(children, title=pgettext("reports", "Levels by unit"), font=FONT))


def _trend_page(pdf: StatisticsPDF, stats: Statistics) -> None:
    _heading(pdf, pgettext("reports", "Comparison with previous cycles"))
    for subject in stats.subjects:
        points = [(p.name, p.by_subject.get(subject.subject, Figures())) for p in stats.trend]
        _heading(pdf, subject.label, 10)
        _figures_table(pdf, pgettext("reports", "Review cycle"), points)
        labels = [(_cycle_label(p.year, p.quarter), f) for p, (_n, f) in zip(stats.trend, points, strict=True)]
        _chart(
            pdf,
            trend_chart(
                labels,
                title=pgettext("reports", "%(subject)s: shares of levels by cycle") % {"subject": subject.label},
                font=FONT,
            ),
        )


def _cycle_label(year: int, quarter: int | None) -> str:
    return str(year) if quarter is None else f"{year} Q{quarter}"


def decision_pdf(*, title: str, lines: list[str], headers: list[str], rows: list[list[str]], keywords: str) -> bytes:
    """A decision of the competent level as a PDF: its heading lines, then one row per subject decided.
    `keywords` names the record it was made from (reports.signing reads it back when verifying)."""
    pdf = StatisticsPDF(title)
    pdf.set_keywords(keywords)
    pdf.add_page()
    _heading(pdf, title, 14)
    pdf.set_font(FONT, size=9)
    for line in lines:
        pdf.multi_cell(0, 4.5, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    _simple_table(pdf, headers, rows, first=30)
    return bytes(pdf.output())
