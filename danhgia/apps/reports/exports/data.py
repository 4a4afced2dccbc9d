"""The statistics of a node as a JSON document (`danhgia-statistics/1`): codes, not labels; shares as strings."""

from __future__ import annotations

from typing import Any

from danhgia.apps.reports.selectors import Statistics

FORMAT = "danhgia-statistics/1"


def statistics_document(stats: Statistics) -> dict[str, Any]:
    cycle = stats.cycle
    return {
        "format": FORMAT,
        "cycle": {
            "id": cycle.pk,
            "name": cycle.name,
            "kind": cycle.kind,
            "year": cycle.year,
            "quarter": cycle.quarter,
            "ruleset": cycle.ruleset,
        },
        "unit": {"code": stats.unit.code, "name": stats.unit.name, "kind": stats.unit.kind},
        "as_of_tree": stats.on.isoformat(),
        "refreshed_at": stats.refreshed_at.isoformat() if stats.refreshed_at else None,
        "basis": "decided result where the review is decided, published or under complaint; else the engine's proposal",
        "subjects": [
            {
                "subject": s.subject,
                "figures": s.total.as_dict(),
                "rows": [{"kind": kind, "figures": f.as_dict()} for kind, _label, f in s.kinds],
            }
            for s in stats.subjects
        ],
        "own": {subject: f.as_dict() for subject, f in sorted(stats.own.items())},
        "children": [
            {
                "code": c.unit.code,
                "name": c.unit.name,
                "kind": c.unit.kind,
                "subjects": {subject: f.as_dict() for subject, f in sorted(c.by_subject.items())},
            }
            for c in stats.children
        ],
        "trend": [
            {
                "cycle": p.cycle_id,
                "name": p.name,
                "year": p.year,
                "quarter": p.quarter,
                "computed": p.computed,
                "subjects": {subject: f.as_dict() for subject, f in sorted(p.by_subject.items())},
            }
            for p in stats.trend
        ],
    }
