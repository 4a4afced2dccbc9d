"""Rendering every subject at once (each distinct text once) gives each subject's own rendering."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.synthetic import generate
from danhgia.engine import builtin_ruleset, classify_facts
from danhgia.engine.explain import _KEYS, _VALUES, render, subject_result, subject_results


def test_every_value_a_text_may_name_says_what_it_is_computed_from() -> None:
    assert set(_KEYS) == set(_VALUES)


@settings(max_examples=12, deadline=None)
@given(
    size=st.integers(0, 1500),
    seed=st.integers(0, 10_000),
    ruleset=st.sampled_from(["qd366-2025", "nd335-2025", "qd124-2023"]),
    lang=st.sampled_from(["vi", "en"]),
)
def test_all_subjects_rendered_at_once_equal_each_rendered_alone(size: int, seed: int, ruleset: str, lang: str) -> None:
    facts = generate(size, seed).facts()
    rules = builtin_ruleset(ruleset)
    outcome = classify_facts(rules, facts)
    expected = [subject_result(rules, facts, outcome, i, lang) for i in range(facts.size)]
    assert subject_results(rules, facts, outcome, lang) == expected
    assert render(rules, facts, outcome, lang)["results"] == expected


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_subjects_sharing_a_text_get_their_own_reason_objects(lang: str) -> None:
    facts = generate(400, 3).facts()
    rules = builtin_ruleset("qd366-2025")
    results = subject_results(rules, facts, classify_facts(rules, facts), lang)
    reasons = [reason for result in results for reason in result["reasons"]]
    flags = [result["flags"] for result in results]
    assert len(reasons) > len({reason["detail"] for reason in reasons})  # texts are shared …
    assert len({id(reason) for reason in reasons}) == len(reasons)  # … the objects are not (callers edit them)
    assert len({id(f) for f in flags}) == len(flags)
