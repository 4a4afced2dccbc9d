"""What the boards call things: cycle states, flags, conflicts, rule sets (docs/CONTEXT.md); levels, review
states, outcomes, categories and complaint states are danhgia.apps.reviews.labels'.

Contexts (pgettext) keep these short words apart from the same English words in other catalogues.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from danhgia.apps.reviews.labels import CATEGORY_NAMES as CATEGORY_NAMES
from danhgia.apps.reviews.labels import COMPLAINT_STATE_NAMES as COMPLAINT_STATE_NAMES
from danhgia.apps.reviews.labels import LEVEL_NAMES as LEVEL_NAMES
from danhgia.apps.reviews.labels import LEVELS as LEVELS
from danhgia.apps.reviews.labels import OUTCOME_NAMES as OUTCOME_NAMES
from danhgia.apps.reviews.labels import REVIEW_STATE_NAMES as REVIEW_STATE_NAMES
from danhgia.apps.reviews.labels import level_choices as level_choices
from danhgia.apps.reviews.labels import level_name as level_name
from danhgia.apps.reviews.labels import name_of as name_of
from danhgia.engine import builtin_ruleset
from danhgia.engine.schema import ruleset_ids

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


SUBJECT_TYPE_NAMES: dict[str, Promise] = {
    "individual": pgettext_lazy("subject type", "Individuals"),
    "collective": pgettext_lazy("subject type", "Collectives"),
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


def ruleset_name(ruleset_id: str) -> str:
    """The rule set's short name; a rule set added as data only is named by its file's title."""
    name = RULESET_NAMES.get(ruleset_id)
    if name is not None:
        return str(name)
    return builtin_ruleset(ruleset_id).title if ruleset_id in ruleset_ids() else ruleset_id


LEVEL_SOURCE_NAMES: dict[str, Promise] = {
    "decided": pgettext_lazy("level source", "decided"),
    "engine": pgettext_lazy("level source", "engine, not yet decided"),
}
