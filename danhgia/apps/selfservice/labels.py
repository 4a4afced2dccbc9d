"""What the pages call things: review states, levels, per-criterion grades and the generic criteria.

Level names come from the domain (`danhgia.domain.texts`, Vietnamese and English side by side); the rest
are gettext strings with a context, so they never collide with another catalogue's entry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import get_language, pgettext_lazy

from danhgia.domain.texts import LEVEL_TEXTS, LEVELS, Level

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

STATE_LABELS: dict[str, StrOrPromise] = {
    "not_started": pgettext_lazy("review state", "not started"),
    "draft": pgettext_lazy("review state", "draft"),
    "submitted": pgettext_lazy("review state", "submitted"),
    "returned": pgettext_lazy("review state", "returned for correction"),
    "verified": pgettext_lazy("review state", "verified"),
    "decided": pgettext_lazy("review state", "decided"),
    "published": pgettext_lazy("review state", "published"),
    "complained": pgettext_lazy("review state", "under complaint"),
}

OUTCOME_LABELS: dict[str, StrOrPromise] = {
    "classified": pgettext_lazy("outcome", "classified"),
    "exempt": pgettext_lazy("outcome", "exempt from classification"),
    "not_classified": pgettext_lazy("outcome", "not classified"),
    "needs_decision": pgettext_lazy("outcome", "awaiting a decision"),
}

COMPLAINT_LABELS: dict[str, StrOrPromise] = {
    "open": pgettext_lazy("complaint state", "being considered"),
    "upheld": pgettext_lazy("complaint state", "upheld: re-classified"),
    "rejected": pgettext_lazy("complaint state", "rejected"),
}

CATEGORY_LABELS: dict[str, StrOrPromise] = {
    "leader_central": pgettext_lazy("category", "leader managed by the Politburo or the Secretariat"),
    "leader": pgettext_lazy("category", "leader or manager"),
    "staff": pgettext_lazy("category", "cadre, civil servant or public employee"),
    "member_outside": pgettext_lazy("category", "party member outside the political system"),
    "organisation": pgettext_lazy("category", "agency, locality or unit"),
    "party_organisation": pgettext_lazy("category", "party organisation"),
    "leadership_collective": pgettext_lazy("category", "leadership collective"),
}

GRADES: list[tuple[str, StrOrPromise]] = [
    ("XS", pgettext_lazy("grade", "Excellent (XS)")),
    ("T", pgettext_lazy("grade", "Good (T)")),
    ("TB", pgettext_lazy("grade", "Average (TB)")),
    ("K", pgettext_lazy("grade", "Weak (K)")),
]

# The criteria graded XS/T/TB/K under the 2018–2024 rule sets (docs/regulations/party.md §5.1), in the form's order.
CRITERIA: list[tuple[str, StrOrPromise]] = [
    ("politics", pgettext_lazy("criterion", "Political ideology")),
    ("ethics", pgettext_lazy("criterion", "Ethics and lifestyle")),
    ("discipline", pgettext_lazy("criterion", "Sense of organisation and discipline")),
    ("style", pgettext_lazy("criterion", "Working style and manner")),
    ("tasks", pgettext_lazy("criterion", "Results of the duties and tasks assigned")),
]


def category_label(code: str) -> str:
    return str(CATEGORY_LABELS.get(code, code))


def level_name(code: str) -> str:
    """`L2` → "Hoàn thành tốt nhiệm vụ" (or its English name when English is active); unknown codes as given."""
    if code not in LEVEL_TEXTS:
        return code
    vi, en = LEVEL_TEXTS[_level(code)]
    return en if (get_language() or "vi").startswith("en") else vi


def level_choices() -> list[tuple[str, str]]:
    """The levels for a select, highest first: ("L1", "L1 – Hoàn thành xuất sắc nhiệm vụ"), …"""
    return [(code, f"{code} – {level_name(code)}") for code in LEVELS]


def _level(code: str) -> Level:
    return next(level for level in LEVELS if level == code)
