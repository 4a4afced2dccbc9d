"""The engine's Python entry point: a scenario document in, a result document out (docs/engine-contract.md)."""

from __future__ import annotations

from typing import Any

from danhgia.engine.classify import Outcome, classify_facts
from danhgia.engine.compile import CompiledRuleset, builtin_ruleset
from danhgia.engine.errors import ScenarioError
from danhgia.engine.explain import render
from danhgia.engine.facts import Facts, facts_from_scenario
from danhgia.engine.scenario import Scenario, parse_scenario
from danhgia.engine.schema import ruleset_ids


def prepare(document: Any, ruleset: CompiledRuleset | None = None) -> tuple[CompiledRuleset, Scenario, Facts]:
    """Validate a scenario and encode it as columns. `ruleset` overrides the named one (what-if runs)."""
    known = frozenset(ruleset_ids()) | ({ruleset.id} if ruleset else frozenset())
    scenario = parse_scenario(document, known)
    rules = ruleset or builtin_ruleset(scenario.ruleset)
    if scenario.quota_exceptions and rules.quota_exception_ratio is None:
        raise ScenarioError(f"{rules.id} has no exceptional quota ratio", field="quota_exceptions")
    return rules, scenario, facts_from_scenario(scenario, rules.quota_exception_ratio is not None)


def classify_scenario(document: Any, *, lang: str = "vi", ruleset: CompiledRuleset | None = None) -> dict[str, Any]:
    """Classify a `danhgia-scenario/1` document; raises `ScenarioError` for bad input, writing nothing."""
    rules, _, facts = prepare(document, ruleset)
    outcome: Outcome = classify_facts(rules, facts)
    return render(rules, facts, outcome, lang)
