"""The boards' forms. They check shapes and choices only: the rules (a justification when the proposal differs
from the engine, grounds for an exception, …) are the services', whose errors the views put on these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import Jinja2
from django.utils.translation import pgettext_lazy

from danhgia.apps.boards import labels
from danhgia.apps.boards.selectors import CONFLICTS, SORTS, BoardFilter
from danhgia.apps.lab.models import DraftState, RulesetDraft
from danhgia.apps.orgs.models import Unit
from danhgia.engine.schema import ruleset_ids

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
# The verification board's forms (one per row, and the filters) render Django's own widget templates in their
# Jinja2 versions, shipped with Django, giving the same HTML: a row's two selects, with an include per option,
# cost ~3× less than through the Django template engine (docs/PERFORMANCE.md). Not the project-wide
# FORM_RENDERER: the admin's widgets exist only as Django templates.
BOARD_FORM_RENDERER = Jinja2()
PROPOSABLE = ("classified", "exempt", "not_classified")


def _choices(table: dict[str, Any], codes: Any = None, blank: Any = None) -> list[tuple[str, Any]]:
    found = [(code, table[code]) for code in (codes or table)]
    return ([("", blank)] if blank is not None else []) + found


def level_choices(blank: Any = "—") -> list[tuple[str, Any]]:
    """The levels by their names (no L1–L4 codes on a page), lazy: the choices are built once, and each page shows
    them in its reader's language."""
    return [("", blank), *labels.level_choices()]


def service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for each in errors:
                form.add_error(name if name in form.fields else None, each)
    else:
        form.add_error(None, error)


class BoardFilterForm(forms.Form):
    default_renderer = BOARD_FORM_RENDERER

    person = forms.CharField(
        label=pgettext_lazy("boards", "Find a person"),
        required=False,
        max_length=200,
        help_text=pgettext_lazy("boards", "Name, personnel code or national ID"),
    )

    state = forms.ChoiceField(
        label=pgettext_lazy("boards", "State"),
        required=False,
        choices=_choices(labels.REVIEW_STATE_NAMES, blank=pgettext_lazy("boards", "All")),
    )
    category = forms.ChoiceField(
        label=pgettext_lazy("boards", "Category"),
        required=False,
        choices=_choices(labels.CATEGORY_NAMES, blank=pgettext_lazy("boards", "All")),
    )
    flag = forms.ChoiceField(
        label=pgettext_lazy("boards", "Flag"),
        required=False,
        choices=_choices(labels.FLAG_NAMES, blank=pgettext_lazy("boards", "All")),
    )
    conflict = forms.ChoiceField(
        label=pgettext_lazy("boards", "Conflict"),
        required=False,
        choices=[
            ("", pgettext_lazy("boards", "All")),
            ("any", pgettext_lazy("boards", "Any conflict")),
            *_choices(labels.CONFLICT_NAMES, CONFLICTS),
        ],
    )
    sort = forms.ChoiceField(
        label=pgettext_lazy("boards", "Sort by"),
        required=False,
        choices=[
            ("unit", pgettext_lazy("boards", "unit and quota group")),
            ("name", pgettext_lazy("boards", "name")),
            ("score", pgettext_lazy("boards", "score, highest first")),
            ("engine", pgettext_lazy("boards", "engine's level")),
            ("self", pgettext_lazy("boards", "self-proposed level")),
            ("state", pgettext_lazy("boards", "state")),
        ],
    )

    def board_filter(self) -> BoardFilter:
        """The filter asked for; values that are not valid choices are ignored."""
        data = self.cleaned_data if self.is_valid() else {}
        sort = data.get("sort") or "unit"
        return BoardFilter(
            state=data.get("state", ""),
            category=data.get("category", ""),
            flag=data.get("flag", ""),
            conflict=data.get("conflict", ""),
            sort=sort if sort in SORTS else "unit",
            person=data.get("person", ""),
        )


class ProposalForm(forms.Form):
    default_renderer = BOARD_FORM_RENDERER

    status = forms.ChoiceField(
        label=pgettext_lazy("boards", "Result proposed"), choices=_choices(labels.OUTCOME_NAMES, PROPOSABLE)
    )
    level = forms.ChoiceField(label=pgettext_lazy("boards", "Level proposed"), required=False, choices=level_choices())
    justification = forms.CharField(
        label=pgettext_lazy("boards", "Justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=pgettext_lazy("boards", "Required when the proposal differs from the engine's."),
    )


class ReturnForm(forms.Form):
    default_renderer = BOARD_FORM_RENDERER

    reason = forms.CharField(
        label=pgettext_lazy("boards", "What must be corrected"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class QuotaGroupForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("boards", "Name of the group"), required=False, max_length=255)
    exception = forms.BooleanField(label=pgettext_lazy("boards", "Exception to the 20 % quota"), required=False)
    exception_grounds = forms.CharField(
        label=pgettext_lazy("boards", "Grounds for the exception"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ComplaintResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=pgettext_lazy("boards", "Resolution"),
        widget=forms.RadioSelect,
        choices=[
            ("reject", pgettext_lazy("boards", "Reject the complaint: the result stands")),
            ("uphold", pgettext_lazy("boards", "Uphold it: re-classify")),
        ],
    )
    status = forms.ChoiceField(
        label=pgettext_lazy("boards", "New result"),
        required=False,
        choices=_choices(labels.OUTCOME_NAMES, PROPOSABLE, blank="—"),
    )
    level = forms.ChoiceField(label=pgettext_lazy("boards", "New level"), required=False, choices=level_choices())
    resolution = forms.CharField(
        label=pgettext_lazy("boards", "Grounds of the resolution"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        help_text=pgettext_lazy("boards", "dd/mm/yyyy"),
    )


class CycleForm(forms.Form):
    name = forms.CharField(label=pgettext_lazy("boards", "Name"), max_length=200)
    kind = forms.ChoiceField(label=pgettext_lazy("boards", "Period"), choices=_choices(labels.PERIOD_KIND_NAMES))
    year = forms.IntegerField(label=pgettext_lazy("boards", "Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=pgettext_lazy("boards", "Quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), ("1", "I"), ("2", "II"), ("3", "III")],
        help_text=pgettext_lazy("boards", "Quarters I–III only: the fourth quarter is part of the year's review."),
    )
    term_start = forms.IntegerField(
        label=pgettext_lazy("boards", "Term from year"),
        required=False,
        min_value=2000,
        max_value=2100,
        help_text=pgettext_lazy("boards", "For a term only."),
    )
    root = forms.CharField(
        label=pgettext_lazy("boards", "Scope (unit code)"),
        max_length=64,
        help_text=pgettext_lazy("boards", "The unit whose whole subtree is reviewed."),
    )
    ruleset = forms.ChoiceField(
        label=pgettext_lazy("boards", "Rule set"), choices=lambda: [(r, labels.ruleset_name(r)) for r in ruleset_ids()]
    )
    version = forms.ChoiceField(
        label=pgettext_lazy("boards", "Version of the rule set"),
        required=False,
        choices=lambda: [("", pgettext_lazy("boards", "The rule-set file as it is when the cycle opens")), *adopted()],
        help_text=pgettext_lazy("boards", "Or an amendment adopted in the rule lab, of the rule set chosen above."),
    )
    self_review_due = _date_field(pgettext_lazy("boards", "Self-review due"))
    verification_due = _date_field(pgettext_lazy("boards", "Verification due"))
    decision_due = _date_field(pgettext_lazy("boards", "Decision due"))
    complaints_until = _date_field(pgettext_lazy("boards", "Complaints accepted until"))
    replay_grounds = forms.CharField(
        label=pgettext_lazy("boards", "Grounds for a replay"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=pgettext_lazy(
            "boards",
            "Only when the rule set does not apply to the period's year: why this year is replayed under it.",
        ),
    )

    def clean_root(self) -> Unit:
        unit = Unit.objects.filter(code=self.cleaned_data["root"].strip()).first()
        if unit is None:
            raise ValidationError(pgettext_lazy("boards", "There is no unit with this code."))
        return unit

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == "quarter" and not data.get("quarter"):
            self.add_error("quarter", pgettext_lazy("boards", "Choose the quarter."))
        if kind != "quarter" and data.get("quarter"):
            self.add_error("quarter", pgettext_lazy("boards", "Only a quarterly cycle has a quarter."))
        if kind == "term":
            start = data.get("term_start")
            if not start:
                self.add_error("term_start", pgettext_lazy("boards", "Give the first year of the term."))
            elif data.get("year") and start > data["year"]:
                self.add_error("term_start", pgettext_lazy("boards", "The term cannot start after the cycle's year."))
        elif data.get("term_start"):
            self.add_error("term_start", pgettext_lazy("boards", "Only a term cycle has a first year."))
        return data

    def deadlines(self) -> dict[str, Any]:
        names = ("self_review_due", "verification_due", "decision_due", "complaints_until")
        return {name: self.cleaned_data[name] for name in names if self.cleaned_data.get(name)}


def adopted() -> list[tuple[str, str]]:
    """The versions adopted in the rule lab, newest first: (SHA-256, "title (rule set)")."""
    drafts = RulesetDraft.objects.filter(state=DraftState.ADOPTED, adopted_version__isnull=False)
    return [
        (sha, f"{title} ({labels.ruleset_name(ruleset)})")
        for sha, title, ruleset in drafts.order_by("-updated_at").values_list(
            "adopted_version__sha256", "title", "adopted_version__ruleset"
        )
    ]


class AdvanceForm(forms.Form):
    to = forms.ChoiceField(choices=_choices(labels.CYCLE_STATE_NAMES))


class DecideOtherForm(forms.Form):
    """The competent level decides a level other than the proposal: which, and why (both required)."""

    default_renderer = BOARD_FORM_RENDERER

    level = forms.ChoiceField(
        label=pgettext_lazy("boards", "Level decided"),
        error_messages={"required": pgettext_lazy("boards", "Choose the level to decide.")},
    )
    reason = forms.CharField(
        label=pgettext_lazy("boards", "Reason for deciding another level"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "required": pgettext_lazy("boards", "Give the reason for deciding a level other than the proposal.")
        },
    )

    def __init__(self, *args: Any, proposed: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = level_choices()
        field = self.fields["level"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [choices[0], *(c for c in choices[1:] if c[0] != proposed)]
