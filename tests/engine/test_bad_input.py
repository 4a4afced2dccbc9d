"""Bad input is rejected with one line naming the subject (or unit) and field (docs/engine-contract.md §1)."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from danhgia.engine import ScenarioError, classify_scenario

BASE: dict[str, Any] = {
    "format": "danhgia-scenario/1",
    "ruleset": "qd366-2025",
    "period": {"kind": "year", "year": 2025},
    "units": [
        {"id": "U1", "parent": None, "kind": "agency", "name": "Sở Nội vụ"},
        {"id": "C1", "parent": None, "kind": "grassroots_cell"},
    ],
    "subjects": [
        {
            "id": "ORG",
            "type": "collective",
            "category": "organisation",
            "unit": "U1",
            "score": 88,
            "tasks": {"assigned": 4, "completed": 4, "on_time": 4, "exceeded": 1},
        },
        {
            "id": "P1",
            "type": "individual",
            "category": "leader",
            "unit": "C1",
            "head_of": "U1",
            "score": 93,
            "tasks": {"assigned": 10, "completed": 10, "on_time": 10, "exceeded": 4},
        },
    ],
}


def mutate(path: str, value: Any) -> dict[str, Any]:
    """A copy of BASE with the dotted `path` set to `value` (`...del` removes it)."""
    scenario = copy.deepcopy(BASE)
    parts = path.split(".")
    target: Any = scenario
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    last = parts[-1]
    if value == "...del":
        del target[last]
    elif last.isdigit():
        target[int(last)] = value
    else:
        target[last] = value
    return scenario


CASES = [
    ("format", "danhgia-scenario/2", "format: Input should be 'danhgia-scenario/1'"),
    ("ruleset", "qd999", "ruleset: unknown rule set 'qd999'"),
    ("period.kind", "term", "period.kind: Input should be 'year' or 'quarter'"),
    ("period.quarter", 4, "period.quarter: Input should be less than or equal to 3"),
    ("period", {"kind": "quarter", "year": 2025}, "period: a quarter period needs 'quarter' (1..3)"),
    ("period", {"kind": "year", "year": 2025, "quarter": 1}, "period: a year period takes no 'quarter'"),
    ("units.0.kind", "ministry", "unit 'U1' (units[0]), kind: Input should be"),
    ("units.0.parent", "NOPE", "unit 'U1', parent: parent 'NOPE' is not a unit"),
    ("units.1.id", "U1", "unit 'U1', id: duplicate unit id"),
    ("units.1.colour", "red", "unit 'C1' (units[1]), colour: unknown field"),
    ("subjects.1.grade", {"tasks": "T"}, "subject 'P1' (subjects[1]), grade: unknown field"),
    (
        "subjects.1.subordinates",
        {"total": 1, "disciplined": 0},
        "subject 'P1' (subjects[1]), subordinates: unknown field",
    ),
    ("subjects.0.head_of", "U1", "subject 'ORG' (subjects[0]), head_of: unknown field"),
    ("subjects.1.type", "robot", "subject 'P1' (subjects[1]): unknown type 'robot'"),
    ("subjects.1.type", "...del", "subject 'P1' (subjects[1]): required field 'type' is missing"),
    ("subjects.1.category", "organisation", "subject 'P1' (subjects[1]), category: Input should be"),
    ("subjects.1.unit", "X9", "subject 'P1', unit: unit 'X9' does not exist"),
    ("subjects.1.unit", "...del", "subject 'P1' (subjects[1]), unit: required field is missing"),
    ("subjects.1.head_of", "X9", "subject 'P1', head_of: unit 'X9' does not exist"),
    ("subjects.1.leads", ["U1", "X9"], "subject 'P1', leads.1: unit 'X9' does not exist"),
    ("subjects.1.id", "ORG", "subject 'ORG', id: duplicate subject id"),
    ("subjects.1.score", 100.5, "subject 'P1' (subjects[1]), score: Input should be less than or equal to 100"),
    ("subjects.1.score", -1, "subject 'P1' (subjects[1]), score: Input should be greater than or equal to 0"),
    ("subjects.1.score", "93", "subject 'P1' (subjects[1]), score: Input should be a valid number"),
    ("subjects.1.score", True, "subject 'P1' (subjects[1]), score: Input should be a valid number"),
    (
        "subjects.1.tasks.completed",
        11,
        "subject 'P1' (subjects[1]), tasks: task counts must satisfy on_time ≤ completed ≤ assigned",
    ),
    ("subjects.1.tasks.exceeded", 11, "tasks: task counts must satisfy"),
    ("subjects.1.tasks.exceeded", 1.0, "tasks.exceeded: Input should be a valid integer"),
    ("subjects.1.tasks.assigned", -1, "tasks.assigned: Input should be greater than or equal to 0"),
    ("subjects.1.tasks.on_time", "...del", "tasks.on_time: required field is missing"),
    ("subjects.1.shortcomings", {"noted": 1, "remedied": 2}, "shortcomings: remedied must not exceed noted"),
    ("subjects.1.confidence", {"voters": 3, "low": 4}, "confidence: low must not exceed voters"),
    ("subjects.0.subordinates", {"total": 2, "disciplined": 3}, "subordinates: disciplined must not exceed total"),
    (
        "subjects.0.subordinates",
        {"total": 2, "disciplined": 1, "disciplined_self_detected": 2},
        "subordinates: disciplined_self_detected must not exceed disciplined",
    ),
    ("subjects.1.absence", {"sick_months": 13}, "absence.sick_months: Input should be less than or equal to 12"),
    ("subjects.1.absence", {"months_worked": -1}, "absence.months_worked: Input should be greater than or equal to 0"),
    ("subjects.1.membership", {"admitted": "2025-13-01"}, "subject 'P1' (subjects[1]), membership.admitted"),
    ("subjects.1.membership", {"admitted": "01/02/2025"}, "membership.admitted: expected a date YYYY-MM-DD"),
    (
        "subjects.1.membership",
        {"exempt_from_activities": 1},
        "membership.exempt_from_activities: Input should be a valid boolean",
    ),
    ("subjects.1.discipline", [{"form": "scolding", "effective": "2025-01-01", "violation": "V"}], "discipline.0.form"),
    (
        "subjects.1.discipline",
        [{"form": "warning", "violation": "V"}],
        "discipline.0.effective: required field is missing",
    ),
    ("subjects.1.civil_service_level", "L5", "civil_service_level: Input should be"),
    ("subjects.1.grades", {"tasks": "A"}, "grades.tasks: Input should be 'XS', 'T', 'TB' or 'K'"),
    ("subjects.1.conclusions", {"bribery": True}, "conclusions.bribery: unknown field"),
    ("subjects.1.quota_priority", 0.5, "quota_priority: Input should be a valid integer"),
    ("subjects", "none", "subjects: Input should be a valid list"),
    # revision 2: bounded integers, ids without control characters, years 1–9999
    ("subjects.1.tasks.assigned", 10**19, "tasks.assigned: Input should be less than or equal to 1000000000"),
    ("subjects.1.quota_priority", -1_000_000_001, "quota_priority: Input should be greater than or equal to"),
    ("period.year", 0, "period.year: Input should be greater than or equal to 1"),
    ("period.year", 10000, "period.year: Input should be less than or equal to 9999"),
    (
        "subjects.1.id",
        "P1\u0000",
        "(subjects[1]), id: an id must not contain the control character U+0000",
    ),
    ("units.0.id", "U1\u0085", "id: an id must not contain the control character U+0085"),
    ("quota_exceptions", ["X"], "quota_exceptions: Input should be a valid list")
    if False
    else ("quota_exceptions", [1], "quota_exceptions.0: Input should be a valid string"),
]


@pytest.mark.parametrize(("path", "value", "message"), CASES, ids=[c[0] + ":" + str(c[1])[:20] for c in CASES])
def test_bad_input_names_the_element_and_field(path: str, value: Any, message: str) -> None:
    with pytest.raises(ScenarioError) as caught:
        classify_scenario(mutate(path, value))
    assert message in caught.value.line()
    assert "\n" not in caught.value.line()


def test_two_collectives_of_one_category_on_one_unit_are_rejected() -> None:
    scenario = copy.deepcopy(BASE)
    scenario["subjects"].append({"id": "ORG2", "type": "collective", "category": "organisation", "unit": "U1"})
    with pytest.raises(ScenarioError, match=r"subject 'ORG2', category: unit 'U1' already has a organisation"):
        classify_scenario(scenario)


def test_a_quota_group_shared_by_an_individual_and_a_collective_is_rejected() -> None:
    scenario = copy.deepcopy(BASE)
    scenario["subjects"][0]["quota_group"] = "G"
    scenario["subjects"][1]["quota_group"] = "G"
    with pytest.raises(
        ScenarioError, match=r"subject 'P1', quota_group: quota group 'G' mixes individuals and collectives"
    ):
        classify_scenario(scenario)


def test_an_explicit_group_equal_to_a_default_group_of_the_other_type_is_rejected() -> None:
    scenario = copy.deepcopy(BASE)
    scenario["subjects"][1]["quota_group"] = "U1/collective/organisation"
    with pytest.raises(ScenarioError, match="mixes individuals and collectives"):
        classify_scenario(scenario)


def test_a_cycle_in_the_unit_tree_is_rejected() -> None:
    scenario = mutate("units.0.parent", "C1")
    scenario["units"][1]["parent"] = "U1"
    with pytest.raises(ScenarioError, match=r"unit 'U1', parent: the unit tree has a cycle"):
        classify_scenario(scenario)


def test_a_dependency_cycle_through_a_quota_group_is_rejected() -> None:
    # The leadership collective waits for its organisation; both in one group: the group waits for both.
    scenario = copy.deepcopy(BASE)
    scenario["subjects"][0]["quota_group"] = "G"
    scenario["subjects"].append(
        {
            "id": "LC",
            "type": "collective",
            "category": "leadership_collective",
            "unit": "U1",
            "score": 91,
            "quota_group": "G",
        }
    )
    with pytest.raises(ScenarioError) as caught:
        classify_scenario(scenario)
    assert caught.value.line() == ("subject 'LC': dependency cycle: subject 'LC' → quota group 'G' → subject 'LC'")


@pytest.mark.parametrize("ruleset", ["qd132-2018", "qd124-2023"])
def test_quota_exceptions_are_bad_input_without_an_exceptional_ratio(ruleset: str) -> None:
    scenario = mutate("ruleset", ruleset)
    scenario["quota_exceptions"] = ["anything"]
    with pytest.raises(ScenarioError, match=rf"quota_exceptions: {ruleset} has no exceptional quota ratio"):
        classify_scenario(scenario)


def test_a_quota_exception_naming_no_group_is_ignored_under_qd366() -> None:
    scenario = mutate("quota_exceptions", ["no-such-group"])
    assert classify_scenario(scenario)["results"][0]["status"] == "classified"


@pytest.mark.parametrize("document", [[], "x", None, 3])
def test_a_document_that_is_not_an_object_is_rejected(document: Any) -> None:
    with pytest.raises(ScenarioError, match="the scenario must be a JSON object"):
        classify_scenario(document)


def test_the_largest_allowed_integers_and_exact_ids_are_accepted() -> None:
    scenario = mutate("subjects.1.quota_priority", -1_000_000_000)
    scenario["subjects"][1]["tasks"] = {"assigned": 10**9, "completed": 10**9, "on_time": 10**9, "exceeded": 0}
    scenario["subjects"].append(dict(scenario["subjects"][1], id="P1 ", head_of=None, category="staff"))
    ids = [r["subject"] for r in classify_scenario(scenario)["results"]]
    assert ids == ["ORG", "P1", "P1 "]  # "P1" and "P1 " are two ids
