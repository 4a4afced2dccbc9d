"""Horizontal bar charts drawn server-side as SVG (no chart library): the geometry here, the markup in
templates/boards/_bar_chart.html. Coordinates are strings with a decimal point, whatever the language."""

from __future__ import annotations

from dataclasses import dataclass

LABEL_WIDTH = 250  # the level names, left of the bars
NOTE_WIDTH = 140  # the count and share, right of each bar
ROW = 34
BAR_HEIGHT = 22
TOP = 6


@dataclass(frozen=True)
class Bar:
    key: str  # a CSS hook (the level code)
    label: str
    value: int
    part: int = 0  # drawn solid (decided); the rest of the value is drawn lighter (the engine's)
    note: str = ""


@dataclass(frozen=True)
class DrawnBar:
    key: str
    label: str
    note: str
    y: str
    text_y: str
    width: str
    part_width: str
    note_x: str


@dataclass(frozen=True)
class BarChart:
    chart_id: str
    title: str
    description: str
    width: int
    height: int
    bar_x: int
    bar_height: int
    bars: list[DrawnBar]


def _coordinate(value: float) -> str:
    return f"{value:.1f}"


def bar_chart(*, chart_id: str, title: str, description: str, bars: list[Bar], width: int = 720) -> BarChart:
    """Bars scaled to the largest value; an empty bar still shows its label and note."""
    area = width - LABEL_WIDTH - NOTE_WIDTH
    biggest = max((bar.value for bar in bars), default=0)
    scale = area / biggest if biggest else 0.0
    drawn = []
    for i, bar in enumerate(bars):
        y = TOP + i * ROW
        length = bar.value * scale
        drawn.append(
            DrawnBar(
                key=bar.key,
                label=bar.label,
                note=bar.note,
                y=_coordinate(y),
                text_y=_coordinate(y + BAR_HEIGHT * 0.72),
                width=_coordinate(length),
                part_width=_coordinate(min(bar.part, bar.value) * scale),
                note_x=_coordinate(LABEL_WIDTH + length + 8),
            )
        )
    return BarChart(chart_id, title, description, width, 2 * TOP + ROW * len(bars), LABEL_WIDTH, BAR_HEIGHT, drawn)
