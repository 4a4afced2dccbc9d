"""Rule kinds that read other subjects' final results (docs/engine-contract.md §3.4, §3.6).

Each kind declares its structural edges (dependency → dependant, whatever the statuses turn out to be)
and how it reduces the final results of its dependencies for the subjects of one layer. The order module
turns the edges into layers, so that every dependency is final before its dependants are evaluated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from danhgia.engine.catalogue import (
    PARAMETERS,
    Params,
    _flag,
    _fraction,
    above,
    at_least,
    collective_of_unit,
    organisation_of_unit,
)
from danhgia.engine.codes import CATEGORY_CODE, CELL_KINDS, COMMITTEE_KINDS, UNIT_KIND_CODE, Level, Status
from danhgia.engine.facts import Bools, Facts, Index, Small

Edges = tuple[Index, Index]  # (dependency, dependant)


@dataclass(frozen=True)
class Finals:
    """Final (after caps and quota) status and level of every subject settled so far."""

    status: Small
    level: Small


@dataclass(frozen=True)
class EdgeResults:
    """For the dependants of one layer: each dependency's status and level, by edge (final, or before the
    quota where the kind reads levels before the quota)."""

    dependant: Index  # position of the dependant within the layer
    classified: Any  # bool per edge
    level: Small  # per edge
    size: int  # subjects in the layer

    def count(self, which: Any) -> Any:
        return np.bincount(self.dependant[which], minlength=self.size)


Reducer = Callable[[EdgeResults, Params], Any]


@dataclass(frozen=True)
class LinkageKind:
    edges: Callable[[Facts, Params], Edges]
    reduce: Reducer  # level condition / disqualifier → bool per subject; cap → level per subject (0 = none)
    # Which edges read the dependency's level before the quota (pre(D) → pre(S) in §3.6); the others read it final.
    before_quota: Callable[[Facts, Edges], Bools] | None = None
    # Subjects whose result under this rule rests on a project default (flag `unconfirmed_rule` when tested).
    unconfirmed: Callable[[Facts, Params], Bools] | None = None


LINKAGES: dict[str, LinkageKind] = {}


def _link(
    name: str,
    edges: Callable[[Facts, Params], Edges],
    *,
    before_quota: Callable[[Facts, Edges], Bools] | None = None,
    unconfirmed: Callable[[Facts, Params], Bools] | None = None,
    **params: Callable[[Any], Any],
) -> Callable[[Reducer], Reducer]:
    def register(reduce: Reducer) -> Reducer:
        LINKAGES[name] = LinkageKind(edges, reduce, before_quota, unconfirmed)
        PARAMETERS[name] = params
        return reduce

    return register


def _on_collectives_of(f: Facts, subjects: Index, units: Index) -> Edges:
    """Edges from the `organisation` and `party_organisation` subjects of `units[i]` to `subjects[i]`."""
    deps, dependants = [], []
    for category in ("organisation", "party_organisation"):
        collective = collective_of_unit(f, category)[units]
        deps.append(collective[collective >= 0])
        dependants.append(subjects[collective >= 0])
    return np.concatenate(deps).astype(np.int32), np.concatenate(dependants).astype(np.int32)


def _heads(f: Facts, p: Params) -> Edges:
    heads = np.flatnonzero(f.head_of >= 0).astype(np.int32)
    return _on_collectives_of(f, heads, f.head_of[heads])


def _own_unit_collectives(f: Facts, p: Params) -> Edges:
    subjects = np.flatnonzero(f.category == CATEGORY_CODE["leadership_collective"]).astype(np.int32)
    return _on_collectives_of(f, subjects, f.unit[subjects])


def _led_organisations(f: Facts, p: Params) -> Edges:
    org = organisation_of_unit(f)[f.led_unit]
    return org[org >= 0], f.led_subject[org >= 0]


def _cell_members(f: Facts) -> tuple[Index, Index]:
    """Individuals whose unit is a cell, and that cell's `party_organisation` subject (-1 if none)."""
    is_cell = np.isin(f.unit_kind, [UNIT_KIND_CODE[k] for k in CELL_KINDS])
    members = np.flatnonzero(~f.is_collective).astype(np.int32)
    members = members[is_cell[f.unit[members]]]
    return members, collective_of_unit(f, "party_organisation")[f.unit[members]]


def _party_organisation_members(f: Facts, p: Params) -> Edges:
    """A cell's party organisation ← the cell's individuals (without a `head_of` when heads are left out);
    a committee's ← its child units' party organisations."""
    po = np.flatnonzero(f.category == CATEGORY_CODE["party_organisation"]).astype(np.int32)
    po_of_unit = collective_of_unit(f, "party_organisation")
    is_committee = np.isin(f.unit_kind, [UNIT_KIND_CODE[k] for k in COMMITTEE_KINDS])
    members, cell_po = _cell_members(f)
    counted = cell_po >= 0
    if p["exclude_heads"]:
        counted &= f.head_of[members] < 0
    children = po[f.unit_parent[f.unit[po]] >= 0]
    parent_unit = f.unit_parent[f.unit[children]]
    committee_po = np.where(is_committee[parent_unit], po_of_unit[parent_unit], -1)
    dep = np.concatenate([members[counted], children[committee_po >= 0]])
    dependant = np.concatenate([cell_po[counted], committee_po[committee_po >= 0]])
    return dep.astype(np.int32), dependant.astype(np.int32)


def _members_before_quota(f: Facts, edges: Edges) -> Bools:
    """A cell's condition reads its members' levels before the quota (the quota only turns L1 into L2)."""
    return ~f.is_collective[edges[0]]


def _cell_has_head(f: Facts, p: Params) -> Bools:
    """Party organisations of cells where an individual with a `head_of` was left out of the condition."""
    result = np.zeros(f.size, np.bool_)
    if p["exclude_heads"]:
        members, cell_po = _cell_members(f)
        left_out = (cell_po >= 0) & (f.head_of[members] >= 0)
        result[cell_po[left_out]] = True
    return result


@_link("head_capped_by_unit", _heads)
@_link("leadership_collective_capped_by_organisation", _own_unit_collectives)
def _capped_by_organisation(e: EdgeResults, p: Params) -> Any:
    """At most the lowest level among the classified collectives it depends on (0 = no cap)."""
    cap = np.zeros(e.size, np.int8)
    np.maximum.at(cap, e.dependant[e.classified], e.level[e.classified])
    return cap


@_link(
    "party_organisation_member_share",
    _party_organisation_members,
    before_quota=_members_before_quota,
    unconfirmed=_cell_has_head,
    share=_fraction,
    exclude_heads=_flag,
)
def _member_share(e: EdgeResults, p: Params) -> Any:
    """Every classified member is L3 or better, and at least `share` of them L2 or better (none: holds)."""
    classified = e.count(e.classified)
    failed = e.count(e.classified & (e.level == Level.L4))
    good = e.count(e.classified & (e.level <= Level.L2))
    return (classified == 0) | ((failed == 0) & at_least(good, classified, p["share"]))


@_link("led_organisation_failed", _led_organisations)
def _led_failed(e: EdgeResults, p: Params) -> Any:
    return e.count(e.classified & (e.level == Level.L4)) > 0


@_link("led_organisations_mostly_failed", _led_organisations, share=_fraction)
def _led_mostly_failed(e: EdgeResults, p: Params) -> Any:
    classified = e.count(e.classified)
    failed = e.count(e.classified & (e.level == Level.L4))
    return (classified > 0) & above(failed, classified, p["share"])


def edge_results(
    edges: Edges, before_quota: Bools, finals: Finals, pre: Finals, layer: Index, position: Index
) -> EdgeResults:
    """The edges whose dependant is in `layer` (`position` maps a subject to its place in the layer); an edge
    marked in `before_quota` reads the dependency's level before the quota, the others its final level."""
    dep, dependant = edges
    mine = position[dependant] >= 0
    early = before_quota[mine]
    dep = dep[mine]
    status = np.where(early, pre.status[dep], finals.status[dep])
    return EdgeResults(
        dependant=position[dependant[mine]],
        classified=status == Status.CLASSIFIED,
        level=np.where(early, pre.level[dep], finals.level[dep]).astype(np.int8),
        size=len(layer),
    )
