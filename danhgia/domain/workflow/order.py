"""Decision order: which subjects the competent level may decide now, and what blocks the others.

docs/regulations/party.md §8.2 (124-QĐ/TW Art. 11, HD 21): government and mass organisations before the party
organisation; lower-level collectives before higher ones; leadership collectives before their members; heads
only after their unit; party members who are civil servants after their civil-service rating. The edges
themselves come from the caller (the engine knows them, docs/engine-contract.md §3.6); this module only reads
them, names the reason of each, and says who is ready.

A subject awaits a decision when its review is verified or re-verified; it is ready when every subject it
depends on has a final decision (decided, published or re-decided — a dependency under complaint is not
final, since its level may change), and blocked otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Final

from danhgia.domain.texts import DomainError, Text
from danhgia.domain.workflow.review import AWAITING_DECISION, FINAL_STATES
from danhgia.domain.workflow.states import ReviewState


class SubjectKind(StrEnum):
    """The engine's categories (docs/engine-contract.md §1), plus the state-side rating of a person."""

    ORGANISATION = "organisation"
    PARTY_ORGANISATION = "party_organisation"
    LEADERSHIP_COLLECTIVE = "leadership_collective"
    LEADER_CENTRAL = "leader_central"
    LEADER = "leader"
    STAFF = "staff"
    MEMBER_OUTSIDE = "member_outside"
    CIVIL_SERVANT = "civil_servant"  # the person's civil-service rating (Decree 90/2020, Decree 335/2025)


COLLECTIVE_KINDS: Final = frozenset(
    {SubjectKind.ORGANISATION, SubjectKind.PARTY_ORGANISATION, SubjectKind.LEADERSHIP_COLLECTIVE}
)


class BlockReason(StrEnum):
    CIVIL_SERVICE_BEFORE_PARTY_MEMBER = "civil_service_before_party_member"
    GOVERNMENT_BEFORE_PARTY = "government_before_party"
    ORGANISATION_BEFORE_LEADERSHIP_COLLECTIVE = "organisation_before_leadership_collective"
    UNIT_BEFORE_HEAD = "unit_before_head"
    COLLECTIVE_BEFORE_MEMBERS = "collective_before_members"
    LOWER_BEFORE_HIGHER = "lower_before_higher"
    DEPENDENCY = "dependency"


BLOCK_REASONS: Final[Mapping[BlockReason, tuple[str, Text]]] = {
    BlockReason.CIVIL_SERVICE_BEFORE_PARTY_MEMBER: (
        "124-QĐ/TW Art. 11; HD 21; Decree 335/2025 Art. 21, 23",
        Text(
            "Đảng viên là công chức được xếp loại sau khi có kết quả xếp loại công chức.",
            "A party member who is a civil servant is classified after the civil-service rating.",
        ),
    ),
    BlockReason.GOVERNMENT_BEFORE_PARTY: (
        "124-QĐ/TW Art. 11",
        Text(
            "Chính quyền, chuyên môn, đoàn thể được xếp loại trước tổ chức đảng.",
            "Government, professional and mass organisations are classified before the party organisation.",
        ),
    ),
    BlockReason.ORGANISATION_BEFORE_LEADERSHIP_COLLECTIVE: (
        "124-QĐ/TW Art. 11; HD 21 §II.B.3",
        Text(
            "Tập thể lãnh đạo, quản lý được xếp loại sau cơ quan, đơn vị của mình.",
            "A leadership collective is classified after its organisation.",
        ),
    ),
    BlockReason.UNIT_BEFORE_HEAD: (
        "124-QĐ/TW Art. 11; HD 21 §II.B.4",
        Text(
            "Người đứng đầu, người phụ trách được xếp loại sau địa phương, cơ quan, đơn vị mình phụ trách.",
            "A head or leader is classified after the unit in their charge.",
        ),
    ),
    BlockReason.COLLECTIVE_BEFORE_MEMBERS: (
        "124-QĐ/TW Art. 11",
        Text(
            "Tập thể lãnh đạo, quản lý được xếp loại trước cá nhân thành viên.",
            "A leadership collective is classified before its individual members.",
        ),
    ),
    BlockReason.LOWER_BEFORE_HIGHER: (
        "124-QĐ/TW Art. 11",
        Text("Cấp dưới được xếp loại trước cấp trên.", "Lower levels are classified before higher ones."),
    ),
    BlockReason.DEPENDENCY: (
        "docs/engine-contract.md §3.6",
        Text("Phụ thuộc vào kết quả xếp loại của đối tượng khác.", "Depends on another subject's result."),
    ),
}


@dataclass(frozen=True)
class OrderSubject:
    """One subject of the decision list: its review state and the ids of the subjects it depends on.

    `unit` is carried for the caller (grouping the decision list, messages); the reasons come from the kinds.
    """

    id: str
    kind: SubjectKind
    unit: str
    depends_on: tuple[str, ...]
    state: ReviewState


@dataclass(frozen=True)
class Blocker:
    subject: str
    reason: BlockReason
    state: ReviewState

    @property
    def source(self) -> str:
        return BLOCK_REASONS[self.reason][0]

    @property
    def text(self) -> Text:
        return BLOCK_REASONS[self.reason][1]


@dataclass(frozen=True)
class DecisionReadiness:
    """Subjects awaiting a decision, split into ready and blocked (in input order)."""

    ready: tuple[str, ...]
    blocked: Mapping[str, tuple[Blocker, ...]]


class OrderError(DomainError):
    """Bad dependency input: a duplicate id, an unknown or self dependency, or a cycle."""


def block_reason(dependant: SubjectKind, dependency: SubjectKind) -> BlockReason:
    """Why `dependant` waits for `dependency` (docs/regulations/party.md §8.2), from their kinds."""
    if dependency is SubjectKind.CIVIL_SERVANT and dependant not in COLLECTIVE_KINDS:
        return BlockReason.CIVIL_SERVICE_BEFORE_PARTY_MEMBER
    if dependency is SubjectKind.ORGANISATION:
        if dependant is SubjectKind.PARTY_ORGANISATION:
            return BlockReason.GOVERNMENT_BEFORE_PARTY
        if dependant is SubjectKind.LEADERSHIP_COLLECTIVE:
            return BlockReason.ORGANISATION_BEFORE_LEADERSHIP_COLLECTIVE
        if dependant not in COLLECTIVE_KINDS:
            return BlockReason.UNIT_BEFORE_HEAD
    if dependency is SubjectKind.LEADERSHIP_COLLECTIVE and dependant not in COLLECTIVE_KINDS:
        return BlockReason.COLLECTIVE_BEFORE_MEMBERS
    if dependant in COLLECTIVE_KINDS:
        return BlockReason.LOWER_BEFORE_HIGHER
    return BlockReason.DEPENDENCY


def decision_readiness(subjects: Sequence[OrderSubject]) -> DecisionReadiness:
    """Split the subjects awaiting a decision into ready and blocked, naming each blocker and its reason.

    Raises `OrderError` for a duplicate id, a dependency on an unknown id or on itself, or a cycle.
    """
    by_id = _index(subjects)
    _check_acyclic(subjects, by_id)
    ready: list[str] = []
    blocked: dict[str, tuple[Blocker, ...]] = {}
    for subject in subjects:
        if subject.state not in AWAITING_DECISION:
            continue
        blockers = tuple(
            Blocker(dep.id, block_reason(subject.kind, dep.kind), dep.state)
            for dep in (by_id[d] for d in dict.fromkeys(subject.depends_on))
            if dep.state not in FINAL_STATES
        )
        if blockers:
            blocked[subject.id] = blockers
        else:
            ready.append(subject.id)
    return DecisionReadiness(tuple(ready), blocked)


def _index(subjects: Sequence[OrderSubject]) -> dict[str, OrderSubject]:
    by_id: dict[str, OrderSubject] = {}
    for subject in subjects:
        if subject.id in by_id:
            raise OrderError(
                "duplicate_subject",
                Text(f"Đối tượng «{subject.id}» xuất hiện hai lần.", f"Subject '{subject.id}' appears twice."),
            )
        by_id[subject.id] = subject
    for subject in subjects:
        for dep in subject.depends_on:
            if dep == subject.id or dep not in by_id:
                problem = ("chính nó", "itself") if dep == subject.id else ("đối tượng không có", "an unknown subject")
                raise OrderError(
                    "bad_dependency",
                    Text(
                        f"Đối tượng «{subject.id}» phụ thuộc vào {problem[0]} «{dep}».",
                        f"Subject '{subject.id}' depends on {problem[1]} '{dep}'.",
                    ),
                )
    return by_id


def _check_acyclic(subjects: Sequence[OrderSubject], by_id: Mapping[str, OrderSubject]) -> None:
    """Iterative depth-first search; the first cycle found is named in the error."""
    done: set[str] = set()
    for root in subjects:
        if root.id in done:
            continue
        path: list[str] = [root.id]
        on_path = {root.id}
        stack = [iter(root.depends_on)]
        while stack:
            nxt = next(stack[-1], None)
            if nxt is None:
                stack.pop()
                finished = path.pop()
                on_path.discard(finished)
                done.add(finished)
                continue
            if nxt in on_path:
                cycle = [*path[path.index(nxt) :], nxt]
                chain = " → ".join(cycle)
                raise OrderError(
                    "dependency_cycle",
                    Text(f"Thứ tự xếp loại bị vòng lặp: {chain}.", f"The decision order has a cycle: {chain}."),
                )
            if nxt not in done:
                path.append(nxt)
                on_path.add(nxt)
                stack.append(iter(by_id[nxt].depends_on))
