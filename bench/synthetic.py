"""Synthetic classification data for benchmarks and batch-path tests.

A realistic mix under qd366-2025: per block an agency (its `organisation` subject, its leadership collective
and its head) and a party cell of 5–60 members (its `party_organisation` subject, the members in the cell's
default quota group), ~15 % of members exempt, ~1 % disciplined, scores around 80. The same data is
available as columns (`columns`, the batch path's input) and as scenario documents (`documents`, one per
block, the web path's input), so both paths can be run on it and compared.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np

from danhgia.engine.batch import Period, facts_from_columns
from danhgia.engine.codes import CATEGORY_CODE, UNIT_KIND_CODE
from danhgia.engine.facts import Facts

PERIOD = Period(date(2025, 1, 1), date(2025, 12, 31))


@dataclass(frozen=True)
class Synthetic:
    unit_parent: np.ndarray[Any, Any]
    unit_kind: np.ndarray[Any, Any]
    unit_ids: list[str]
    ids: np.ndarray[Any, Any]
    category: np.ndarray[Any, Any]
    unit: np.ndarray[Any, Any]
    block: np.ndarray[Any, Any]  # the block (agency + cell) each subject belongs to
    columns: dict[str, np.ndarray[Any, Any]]
    discipline: dict[str, np.ndarray[Any, Any]]

    @property
    def size(self) -> int:
        return len(self.ids)

    def facts(self) -> Facts:
        return facts_from_columns(
            period=PERIOD,
            unit_parent=self.unit_parent,
            unit_kind=self.unit_kind,
            unit_ids=self.unit_ids,
            ids=self.ids,
            category=self.category,
            unit=self.unit,
            subjects=self.columns,
            discipline=self.discipline,
        )


def generate(n: int, seed: int = 1) -> Synthetic:
    """About n subjects in blocks of an agency (3 collectives/leaders) and a cell (5–60 members + its PO)."""
    rng = np.random.default_rng(seed)
    sizes = rng.integers(5, 61, size=max(1, n // 35))
    blocks = len(sizes)
    per_block = sizes + 4  # org, leadership collective, head, cell PO + members
    block = np.repeat(np.arange(blocks), per_block)
    start = np.r_[0, np.cumsum(per_block)[:-1]]
    pos = np.arange(len(block)) - start[block]  # 0 org, 1 LC, 2 head, 3 PO, 4.. members
    agency, cell = 2 * block, 2 * block + 1
    category = np.select(
        [pos == 0, pos == 1, pos == 2, pos == 3],
        [
            CATEGORY_CODE["organisation"],
            CATEGORY_CODE["leadership_collective"],
            CATEGORY_CODE["leader"],
            CATEGORY_CODE["party_organisation"],
        ],
        np.where(rng.random(len(block)) < 0.05, CATEGORY_CODE["member_outside"], CATEGORY_CODE["staff"]),
    ).astype(np.int8)
    unit = np.where((pos <= 1), agency, cell).astype(np.int32)
    size = len(block)
    individual = category < CATEGORY_CODE["organisation"]
    assigned = rng.integers(8, 41, size)
    late = np.where(rng.random(size) < 0.15, rng.integers(0, 3, size), 0)
    undone = np.where(rng.random(size) < 0.05, rng.integers(1, 3, size), 0)
    completed = assigned - np.minimum(undone, assigned)
    on_time = completed - np.minimum(late, completed)
    exceeded = (completed * rng.choice([0.1, 0.2, 0.3, 0.4, 0.5], size)).astype(np.int64)
    score = np.clip(np.round(rng.normal(82, 8, size)), 0, 100)
    columns = {
        "score": score,
        "has_tasks": np.ones(size, np.bool_),
        "assigned": assigned,
        "completed": completed,
        "on_time": on_time,
        "exceeded": exceeded,
        "is_member": individual & (category != CATEGORY_CODE["leader"]) | (category == CATEGORY_CODE["leader"]),
        "exempt_from_activities": individual & (rng.random(size) < 0.15),
        "head_of": np.where(pos == 2, agency, -1).astype(np.int32),
    }
    disciplined = np.flatnonzero(rng.random(size) < 0.01)
    discipline: dict[str, np.ndarray[Any, Any]] = {
        "subject": disciplined.astype(np.int32),
        "form": rng.integers(0, 3, disciplined.size).astype(np.int8),
        "effective": np.full(disciplined.size, 20250610, np.int32),
        "violation": np.arange(disciplined.size, dtype=np.int64),
        "self_detected": rng.random(disciplined.size) < 0.3,
        "public_service": np.ones(disciplined.size, np.bool_),
        "has_counted": np.zeros(disciplined.size, np.bool_),
    }
    unit_kind = np.tile([UNIT_KIND_CODE["agency"], UNIT_KIND_CODE["grassroots_cell"]], blocks).astype(np.int8)
    width = len(str(size))
    ids = np.char.add("S", np.char.zfill(np.arange(size).astype(str), width))
    return Synthetic(
        unit_parent=np.full(2 * blocks, -1, np.int32),
        unit_kind=unit_kind,
        unit_ids=[f"A{b}" if u == 0 else f"C{b}" for b in range(blocks) for u in (0, 1)],
        ids=ids,
        category=category,
        unit=unit,
        block=block,
        columns=columns,
        discipline=discipline,
    )


def documents(data: Synthetic, limit: int | None = None) -> list[dict[str, Any]]:
    """The same subjects as `danhgia-scenario/1` documents, one per block (the web path's unit of work)."""
    from danhgia.engine.codes import CATEGORIES, FORMS, UNIT_KINDS

    c = data.columns
    entries: dict[int, list[dict[str, Any]]] = {}
    for k, row in enumerate(data.discipline["subject"]):
        entries.setdefault(int(row), []).append(
            {
                "form": FORMS[int(data.discipline["form"][k])],
                "effective": "2025-06-10",
                "violation": f"V{int(data.discipline['violation'][k])}",
                "self_detected_remedied": bool(data.discipline["self_detected"][k]),
            }
        )
    docs = []
    bounds = np.flatnonzero(np.r_[True, data.block[1:] != data.block[:-1], True])
    for b in range(min(len(bounds) - 1, limit or len(bounds))):
        rows = range(int(bounds[b]), int(bounds[b + 1]))
        units = sorted({int(data.unit[i]) for i in rows})
        subjects = []
        for i in rows:
            category = CATEGORIES[int(data.category[i])]
            subject: dict[str, Any] = {
                "id": str(data.ids[i]),
                "type": "individual" if data.category[i] < 4 else "collective",
                "category": category,
                "unit": data.unit_ids[int(data.unit[i])],
                "score": float(c["score"][i]),
                "tasks": {k: int(c[k][i]) for k in ("assigned", "completed", "on_time", "exceeded")},
            }
            if c["is_member"][i]:
                subject["membership"] = {"exempt_from_activities": bool(c["exempt_from_activities"][i])}
            if c["head_of"][i] >= 0:
                subject["head_of"] = data.unit_ids[int(c["head_of"][i])]
            if i in entries:
                subject["discipline"] = entries[i]
            subjects.append(subject)
        docs.append(
            {
                "format": "danhgia-scenario/1",
                "ruleset": "qd366-2025",
                "period": {"kind": "year", "year": 2025},
                "units": [
                    {"id": data.unit_ids[u], "parent": None, "kind": UNIT_KINDS[int(data.unit_kind[u])]} for u in units
                ],
                "subjects": subjects,
            }
        )
    return docs
