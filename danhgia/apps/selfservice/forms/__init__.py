"""Forms of the self-service pages: the self-review (selfreview.py), evidence, meeting and complaint
(records.py), and the field builders they share (fields.py)."""

from danhgia.apps.selfservice.forms.records import ComplaintForm, EvidenceForm, MeetingForm
from danhgia.apps.selfservice.forms.selfreview import SelfReviewForm, initial_from_answers

__all__ = ["ComplaintForm", "EvidenceForm", "MeetingForm", "SelfReviewForm", "initial_from_answers"]
