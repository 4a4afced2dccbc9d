"""The small forms of the self-service pages: an evidence file, the review meeting, a complaint, the search for a
member and the residence cell's comments."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import pgettext_lazy

from danhgia.apps.orgs.services import nfc
from danhgia.apps.reviews.labels import in_sentence, level_choices
from danhgia.apps.reviews.services.comments import Minutes
from danhgia.apps.selfservice.forms.fields import COUNT_ERRORS, count_field

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
    """The minutes of a review meeting: date, chair, members and attendance, comments, the vote per level.
    The service (comment_add, meeting_correct) checks votes ≤ attendees ≤ members; its errors come back on
    these fields (`add_service_errors`), the total of the votes on the vote fieldset."""

    held_on = forms.DateField(
        label=pgettext_lazy("selfservice", "Date of the meeting"),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": pgettext_lazy("selfservice", "Give the date of the meeting."),
            "invalid": pgettext_lazy("selfservice", "Enter a date as dd/mm/yyyy."),
        },
    )
    chair = forms.CharField(
        label=pgettext_lazy("selfservice", "Chaired by"),
        max_length=200,
        error_messages={"required": pgettext_lazy("selfservice", "Name who chaired the meeting.")},
    )
    members = forms.IntegerField(
        label=pgettext_lazy("selfservice", "Members of the collective"),
        min_value=1,
        max_value=100_000,
        error_messages={
            **COUNT_ERRORS,
            "required": pgettext_lazy("selfservice", "Give how many members the collective has."),
        },
        widget=forms.NumberInput(attrs={"min": 1}),
    )
    attendees = forms.IntegerField(
        label=pgettext_lazy("selfservice", "Members present"),
        min_value=0,
        max_value=100_000,
        error_messages={**COUNT_ERRORS, "required": pgettext_lazy("selfservice", "Give how many members attended.")},
        widget=forms.NumberInput(attrs={"min": 0}),
    )
    text = forms.CharField(
        label=pgettext_lazy("selfservice", "Comments of the meeting"),
        max_length=20_000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    votes_L1 = count_field("L1")
    votes_L2 = count_field("L2")
    votes_L3 = count_field("L3")
    votes_L4 = count_field("L4")

    def __init__(self, *args: Any, correcting: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.votes_errors: list[str] = []
        for code, label in level_choices():
            field = self.fields[f"votes_{code}"]
            field.label = pgettext_lazy("selfservice", "Votes for %(level)s") % {"level": in_sentence(label)}
            field.widget.attrs["aria-describedby"] = "err-votes"
        if correcting:
            self.fields["reason"] = forms.CharField(
                label=pgettext_lazy("selfservice", "Why the record is corrected"),
                max_length=2_000,
                widget=forms.Textarea(attrs={"rows": 2}),
                error_messages={"required": pgettext_lazy("selfservice", "Say why the record is corrected.")},
            )

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

    def minutes(self) -> Minutes:
        data = self.cleaned_data
        return Minutes(data["held_on"], data["chair"], data["members"], data["attendees"])

    def vote_fields(self) -> list[forms.BoundField]:
        return [self[f"votes_{level}"] for level in ("L1", "L2", "L3", "L4")]

    def add_service_errors(self, error: ValidationError) -> None:
        """A service's refusal on the fields it names; the total of the votes on the vote fieldset."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error.messages)
            return
        for field, errors in error.error_dict.items():
            if field == "votes":
                self.votes_errors += [message for e in errors for message in e.messages]
            else:
                self.add_error(field if field in self.fields else None, errors)


class WithdrawMeetingForm(_Form):
    reason = forms.CharField(
        label=pgettext_lazy("selfservice", "Why the record is withdrawn"),
        max_length=2_000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": pgettext_lazy("selfservice", "Say why the record is withdrawn.")},
    )


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
