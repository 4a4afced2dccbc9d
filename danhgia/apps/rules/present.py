"""The basis of classification in the reader's language, ready to show: the page and docs/conformity.md both
render these (the page in Vietnamese or English, the document in English)."""

from __future__ import annotations

from dataclasses import dataclass

from danhgia.apps.rules import labels
from danhgia.apps.rules.basis import ParameterBasis, RuleBasis, RulesetBasis, fill_text

TESTS_SHOWN = 3  # the first tests named on the page; rule_tests.toml lists them all


@dataclass(frozen=True)
class ShownRule:
    code: str
    anchor: str
    text: str
    effect: str
    subjects: str
    parameters: list[tuple[str, str]]
    source: str
    confirmed: bool
    switch: str
    tests: list[str]
    more_tests: int


@dataclass(frozen=True)
class ShownStage:
    stage: str
    label: str
    rules: list[ShownRule]


@dataclass(frozen=True)
class ShownParameter:
    name: str
    anchor: str
    label: str
    value: str
    raw: str
    choices: str
    source: str
    confirmed: bool
    note: str


@dataclass(frozen=True)
class ShownRuleset:
    basis: RulesetBasis
    anchor: str
    years: str
    status: str
    scoring: str
    stages: list[ShownStage]
    parameters: list[ShownParameter]
    defaults: int  # how many rules and parameters are project defaults


def anchor(ruleset_id: str, name: str = "") -> str:
    return f"{ruleset_id}-{name}" if name else ruleset_id


def show_ruleset(basis: RulesetBasis, lang: str) -> ShownRuleset:
    ratio = basis.parameter("quota_ratio")
    facts = {"ratio": labels.value_label("quota_ratio", ratio.value)} if ratio else {}
    return ShownRuleset(
        basis=basis,
        anchor=anchor(basis.id),
        years=labels.years_label(basis.applies_from, basis.applies_until),
        status=str(labels.STATUS_LABELS.get(basis.status, basis.status)),
        scoring=str(labels.SCORING_LABELS.get(basis.scoring, basis.scoring)),
        stages=[
            ShownStage(stage, labels.stage_label(stage), [_rule(basis, rule, lang, facts) for rule in rules])
            for stage, rules in basis.stages
        ],
        parameters=[_parameter(basis, p) for p in basis.parameters],
        defaults=len(basis.default_rules) + len(basis.default_parameters),
    )


def _rule(basis: RulesetBasis, rule: RuleBasis, lang: str, facts: dict[str, str]) -> ShownRule:
    return ShownRule(
        code=rule.code,
        anchor=anchor(basis.id, rule.code),
        text=fill_text(rule, lang, labels.value_label, facts),
        effect=labels.effect_label(rule),
        subjects=labels.subjects_label(rule.applies_to),
        parameters=labels.rule_parameters(rule),
        source=rule.source,
        confirmed=rule.confirmed,
        switch=labels.switch_label(rule),
        tests=list(rule.tests[:TESTS_SHOWN]),
        more_tests=max(0, len(rule.tests) - TESTS_SHOWN),
    )


def _parameter(basis: RulesetBasis, parameter: ParameterBasis) -> ShownParameter:
    return ShownParameter(
        name=parameter.name,
        anchor=anchor(basis.id, f"parameter-{parameter.name}"),
        label=labels.parameter_label(parameter.name),
        value=labels.value_label(parameter.name, parameter.value),
        raw=str(parameter.value).lower() if isinstance(parameter.value, bool) else str(parameter.value),
        choices=str(labels.PARAMETER_CHOICES.get(parameter.name, "")),
        source=parameter.source,
        confirmed=parameter.confirmed,
        note=parameter.note,
    )
