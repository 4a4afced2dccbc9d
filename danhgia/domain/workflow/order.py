"""Decision order: which subjects of a batch the competent level may decide now, together, and what blocks the rest.

docs/regulations/party.md §8.2 (124-QĐ/TW Art. 11, HD 21): government and mass organisations before the party
organisation; lower-level collectives before higher ones; leadership collectives before their members; heads
only after their unit; party members who are civil servants after their civil-service rating. The edges come
from the caller (the engine computes them, docs/engine-contract.md §3.6); this module reads them.

A dependency counts when its subject has a final decision (`FINAL_STATES`: a result under complaint stands) or
is itself ready in the same batch: the ready set is the largest fixed point, found by setting aside what is
blocked and, in turn, whatever waits for it. Subjects may also be set aside for reasons the caller knows
(`aside`: a missing civil-service result) and, once the order is settled, held back by a check on the ready set
as a whole (`hold`: a quota group over its limit).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Final, Generic, Literal, TypeVar

from danhgia.domain.workflow.review import FINAL_STATES
from danhgia.domain.workflow.states import ReviewState

K = TypeVar("K", bound=Hashable)

BlockCode = Literal["dependency", "civil_service_result", "quota"]
BLOCK_SOURCES: Final[Mapping[BlockCode, str]] = {
    "dependency": "124-QĐ/TW Art. 11; HD 21; docs/engine-contract.md §3.6",
    "civil_service_result": "124-QĐ/TW Art. 11; HD 21; Decree 335/2025 Art. 21, 23",
    "quota": "124-QĐ/TW Art. 11; docs/regulations/party.md §7.1",
}


@dataclass(frozen=True)
class Block(Generic[K]):
    """One reason why `subject` cannot be decided with the batch: it waits for `waits_for` (a dependency), or
    for something without a subject (`waits_for` None: its civil-service result, its quota group)."""

    subject: K
    waits_for: K | None
    code: BlockCode

    @property
    def source(self) -> str:
        return BLOCK_SOURCES[self.code]


@dataclass(frozen=True)
class Order(Generic[K]):
    """The ready subjects of a batch, and for each other one why (dependencies first, in edge order)."""

    ready: frozenset[K]
    blocked: Mapping[K, tuple[Block[K], ...]]


def decision_order(
    batch: Iterable[K],
    states: Mapping[K, ReviewState],
    edges: Iterable[tuple[K, K]],
    *,
    aside: Mapping[K, BlockCode] | None = None,
    hold: Callable[[frozenset[K]], Mapping[K, BlockCode]] | None = None,
) -> Order[K]:
    """Split `batch` into ready and blocked. `edges` are (dependency, dependant) pairs; `states` gives the
    state of every subject an edge names (a subject missing from it is not final)."""
    members = set(batch)
    waits: dict[K, list[K]] = defaultdict(list)
    dependants: dict[K, list[K]] = defaultdict(list)
    for dependency, dependant in edges:
        undecided = dependant in members and dependency != dependant and states.get(dependency) not in FINAL_STATES
        if undecided and dependency not in waits[dependant]:
            waits[dependant].append(dependency)
            dependants[dependency].append(dependant)
    others = dict(aside or {})
    first = [s for s in members if s in others or any(d not in members for d in waits[s])]
    ready = _without(members, first, dependants)
    held = dict(hold(frozenset(ready))) if hold is not None else {}
    ready = _without(ready, [s for s in held if s in ready], dependants)
    blocked: dict[K, tuple[Block[K], ...]] = {}
    for subject in members - ready:
        found = [Block(subject, d, "dependency") for d in waits[subject] if d not in ready]
        found += [Block(subject, None, code) for code in (others.get(subject), held.get(subject)) if code]
        blocked[subject] = tuple(found)
    return Order(frozenset(ready), blocked)


def _without(ready: set[K], aside: list[K], dependants: Mapping[K, list[K]]) -> set[K]:
    """`ready` without `aside` and, in turn, whatever waits for something set aside."""
    ready = ready - set(aside)
    while aside:
        for subject in dependants.get(aside.pop(), ()):
            if subject in ready:
                ready.discard(subject)
                aside.append(subject)
    return ready
