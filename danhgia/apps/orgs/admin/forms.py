"""The base form of every registry admin form: a violated check constraint of the model shows as a Vietnamese
message on the field it concerns, not as Django's “Constraint “name” is violated.” (untranslated, with the
constraint's internal name). Once the models carry a translated violation_error_message this can go."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

INTERVAL = ("valid_to", _("The end date must be after the start date."))

# constraint name → (the form field it concerns, or None for the whole form; the message)
CONSTRAINT_MESSAGES: dict[str, tuple[str | None, StrOrPromise]] = {
    "unit_dissolved_after_founded": ("dissolved_on", _("The dissolution date must be after the founding date.")),
    "person_has_natural_key": (None, _("Enter a national ID or a personnel code.")),
    "membership_official_after_admitted": ("official_on", _("The official date cannot be before the admission date.")),
    "cellmembership_interval_not_empty": INTERVAL,
    "membershipstatus_interval_not_empty": INTERVAL,
    "post_interval_not_empty": INTERVAL,
    "post_head_is_leadership": ("is_leadership", _("The head's post is a leadership post: tick this box.")),
    "discipline_on_person_or_unit": (None, _("A discipline record is about either a person or a unit: choose one.")),
    "discipline_collective_flag_needs_unit": (
        "on_leadership_collective",
        _("Only a unit has a leadership collective: choose the unit, not a person."),
    ),
    "roleassignment_interval_not_empty": INTERVAL,
    "absence_months_in_range": (None, _("Months are between 0 and 12.")),
    "conclusion_on_person_or_unit": (None, _("A conclusion is about either a person or a unit: choose one.")),
}


def readable_constraint_errors(
    model: type[models.Model], errors: dict[str, list[ValidationError]], fields: set[str]
) -> dict[str, list[ValidationError]]:
    """`errors` with each violated check constraint of `model` replaced by its Vietnamese message."""
    violated = {
        str(constraint.get_violation_error_message()): constraint.name
        for constraint in model._meta.constraints
        if constraint.name in CONSTRAINT_MESSAGES
    }
    readable: dict[str, list[ValidationError]] = {}
    for key, key_errors in errors.items():
        for error in key_errors:
            name = violated.get(str(error.message)) if key == NON_FIELD_ERRORS else None
            if name is None:
                readable.setdefault(key, []).append(error)
                continue
            field, message = CONSTRAINT_MESSAGES[name]
            target = field if field in fields else NON_FIELD_ERRORS
            readable.setdefault(target, []).append(ValidationError(message, code=name))
    return readable


class RegistryModelForm(forms.ModelForm):
    def add_error(self, field: str | None, error: ValidationError | str | Any) -> None:
        if field is None and isinstance(error, ValidationError) and hasattr(error, "error_dict"):
            error = ValidationError(readable_constraint_errors(self._meta.model, error.error_dict, set(self.fields)))
        super().add_error(field, error)
