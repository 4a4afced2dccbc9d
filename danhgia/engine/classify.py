"""The classification pipeline over columns (docs/engine-contract.md §3.1), for one subject or millions.

1. Rules that read only the subject's own input are evaluated once, for every subject, as whole columns.
2. Subjects are then taken layer by layer in dependency order (`order.py`): the linkage rules of a layer
   read the final results of earlier layers; each subject's pre-quota status and level is combined from
   eligibility, disqualifiers, level conditions and caps; then the quota settles the groups that are ready.
The outcome is columns of codes and bit masks; `explain.py` turns a row into reasons with their sources.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from danhgia.engine.codes import FLAG_BIT, STATUS_BY_NAME, Level, Status
from danhgia.engine.compile import CompiledRuleset, Rule
from danhgia.engine.facts import Bools, Facts, Index, Small
from danhgia.engine.linkage import Edges, Finals, edge_results
from danhgia.engine.order import layers
from danhgia.engine.quota import QuotaTable, settle

Masks = npt.NDArray[np.uint64]


@dataclass(frozen=True)
class Outcome:
    """The result of every subject as columns, plus the quota table of every group."""

    status: Small
    level: Small  # 0 unless classified
    eligibility: npt.NDArray[np.int16]  # bit of the eligibility rule that ended the pipeline, or -1
    disqualifiers: Masks  # bits of the disqualifier rules that apply
    failed: Masks  # bits of the level rules that failed for the level above the one given
    caps: Masks  # bits of the cap rules that lowered the level
    demoted: Bools  # demoted from L1 by the quota
    flags: npt.NDArray[np.uint16]
    quota: QuotaTable


@dataclass
class _Independent:
    eligibility: npt.NDArray[np.int16]
    disqualifiers: Masks
    failed: Masks  # every failing level rule, all levels
    caps: list[tuple[Rule, Small]]  # per cap rule: the cap per subject (0 = none)
    missing: Bools


def classify_facts(rules: CompiledRuleset, f: Facts) -> Outcome:
    n = f.size
    base = _independent(rules, f)
    links = [
        _Link(rule, edges, _before_quota(rule, f, edges))
        for stage in ("level", "disqualifier", "cap")
        for rule in rules.rules(stage)
        if rule.linkage is not None
        for edges in [_edges(rule, f)]
    ]
    plan = layers(
        f.group, len(f.group_names), [(*link.edges, link.before_quota) for link in links], f.ids, f.group_names
    )
    out = Outcome(
        status=np.zeros(n, np.int8),
        level=np.zeros(n, np.int8),
        eligibility=base.eligibility,
        disqualifiers=base.disqualifiers,
        failed=np.zeros(n, np.uint64),
        caps=np.zeros(n, np.uint64),
        demoted=np.zeros(n, np.bool_),
        flags=np.zeros(n, np.uint16),
        quota=QuotaTable.empty(len(f.group_names)),
    )
    pre_status = np.zeros(n, np.int8)
    pre_level = np.zeros(n, np.int8)
    final_status = np.zeros(n, np.int8)
    position = np.full(n, -1, np.int32)
    for layer in plan:
        if layer.subjects.size:
            finals = Finals(final_status, out.level)
            pre = Finals(pre_status, pre_level)
            _evaluate(rules, f, base, links, layer.subjects, position, finals, pre, out)
            pre_status[layer.subjects] = out.status[layer.subjects]
            pre_level[layer.subjects] = out.level[layer.subjects]
        if layer.groups.size:
            members = settle(
                rules, f, layer.groups, pre_status, pre_level, out.level, out.demoted, out.flags, out.quota
            )
            final_status[members] = pre_status[members]
    return out


def dependency_edges(rules: CompiledRuleset, f: Facts) -> Edges:
    """Every (dependency, dependant) pair of subject rows under this rule set (docs/engine-contract.md §3.6)."""
    links = [
        _edges(rule, f)
        for stage in ("level", "disqualifier", "cap")
        for rule in rules.rules(stage)
        if rule.linkage is not None
    ]
    dep = np.concatenate([d for d, _ in links]) if links else np.zeros(0, np.int32)
    dependant = np.concatenate([s for _, s in links]) if links else np.zeros(0, np.int32)
    pairs = np.unique(np.stack([dep, dependant], axis=1), axis=0) if dep.size else np.zeros((0, 2), np.int32)
    return pairs[:, 0].astype(np.int32), pairs[:, 1].astype(np.int32)


@dataclass(frozen=True)
class _Link:
    rule: Rule
    edges: Edges
    before_quota: Bools  # per edge: reads the dependency's level before the quota


def _edges(rule: Rule, f: Facts) -> Edges:
    assert rule.linkage is not None
    dep, dependant = rule.linkage.edges(f, rule.params)
    applies = rule.applies[f.category[dependant]]
    return dep[applies], dependant[applies]


def _before_quota(rule: Rule, f: Facts, edges: Edges) -> Bools:
    assert rule.linkage is not None
    if rule.linkage.before_quota is None:
        return np.zeros(edges[0].size, np.bool_)
    return rule.linkage.before_quota(f, edges)


def _independent(rules: CompiledRuleset, f: Facts) -> _Independent:
    n = f.size
    applies = _applies_by_rule(rules, f)
    eligibility = np.full(n, -1, np.int16)
    caps: list[tuple[Rule, Small]] = []
    for rule in reversed(rules.rules("eligibility")):  # the first rule listed wins
        assert rule.predicate is not None
        eligibility[applies[rule.code] & rule.predicate(f, rule.params)] = rule.bit
    for rule in rules.rules("cap"):
        if rule.predicate is not None:
            hit = applies[rule.code] & rule.predicate(f, rule.params)
            caps.append((rule, np.where(hit, rule.level, 0).astype(np.int8)))
    disqualifiers = np.zeros(n, np.uint64)
    for rule in rules.rules("disqualifier"):
        if rule.predicate is not None:
            disqualifiers |= (applies[rule.code] & rule.predicate(f, rule.params)).astype(np.uint64) << np.uint64(
                rule.bit
            )
    failed = np.zeros(n, np.uint64)
    for rule in rules.rules("level"):
        if rule.predicate is not None:
            failed |= (applies[rule.code] & ~rule.predicate(f, rule.params)).astype(np.uint64) << np.uint64(rule.bit)
    missing = np.isnan(f.score) if rules.scoring == "score" else ~f.has_grades | (f.grade_tasks == 0)
    return _Independent(eligibility, disqualifiers, failed, caps, missing)


def _applies_by_rule(rules: CompiledRuleset, f: Facts) -> dict[str, Bools]:
    """Each rule's subjects, as a mask; rules with the same audience share one mask."""
    by_pattern: dict[bytes, Bools] = {}
    result = {}
    for stage in rules.stages.values():
        for rule in stage:
            key = rule.applies.tobytes()
            if key not in by_pattern:
                by_pattern[key] = np.ones(f.size, np.bool_) if rule.applies.all() else rule.applies[f.category]
            result[rule.code] = by_pattern[key]
    return result


def _evaluate(
    rules: CompiledRuleset,
    f: Facts,
    base: _Independent,
    links: list[_Link],
    subjects: Index,
    position: npt.NDArray[np.int32],
    finals: Finals,
    pre: Finals,
    out: Outcome,
) -> None:
    """Pre-quota status and level of the subjects of one layer (their dependencies are settled)."""
    disqualifiers = base.disqualifiers[subjects]
    failed = base.failed[subjects]
    caps = [(rule, cap[subjects]) for rule, cap in base.caps]
    if links:
        position[subjects] = np.arange(subjects.size, dtype=np.int32)
        category = f.category[subjects]
        for link in links:
            rule = link.rule
            results = edge_results(link.edges, link.before_quota, finals, pre, subjects, position)
            value = rule.linkage.reduce(results, rule.params)  # type: ignore[union-attr]
            applies = rule.applies[category]
            if rule.stage == "cap":
                caps.append((rule, np.where(applies, value, 0).astype(np.int8)))
            elif rule.stage == "disqualifier":
                disqualifiers |= (applies & value).astype(np.uint64) << np.uint64(rule.bit)
            else:
                failed |= (applies & ~value).astype(np.uint64) << np.uint64(rule.bit)
        position[subjects] = -1
    out.disqualifiers[subjects] = disqualifiers
    _combine(rules, f, base, subjects, disqualifiers, failed, caps, out)


def _combine(
    rules: CompiledRuleset,
    f: Facts,
    base: _Independent,
    subjects: Index,
    disqualifiers: Masks,
    failed: Masks,
    caps: list[tuple[Rule, Small]],
    out: Outcome,
) -> None:
    eligibility = base.eligibility[subjects]
    by_bit = np.array([STATUS_BY_NAME[str(r.outcome)] for r in rules.rules("eligibility")] + [0], np.int8)
    ended = eligibility >= 0
    disqualified = ~ended & (disqualifiers != 0)
    missing = ~ended & ~disqualified & base.missing[subjects]
    evaluated = ~ended & ~disqualified & ~missing
    level, band = _level_from_conditions(rules, f.score[subjects], failed)
    status = np.full(subjects.size, Status.CLASSIFIED, np.int8)
    status[ended] = by_bit[eligibility[ended]]
    status[missing | (evaluated & (level == 0))] = Status.NEEDS_DECISION
    level = np.where(evaluated, level, 0).astype(np.int8)
    level[disqualified] = Level.L4
    flags = np.zeros(subjects.size, np.uint16)
    flags[missing] |= FLAG_BIT["missing_input"]
    mismatch = evaluated & (band > 0) & ((level == 0) | (level > band))
    if rules.scoring == "score":
        flags[mismatch] |= FLAG_BIT["band_condition_mismatch"]
    # The level whose failed conditions explain the result: the next one up, or for no level at all the
    # lowest one tried (L3; with exact score bands, the subject's own band).
    tried = band if not rules.bands_are_minimums and rules.scoring == "score" else np.full(band.size, 3)
    above = np.where(level > 1, level - 1, np.where(tried > 0, tried, 3))
    why = np.zeros(subjects.size, np.uint64)
    for lv in (1, 2, 3):
        why[above == lv] = failed[above == lv] & np.uint64(rules.level_mask[lv])
    why[~evaluated | (level == 1)] = 0
    classified = status == Status.CLASSIFIED
    capped, cap_bits, cap_unconfirmed = _apply_caps(caps, level, classified)
    unconfirmed = (why & np.uint64(rules.unconfirmed("level"))) != 0
    unconfirmed |= cap_unconfirmed
    unconfirmed |= disqualified & ((disqualifiers & ~np.uint64(rules.unconfirmed("disqualifier"))) == 0)
    unconfirmed |= _granted_by_unconfirmed(rules, f, subjects, level, evaluated)
    unconfirmed |= ended & np.isin(eligibility, [r.bit for r in rules.rules("eligibility") if not r.confirmed])
    unconfirmed |= _tested_under_default(rules, f, base, subjects, evaluated)
    if "score_bands_are_minimums" in rules.unconfirmed_parameters:
        unconfirmed |= mismatch & (level > 0)
    flags[unconfirmed] |= FLAG_BIT["unconfirmed_rule"]
    out.status[subjects] = status
    out.level[subjects] = capped
    out.failed[subjects] = why
    out.caps[subjects] = cap_bits
    out.flags[subjects] = flags


def _level_from_conditions(
    rules: CompiledRuleset, score: npt.NDArray[np.float64], failed: Masks
) -> tuple[Small, Small]:
    """The highest level whose conditions all hold (0 if none), and the score band (0 if none or grades)."""
    holds = {lv: (failed & np.uint64(rules.level_mask[lv])) == 0 for lv in (1, 2, 3)}
    in_band = {lv: (failed & np.uint64(rules.score_mask[lv])) == 0 for lv in (1, 2, 3)}
    band = np.select([in_band[1], in_band[2], in_band[3]], [1, 2, 3], 0).astype(np.int8)
    if rules.scoring != "score":
        band[:] = 0
    if rules.bands_are_minimums or rules.scoring != "score":
        level = np.select([holds[1], holds[2], holds[3]], [1, 2, 3], 0).astype(np.int8)
    else:
        level = np.select([(band == lv) & holds[lv] for lv in (1, 2, 3)], [1, 2, 3], 0).astype(np.int8)
    return level, band


def _apply_caps(caps: list[tuple[Rule, Small]], level: Small, classified: Bools) -> tuple[Small, Masks, Bools]:
    capped = level.copy()
    bits = np.zeros(level.size, np.uint64)
    unconfirmed = np.zeros(level.size, np.bool_)
    for rule, cap in caps:
        lowers = classified & (cap > level)
        capped = np.where(lowers, np.maximum(capped, cap), capped).astype(np.int8)
        bits[lowers] |= np.uint64(rule.mask)
        if not rule.confirmed:
            unconfirmed |= lowers
    return capped, bits, unconfirmed


def _tested_under_default(
    rules: CompiledRuleset, f: Facts, base: _Independent, subjects: Index, evaluated: Bools
) -> Bools:
    """A linkage condition was tested (its level's own conditions hold) on a subject where it rests on a default."""
    result = np.zeros(subjects.size, np.bool_)
    category = f.category[subjects]
    for rule in rules.rules("level"):
        if rule.linkage is None or rule.linkage.unconfirmed is None:
            continue
        own = (base.failed[subjects] & np.uint64(rules.level_mask[rule.level])) == 0
        default = rule.linkage.unconfirmed(f, rule.params)[subjects]
        result |= evaluated & rule.applies[category] & own & default
    return result


def _granted_by_unconfirmed(rules: CompiledRuleset, f: Facts, subjects: Index, level: Small, evaluated: Bools) -> Bools:
    """The level given rests on a condition no source confirmed."""
    result = np.zeros(subjects.size, np.bool_)
    unconfirmed = [r for r in rules.rules("level") if not r.confirmed]
    category = f.category[subjects]
    for rule in unconfirmed:
        result |= evaluated & (level == rule.level) & rule.applies[category]
    return result
