"""Charts as PNG pictures for the .docx documents (Word shows no SVG everywhere): 100 % bars of the L1–L4
shares, one per row, drawn with Pillow in DejaVu Sans (Vietnamese letters)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from io import BytesIO
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from danhgia.apps.reports.figures import LEVELS
from danhgia.apps.reports.labels import LEVEL_COLOURS

FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")  # Debian's fonts-dejavu-core
WIDTH, LABEL, BAR, GAP = 1400, 460, 34, 12


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.truetype(str(FONT), size) if FONT.exists() else ImageFont.load_default()


def share_bars_png(rows: Sequence[tuple[str, Counter[str]]], title: str) -> bytes:
    """One bar per (label, counts by level): the L1–L4 shares of those classified, n at the end."""
    height = 70 + len(rows) * (BAR + GAP) + 50
    image = Image.new("RGB", (WIDTH, height), "white")
    draw = ImageDraw.Draw(image)
    text, small = _font(24), _font(20)
    draw.text((10, 10), title, fill="#1d2430", font=text)
    plot = WIDTH - LABEL - 120
    y = 60
    for label, counts in rows:
        draw.text((10, y + 6), label[:38], fill="#1d2430", font=small)
        total = sum(counts[level] for level in LEVELS)
        x = float(LABEL)
        for level in LEVELS:
            if not total or not counts[level]:
                continue
            width = plot * counts[level] / total
            draw.rectangle((x, y, x + width, y + BAR), fill=LEVEL_COLOURS[level])
            if width > 70:
                draw.text((x + 6, y + 6), f"{100 * counts[level] / total:.1f} %", fill="white", font=small)
            x += width
        draw.text((LABEL + plot + 10, y + 6), f"n={total}", fill="#5a6472", font=small)
        y += BAR + GAP
    x = LABEL
    for level in LEVELS:
        draw.rectangle((x, y + 10, x + 20, y + 30), fill=LEVEL_COLOURS[level])
        draw.text((x + 26, y + 8), level, fill="#1d2430", font=small)
        x += 120
    out = BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
