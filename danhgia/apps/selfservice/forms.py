"""Forms of the self-service pages. The self-review form is built from the cycle's criteria (criteria.py).

A draft (autosave) accepts blanks but not contradictions: counts that do not add up, points out of range or
off the step. Submission (`strict=True`) also requires a proposed level and the task counts, and scores the
answers with the domain (`score_template`): an unanswered item, a missing evidence reference or a computed
group left blank is reported next to its field.

What is saved in `Review.answers`:
- the engine's facts, each only once complete and consistent: `tasks`, `shortcomings`, `grades`,
  `specific_products` (danhgia.apps.reviews.facts.ENGINE_ANSWERS); the score goes to `Review.score`;
- the content in the domain's shape: `items` (item code → Answer: met | points | band | grade, checklist,
  evidence), `computed` (group code → points), `points` (general/tasks of the generic 100-point form),
  `text` (products, strengths, limitations, causes, remedies);
- `form`: the fields exactly as entered, so a draft with half-filled counts comes back as it was left.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import pgettext_lazy

from danhgia.apps.selfservice.criteria import (
    Criteria,
    ItemSpec,
    computed_points,
    domain_answers,
    partial_total,
    text,
)
from danhgia.apps.selfservice.labels import CRITERIA, GRADES, level_choices
from danhgia.domain.scoring import AnswerError, DefaultState, ProblemCode, ScoreBreakdown, ScoringMode, score_template

TASK_FIELDS = ("tasks_assigned", "tasks_completed", "tasks_on_time", "tasks_exceeded")
SHORTCOMING_FIELDS = ("shortcomings_noted", "shortcomings_remedied")
TEXT_FIELDS = ("products", "strengths", "weaknesses", "causes", "remedies")
GENERAL_POINTS, TASK_POINTS = Decimal(30), Decimal(70)
MISSING = (ProblemCode.MISSING_ANSWER, ProblemCode.MISSING_CHECKLIST_ANSWER, ProblemCode.MISSING_COMPUTED)
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024
# Accepted evidence: extension → the bytes such a file starts with (docx and xlsx are zip packages).
EVIDENCE_TYPES = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


COUNT_ERRORS = {
    "invalid": pgettext_lazy("selfservice", "Enter a whole number."),
    "min_value": pgettext_lazy("selfservice", "Cannot be less than %(limit_value)s."),
    "max_value": pgettext_lazy("selfservice", "Cannot be more than %(limit_value)s."),
}


def _count(label: Any) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        min_value=0,
        max_value=100_000,
        error_messages=COUNT_ERRORS,
        widget=forms.NumberInput(attrs={"min": 0}),
    )


def _text(label: Any, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=20_000,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SelfReviewForm(forms.Form):
    tasks_assigned = _count(pgettext_lazy("selfservice", "Tasks assigned"))
    tasks_completed = _count(pgettext_lazy("selfservice", "Tasks completed"))
    tasks_on_time = _count(pgettext_lazy("selfservice", "Completed on time"))
    tasks_exceeded = _count(pgettext_lazy("selfservice", "Exceeded the requirements"))
    specific_products = forms.BooleanField(
        label=pgettext_lazy("selfservice", "The results are backed by specific products"), required=False, initial=True
    )
    products = _text(
        pgettext_lazy("selfservice", "Tasks carried out and their specific products"),
        pgettext_lazy(
            "selfservice", "One per line: the task, its result and the product (document, project, figure…)."
        ),
    )
    shortcomings_noted = _count(pgettext_lazy("selfservice", "Shortcomings pointed out at the previous review"))
    shortcomings_remedied = _count(pgettext_lazy("selfservice", "Of which remedied"))
    strengths = _text(pgettext_lazy("selfservice", "Strengths"))
    weaknesses = _text(pgettext_lazy("selfservice", "Limitations and shortcomings"))
    causes = _text(pgettext_lazy("selfservice", "Causes"))
    remedies = _text(pgettext_lazy("selfservice", "Remedies and commitments"))
    proposed_level = forms.ChoiceField(label=pgettext_lazy("selfservice", "Proposed level"), required=False)

    def __init__(self, *args: Any, criteria: Criteria, strict: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria, self.strict = criteria, strict
        self.breakdown: ScoreBreakdown | None = None
        self.saved_score: Decimal | None = None  # a saved self-review shows the score it was saved with
        proposed = self.fields["proposed_level"]
        assert isinstance(proposed, forms.ChoiceField)
        proposed.choices = [("", pgettext_lazy("selfservice", "— choose a level —")), *level_choices()]
        grade_choices = [("", pgettext_lazy("selfservice", "— choose —")), *GRADES]
        if criteria.templated:
            self._template_fields(grade_choices)
        elif criteria.points:
            self.fields["points_general"] = _points_field(
                pgettext_lazy("selfservice", "General criteria (out of 30 points)"), GENERAL_POINTS, Decimal("0.01")
            )
            self.fields["points_tasks"] = _points_field(
                pgettext_lazy("selfservice", "Results of the tasks (out of 70 points)"), TASK_POINTS, Decimal("0.01")
            )
        else:
            for code, label in CRITERIA:
                self.fields[f"grade_{code}"] = forms.ChoiceField(label=label, required=False, choices=grade_choices)
        for name, field in self.fields.items():
            described = [f"help-{name}"] if field.help_text else []
            field.widget.attrs["aria-describedby"] = " ".join([*described, f"err-{name}"])

    def _template_fields(self, grade_choices: list[tuple[str, Any]]) -> None:
        for group in self.criteria.groups:
            if group.group.computed:
                label = pgettext_lazy("selfservice", "Points of this group (at most %(points)s)") % {
                    "points": number_format(group.group.max_points)
                }
                self.fields[group.field] = _points_field(label, group.group.max_points, Decimal("0.01"))
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
                "field": self[group.field] if group.group.computed else None,
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

    # --- validation ------------------------------------------------------------------------------------
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        self._check_tasks(data)
        self._check_shortcomings(data)
        if self.strict:
            self._require_complete(data)
        return data

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
        if self.criteria.template is None:
            return
        try:
            self.breakdown = score_template(
                self.criteria.template, domain_answers(self.criteria, data), computed_points(self.criteria, data)
            )
        except AnswerError as error:
            self._problems(error)

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
            if name is not None and name in self.errors:
                continue
            missing = problem.code in MISSING
            self.add_error(
                name,
                pgettext_lazy("selfservice", "Fill this in before submitting.") if missing else text(problem.message),
            )

    # --- results -------------------------------------------------------------------------------------
    def answers(self) -> dict[str, Any]:
        data = self.cleaned_data
        answers: dict[str, Any] = {
            "form": {name: _json(value) for name, value in data.items()},
            "specific_products": bool(data.get("specific_products")),
            "text": {name: data.get(name, "") for name in TEXT_FIELDS},
        }
        if all(data.get(name) is not None for name in TASK_FIELDS):
            answers["tasks"] = {name.removeprefix("tasks_"): data[name] for name in TASK_FIELDS}
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
    """The form's fields from a saved self-review: its `form` snapshot, else the engine's facts and the
    template's defaults (a binary item or a checklist entry met by default starts ticked)."""
    if isinstance(answers.get("form"), Mapping):
        return dict(answers["form"])
    grades = answers.get("grades") or {}
    initial: dict[str, Any] = {f"grade_{key}": value for key, value in grades.items()}
    for key, value in (answers.get("tasks") or {}).items():
        initial[f"tasks_{key}"] = value
    for key, value in (answers.get("shortcomings") or {}).items():
        initial[f"shortcomings_{key}"] = value
    for spec in criteria.items():
        if spec.item.mode is ScoringMode.BINARY:
            initial[spec.field] = spec.item.default_state is DefaultState.MET
        if spec.item.mode is ScoringMode.GRADE and spec.item.code in grades:
            initial[spec.field] = grades[spec.item.code]
        for check, child in zip(spec.checks, spec.item.children, strict=True):
            initial[check.field] = child.default_state is DefaultState.MET
    initial["specific_products"] = answers.get("specific_products", True)
    return initial


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
    return _points_field(spec.label, item.max_points, item.step or Decimal("0.01"))


def _points_field(label: Any, maximum: Decimal, step: Decimal) -> forms.DecimalField:
    field = forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=maximum,
        max_digits=6,
        decimal_places=2,
        error_messages={
            "invalid": pgettext_lazy("selfservice", "Enter a number."),
            "min_value": pgettext_lazy("selfservice", "Cannot be less than 0."),
            # formatted now (the form is built per request): the maximum with the language's decimal comma
            "max_value": pgettext_lazy("selfservice", "At most %(points)s points.")
            % {"points": number_format(maximum)},
            "max_decimal_places": pgettext_lazy("selfservice", "At most two decimal places."),
            "max_digits": pgettext_lazy("selfservice", "At most %(points)s points.")
            % {"points": number_format(maximum)},
            "max_whole_digits": pgettext_lazy("selfservice", "At most %(points)s points.")
            % {"points": number_format(maximum)},
        },
        widget=forms.NumberInput(attrs={"min": 0, "max": maximum, "step": step, "inputmode": "decimal"}),
    )
    if step != Decimal("0.01"):  # hundredths are the field's own two decimal places
        field.validators.append(_multiple_of(step))
    return field


def _multiple_of(step: Decimal) -> Any:
    def check(value: Decimal) -> None:
        if value % step != 0:
            raise ValidationError(
                pgettext_lazy("selfservice", "Enter a multiple of %(step)s."),
                params={"step": number_format(step)},
                code="step",
            )

    return check


def _json(value: Any) -> Any:
    return str(value) if isinstance(value, Decimal) else value


class _Form(forms.Form):
    """Labels without Django's trailing colon, as on the self-review form."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class EvidenceForm(_Form):
    file = forms.FileField(
        label=pgettext_lazy("selfservice", "File"),
        help_text=pgettext_lazy("selfservice", "PDF, Word (.docx), Excel (.xlsx), JPG or PNG; at most 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )
    description = forms.CharField(label=pgettext_lazy("selfservice", "What it shows"), max_length=255)

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_EVIDENCE_BYTES:
            raise ValidationError(pgettext_lazy("selfservice", "The file is larger than 10 MB."), code="size")
        signatures = EVIDENCE_TYPES.get(Path(upload.name).suffix.lower())
        head = upload.read(8)
        upload.seek(0)
        if signatures is None or not head.startswith(signatures):
            raise ValidationError(
                pgettext_lazy("selfservice", "Only PDF, DOCX, XLSX, JPG and PNG files are accepted."), code="type"
            )
        return upload


class MeetingForm(_Form):
    text = forms.CharField(
        label=pgettext_lazy("selfservice", "Comments of the meeting"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    votes_L1 = _count("L1")
    votes_L2 = _count("L2")
    votes_L3 = _count("L3")
    votes_L4 = _count("L4")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in level_choices():
            self.fields[f"votes_{code}"].label = pgettext_lazy("selfservice", "Votes for %(level)s") % {"level": label}

    def clean_text(self) -> str:
        text: str = self.cleaned_data["text"].strip()
        if not text:
            raise ValidationError(pgettext_lazy("selfservice", "Write the comments of the meeting."), code="required")
        return text

    def votes(self) -> dict[str, int]:
        return {
            level: self.cleaned_data[f"votes_{level}"]
            for level in ("L1", "L2", "L3", "L4")
            if self.cleaned_data.get(f"votes_{level}")
        }


class ComplaintForm(_Form):
    text = forms.CharField(
        label=pgettext_lazy("selfservice", "What you contest and why"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
