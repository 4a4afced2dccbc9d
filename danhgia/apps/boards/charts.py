"""Horizontal bar charts drawn server-side as SVG (no chart library): the geometry here, the markup in
templates/boards/_bar_chart.html. Coordinates are strings with a decimal point, whatever the language."""

from __future__ import annotations

from dataclasses import dataclass

LABEL_WIDTH = 250  # the level names, left of the bars
NOTE_WIDTH = 140  # the count and share, right of each bar
ROW = 34
BAR_HEIGHT = 22
TOP = 6
LABEL_LINE = 22  # stacked: the label's own line above the bar


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
    text_y: str  # the label's baseline
    note_y: str  # the note's baseline
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


def bar_chart(
    *, chart_id: str, title: str, description: str, bars: list[Bar], width: int = 720, stacked: bool = False
) -> BarChart:
    """Bars scaled to the largest value; an empty bar still shows its label and note. `stacked` puts each label
    above its bar, for narrow screens."""
    label_width = 0 if stacked else LABEL_WIDTH
    row = ROW + (LABEL_LINE if stacked else 0)
    area = width - label_width - NOTE_WIDTH
    biggest = max((bar.value for bar in bars), default=0)
    scale = area / biggest if biggest else 0.0
    drawn = []
    for i, bar in enumerate(bars):
        top = TOP + i * row
        y = top + (LABEL_LINE if stacked else 0)
        length = bar.value * scale
        baseline = y + BAR_HEIGHT * 0.72
        drawn.append(
            DrawnBar(
                key=bar.key,
                label=bar.label,
                note=bar.note,
                y=_coordinate(y),
                text_y=_coordinate(top + LABEL_LINE * 0.7 if stacked else baseline),
                note_y=_coordinate(baseline),
                width=_coordinate(length),
                part_width=_coordinate(min(bar.part, bar.value) * scale),
                note_x=_coordinate(label_width + length + 8),
            )
        )
    return BarChart(chart_id, title, description, width, 2 * TOP + row * len(bars), label_width, BAR_HEIGHT, drawn)
