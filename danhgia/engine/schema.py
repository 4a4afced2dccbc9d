"""The rule-set file format (ADR 0002): what a `rulesets/*.toml` file may say, validated strictly.

A rule set is data: parameters (each with its source and whether a source confirmed it) and rules. Every
rule names a `kind` from the engine's catalogue (`catalogue.py`), the stage it acts in, the subjects it
applies to, its parameters, its `source` and `confirmed` flag, and its explanation in Vietnamese and English.
"""

from __future__ import annotations

import hashlib
import os
import tomllib
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictBool, StrictFloat, StrictInt, StrictStr, ValidationError

from danhgia.engine.errors import ScenarioError

Stage = Literal["input", "eligibility", "disqualifier", "level", "cap", "quota"]
ParamValue = StrictBool | StrictInt | StrictFloat | StrictStr


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Parameter(_Strict):
    value: ParamValue
    source: StrictStr
    confirmed: StrictBool
    note: StrictStr = ""


class RuleSpec(_Strict):
    code: StrictStr = Field(pattern=r"^[a-z][a-z0-9_]*$")
    stage: Stage
    kind: StrictStr
    applies_to: list[StrictStr] = ["all"]
    level: StrictInt | None = Field(default=None, ge=1, le=4)
    outcome: Literal["exempt", "not_classified"] | None = None
    params: dict[StrictStr, ParamValue] = {}
    enabled: StrictBool = True
    source: StrictStr
    confirmed: StrictBool
    vi: StrictStr
    en: StrictStr


class RulesetInfo(_Strict):
    id: StrictStr
    title: StrictStr
    instrument: StrictStr
    guidance: StrictStr = ""
    scoring: Literal["score", "grades"]
    side: Literal["party", "state"]  # whose members it classifies: party cells' or agencies' staff
    # Task points of the computed task group come from a products table (Decree 335 Art. 13–16).
    tasks_from_products: StrictBool = False
    # A year's score is the mean of the monitoring periods worked (Decree 335/2025/NĐ-CP, Art. 21).
    year_from_periods: StrictBool = False
    # The printed forms that apply: HD 43's Mẫu 01/2A/2B/2C, Decree 335's Mẫu số 01/02, or none.
    report_forms: Literal["hd43", "nd335", "none"] = "none"
    periods: StrictStr
    # Years of application (the year of the period's last day); outside them a result carries the warning
    # `period_outside_ruleset`. No upper year: in force until replaced.
    applies_from: StrictInt | None = None
    applies_until: StrictInt | None = None
    version: StrictStr
    status: Literal["published", "draft"]


class RulesetSpec(_Strict):
    ruleset: RulesetInfo
    parameters: dict[StrictStr, Parameter]
    rules: list[RuleSpec]


RULESET_DIRS_VARIABLE = "DANHGIA_RULESET_DIRS"
"""Folders of further rule-set files (separated like PATH), read after the shipped ones."""


def ruleset_dirs() -> tuple[Path, ...]:
    """Where rule-set files are found: the shipped folder, then the folders named by `DANHGIA_RULESET_DIRS`."""
    shipped = Path(str(resources.files("danhgia.engine.rulesets")))
    extra = os.environ.get(RULESET_DIRS_VARIABLE, "")
    return (shipped, *(Path(folder) for folder in extra.split(os.pathsep) if folder))


def ruleset_files() -> dict[str, Path]:
    """Every rule-set file by id (its name without `.toml`); a shipped id is never shadowed."""
    found: dict[str, Path] = {}
    for folder in ruleset_dirs():
        for path in sorted(folder.glob("*.toml")):
            found.setdefault(path.stem, path)
    return found


def ruleset_ids() -> tuple[str, ...]:
    """The rule sets there are, one per file, found from the data (adding a rule set adds a file): in the order
    they came into force (`applies_from`), party rule sets before state ones, then by id."""
    return tuple(sorted(ruleset_files(), key=_order))


def _order(ruleset_id: str) -> tuple[int, str, str]:
    try:
        info = tomllib.loads(ruleset_files()[ruleset_id].read_text(encoding="utf-8")).get("ruleset", {})
    except tomllib.TOMLDecodeError:
        info = {}
    since = info.get("applies_from")
    return (since if isinstance(since, int) else 0, str(info.get("side", "")), ruleset_id)


def parse_fraction(value: ParamValue) -> Fraction:
    """'1/5', '0.3', 0.5 or 30 (a percentage is never implied: 30 means 30)."""
    if isinstance(value, bool):
        raise ValueError(f"expected a number or fraction, got {value!r}")
    return Fraction(str(value)) if isinstance(value, float) else Fraction(value)


def load_spec_text(text: str) -> tuple[RulesetSpec, str]:
    """Parse and validate a rule-set file; returns the spec and the SHA-256 of its text (the version pin)."""
    try:
        spec = RulesetSpec.model_validate(tomllib.loads(text))
    except (tomllib.TOMLDecodeError, ValidationError) as exc:
        raise ScenarioError(f"invalid rule-set file: {exc}".splitlines()[0], field="ruleset") from None
    return spec, hashlib.sha256(text.encode("utf-8")).hexdigest()


def builtin_text(ruleset_id: str) -> str:
    """The text of the rule set's file as it is now (`ScenarioError` for an id without a file)."""
    path = ruleset_files().get(ruleset_id)
    if path is None:
        known = ", ".join(ruleset_ids())
        raise ScenarioError(f"unknown rule set {ruleset_id!r} (known: {known})", field="ruleset")
    return path.read_text(encoding="utf-8")
