"""The batch path (columns → Facts) gives the same answer as the document path, and rejects bad columns."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synthetic import PERIOD, documents, generate
from danhgia.engine import ScenarioError, builtin_ruleset, classify_facts, classify_scenario
from danhgia.engine.batch import facts_from_columns
from danhgia.engine.explain import quota_rows, subject_result


@settings(max_examples=15, deadline=None)
@given(st.integers(40, 3000), st.integers(0, 10_000))
def test_batch_path_equals_the_document_path(size: int, seed: int) -> None:
    data = generate(size, seed)
    facts = data.facts()
    rules = builtin_ruleset("qd366-2025")
    outcome = classify_facts(rules, facts)
    batch = {str(facts.ids[i]): subject_result(rules, facts, outcome, i) for i in range(facts.size)}
    single: dict[str, Any] = {}
    quota = []
    for document in documents(data):
        result = classify_scenario(document)
        single.update((r["subject"], r) for r in result["results"])
        quota += result["quota"]
    assert batch == single
    assert sorted(quota_rows(facts, outcome), key=lambda q: q["group"]) == sorted(quota, key=lambda q: q["group"])


def columns(**subjects: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "period": PERIOD,
        "unit_parent": np.array([-1, -1]),
        "unit_kind": np.array([4, 2]),
        "unit_ids": ["A", "C"],
        "ids": np.array(["P1", "P2", "ORG"]),
        "category": np.array([2, 2, 4]),
        "unit": np.array([1, 1, 0]),
    }
    base.update(subjects)
    return base


def test_default_groups_are_named_by_unit_type_and_category() -> None:
    facts = facts_from_columns(**columns())
    assert facts.group.tolist() == [0, 0, 1]
    assert facts.group_names == ["C/individual/staff", "A/collective/organisation"]
    unnamed = facts_from_columns(**(columns() | {"unit_ids": None}))
    assert unnamed.group_names == ["1/individual/staff", "0/collective/organisation"]


def test_leads_and_head_of_give_each_leader_unit_pair_once() -> None:
    facts = facts_from_columns(
        **columns(subjects={"head_of": np.array([0, -1, -1])}, led=(np.array([0, 0, 1]), np.array([0, 1, 0])))
    )
    assert list(zip(facts.led_subject.tolist(), facts.led_unit.tolist(), strict=True)) == [(0, 0), (0, 1), (1, 0)]


BAD: list[tuple[dict[str, Any], str]] = [
    ({"subjects": {"score": np.array([50.0, 101.0, 80.0])}}, "subject 'P2' (row 1), score: score must be within 0–100"),
    (
        {"subjects": {"assigned": np.array([3, 3, 3]), "completed": np.array([3, 4, 3])}},
        "subject 'P2' (row 1), tasks: task counts must satisfy",
    ),
    ({"subjects": {"noted": np.array([-1, 0, 0])}}, "subject 'P1' (row 0), noted: must be ≥ 0"),
    ({"subjects": {"noted": np.array([1, 0, 0]), "remedied": np.array([2, 0, 0])}}, "shortcomings: remedied"),
    ({"subjects": {"confidence_voters": np.array([1, 0, 0]), "confidence_low": np.array([2, 0, 0])}}, "confidence"),
    (
        {"subjects": {"sub_total": np.array([0, 0, 1]), "sub_disciplined": np.array([0, 0, 2])}},
        "subject 'ORG' (row 2), subordinates: disciplined must not exceed total",
    ),
    (
        {
            "subjects": {
                "sub_total": np.array([0, 0, 2]),
                "sub_disciplined": np.array([0, 0, 1]),
                "sub_self_detected": np.array([0, 0, 2]),
            }
        },
        "disciplined_self_detected must not exceed",
    ),
    (
        {"subjects": {"months_worked": np.array([12, 13, 12])}},
        "subject 'P2' (row 1), months_worked: must be within 0–12",
    ),
    ({"subjects": {"civil_service_level": np.array([5, 0, 0])}}, "civil_service_level: must be 0 or 1–4"),
    ({"subjects": {"head_of": np.array([-1, -1, 0])}}, "subject 'ORG' (row 2), head_of: head_of names no unit"),
    ({"subjects": {"colour": np.array([1, 2, 3])}}, "unknown column(s) ['colour']"),
    ({"subjects": {"score": np.array([1.0])}}, "score: column has 1 rows, expected 3"),
    ({"category": np.array([2, 2, 9])}, "subject 'ORG' (row 2), category: unknown category code"),
    ({"unit": np.array([1, 5, 0])}, "subject 'P2' (row 1), unit: unit does not exist"),
    ({"unit_kind": np.array([4, 7])}, "unit_kind: unknown unit kind code"),
    (
        {"category": np.array([2, 4, 4]), "unit": np.array([1, 0, 0])},
        "subject 'ORG' (row 2), category: the unit already has a subject of this collective category",
    ),
    ({"group": np.array([0, 0, 0]), "group_names": ["G"]}, "quota_group: the quota group mixes individuals"),
    ({"group": np.array([0, 0, 1]), "group_names": ["G"]}, "subject 'ORG' (row 2), group: group does not exist"),
    ({"led": (np.array([0]), np.array([4]))}, "leads: a led unit or its leader does not exist"),
    ({"discipline": {"subject": np.array([7])}}, "discipline column(s) ['form', 'effective'"),
    (
        {
            "discipline": {
                "subject": np.array([7]),
                "form": np.array([0]),
                "effective": np.array([20250101]),
                "violation": np.array([0]),
                "self_detected": np.array([False]),
                "public_service": np.array([True]),
                "has_counted": np.array([False]),
            }
        },
        "discipline.subject: discipline entry names no subject",
    ),
]


@pytest.mark.parametrize(("change", "message"), BAD, ids=[m[:40] for _, m in BAD])
def test_bad_columns_name_the_first_subject_and_field(change: dict[str, Any], message: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        facts_from_columns(**columns(**change))
    assert message in caught.value.line()
