"""The quota (docs/engine-contract.md §3.5): level 1 at most r × level 2 within each group, settled per group.

With C subjects at L1 and B at L2, k = min(C, floor(r(B + C) / (1 + r))) keep L1: the largest k with
k ≤ r(B + C − k), since each demoted subject joins L2. The demoted are those with the lowest score (grade
rule sets: fewest XS), then the highest quota_priority, then the greatest id.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from danhgia.engine.codes import FLAG_BIT, Level, Status
from danhgia.engine.compile import CompiledRuleset
from danhgia.engine.facts import Bools, Facts, Index, Ints, Small


@dataclass(frozen=True)
class QuotaTable:
    """Per group (index = group number): candidates C, L2 count B, allowance, and the ratio used."""

    level1: Ints
    level2: Ints
    allowance: Ints
    exception: Bools

    @staticmethod
    def empty(groups: int) -> QuotaTable:
        zeros = np.zeros(groups, np.int64)
        return QuotaTable(zeros, zeros.copy(), zeros.copy(), np.zeros(groups, np.bool_))


def allowance(total: Ints, ratio: Fraction, rounding: str) -> tuple[Ints, Bools]:
    """floor (or half-up) of r·total/(1+r), and whether the exact value was fractional."""
    numerator = total * ratio.numerator
    denominator = ratio.numerator + ratio.denominator
    half_up = rounding == "half_up"
    rounded = (2 * numerator + denominator) // (2 * denominator) if half_up else numerator // denominator
    return rounded, (numerator % denominator) != 0


def allowed_level1(level1: int, level2: int, ratio: Fraction, rounding: str) -> int:
    """How many of `level1` candidates may keep level 1 beside `level2` others (one group, §3.5)."""
    return int(allowance(np.array([level1 + level2]), ratio, rounding)[0][0])


def settle(
    rules: CompiledRuleset,
    f: Facts,
    groups: Index,
    pre_status: Small,
    pre_level: Small,
    level: Small,
    demoted: Bools,
    flags: npt.NDArray[np.uint16],
    table: QuotaTable,
) -> Ints:
    """Settle `groups`: writes final levels, demotions and flags of their subjects; returns the subjects."""
    in_layer = np.zeros(len(f.group_names), np.bool_)
    in_layer[groups] = True
    members = np.flatnonzero(in_layer[f.group])
    group = f.group[members]
    classified = pre_status[members] == Status.CLASSIFIED
    first = classified & (pre_level[members] == Level.L1)
    second = classified & (pre_level[members] == Level.L2)
    size = len(f.group_names)
    c = np.bincount(group[first], minlength=size)[groups]
    b = np.bincount(group[second], minlength=size)[groups]
    exception = f.group_exception[groups] & (rules.quota_exception_ratio is not None)
    allowed, fractional = allowance(b + c, rules.quota_ratio, rules.quota_rounding)
    if rules.quota_exception_ratio is not None and exception.any():
        special, special_fraction = allowance(b + c, rules.quota_exception_ratio, rules.quota_rounding)
        allowed = np.where(exception, special, allowed)
        fractional = np.where(exception, special_fraction, fractional)
    table.level1[groups], table.level2[groups] = c, b
    table.allowance[groups], table.exception[groups] = allowed, exception
    level[members] = pre_level[members]
    over = np.zeros(size, np.bool_)
    over[groups] = c > allowed
    candidates = members[first & over[group]]
    if candidates.size:
        group_allowance = np.zeros(size, np.int64)
        group_allowance[groups] = allowed
        by_rounding = np.zeros(size, np.bool_)
        by_rounding[groups] = fractional & ("quota_rounding" in rules.unconfirmed_parameters)
        _demote(rules, f, candidates, group_allowance, by_rounding, level, demoted, flags)
    if "quota_exception_ratio" in rules.unconfirmed_parameters and exception.any():
        # Level 1 kept beyond the ordinary ratio rests on an exceptional ratio no source confirmed.
        ordinary, _ = allowance(b + c, rules.quota_ratio, rules.quota_rounding)
        beyond = np.zeros(size, np.bool_)
        beyond[groups] = exception & (c > ordinary)
        kept = members[first & beyond[group] & (level[members] == Level.L1)]
        flags[kept] |= FLAG_BIT["unconfirmed_rule"]
    return members


def _demote(
    rules: CompiledRuleset,
    f: Facts,
    candidates: Index,
    group_allowance: Ints,
    by_rounding: Bools,
    level: Small,
    demoted: Bools,
    flags: npt.NDArray[np.uint16],
) -> None:
    key = f.score[candidates] if rules.scoring == "score" else f.xs_count[candidates].astype(np.float64)
    priority = f.quota_priority[candidates]
    id_rank = np.empty(candidates.size, np.int64)
    id_rank[np.argsort(f.ids[candidates], kind="stable")] = np.arange(candidates.size)
    group = f.group[candidates]
    order = np.lexsort((id_rank, priority, -key, group))
    subjects, group, key, priority = candidates[order], group[order], key[order], priority[order]
    starts = np.flatnonzero(np.r_[True, group[1:] != group[:-1]])
    counts = np.diff(np.r_[starts, group.size])
    rank = np.arange(group.size) - np.repeat(starts, counts)
    keep = group_allowance[group]
    out = rank >= keep
    level[subjects[out]] = Level.L2
    demoted[subjects[out]] = True
    # Floor rounding changed the level of the first one demoted, where the exact allowance was fractional.
    flags[subjects[out & (rank == keep) & by_rounding[group]]] |= FLAG_BIT["unconfirmed_rule"]
    # A tie: the last kept and the first demoted differ only by id; flag every candidate with that key.
    boundary = starts + keep[starts]
    split = (keep[starts] > 0) & (boundary < starts + counts)
    last_kept, first_out = boundary[split] - 1, boundary[split]
    tied = first_out[(key[last_kept] == key[first_out]) & (priority[last_kept] == priority[first_out])]
    if tied.size:
        size = len(f.group_names)
        is_tied = np.zeros(size, np.bool_)
        tie_key = np.zeros(size, np.float64)
        tie_priority = np.zeros(size, np.int64)
        is_tied[group[tied]], tie_key[group[tied]], tie_priority[group[tied]] = True, key[tied], priority[tied]
        same = is_tied[group] & (key == tie_key[group]) & (priority == tie_priority[group])
        flags[subjects[same]] |= FLAG_BIT["quota_tie"]
