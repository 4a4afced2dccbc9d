"""What a draft changes against its base version, rule by rule and parameter by parameter, with sources."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from danhgia.apps.lab.textfile import RULE_DEFAULTS, read

RULE_FIELDS = (
    "stage",
    "kind",
    "applies_to",
    "level",
    "outcome",
    "params",
    "enabled",
    "source",
    "confirmed",
    "vi",
    "en",
)


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Change:
    kind: str  # "added", "removed", "changed"
    what: str  # "rule" or "parameter"
    code: str
    source_before: str
    source_after: str
    fields: list[FieldChange] = field(default_factory=list)


def _rule(raw: dict[str, Any]) -> dict[str, Any]:
    return {name: raw.get(name, RULE_DEFAULTS.get(name)) for name in RULE_FIELDS}


def _changes(kind: str, before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]]) -> list[Change]:
    found: list[Change] = []
    for code in before.keys() | after.keys():
        old, new = before.get(code), after.get(code)
        if old is None and new is not None:
            found.append(Change("added", kind, code, "", str(new.get("source", ""))))
        elif new is None and old is not None:
            found.append(Change("removed", kind, code, str(old.get("source", "")), ""))
        elif old is not None and new is not None and old != new:
            fields = [FieldChange(name, old.get(name), new.get(name)) for name in new if old.get(name) != new.get(name)]
            found.append(Change("changed", kind, code, str(old.get("source", "")), str(new.get("source", "")), fields))
    return found


def ruleset_diff(base_text: str, draft_text: str) -> list[Change]:
    """Parameters first, then rules in the draft's order (removed rules where they stood in the base)."""
    base, draft = read(base_text), read(draft_text)
    params = _changes("parameter", base.get("parameters", {}), draft.get("parameters", {}))
    base_rules = {r["code"]: _rule(r) for r in base.get("rules", [])}
    draft_rules = {r["code"]: _rule(r) for r in draft.get("rules", [])}
    rules = _changes("rule", base_rules, draft_rules)
    position: dict[str, float] = {r["code"]: i - 0.5 for i, r in enumerate(base.get("rules", []))}
    position.update({r["code"]: float(i) for i, r in enumerate(draft.get("rules", []))})
    return sorted(params, key=lambda c: c.code) + sorted(rules, key=lambda c: position[c.code])
