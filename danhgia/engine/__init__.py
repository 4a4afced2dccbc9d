"""The classification engine: pure Python (numpy for columns), no Django, no database, no clock.

Entry points: `classify_scenario(document)` for a `danhgia-scenario/1` document (docs/engine-contract.md), and
`classify_facts(ruleset, facts)` for columns built by the batch path.
"""

from danhgia.engine.api import classify_scenario, prepare
from danhgia.engine.classify import Outcome, classify_facts, dependency_edges
from danhgia.engine.compile import CompiledRuleset, builtin_ruleset, compile_ruleset
from danhgia.engine.errors import ScenarioError

__all__ = [
    "CompiledRuleset",
    "Outcome",
    "ScenarioError",
    "builtin_ruleset",
    "classify_facts",
    "classify_scenario",
    "compile_ruleset",
    "dependency_edges",
    "prepare",
]
