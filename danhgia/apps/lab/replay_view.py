"""A replay as the page shows it: tables of counts, the matrix, the units of one level of the tree, the moving
subjects (searched by name or unit) with both explanations."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from danhgia.apps.lab.labels import result_label
from danhgia.apps.lab.replay import RESULTS, Replay
from danhgia.apps.reports.charts import distribution_chart
from danhgia.apps.reports.figures import LEVELS, Figures

MOVED_SHOWN = 200  # moving subjects listed with explanations; the spreadsheet has them all
COLUMNS = ("L1", "L2", "L3", "L4", "exempt", "not_classified", "needs_decision")


def _row(label: str, counts: Mapping[str, Counter[str]]) -> dict[str, Any]:
    return {
        "label": label,
        "cells": [
            (counts.get("decided", Counter())[c], counts.get("before", Counter())[c], counts.get("after", Counter())[c])
            for c in COLUMNS
        ],
        "total": sum(counts.get("before", Counter()).values()),
    }


def figures(counts: Counter[str]) -> Figures:
    shown = Figures()
    for level in LEVELS:
        shown.levels[level] = counts[level]
    return shown


def level_charts(replay: Replay, font: str | None = None) -> list[str]:
    """One chart: per category, the L1–L4 shares under the cycle's rules and under the draft."""
    rows = []
    now, draft_word = pgettext("lab", "now"), pgettext("lab", "draft")
    for category, counts in sorted(replay.by_type.items()):
        rows.append((f"{category} · {now}", figures(counts.get("before", Counter()))))
        rows.append((f"{category} · {draft_word}", figures(counts.get("after", Counter()))))
    title = _("Levels by category: now and under the draft")
    return [distribution_chart(rows, title=title, font=font) if font else distribution_chart(rows, title=title)]


def replay_context(replay: Replay, query: Mapping[str, str]) -> dict[str, Any]:
    unit = int(query["unit"]) if str(query.get("unit", "")).isdigit() else replay.cycle.root_id
    if unit not in replay.unit_names:
        unit = replay.cycle.root_id
    units = [
        (pk, _row(replay.unit_names[pk], replay.by_unit[pk]))
        for pk in replay.unit_children.get(unit, [])
        if pk in replay.by_unit
    ]
    present = [c for c in RESULTS if any(k[0] == c or k[1] == c for k in replay.matrix)]
    search = str(query.get("q", "")).strip().lower()
    moved = [r for r in replay.moved if not search or search in r.name.lower() or search in r.unit.lower()]
    shown = []
    for row in moved[:MOVED_SHOWN]:
        before, after = replay.explain(row.review)
        shown.append({"row": row, "before": before["reasons"], "after": after["reasons"]})
    return {
        "replay": replay,
        "charts": level_charts(replay),
        "columns": [(c, result_label(c)) for c in COLUMNS],
        "by_type": [_row(category, counts) for category, counts in sorted(replay.by_type.items())],
        "unit": unit,
        "unit_name": replay.unit_names.get(unit, ""),
        "unit_total": _row(replay.unit_names.get(unit, ""), replay.by_unit.get(unit, {})),
        "units": units,
        "matrix_labels": [(c, result_label(c)) for c in present],
        "matrix": [(result_label(b), [replay.matrix[(b, a)] for a in present]) for b in present],
        "moved_total": len(replay.moved),
        "moved_found": len(moved),
        "moved": shown,
        "search": search,
        "reasons": replay.reason_changes(),
        "quota": [q for q in replay.quota if q.demoted_before or q.demoted_after],
    }
