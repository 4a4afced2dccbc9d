"""The basis of classification as plain data: every built-in rule set read from its file, every rule with its
source, its parameters, whether a source confirms it, and the tests that name it.

Pure (no Django): the conformity page (views.py) and `tools/conformity.py`, which writes docs/conformity.md and
the committed test index `rule_tests.toml`, read the same data from here.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from fractions import Fraction
from functools import cache
from pathlib import Path
from string import Formatter

from danhgia.engine.schema import ParamValue, RulesetSpec, builtin_text, load_spec_text, ruleset_ids

STAGES = ("input", "eligibility", "disqualifier", "level", "cap", "quota")
# `compile_ruleset` needs exactly one rule of each of these stages: such a rule cannot be switched off.
REQUIRED_STAGES = frozenset({"input", "quota"})
INDEX_PATH = Path(__file__).with_name("rule_tests.toml")
INDEX_FORMAT = "danhgia-rule-tests/1"
_FRACTION = re.compile(r"^\s*\d+\s*/\s*[1-9]\d*\s*$")


@dataclass(frozen=True)
class CoveringTest:
    """A test that names a rule code, and the rule sets it names (none: not one in particular)."""

    node_id: str
    rulesets: tuple[str, ...] = ()

    def covers(self, ruleset_id: str) -> bool:
        return not self.rulesets or ruleset_id in self.rulesets


CoverageIndex = Mapping[str, tuple[CoveringTest, ...]]  # rule code → the tests that name it


@dataclass(frozen=True)
class RuleBasis:
    code: str
    stage: str
    kind: str
    applies_to: tuple[str, ...]
    level: int | None
    outcome: str | None
    params: tuple[tuple[str, ParamValue], ...]
    enabled: bool
    source: str
    confirmed: bool
    text: Mapping[str, str]  # "vi", "en"; placeholders as in the rule-set file
    tests: tuple[str, ...]  # node ids of the tests that name this rule (for this rule set)

    @property
    def can_be_switched_off(self) -> bool:
        """`enabled = false` in the rule-set file switches the rule off (except the one input and quota rule)."""
        return self.stage not in REQUIRED_STAGES


@dataclass(frozen=True)
class ParameterBasis:
    name: str
    value: ParamValue
    source: str
    confirmed: bool
    note: str


@dataclass(frozen=True)
class RulesetBasis:
    id: str
    title: str
    instrument: str
    guidance: str
    scoring: str
    applies_from: int | None
    applies_until: int | None
    version: str
    status: str
    sha256: str
    parameters: tuple[ParameterBasis, ...]
    rules: tuple[RuleBasis, ...]

    @property
    def stages(self) -> list[tuple[str, list[RuleBasis]]]:
        """The stages that have rules, in pipeline order, each with its rules in file order."""
        grouped = [(stage, [rule for rule in self.rules if rule.stage == stage]) for stage in STAGES]
        return [(stage, rules) for stage, rules in grouped if rules]

    @property
    def default_rules(self) -> list[RuleBasis]:
        """The enabled rules no source settles (project defaults)."""
        return [rule for rule in self.rules if rule.enabled and not rule.confirmed]

    @property
    def default_parameters(self) -> list[ParameterBasis]:
        return [parameter for parameter in self.parameters if not parameter.confirmed]

    def parameter(self, name: str) -> ParameterBasis | None:
        return next((p for p in self.parameters if p.name == name), None)


def is_fraction(value: ParamValue) -> bool:
    """A share written as a fraction in the rule-set file ("1/5"): shown as a percentage."""
    return isinstance(value, str) and bool(_FRACTION.match(value))


def as_percent(value: str) -> Fraction:
    """A fraction as a percentage, exact: "1/5" → 20."""
    return Fraction(value.replace(" ", "")) * 100


def fill_text(rule: RuleBasis, lang: str, show: Callable[[str, ParamValue], str], facts: Mapping[str, str]) -> str:
    """The rule's text in plain language: its own parameters shown by `show`, the other placeholders (facts of a
    subject, filled when a result is explained) taken from `facts`, or an ellipsis."""
    values = {name: show(name, value) for name, value in rule.params}
    wanted = {name for _, name, _, _ in Formatter().parse(rule.text[lang]) if name}
    return rule.text[lang].format_map({name: values.get(name, facts.get(name, "…")) for name in wanted})


def ruleset_basis(spec: RulesetSpec, sha256: str, index: CoverageIndex) -> RulesetBasis:
    info = spec.ruleset
    parameters = tuple(
        ParameterBasis(name, p.value, p.source, p.confirmed, p.note) for name, p in spec.parameters.items()
    )
    rules = tuple(
        RuleBasis(
            code=raw.code,
            stage=raw.stage,
            kind=raw.kind,
            applies_to=tuple(raw.applies_to),
            level=raw.level,
            outcome=raw.outcome,
            params=tuple(raw.params.items()),
            enabled=raw.enabled,
            source=raw.source,
            confirmed=raw.confirmed,
            text={"vi": raw.vi, "en": raw.en},
            tests=tuple(ref.node_id for ref in index.get(raw.code, ()) if ref.covers(info.id)),
        )
        for raw in spec.rules
    )
    return RulesetBasis(
        id=info.id,
        title=info.title,
        instrument=info.instrument,
        guidance=info.guidance,
        scoring=info.scoring,
        applies_from=info.applies_from,
        applies_until=info.applies_until,
        version=info.version,
        status=info.status,
        sha256=sha256,
        parameters=parameters,
        rules=rules,
    )


def builtin_bases(index: CoverageIndex) -> tuple[RulesetBasis, ...]:
    return tuple(ruleset_basis(*load_spec_text(builtin_text(ruleset_id)), index) for ruleset_id in ruleset_ids())


def rule_codes() -> list[str]:
    """Every rule code of the built-in rule sets, sorted."""
    return sorted({rule.code for basis in builtin_bases({}) for rule in basis.rules})


# --- the committed test index ---------------------------------------------------------------------------


def parse_index(text: str) -> dict[str, tuple[CoveringTest, ...]]:
    data = tomllib.loads(text)
    if data.get("format") != INDEX_FORMAT:
        raise ValueError(f"not a {INDEX_FORMAT} file")
    found: dict[str, list[CoveringTest]] = {}
    for entry in data.get("tests", []):
        found.setdefault(entry["code"], []).append(CoveringTest(entry["test"], tuple(entry["rulesets"])))
    return {code: tuple(refs) for code, refs in found.items()}


def render_index(index: CoverageIndex) -> str:
    """The index as TOML, one `[[tests]]` table per (rule code, test), sorted: stable for a diff."""
    lines = [
        "# Which tests name each rule code: generated by `python tools/conformity.py --write`; do not edit.",
        "# A test's `rulesets` are the rule sets it names (empty: none in particular, so it counts for all).",
        f'format = "{INDEX_FORMAT}"',
    ]
    for code in sorted(index):
        for ref in sorted(index[code], key=lambda r: r.node_id):
            rulesets = ", ".join(_toml_string(r) for r in ref.rulesets)
            lines += ["", "[[tests]]", f"code = {_toml_string(code)}", f"test = {_toml_string(ref.node_id)}"]
            lines.append(f"rulesets = [{rulesets}]")
    return "\n".join(lines) + "\n"


def _toml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    if any(ord(c) < 0x20 or ord(c) == 0x7F for c in escaped):
        raise ValueError(f"control character in {value!r}")
    return f'"{escaped}"'


@cache
def committed_index() -> dict[str, tuple[CoveringTest, ...]]:
    """The committed index (read once per process; `tools/conformity.py --check` keeps it current)."""
    return parse_index(INDEX_PATH.read_text(encoding="utf-8"))


@cache
def committed_bases() -> tuple[RulesetBasis, ...]:
    return builtin_bases(committed_index())
