"""The one definition of what every page and report calls a level, a review state, an outcome and a subject
category (docs/CONTEXT.md). Pages (boards, self-service, rules) and reports import these; contexts (pgettext)
keep the short words apart from the same English words elsewhere.
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
    "exempt": pgettext_lazy("outcome", "Exempt"),
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
