"""Names of what the basis of classification shows, in the reader's language: stages, subjects, parameters and
their values (shares as percentages), and what a rule does to the level."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import pgettext, pgettext_lazy

from danhgia.apps.reviews.labels import OUTCOME_NAMES, in_sentence, name_of
from danhgia.apps.rules.basis import RuleBasis, as_percent, is_fraction
from danhgia.engine.schema import ParamValue

STAGE_LABELS: dict[str, Promise] = {
    "input": pgettext_lazy("rules", "Required input"),
    "eligibility": pgettext_lazy("rules", "Subjects and conditions of assessment"),
    "disqualifier": pgettext_lazy("rules", "Failure to complete duties (level 4)"),
    "level": pgettext_lazy("rules", "Conditions of each level"),
    "cap": pgettext_lazy("rules", "Caps on the level (linkage)"),
    "quota": pgettext_lazy("rules", "Level 1 quota"),
}

# The subject groups and categories of `applies_to` (docs/CONTEXT.md).
SUBJECT_LABELS: dict[str, Promise] = {
    "all": pgettext_lazy("rules", "every subject"),
    "individual": pgettext_lazy("rules", "individuals"),
    "collective": pgettext_lazy("rules", "collectives"),
    "leaders": pgettext_lazy("rules", "leaders and managers"),
    "leader_central": pgettext_lazy("rules", "leaders managed by the Politburo or the Secretariat"),
    "leader": pgettext_lazy("rules", "leaders and managers at any level"),
    "staff": pgettext_lazy("rules", "staff without a leadership post"),
    "member_outside": pgettext_lazy("rules", "party members outside the political system"),
    "organisation": pgettext_lazy("rules", "the agency, locality or unit itself"),
    "party_organisation": pgettext_lazy("rules", "party organisations"),
    "leadership_collective": pgettext_lazy("rules", "leadership and management collectives"),
}

PARAMETER_LABELS: dict[str, Promise] = {
    # rule parameters
    "months": pgettext_lazy("rules", "months"),
    "min": pgettext_lazy("rules", "score threshold"),
    "share": pgettext_lazy("rules", "share"),
    "self_detected_counts": pgettext_lazy("rules", "self-detected and remedied violations count"),
    "public_service_only": pgettext_lazy("rules", "only violations concerning one's duties"),
    "min_form": pgettext_lazy("rules", "mildest discipline form counted"),
    "grade": pgettext_lazy("rules", "lowest grade"),
    "exclude_heads": pgettext_lazy("rules", "heads of units left out"),
    # rule-set parameters
    "quota_ratio": pgettext_lazy("rules", "Level 1 at most this share of level 2"),
    "quota_exception_ratio": pgettext_lazy("rules", "Exceptional share (a group listed as an exception)"),
    "quota_rounding": pgettext_lazy("rules", "Rounding of the number that keeps level 1"),
    "score_bands_are_minimums": pgettext_lazy("rules", "Score bands are minimums"),
}

VALUE_LABELS: dict[tuple[str, str], Promise] = {
    ("quota_rounding", "floor"): pgettext_lazy("rules", "rounded down"),
    ("quota_rounding", "half_up"): pgettext_lazy("rules", "rounded half up"),
    ("quota_exception_ratio", "False"): pgettext_lazy("rules", "none"),
    ("min_form", "reprimand"): pgettext_lazy("rules", "reprimand"),
    ("min_form", "warning"): pgettext_lazy("rules", "warning"),
    ("grade", "XS"): pgettext_lazy("rules", "Excellent (XS)"),
    ("grade", "T"): pgettext_lazy("rules", "Good (T)"),
    ("grade", "TB"): pgettext_lazy("rules", "Average (TB)"),
}

# How each rule-set parameter may be set otherwise in the file.
PARAMETER_CHOICES: dict[str, Promise] = {
    "quota_ratio": pgettext_lazy("rules", 'a fraction, e.g. "1/5"'),
    "quota_exception_ratio": pgettext_lazy("rules", "a fraction, or false for none"),
    "quota_rounding": pgettext_lazy("rules", '"floor" (down) or "half_up"'),
    "score_bands_are_minimums": pgettext_lazy("rules", "true, or false for exact bands"),
}

STATUS_LABELS: dict[str, Promise] = {
    "published": pgettext_lazy("rules", "published"),
    "draft": pgettext_lazy("rules", "draft"),
}

SCORING_LABELS: dict[str, Promise] = {
    "score": pgettext_lazy("rules", "100-point score"),
    "grades": pgettext_lazy("rules", "a grade per criterion (XS, T, TB, K)"),
}


def stage_label(stage: str) -> str:
    return str(STAGE_LABELS.get(stage, stage))


def subjects_label(applies_to: tuple[str, ...]) -> str:
    return ", ".join(str(SUBJECT_LABELS.get(name, name)) for name in applies_to)


def parameter_label(name: str) -> str:
    return str(PARAMETER_LABELS.get(name, name))


def percent(share: Fraction) -> str:
    """20 → "20 %"; a share that is no whole percentage keeps two decimals in the reader's format."""
    if share.denominator == 1:
        return f"{share.numerator} %"
    exact = Decimal(share.numerator) / Decimal(share.denominator)
    return f"{number_format(exact.quantize(Decimal('0.01')), decimal_pos=2)} %"


def value_label(name: str, value: ParamValue) -> str:
    """A parameter's value as a person reads it: "1/5" → "20 %", true → yes, "floor" → rounded down."""
    named = VALUE_LABELS.get((name, str(value)))
    if named is not None:
        return str(named)
    if is_fraction(value):
        return percent(as_percent(str(value)))
    if isinstance(value, bool):
        return pgettext("rules", "yes") if value else pgettext("rules", "no")
    return str(value)


def rule_parameters(rule: RuleBasis) -> list[tuple[str, str]]:
    """The rule's parameters that say something to a reader (a conclusion's name is its rule's text)."""
    return [(parameter_label(name), value_label(name, value)) for name, value in rule.params if name != "name"]


def effect_label(rule: RuleBasis) -> str:
    """What the rule does to a subject it applies to."""
    if rule.stage == "input":
        return pgettext("rules", "no level: the competent level decides")
    if rule.stage == "eligibility":
        return in_sentence(name_of(OUTCOME_NAMES, rule.outcome))  # after "→", like "level 4"
    if rule.stage == "disqualifier":
        return pgettext("rules", "level 4")
    if rule.stage == "level":
        return pgettext("rules", "condition of level %(level)s") % {"level": rule.level}
    if rule.stage == "cap" and rule.level:
        return pgettext("rules", "at most level %(level)s") % {"level": rule.level}
    if rule.stage == "cap":
        return pgettext("rules", "not above the collective it depends on")
    return pgettext("rules", "level 1 beyond the quota becomes level 2")


def switch_label(rule: RuleBasis) -> str:
    if not rule.can_be_switched_off:
        return pgettext("rules", "cannot be switched off: the rule set needs exactly one such rule")
    if rule.enabled:
        return pgettext("rules", "on; switched off with enabled = false in the rule-set file")
    return pgettext("rules", "off (enabled = false in the rule-set file)")


def years_label(first: int | None, last: int | None) -> str:
    if first is not None and last is not None:
        return f"{first}–{last}"
    if first is not None:
        return pgettext("rules", "from %(year)s") % {"year": first}
    if last is not None:
        return pgettext("rules", "until %(year)s") % {"year": last}
    return pgettext("rules", "not stated")
