"""Decree 335/2025/NĐ-CP task results (70 points) from products, and the year from monthly/quarterly results.

docs/regulations/frameworks.md §2.2–2.3:
- Art. 13: products are converted to standard units (quantity × the agency's coefficient) so they can be summed.
- Art. 14: a = completed ÷ assigned (quantity), b = completed to the required quality ÷ assigned, c = completed
  on time or early ÷ assigned — every ratio over the *assigned* converted units (frameworks.md §4). Each
  failed quality check takes 25 % off that product's quality points, each delay 25 % off its progress points,
  unless the competent level confirms an objective cause.
- Art. 15: a leader's a, b, c cover the products of the tasks they perform and direct; d = 100 % if every civil
  servant in their charge scores in the "completion" band or above, 50 % if any scores below; đ = 100 % if
  the unit completes the planned tasks on time with quality, 50 % otherwise; e = 100 % if the unit stays
  united, 50 % if prolonged disunity was complained of.
- Art. 16 (IMPL ≥ 6): non-leader 70 × (a + b + c) / 3; leader 70 × (a + b + c + d + đ + e) / 6.
- Art. 21: the year's score is the mean of the monthly or quarterly results over the time actually worked.

Decisions (frameworks.md §2.2 open points): a product's `completed` may not exceed its `quantity` (extra work
is recorded in `exceeded`), so a, b, c never pass 100 %; the 25 % deductions stop at 0 (four failed checks or
delays leave nothing, as customs caps them); an objective cause is confirmed per product and lifts both
deductions; d, đ, e are inputs of whatever period the agency monitors. Ratios stay exact `Fraction`s and the
task score is rounded once (`Rounding`, 2 places half up by default).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Final

from danhgia.domain.scoring.engine_input import TaskCounts
from danhgia.domain.scoring.rounding import DEFAULT_ROUNDING, Rounding
from danhgia.domain.texts import DomainError, Text

TASK_POINTS: Final = 70
DEDUCTION: Final = Fraction(1, 4)
HALF: Final = Fraction(1, 2)
COMPLETION_BAND: Final = Decimal(50)  # Decree 335 Art. 20: L3 "Hoàn thành nhiệm vụ" from 50 points


class ProductError(DomainError):
    """A product or a list of products that cannot be scored; the message names the product."""


@dataclass(frozen=True)
class Product:
    """One kind of product assigned in the period, with what became of it.

    `quality_failures` and `delays` hold one count per affected completed unit (a unit that failed review
    twice counts 2); `exceeded` counts completed units that went beyond the requirement.
    """

    code: str
    name: str
    quantity: int
    coefficient: Decimal
    completed: int
    quality_failures: tuple[int, ...] = ()
    delays: tuple[int, ...] = ()
    objective_cause: bool = False
    exceeded: int = 0

    def __post_init__(self) -> None:
        label = f"«{self.code}» {self.name}"
        if self.quantity < 1 or not 0 <= self.completed <= self.quantity or not 0 <= self.exceeded <= self.completed:
            self._refuse(
                f"Sản phẩm {label}: cần 1 ≤ giao, 0 ≤ vượt ≤ hoàn thành ≤ giao (giao {self.quantity}, hoàn thành"
                f" {self.completed}, vượt {self.exceeded}).",
                f"Product {label}: needs 1 ≤ assigned and 0 ≤ exceeded ≤ completed ≤ assigned (assigned"
                f" {self.quantity}, completed {self.completed}, exceeded {self.exceeded}).",
            )
        if not (self.coefficient.is_finite() and self.coefficient > 0):
            self._refuse(
                f"Sản phẩm {label}: hệ số quy đổi phải lớn hơn 0, nhận được {self.coefficient}.",
                f"Product {label}: the conversion coefficient must be above 0, got {self.coefficient}.",
            )
        for what_vi, what_en, counts in (
            ("lần không đạt chất lượng", "failed quality checks", self.quality_failures),
            ("lần chậm tiến độ", "delays", self.delays),
        ):
            if len(counts) > self.completed or any(n < 1 for n in counts):
                self._refuse(
                    f"Sản phẩm {label}: số {what_vi} ghi cho từng sản phẩm hoàn thành, mỗi số ≥ 1, nhiều nhất"
                    f" {self.completed} số.",
                    f"Product {label}: {what_en} are counted per completed unit, each ≥ 1, at most"
                    f" {self.completed} of them.",
                )

    @staticmethod
    def _refuse(vi: str, en: str) -> None:
        raise ProductError("invalid_product", Text(vi, en))

    @property
    def unit_value(self) -> Fraction:
        return Fraction(self.coefficient)

    @property
    def assigned_units(self) -> Fraction:
        return self.quantity * self.unit_value

    def _share(self, counts: tuple[int, ...]) -> Fraction:
        """Converted units after 25 % off per event on each affected unit (none with an objective cause)."""
        if self.objective_cause:
            return self.completed * self.unit_value
        kept = (self.completed - len(counts)) + sum((max(Fraction(0), 1 - DEDUCTION * n) for n in counts), Fraction(0))
        return kept * self.unit_value

    @property
    def quality_units(self) -> Fraction:
        return self._share(self.quality_failures)

    @property
    def progress_units(self) -> Fraction:
        return self._share(self.delays)


@dataclass(frozen=True)
class LeaderFactors:
    """Art. 15's extra ratios for a leader, each 100 % when its condition holds and 50 % otherwise."""

    staff_all_completed: bool  # d: every civil servant in charge scored ≥ 50 (L3 band or above)
    tasks_on_plan: bool  # đ: the unit completed its planned tasks on time, with quality
    united: bool  # e: no prolonged disunity complained of

    @property
    def d(self) -> Fraction:
        return Fraction(1) if self.staff_all_completed else HALF

    @property
    def dd(self) -> Fraction:
        """đ (Vietnamese letter d with stroke)."""
        return Fraction(1) if self.tasks_on_plan else HALF

    @property
    def e(self) -> Fraction:
        return Fraction(1) if self.united else HALF


def staff_all_completed(staff_totals: Iterable[Decimal | Fraction]) -> bool:
    """Art. 15 d: whether every civil servant in the leader's charge scored in the completion band or above."""
    return all(total >= COMPLETION_BAND for total in staff_totals)


@dataclass(frozen=True)
class TaskResult:
    assigned_units: Fraction
    completed_units: Fraction
    quality_units: Fraction
    progress_units: Fraction
    a: Fraction
    b: Fraction
    c: Fraction
    leader: LeaderFactors | None
    exact_points: Fraction
    points: Decimal
    counts: TaskCounts

    def ratios(self) -> dict[str, Fraction]:
        """a, b, c (and d, đ, e for a leader) by their letter."""
        ratios = {"a": self.a, "b": self.b, "c": self.c}
        if self.leader is not None:
            ratios |= {"d": self.leader.d, "đ": self.leader.dd, "e": self.leader.e}
        return ratios


def task_result(
    products: Sequence[Product], *, leader: LeaderFactors | None = None, rounding: Rounding = DEFAULT_ROUNDING
) -> TaskResult:
    """The task-results score of one monitoring period (Decree 335 Art. 14–16); `leader` switches to Art. 15.

    For cumulative ratios over a quarter pass the products of all its months together (Σ / Σ).
    """
    if not products:
        raise ProductError(
            "no_products",
            Text("Chưa có sản phẩm nào được giao trong kỳ.", "No product was assigned in the period."),
        )
    assigned = sum((p.assigned_units for p in products), Fraction(0))
    completed = sum((p.completed * p.unit_value for p in products), Fraction(0))
    quality = sum((p.quality_units for p in products), Fraction(0))
    progress = sum((p.progress_units for p in products), Fraction(0))
    a, b, c = completed / assigned, quality / assigned, progress / assigned
    ratios = [a, b, c] if leader is None else [a, b, c, leader.d, leader.dd, leader.e]
    exact = TASK_POINTS * sum(ratios, Fraction(0)) / len(ratios)
    counts = TaskCounts(
        assigned=sum(p.quantity for p in products),
        completed=sum(p.completed for p in products),
        on_time=sum(p.completed - len(p.delays) for p in products),
        exceeded=sum(p.exceeded for p in products),
    )
    return TaskResult(assigned, completed, quality, progress, a, b, c, leader, exact, rounding.apply(exact), counts)


def year_mean(period_totals: Sequence[Decimal | Fraction | None]) -> Fraction:
    """The exact mean of the monthly or quarterly totals over the periods actually worked (Decree 335 Art. 21).

    `None` marks a period not worked (full leave, before joining): it is left out of the mean.
    """
    worked = [Fraction(t) for t in period_totals if t is not None]
    if not worked:
        raise ProductError(
            "no_period_worked",
            Text("Không có kỳ theo dõi nào có kết quả.", "No monitoring period has a result."),
        )
    return sum(worked, Fraction(0)) / len(worked)


def year_score(period_totals: Sequence[Decimal | Fraction | None], *, rounding: Rounding = DEFAULT_ROUNDING) -> Decimal:
    """`year_mean` rounded for display (bands compare the exact mean). Also gives a quarter from its months."""
    return rounding.apply(year_mean(period_totals))


def with_staff_result(exact_points: Fraction, leader: LeaderFactors, staff_all_completed: bool) -> Fraction:
    """A leader's exact task points (or total) scored with `leader`, with Art. 15 d replaced by the one the
    staff's results give (d weighs 1/6 of the 70 task points)."""
    d = Fraction(1) if staff_all_completed else HALF
    return exact_points + TASK_POINTS * (d - leader.d) / 6
