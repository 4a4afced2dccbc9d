"""The worked examples of docs/regulations/worked-examples.md, and the linkage rules, as exact results."""

from __future__ import annotations

from typing import Any

import pytest

from danhgia.engine import classify_scenario

YEAR = {"qd132-2018": 2021, "qd124-2023": 2024, "qd366-2025": 2025, "nd335-2025": 2026}
UNITS = [
    {"id": "D1", "parent": None, "kind": "grassroots_committee", "name": "Đảng bộ Sở"},
    {"id": "C1", "parent": "D1", "kind": "cell", "name": "Chi bộ Văn phòng"},
    {"id": "U1", "parent": None, "kind": "agency", "name": "Sở Nội vụ"},
    {"id": "U2", "parent": "U1", "kind": "agency", "name": "Phòng Tổ chức"},
]


def classify(ruleset: str, *subjects: dict[str, Any], **extra: Any) -> dict[str, dict[str, Any]]:
    scenario = {
        "format": "danhgia-scenario/1",
        "ruleset": ruleset,
        "period": {"kind": "year", "year": YEAR[ruleset]},
        "units": UNITS,
        "subjects": list(subjects),
        **extra,
    }
    return {r["subject"]: r for r in classify_scenario(scenario)["results"]}


def person(sid: str = "P", category: str = "staff", unit: str = "C1", **facts: Any) -> dict[str, Any]:
    return {"id": sid, "type": "individual", "category": category, "unit": unit, **facts}


def org(sid: str = "ORG", unit: str = "U1", category: str = "organisation", **facts: Any) -> dict[str, Any]:
    return {"id": sid, "type": "collective", "category": category, "unit": unit, **facts}


def tasks(
    assigned: int, completed: int | None = None, on_time: int | None = None, exceeded: int = 0, **more: Any
) -> dict[str, Any]:
    completed = assigned if completed is None else completed
    return {
        "assigned": assigned,
        "completed": completed,
        "on_time": completed if on_time is None else on_time,
        "exceeded": exceeded,
        **more,
    }


def level(result: dict[str, Any]) -> tuple[str, str | None, list[str]]:
    return result["status"], result["level"], [r["code"] for r in result["reasons"]]


GOOD = {"politics": "T", "ethics": "T", "discipline": "TB", "style": "T", "tasks": "T"}


def test_we01_excellent_candidate_keeps_level1_with_five_good_peers() -> None:
    peers = [person(f"A{i}", score=80, tasks=tasks(10, exceeded=1), quota_group="G") for i in range(5)]
    got = classify(
        "qd366-2025",
        person(score=92, tasks=tasks(40, exceeded=14), shortcomings={"noted": 3, "remedied": 3}, quota_group="G"),
        *peers,
    )
    assert level(got["P"]) == ("classified", "L1", [])


def test_we01_a_lone_excellent_candidate_is_demoted_by_the_quota() -> None:
    got = classify("qd366-2025", person(score=92, tasks=tasks(40, exceeded=14)))
    assert level(got["P"]) == ("classified", "L2", ["quota_level1_over_20pct_of_level2"])


def test_we02_exceed_share_too_low_falls_to_level2_with_a_band_flag() -> None:
    got = classify("qd366-2025", person(score=92, tasks=tasks(40, exceeded=10)))["P"]
    assert level(got) == ("classified", "L2", ["level1_exceeded_share"])
    assert got["flags"] == ["band_condition_mismatch", "unconfirmed_rule"]


def test_we03_and_we04_collective_good_and_completion() -> None:
    assert level(classify("qd366-2025", org(score=84, tasks=tasks(25)))["ORG"])[:2] == ("classified", "L2")
    got = classify("qd366-2025", org(score=61, tasks=tasks(20, on_time=17)))["ORG"]
    assert level(got) == ("classified", "L3", ["level2_score", "level2_all_tasks_on_time"])


def test_we04_variant_too_many_late_tasks_needs_a_decision() -> None:
    got = classify("qd366-2025", org(score=61, tasks=tasks(20, on_time=15)))["ORG"]
    assert level(got) == ("needs_decision", None, ["level3_late_share"])
    assert got["flags"] == ["band_condition_mismatch"]
    assert got["reasons"][0]["detail"] == "Mức 3 cần số nhiệm vụ chậm tiến độ không quá 20 %; chậm 5/20."


def test_we05_low_score_is_level4() -> None:
    assert level(classify("qd366-2025", person(score=47))["P"]) == ("classified", "L4", ["score_below_50"])


def test_we06_collective_with_a_disciplined_subordinate_is_not_level1() -> None:
    got = classify(
        "qd366-2025", org(score=93, tasks=tasks(10, exceeded=4), subordinates={"total": 5, "disciplined": 1})
    )["ORG"]
    assert level(got) == ("classified", "L2", ["level1_no_disciplined_subordinate"])


def test_we07_leader_whose_unit_exceeded_too_little_is_level2() -> None:
    got = classify(
        "qd366-2025",
        org(score=88, tasks=tasks(10, exceeded=2)),
        person("L", "leader", score=91, tasks=tasks(20, exceeded=7), head_of="U1"),
    )
    assert level(got["L"]) == ("classified", "L2", ["level1_led_units_exceeded_share"])


def test_we08_disciplined_member_is_level4_unless_self_detected() -> None:
    reprimand = {"form": "reprimand", "system": "party", "effective": "2024-06-10", "violation": "V1"}
    got = classify(
        "qd124-2023",
        person("A", grades=GOOD, discipline=[reprimand]),
        person("B", grades=GOOD, discipline=[reprimand | {"self_detected_remedied": True}]),
    )
    assert level(got["A"]) == ("classified", "L4", ["disciplined_in_year"])
    assert level(got["B"])[:2] == ("classified", "L2")


def test_we09_quota_with_circularity_keeps_three_of_five() -> None:
    people = [person(f"G{i:02d}", "staff", "U1", score=80 + i % 5) for i in range(15)]
    people += [person(f"X{i}", "staff", "U1", score=90 + i) for i in range(1, 6)]
    result = classify_scenario(
        {
            "format": "danhgia-scenario/1",
            "ruleset": "nd335-2025",
            "period": {"kind": "year", "year": 2026},
            "units": UNITS,
            "subjects": people,
        }
    )
    assert result["quota"] == [
        {
            "group": "U1/individual/staff",
            "level1_before": 5,
            "level2_before": 15,
            "max_level1": 3,
            "level1_after": 3,
            "level2_after": 17,
            "exception": False,
        }
    ]
    kept = [r["subject"] for r in result["results"] if r["level"] == "L1"]
    assert kept == ["X3", "X4", "X5"]


def test_quota_exception_allows_a_quarter_of_level2() -> None:
    people = [person(f"G{i:02d}", "staff", "U1", score=80, quota_group="Q") for i in range(15)]
    people += [person(f"X{i}", "staff", "U1", score=95, quota_group="Q") for i in range(5)]
    result = classify_scenario(
        {
            "format": "danhgia-scenario/1",
            "ruleset": "qd366-2025",
            "quota_exceptions": ["Q"],
            "period": {"kind": "year", "year": 2025},
            "units": UNITS,
            "subjects": people,
        }
    )
    assert result["quota"][0] | {} == {
        "group": "Q",
        "level1_before": 5,
        "level2_before": 15,
        "max_level1": 4,
        "level1_after": 4,
        "level2_after": 16,
        "exception": True,
    }


def test_quota_priority_chooses_who_keeps_level1() -> None:
    peers = [person(f"A{i}", score=80, quota_group="G") for i in range(5)]
    got = classify(
        "nd335-2025",
        person("X", score=95, quota_group="G", quota_priority=1),
        person("Y", score=95, quota_group="G"),
        *peers,
    )
    assert (got["X"]["level"], got["Y"]["level"]) == ("L2", "L1")
    # 7/6 rounds down to 1: the floor (a project default) decided X's level.
    assert (got["X"]["flags"], got["Y"]["flags"]) == (["unconfirmed_rule"], [])
    tie = classify("nd335-2025", person("X", score=95, quota_group="G"), person("Y", score=95, quota_group="G"), *peers)
    assert (tie["X"]["level"], tie["Y"]["level"]) == ("L1", "L2")
    assert (tie["X"]["flags"], tie["Y"]["flags"]) == (["quota_tie"], ["quota_tie", "unconfirmed_rule"])


def test_we10_more_than_a_fifth_of_subordinates_disciplined_is_level4() -> None:
    grades = {"building": "T", "tasks": "T"}
    got = classify(
        "qd124-2023",
        org("A", grades=grades, subordinates={"total": 8, "disciplined": 2}),
        org("B", "U2", grades=grades, subordinates={"total": 8, "disciplined": 1}),
    )
    assert level(got["A"]) == ("classified", "L4", ["subordinates_disciplined_over_20pct"])
    # One disciplined subordinate (not self-detected) fails the L2 and L3 collective condition of §3.2.
    assert level(got["B"]) == ("needs_decision", None, ["level3_subordinate_discipline"])


def test_we11_low_completion_with_a_missed_key_target_unless_force_majeure() -> None:
    grades = {"building": "T", "tasks": "T"}
    got = classify(
        "qd124-2023",
        org("A", grades=grades, tasks=tasks(20, 9, key_missed=1)),
        org("B", "U2", grades=grades, tasks=tasks(20, 9, key_missed=1, force_majeure=True)),
    )
    assert level(got["A"]) == ("classified", "L4", ["low_completion"])
    assert level(got["B"])[:2] == ("classified", "L2")


@pytest.mark.parametrize(
    ("ruleset", "admitted", "status"),
    [
        ("qd132-2018", "2021-08-01", "not_classified"),
        ("qd132-2018", "2021-06-30", "classified"),
        ("qd366-2025", "2025-07-01", "exempt"),
        ("qd366-2025", "2025-06-30", "classified"),
    ],
)
def test_we12_members_admitted_less_than_six_months_before_year_end(ruleset: str, admitted: str, status: str) -> None:
    facts: dict[str, Any] = {"grades": GOOD, "score": 75, "tasks": tasks(4), "membership": {"admitted": admitted}}
    assert classify(ruleset, person(**facts))["P"]["status"] == status


def test_six_months_are_counted_to_the_end_of_a_quarter_with_the_day_clamped() -> None:
    scenario = {
        "format": "danhgia-scenario/1",
        "ruleset": "qd366-2025",
        "period": {"kind": "quarter", "year": 2025, "quarter": 2},
        "units": UNITS,
        "subjects": [
            person("A", score=75, membership={"admitted": "2024-12-31"}),
            person("B", score=75, membership={"admitted": "2025-01-01"}),
        ],
    }
    got = {r["subject"]: r["status"] for r in classify_scenario(scenario)["results"]}
    assert got == {"A": "classified", "B": "exempt"}


def test_we13_sick_leave_caps_at_level3_under_qd132() -> None:
    got = classify("qd132-2018", person(grades=GOOD, absence={"sick_months": 4}))["P"]
    assert level(got) == ("classified", "L3", ["level1_tasks_excellent", "level1_others_good", "sick_leave_cap"])


def test_decree_335_scores_the_time_worked_and_has_no_absence_cap() -> None:
    got = classify("nd335-2025", person(score=95, absence={"sick_months": 1, "other_months": 2}))["P"]
    assert level(got) == ("classified", "L2", ["quota_level1_over_20pct_of_level2"])  # a lone L1: the quota only
    got = classify("nd335-2025", person(score=95, absence={"months_worked": 5}))["P"]
    assert (got["status"], got["flags"], got["reasons"][0]["code"]) == (
        "not_classified",
        ["unconfirmed_rule"],
        "worked_less_than_6_months",
    )
    assert (
        classify("nd335-2025", person(score=75, absence={"months_worked": 5, "maternity": True}))["P"]["level"] == "L2"
    )


def test_we14_party_cell_needs_half_its_members_good() -> None:
    members = [person(f"M{i:02d}", grades=GOOD if i < 9 else GOOD | {"tasks": "TB"}) for i in range(20)]
    cell = org("CELL", "C1", "party_organisation", grades={"building": "T", "tasks": "T"})
    got = classify("qd132-2018", cell, *members)
    assert level(got["CELL"]) == ("classified", "L3", ["level2_party_organisation_members"])
    members[9]["grades"] = GOOD
    assert classify("qd132-2018", cell, *members)["CELL"]["level"] == "L2"


def test_qd132_committee_counts_its_child_party_organisations() -> None:
    cell = org("CELL", "C1", "party_organisation", grades={"building": "T", "tasks": "TB"})
    committee = org("COMM", "D1", "party_organisation", grades={"building": "T", "tasks": "T"})
    assert level(classify("qd132-2018", committee, cell)["COMM"])[:2] == ("classified", "L3")
    cell["grades"] = {"building": "T", "tasks": "T"}
    assert classify("qd132-2018", committee, cell)["COMM"]["level"] == "L2"


def test_we15_head_is_capped_by_the_unit_and_classified_after_it() -> None:
    got = classify(
        "qd132-2018",
        org(grades={"building": "T", "tasks": "T"}),
        person("H", "leader", grades={"politics": "T", "tasks": "XS"}, head_of="U1"),
    )
    assert level(got["H"]) == ("classified", "L2", ["head_capped_by_unit"])
    assert got["H"]["flags"] == []  # confirmed under 132 (HD 21)


def test_we16_a_violation_already_counted_is_not_counted_again() -> None:
    party = {"form": "reprimand", "system": "party", "effective": "2024-03-01", "violation": "V1"}
    counted = party | {"counted_in_year": 2023}
    got = classify(
        "qd124-2023",
        person("A", grades=GOOD, discipline=[counted]),
        person(
            "B",
            grades=GOOD,
            discipline=[
                party,
                {
                    "form": "reprimand",
                    "system": "administrative",
                    "effective": "2023-05-01",
                    "violation": "V1",
                    "counted_in_year": 2023,
                },
            ],
        ),
        person("C", grades=GOOD, discipline=[party | {"effective": "2023-12-31"}]),
    )
    assert [got[s]["level"] for s in "ABC"] == ["L2", "L2", "L2"]


def test_qd366_leader_linkage_disqualifiers() -> None:
    weak = org("W", "U2", score=80, tasks=tasks(10, 6))
    leader = person("L", "leader", score=95, tasks=tasks(4, exceeded=4), leads=["U2"])
    # The weak unit is itself L4, so the only led unit classified has failed: both clauses apply.
    assert level(classify("qd366-2025", weak, leader)["L"]) == (
        "classified",
        "L4",
        ["led_unit_weak", "led_units_mostly_failed"],
    )
    failed = [org("F1", "U1", score=40), org("F2", "U2", score=40)]
    got = classify("qd366-2025", *failed, person("L", "leader", score=95, head_of="U1", leads=["U2"]))
    assert "led_units_mostly_failed" in [r["code"] for r in got["L"]["reasons"]]
    vote = person("V", "leader_central", score=95, confidence={"voters": 10, "low": 6})
    assert level(classify("qd366-2025", vote)["V"]) == ("classified", "L4", ["low_confidence_vote"])
    half = person("V", "leader_central", score=95, confidence={"voters": 10, "low": 5})
    assert classify("qd366-2025", half)["V"]["level"] == "L2"


def test_qd366_leadership_collective_follows_its_organisation() -> None:
    got = classify(
        "qd366-2025",
        org(score=60, tasks=tasks(10)),
        org("LC", category="leadership_collective", score=95, tasks=tasks(10, exceeded=5)),
    )
    assert level(got["LC"]) == ("classified", "L3", ["leadership_collective_capped_by_organisation"])
    weak = classify(
        "qd366-2025",
        org(score=80, tasks=tasks(10, key_missed=1)),
        org("LC", category="leadership_collective", score=95),
    )
    assert level(weak["LC"]) == ("classified", "L4", ["unit_organisation_weak"])


def test_qd132_leader_of_a_failed_unit_is_level4() -> None:
    got = classify(
        "qd132-2018", org(grades={"building": "K", "tasks": "T"}), person("H", "leader", grades=GOOD, head_of="U1")
    )
    assert level(got["H"]) == ("classified", "L4", ["led_unit_failed"])


def test_qd132_party_member_needs_state_level1_for_level1() -> None:
    excellent = {"politics": "T", "tasks": "XS"}
    peers = [person(f"A{i}", grades=GOOD, quota_group="G") for i in range(5)]
    got = classify(
        "qd132-2018", person(grades=excellent, membership={}, civil_service_level="L2", quota_group="G"), *peers
    )
    assert level(got["P"]) == ("classified", "L2", ["level1_civil_service_excellent"])


def test_disqualifiers_apply_even_without_a_score_and_missing_input_needs_a_decision() -> None:
    assert level(classify("qd366-2025", person(conclusions={"degradation": True}))["P"]) == (
        "classified",
        "L4",
        ["degradation"],
    )
    got = classify("qd366-2025", person())["P"]
    assert (level(got), got["flags"]) == (("needs_decision", None, ["missing_input"]), ["missing_input"])


def test_member_discipline_of_a_leadership_collective() -> None:
    warning = {"form": "warning", "system": "party", "effective": "2021-05-01", "violation": "V"}
    lc = org("LC", "U2", "leadership_collective", grades={"building": "T", "tasks": "T"})
    got = classify(
        "qd132-2018",
        lc | {"member_discipline": [warning]},
        lc | {"id": "LC2", "unit": "U1", "member_discipline": [warning | {"form": "reprimand"}]},
    )
    assert level(got["LC"]) == ("classified", "L4", ["member_warned_or_heavier"])
    assert got["LC2"]["level"] == "L2"


def test_dependency_edges_name_who_waits_for_whom() -> None:
    from danhgia.engine import builtin_ruleset, dependency_edges, prepare

    scenario = {
        "format": "danhgia-scenario/1",
        "ruleset": "qd132-2018",
        "period": {"kind": "year", "year": 2021},
        "units": UNITS,
        "subjects": [
            org(grades=GOOD),
            person("H", "leader", grades=GOOD, head_of="U1"),
            org("CELL", "C1", "party_organisation", grades=GOOD),
            person("M", grades=GOOD),
        ],
    }
    _, _, facts = prepare(scenario)
    dep, dependant = dependency_edges(builtin_ruleset("qd132-2018"), facts)
    ids = facts.ids.tolist()
    # The head is left out of the cell's condition (a project default): it is decided after the cell.
    assert sorted((ids[d], ids[s]) for d, s in zip(dep, dependant, strict=True)) == [("M", "CELL"), ("ORG", "H")]
    nd335 = builtin_ruleset("nd335-2025")
    facts = prepare(scenario | {"ruleset": "nd335-2025", "period": {"kind": "year", "year": 2026}})[2]
    text = __import__("danhgia.engine.schema", fromlist=["builtin_text"]).builtin_text("nd335-2025")
    for kind in ("head_capped_by_unit", "leadership_collective_capped_by_organisation"):
        text = text.replace(f'kind = "{kind}"\n', f'kind = "{kind}"\nenabled = false\n')
    from danhgia.engine import compile_ruleset
    from danhgia.engine.schema import load_spec_text

    assert [len(x) for x in dependency_edges(compile_ruleset(*load_spec_text(text)), facts)] == [0, 0]
    assert [len(x) for x in dependency_edges(nd335, facts)] == [1, 1]


def test_a_reason_that_reads_other_subjects_gives_the_counts_behind_its_share() -> None:
    units = [{"id": f"L{i}", "parent": None, "kind": "agency"} for i in range(3)]
    scenario = {
        "format": "danhgia-scenario/1",
        "ruleset": "qd366-2025",
        "period": {"kind": "year", "year": 2025},
        "units": units,
        "subjects": [
            org("O0", "L0", score=40),
            org("O1", "L1", score=45),
            org("O2", "L2", score=80),
            person("BOSS", "leader", "L0", leads=["L0", "L1", "L2"], score=85),
        ],
    }
    boss = classify_scenario(scenario)["results"][3]
    assert (boss["level"], [r["code"] for r in boss["reasons"]]) == ("L4", ["led_units_mostly_failed"])
    assert boss["reasons"][0]["detail"] == (
        "Trên 50 % số cơ quan, đơn vị thuộc phạm vi phụ trách trực tiếp bị xếp loại không hoàn thành nhiệm vụ:"
        " 2/3 đơn vị đã xếp loại."
    )


def test_a_cell_condition_names_how_many_members_fell_short() -> None:
    members = [person(f"M{i}", grades=GOOD if i < 2 else GOOD | {"tasks": "TB"}) for i in range(5)]
    cell = org("CELL", "C1", "party_organisation", grades={"building": "T", "tasks": "T"})
    got = classify("qd132-2018", cell, *members)["CELL"]
    assert got["reasons"][0]["detail"].endswith("trong 5 đã xếp loại có 0 ở mức 4 và 2 đạt mức 2 trở lên.")
