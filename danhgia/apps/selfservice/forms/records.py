"""The small forms of the self-service pages: an evidence file, the review meeting, a complaint, the search for a
member and the residence cell's comments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import pgettext_lazy

from danhgia.apps.orgs.services import nfc
from danhgia.apps.selfservice.forms.fields import count_field
from danhgia.apps.selfservice.labels import level_choices

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
    votes_L1 = count_field("L1")
    votes_L2 = count_field("L2")
    votes_L3 = count_field("L3")
    votes_L4 = count_field("L4")

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


class MemberSearchForm(_Form):
    """Find a party member of the cycle: part of the name (with diacritics), or the personnel code or national ID."""

    q = forms.CharField(
        label=pgettext_lazy("selfservice", "Name, personnel code or national ID"),
        min_length=2,
        max_length=200,
        help_text=pgettext_lazy(
            "selfservice", "Type part of the full name with diacritics (e.g. “Văn An”), or the whole code."
        ),
        error_messages={"min_length": pgettext_lazy("selfservice", "Type at least 2 characters.")},
    )

    def clean_q(self) -> str:
        return nfc(self.cleaned_data["q"])


class ResidenceCommentForm(_Form):
    text = forms.CharField(
        label=pgettext_lazy("selfservice", "Comments of the residence cell"),
        help_text=pgettext_lazy(
            "selfservice",
            "How the member keeps ties with the cell and the community where they live, and carries out "
            "their duties there.",
        ),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
