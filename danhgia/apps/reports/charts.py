"""Charts drawn on the server as SVG text (no JavaScript, no chart library): the same SVG goes into the web
page and, through fpdf2's SVG support, into the PDF.

- `distribution_chart`: one 100 % bar per row (subjects at a node, or child units), split into L1–L4 shares
  of those classified;
- `trend_chart`: the L1–L4 shares across cycles, one line per level.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal
from xml.sax.saxutils import escape, quoteattr

from django.utils.formats import number_format
from django.utils.translation import pgettext

from danhgia.apps.reports.figures import LEVELS, Figures
from danhgia.apps.reports.labels import LEVEL_COLOURS, LEVEL_SHORT

WIDTH = 720
LABEL_WIDTH = 230
BAR_HEIGHT = 22
GAP = 8
WEB_FONT = "system-ui, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"
MAX_LABEL = 34
MAX_BARS = 40  # a comparison shows the first 40 children; the table below it has them all


def _short(text: str, size: int = MAX_LABEL) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _pct(value: Decimal | None) -> str:
    return "–" if value is None else f"{number_format(value, 1)} %"


def _svg(height: int, title: str, body: list[str], font: str) -> str:
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}"'
        f' role="img" aria-label={quoteattr(title)} font-family={quoteattr(font)} font-size="12">'
        f"<title>{escape(title)}</title>" + "".join(body) + "</svg>"
    )
    return svg if font == WEB_FONT else _without_titles(svg)


def _without_titles(svg: str) -> str:
    """For print (fpdf2 draws no tooltips and warns about them): the same drawing without <title> elements."""
    return re.sub(r"<title>[^<]*</title>", "", svg)


def _legend(y: int) -> list[str]:
    parts, x = [], LABEL_WIDTH
    for level in LEVELS:
        parts.append(f'<rect x="{x}" y="{y}" width="12" height="12" fill="{LEVEL_COLOURS[level]}"/>')
        parts.append(f'<text x="{x + 16}" y="{y + 10}" fill="#1d2430">{escape(str(LEVEL_SHORT[level]))}</text>')
        x += 120
    return parts


def distribution_chart(rows: Sequence[tuple[str, Figures]], *, title: str, font: str = WEB_FONT) -> str:
    """One bar per (label, figures): the L1–L4 shares of those classified, with the count classified."""
    rows = list(rows)[:MAX_BARS]
    plot = WIDTH - LABEL_WIDTH - 70
    body: list[str] = [
        f'<text x="0" y="14" font-size="13" font-weight="bold" fill="#1d2430">{escape(_short(title, 90))}</text>'
    ]
    y = 28
    for label, figures in rows:
        body.append(f'<text x="0" y="{y + 15}" fill="#1d2430">{escape(_short(label))}</text>')
        classified = figures.classified
        if classified == 0:
            nobody = escape(pgettext("reports", "nobody classified yet"))
            body.append(f'<rect x="{LABEL_WIDTH}" y="{y}" width="{plot}" height="{BAR_HEIGHT}" fill="#eceef1"/>')
            body.append(f'<text x="{LABEL_WIDTH + 6}" y="{y + 15}" fill="#5a6472">{nobody}</text>')
        x = float(LABEL_WIDTH)
        for level in LEVELS:
            count = figures.levels[level]
            if not classified or not count:
                continue
            width = plot * count / classified
            share = figures.share(level)
            body.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}" fill="{LEVEL_COLOURS[level]}">'
                f"<title>{escape(str(LEVEL_SHORT[level]))}: {count} ({escape(_pct(share))})</title></rect>"
            )
            if width >= 44:
                body.append(
                    f'<text x="{x + width / 2:.1f}" y="{y + 15}" fill="#ffffff" text-anchor="middle">'
                    f"{escape(_pct(share))}</text>"
                )
            x += width
        body.append(f'<text x="{LABEL_WIDTH + plot + 6}" y="{y + 15}" fill="#5a6472">n={classified}</text>')
        y += BAR_HEIGHT + GAP
    body += _legend(y + 4)
    return _svg(y + 24, title, body, font)


def trend_chart(points: Sequence[tuple[str, Figures]], *, title: str, font: str = WEB_FONT) -> str:
    """The L1–L4 shares (0–100 %) per cycle, one polyline per level; cycles with nobody classified are gaps."""
    left, top, plot_w, plot_h = 60, 28, WIDTH - 90, 180
    body: list[str] = [
        f'<text x="0" y="14" font-size="13" font-weight="bold" fill="#1d2430">{escape(_short(title, 90))}</text>'
    ]
    for tick in (0, 25, 50, 75, 100):
        y = top + plot_h - plot_h * tick / 100
        body.append(f'<line x1="{left}" y1="{y:.1f}" x2="{left + plot_w}" y2="{y:.1f}" stroke="#d9dde3"/>')
        body.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" fill="#5a6472">{tick} %</text>')
    points = list(points)
    step = plot_w / max(len(points) - 1, 1)
    xs = [left + (step * i if len(points) > 1 else plot_w / 2) for i in range(len(points))]
    for x, (label, _figures) in zip(xs, points, strict=True):
        body.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 18}" text-anchor="middle" fill="#1d2430">'
            f"{escape(_short(label, 18))}</text>"
        )
    for level in LEVELS:
        coords = []
        for x, (_label, figures) in zip(xs, points, strict=True):
            share = figures.share(level)
            if share is None:
                continue
            y = top + plot_h - plot_h * float(share) / 100
            coords.append((x, y, share))
        colour = LEVEL_COLOURS[level]
        if len(coords) > 1:
            line = " ".join(f"{x:.1f},{y:.1f}" for x, y, _s in coords)
            body.append(f'<polyline points="{line}" fill="none" stroke="{colour}" stroke-width="2"/>')
        for x, y, share in coords:
            body.append(
                f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3.5" fill="{colour}">'
                f"<title>{escape(str(LEVEL_SHORT[level]))}: {escape(_pct(share))}</title></circle>"
            )
    body += _legend(top + plot_h + 34)
    return _svg(top + plot_h + 56, title, body, font)
