"""Names of what the rule lab shows: results, states of a change."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

RESULT_LABELS: dict[str, Promise] = {
    "L1": _("L1 excellent"),
    "L2": _("L2 good"),
    "L3": _("L3 completed"),
    "L4": _("L4 failed"),
    "exempt": _("exempt"),
    "not_classified": _("not classified"),
    "needs_decision": _("needs a decision"),
    "": _("no result"),
}
CHANGE_LABELS: dict[str, Promise] = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}
WHAT_LABELS: dict[str, Promise] = {"rule": _("rule"), "parameter": _("parameter")}


def result_label(code: str) -> str:
    return str(RESULT_LABELS.get(code, code))
