"""The engine's vocabulary as small integer codes, shared by every column of the batch path.

Names follow docs/CONTEXT.md; the integer values are what the numpy columns hold.
"""

from __future__ import annotations

from enum import IntEnum


class Level(IntEnum):
    """Quality levels; a lower number is a better level (L1 is the highest)."""

    NONE = 0
    L1 = 1  # hoàn thành xuất sắc nhiệm vụ
    L2 = 2  # hoàn thành tốt nhiệm vụ
    L3 = 3  # hoàn thành nhiệm vụ
    L4 = 4  # không hoàn thành nhiệm vụ


class Status(IntEnum):
    CLASSIFIED = 0
    EXEMPT = 1
    NOT_CLASSIFIED = 2
    NEEDS_DECISION = 3


STATUS_NAMES = {
    Status.CLASSIFIED: "classified",
    Status.EXEMPT: "exempt",
    Status.NOT_CLASSIFIED: "not_classified",
    Status.NEEDS_DECISION: "needs_decision",
}
STATUS_BY_NAME = {name: status for status, name in STATUS_NAMES.items()}


class Grade(IntEnum):
    """Per-criterion grades of the grade-based rule sets; higher is better, 0 = not graded."""

    NONE = 0
    K = 1
    TB = 2
    T = 3
    XS = 4


GRADE_BY_NAME = {"K": Grade.K, "TB": Grade.TB, "T": Grade.T, "XS": Grade.XS}

INDIVIDUAL_CATEGORIES = ("leader_central", "leader", "staff", "member_outside")
COLLECTIVE_CATEGORIES = ("organisation", "party_organisation", "leadership_collective")
CATEGORIES = INDIVIDUAL_CATEGORIES + COLLECTIVE_CATEGORIES
CATEGORY_CODE = {name: code for code, name in enumerate(CATEGORIES)}
LEADER_CATEGORIES = ("leader_central", "leader")

UNIT_KINDS = (
    "party_committee",
    "grassroots_committee",
    "grassroots_cell",
    "cell",
    "agency",
    "mass_org",
)
UNIT_KIND_CODE = {name: code for code, name in enumerate(UNIT_KINDS)}
CELL_KINDS = ("grassroots_cell", "cell")
COMMITTEE_KINDS = ("grassroots_committee", "party_committee")

# Discipline forms in order of severity (reprimand is the mildest).
FORMS = ("reprimand", "warning", "demotion", "removal", "dismissal", "expulsion")
FORM_CODE = {name: code for code, name in enumerate(FORMS)}

CONCLUSIONS = (
    "degradation",
    "prohibited_conduct",
    "exemplary_breach",
    "disunity",
    "corruption_in_led_unit",
    "corruption_in_subordinate",
    "corruption_self_detected",
    "cadre_work_wrongdoing",
    "factionalism",
    "post_buying",
)

FLAGS = (
    "missing_input",
    "band_condition_mismatch",
    "quota_tie",
    "unconfirmed_rule",
)
FLAG_BIT = {name: 1 << i for i, name in enumerate(FLAGS)}
