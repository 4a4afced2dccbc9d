"""The shape of a self-review form: the cycle's frozen criteria template (`CycleTemplate.body`, the JSON of a
`danhgia.domain.scoring.CriteriaTemplate`) with a form field name for every answer it asks for.

Items are scored `binary` (a checkbox: met gives the full points), `graded` (a multiple of `step` up to
`max_points`), `band` (one named band) or `grade` (XS/T/TB/K, no points); an item may carry a checklist
(one checkbox per entry: any entry not met zeroes the item) and may need an evidence reference. A `computed`
group (the 70 task points) is computed from a table of products where the rule set says so
(`tasks_from_products`: Decree 335/2025/NĐ-CP, Art. 13–16, `danhgia.domain.scoring.task_result`); elsewhere
(366-QĐ/TW, whose guidance leaves the per-title indicators to each committee) it is entered as one figure. A body
without groups (`"groups": []`, cycles frozen before the shipped templates existed) gives the generic form
instead.

Whether the subject is a leader (Art. 15: the extra ratios d, đ, e) is not asked: the review's category says
so (`Review.category` is "leader" or "leader_central", the engine's `LEADER_CATEGORIES`, set when the cycle
opens from the person's leadership posts), and the Decree 335 template is frozen per category.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language
from pydantic import ValidationError as SchemaError

from danhgia.apps.reviews.scores import StaffResult
from danhgia.domain.scoring import (
    Answer,
    CriteriaTemplate,
    DefaultState,
    Group,
    Item,
    ScoringMode,
    staff_all_completed,
)
from danhgia.domain.texts import Text
from danhgia.engine import CompiledRuleset, builtin_ruleset

SCORE = "score"  # the rule set's scoring: 100 points (qd366, nd335) …
GRADES = "grades"  # … or XS/T/TB/K per criterion (qd132, qd124)
ANSWER_KEYS = {
    ScoringMode.BINARY: "met",
    ScoringMode.GRADED: "points",
    ScoringMode.BAND: "band",
    ScoringMode.GRADE: "grade",
}


def text(value: Text) -> str:
    """A template text in the active language."""
    return value.en if (get_language() or "vi").startswith("en") else value.vi


@dataclass(frozen=True)
class CheckSpec:
    field: str
    code: str
    label: str


@dataclass(frozen=True)
class ItemSpec:
    field: str  # item_0, item_1, …: item codes hold dots
    item: Item
    checks: tuple[CheckSpec, ...]

    @property
    def evidence_field(self) -> str | None:
        return f"{self.field}_evidence" if self.item.evidence_required else None

    @property
    def label(self) -> str:
        return text(self.item.text)


@dataclass(frozen=True)
class GroupSpec:
    field: str  # group_0, …: the points of a computed group
    group: Group
    items: tuple[ItemSpec, ...]

    @property
    def label(self) -> str:
        return text(self.group.text)

    @property
    def guidance(self) -> list[str]:
        return [text(g) for g in self.group.guidance]


@dataclass(frozen=True)
class Criteria:
    scoring: str
    template: CriteriaTemplate | None
    groups: tuple[GroupSpec, ...]
    is_leader: bool = False  # the subject answers Art. 15 d, đ, e beside the products
    # the least total each level needs under the rule set (L1 → 90 …): a proposed level above what the total
    # reaches contradicts the self-review (`level_minimums`)
    minimums: Mapping[str, Decimal] = field(default_factory=dict)
    # a Decree 335 leader's Art. 15 d comes from these results of the civil servants in their charge
    # (reviews.scores.staff_results), never from a box the leader ticks
    staff: tuple[StaffResult, ...] = ()
    person_id: int | None = None  # the subject of a Decree 335 self-review, whose fed tasks fill the products table

    @property
    def staff_all_completed(self) -> bool:
        """Art. 15 d: every civil servant in charge who has a result scored 50 or more."""
        return staff_all_completed(s.score for s in self.staff if s.score is not None)

    @property
    def product_group(self) -> GroupSpec | None:
        """The computed group scored from the products table (Decree 335 templates), if any."""
        if self.template is None or not builtin_ruleset(self.template.ruleset).tasks_from_products:
            return None
        return next((spec for spec in self.groups if spec.group.computed), None)

    @property
    def templated(self) -> bool:
        return self.template is not None

    @property
    def points(self) -> bool:
        return self.scoring == SCORE

    def items(self) -> list[ItemSpec]:
        return [item for group in self.groups for item in group.items]


def level_minimums(rules: CompiledRuleset) -> dict[str, Decimal]:
    """The least total score of each level under a 100-point rule set (its `score_at_least` level rules)."""
    found: dict[str, Decimal] = {}
    for rule in rules.rules("level"):
        if rule.kind == "score_at_least":
            code = f"L{rule.level}"
            found[code] = max(found.get(code, Decimal(0)), Decimal(str(rule.params["min"])))
    return found


def criteria_from_body(
    body: Mapping[str, Any] | None,
    scoring: str,
    *,
    is_leader: bool = False,
    minimums: Mapping[str, Decimal] | None = None,
) -> Criteria:
    """The form's shape for a frozen template body (the generic form when it has no groups or is not valid)."""
    minimums = dict(minimums or {})
    if not body or not body.get("groups"):
        return Criteria(scoring, None, (), minimums=minimums)
    try:
        template = CriteriaTemplate.model_validate(body)
    except SchemaError:
        return Criteria(scoring, None, (), minimums=minimums)
    groups, index = [], 0
    for g, group in enumerate(template.groups):
        items = []
        for item in group.items:
            field = f"item_{index}"
            checks = tuple(
                CheckSpec(f"{field}_check_{j}", child.code, text(child.text)) for j, child in enumerate(item.children)
            )
            items.append(ItemSpec(field, item, checks))
            index += 1
        groups.append(GroupSpec(f"group_{g}", group, tuple(items)))
    return Criteria(scoring, template, tuple(groups), is_leader, minimums)


def domain_answers(criteria: Criteria, data: Mapping[str, Any]) -> dict[str, Answer]:
    """The domain's answers (item code → Answer) from cleaned form data; blank items are left out."""
    answers = {}
    for spec in criteria.items():
        value = data.get(spec.field)
        if value in (None, "") and spec.item.mode is not ScoringMode.BINARY:
            continue
        evidence = (data.get(spec.evidence_field) or "").strip() if spec.evidence_field else ""
        given = {ANSWER_KEYS[spec.item.mode]: bool(value) if spec.item.mode is ScoringMode.BINARY else value}
        answers[spec.item.code] = Answer.model_validate(
            given
            | {
                "checklist": {check.code: bool(data.get(check.field)) for check in spec.checks},
                "evidence": (evidence,) if evidence else (),
            }
        )
    return answers


def computed_points(criteria: Criteria, data: Mapping[str, Any]) -> dict[str, Decimal]:
    return {
        spec.group.code: data[spec.field]
        for spec in criteria.groups
        if spec.group.computed and data.get(spec.field) is not None
    }


def partial_total(criteria: Criteria, answers: Mapping[str, Answer], computed: Mapping[str, Decimal]) -> Decimal:
    """The points so far, blanks counting as their default (or 0): what the live total shows while drafting."""
    total = Decimal(0)
    for spec in criteria.groups:
        if spec.group.computed:
            total += computed.get(spec.group.code, Decimal(0))
        for item_spec in spec.items:
            total += _item_points(item_spec.item, answers.get(item_spec.item.code))
    return total


def _item_points(item: Item, answer: Answer | None) -> Decimal:
    if item.mode is ScoringMode.GRADE:
        return Decimal(0)
    checklist = answer.checklist if answer else {}
    for child in item.children:
        met = checklist.get(child.code)
        if not (child.default_state is DefaultState.MET if met is None else met):
            return Decimal(0)
    if answer is None:
        if item.default_state is DefaultState.MET:
            return item.max_points
        return min((b.points for b in item.bands), default=Decimal(0))
    if item.mode is ScoringMode.BINARY:
        return item.max_points if answer.met else Decimal(0)
    if item.mode is ScoringMode.BAND:
        return next((b.points for b in item.bands if b.code == answer.band), Decimal(0))
    return answer.points or Decimal(0)
