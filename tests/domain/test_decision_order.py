"""Decision order (docs/regulations/party.md §8.2): who is ready, who blocks whom and why, and bad input."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from danhgia.domain.workflow import (
    AWAITING_DECISION,
    FINAL_STATES,
    Blocker,
    BlockReason,
    OrderError,
    OrderSubject,
    ReviewState,
    SubjectKind,
    block_reason,
    decision_readiness,
)

K, S, B = SubjectKind, ReviewState, BlockReason


def subject(sid: str, kind: SubjectKind, state: ReviewState, *deps: str, unit: str = "U1") -> OrderSubject:
    return OrderSubject(id=sid, kind=kind, unit=unit, depends_on=deps, state=state)


def test_head_and_leadership_collective_wait_for_their_organisation() -> None:
    result = decision_readiness(
        [
            subject("ORG", K.ORGANISATION, S.VERIFIED),
            subject("BOARD", K.LEADERSHIP_COLLECTIVE, S.VERIFIED, "ORG"),
            subject("HEAD", K.LEADER, S.VERIFIED, "ORG", "BOARD"),
            subject("STAFF", K.STAFF, S.SUBMITTED),
        ]
    )
    assert result.ready == ("ORG",)
    assert result.blocked == {
        "BOARD": (Blocker("ORG", B.ORGANISATION_BEFORE_LEADERSHIP_COLLECTIVE, S.VERIFIED),),
        "HEAD": (
            Blocker("ORG", B.UNIT_BEFORE_HEAD, S.VERIFIED),
            Blocker("BOARD", B.COLLECTIVE_BEFORE_MEMBERS, S.VERIFIED),
        ),
    }


def test_once_the_organisation_is_decided_its_leadership_collective_is_ready() -> None:
    result = decision_readiness(
        [
            subject("ORG", K.ORGANISATION, S.DECIDED),
            subject("BOARD", K.LEADERSHIP_COLLECTIVE, S.VERIFIED, "ORG"),
            subject("HEAD", K.LEADER, S.VERIFIED, "ORG", "BOARD"),
        ]
    )
    assert result.ready == ("BOARD",)
    assert result.blocked == {"HEAD": (Blocker("BOARD", B.COLLECTIVE_BEFORE_MEMBERS, S.VERIFIED),)}


def test_party_member_waits_for_the_civil_service_rating() -> None:
    result = decision_readiness(
        [
            subject("P1-STATE", K.CIVIL_SERVANT, S.COMMENTED, unit="AGENCY"),
            subject("P1", K.STAFF, S.VERIFIED, "P1-STATE", unit="CELL"),
            subject("P2-STATE", K.CIVIL_SERVANT, S.PUBLISHED, unit="AGENCY"),
            subject("P2", K.STAFF, S.VERIFIED, "P2-STATE", unit="CELL"),
        ]
    )
    assert result.ready == ("P2",)
    assert result.blocked == {"P1": (Blocker("P1-STATE", B.CIVIL_SERVICE_BEFORE_PARTY_MEMBER, S.COMMENTED),)}
    blocker = result.blocked["P1"][0]
    assert blocker.source == "124-QĐ/TW Art. 11; HD 21; Decree 335/2025 Art. 21, 23"
    assert blocker.text.vi == "Đảng viên là công chức được xếp loại sau khi có kết quả xếp loại công chức."


def test_a_dependency_under_complaint_is_not_final() -> None:
    result = decision_readiness(
        [
            subject("CELL-A", K.PARTY_ORGANISATION, S.COMPLAINED),
            subject("CELL-B", K.PARTY_ORGANISATION, S.REDECIDED),
            subject("COMMITTEE", K.PARTY_ORGANISATION, S.REVERIFIED, "CELL-A", "CELL-B"),
        ]
    )
    assert result.ready == ()
    assert result.blocked == {"COMMITTEE": (Blocker("CELL-A", B.LOWER_BEFORE_HIGHER, S.COMPLAINED),)}


def test_subjects_not_awaiting_a_decision_are_neither_ready_nor_blocked() -> None:
    states = [S.NOT_STARTED, S.DRAFT, S.SUBMITTED, S.COMMENTED, S.RETURNED, S.DECIDED, S.PUBLISHED, S.COMPLAINED]
    result = decision_readiness([subject(f"P{i}", K.STAFF, state) for i, state in enumerate(states)])
    assert (result.ready, result.blocked) == ((), {})


def test_a_repeated_dependency_is_reported_once() -> None:
    result = decision_readiness(
        [subject("ORG", K.ORGANISATION, S.SUBMITTED), subject("HEAD", K.LEADER, S.VERIFIED, "ORG", "ORG")]
    )
    assert result.blocked == {"HEAD": (Blocker("ORG", B.UNIT_BEFORE_HEAD, S.SUBMITTED),)}


@pytest.mark.parametrize(
    ("dependant", "dependency", "reason"),
    [
        (K.STAFF, K.CIVIL_SERVANT, B.CIVIL_SERVICE_BEFORE_PARTY_MEMBER),
        (K.LEADER, K.CIVIL_SERVANT, B.CIVIL_SERVICE_BEFORE_PARTY_MEMBER),
        (K.PARTY_ORGANISATION, K.ORGANISATION, B.GOVERNMENT_BEFORE_PARTY),
        (K.LEADERSHIP_COLLECTIVE, K.ORGANISATION, B.ORGANISATION_BEFORE_LEADERSHIP_COLLECTIVE),
        (K.LEADER, K.ORGANISATION, B.UNIT_BEFORE_HEAD),
        (K.LEADER_CENTRAL, K.ORGANISATION, B.UNIT_BEFORE_HEAD),
        (K.CIVIL_SERVANT, K.ORGANISATION, B.UNIT_BEFORE_HEAD),
        (K.LEADER, K.LEADERSHIP_COLLECTIVE, B.COLLECTIVE_BEFORE_MEMBERS),
        (K.ORGANISATION, K.ORGANISATION, B.LOWER_BEFORE_HIGHER),
        (K.PARTY_ORGANISATION, K.PARTY_ORGANISATION, B.LOWER_BEFORE_HIGHER),
        (K.PARTY_ORGANISATION, K.STAFF, B.LOWER_BEFORE_HIGHER),
        (K.PARTY_ORGANISATION, K.CIVIL_SERVANT, B.LOWER_BEFORE_HIGHER),
        (K.STAFF, K.STAFF, B.DEPENDENCY),
        (K.MEMBER_OUTSIDE, K.PARTY_ORGANISATION, B.DEPENDENCY),
    ],
)
def test_block_reason(dependant: SubjectKind, dependency: SubjectKind, reason: BlockReason) -> None:
    assert block_reason(dependant, dependency) is reason


@pytest.mark.parametrize(
    ("subjects", "code", "en"),
    [
        (
            [subject("A", K.STAFF, S.VERIFIED), subject("A", K.STAFF, S.VERIFIED)],
            "duplicate_subject",
            "Subject 'A' appears twice.",
        ),
        ([subject("A", K.STAFF, S.VERIFIED, "X")], "bad_dependency", "Subject 'A' depends on an unknown subject 'X'."),
        ([subject("A", K.STAFF, S.VERIFIED, "A")], "bad_dependency", "Subject 'A' depends on itself 'A'."),
        (
            [
                subject("A", K.PARTY_ORGANISATION, S.VERIFIED, "B"),
                subject("B", K.PARTY_ORGANISATION, S.VERIFIED, "C"),
                subject("C", K.PARTY_ORGANISATION, S.DECIDED, "A"),
            ],
            "dependency_cycle",
            "The decision order has a cycle: A → B → C → A.",
        ),
    ],
)
def test_bad_dependency_input_is_refused(subjects: list[OrderSubject], code: str, en: str) -> None:
    with pytest.raises(OrderError) as caught:
        decision_readiness(subjects)
    assert (caught.value.code, caught.value.message.en) == (code, en)


@st.composite
def dags(draw: st.DrawFn) -> list[OrderSubject]:
    """Random acyclic dependency graphs: a subject depends only on subjects earlier in the list."""
    n = draw(st.integers(0, 25))
    result: list[OrderSubject] = []
    for i in range(n):
        deps = draw(st.lists(st.integers(0, i - 1), max_size=4)) if i else []
        result.append(
            subject(
                f"S{i}",
                draw(st.sampled_from(SubjectKind)),
                draw(st.sampled_from(ReviewState)),
                *(f"S{d}" for d in deps),
            )
        )
    return draw(st.permutations(result))


@given(dags())
def test_never_ready_before_every_dependency_is_decided(subjects: list[OrderSubject]) -> None:
    state = {s.id: s.state for s in subjects}
    result = decision_readiness(subjects)
    for sid in result.ready:
        deps = next(s.depends_on for s in subjects if s.id == sid)
        assert all(state[d] in FINAL_STATES for d in deps)
    for sid, blockers in result.blocked.items():
        deps = next(s.depends_on for s in subjects if s.id == sid)
        assert blockers and {b.subject for b in blockers} == {d for d in deps if state[d] not in FINAL_STATES}
        assert all(b.state == state[b.subject] for b in blockers)
    awaiting = [s.id for s in subjects if s.state in AWAITING_DECISION]
    assert sorted([*result.ready, *result.blocked]) == sorted(awaiting)
    assert list(result.ready) == [sid for sid in awaiting if sid in result.ready]


@given(dags(), st.data())
def test_deciding_in_readiness_order_reaches_every_subject(subjects: list[OrderSubject], data: st.DataObject) -> None:
    """Decide whatever is ready, repeatedly: every verified subject is eventually decided (no dead end)."""
    current = [
        OrderSubject(s.id, s.kind, s.unit, s.depends_on, S.VERIFIED if s.state not in FINAL_STATES else s.state)
        for s in subjects
    ]
    for _ in range(len(current) + 1):
        ready = set(decision_readiness(current).ready)
        if not ready:
            break
        pick = data.draw(st.sampled_from(sorted(ready)))
        current = [OrderSubject(s.id, s.kind, s.unit, s.depends_on, S.DECIDED) if s.id == pick else s for s in current]
    assert all(s.state in FINAL_STATES for s in current)
