"""Turn outcome columns into the `danhgia-result/1` document: reasons with codes, sources and texts."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

import numpy as np

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
    results = [subject_result(rules, f, outcome, i, lang) for i in range(f.size)]
    return {
        "format": RESULT_FORMAT,
        "ruleset": rules.id,
        "results": results,
        "quota": quota_rows(f, outcome),
        "warnings": warnings(rules, f, lang),
    }


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
        "detail": rule.text[lang].format_map(_context(rules, rule, f, outcome, i, lang)),
    }


def _context(rules: CompiledRuleset, rule: Rule, f: Facts, outcome: Outcome, i: int, lang: str) -> dict[str, str]:
    values = dict(
        score=_number(float(f.score[i])),
        assigned=str(f.assigned[i]),
        completed=str(f.completed[i]),
        on_time=str(f.on_time[i]),
        exceeded=str(f.exceeded[i]),
        late=str(f.completed[i] - f.on_time[i]),
        noted=str(f.noted[i]),
        remedied=str(f.remedied[i]),
        total=str(f.sub_total[i]),
        disciplined=str(f.sub_disciplined[i]),
        voters=str(f.confidence_voters[i]),
        low=str(f.confidence_low[i]),
        cap=LEVEL_WORDS[lang].format(int(outcome.level[i])),
        sick_months=_number(float(f.sick_months[i])),
        months_worked=_number(float(f.months_worked[i])),
    )
    group = int(f.group[i])
    values["max_level1"] = str(int(outcome.quota.allowance[group]))
    special = rules.quota_exception_ratio if bool(outcome.quota.exception[group]) else None
    values["ratio"] = _percent(special or rules.quota_ratio)
    counted, failed, good = _linked(rule, f, outcome)
    values.update(counted=str(counted[i]), failed=str(failed[i]), good=str(good[i]))
    for name, value in rule.params.items():
        values[name] = _percent(value) if isinstance(value, Fraction) else _number(value)
    return values


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
