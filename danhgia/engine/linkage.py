"""Rule kinds that read other subjects' final results (FORMAT.md §3.4, §3.6).

Each kind declares its structural edges (dependency → dependant, whatever the statuses turn out to be)
and how it reduces the final results of its dependencies for the subjects of one layer. The order module
turns the edges into layers, so that every dependency is final before its dependants are evaluated.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from danhgia.engine.catalogue import PARAMETERS, Params, _fraction, above, at_least, organisation_of_unit
from danhgia.engine.codes import CATEGORY_CODE, CELL_KINDS, COMMITTEE_KINDS, UNIT_KIND_CODE, Level, Status
from danhgia.engine.facts import Facts, Index, Small

Edges = tuple[Index, Index]  # (dependency, dependant)


@dataclass(frozen=True)
class Finals:
    """Final (after caps and quota) status and level of every subject settled so far."""

    status: Small
    level: Small


@dataclass(frozen=True)
class EdgeResults:
    """For the dependants of one layer: each dependency's final status and level, by edge."""

    dependant: Index  # position of the dependant within the layer
    classified: Any  # bool per edge
    level: Small  # per edge
    size: int  # subjects in the layer

    def count(self, which: Any) -> Any:
        return np.bincount(self.dependant[which], minlength=self.size)


Reducer = Callable[[EdgeResults, Params], Any]


@dataclass(frozen=True)
class LinkageKind:
    edges: Callable[[Facts], Edges]
    reduce: Reducer  # level condition / disqualifier → bool per subject; cap → level per subject (0 = none)


LINKAGES: dict[str, LinkageKind] = {}


def _link(name: str, edges: Callable[[Facts], Edges], **params: Callable[[Any], Any]) -> Callable[[Reducer], Reducer]:
    def register(reduce: Reducer) -> Reducer:
        LINKAGES[name] = LinkageKind(edges, reduce)
        PARAMETERS[name] = params
        return reduce

    return register


def _heads(f: Facts) -> Edges:
    heads = np.flatnonzero(f.head_of >= 0).astype(np.int32)
    org = organisation_of_unit(f)[f.head_of[heads]]
    return org[org >= 0], heads[org >= 0]


def _own_unit_organisation(f: Facts) -> Edges:
    subjects = np.flatnonzero(f.category == CATEGORY_CODE["leadership_collective"]).astype(np.int32)
    org = organisation_of_unit(f)[f.unit[subjects]]
    return org[org >= 0], subjects[org >= 0]


def _led_organisations(f: Facts) -> Edges:
    org = organisation_of_unit(f)[f.led_unit]
    return org[org >= 0], f.led_subject[org >= 0]


def _party_organisation_members(f: Facts) -> Edges:
    """A cell's party organisation ← the cell's individuals; a committee's ← its child units' ones."""
    po = np.flatnonzero(f.category == CATEGORY_CODE["party_organisation"]).astype(np.int32)
    po_of_unit = np.full(len(f.unit_kind), -1, np.int32)
    po_of_unit[f.unit[po]] = po
    kind = f.unit_kind
    is_cell = np.isin(kind, [UNIT_KIND_CODE[k] for k in CELL_KINDS])
    is_committee = np.isin(kind, [UNIT_KIND_CODE[k] for k in COMMITTEE_KINDS])
    members = np.flatnonzero(~f.is_collective).astype(np.int32)
    members = members[is_cell[f.unit[members]]]
    cell_po = po_of_unit[f.unit[members]]
    children = po[f.unit_parent[f.unit[po]] >= 0]
    parent_unit = f.unit_parent[f.unit[children]]
    committee_po = np.where(is_committee[parent_unit], po_of_unit[parent_unit], -1)
    dep = np.concatenate([members[cell_po >= 0], children[committee_po >= 0]])
    dependant = np.concatenate([cell_po[cell_po >= 0], committee_po[committee_po >= 0]])
    return dep.astype(np.int32), dependant.astype(np.int32)


@_link("head_capped_by_unit", _heads)
@_link("leadership_collective_capped_by_organisation", _own_unit_organisation)
def _capped_by_organisation(e: EdgeResults, p: Params) -> Any:
    cap = np.zeros(e.size, np.int8)
    cap[e.dependant[e.classified]] = e.level[e.classified]
    return cap


@_link("party_organisation_member_share", _party_organisation_members, share=_fraction)
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


def edge_results(edges: Edges, finals: Finals, layer: Index, position: Index) -> EdgeResults:
    """The edges whose dependant is in `layer` (`position` maps a subject to its place in the layer)."""
    dep, dependant = edges
    mine = position[dependant] >= 0
    dep = dep[mine]
    return EdgeResults(
        dependant=position[dependant[mine]],
        classified=finals.status[dep] == Status.CLASSIFIED,
        level=finals.level[dep],
        size=len(layer),
    )
