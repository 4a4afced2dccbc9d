"""The boards' forms. They check shapes and choices only: the rules (a justification when the proposal differs
from the engine, grounds for an exception, …) are the services', whose errors the views put on these fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danhgia.apps.boards import labels
from danhgia.apps.boards.selectors import CONFLICTS, SORTS, BoardFilter
from danhgia.apps.orgs.models import Unit
from danhgia.engine.schema import BUILTIN

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
PROPOSABLE = ("classified", "exempt", "not_classified")


def _choices(table: dict[str, Any], codes: Any = None, blank: Any = None) -> list[tuple[str, Any]]:
    found = [(code, table[code]) for code in (codes or table)]
    return ([("", blank)] if blank is not None else []) + found


def level_choices(blank: Any = "—") -> list[tuple[str, Any]]:
    return [("", blank)] + [(code, f"{code} — {labels.LEVEL_NAMES[code]}") for code in labels.LEVELS]


def service_errors(form: forms.Form, error: ValidationError) -> None:
    """Put a service's ValidationError on the form: on the field it names when the form has one."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            for each in errors:
                form.add_error(name if name in form.fields else None, each)
    else:
        form.add_error(None, error)


class BoardFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"), required=False, choices=_choices(labels.REVIEW_STATE_NAMES, blank=_("All"))
    )
    category = forms.ChoiceField(
        label=_("Category"), required=False, choices=_choices(labels.CATEGORY_NAMES, blank=_("All"))
    )
    flag = forms.ChoiceField(label=_("Flag"), required=False, choices=_choices(labels.FLAG_NAMES, blank=_("All")))
    conflict = forms.ChoiceField(
        label=_("Conflict"),
        required=False,
        choices=[("", _("All")), ("any", _("Any conflict")), *_choices(labels.CONFLICT_NAMES, CONFLICTS)],
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            ("unit", _("unit and quota group")),
            ("name", pgettext_lazy("boards", "name")),
            ("score", _("score, highest first")),
            ("engine", _("engine's level")),
            ("self", _("self-proposed level")),
            ("state", _("state")),
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
        )


class ProposalForm(forms.Form):
    status = forms.ChoiceField(label=_("Result proposed"), choices=_choices(labels.OUTCOME_NAMES, PROPOSABLE))
    level = forms.ChoiceField(label=_("Level proposed"), required=False, choices=level_choices())
    justification = forms.CharField(
        label=_("Justification"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when the proposal differs from the engine's."),
    )


class ReturnForm(forms.Form):
    reason = forms.CharField(
        label=_("What must be corrected"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class QuotaGroupForm(forms.Form):
    name = forms.CharField(label=_("Name of the group"), required=False, max_length=255)
    exception = forms.BooleanField(label=_("Exception to the 20 % quota"), required=False)
    exception_grounds = forms.CharField(
        label=_("Grounds for the exception"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ComplaintResolveForm(forms.Form):
    outcome = forms.ChoiceField(
        label=pgettext_lazy("boards", "Resolution"),
        widget=forms.RadioSelect,
        choices=[("reject", _("Reject the complaint: the result stands")), ("uphold", _("Uphold it: re-classify"))],
    )
    status = forms.ChoiceField(
        label=_("New result"), required=False, choices=_choices(labels.OUTCOME_NAMES, PROPOSABLE, blank="—")
    )
    level = forms.ChoiceField(label=_("New level"), required=False, choices=level_choices())
    resolution = forms.CharField(
        label=_("Grounds of the resolution"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


def _date_field(label: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        help_text=_("dd/mm/yyyy"),
    )


class CycleForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Period"), choices=_choices(labels.PERIOD_KIND_NAMES))
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    quarter = forms.TypedChoiceField(
        label=_("Quarter"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", "—"), ("1", "I"), ("2", "II"), ("3", "III")],
        help_text=_("Quarters I–III only: the fourth quarter is part of the year's review."),
    )
    term_start = forms.IntegerField(
        label=_("Term from year"), required=False, min_value=2000, max_value=2100, help_text=_("For a term only.")
    )
    root = forms.CharField(
        label=_("Scope (unit code)"), max_length=64, help_text=_("The unit whose whole subtree is reviewed.")
    )
    ruleset = forms.ChoiceField(label=_("Rule set"), choices=_choices(labels.RULESET_NAMES, BUILTIN))
    self_review_due = _date_field(pgettext_lazy("boards", "Self-review due"))
    verification_due = _date_field(_("Verification due"))
    decision_due = _date_field(_("Decision due"))
    complaints_until = _date_field(_("Complaints accepted until"))

    def clean_root(self) -> Unit:
        unit = Unit.objects.filter(code=self.cleaned_data["root"].strip()).first()
        if unit is None:
            raise ValidationError(_("There is no unit with this code."))
        return unit

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        kind = data.get("kind")
        if kind == "quarter" and not data.get("quarter"):
            self.add_error("quarter", _("Choose the quarter."))
        if kind != "quarter" and data.get("quarter"):
            self.add_error("quarter", _("Only a quarterly cycle has a quarter."))
        if kind == "term":
            start = data.get("term_start")
            if not start:
                self.add_error("term_start", _("Give the first year of the term."))
            elif data.get("year") and start > data["year"]:
                self.add_error("term_start", _("The term cannot start after the cycle's year."))
        elif data.get("term_start"):
            self.add_error("term_start", _("Only a term cycle has a first year."))
        return data

    def deadlines(self) -> dict[str, Any]:
        names = ("self_review_due", "verification_due", "decision_due", "complaints_until")
        return {name: self.cleaned_data[name] for name in names if self.cleaned_data.get(name)}


class AdvanceForm(forms.Form):
    to = forms.ChoiceField(choices=_choices(labels.CYCLE_STATE_NAMES))
