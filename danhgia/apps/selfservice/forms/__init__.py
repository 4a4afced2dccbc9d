"""Forms of the self-service pages: the self-review (selfreview.py), evidence, meeting, complaint, member search
and the residence cell's comments (records.py), and the field builders they share (fields.py)."""

from danhgia.apps.selfservice.forms.records import (
    ComplaintForm,
    EvidenceForm,
    MeetingForm,
    MemberSearchForm,
    ResidenceCommentForm,
    WithdrawMeetingForm,
)
from danhgia.apps.selfservice.forms.selfreview import SelfReviewForm, initial_from_answers

__all__ = [
    "ComplaintForm",
    "EvidenceForm",
    "MeetingForm",
    "MemberSearchForm",
    "ResidenceCommentForm",
    "SelfReviewForm",
    "WithdrawMeetingForm",
    "initial_from_answers",
]
