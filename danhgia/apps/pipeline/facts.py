"""A cycle's facts as the engine's columns, one province (shard) at a time.

`cycle_shards(cycle)` cuts a cycle into provinces: one shard per child of the cycle's root, and one for the
reviews at the root itself. `cycle_fact_columns(cycle, subtree=…)` reads the reviews of a subtree (COPY on
PostgreSQL, keyset batches elsewhere), widens them to what their results depend on (leaders, subordinate
units, shared quota groups: the same closure as the per-subject path), and returns the engine's `Facts`
columns with the review id of every row. The closure is grown and the registry read into columns in SQL
(`pipeline.columns`: a dozen joined queries over temporary tables, no dict per subject), giving exactly the
`Facts` of the document path — `reviews.facts.scenario_for`, the one definition of what the engine reads,
encoded by `document_facts` — which still reads whatever the SQL reader finds unusual and reports bad data.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from danhgia.apps.cycles.models import ReviewCycle, RulesetVersion
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.orgs.models import Unit, UnitLink
from danhgia.apps.orgs.selectors import in_force, path_range
from danhgia.apps.pipeline import columns
from danhgia.apps.pipeline.stream import stream_ids
from danhgia.apps.reviews.facts import cycle_dates, scenario_for
from danhgia.apps.reviews.models import Review
from danhgia.engine import CompiledRuleset, ScenarioError, prepare
from danhgia.engine.batch import Period, facts_from_columns
from danhgia.engine.codes import CATEGORY_CODE, CONCLUSIONS, FORM_CODE, UNIT_KIND_CODE
from danhgia.engine.facts import Facts, _grade_summary, ymd

Ids = npt.NDArray[np.int64]


@dataclass(frozen=True)
class Shard:
    """A province of a cycle: the subtree of `unit`, or (unit None) the reviews at the cycle's root itself."""

    key: str
    unit_id: int | None
    name: str


@dataclass(frozen=True)
class FactColumns:
    """The engine's columns for a set of reviews: row i of `facts` is review `review_ids[i]`; `own` marks the
    rows of the requested subtree (the others are there because those results depend on them)."""

    review_ids: Ids
    own: npt.NDArray[np.bool_]
    facts: Facts
    rules: CompiledRuleset


def cycle_shards(cycle: ReviewCycle) -> list[Shard]:
    """The cycle's provinces in a stable order (by unit id), then the root's own reviews."""
    end = cycle_dates(cycle)[1]
    children = (
        UnitLink.objects.filter(in_force(end), parent_id=cycle.root_id)
        .order_by("unit_id")
        .values_list("unit_id", "unit__name")
    )
    return [Shard(f"U{pk}", pk, name) for pk, name in children] + [Shard("root", None, cycle.root.name)]


def subtree_review_ids(cycle: ReviewCycle, subtree: Unit | int | None = None) -> Ids:
    """The reviews of `cycle` under `subtree` (a unit, or None for the whole cycle), ascending."""
    reviews = Review.objects.filter(cycle=cycle)
    if subtree is None:
        return stream_ids(reviews)
    return stream_ids(reviews.filter(unit_id__in=_subtree_units(cycle, subtree)))


def shard_review_ids(cycle: ReviewCycle, shard: Shard) -> Ids:
    """The reviews a shard owns: those under its province, or (root shard) those under no province."""
    if shard.unit_id is not None:
        return subtree_review_ids(cycle, shard.unit_id)
    end = cycle_dates(cycle)[1]
    provinces = UnitLink.objects.filter(in_force(end), parent_id=cycle.root_id)
    below = UnitLink.objects.none()
    for path in provinces.values_list("path", flat=True):
        below = below | UnitLink.objects.filter(in_force(end), path_range(path))
    return stream_ids(Review.objects.filter(cycle=cycle).exclude(unit_id__in=below.values("unit_id")))


def _subtree_units(cycle: ReviewCycle, subtree: Unit | int) -> Any:
    end = cycle_dates(cycle)[1]
    pk = subtree.pk if isinstance(subtree, Unit) else subtree
    path = UnitLink.objects.filter(in_force(end), unit_id=pk).values_list("path", flat=True).first()
    if path is None:
        return UnitLink.objects.none().values("unit_id")
    return UnitLink.objects.filter(in_force(end), path_range(path)).values("unit_id")


def cycle_fact_columns(
    cycle: ReviewCycle,
    subtree: Unit | int | None = None,
    *,
    review_ids: Ids | None = None,
    rules: CompiledRuleset | None = None,
) -> FactColumns:
    """The engine's columns for the reviews under `subtree` (or exactly `review_ids`), with what they depend on.

    `rules` overrides the cycle's pinned rule set (a what-if replay). Bad data raises a ValidationError naming
    the subject, like the per-subject path."""
    own = subtree_review_ids(cycle, subtree) if review_ids is None else np.asarray(review_ids, np.int64)
    if rules is None:
        try:
            rules = cycle_rules(cycle)
        except RulesetVersion.DoesNotExist:
            raise ValidationError(_("The rule set changed since the cycle opened; it cannot be applied.")) from None
    facts: Facts | None = None
    with columns.scope(own):
        closure = columns.grow_scope(cycle)
        # anything unusual: the document path reads the same reviews and reports what is wrong, as it always did
        with contextlib.suppress(columns.Unusual, ScenarioError):
            facts = columns.scope_facts(cycle, rules)
    if facts is None:
        facts = document_facts(scenario_for(cycle, closure.tolist()), rules)
    return FactColumns(closure, np.isin(closure, own), facts, rules)


def iter_shard_columns(cycle: ReviewCycle, shards: list[Shard] | None = None) -> Iterator[tuple[Shard, FactColumns]]:
    """Each province's columns in turn (the memory of one province at a time)."""
    for shard in shards if shards is not None else cycle_shards(cycle):
        ids = shard_review_ids(cycle, shard)
        if ids.size:
            yield shard, cycle_fact_columns(cycle, review_ids=ids)


def document_facts(document: dict[str, Any], rules: CompiledRuleset) -> Facts:
    """A scenario document as columns (subjects in document order). Anything the fast encoding cannot read is
    handed to the validating document path, so that bad data is reported exactly as there."""
    try:
        return _encode(document, rules.quota_exception_ratio is not None)
    except (KeyError, TypeError, ValueError, AttributeError, ScenarioError):
        try:
            return prepare(document, rules)[2]
        except ScenarioError as error:
            raise ValidationError(_("The data cannot be classified: %(error)s") % {"error": error.line()}) from None


def _encode(document: dict[str, Any], exception_ratio_exists: bool) -> Facts:
    units = document["units"]
    unit_index = {u["id"]: i for i, u in enumerate(units)}
    subjects = document["subjects"]
    n = len(subjects)
    groups: dict[str, int] = {}
    group = [
        groups.setdefault(s.get("quota_group") or f"{s['unit']}/{s['type']}/{s['category']}", len(groups))
        for s in subjects
    ]
    columns: dict[str, list[Any]] = {name: [] for name in _SUBJECT_COLUMNS}
    led_subject: list[int] = []
    led_unit: list[int] = []
    discipline: list[tuple[int, dict[str, Any]]] = []
    member_discipline: list[tuple[int, dict[str, Any]]] = []
    for i, s in enumerate(subjects):
        _encode_subject(columns, s, unit_index)
        individual = s["type"] == "individual"
        if individual:
            led = dict.fromkeys(([s["head_of"]] if s.get("head_of") else []) + list(s.get("leads", [])))
            led_subject.extend([i] * len(led))
            led_unit.extend(unit_index[u] for u in led)
        discipline.extend((i, e) for e in s.get("discipline", []))
        member_discipline.extend((i, e) for e in s.get("member_discipline", []))
    period = document["period"]
    start, end = _period(period)
    exceptions = frozenset(document.get("quota_exceptions", [])) if exception_ratio_exists else frozenset()
    return facts_from_columns(
        period=Period(start, end),
        unit_parent=np.array([unit_index[u["parent"]] if u["parent"] is not None else -1 for u in units], np.int32),
        unit_kind=np.array([UNIT_KIND_CODE[u["kind"]] for u in units], np.int8),
        ids=np.array([s["id"] for s in subjects], dtype=np.str_),
        category=np.array([CATEGORY_CODE[s["category"]] for s in subjects], np.int8),
        unit=np.array([unit_index[s["unit"]] for s in subjects], np.int32),
        unit_ids=[u["id"] for u in units],
        subjects={name: np.array(values) if n else np.zeros(0) for name, values in columns.items()},
        group=np.array(group, np.int32),
        group_names=list(groups),
        quota_exceptions=exceptions,
        led=(np.array(led_subject, np.int32), np.array(led_unit, np.int32)),
        discipline=_discipline(discipline),
        member_discipline=_discipline(member_discipline),
    )


def _period(period: dict[str, Any]) -> tuple[Any, Any]:
    from datetime import date

    year, quarter = period["year"], period.get("quarter")
    if quarter is None:
        return date(year, 1, 1), date(year, 12, 31)
    last = 3 * quarter
    return date(year, last - 2, 1), date(year, last, 30 if last in (6, 9) else 31)


_SUBJECT_COLUMNS = (
    "quota_priority",
    "score",
    "has_grades",
    "grade_tasks",
    "grade_others_min",
    "has_weak_grade",
    "xs_count",
    "specific_products",
    "has_tasks",
    "assigned",
    "completed",
    "on_time",
    "exceeded",
    "key_missed",
    "force_majeure",
    "noted",
    "remedied",
    "is_member",
    "exempt_from_activities",
    "suspended",
    "admitted",
    "sick_months",
    "other_months",
    "maternity",
    "months_worked",
    "civil_service_level",
    "confidence_voters",
    "confidence_low",
    "head_of",
    "sub_total",
    "sub_disciplined",
    "sub_self_detected",
    "member_degradation",
    "formed",
    *(f"conclusion_{c}" for c in CONCLUSIONS),
)

_BOOLS = frozenset(
    (
        "specific_products",
        "force_majeure",
        "exempt_from_activities",
        "suspended",
        "maternity",
        "member_degradation",
        *(f"conclusion_{c}" for c in CONCLUSIONS),
    )
)


def _strict(value: Any, kind: type) -> Any:
    """The document path's strict types: a bool is no count and a count is no bool."""
    if kind is bool and not isinstance(value, bool):
        raise TypeError("expected a boolean")
    if kind is int and (isinstance(value, bool) or not isinstance(value, int)):
        raise TypeError("expected an integer")
    return value


def _encode_subject(columns: dict[str, list[Any]], s: dict[str, Any], unit_index: dict[str, int]) -> None:
    from datetime import date

    def put(name: str, value: Any) -> None:
        columns[name].append(_strict(value, bool) if name in _BOOLS else value)

    allowed = _INDIVIDUAL_KEYS if s["type"] == "individual" else _COLLECTIVE_KEYS
    if not set(s) <= allowed:
        raise KeyError("unknown field")
    put("quota_priority", _strict(s.get("quota_priority", 0), int))
    score = s.get("score")
    put("score", float(score) if score is not None else np.nan)
    grades = s.get("grades")
    summary = _grade_summary(grades)
    put("has_grades", grades is not None)
    for name, value in zip(("grade_tasks", "grade_others_min", "has_weak_grade", "xs_count"), summary, strict=True):
        put(name, value)
    put("specific_products", s.get("specific_products", True))
    tasks = s.get("tasks")
    put("has_tasks", tasks is not None)
    if tasks is not None and not set(tasks) <= {
        "assigned",
        "completed",
        "on_time",
        "exceeded",
        "key_missed",
        "force_majeure",
    }:
        raise KeyError("unknown task field")
    for name in ("assigned", "completed", "on_time", "exceeded"):
        put(name, _strict(tasks[name], int) if tasks is not None else 0)
    put("key_missed", _strict(tasks.get("key_missed", 0), int) if tasks is not None else 0)
    put("force_majeure", tasks.get("force_majeure", False) if tasks is not None else False)
    shortcomings = s.get("shortcomings")
    put("noted", _strict(shortcomings["noted"], int) if shortcomings else 0)
    put("remedied", _strict(shortcomings["remedied"], int) if shortcomings else 0)
    conclusions = s.get("conclusions", {})
    if not set(conclusions) <= set(CONCLUSIONS):
        raise KeyError("unknown conclusion")
    for name in CONCLUSIONS:
        put(f"conclusion_{name}", conclusions.get(name, False))
    membership = s.get("membership")
    put("is_member", membership is not None)
    put("exempt_from_activities", bool(membership and membership.get("exempt_from_activities", False)))
    put("suspended", bool(membership and membership.get("suspended", False)))
    admitted = membership.get("admitted") if membership else None
    put("admitted", ymd(date.fromisoformat(admitted)) if admitted else 0)
    absence = s.get("absence") or {}
    put("sick_months", float(absence.get("sick_months", 0.0)))
    put("other_months", float(absence.get("other_months", 0.0)))
    put("maternity", bool(absence.get("maternity", False)))
    put("months_worked", float(absence.get("months_worked", 12.0)))
    level = s.get("civil_service_level")
    put("civil_service_level", int(level[1]) if level else 0)
    confidence = s.get("confidence")
    put("confidence_voters", _strict(confidence["voters"], int) if confidence else 0)
    put("confidence_low", _strict(confidence["low"], int) if confidence else 0)
    put("head_of", unit_index[s["head_of"]] if s.get("head_of") else -1)
    subordinates = s.get("subordinates")
    put("sub_total", subordinates["total"] if subordinates else 0)
    put("sub_disciplined", subordinates["disciplined"] if subordinates else 0)
    put("sub_self_detected", subordinates.get("disciplined_self_detected", 0) if subordinates else 0)
    put("member_degradation", bool(s.get("member_degradation", False)))
    formed = s.get("formed")
    put("formed", ymd(date.fromisoformat(formed)) if formed else 0)


_COMMON_KEYS = frozenset(
    (
        "id",
        "type",
        "unit",
        "category",
        "quota_group",
        "quota_priority",
        "score",
        "grades",
        "specific_products",
        "tasks",
        "shortcomings",
        "discipline",
        "conclusions",
    )
)
_INDIVIDUAL_KEYS = _COMMON_KEYS | {"head_of", "leads", "membership", "absence", "civil_service_level", "confidence"}
_COLLECTIVE_KEYS = _COMMON_KEYS | {"subordinates", "member_discipline", "member_degradation", "formed"}


def _discipline(rows: list[tuple[int, dict[str, Any]]]) -> dict[str, Any] | None:
    from datetime import date

    if not rows:
        return None
    violations: dict[tuple[int, str], int] = {}
    return {
        "subject": np.array([i for i, _ in rows], np.int32),
        "form": np.array([FORM_CODE[e["form"]] for _, e in rows], np.int8),
        "effective": np.array([ymd(date.fromisoformat(e["effective"])) for _, e in rows], np.int32),
        "violation": np.array([violations.setdefault((i, e["violation"]), len(violations)) for i, e in rows], np.int64),
        "self_detected": np.array([_strict(e.get("self_detected_remedied", False), bool) for _, e in rows], np.bool_),
        "public_service": np.array([_strict(e.get("public_service", True), bool) for _, e in rows], np.bool_),
        "has_counted": np.array([e.get("counted_in_year") is not None for _, e in rows], np.bool_),
    }
