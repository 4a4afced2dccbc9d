from __future__ import annotations

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from danhgia.apps.spreadsheets.limits import LIMITS
from danhgia.apps.spreadsheets.reader import too_large_reason


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File (.xlsx or .csv)"),
        help_text=_("One workbook may hold several sheets: units, people, posts, party members, discipline…"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def clean_file(self) -> UploadedFile:
        """A file over the size limit is refused before anything reads it."""
        file: UploadedFile = self.cleaned_data["file"]
        if (file.size or 0) > LIMITS.file_bytes:
            raise forms.ValidationError(too_large_reason(file.size or 0, LIMITS))
        return file
