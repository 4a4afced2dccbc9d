"""Dependency order (docs/engine-contract.md §3.6): layers of subjects and quota groups, each settled before use.

The graph has a node pre(S) for each subject (its level before the quota) and settle(G) for each quota
group. Edges: pre(S) → settle(group of S), and settle(group of D) → pre(S) for every dependency D of S
(final(D) is settle(group of D)), or pre(D) → pre(S) where S reads D's level before the quota. Kahn's
algorithm runs vectorised, one round per layer; nodes left over lie on or behind a cycle, which is bad input.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from danhgia.engine.errors import ScenarioError
from danhgia.engine.facts import Index, Ints


@dataclass(frozen=True)
class Layer:
    subjects: Index  # pre nodes whose dependencies are all final
    groups: Index  # quota groups whose subjects all have pre-quota levels


def layers(
    group: Index,
    group_count: int,
    dependencies: list[tuple[Index, Index, Any]],
    names: Any,
    group_names: list[str],
) -> list[Layer]:
    """`dependencies`: (dependency, dependant, reads the level before the quota) per edge."""
    n = len(group)
    dep = np.concatenate([d for d, _, _ in dependencies]) if dependencies else np.zeros(0, np.int32)
    dependant = np.concatenate([s for _, s, _ in dependencies]) if dependencies else np.zeros(0, np.int32)
    early = np.concatenate([e for _, _, e in dependencies]) if dependencies else np.zeros(0, np.bool_)
    source = np.where(early, dep.astype(np.int64), n + group[dep].astype(np.int64))
    src = np.concatenate([np.arange(n, dtype=np.int64), source])
    dst = np.concatenate([n + group.astype(np.int64), dependant.astype(np.int64)])
    total = n + group_count
    by_src = np.argsort(src, kind="stable")
    targets = dst[by_src]
    starts = np.r_[0, np.cumsum(np.bincount(src, minlength=total))]
    indegree = np.bincount(dst, minlength=total)
    frontier = np.flatnonzero(indegree == 0)
    result: list[Layer] = []
    done = 0
    while frontier.size:
        done += frontier.size
        result.append(Layer(frontier[frontier < n].astype(np.int32), (frontier[frontier >= n] - n).astype(np.int32)))
        successors = targets[_ranges(starts[frontier], starts[frontier + 1])]
        nodes, counts = np.unique(successors, return_counts=True)
        indegree[nodes] -= counts
        frontier = nodes[indegree[nodes] == 0]
    if done < total:
        raise _cycle_error(src, dst, indegree, n, names, group_names)
    return result


def _ranges(begin: Ints, end: Ints) -> Ints:
    """Concatenation of arange(b, e) for each pair, without a Python loop."""
    lengths = end - begin
    offsets = np.repeat(begin - np.cumsum(lengths) + lengths, lengths)
    return offsets + np.arange(int(lengths.sum()))


def _cycle_error(src: Ints, dst: Ints, indegree: Ints, n: int, names: Any, group_names: list[str]) -> ScenarioError:
    """Walk back through unfinished nodes until one repeats: that loop is a cycle; name its subjects."""
    remaining = indegree > 0
    predecessor = {int(d): int(s) for s, d in zip(src, dst, strict=True) if remaining[s] and remaining[d]}
    node = int(np.flatnonzero(remaining)[0])
    seen: list[int] = []
    while node not in seen:
        seen.append(node)
        node = predecessor[node]
    loop = seen[seen.index(node) :][::-1]
    loop.append(loop[0])
    parts = [f"subject {str(names[v])!r}" if v < n else f"quota group {group_names[v - n]!r}" for v in loop]
    first = next((p for p in parts if p.startswith("subject")), parts[0])
    return ScenarioError("dependency cycle: " + " → ".join(parts), where=first)
