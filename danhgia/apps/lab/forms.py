"""Forms of the rule lab: a new draft, a rule, the parameters, the whole file, a replay."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from danhgia.apps.lab.textfile import params_text, parse_params, shown, typed

STAGES = ("input", "eligibility", "disqualifier", "level", "cap", "quota")


class DraftCreateForm(forms.Form):
    title = forms.CharField(label=_("Title of the draft"), max_length=300)
    base = forms.ChoiceField(label=_("Published version to start from"))
    owner = forms.ChoiceField(label=_("Owner unit"))


class RuleForm(forms.Form):
    code = forms.RegexField(label=_("Code"), regex=r"^[a-z][a-z0-9_]*$", max_length=64)
    stage = forms.ChoiceField(label=_("Stage"), choices=[(s, s) for s in STAGES])
    kind = forms.CharField(label=_("Kind"), max_length=64)
    applies_to = forms.CharField(label=_("Applies to (comma-separated)"), initial="all")
    level = forms.IntegerField(label=_("Level"), required=False, min_value=1, max_value=4)
    outcome = forms.ChoiceField(
        label=_("Outcome (eligibility)"),
        required=False,
        choices=[("", "—"), ("exempt", "exempt"), ("not_classified", "not_classified")],
    )
    params = forms.CharField(label=_("Parameters (name = value, …)"), required=False)
    enabled = forms.BooleanField(label=_("Enabled"), required=False, initial=True)
    source = forms.CharField(label=_("Source"), widget=forms.Textarea(attrs={"rows": 2}))
    confirmed = forms.BooleanField(label=_("Confirmed by a source (not a project default)"), required=False)
    vi = forms.CharField(label=_("Explanation in Vietnamese"), widget=forms.Textarea(attrs={"rows": 3}))
    en = forms.CharField(label=_("Explanation in English"), widget=forms.Textarea(attrs={"rows": 3}))

    def clean_params(self) -> dict[str, Any]:
        try:
            return parse_params(self.cleaned_data["params"])
        except ValueError as error:
            raise forms.ValidationError(
                _("Write the parameters as name = value, separated by commas (%(error)s).") % {"error": error}
            ) from None

    def rule(self) -> dict[str, Any]:
        data = self.cleaned_data
        rule: dict[str, Any] = {
            "code": data["code"],
            "stage": data["stage"],
            "kind": data["kind"].strip(),
            "applies_to": [part.strip() for part in data["applies_to"].split(",") if part.strip()] or ["all"],
            "level": data["level"],
            "outcome": data["outcome"] or None,
            "params": data["params"],
            "enabled": data["enabled"],
            "source": data["source"].strip(),
            "confirmed": data["confirmed"],
            "vi": data["vi"].strip(),
            "en": data["en"].strip(),
        }
        if rule["applies_to"] == ["all"]:
            del rule["applies_to"]
        if rule["enabled"]:
            del rule["enabled"]
        return rule

    @staticmethod
    def initial_of(rule: dict[str, Any]) -> dict[str, Any]:
        return {
            **rule,
            "applies_to": ", ".join(rule.get("applies_to", ["all"])),
            "params": params_text(rule.get("params", {})),
            "enabled": rule.get("enabled", True),
            "outcome": rule.get("outcome") or "",
        }


class ParametersForm(forms.Form):
    """One value, source and confirmed flag per parameter of the draft."""

    def __init__(self, *args: Any, parameters: dict[str, dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.names = list(parameters)
        for name, p in parameters.items():
            self.fields[f"{name}__value"] = forms.CharField(
                label=name, initial=shown(p.get("value")), widget=forms.TextInput(attrs={"aria-label": name})
            )
            self.fields[f"{name}__source"] = forms.CharField(
                label=_("Source"),
                initial=p.get("source", ""),
                widget=forms.TextInput(attrs={"aria-label": f"{name}: {_('Source')}"}),
            )
            self.fields[f"{name}__confirmed"] = forms.BooleanField(
                label=_("Confirmed"),
                required=False,
                initial=p.get("confirmed", False),
                widget=forms.CheckboxInput(attrs={"aria-label": f"{name}: {_('Confirmed')}"}),
            )

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField, forms.BoundField]]:
        return [(n, self[f"{n}__value"], self[f"{n}__source"], self[f"{n}__confirmed"]) for n in self.names]

    def values(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {
            name: {
                "value": typed(data[f"{name}__value"]),
                "source": data[f"{name}__source"].strip(),
                "confirmed": data[f"{name}__confirmed"],
            }
            for name in self.names
        }


class TextForm(forms.Form):
    text = forms.CharField(
        label=_("Rule-set file (TOML)"), widget=forms.Textarea(attrs={"rows": 30, "spellcheck": "false"})
    )


class ReplayForm(forms.Form):
    cycle = forms.ChoiceField(label=_("Review cycle"))
