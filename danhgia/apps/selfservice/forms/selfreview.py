"""The self-review form, built from the cycle's criteria (criteria.py).

A draft (autosave) accepts blanks but not contradictions: counts that do not add up, points out of range or
off the step. Submission (`strict=True`) also requires a proposed level and the task counts, and scores the
answers with the domain (`score_template`): an unanswered item, a missing evidence reference or a computed
group left blank is reported next to its field.

Under Decree 335 (`Criteria.product_group`) the computed group is not typed: the products table
(products.py, a formset bound to the same data) gives its points, `task_result(products, leader=…).points`,
and the four task counts the engine reads (`TaskResult.counts`) replace the typed ones. A leader — known from
the review's category (criteria.py) — also answers Art. 15 d, đ, e as three checkboxes (unticked: 50 %).
Submission needs at least one product; a table with a bad row saves nothing.

What is saved in `Review.answers`:
- the engine's facts, each only once complete and consistent: `tasks`, `shortcomings`, `grades`,
  `specific_products` (danhgia.apps.reviews.facts.ENGINE_ANSWERS); the score goes to `Review.score`;
- the content in the domain's shape: `items` (item code → Answer: met | points | band | grade, checklist,
  evidence), `computed` (group code → points), `points` (general/tasks of the generic 100-point form),
  `text` (products, strengths, limitations, causes, remedies);
- under Decree 335: `products_table` (the filled rows, products.ProductRowForm.saved) and, for a leader,
  `leader_factors` (staff_all_completed, tasks_on_plan, united); `tasks` then comes from the products;
- `form`: the fields exactly as entered, so a draft with half-filled counts comes back as it was left.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any

from django import forms
from django.utils.formats import number_format
from django.utils.translation import pgettext_lazy

from danhgia.apps.reviews.labels import in_sentence, level_choices, level_name
from danhgia.apps.selfservice.criteria import (
    ANSWER_KEYS,
    Criteria,
    ItemSpec,
    computed_points,
    domain_answers,
    partial_total,
    text,
)
from danhgia.apps.selfservice.forms.fields import as_json, count_field, points_field, text_field
from danhgia.apps.selfservice.forms.products import BaseProductFormSet, product_formset, result_view
from danhgia.apps.selfservice.labels import CRITERIA, GRADES
from danhgia.domain.scoring import (
    DEFAULT_ROUNDING,
    AnswerError,
    DefaultState,
    LeaderFactors,
    ProblemCode,
    ScoreBreakdown,
    ScoringMode,
    TaskResult,
    exact_total,
    score_template,
    task_result,
)

TASK_FIELDS = ("tasks_assigned", "tasks_completed", "tasks_on_time", "tasks_exceeded")
SHORTCOMING_FIELDS = ("shortcomings_noted", "shortcomings_remedied")
TEXT_FIELDS = ("products", "strengths", "weaknesses", "causes", "remedies")
REQUIRED_TEXTS = ("strengths", "weaknesses")  # the form asks for both before submitting
GENERAL_POINTS, TASK_POINTS = Decimal(30), Decimal(70)
MISSING = (ProblemCode.MISSING_ANSWER, ProblemCode.MISSING_CHECKLIST_ANSWER, ProblemCode.MISSING_COMPUTED)
# Decree 335 Art. 15 đ, e: the form field and the `LeaderFactors` attribute it answers (d is computed from
# the results of the civil servants in charge: Criteria.staff)
LEADER_FIELDS = {
    "leader_tasks_on_plan": (
        "tasks_on_plan",
        pgettext_lazy("selfservice", "đ: the unit I lead completed its planned tasks on time and with quality"),
    ),
    "leader_united": (
        "united",
        pgettext_lazy("selfservice", "e: the unit I lead stayed united (no prolonged disunity complained of)"),
    ),
}


class SelfReviewForm(forms.Form):
    tasks_assigned = count_field(pgettext_lazy("selfservice", "Tasks assigned"))
    tasks_completed = count_field(pgettext_lazy("selfservice", "Tasks completed"))
    tasks_on_time = count_field(pgettext_lazy("selfservice", "Completed on time"))
    tasks_exceeded = count_field(pgettext_lazy("selfservice", "Exceeded the requirements"))
    specific_products = forms.BooleanField(
        label=pgettext_lazy("selfservice", "The results are backed by specific products"), required=False, initial=True
    )
    products = text_field(
        pgettext_lazy("selfservice", "Tasks carried out and their specific products"),
        pgettext_lazy(
            "selfservice", "One per line: the task, its result and the product (document, project, figure…)."
        ),
    )
    shortcomings_noted = count_field(pgettext_lazy("selfservice", "Shortcomings pointed out at the previous review"))
    shortcomings_remedied = count_field(pgettext_lazy("selfservice", "Of which remedied"))
    strengths = text_field(pgettext_lazy("selfservice", "Strengths"))
    weaknesses = text_field(pgettext_lazy("selfservice", "Limitations and shortcomings"))
    causes = text_field(pgettext_lazy("selfservice", "Causes"))
    remedies = text_field(pgettext_lazy("selfservice", "Remedies and commitments"))
    proposed_level = forms.ChoiceField(label=pgettext_lazy("selfservice", "Proposed level"), required=False)

    def __init__(self, *args: Any, criteria: Criteria, strict: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria, self.strict = criteria, strict
        self.breakdown: ScoreBreakdown | None = None
        self.saved_score: Decimal | None = None  # a saved self-review shows the score it was saved with
        self.recorded = True  # False: a saved self-review without its answer to each criterion (answers_recorded)
        self.product_table: BaseProductFormSet | None = None  # the Decree 335 products table
        self.task_result: TaskResult | None = None
        proposed = self.fields["proposed_level"]
        assert isinstance(proposed, forms.ChoiceField)
        proposed.choices = [("", pgettext_lazy("selfservice", "— choose a level —")), *level_choices()]
        grade_choices = [("", pgettext_lazy("selfservice", "— choose —")), *GRADES]
        if criteria.templated:
            self._template_fields(grade_choices)
        elif criteria.points:
            self.fields["points_general"] = points_field(
                pgettext_lazy("selfservice", "General criteria (out of 30 points)"), GENERAL_POINTS, Decimal("0.01")
            )
            self.fields["points_tasks"] = points_field(
                pgettext_lazy("selfservice", "Results of the tasks (out of 70 points)"), TASK_POINTS, Decimal("0.01")
            )
        else:
            for code, label in CRITERIA:
                self.fields[f"grade_{code}"] = forms.ChoiceField(label=label, required=False, choices=grade_choices)
        if criteria.product_group is not None:
            self._product_fields()
        for name, field in self.fields.items():
            described = [f"help-{name}"] if field.help_text else []
            field.widget.attrs["aria-describedby"] = " ".join([*described, f"err-{name}"])
            if self.needed_to_submit(name):
                field.required_to_submit = True  # type: ignore[attr-defined]  # the form marks it "*"

    def needed_to_submit(self, name: str) -> bool:
        """Whether a submission needs this field filled in: the points or grade of each criterion, the four task
        counts (unless the products table counts them), the strengths and weaknesses, and the proposed level."""
        if name in TASK_FIELDS:
            return self.criteria.product_group is None
        return name.startswith(("grade_", "points_")) or name in REQUIRED_TEXTS or name == "proposed_level"

    def _product_fields(self) -> None:
        """The products table instead of the typed figure and task counts; d, đ, e for a leader."""
        self.product_table = product_formset(
            self.data if self.is_bound else None, strict=self.strict, person_id=self.criteria.person_id
        )
        for name in TASK_FIELDS:
            del self.fields[name]
        if self.criteria.is_leader:
            for name, (_attribute, label) in LEADER_FIELDS.items():
                self.fields[name] = forms.BooleanField(label=label, required=False)

    def _template_fields(self, grade_choices: list[tuple[str, Any]]) -> None:
        for group in self.criteria.groups:
            if group.group.computed and group != self.criteria.product_group:
                label = pgettext_lazy("selfservice", "Points of this group (at most %(points)s)") % {
                    "points": number_format(group.group.max_points)
                }
                self.fields[group.field] = points_field(label, group.group.max_points, Decimal("0.01"))
            for spec in group.items:
                self.fields[spec.field] = _item_field(spec, grade_choices)
                for check in spec.checks:
                    self.fields[check.field] = forms.BooleanField(label=check.label, required=False)
                if spec.evidence_field:
                    self.fields[spec.evidence_field] = forms.CharField(
                        label=pgettext_lazy(
                            "selfservice", "Evidence (document number, or the name of an attached file)"
                        ),
                        required=False,
                        max_length=255,
                    )

    # --- what the template shows, grouped ------------------------------------------------------------
    def criterion_fields(self) -> list[forms.BoundField]:
        """The generic per-criterion grades or point groups (empty for a templated form)."""
        return [self[name] for name in self.fields if name.startswith(("grade_", "points_"))]

    def groups(self) -> list[dict[str, Any]]:
        """The template's groups with their bound fields, for rendering."""
        return [
            {
                "spec": group,
                "field": self[group.field] if group.field in self.fields else None,
                "products": group == self.criteria.product_group,
                "items": [
                    {
                        "spec": spec,
                        "field": self[spec.field],
                        "checks": [self[check.field] for check in spec.checks],
                        "evidence": self[spec.evidence_field] if spec.evidence_field else None,
                    }
                    for spec in group.items
                ],
            }
            for group in self.criteria.groups
        ]

    def leader_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in LEADER_FIELDS if name in self.fields]

    def result(self) -> dict[str, Any] | None:
        """The Decree 335 ratios and points beside the table, once the products can be scored."""
        if self.task_result is None or self.criteria.product_group is None:
            return None
        return result_view(self.task_result, self.criteria.product_group.group.max_points)

    def product_rows(self) -> list[dict[str, Any]]:
        """The filled rows of the products table, for the read-only page."""
        return self.product_table.rows() if self.product_table is not None and self.product_table.is_valid() else []

    # --- validation ------------------------------------------------------------------------------------
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.product_table is not None:
            self._score_products(data)
        else:
            self._check_tasks(data)
        self._check_shortcomings(data)
        if self.strict:
            self._require_complete(data)
        return data

    def _score_products(self, data: dict[str, Any]) -> None:
        """The group's points from the products (Art. 16), put where a typed figure would be."""
        assert self.product_table is not None and self.criteria.product_group is not None
        if not self.product_table.is_valid():
            reported = self.product_table.non_form_errors()
            self.add_error(
                None, reported or pgettext_lazy("selfservice", "Correct the rows marked in the products table.")
            )
            return
        products = self.product_table.products()
        if products is None:
            return
        leader = None
        if self.criteria.is_leader:
            leader = LeaderFactors(**_leader_answers(data, self.criteria))
        self.task_result = task_result(products, leader=leader)
        data[self.criteria.product_group.field] = self.task_result.points

    def _check_tasks(self, data: Mapping[str, Any]) -> None:
        counts = {name: data.get(name) for name in TASK_FIELDS}
        if self.strict:
            for name, value in counts.items():
                if value is None and name not in self.errors:
                    self.add_error(name, pgettext_lazy("selfservice", "Fill in all four task counts."))
        assigned, completed, on_time, exceeded = (counts[name] for name in TASK_FIELDS)
        if assigned is not None and completed is not None and completed > assigned:
            self.add_error("tasks_completed", pgettext_lazy("selfservice", "Cannot be more than the tasks assigned."))
        upper = completed if completed is not None else assigned
        for name, value in (("tasks_on_time", on_time), ("tasks_exceeded", exceeded)):
            if value is not None and upper is not None and value > upper and name not in self.errors:
                self.add_error(name, pgettext_lazy("selfservice", "Cannot be more than the tasks completed."))

    def _check_shortcomings(self, data: Mapping[str, Any]) -> None:
        noted, remedied = data.get("shortcomings_noted"), data.get("shortcomings_remedied")
        if noted is not None and remedied is not None:
            if remedied > noted:
                self.add_error(
                    "shortcomings_remedied",
                    pgettext_lazy("selfservice", "Cannot be more than the shortcomings pointed out."),
                )
        elif self.strict and (noted is None) != (remedied is None):
            missing = "shortcomings_remedied" if remedied is None else "shortcomings_noted"
            if missing not in self.errors:
                self.add_error(missing, pgettext_lazy("selfservice", "Fill in both counts, or neither."))

    def _require_complete(self, data: Mapping[str, Any]) -> None:
        if not data.get("proposed_level"):
            self.add_error("proposed_level", pgettext_lazy("selfservice", "Propose a level before submitting."))
        for name in self.fields:
            if name.startswith(("grade_", "points_")) and data.get(name) in (None, "") and name not in self.errors:
                self.add_error(name, pgettext_lazy("selfservice", "Fill this in before submitting."))
        for name in REQUIRED_TEXTS:
            if not str(data.get(name) or "").strip() and name not in self.errors:
                label = self.fields[name].label
                self.add_error(
                    name, pgettext_lazy("selfservice", "Write “%(field)s” before submitting.") % {"field": label}
                )
        if self.criteria.template is not None:
            try:
                self.breakdown = score_template(
                    self.criteria.template, domain_answers(self.criteria, data), computed_points(self.criteria, data)
                )
            except AnswerError as error:
                self._problems(error)
                return
        if not self.errors:
            self._check_level_against_total(data)

    def _check_level_against_total(self, data: Mapping[str, Any]) -> None:
        """The proposed level may not be above what the total reaches (L1 with 62 points contradicts itself)."""
        level, total = data.get("proposed_level") or "", self.score()
        minimum = self.criteria.minimums.get(level)
        if total is None or minimum is None or total >= minimum:
            return
        self.add_error(
            "proposed_level",
            pgettext_lazy(
                "selfservice",
                "The total of your self-review is %(total)s points: %(level)s needs at least %(minimum)s. Propose "
                "the level your total reaches, or review the points of each criterion.",
            )
            % {"total": points_text(total), "level": level_label(level), "minimum": points_text(minimum)},
        )

    def _problems(self, error: AnswerError) -> None:
        """The domain's problems next to their field: the item, its evidence, or the computed group."""
        items = {spec.item.code: spec for spec in self.criteria.items()}
        groups = {spec.group.code: spec.field for spec in self.criteria.groups}
        for problem in error.problems:
            spec = items.get(problem.item)
            name: str | None
            if spec is not None and problem.code is ProblemCode.EVIDENCE_MISSING and spec.evidence_field:
                name = spec.evidence_field
            else:
                name = spec.field if spec is not None else groups.get(problem.item)
            if name is not None and (name in self.errors or name not in self.fields):
                continue  # a products group reports on its table
            missing = problem.code in MISSING
            self.add_error(
                name,
                pgettext_lazy("selfservice", "Fill this in before submitting.") if missing else text(problem.message),
            )

    # --- results -------------------------------------------------------------------------------------
    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        answers: dict[str, Any] = {
            "form": {name: as_json(value) for name, value in data.items() if name in self.fields},
            "specific_products": bool(data.get("specific_products")),
            "text": {name: data.get(name, "") for name in TEXT_FIELDS},
        }
        if all(data.get(name) is not None for name in TASK_FIELDS):
            answers["tasks"] = {name.removeprefix("tasks_"): data[name] for name in TASK_FIELDS}
        if self.product_table is not None:
            self._product_answers(answers)
        if all(data.get(name) is not None for name in SHORTCOMING_FIELDS):
            answers["shortcomings"] = {name.removeprefix("shortcomings_"): data[name] for name in SHORTCOMING_FIELDS}
        grades = {name.removeprefix("grade_"): data[name] for name in data if name.startswith("grade_") and data[name]}
        if self.criteria.templated:
            items = domain_answers(self.criteria, data)
            answers["items"] = {code: a.model_dump(mode="json", exclude_defaults=True) for code, a in items.items()}
            answers["computed"] = {code: str(points) for code, points in computed_points(self.criteria, data).items()}
            grades |= {code: a.grade for code, a in items.items() if a.grade}
        elif self.criteria.points:
            answers["points"] = {
                key: str(data[f"points_{key}"]) for key in ("general", "tasks") if data.get(f"points_{key}") is not None
            }
        if grades:
            answers["grades"] = grades
        return answers

    def _product_answers(self, answers: dict[str, Any]) -> None:
        assert self.product_table is not None
        answers["products_table"] = self.product_table.rows()
        if self.criteria.is_leader:
            answers["leader_factors"] = _leader_answers(self.cleaned_data, self.criteria)
        if self.task_result is not None:
            counts = self.task_result.counts
            answers["tasks"] = {
                "assigned": counts.assigned,
                "completed": counts.completed,
                "on_time": counts.on_time,
                "exceeded": counts.exceeded,
            }

    def score_exact(self) -> Fraction | None:
        """The total before rounding (bands compare it): `score` with the task points' exact value in place of
        their rounded display (Decree 335 products), or `score` itself."""
        total = self.score()
        if total is None or self.saved_score is not None:
            return None if total is None else Fraction(total)
        result, group = self.task_result, self.criteria.product_group
        if result is None or group is None:
            return Fraction(total)
        if self.breakdown is not None:
            return exact_total(self.breakdown, {group.group.code: result.exact_points})
        return Fraction(total) - Fraction(result.points) + result.exact_points

    def staff(self) -> list[dict[str, Any]]:
        """A Decree 335 leader's staff and their results, beside d."""
        return [
            {"name": s.name, "score": None if s.score is None else DEFAULT_ROUNDING.apply(s.score)}
            for s in self.criteria.staff
        ]

    def score(self) -> Decimal | None:
        """The total out of 100 (100-point rule sets), or None when nothing scored has been entered."""
        if not self.criteria.points:
            return None
        if self.breakdown is not None:
            return self.breakdown.total
        total, _maximum, entered = self.total()
        return total if entered else None

    def total(self) -> tuple[Decimal, Decimal, bool]:
        """(points so far, the maximum, whether anything scored was entered) over the valid fields."""
        data = getattr(self, "cleaned_data", {})
        maximum = self.criteria.template.max_total if self.criteria.template else GENERAL_POINTS + TASK_POINTS
        if self.saved_score is not None:
            return self.saved_score, maximum, True
        if self.criteria.template is None:
            given = [data[name] for name in ("points_general", "points_tasks") if data.get(name) is not None]
            return sum(given, Decimal(0)), GENERAL_POINTS + TASK_POINTS, bool(given)
        answers = domain_answers(self.criteria, data)
        computed = computed_points(self.criteria, data)
        entered = bool(computed) or any(a.met or a.points is not None or a.band for a in answers.values())
        return partial_total(self.criteria, answers, computed), self.criteria.template.max_total, entered


def initial_from_answers(answers: Mapping[str, Any], criteria: Criteria) -> dict[str, Any]:
    """The form's fields from a saved self-review: its `form` snapshot, else the answers in the domain's shape
    (`items`, `computed`), the engine's facts and the template's defaults (a binary item or a checklist entry
    met by default starts ticked)."""
    if isinstance(answers.get("form"), Mapping):
        return dict(answers["form"])
    grades = answers.get("grades") or {}
    initial: dict[str, Any] = {f"grade_{key}": value for key, value in grades.items()}
    for key, value in (answers.get("tasks") or {}).items():
        initial[f"tasks_{key}"] = value
    for key, value in (answers.get("shortcomings") or {}).items():
        initial[f"shortcomings_{key}"] = value
    items = _mapping(answers.get("items"))
    for spec in criteria.items():
        if spec.item.mode is ScoringMode.BINARY:
            initial[spec.field] = spec.item.default_state is DefaultState.MET
        if spec.item.mode is ScoringMode.GRADE and spec.item.code in grades:
            initial[spec.field] = grades[spec.item.code]
        for check, child in zip(spec.checks, spec.item.children, strict=True):
            initial[check.field] = child.default_state is DefaultState.MET
        saved = items.get(spec.item.code)
        if isinstance(saved, Mapping):
            _initial_item(initial, spec, saved)
    computed = _mapping(answers.get("computed"))
    for group in criteria.groups:
        if group.group.code in computed:
            initial[group.field] = computed[group.group.code]
    initial["specific_products"] = answers.get("specific_products", True)
    return initial


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _initial_item(initial: dict[str, Any], spec: ItemSpec, saved: Mapping[str, Any]) -> None:
    """One item's saved answer (the domain's `Answer` as JSON) as its form fields."""
    key = ANSWER_KEYS[spec.item.mode]
    if key in saved:
        initial[spec.field] = bool(saved[key]) if spec.item.mode is ScoringMode.BINARY else saved[key]
    checklist = saved.get("checklist") or {}
    for check in spec.checks:
        if check.code in checklist:
            initial[check.field] = bool(checklist[check.code])
    if spec.evidence_field and saved.get("evidence"):
        initial[spec.evidence_field] = saved["evidence"][0]


def answers_recorded(answers: Mapping[str, Any], criteria: Criteria) -> bool:
    """Whether a saved self-review holds its answer to each criterion of the template (the form's snapshot or
    the domain's `items`); one saved without them (a total only) must not read as every criterion not met."""
    return criteria.template is None or isinstance(answers.get("form"), Mapping) or bool(answers.get("items"))


def points_text(value: Decimal) -> str:
    """62 → "62", 61.50 → "61,5" (as many decimals as the points have, in the language's notation)."""
    exact = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return number_format(exact)


def level_label(code: str) -> str:
    """`L1` → "hoàn thành xuất sắc nhiệm vụ": the level's name inside a sentence."""
    return in_sentence(level_name(code))


def _leader_answers(data: Mapping[str, Any], criteria: Criteria) -> dict[str, bool]:
    """Art. 15 d, đ, e by their `LeaderFactors` attribute: d from the staff's results, đ and e as ticked (an
    unticked box: the condition does not hold)."""
    answers = {attribute: bool(data.get(name)) for name, (attribute, _label) in LEADER_FIELDS.items()}
    return {"staff_all_completed": criteria.staff_all_completed} | answers


def _item_field(spec: ItemSpec, grade_choices: list[tuple[str, Any]]) -> forms.Field:
    item = spec.item
    if item.mode is ScoringMode.BINARY:
        return forms.BooleanField(label=spec.label, required=False)
    if item.mode is ScoringMode.GRADE:
        return forms.ChoiceField(label=spec.label, required=False, choices=grade_choices)
    if item.mode is ScoringMode.BAND:
        bands = [(b.code, f"{text(b.text)} ({number_format(b.points)})") for b in item.bands]
        return forms.ChoiceField(
            label=spec.label, required=False, choices=[("", pgettext_lazy("selfservice", "— choose —")), *bands]
        )
    return points_field(spec.label, item.max_points, item.step or Decimal("0.01"))
