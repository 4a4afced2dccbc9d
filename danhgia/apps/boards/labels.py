"""What the boards call things: levels, states, outcomes, flags, categories, rule sets (docs/CONTEXT.md).

Contexts (pgettext) keep these short words apart from the same English words in other catalogues.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

LEVELS = ("L1", "L2", "L3", "L4")

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

CYCLE_STATE_NAMES: dict[str, Promise] = {
    "draft": pgettext_lazy("cycle state", "Draft"),
    "open": pgettext_lazy("cycle state", "Self-review open"),
    "verification": pgettext_lazy("cycle state", "Verification"),
    "decision": pgettext_lazy("cycle state", "Decision"),
    "published": pgettext_lazy("cycle state", "Results published"),
    "closed": pgettext_lazy("cycle state", "Closed"),
}

# What moving a cycle into each state is called on its button.
CYCLE_ADVANCE_NAMES: dict[str, Promise] = {
    "verification": pgettext_lazy("cycle action", "Start verification"),
    "decision": pgettext_lazy("cycle action", "Start decisions"),
    "published": pgettext_lazy("cycle action", "Publish the results"),
    "closed": pgettext_lazy("cycle action", "Close the cycle"),
}

OUTCOME_NAMES: dict[str, Promise] = {
    "classified": pgettext_lazy("outcome", "Classified"),
    "exempt": pgettext_lazy("outcome", "Exempt"),
    "not_classified": pgettext_lazy("outcome", "Not classified"),
    "needs_decision": pgettext_lazy("outcome", "Needs a decision"),
}

SUBJECT_TYPE_NAMES: dict[str, Promise] = {
    "individual": pgettext_lazy("subject type", "Individuals"),
    "collective": pgettext_lazy("subject type", "Collectives"),
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

FLAG_NAMES: dict[str, Promise] = {
    "missing_input": pgettext_lazy("flag", "Missing data"),
    "band_condition_mismatch": pgettext_lazy("flag", "Score band and conditions disagree"),
    "quota_tie": pgettext_lazy("flag", "Tie at the quota"),
    "unconfirmed_rule": pgettext_lazy("flag", "Unconfirmed rule"),
}

FLAG_HELP: dict[str, Promise] = {
    "missing_input": pgettext_lazy(
        "flag", "Some facts the rules need are missing: complete them, or the competent level decides."
    ),
    "band_condition_mismatch": pgettext_lazy(
        "flag",
        "The score lies in the band of a level whose other conditions are not met, so the level is below the "
        "score band.",
    ),
    "quota_tie": pgettext_lazy(
        "flag",
        "At the 20 % quota, the last subject kept at level 1 and the first one lowered have the same score and "
        "priority: the competent level chooses between them.",
    ),
    "unconfirmed_rule": pgettext_lazy(
        "flag",
        "The result rests on a rule not yet checked against the official text: check it before proposing.",
    ),
}

CONFLICT_NAMES: dict[str, Promise] = {
    "missing_self_review": pgettext_lazy("conflict", "Self-review not submitted"),
    "needs_decision": pgettext_lazy("conflict", "No rule decides: a person must"),
    "self_vs_engine": pgettext_lazy("conflict", "Self-proposed level differs from the engine's"),
}

DECISION_KIND_NAMES: dict[str, Promise] = {
    "verify": pgettext_lazy("decision kind", "Proposal of the advisory body"),
    "decide": pgettext_lazy("decision kind", "Decision of the competent level"),
    "reclassify": pgettext_lazy("decision kind", "Re-classification after a complaint"),
    "cancel": pgettext_lazy("decision kind", "Cancellation"),
}

COMPLAINT_STATE_NAMES: dict[str, Promise] = {
    "open": pgettext_lazy("complaint state", "Open"),
    "upheld": pgettext_lazy("complaint state", "Upheld: re-classified"),
    "rejected": pgettext_lazy("complaint state", "Rejected"),
}

PERIOD_KIND_NAMES: dict[str, Promise] = {
    "year": pgettext_lazy("period", "Year"),
    "quarter": pgettext_lazy("period", "Quarter"),
    "term": pgettext_lazy("period", "Term"),
}

RULESET_NAMES: dict[str, Promise] = {
    "qd132-2018": pgettext_lazy("rule set", "Regulation 132-QĐ/TW of 08/03/2018"),
    "qd124-2023": pgettext_lazy("rule set", "Regulation 124-QĐ/TW of 04/10/2023"),
    "qd366-2025": pgettext_lazy("rule set", "Regulation 366-QĐ/TW of 30/08/2025"),
    "nd335-2025": pgettext_lazy("rule set", "Decree 335/2025/NĐ-CP"),
}

LEVEL_SOURCE_NAMES: dict[str, Promise] = {
    "decided": pgettext_lazy("level source", "decided"),
    "engine": pgettext_lazy("level source", "engine, not yet decided"),
}


def name_of(table: dict[str, Promise], code: str) -> str:
    """The label of `code`, or the code itself when it has none (never an empty cell)."""
    label = table.get(code)
    return str(label) if label is not None else code
