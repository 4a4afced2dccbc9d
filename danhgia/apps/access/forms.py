"""The code from an authenticator app, for enrolment and for verification."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from danhgia.apps.access.twofactor import DIGITS


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Code from the authenticator app"),
        max_length=16,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 8}
        ),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if len(token) != DIGITS or not token.isdigit():
            raise forms.ValidationError(_("Enter the %(digits)d digits the app shows.") % {"digits": DIGITS})
        return token
