"""The one definition of what every page and report calls a level, a review state, an outcome, a subject category
and a complaint state (docs/CONTEXT.md). Pages (boards, self-service, rules) and reports import these; contexts
(pgettext) keep the short words apart from the same English words elsewhere. The Vietnamese names are in this
app's catalogue.

Every name is capitalised, as a badge or a cell shows it; where one stands inside a sentence, `in_sentence` gives
it with a small first letter. Pages show a level by its name only: the codes L1–L4 are for files and exports.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from danhgia.domain.texts import LEVELS as DOMAIN_LEVELS

LEVELS: tuple[str, ...] = DOMAIN_LEVELS

LEVEL_NAMES: dict[str, Promise] = {
    "L1": pgettext_lazy("level", "Excellent completion of duties"),
    "L2": pgettext_lazy("level", "Good completion of duties"),
    "L3": pgettext_lazy("level", "Completion of duties"),
    "L4": pgettext_lazy("level", "Failure to complete duties"),
}


REVIEW_STATE_NAMES: dict[str, Promise] = {
    "not_started": pgettext_lazy("review state", "Not started"),
    "draft": pgettext_lazy("review state", "Draft"),
    "submitted": pgettext_lazy("review state", "Submitted"),
    "returned": pgettext_lazy("review state", "Returned for correction"),
    "verified": pgettext_lazy("review state", "Verified"),
    "decided": pgettext_lazy("review state", "Decided"),
    "published": pgettext_lazy("review state", "Published"),
    "complained": pgettext_lazy("review state", "Under complaint"),
}

OUTCOME_NAMES: dict[str, Promise] = {
    "classified": pgettext_lazy("outcome", "Classified"),
    "exempt": pgettext_lazy("outcome", "Exempt from classification"),
    "not_classified": pgettext_lazy("outcome", "Not classified"),
    "needs_decision": pgettext_lazy("outcome", "Needs a decision"),
}

CATEGORY_NAMES: dict[str, Promise] = {
    "leader_central": pgettext_lazy("category", "Leader managed by the Politburo or the Secretariat"),
    "leader": pgettext_lazy("category", "Leader or manager"),
    "staff": pgettext_lazy("category", "Staff without a leadership post"),
    "member_outside": pgettext_lazy("category", "Party member outside the political system"),
    "organisation": pgettext_lazy("category", "Agency, locality or unit"),
    "party_organisation": pgettext_lazy("category", "Party organisation"),
    "leadership_collective": pgettext_lazy("category", "Leadership collective"),
}

COMPLAINT_STATE_NAMES: dict[str, Promise] = {
    "open": pgettext_lazy("complaint state", "Being considered"),
    "upheld": pgettext_lazy("complaint state", "Upheld: re-classified"),
    "rejected": pgettext_lazy("complaint state", "Rejected"),
}


def name_of(table: dict[str, Promise], code: str | None) -> str:
    """The name of `code` in the reader's language; a code without one as given, none as ""."""
    if not code:
        return ""
    name = table.get(code)
    return str(name) if name is not None else code


def level_name(code: str | None) -> str:
    """`L2` → "Hoàn thành tốt nhiệm vụ" ("Good completion of duties" in English); unknown codes as given."""
    return name_of(LEVEL_NAMES, code)


def level_choices() -> list[tuple[str, Promise]]:
    """The levels for a select, highest first, each shown by its name in the reader's language (lazy, so a form
    built once still shows each page's language)."""
    return [(code, LEVEL_NAMES[code]) for code in LEVELS]


def in_sentence(name: object) -> str:
    """A name inside a sentence: "Hoàn thành tốt nhiệm vụ" → "hoàn thành tốt nhiệm vụ"."""
    text = str(name)
    return text[:1].lower() + text[1:]
