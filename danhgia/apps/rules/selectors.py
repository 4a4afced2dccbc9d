"""Where each project default decided a result: per review cycle, how many engine results carry the flag
`unconfirmed_rule`, and which default of the cycle's rule set each of them rests on.

A flagged review is put down to a default D (docs/engine-contract.md §3 lists when the engine flags) when
- D is a rule whose code is among the review's reasons (an eligibility outcome, a level-4 reason, a cap that
  lowered the level, a failed level condition);
- D is a level condition of level n for the review's category and the engine gave level n, the level not set by
  a cap or the quota (the condition granted it);
- D is the parameter `score_bands_are_minimums` and the result carries `band_condition_mismatch`;
- D is the parameter `quota_rounding` (or `quota_ratio`) and the quota demoted the review;
- D is the parameter `quota_exception_ratio` and the review kept level 1 in a group allowed the exception.
A review may rest on more than one default; those put down to none are counted apart. Everything is one
aggregate query over the reviews of every cycle (grouped by cycle), whatever their number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any

from django.db.models import Count, Q

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.reviews.models import Review
from danhgia.apps.rules.basis import RulesetBasis
from danhgia.apps.rules.jsonlist import ListHolds
from danhgia.engine.compile import GROUPS

FLAG = "unconfirmed_rule"
Cycles = list[tuple[int, str, str, str]]  # pk, name, rule set, pinned SHA-256
Attribution = tuple[str, bool, Q | None]  # a default, whether it is a parameter, the condition (see attributions)
Columns = dict[tuple[str, str], str]  # (rule set, default; "" for none of them) → its aggregate column


@dataclass(frozen=True)
class DefaultCount:
    name: str  # a rule code or a rule-set parameter
    is_parameter: bool
    count: int


@dataclass(frozen=True)
class CycleDefaults:
    cycle_id: int
    name: str
    ruleset: str
    pinned_sha256: str  # the rule-set version the cycle pinned when it opened ("" if not yet)
    current_sha256: str | None  # the built-in rule set's version today (None: not a built-in rule set)
    computed: int  # reviews with an engine result
    flagged: int  # of which carry `unconfirmed_rule`
    defaults: tuple[DefaultCount, ...]  # every default of the rule set, in file order
    unattributed: int  # flagged reviews put down to no default

    @property
    def pin_matches(self) -> bool:
        return not self.pinned_sha256 or self.pinned_sha256 == self.current_sha256


def _named(code: str) -> Q:
    return Q(ListHolds("engine_reasons", code, key="code"))


def _any(conditions: Iterable[Q | None]) -> Q | None:
    present = [condition for condition in conditions if condition is not None]
    return reduce(or_, present) if present else None


def _categories(applies_to: Iterable[str]) -> list[str]:
    return sorted({category for name in applies_to for category in GROUPS.get(name, (name,))})


def attributions(basis: RulesetBasis) -> list[Attribution]:
    """(default, is a parameter, the condition on a flagged review that puts it down to that default; None when
    no stored field can show it)."""
    demoted = _any(_named(r.code) for r in basis.rules if r.stage == "quota" and r.enabled)
    capped = _any([demoted, *(_named(r.code) for r in basis.rules if r.stage == "cap" and r.enabled)])
    found: list[Attribution] = []
    for rule in basis.default_rules:
        condition = _named(rule.code)
        if rule.stage == "level" and rule.level:
            granted = Q(engine_status="classified", engine_level=f"L{rule.level}")
            granted &= Q(category__in=_categories(rule.applies_to))
            condition |= granted & ~capped if capped is not None else granted
        found.append((rule.code, False, condition))
    for parameter in basis.default_parameters:
        if parameter.name == "score_bands_are_minimums" and parameter.value is True:
            found.append((parameter.name, True, Q(ListHolds("engine_flags", "band_condition_mismatch"))))
        elif parameter.name in ("quota_rounding", "quota_ratio"):
            found.append((parameter.name, True, demoted))
        elif parameter.name == "quota_exception_ratio" and parameter.value is not False:
            found.append((parameter.name, True, Q(engine_level="L1", quota_group__exception=True)))
        else:
            found.append((parameter.name, True, None))
    return found


def _aggregates(cycles: Cycles, found: dict[str, list[Attribution]]) -> tuple[dict[str, Any], Columns]:
    """The aggregate columns of the one query: reviews computed, flagged, then per rule set one per default that
    a stored field can show and one for the flagged reviews put down to none. Returns them and, for each
    (rule set, default; "" for none), its column."""
    flagged = Q(ListHolds("engine_flags", FLAG))
    aggregates: dict[str, Any] = {
        "computed": Count("pk", filter=~Q(engine_status="")),
        "flagged": Count("pk", filter=flagged),
    }
    columns: Columns = {}
    for ruleset_id in sorted({ruleset for _, _, ruleset, _ in cycles} & set(found)):
        of_ruleset = flagged & Q(cycle_id__in=[pk for pk, _, ruleset, _ in cycles if ruleset == ruleset_id])
        for name, _is_parameter, condition in found[ruleset_id]:
            if condition is not None:
                columns[ruleset_id, name] = alias = f"d{len(aggregates)}"
                aggregates[alias] = Count("pk", filter=of_ruleset & condition)
        anything = _any(condition for _, _, condition in found[ruleset_id])
        columns[ruleset_id, ""] = alias = f"d{len(aggregates)}"
        aggregates[alias] = Count("pk", filter=of_ruleset & ~anything if anything is not None else of_ruleset)
    return aggregates, columns


def defaults_by_cycle(bases: Iterable[RulesetBasis]) -> list[CycleDefaults]:
    """Every cycle, newest first, with its flagged reviews counted per default: two queries in all."""
    by_id = {basis.id: basis for basis in bases}
    cycles: Cycles = list(ReviewCycle.objects.values_list("pk", "name", "ruleset", "ruleset_sha256"))
    found = {ruleset_id: attributions(basis) for ruleset_id, basis in by_id.items()}
    aggregates, columns = _aggregates(cycles, found)
    rows = {
        row["cycle_id"]: row
        for row in Review.objects.filter(cycle_id__in=[pk for pk, *_ in cycles])
        .values("cycle_id")
        .annotate(**aggregates)
        .order_by()
    }
    result = []
    for pk, name, ruleset_id, pinned in cycles:
        row = rows.get(pk, {})
        basis = by_id.get(ruleset_id)
        defaults = tuple(
            DefaultCount(default, is_parameter, row.get(columns.get((ruleset_id, default), ""), 0))
            for default, is_parameter, _ in found.get(ruleset_id, [])
        )
        result.append(
            CycleDefaults(
                cycle_id=pk,
                name=name,
                ruleset=ruleset_id,
                pinned_sha256=pinned,
                current_sha256=basis.sha256 if basis else None,
                computed=row.get("computed", 0),
                flagged=row.get("flagged", 0),
                defaults=defaults,
                unattributed=row.get(columns.get((ruleset_id, ""), "flagged"), 0),
            )
        )
    return result
