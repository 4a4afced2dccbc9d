"""Names of what the reports show: subjects, table rows (unit kinds and categories), levels, reasons, states."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from danhgia.apps.orgs.models import UnitKind
from danhgia.apps.reports.models import Subject
from danhgia.apps.reviews.labels import LEVEL_NAMES, OUTCOME_NAMES, REVIEW_STATE_NAMES, name_of

# Table rows of each subject, in report order (docs/regulations/frameworks.md §3.6); rows not listed follow in
# code order.
KIND_ORDER: dict[str, tuple[str, ...]] = {
    Subject.PARTY_ORGANISATION: (
        UnitKind.PARTY_COMMITTEE,
        UnitKind.GRASSROOTS_COMMITTEE,
        UnitKind.GRASSROOTS_CELL,
        UnitKind.CELL,
    ),
    Subject.PARTY_MEMBER: ("leader_central", "leader", "staff", "member_outside"),
    Subject.CIVIL_SERVANT: ("leader_central", "leader", "staff"),
}

KIND_LABELS: dict[str, Promise] = {
    UnitKind.PARTY_COMMITTEE: pgettext_lazy("reports", "Party committees above the grassroots"),
    UnitKind.GRASSROOTS_COMMITTEE: pgettext_lazy("reports", "Grassroots party committees"),
    UnitKind.GRASSROOTS_CELL: pgettext_lazy("reports", "Grassroots party cells"),
    UnitKind.CELL: pgettext_lazy("reports", "Cells under grassroots committees"),
    "leader_central": pgettext_lazy("reports", "Leaders managed by the Politburo or the Secretariat"),
    "leader": pgettext_lazy("reports", "Leaders and managers"),
    "staff": pgettext_lazy("reports", "Without a leadership post"),
    "member_outside": pgettext_lazy("reports", "Members outside the political system"),
}

LEVEL_LABELS = LEVEL_NAMES  # one definition of the level names (reviews.labels)
LEVEL_SHORT: dict[str, Promise] = {
    "L1": pgettext_lazy("reports", "Excellent"),
    "L2": pgettext_lazy("reports", "Good"),
    "L3": pgettext_lazy("reports", "Completed"),
    "L4": pgettext_lazy("reports", "Not completed"),
}
LEVEL_COLOURS = {"L1": "#1b6e3a", "L2": "#4f9d5d", "L3": "#e0a526", "L4": "#a3141c"}

REASON_LABELS: dict[str, Promise] = {
    "exempt_from_activities": pgettext_lazy("reports", "exempted from party work and activities"),
    "suspended_from_activities": pgettext_lazy("reports", "suspended from party activities"),
    "admitted_less_than_6_months": pgettext_lazy("reports", "admitted less than 6 months before the end of the period"),
    "worked_less_than_6_months": pgettext_lazy("reports", "worked less than 6 months in the year"),
    "missing_input": pgettext_lazy("reports", "self-review missing"),
    "by_decision": pgettext_lazy("reports", "decided by the competent level"),
    "": pgettext_lazy("reports", "no reason recorded"),
}

STATE_LABELS = REVIEW_STATE_NAMES  # one definition of the review states (reviews.labels)


def subject_label(subject: str) -> str:
    return str(Subject(subject).label)


def kind_label(kind: str) -> str:
    return str(KIND_LABELS.get(kind, kind))


def reason_label(code: str) -> str:
    return str(REASON_LABELS.get(code, code))


def kind_order(subject: str, kinds: set[str]) -> list[str]:
    known = KIND_ORDER.get(subject, ())
    return [k for k in known if k in kinds] + sorted(kinds - set(known))


def outcome_label(status: str) -> str:
    return name_of(OUTCOME_NAMES, status)
