"""Criteria templates as data: groups of items, each with its points and its scoring rule.

366-QĐ/TW Art. 10 and Decree 335/2025 Art. 12: a 100-point framework, a general group of 30 points and a
task-results group of 70. Points exist only at group level in the sources; per-item points and scoring
rules are configuration owned by a party committee or agency (HD 43 §1, §7.12 — docs/regulations/frameworks.md
§1.0), so a template is data: versioned by its owner, validated here, stored as JSON (`model_dump(mode="json")`).

Item modes (frameworks.md §1.6): `binary` — met gives the full points, not met 0 ("Đảm bảo / Không đảm
bảo"); `graded` — any multiple of `step` from 0 to the maximum; `band` — one of a few named bands, each
worth fixed points; `grade` — XS/T/TB/K with no points (132/124 rule sets, docs/regulations/party.md §5.1). An item may
carry a `children` checklist of zero-point sub-items: failing one zeroes the parent (the "ALL_OR_NOTHING"
pattern). A `computed` group has no items: its points come from elsewhere (Decree 335 task results).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Final

from pydantic import BaseModel, ConfigDict, Field, model_validator

from danhgia.domain.texts import Text

GENERAL_POINTS: Final = Decimal(30)
TASK_POINTS: Final = Decimal(70)

Points = Annotated[Decimal, Field(ge=0, le=100, allow_inf_nan=False)]
Code = Annotated[str, Field(min_length=1, max_length=40)]


class ScoringMode(StrEnum):
    BINARY = "binary"
    GRADED = "graded"
    BAND = "band"
    GRADE = "grade"


class DefaultState(StrEnum):
    """What an item counts as when it is not answered: nothing (an answer is required), met, or not met."""

    UNANSWERED = "unanswered"
    MET = "met"
    NOT_MET = "not_met"


class GroupKind(StrEnum):
    GENERAL = "general"  # nhóm tiêu chí chung (30)
    TASKS = "tasks"  # nhóm tiêu chí về kết quả thực hiện nhiệm vụ (70)


class Scale(StrEnum):
    POINTS = "points"  # 100-point rule sets (qd366, nd335)
    GRADES = "grades"  # per-criterion grades (qd132, qd124)


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _duplicates(codes: Iterable[str]) -> list[str]:
    return sorted(code for code, n in Counter(codes).items() if n > 1)


def _invalid(vi: str, en: str) -> ValueError:
    return ValueError(f"{vi} / {en}")


class Band(_Data):
    """A named band of a `band` item; `min_ratio` (0..1) lets `band_for_ratio` pick it from a measured share."""

    code: Code
    text: Text
    points: Points
    min_ratio: Annotated[Decimal, Field(ge=0, le=1, allow_inf_nan=False)] | None = None


class ChecklistItem(_Data):
    code: Code
    text: Text
    default_state: DefaultState = DefaultState.UNANSWERED


class Item(_Data):
    code: Code
    text: Text
    mode: ScoringMode
    max_points: Points = Decimal(0)
    step: Annotated[Decimal, Field(gt=0, allow_inf_nan=False)] | None = None
    bands: tuple[Band, ...] = ()
    default_state: DefaultState = DefaultState.UNANSWERED
    evidence_required: bool = False
    children: tuple[ChecklistItem, ...] = ()

    @model_validator(mode="after")
    def _rules_of_the_mode(self) -> Item:
        where = f"mục {self.code}", f"item {self.code}"
        if (self.mode is ScoringMode.GRADE) != (self.max_points == 0):
            raise _invalid(
                f"{where[0]}: chỉ tiêu chí xếp loại XS/T/TB/K có điểm tối đa 0",
                f"{where[1]}: an item has 0 maximum points exactly when it is graded XS/T/TB/K",
            )
        if (self.mode is ScoringMode.GRADED) != (self.step is not None):
            raise _invalid(f"{where[0]}: bước điểm chỉ dùng cho kiểu chấm theo bước", f"{where[1]}: step is for graded")
        if self.step is not None and self.max_points % self.step != 0:
            raise _invalid(
                f"{where[0]}: điểm tối đa {self.max_points} không là bội số của bước {self.step}",
                f"{where[1]}: maximum {self.max_points} is not a multiple of the step {self.step}",
            )
        if (self.mode is ScoringMode.BAND) != bool(self.bands):
            raise _invalid(f"{where[0]}: các mức chỉ dùng cho kiểu chọn mức", f"{where[1]}: bands are for band items")
        if self.bands and (
            _duplicates(b.code for b in self.bands)
            or any(b.points > self.max_points for b in self.bands)
            or max(b.points for b in self.bands) != self.max_points
        ):
            raise _invalid(
                f"{where[0]}: mã mức phải khác nhau, không mức nào quá điểm tối đa, mức cao nhất bằng điểm tối đa",
                f"{where[1]}: band codes must be unique, no band above the maximum, and the best band at the maximum",
            )
        if self.mode is ScoringMode.GRADE and (self.children or self.default_state is not DefaultState.UNANSWERED):
            raise _invalid(
                f"{where[0]}: tiêu chí xếp loại không có danh mục con và không có trạng thái mặc định",
                f"{where[1]}: a graded XS/T/TB/K item takes no checklist and no default",
            )
        if dup := _duplicates(c.code for c in self.children):
            raise _invalid(f"{where[0]}: mục con trùng mã {dup}", f"{where[1]}: duplicate checklist codes {dup}")
        return self


class Group(_Data):
    code: Code
    text: Text
    kind: GroupKind
    max_points: Points
    items: tuple[Item, ...] = ()
    computed: bool = False
    guidance: tuple[Text, ...] = ()

    @model_validator(mode="after")
    def _items_add_up(self) -> Group:
        if self.computed and self.items:
            raise _invalid(
                f"nhóm {self.code}: nhóm tính từ sản phẩm không có mục chấm",
                f"group {self.code}: a computed group has no items",
            )
        if not self.computed and not self.items:
            raise _invalid(f"nhóm {self.code}: nhóm không có mục chấm", f"group {self.code}: the group has no items")
        total = sum((item.max_points for item in self.items), Decimal(0))
        if self.items and total != self.max_points:
            raise _invalid(
                f"nhóm {self.code}: tổng điểm các mục {total} khác điểm của nhóm {self.max_points}",
                f"group {self.code}: the items add up to {total}, not the group's {self.max_points}",
            )
        return self


class CriteriaTemplate(_Data):
    """A criteria framework as a form fills it in (docs/regulations/frameworks.md §1–3)."""

    code: Code
    ruleset: Code
    framework: str
    categories: tuple[str, ...]
    form: str
    title: Text
    scale: Scale
    groups: tuple[Group, ...]
    source: str
    points_confirmed: bool = False

    @model_validator(mode="after")
    def _consistent(self) -> CriteriaTemplate:
        if dup := _duplicates(g.code for g in self.groups):
            raise _invalid(f"nhóm trùng mã {dup}", f"duplicate group codes {dup}")
        if dup := _duplicates(i.code for i in self.items()):
            raise _invalid(f"mục trùng mã {dup}", f"duplicate item codes {dup}")
        if self.scale is Scale.POINTS:
            self._check_points()
        else:
            self._check_grades()
        return self

    def _check_points(self) -> None:
        if any(i.mode is ScoringMode.GRADE for i in self.items()):
            raise _invalid(
                "bộ tiêu chí chấm điểm không có tiêu chí XS/T/TB/K", "a points template has no XS/T/TB/K item"
            )
        for kind, expected in ((GroupKind.GENERAL, GENERAL_POINTS), (GroupKind.TASKS, TASK_POINTS)):
            total = sum((g.max_points for g in self.groups if g.kind is kind), Decimal(0))
            if total != expected:
                raise _invalid(
                    f"nhóm «{kind.value}» phải có tổng {expected} điểm, nhận được {total}"
                    " (Quy định 366-QĐ/TW Điều 10; Nghị định 335/2025 Điều 12)",
                    f"the {kind.value} groups must total {expected} points, not {total}"
                    " (366-QĐ/TW Art. 10; Decree 335/2025 Art. 12)",
                )

    def _check_grades(self) -> None:
        tasks = [i for g in self.groups if g.kind is GroupKind.TASKS for i in g.items]
        if (
            any(g.computed for g in self.groups)
            or any(i.mode is not ScoringMode.GRADE for i in self.items())
            or [i.code for i in tasks] != ["tasks"]
        ):
            raise _invalid(
                "bộ tiêu chí xếp loại: mọi tiêu chí xếp XS/T/TB/K, đúng một tiêu chí kết quả nhiệm vụ mã «tasks»",
                "a grades template: every item graded XS/T/TB/K, exactly one task-results item coded 'tasks'",
            )

    def items(self) -> Iterator[Item]:
        for group in self.groups:
            yield from group.items

    def item(self, code: str) -> Item:
        return next(i for i in self.items() if i.code == code)

    @property
    def max_total(self) -> Decimal:
        return sum((g.max_points for g in self.groups), Decimal(0))


def band_for_ratio(item: Item, ratio: Decimal) -> Band:
    """The band whose `min_ratio` is the highest not above `ratio` (stepped tiers, frameworks.md §2.6)."""
    eligible = [b for b in item.bands if b.min_ratio is not None and b.min_ratio <= ratio]
    if not eligible:
        raise ValueError(f"item {item.code}: no band for the ratio {ratio}")
    return max(eligible, key=lambda b: b.min_ratio or Decimal(0))
