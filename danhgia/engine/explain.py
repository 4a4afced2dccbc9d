"""Turn outcome columns into the `danhgia-result/1` document: reasons with codes, sources and texts."""

from __future__ import annotations

from fractions import Fraction
from functools import lru_cache
from string import Formatter
from typing import Any

import numpy as np
import numpy.typing as npt

from danhgia.engine.classify import Outcome
from danhgia.engine.codes import FLAGS, STATUS_NAMES, Status
from danhgia.engine.compile import CompiledRuleset, Rule
from danhgia.engine.facts import Facts

RESULT_FORMAT = "danhgia-result/1"
LEVEL_WORDS = {"vi": "mức {}", "en": "level {}"}
PERIOD_OUTSIDE = {
    "vi": "Năm {year} nằm ngoài thời gian áp dụng của {ruleset} ({years}); kết quả chỉ để tham khảo, đối chiếu.",
    "en": "The year {year} lies outside the years {ruleset} applies to ({years}); a replay, for comparison only.",
}


def render(rules: CompiledRuleset, f: Facts, outcome: Outcome, lang: str = "vi") -> dict[str, Any]:
    return {
        "format": RESULT_FORMAT,
        "ruleset": rules.id,
        "results": subject_results(rules, f, outcome, lang),
        "quota": quota_rows(f, outcome),
        "warnings": warnings(rules, f, lang),
    }


def subject_results(rules: CompiledRuleset, f: Facts, outcome: Outcome, lang: str = "vi") -> list[dict[str, Any]]:
    """Every subject's `subject_result`, each distinct text rendered once: subjects with the same masks share
    their list of rules, and the subjects a rule fired for share its text when the values it names are equal."""
    masks = np.stack(
        [
            outcome.eligibility.astype(np.int64),
            outcome.flags.astype(np.int64) & 1,
            outcome.disqualifiers.astype(np.int64),
            outcome.failed.astype(np.int64),
            outcome.caps.astype(np.int64),
            outcome.demoted.astype(np.int64),
        ],
        axis=1,
    ).reshape(f.size, 6)
    _keys, first, which = np.unique(masks, axis=0, return_index=True, return_inverse=True)
    which = which.reshape(-1)
    behind = [fired_rules(rules, outcome, int(i)) for i in first.tolist()]
    details: dict[int, npt.NDArray[np.object_]] = {}  # id(rule) → its text for every subject it fired for
    for position, rule in {id(rule): rule for rules_ in behind for rule in rules_}.items():
        keys = [k for k, found in enumerate(behind) if any(r is rule for r in found)]
        fired_for = np.flatnonzero(np.isin(which, keys))
        details[position] = _details(rules, rule, f, outcome, fired_for, lang)
    statuses = {int(code): name for code, name in STATUS_NAMES.items()}
    flag_names: dict[int, list[str]] = {}
    results = []
    columns = (f.ids.tolist(), which.tolist(), outcome.status.tolist(), outcome.level.tolist(), outcome.flags.tolist())
    for i, (subject, key, status, level, flags) in enumerate(zip(*columns, strict=True)):
        if flags not in flag_names:
            flag_names[flags] = [name for bit, name in enumerate(FLAGS) if flags >> bit & 1]
        results.append(
            {
                "subject": str(subject),
                "status": statuses[status],
                "level": f"L{level}" if status == Status.CLASSIFIED else None,
                "reasons": [
                    {"code": rule.code, "source": rule.source, "detail": details[id(rule)][i]} for rule in behind[key]
                ],
                "flags": list(flag_names[flags]),
            }
        )
    return results


def _details(
    rules: CompiledRuleset, rule: Rule, f: Facts, outcome: Outcome, rows: npt.NDArray[np.intp], lang: str
) -> npt.NDArray[np.object_]:
    """`rule`'s text for each of `rows` (by subject, None elsewhere), formatted once per distinct combination of
    the values it names (`_KEYS`: what each value of `_VALUES` is computed from)."""
    names = [name for _text, name, _spec, _conv in Formatter().parse(rule.text[lang]) if name is not None]
    values = [_KEYS[name](rule, f, outcome, rows) for name in names if name not in rule.params]
    table = np.stack([np.asarray(v).astype(np.int64, copy=False) for v in values], axis=1) if values else None
    if table is None:
        table = np.zeros((rows.size, 1), np.int64)
    _unique, first, which = np.unique(table, axis=0, return_index=True, return_inverse=True)
    texts = [_reason(rules, rule, f, outcome, int(rows[i]), lang)["detail"] for i in first.tolist()]
    found = np.full(f.size, None, object)
    found[rows] = np.array(texts, object)[which.reshape(-1)]
    return found


def warnings(rules: CompiledRuleset, f: Facts, lang: str = "vi") -> list[dict[str, str]]:
    """Warnings about the scenario as a whole (§2); they change no result."""
    return period_warnings(rules, f.period_end // 10000, lang)


def period_warnings(rules: CompiledRuleset, year: int, lang: str = "vi") -> list[dict[str, str]]:
    """`period_outside_ruleset` when the period's year (of its last day) lies outside the rule set's years."""
    if rules.applies_to_year(year):
        return []
    first, last = rules.years
    years = f"{first or ''}–{last or ''}"
    detail = PERIOD_OUTSIDE["en" if lang == "en" else "vi"].format(year=year, ruleset=rules.id, years=years)
    return [{"code": "period_outside_ruleset", "detail": detail}]


def subject_result(rules: CompiledRuleset, f: Facts, outcome: Outcome, i: int, lang: str = "vi") -> dict[str, Any]:
    """Subject i's result (`subject_results` gives every subject's at once)."""
    status = Status(int(outcome.status[i]))
    level = int(outcome.level[i])
    return {
        "subject": str(f.ids[i]),
        "status": STATUS_NAMES[status],
        "level": f"L{level}" if status == Status.CLASSIFIED else None,
        "reasons": [_reason(rules, rule, f, outcome, i, lang) for rule in fired_rules(rules, outcome, i)],
        "flags": [name for bit, name in enumerate(FLAGS) if int(outcome.flags[i]) >> bit & 1],
    }


def fired_rules(rules: CompiledRuleset, outcome: Outcome, i: int) -> list[Rule]:
    """The rules behind subject i's result, in pipeline order."""
    fired: list[Rule] = []
    if outcome.eligibility[i] >= 0:
        return [rules.rules("eligibility")[int(outcome.eligibility[i])]]
    if outcome.flags[i] & 1:  # missing_input
        fired += rules.rules("input")
    for stage, mask in (
        ("disqualifier", outcome.disqualifiers[i]),
        ("level", outcome.failed[i]),
        ("cap", outcome.caps[i]),
    ):
        fired += [rule for rule in rules.rules(stage) if int(mask) & rule.mask]
    if outcome.demoted[i]:
        fired += rules.rules("quota")
    return fired


def quota_rows(f: Facts, outcome: Outcome) -> list[dict[str, Any]]:
    table = outcome.quota
    rows = []
    for g in np.flatnonzero(table.level1 >= 1):
        c, b, allowed = int(table.level1[g]), int(table.level2[g]), int(table.allowance[g])
        kept = min(c, allowed)
        rows.append(
            {
                "group": f.group_names[g],
                "level1_before": c,
                "level2_before": b,
                "max_level1": allowed,
                "level1_after": kept,
                "level2_after": b + c - kept,
                "exception": bool(table.exception[g]),
            }
        )
    return rows


def _reason(rules: CompiledRuleset, rule: Rule, f: Facts, outcome: Outcome, i: int, lang: str) -> dict[str, str]:
    return {
        "code": rule.code,
        "source": rule.source,
        "detail": rule.text[lang].format_map(_Context(rules, rule, f, outcome, i, lang)),
    }


class _Context(dict[str, str]):
    """The values a reason's text may name, each computed only when the text names it (a text names two or
    three of them; rendering millions of reasons computes no other)."""

    def __init__(self, rules: CompiledRuleset, rule: Rule, f: Facts, outcome: Outcome, i: int, lang: str) -> None:
        super().__init__()
        self.rules, self.rule, self.f, self.outcome, self.i, self.lang = rules, rule, f, outcome, i, lang

    def __missing__(self, name: str) -> str:
        text = _parameter(self.rule.params[name]) if name in self.rule.params else _VALUES[name](self)
        self[name] = text
        return text


@lru_cache(maxsize=1024)
def _parameter(value: Any) -> str:
    """A rule's parameter as its texts show it (a share as a percentage); the same few values every time."""
    return _percent(value) if isinstance(value, Fraction) else _number(value)


def _fact(name: str) -> Any:
    return lambda c: str(getattr(c.f, name)[c.i])


def _decimal(name: str) -> Any:
    return lambda c: _number(float(getattr(c.f, name)[c.i]))


def _ratio(c: _Context) -> str:
    special = c.rules.quota_exception_ratio if bool(c.outcome.quota.exception[int(c.f.group[c.i])]) else None
    return _percent(special or c.rules.quota_ratio)


def _linked_count(which: int) -> Any:
    return lambda c: str(_linked(c.rule, c.f, c.outcome)[which][c.i])


_VALUES: dict[str, Any] = {
    "score": _decimal("score"),
    "assigned": _fact("assigned"),
    "completed": _fact("completed"),
    "on_time": _fact("on_time"),
    "exceeded": _fact("exceeded"),
    "late": lambda c: str(c.f.completed[c.i] - c.f.on_time[c.i]),
    "noted": _fact("noted"),
    "remedied": _fact("remedied"),
    "total": _fact("sub_total"),
    "disciplined": _fact("sub_disciplined"),
    "voters": _fact("confidence_voters"),
    "low": _fact("confidence_low"),
    "cap": lambda c: LEVEL_WORDS[c.lang].format(int(c.outcome.level[c.i])),
    "sick_months": _decimal("sick_months"),
    "months_worked": _decimal("months_worked"),
    "max_level1": lambda c: str(int(c.outcome.quota.allowance[int(c.f.group[c.i])])),
    "ratio": _ratio,
    "counted": _linked_count(0),
    "failed": _linked_count(1),
    "good": _linked_count(2),
}


def _fact_key(name: str) -> Any:
    return lambda rule, f, outcome, rows: getattr(f, name)[rows]


def _decimal_key(name: str) -> Any:
    return lambda rule, f, outcome, rows: getattr(f, name)[rows].astype(np.float64).view(np.int64)


def _linked_key(which: int) -> Any:
    return lambda rule, f, outcome, rows: _linked(rule, f, outcome)[which][rows]


# name → what its text in `_VALUES` is computed from, for the subjects `rows` (as integers: floats by their bits)
_KEYS: dict[str, Any] = {
    "score": _decimal_key("score"),
    "assigned": _fact_key("assigned"),
    "completed": _fact_key("completed"),
    "on_time": _fact_key("on_time"),
    "exceeded": _fact_key("exceeded"),
    "late": lambda rule, f, outcome, rows: f.completed[rows] - f.on_time[rows],
    "noted": _fact_key("noted"),
    "remedied": _fact_key("remedied"),
    "total": _fact_key("sub_total"),
    "disciplined": _fact_key("sub_disciplined"),
    "voters": _fact_key("confidence_voters"),
    "low": _fact_key("confidence_low"),
    "cap": lambda rule, f, outcome, rows: outcome.level[rows],
    "sick_months": _decimal_key("sick_months"),
    "months_worked": _decimal_key("months_worked"),
    "max_level1": lambda rule, f, outcome, rows: outcome.quota.allowance[f.group[rows]],
    "ratio": lambda rule, f, outcome, rows: outcome.quota.exception[f.group[rows]],
    "counted": _linked_key(0),
    "failed": _linked_key(1),
    "good": _linked_key(2),
}


def _linked(rule: Rule, f: Facts, outcome: Outcome) -> tuple[Any, Any, Any]:
    """For a rule that reads other subjects' results: per subject, how many of them are classified, at level 4,
    and at level 2 or better (the counts behind its shares); zeros for other rules. Computed once per rule."""
    key = f"linked:{rule.code}"
    cached = f._cache.get(key)
    if cached is None:
        zeros = np.zeros(f.size, np.int64)
        if rule.linkage is None:
            cached = (zeros, zeros, zeros)
        else:
            dep, dependant = rule.linkage.edges(f, rule.params)
            mine = rule.applies[f.category[dependant]]
            dep, dependant = dep[mine], dependant[mine]
            classified = outcome.status[dep] == Status.CLASSIFIED
            level = outcome.level[dep]
            cached = tuple(
                np.bincount(dependant[which], minlength=f.size)
                for which in (classified, classified & (level == 4), classified & (level > 0) & (level <= 2))
            )
        f._cache[key] = cached
    return cached  # type: ignore[return-value]


def _percent(share: Fraction) -> str:
    return f"{_number(float(share * 100))} %"


def _number(value: Any) -> str:
    if isinstance(value, float):
        if np.isnan(value):
            return "—"
        return str(int(value)) if value.is_integer() else f"{value:g}"
    return str(value)
