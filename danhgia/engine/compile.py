"""Compile a rule-set file once into what the pipeline evaluates many times (ADR 0002)."""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from functools import cache
from string import Formatter
from typing import Any

import numpy as np
import numpy.typing as npt

from danhgia.engine.catalogue import PARAMETERS, PREDICATES, Predicate
from danhgia.engine.codes import (
    CATEGORIES,
    CATEGORY_CODE,
    COLLECTIVE_CATEGORIES,
    INDIVIDUAL_CATEGORIES,
    LEADER_CATEGORIES,
)
from danhgia.engine.errors import ScenarioError
from danhgia.engine.linkage import LINKAGES, LinkageKind
from danhgia.engine.schema import RulesetSpec, RuleSpec, builtin_text, load_spec_text, parse_fraction

GROUPS = {
    "all": CATEGORIES,
    "individual": INDIVIDUAL_CATEGORIES,
    "collective": COLLECTIVE_CATEGORIES,
    "leaders": LEADER_CATEGORIES,
}
STAGE_LIMIT = 64  # rules of one stage share a 64-bit mask per subject
# Facts a rule's text may quote (filled by explain.py), besides the rule's own parameters.
PLACEHOLDERS = frozenset(
    {
        "score",
        "assigned",
        "completed",
        "on_time",
        "exceeded",
        "late",
        "noted",
        "remedied",
        "total",
        "disciplined",
        "voters",
        "low",
        "cap",
        "sick_months",
        "months_worked",
        "max_level1",
        "ratio",
        "counted",
        "failed",
        "good",
    }
)


@dataclass(frozen=True)
class Rule:
    code: str
    stage: str
    kind: str
    bit: int  # position within its stage
    applies: npt.NDArray[np.bool_]  # by category code
    level: int  # level stage: the level it conditions; cap stage: the highest level left
    outcome: str | None
    params: dict[str, Any]
    source: str
    confirmed: bool
    text: dict[str, str]  # "vi", "en"
    predicate: Predicate | None
    linkage: LinkageKind | None

    @property
    def mask(self) -> int:
        return 1 << self.bit


@dataclass(frozen=True)
class CompiledRuleset:
    id: str
    title: str
    scoring: str  # "score" or "grades"
    side: str  # "party" or "state"
    tasks_from_products: bool
    year_from_periods: bool
    report_forms: str  # "hd43", "nd335" or "none"
    sha256: str
    stages: dict[str, list[Rule]]
    quota_ratio: Fraction
    quota_exception_ratio: Fraction | None
    quota_rounding: str
    bands_are_minimums: bool
    unconfirmed_parameters: frozenset[str]
    years: tuple[int | None, int | None] = (None, None)  # years of application, inclusive
    level_mask: dict[int, int] = field(default_factory=dict)  # level → bits of its condition rules
    score_mask: dict[int, int] = field(default_factory=dict)  # level → bits of its score-band rules

    def rules(self, stage: str) -> list[Rule]:
        return self.stages.get(stage, [])

    def unconfirmed(self, stage: str) -> int:
        return sum(rule.mask for rule in self.rules(stage) if not rule.confirmed)

    def applies_to_year(self, year: int) -> bool:
        first, last = self.years
        return (first is None or year >= first) and (last is None or year <= last)


def compile_ruleset(spec: RulesetSpec, sha256: str) -> CompiledRuleset:
    stages: dict[str, list[Rule]] = {}
    codes: set[str] = set()
    for raw in spec.rules:
        if raw.code in codes:
            raise _error(spec, raw, "duplicate rule code")
        codes.add(raw.code)
        if raw.enabled:
            rules = stages.setdefault(raw.stage, [])
            rules.append(_compile_rule(spec, raw, len(rules)))
    for stage, rules in stages.items():
        if len(rules) > STAGE_LIMIT:
            raise ScenarioError(f"rule set {spec.ruleset.id}: more than {STAGE_LIMIT} {stage} rules", field="ruleset")
    for required in ("input", "quota"):
        if len(stages.get(required, [])) != 1:
            raise ScenarioError(f"rule set {spec.ruleset.id}: needs exactly one {required} rule", field="ruleset")
    params = spec.parameters
    exception = params.get("quota_exception_ratio")
    compiled = CompiledRuleset(
        id=spec.ruleset.id,
        title=spec.ruleset.title,
        scoring=spec.ruleset.scoring,
        side=spec.ruleset.side,
        tasks_from_products=spec.ruleset.tasks_from_products,
        year_from_periods=spec.ruleset.year_from_periods,
        report_forms=spec.ruleset.report_forms,
        sha256=sha256,
        stages=stages,
        quota_ratio=parse_fraction(_parameter(spec, "quota_ratio").value),
        quota_exception_ratio=parse_fraction(exception.value) if exception and exception.value is not False else None,
        quota_rounding=str(_parameter(spec, "quota_rounding").value),
        bands_are_minimums=bool(_parameter(spec, "score_bands_are_minimums").value),
        unconfirmed_parameters=frozenset(name for name, p in params.items() if not p.confirmed),
        years=(spec.ruleset.applies_from, spec.ruleset.applies_until),
    )
    if compiled.quota_rounding not in ("floor", "half_up"):
        raise ScenarioError(f"rule set {spec.ruleset.id}: quota_rounding is floor or half_up", field="ruleset")
    for level in (1, 2, 3):
        rules = [r for r in compiled.rules("level") if r.level == level]
        compiled.level_mask[level] = sum(r.mask for r in rules)
        compiled.score_mask[level] = sum(r.mask for r in rules if r.kind == "score_at_least")
    return compiled


def _compile_rule(spec: RulesetSpec, raw: RuleSpec, bit: int) -> Rule:
    predicate = PREDICATES.get(raw.kind)
    linkage = LINKAGES.get(raw.kind)
    if raw.stage in ("input", "quota"):
        predicate = linkage = None
    elif predicate is None and linkage is None:
        raise _error(spec, raw, f"unknown rule kind {raw.kind!r}")
    if raw.stage in ("level", "cap") and raw.level is None and raw.kind not in LINKAGES:
        raise _error(spec, raw, "a level or cap rule needs 'level'")
    if raw.stage == "eligibility" and raw.outcome is None:
        raise _error(spec, raw, "an eligibility rule needs 'outcome'")
    params = _params(spec, raw)
    for text in (raw.vi, raw.en):
        unknown = {name for _, name, _, _ in Formatter().parse(text) if name} - PLACEHOLDERS - set(params)
        if unknown:
            raise _error(spec, raw, f"unknown placeholder(s) {sorted(unknown)} in its text")
    return Rule(
        code=raw.code,
        stage=raw.stage,
        kind=raw.kind,
        bit=bit,
        applies=_applies(spec, raw),
        level=raw.level or 0,
        outcome=raw.outcome,
        params=params,
        source=raw.source,
        confirmed=raw.confirmed,
        text={"vi": raw.vi, "en": raw.en},
        predicate=predicate,
        linkage=linkage,
    )


def _applies(spec: RulesetSpec, raw: RuleSpec) -> npt.NDArray[np.bool_]:
    applies = np.zeros(len(CATEGORIES), np.bool_)
    for name in raw.applies_to:
        names = GROUPS.get(name, (name,) if name in CATEGORY_CODE else None)
        if names is None:
            raise _error(spec, raw, f"unknown subject group {name!r} in applies_to")
        applies[[CATEGORY_CODE[n] for n in names]] = True
    return applies


def _params(spec: RulesetSpec, raw: RuleSpec) -> dict[str, Any]:
    readers = PARAMETERS.get(raw.kind, {})
    if raw.stage in ("input", "quota"):
        return dict(raw.params)
    if set(raw.params) != set(readers):
        raise _error(spec, raw, f"parameters must be exactly {sorted(readers)}, got {sorted(raw.params)}")
    try:
        return {name: readers[name](value) for name, value in raw.params.items()}
    except (ValueError, KeyError, ZeroDivisionError) as exc:
        raise _error(spec, raw, f"bad parameter: {exc}") from None


def _parameter(spec: RulesetSpec, name: str) -> Any:
    if name not in spec.parameters:
        raise ScenarioError(f"rule set {spec.ruleset.id}: parameter {name!r} is missing", field="ruleset")
    return spec.parameters[name]


def _error(spec: RulesetSpec, raw: RuleSpec, message: str) -> ScenarioError:
    return ScenarioError(f"rule set {spec.ruleset.id}, rule {raw.code}: {message}", field="ruleset")


@cache
def builtin_ruleset(ruleset_id: str) -> CompiledRuleset:
    """The rule set as its file holds it (`schema.ruleset_files`), compiled once per process."""
    compiled = compile_ruleset(*load_spec_text(builtin_text(ruleset_id)))
    if compiled.id != ruleset_id:
        raise ScenarioError(f"the file of rule set {ruleset_id!r} names itself {compiled.id!r}", field="ruleset")
    return compiled
