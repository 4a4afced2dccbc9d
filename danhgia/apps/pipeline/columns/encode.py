"""The rows read for the scope encoded into the engine's `Facts`, as the document path encodes them."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.pipeline.columns.read import Registry, Reviews, decimal_value
from danhgia.apps.pipeline.columns.sql import Unusual
from danhgia.apps.reviews.facts import ENGINE_ANSWERS
from danhgia.apps.reviews.scores import LEADERS, engine_scores, is_year_of_periods
from danhgia.engine import CompiledRuleset
from danhgia.engine.batch import Period, facts_from_columns
from danhgia.engine.codes import CATEGORY_CODE, CONCLUSIONS, UNIT_KIND_CODE
from danhgia.engine.facts import Facts

# the columns `pipeline.facts._encode_subject` derives from a review's answers (read once per distinct answers)
ANSWER_COLUMNS = (
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
    "confidence_voters",
    "confidence_low",
)


def encode(
    cycle: ReviewCycle,
    rules: CompiledRuleset,
    start: date,
    end: date,
    reviews: Reviews,
    registry: Registry,
    units: dict[int, tuple[int | None, str]],
) -> Facts:
    n = reviews.ids.size
    order = sorted(units)
    index = {pk: i for i, pk in enumerate(order)}
    try:
        unit_kind = np.array([UNIT_KIND_CODE[units[pk][1]] for pk in order], np.int8)
        category = np.array([CATEGORY_CODE[c] for c in reviews.categories], np.int8)
    except KeyError as error:
        raise Unusual(f"unknown code {error}") from None
    unit_parent = np.array([index.get(units[pk][0], -1) for pk in order], np.int32)  # type: ignore[arg-type]
    individual = np.array([t == "individual" for t in reviews.types], np.bool_)
    if not np.array_equal(individual, reviews.person >= 0):
        raise Unusual("an individual review without a person, or a collective with one")
    groups: dict[str, int] = {}
    group = np.array(
        [
            groups.setdefault(code or f"U{unit}/{kind}/{cat}", len(groups))
            for code, unit, kind, cat in zip(
                reviews.group, reviews.unit.tolist(), reviews.types, reviews.categories, strict=True
            )
        ],
        np.int32,
    )
    subjects: dict[str, Any] = {
        "quota_priority": np.array([r[6] for r in reviews.rows], np.int64),
        "score": _scores(cycle, reviews),
        **_answers(reviews, individual),
        **_personal(reviews, registry),
    }
    led_subject, led_unit, head_of = [], [], np.full(n, -1, np.int32)
    for i in np.flatnonzero(individual).tolist():
        person = int(reviews.person[i])
        if person in registry.head_of:
            head_of[i] = index[registry.head_of[person]]
        for unit in registry.led.get(person, ()):
            led_subject.append(i)
            led_unit.append(index[unit])
    subjects["head_of"] = head_of
    collective = Collective(reviews, registry, n)
    return facts_from_columns(
        period=Period(*_period(cycle, end)),
        unit_parent=unit_parent,
        unit_kind=unit_kind,
        ids=np.array([f"R{pk}" for pk in reviews.ids.tolist()], dtype=np.str_),
        category=category,
        unit=np.array([index[u] for u in reviews.unit.tolist()], np.int32),
        unit_ids=[f"U{pk}" for pk in order],
        subjects=subjects | collective.columns | _conclusions(reviews, registry, n),
        group=group,
        group_names=list(groups),
        quota_exceptions=_exceptions(cycle, rules, set(reviews.group)),
        led=(np.array(led_subject, np.int32), np.array(led_unit, np.int32)),
        discipline=_discipline(collective.discipline),
        member_discipline=_discipline(collective.member_discipline),
    )


def _period(cycle: ReviewCycle, end: date) -> tuple[date, date]:
    """The engine's period, from the document's `period` object (`pipeline.facts._period`)."""
    from danhgia.apps.pipeline.facts import _period as period_of

    return period_of({"year": cycle.year, "quarter": cycle.quarter} if cycle.quarter else {"year": end.year})


def _exceptions(cycle: ReviewCycle, rules: CompiledRuleset, codes: set[str]) -> frozenset[str]:
    """The document's `quota_exceptions` (the cycle's rules must allow them), read as `rules` reads them."""
    if rules.quota_exception_ratio is None:
        return frozenset()
    found = set(cycle.quota_groups.filter(exception=True).values_list("code", flat=True)) & codes
    if not found or cycle_rules(cycle).quota_exception_ratio is None:
        return frozenset()
    return frozenset(found)


def _scores(cycle: ReviewCycle, reviews: Reviews) -> npt.NDArray[np.float64]:
    """The exact scores of `reviews.scores.engine_scores`, as the document's JSON numbers read back. Outside a
    Decree 335 year a review's score depends on its own score fields alone unless it is a leader's (whose d
    comes from the staff): those reviews are scored once per distinct (score, exact score)."""
    alone = not is_year_of_periods(cycle)
    rows: list[dict[str, Any]] = []
    shared: dict[tuple[Any, str], int] = {}  # (score, exact score) → the id of the row scored for them
    which = []
    for r, (_kind, parts), category in zip(reviews.rows, reviews.answers, reviews.categories, strict=True):
        score = decimal_value(r[7], 5, 2)
        if alone and category not in LEADERS:
            key = (score, r[8])
            if key not in shared:
                shared[key] = -1 - len(shared)
                rows.append({"id": shared[key], "person_id": None, "category": "", "score": score, "score_exact": r[8]})
            which.append(shared[key])
            continue
        factors = parts[len(ENGINE_ANSWERS)] if parts else None
        answers = {} if factors is None else {"leader_factors": json.loads(factors)}
        rows.append(
            {
                "id": r[0],
                "person_id": r[3],
                "category": category,
                "score": score,
                "score_exact": r[8],
                "answers": answers,
            }
        )
        which.append(r[0])
    found = {pk: float(score.exact) for pk, score in engine_scores(cycle, rows).items()}
    return np.array([found.get(pk, np.nan) for pk in which], np.float64)


def _answers(reviews: Reviews, individual: npt.NDArray[np.bool_]) -> dict[str, Any]:
    """The answer-derived columns, each distinct combination encoded once by the document path's encoder."""
    from danhgia.apps.pipeline.facts import _encode_subject

    table: dict[tuple[Any, ...], int] = {}
    values: list[tuple[Any, ...]] = []
    which = np.empty(reviews.ids.size, np.int64)
    for i, (kind, parts) in enumerate(reviews.answers):
        key = (bool(individual[i]), kind, parts[: len(ENGINE_ANSWERS)])
        found = table.get(key)
        if found is None:
            if kind not in ("object", "null", None):
                raise Unusual("answers that are not an object")
            subject: dict[str, Any] = {"type": "individual" if key[0] else "collective"}
            for name, text in zip(ENGINE_ANSWERS, key[2], strict=False):
                if text is not None:
                    subject[name] = json.loads(text)
            columns: dict[str, list[Any]] = defaultdict(list)
            try:
                _encode_subject(columns, subject, {})
            except (KeyError, TypeError, ValueError, AttributeError) as error:
                raise Unusual(f"answers: {error}") from None
            found = table[key] = len(values)
            values.append(tuple(columns[name][0] for name in ANSWER_COLUMNS))
        which[i] = found
    if not values:
        return {}
    return {name: np.array([v[c] for v in values])[which] for c, name in enumerate(ANSWER_COLUMNS)}


def _lookup(keys: npt.NDArray[np.int64], table: dict[int, Any]) -> tuple[npt.NDArray[np.bool_], npt.NDArray[np.int64]]:
    """For each key: whether `table` has it, and its position in `sorted(table)`."""
    known = np.array(sorted(table), np.int64)
    at = np.searchsorted(known, keys).clip(0, max(known.size - 1, 0))
    found = (known[at] == keys) if known.size else np.zeros(keys.size, np.bool_)
    return found & (keys >= 0), at


def _personal(reviews: Reviews, registry: Registry) -> dict[str, Any]:
    """Membership, absence and the civil-service level of the individuals."""
    person = reviews.person
    member, at = _lookup(person, registry.membership)
    admitted = np.array([registry.membership[k] for k in sorted(registry.membership)] or [0], np.int32)[at]
    has_status, at = _lookup(person, registry.status)
    kinds = [registry.status[k] for k in sorted(registry.status)] or [set()]
    exempt = has_status & np.array(["exempt" in k for k in kinds], np.bool_)[at]
    suspended = has_status & np.array(["suspended" in k for k in kinds], np.bool_)[at]
    absent, at = _lookup(person, registry.absence)
    rows = [registry.absence[k] for k in sorted(registry.absence)] or [(0, 0, False, 12)]
    months = [[float(decimal_value(m, 4, 1)) for m in (a, b, d)] for a, b, _c, d in rows]
    absence = np.array([[a, b, bool(c), d] for (a, b, d), (_a, _b, c, _d) in zip(months, rows, strict=True)])[at]
    civil, at = _lookup(person, registry.civil)
    try:
        levels = np.array(
            [int(registry.civil[k][1]) if registry.civil[k] else 0 for k in sorted(registry.civil)] or [0]
        )
    except (IndexError, ValueError, TypeError):
        raise Unusual("a civil-service level") from None
    return {
        "is_member": member,
        "exempt_from_activities": exempt & member,
        "suspended": suspended & member,
        "admitted": np.where(member, admitted, 0),
        "sick_months": np.where(absent, absence[:, 0], 0.0),
        "other_months": np.where(absent, absence[:, 1], 0.0),
        "maternity": absent & (absence[:, 2] != 0),
        "months_worked": np.where(absent, absence[:, 3], 12.0),
        "civil_service_level": np.where(civil, levels[at], 0),
    }


def _conclusions(reviews: Reviews, registry: Registry, n: int) -> dict[str, Any]:
    columns = {f"conclusion_{c}": np.zeros(n, np.bool_) for c in CONCLUSIONS}
    if not registry.conclusions:
        return columns
    for i, (person, unit) in enumerate(zip(reviews.person.tolist(), reviews.unit.tolist(), strict=True)):
        flags = registry.conclusions.get(("person", person) if person >= 0 else ("unit", unit))
        for kind in flags or ():
            columns[f"conclusion_{kind}"][i] = True
    return columns


class Collective:
    """Discipline (own and members'), member degradation and subordinate units, subject by subject."""

    def __init__(self, reviews: Reviews, registry: Registry, n: int) -> None:
        self.discipline: list[tuple[int, tuple[Any, ...]]] = []
        self.member_discipline: list[tuple[int, tuple[Any, ...]]] = []
        sub = np.zeros((3, n), np.int64)
        degradation = np.zeros(n, np.bool_)
        for i, (person, unit) in enumerate(zip(reviews.person.tolist(), reviews.unit.tolist(), strict=True)):
            if person >= 0:
                self.discipline.extend((i, e) for e in registry.discipline.get(("person", person), ()))
                continue
            is_lc = reviews.categories[i] == "leadership_collective"
            self.discipline.extend((i, e) for e in registry.discipline.get(("lc" if is_lc else "unit", unit), ()))
            if is_lc:
                members = registry.lc_members.get(unit, [])
                for member in members:
                    self.member_discipline.extend((i, e) for e in registry.discipline.get(("person", member), ()))
                degradation[i] = any(registry.conclusions.get(("person", p), {}).get("degradation") for p in members)
                continue
            children = registry.children.get(unit, [])
            if children:
                disciplined = [c for c in children if registry.in_period(c)]
                self_detected = [c for c in disciplined if all(e[3] for e in registry.in_period(c))]
                sub[:, i] = (len(children), len(disciplined), len(self_detected))
        self.columns = {
            "sub_total": sub[0],
            "sub_disciplined": sub[1],
            "sub_self_detected": sub[2],
            "member_degradation": degradation,
        }


def _discipline(rows: list[tuple[int, tuple[Any, ...]]]) -> dict[str, Any] | None:
    """`pipeline.facts._discipline` over already-read rows."""
    if not rows:
        return None
    violations: dict[tuple[int, str], int] = {}
    return {
        "subject": np.array([i for i, _ in rows], np.int32),
        "form": np.array([e[0] for _, e in rows], np.int8),
        "effective": np.array([e[1] for _, e in rows], np.int32),
        "violation": np.array([violations.setdefault((i, e[2]), len(violations)) for i, e in rows], np.int64),
        "self_detected": np.array([e[3] for _, e in rows], np.bool_),
        "public_service": np.array([e[4] for _, e in rows], np.bool_),
        "has_counted": np.array([e[5] for _, e in rows], np.bool_),
    }
