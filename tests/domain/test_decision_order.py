"""Decision order (docs/regulations/party.md §8.2): which subjects of a batch are ready together, who blocks whom
and why. The services decide through this function (reviews.services.decision.decision_readiness); their tests
(danhgia/apps/reviews/tests/test_readiness.py) run it on the engine's edges."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from danhgia.domain.workflow import FINAL_STATES, Block, BlockCode, ReviewState, decision_order

S = ReviewState
# The organisation before its leadership collective; both before the head; the cell before its party committee.
EDGES = [("ORG", "BOARD"), ("ORG", "HEAD"), ("BOARD", "HEAD"), ("CELL", "COMMITTEE")]
STATES = {"ORG": S.VERIFIED, "BOARD": S.VERIFIED, "HEAD": S.VERIFIED, "CELL": S.VERIFIED, "COMMITTEE": S.VERIFIED}


def test_a_batch_with_its_dependencies_is_ready_together() -> None:
    order = decision_order({"ORG", "BOARD", "HEAD"}, STATES, EDGES)
    assert (order.ready, order.blocked) == (frozenset({"ORG", "BOARD", "HEAD"}), {})


def test_a_subject_waits_for_a_dependency_outside_the_batch_and_so_does_what_waits_for_it() -> None:
    order = decision_order({"BOARD", "HEAD"}, STATES, EDGES)
    assert order.ready == frozenset()
    assert order.blocked == {
        "BOARD": (Block("BOARD", "ORG", "dependency"),),
        "HEAD": (Block("HEAD", "ORG", "dependency"), Block("HEAD", "BOARD", "dependency")),
    }
    assert order.blocked["HEAD"][0].source == "124-QĐ/TW Art. 11; HD 21; docs/engine-contract.md §3.6"


def test_a_decided_published_or_contested_dependency_stands() -> None:
    for state in (S.DECIDED, S.PUBLISHED, S.COMPLAINED):
        order = decision_order({"COMMITTEE"}, STATES | {"CELL": state}, EDGES)
        assert (order.ready, order.blocked) == (frozenset({"COMMITTEE"}), {})


def test_set_aside_by_the_caller_then_held_by_a_check_on_the_ready_set() -> None:
    seen: list[frozenset[str]] = []

    def hold(ready: frozenset[str]) -> dict[str, BlockCode]:
        seen.append(ready)
        return {"ORG": "quota"}

    order = decision_order(
        {"ORG", "BOARD", "HEAD", "CELL"}, STATES, EDGES, aside={"CELL": "civil_service_result"}, hold=hold
    )
    assert seen == [frozenset({"ORG", "BOARD", "HEAD"})]
    assert order.ready == frozenset()
    assert order.blocked == {
        "ORG": (Block("ORG", None, "quota"),),
        "BOARD": (Block("BOARD", "ORG", "dependency"),),
        "HEAD": (Block("HEAD", "ORG", "dependency"), Block("HEAD", "BOARD", "dependency")),
        "CELL": (Block("CELL", None, "civil_service_result"),),
    }


@given(
    st.dictionaries(st.integers(0, 9), st.sampled_from(list(S)), min_size=1),
    st.lists(st.tuples(st.integers(0, 9), st.integers(0, 9))),
    st.sets(st.integers(0, 9)),
)
def test_every_ready_subjects_dependencies_are_final_or_ready(
    states: dict[int, ReviewState], edges: list[tuple[int, int]], batch: set[int]
) -> None:
    order = decision_order(batch, states, edges)
    assert order.ready | set(order.blocked) == batch and not order.ready & set(order.blocked)
    for dependency, dependant in edges:
        if dependant in order.ready and dependency != dependant:
            assert states.get(dependency) in FINAL_STATES or dependency in order.ready
    assert all(found for found in order.blocked.values())
