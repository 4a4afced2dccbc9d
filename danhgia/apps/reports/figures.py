"""The figures of one table cell group: totals, outcomes, levels with shares, basis and progress.

Plain data built from summary rows (never from reviews); shares are exact fractions, shown as percentages
with one decimal rounded half up.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any

LEVELS = ("L1", "L2", "L3", "L4")
CLASSIFIED, EXEMPT, NOT_CLASSIFIED, NEEDS_DECISION = "classified", "exempt", "not_classified", "needs_decision"
ONE_DECIMAL = Decimal("0.1")


def percent(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in per cent with one decimal (half up); None when there is no whole."""
    if whole == 0:
        return None
    value = Fraction(part * 100, whole)
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(ONE_DECIMAL, rounding=ROUND_HALF_UP)


@dataclass
class Figures:
    total: int = 0
    exempt: int = 0
    not_classified: int = 0
    needs_decision: int = 0
    pending: int = 0  # no result yet (the engine has not run, nothing decided)
    levels: dict[str, int] = field(default_factory=lambda: dict.fromkeys(LEVELS, 0))
    decided: int = 0  # counted from the competent level's decision
    proposed: int = 0  # counted from the engine's proposal
    states: Counter[str] = field(default_factory=Counter)
    reasons: Counter[tuple[str, str]] = field(default_factory=Counter)  # (status, reason code) → count

    def add(self, *, status: str, level: str, basis: str, state: str, reason: str, count: int) -> None:
        self.total += count
        if state:
            self.states[state] += count
        if status == CLASSIFIED and level in self.levels:
            self.levels[level] += count
        elif status == EXEMPT:
            self.exempt += count
        elif status == NOT_CLASSIFIED:
            self.not_classified += count
        elif status == NEEDS_DECISION:
            self.needs_decision += count
        else:
            self.pending += count
            return
        if status != CLASSIFIED:
            self.reasons[(status, reason)] += count
        if basis == "decided":
            self.decided += count
        else:
            self.proposed += count

    def merge(self, other: Figures) -> None:
        self.total += other.total
        self.exempt += other.exempt
        self.not_classified += other.not_classified
        self.needs_decision += other.needs_decision
        self.pending += other.pending
        for level in LEVELS:
            self.levels[level] += other.levels[level]
        self.decided += other.decided
        self.proposed += other.proposed
        self.states.update(other.states)
        self.reasons.update(other.reasons)

    @property
    def classified(self) -> int:
        return sum(self.levels.values())

    def share(self, level: str) -> Decimal | None:
        """The level's share of those classified, in per cent."""
        return percent(self.levels[level], self.classified)

    @property
    def level1_of_level2(self) -> Decimal | None:
        """L1 as a share of L1 + L2 (those at level 2 or better), in per cent."""
        return percent(self.levels["L1"], self.levels["L1"] + self.levels["L2"])

    @property
    def level_cells(self) -> list[tuple[str, int, Decimal | None]]:
        return [(level, self.levels[level], self.share(level)) for level in LEVELS]

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready, shares as strings ("23.8") so no float ever stands for a share."""

        def text(value: Decimal | None) -> str | None:
            return None if value is None else str(value)

        return {
            "total": self.total,
            "exempt": self.exempt,
            "not_classified": self.not_classified,
            "needs_decision": self.needs_decision,
            "pending": self.pending,
            "classified": self.classified,
            "levels": {level: {"count": n, "percent": text(share)} for level, n, share in self.level_cells},
            "level1_of_level1_and_level2_percent": text(self.level1_of_level2),
            "basis": {"decided": self.decided, "proposed": self.proposed},
            "states": dict(sorted(self.states.items())),
            "reasons": [
                {"status": status, "reason": reason, "count": n} for (status, reason), n in sorted(self.reasons.items())
            ],
        }


def figures_from(rows: Iterable[dict[str, Any]]) -> Figures:
    figures = Figures()
    for row in rows:
        figures.add(
            status=row["status"],
            level=row["level"],
            basis=row["basis"],
            state=row.get("state", ""),
            reason=row.get("reason", ""),
            count=row["n"],
        )
    return figures
