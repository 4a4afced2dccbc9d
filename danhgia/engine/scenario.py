"""Input of the engine: the `danhgia-scenario/1` document, validated (docs/engine-contract.md §1).

Field types and ranges are checked by strict pydantic models (unknown fields are errors); the rules that
span several elements (references, duplicates, cycles in the unit tree, quota groups) are checked here too.
Dependency cycles between subjects are found later, by `order.py`, once the rule set's edges are known.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

from danhgia.engine.errors import ScenarioError

FORMAT_ID = "danhgia-scenario/1"


def _iso_date(value: object) -> date:
    if not isinstance(value, str) or len(value) != 10 or value[4] != "-" or value[7] != "-":
        raise ValueError("expected a date YYYY-MM-DD")
    return date.fromisoformat(value)


# Every JSON integer of the input lies within ±INTEGER_BOUND (§1): larger counts are typing errors, and the
# columns that hold them are 64-bit.
INTEGER_BOUND = 1_000_000_000
_CONTROL = frozenset(chr(c) for c in (*range(0x00, 0x20), *range(0x7F, 0xA0)))


def _no_control_character(value: str) -> str:
    bad = next((ch for ch in value if ch in _CONTROL), None)
    if bad is not None:
        raise ValueError(f"an id must not contain the control character U+{ord(bad):04X}")
    return value


IsoDate = Annotated[date, BeforeValidator(_iso_date)]
Int = Annotated[StrictInt, Field(ge=-INTEGER_BOUND, le=INTEGER_BOUND)]
Count = Annotated[StrictInt, Field(ge=0, le=INTEGER_BOUND)]
# Ids and references to them compare exactly as strings; control characters are refused.
Id = Annotated[StrictStr, AfterValidator(_no_control_character)]
Months = Annotated[float, Field(ge=0, le=12)]
Score = Annotated[float, Field(ge=0, le=100)]
GradeName = Literal["XS", "T", "TB", "K"]
Form = Literal["reprimand", "warning", "demotion", "removal", "dismissal", "expulsion"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Period(_Strict):
    kind: Literal["year", "quarter"]
    year: Annotated[StrictInt, Field(ge=1, le=9999)]
    quarter: Annotated[StrictInt, Field(ge=1, le=3)] | None = None

    @model_validator(mode="after")
    def _quarter_matches_kind(self) -> Period:
        if self.kind == "quarter" and self.quarter is None:
            raise ValueError("a quarter period needs 'quarter' (1..3)")
        if self.kind == "year" and self.quarter is not None:
            raise ValueError("a year period takes no 'quarter'")
        return self

    @property
    def start(self) -> date:
        month = 1 if self.quarter is None else 3 * self.quarter - 2
        return date(self.year, month, 1)

    @property
    def end(self) -> date:
        if self.quarter is None:
            return date(self.year, 12, 31)
        last_month = 3 * self.quarter
        return date(self.year, last_month, 30 if last_month in (6, 9) else 31)


class Unit(_Strict):
    id: Id
    parent: Id | None
    kind: Literal["party_committee", "grassroots_committee", "grassroots_cell", "cell", "agency", "mass_org"]
    name: StrictStr | None = None


class Tasks(_Strict):
    assigned: Count
    completed: Count
    on_time: Count
    exceeded: Count
    key_missed: Count = 0
    force_majeure: StrictBool = False

    @model_validator(mode="after")
    def _consistent(self) -> Tasks:
        if not self.on_time <= self.completed <= self.assigned:
            raise ValueError("task counts must satisfy on_time ≤ completed ≤ assigned")
        if self.exceeded > self.completed:
            raise ValueError("task counts must satisfy exceeded ≤ completed")
        return self


class Shortcomings(_Strict):
    noted: Count
    remedied: Count

    @model_validator(mode="after")
    def _consistent(self) -> Shortcomings:
        if self.remedied > self.noted:
            raise ValueError("remedied must not exceed noted")
        return self


class DisciplineEntry(_Strict):
    form: Form
    system: Literal["party", "administrative"] | None = None
    effective: IsoDate
    violation: Id
    self_detected_remedied: StrictBool = False
    public_service: StrictBool = True
    counted_in_year: Int | None = None


class Conclusions(_Strict):
    degradation: StrictBool = False
    prohibited_conduct: StrictBool = False
    exemplary_breach: StrictBool = False
    disunity: StrictBool = False
    corruption_in_led_unit: StrictBool = False
    corruption_in_subordinate: StrictBool = False
    corruption_self_detected: StrictBool = False
    cadre_work_wrongdoing: StrictBool = False
    factionalism: StrictBool = False
    post_buying: StrictBool = False


class Membership(_Strict):
    admitted: IsoDate | None = None
    exempt_from_activities: StrictBool = False
    suspended: StrictBool = False


class Absence(_Strict):
    sick_months: Months = 0
    other_months: Months = 0
    maternity: StrictBool = False
    months_worked: Months = 12


class Confidence(_Strict):
    voters: Count
    low: Count

    @model_validator(mode="after")
    def _consistent(self) -> Confidence:
        if self.low > self.voters:
            raise ValueError("low must not exceed voters")
        return self


class Subordinates(_Strict):
    total: Count
    disciplined: Count
    disciplined_self_detected: Count = 0

    @model_validator(mode="after")
    def _consistent(self) -> Subordinates:
        if self.disciplined > self.total:
            raise ValueError("disciplined must not exceed total")
        if self.disciplined_self_detected > self.disciplined:
            raise ValueError("disciplined_self_detected must not exceed disciplined")
        return self


class _SubjectBase(_Strict):
    id: Id
    unit: Id
    quota_group: Id | None = None
    quota_priority: Int = 0
    score: Score | None = None
    grades: dict[StrictStr, GradeName] | None = None
    specific_products: StrictBool = True
    tasks: Tasks | None = None
    shortcomings: Shortcomings | None = None
    discipline: list[DisciplineEntry] = []
    conclusions: Conclusions = Conclusions()


class Individual(_SubjectBase):
    type: Literal["individual"]
    category: Literal["leader_central", "leader", "staff", "member_outside"]
    head_of: Id | None = None
    leads: list[Id] = []
    membership: Membership | None = None
    absence: Absence = Absence()
    civil_service_level: Literal["L1", "L2", "L3", "L4"] | None = None
    confidence: Confidence | None = None


class Collective(_SubjectBase):
    type: Literal["collective"]
    category: Literal["organisation", "party_organisation", "leadership_collective"]
    subordinates: Subordinates | None = None
    member_discipline: list[DisciplineEntry] = []
    member_degradation: StrictBool = False
    formed: IsoDate | None = None


Subject = Annotated[Individual | Collective, Field(discriminator="type")]


class Scenario(_Strict):
    format: Literal["danhgia-scenario/1"]
    ruleset: StrictStr
    period: Period
    quota_exceptions: list[Id] = []
    units: list[Unit]
    subjects: list[Subject]


def default_quota_group(subject: Individual | Collective) -> str:
    return subject.quota_group or f"{subject.unit}/{subject.type}/{subject.category}"


def parse_scenario(document: Any, known_rulesets: frozenset[str]) -> Scenario:
    """Validate a scenario document; raises `ScenarioError` naming the element and field."""
    if not isinstance(document, dict):
        raise ScenarioError("the scenario must be a JSON object")
    try:
        scenario = Scenario.model_validate(document)
    except ValidationError as exc:
        raise _first_error(exc, document) from None
    if scenario.ruleset not in known_rulesets:
        names = ", ".join(sorted(known_rulesets))
        raise ScenarioError(f"unknown rule set {scenario.ruleset!r} (known: {names})", field="ruleset")
    _check_units(scenario)
    _check_subjects(scenario)
    return scenario


def _first_error(exc: ValidationError, document: dict[str, Any]) -> ScenarioError:
    error = exc.errors(include_url=False)[0]
    loc = list(error["loc"])
    where = ""
    if len(loc) >= 2 and loc[0] in ("subjects", "units") and isinstance(loc[1], int):
        items = document.get(loc[0])
        item = items[loc[1]] if isinstance(items, list) and loc[1] < len(items) else None
        ident = item.get("id") if isinstance(item, dict) else None
        noun = "subject" if loc[0] == "subjects" else "unit"
        where = f"{noun} {ident!r} ({loc[0]}[{loc[1]}])" if isinstance(ident, str) else f"{loc[0]}[{loc[1]}]"
        loc = loc[2:]
        if loc and loc[0] in ("individual", "collective"):
            loc = loc[1:]  # the discriminator's tag, not a field
    field = ".".join(str(part) for part in loc if not str(part).startswith("function-"))
    kind = error["type"]
    if kind == "extra_forbidden":
        message = "unknown field"
    elif kind == "missing":
        message = "required field is missing"
    elif kind == "union_tag_invalid":
        message = f"unknown type {error.get('ctx', {}).get('tag')!r} (individual or collective)"
    elif kind == "union_tag_not_found":
        message = "required field 'type' is missing"
    else:
        message = f"{error['msg']} (got {error['input']!r})" if kind != "value_error" else error["msg"]
        message = message.removeprefix("Value error, ")
    return ScenarioError(message, where=where, field=field)


def _check_units(scenario: Scenario) -> None:
    parents: dict[str, str | None] = {}
    for unit in scenario.units:
        if unit.id in parents:
            raise ScenarioError("duplicate unit id", where=f"unit {unit.id!r}", field="id")
        parents[unit.id] = unit.parent
    for unit in scenario.units:
        if unit.parent is not None and unit.parent not in parents:
            raise ScenarioError(f"parent {unit.parent!r} is not a unit", where=f"unit {unit.id!r}", field="parent")
    for unit in scenario.units:
        seen = {unit.id}
        current = unit.parent
        while current is not None:
            if current in seen:
                raise ScenarioError("the unit tree has a cycle", where=f"unit {unit.id!r}", field="parent")
            seen.add(current)
            current = parents[current]


def _check_subjects(scenario: Scenario) -> None:
    units = {unit.id for unit in scenario.units}
    seen: set[str] = set()
    collectives: set[tuple[str, str]] = set()
    group_types: dict[str, str] = {}
    for subject in scenario.subjects:
        where = f"subject {subject.id!r}"
        if subject.id in seen:
            raise ScenarioError("duplicate subject id", where=where, field="id")
        seen.add(subject.id)
        if subject.unit not in units:
            raise ScenarioError(f"unit {subject.unit!r} does not exist", where=where, field="unit")
        if isinstance(subject, Individual):
            if subject.head_of is not None and subject.head_of not in units:
                raise ScenarioError(f"unit {subject.head_of!r} does not exist", where=where, field="head_of")
            for i, led in enumerate(subject.leads):
                if led not in units:
                    raise ScenarioError(f"unit {led!r} does not exist", where=where, field=f"leads.{i}")
        else:
            key = (subject.unit, subject.category)
            if key in collectives:
                raise ScenarioError(
                    f"unit {subject.unit!r} already has a {subject.category} subject", where=where, field="category"
                )
            collectives.add(key)
        group = default_quota_group(subject)
        if group_types.setdefault(group, subject.type) != subject.type:
            raise ScenarioError(
                f"quota group {group!r} mixes individuals and collectives", where=where, field="quota_group"
            )
