"""Properties of the engine over random scenarios (Hypothesis), including agreement with the naive oracle.

`bench/naive.py` is an independent, plain one-subject-at-a-time implementation written from docs/engine-contract.md
alone; the columnar engine must give the same status, level, quota table and decisive flags.
"""

from __future__ import annotations

import copy
import random
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from bench.naive import classify_naive
from danhgia.engine import ScenarioError, classify_scenario
from tests.engine.strategies import scenarios

COMPARED_FLAGS = ("missing_input", "band_condition_mismatch", "quota_tie")
PROPERTY_SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run(scenario: dict[str, Any]) -> dict[str, Any] | None:
    """The engine's result, or None when the scenario has a dependency cycle (checked against the oracle)."""
    try:
        return classify_scenario(scenario)
    except ScenarioError as error:
        assert "dependency cycle" in str(error), str(error)
        with pytest.raises(ValueError, match="cycle"):
            classify_naive(scenario)
        return None


def outcome(result: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
    return {
        r["subject"]: (r["status"], r["level"], tuple(f for f in r["flags"] if f in COMPARED_FLAGS))
        for r in result["results"]
    }


@PROPERTY_SETTINGS
@given(scenarios())
def test_engine_agrees_with_the_naive_oracle(scenario: dict[str, Any]) -> None:
    result = run(scenario)
    assume(result is not None)
    assert result is not None
    expected = classify_naive(scenario)
    assert outcome(result) == outcome(expected)
    assert result["quota"] == expected["quota"]


@PROPERTY_SETTINGS
@given(scenarios(), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_input_order(scenario: dict[str, Any], rnd: random.Random) -> None:
    result = run(scenario)
    assume(result is not None)
    assert result is not None
    shuffled = copy.deepcopy(scenario)
    rnd.shuffle(shuffled["subjects"])
    rnd.shuffle(shuffled["units"])
    again = classify_scenario(shuffled)
    by_subject = {r["subject"]: r for r in result["results"]}
    assert {r["subject"]: r for r in again["results"]} == by_subject
    assert sorted(again["quota"], key=lambda q: q["group"]) == sorted(result["quota"], key=lambda q: q["group"])


@PROPERTY_SETTINGS
@given(scenarios())
def test_quota_is_never_exceeded(scenario: dict[str, Any]) -> None:
    result = run(scenario)
    assume(result is not None)
    assert result is not None
    for row in result["quota"]:
        ratio = Fraction(1, 4) if row["exception"] else Fraction(1, 5)
        assert row["level1_after"] <= ratio * row["level2_after"] or row["level1_after"] == 0
        assert row["level1_after"] + row["level2_after"] == row["level1_before"] + row["level2_before"]
    groups: dict[str, list[str]] = {}
    levels = {r["subject"]: r["level"] for r in result["results"]}
    for subject in scenario["subjects"]:
        default = f"{subject['unit']}/{subject['type']}/{subject['category']}"
        groups.setdefault(subject.get("quota_group") or default, []).append(levels[subject["id"]])
    for row in result["quota"]:
        members = groups[row["group"]]
        assert members.count("L1") == row["level1_after"]
        assert members.count("L2") == row["level2_after"]


@PROPERTY_SETTINGS
@given(scenarios())
def test_every_subject_below_level1_has_a_sourced_reason(scenario: dict[str, Any]) -> None:
    result = run(scenario)
    assume(result is not None)
    assert result is not None
    for r in result["results"]:
        if r["status"] != "classified" or r["level"] != "L1":
            assert r["reasons"], r
            assert all(reason["source"] and reason["detail"] and reason["code"] for reason in r["reasons"])


def improve(subject: dict[str, Any], how: str, rnd: random.Random) -> bool:
    """Improve one fact of `subject` in place; False if that improvement does not apply."""
    if how == "score" and subject.get("score") is not None and subject["score"] < 100:
        subject["score"] = min(100, subject["score"] + rnd.choice((1, 5, 10, 25)))
        return True
    tasks = subject.get("tasks")
    if how == "exceeded" and tasks and tasks["exceeded"] < tasks["completed"]:
        tasks["exceeded"] += 1
        return True
    entries = subject.get("discipline") or []
    if how == "discipline" and entries:
        lonely = [e for e in entries if sum(x["violation"] == e["violation"] for x in entries) == 1]
        if lonely:
            entries.remove(rnd.choice(lonely))
            return True
    return False


@PROPERTY_SETTINGS
@given(scenarios(), st.sampled_from(("score", "exceeded", "discipline")), st.randoms(use_true_random=False))
def test_improving_a_fact_never_lowers_the_level(scenario: dict[str, Any], how: str, rnd: random.Random) -> None:
    result = run(scenario)
    assume(result is not None)
    assert result is not None
    better = copy.deepcopy(scenario)
    index = rnd.randrange(len(better["subjects"]))
    assume(improve(better["subjects"][index], how, rnd))
    sid = better["subjects"][index]["id"]
    before = next(r for r in result["results"] if r["subject"] == sid)
    after = next(r for r in classify_scenario(better)["results"] if r["subject"] == sid)
    if before["status"] == "classified" and after["status"] == "classified":
        assert after["level"] <= before["level"], (before, after)
    if before["status"] == "classified" and after["status"] != "classified":
        # Only a lifted disqualifier can leave a subject whose other input is missing for a person to decide.
        assert (before["level"], after["status"]) == ("L4", "needs_decision"), (before, after)
    assert after["status"] in ("classified", "needs_decision") or after["status"] == before["status"]
