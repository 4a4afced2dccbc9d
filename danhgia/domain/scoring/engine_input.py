"""From a finished scoring to the engine's subject fields (docs/engine-contract.md §1: `score` or `grades`, `tasks`,
`shortcomings`), so the workflow can build the engine's facts without knowing how the score was made.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from danhgia.domain.scoring.score import ScoreBreakdown
from danhgia.domain.scoring.templates import Scale
from danhgia.domain.texts import DomainError, Text


class EngineInputError(DomainError):
    """Counts or a scoring that the engine would refuse."""


@dataclass(frozen=True)
class TaskCounts:
    """docs/engine-contract.md §1 `tasks`: on_time ≤ completed ≤ assigned, exceeded ≤ completed."""

    assigned: int
    completed: int
    on_time: int
    exceeded: int
    key_missed: int = 0
    force_majeure: bool = False

    def __post_init__(self) -> None:
        if min(self.assigned, self.completed, self.on_time, self.exceeded, self.key_missed) < 0 or not (
            self.on_time <= self.completed <= self.assigned and self.exceeded <= self.completed
        ):
            raise EngineInputError(
                "invalid_task_counts",
                Text(
                    "Số nhiệm vụ phải không âm, đúng hạn ≤ hoàn thành ≤ được giao, vượt ≤ hoàn thành.",
                    "Task counts must be ≥ 0 with on time ≤ completed ≤ assigned and exceeded ≤ completed.",
                ),
            )


@dataclass(frozen=True)
class ShortcomingCounts:
    """docs/engine-contract.md §1 `shortcomings`: shortcomings pointed out earlier and how many were remedied."""

    noted: int
    remedied: int

    def __post_init__(self) -> None:
        if not 0 <= self.remedied <= self.noted:
            raise EngineInputError(
                "invalid_shortcoming_counts",
                Text(
                    "Số hạn chế đã khắc phục phải từ 0 đến số hạn chế được chỉ ra.",
                    "Remedied shortcomings must be from 0 to the number noted.",
                ),
            )


@dataclass(frozen=True)
class EngineInput:
    score: Decimal | None = None
    grades: Mapping[str, str] = field(default_factory=dict)
    tasks: TaskCounts | None = None
    shortcomings: ShortcomingCounts | None = None

    def fields(self) -> dict[str, Any]:
        """The subject fields of a `danhgia-scenario/1` document (JSON-ready; the engine reads a number)."""
        result: dict[str, Any] = {}
        if self.score is not None:
            result["score"] = int(self.score) if self.score == self.score.to_integral_value() else float(self.score)
        if self.grades:
            result["grades"] = dict(self.grades)
        if self.tasks is not None:
            t = self.tasks
            result["tasks"] = {
                "assigned": t.assigned,
                "completed": t.completed,
                "on_time": t.on_time,
                "exceeded": t.exceeded,
                "key_missed": t.key_missed,
                "force_majeure": t.force_majeure,
            }
        if self.shortcomings is not None:
            result["shortcomings"] = {"noted": self.shortcomings.noted, "remedied": self.shortcomings.remedied}
        return result


def engine_input(
    breakdown: ScoreBreakdown, *, tasks: TaskCounts | None = None, shortcomings: ShortcomingCounts | None = None
) -> EngineInput:
    """The engine's input from a scoring: the total as `score` (points templates) or the item grades as
    `grades` (XS/T/TB/K templates, the task-results criterion keyed `tasks`), with the task and shortcoming
    counts the review recorded (for Decree 335 products: `TaskResult.counts`).
    """
    if breakdown.scale is Scale.GRADES:
        return EngineInput(grades=dict(breakdown.grades), tasks=tasks, shortcomings=shortcomings)
    return EngineInput(score=breakdown.total, tasks=tasks, shortcomings=shortcomings)
