"""Tests for the naive reference implementation (bench/naive.py).

1. Every public example (tests/scenarios/public/, the contract's revision 2 examples included) must match (exit,
   statuses, levels, listed flags, warnings, quota fields); bad input raises ValueError.
2. Hand-written scenarios for the contract's subtle clauses (docs/engine-contract.md §3.1-§3.6).
"""

from __future__ import annotations

import copy
import datetime
import json
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bench.naive import add_months, classify_naive  # noqa: E402

PUBLIC = REPO / "tests" / "scenarios" / "public"


# --------------------------------------------------------------------------- public examples


def _cases(folder: Path, ok: bool) -> list[Path]:
    """The examples in `folder` whose expected exit is 0 (ok) or not (bad input)."""
    if not folder.is_dir():
        return []
    cases = []
    for path in sorted(folder.glob("*.json")):
        if path.name.endswith(".expected.json"):
            continue
        expected = json.loads(path.with_name(path.stem + ".expected.json").read_text())
        if (expected["exit"] == 0) == ok:
            cases.append(path)
    return cases


def _check_example(path: Path) -> None:
    """As the contract's examples are checked: exit, status and level, listed flags, warnings (as a set), quota rows."""
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text())
    scenario = json.loads(path.read_text())
    if expected["exit"] != 0:
        with pytest.raises(ValueError):
            classify_naive(scenario)
        return
    out = classify_naive(scenario)
    assert out["format"] == "danhgia-result/1"
    assert isinstance(out["warnings"], list)
    by = {r["subject"]: r for r in out["results"]}
    for sid, want in expected["results"].items():
        got = by[sid]
        assert (got["status"], got["level"]) == (want["status"], want["level"]), sid
        assert set(want.get("flags", [])) <= set(got["flags"]), (sid, got["flags"])
        if got["status"] == "classified" and got["level"] != "L1":
            assert got["reasons"] and all(r["source"] for r in got["reasons"]), sid
    if "warnings" in expected:
        assert {w["code"] for w in out["warnings"]} == set(expected["warnings"])
    quota = {q["group"]: q for q in out["quota"]}
    for group, want in expected.get("quota", {}).items():
        assert group in quota, group
        for key, value in want.items():
            assert quota[group][key] == value, (group, key)


def test_the_public_examples_are_in_the_repository() -> None:
    inputs = [p for p in PUBLIC.glob("*.json") if not p.name.endswith(".expected.json")]
    assert _cases(PUBLIC, ok=True) and _cases(PUBLIC, ok=False), f"public examples missing in {PUBLIC}"
    assert all(p.with_name(p.stem + ".expected.json").is_file() for p in inputs)


@pytest.mark.parametrize("path", _cases(PUBLIC, ok=True), ids=lambda p: p.stem)
def test_public_example(path: Path) -> None:
    _check_example(path)


@pytest.mark.parametrize("path", _cases(PUBLIC, ok=False), ids=lambda p: p.stem)
def test_public_bad_input_example(path: Path) -> None:
    _check_example(path)


# --------------------------------------------------------------------------- helpers


def scenario(
    ruleset: str, subjects: list[dict], units: list[dict] | None = None, period: dict | None = None, **extra: Any
) -> dict:
    year = {"qd132-2018": 2021, "qd124-2023": 2024, "qd366-2025": 2025, "nd335-2025": 2026}[ruleset]
    return {
        "format": "danhgia-scenario/1",
        "ruleset": ruleset,
        "period": period or {"kind": "year", "year": year},
        "units": units or [{"id": "C1", "parent": None, "kind": "grassroots_cell"}],
        "subjects": subjects,
        **extra,
    }


def person(sid: str, unit: str = "C1", category: str = "staff", **fields: Any) -> dict:
    return {"id": sid, "type": "individual", "category": category, "unit": unit, **fields}


def collective(sid: str, unit: str, category: str = "organisation", **fields: Any) -> dict:
    return {"id": sid, "type": "collective", "category": category, "unit": unit, **fields}


def tasks(assigned: int, completed: int, on_time: int, exceeded: int, **more: Any) -> dict:
    return {"assigned": assigned, "completed": completed, "on_time": on_time, "exceeded": exceeded, **more}


def run(sc: dict) -> dict[str, tuple[str, str | None]]:
    return {r["subject"]: (r["status"], r["level"]) for r in classify_naive(sc)["results"]}


def flags(sc: dict) -> dict[str, list[str]]:
    return {r["subject"]: r["flags"] for r in classify_naive(sc)["results"]}


GOOD_GRADES = {"politics": "T", "ethics": "T", "discipline": "T", "style": "T", "tasks": "T"}
TB_GRADES = {"politics": "TB", "ethics": "TB", "discipline": "TB", "style": "TB", "tasks": "TB"}
FULL = tasks(10, 10, 10, 5)


def entry(effective: str, violation: str = "V1", **more: Any) -> dict:
    return {"form": "reprimand", "system": "party", "effective": effective, "violation": violation, **more}


# --------------------------------------------------------------------------- discipline (§3.3)


def test_discipline_in_force_and_counted_in_year() -> None:
    sc = scenario(
        "qd124-2023",
        [
            person("IN", grades=GOOD_GRADES, discipline=[entry("2024-03-01")]),
            person("OLD", grades=GOOD_GRADES, discipline=[entry("2023-12-31")]),
            # counted_in_year on the entry itself, even the period's own year, means already used
            person("SAME_YEAR", grades=GOOD_GRADES, discipline=[entry("2024-03-01", counted_in_year=2024)]),
            # another entry for the same violation was already counted, so this one is not in force
            person(
                "OTHER",
                grades=GOOD_GRADES,
                discipline=[entry("2024-03-01", "V7"), entry("2023-05-01", "V7", counted_in_year=2023)],
            ),
            # a different violation was counted; V8 still counts
            person(
                "DIFF",
                grades=GOOD_GRADES,
                discipline=[entry("2024-03-01", "V8"), entry("2023-05-01", "V9", counted_in_year=2023)],
            ),
        ],
    )
    got = run(sc)
    assert got["IN"] == ("classified", "L4")
    assert got["OLD"] == ("classified", "L2")
    assert got["SAME_YEAR"] == ("classified", "L2")
    assert got["OTHER"] == ("classified", "L2")
    assert got["DIFF"] == ("classified", "L4")


def test_discipline_quarter_period_bounds() -> None:
    sc = scenario(
        "nd335-2025",
        [
            person("IN", "U1", score=80, discipline=[entry("2026-06-30")]),
            person("OUT", "U1", score=80, discipline=[entry("2026-07-01")]),
        ],
        units=[{"id": "U1", "parent": None, "kind": "agency"}],
        period={"kind": "quarter", "year": 2026, "quarter": 2},
    )
    got = run(sc)
    assert got["IN"] == ("classified", "L4")
    assert got["OUT"] == ("classified", "L2")


def test_self_detected_remedied_per_ruleset() -> None:
    sdr = [entry("2021-04-01", self_detected_remedied=True)]
    assert run(scenario("qd132-2018", [person("P", grades=GOOD_GRADES, discipline=sdr)]))["P"] == ("classified", "L4")
    sdr = [entry("2024-04-01", self_detected_remedied=True)]
    assert run(scenario("qd124-2023", [person("P", grades=GOOD_GRADES, discipline=sdr)]))["P"] == ("classified", "L2")
    sdr = [entry("2025-04-01", self_detected_remedied=True)]
    assert run(scenario("qd366-2025", [person("P", score=80, tasks=FULL, discipline=sdr)]))["P"] == ("classified", "L2")
    # nd335 ignores self-detection, but only public-service entries count
    units = [{"id": "U1", "parent": None, "kind": "agency"}]
    sdr = [entry("2026-04-01", self_detected_remedied=True)]
    private = [entry("2026-04-01", public_service=False)]
    got = run(
        scenario(
            "nd335-2025",
            [person("A", "U1", score=80, discipline=sdr), person("B", "U1", score=80, discipline=private)],
            units=units,
        )
    )
    assert got == {"A": ("classified", "L4"), "B": ("classified", "L2")}


def test_disqualifier_applies_with_missing_input() -> None:
    sc = scenario(
        "qd366-2025",
        [
            person("DQ", conclusions={"degradation": True}),
            person("MISSING"),
            person("K", score=95, tasks=FULL, grades={"tasks": "K"}),
        ],
    )
    got = run(sc)
    assert got["DQ"] == ("classified", "L4")
    assert got["MISSING"] == ("needs_decision", None)
    assert got["K"] == ("classified", "L4")
    assert "missing_input" in flags(sc)["MISSING"]


# --------------------------------------------------------------------------- qd366 leader linkage

QD366_UNITS = [
    {"id": "U1", "parent": None, "kind": "agency"},
    {"id": "U2", "parent": None, "kind": "agency"},
    {"id": "U3", "parent": None, "kind": "agency"},
    {"id": "C1", "parent": None, "kind": "grassroots_cell"},
]


def test_qd366_leader_weak_led_unit() -> None:
    weak = tasks(10, 6, 6, 0)
    sc = scenario(
        "qd366-2025",
        [
            collective("U1-ORG", "U1", score=60, tasks=weak),
            collective("U2-ORG", "U2", score=60, tasks=dict(weak, force_majeure=True)),
            person("L1", category="leader", leads=["U1"], score=80, tasks=FULL),
            person("L2", category="leader", leads=["U2"], score=80, tasks=FULL),
            # staff with `leads` is not a leader: no leader rules
            person("S1", category="staff", leads=["U1"], score=80, tasks=FULL),
        ],
        units=QD366_UNITS,
    )
    got = run(sc)
    assert got["U1-ORG"] == ("classified", "L4")  # weak itself
    assert got["U2-ORG"] == ("needs_decision", None)  # not weak (force majeure) but 60 % done: no level
    assert got["L1"] == ("classified", "L4")
    # led unit with force majeure is not weak, but it did not complete all tasks: leader meets no level
    assert got["L2"] == ("needs_decision", None)
    assert got["S1"] == ("classified", "L2")


def test_qd366_leader_majority_of_led_units_l4() -> None:
    def sc(levels: list[int]) -> dict:
        subjects = []
        for i, low in enumerate(levels, start=1):
            subjects.append(collective(f"U{i}-ORG", f"U{i}", score=40 if low else 80))
        subjects.append(
            person("L", category="leader", leads=[f"U{i}" for i in range(1, len(levels) + 1)], score=80, tasks=FULL)
        )
        return scenario("qd366-2025", subjects, units=QD366_UNITS)

    assert run(sc([1, 0]))["L"] == ("classified", "L2")  # exactly half: not more than half
    assert run(sc([1, 1, 0]))["L"] == ("classified", "L4")  # 2 of 3


def test_qd366_confidence_vote() -> None:
    sc = scenario(
        "qd366-2025",
        [
            person("HALF", category="leader", score=80, tasks=FULL, confidence={"voters": 10, "low": 5}),
            person("OVER", category="leader", score=80, tasks=FULL, confidence={"voters": 10, "low": 6}),
            person("ZERO", category="leader", score=80, tasks=FULL, confidence={"voters": 0, "low": 0}),
        ],
    )
    assert run(sc) == {"HALF": ("classified", "L2"), "OVER": ("classified", "L4"), "ZERO": ("classified", "L2")}


def test_qd366_leader_l1_needs_led_unit_exceeded() -> None:
    sc = scenario(
        "qd366-2025",
        [
            collective("U1-ORG", "U1", score=80, tasks=tasks(10, 10, 10, 2)),  # 20 % exceeded
            person("L", category="leader", leads=["U1", "U2"], score=95, tasks=FULL),  # U2 has no org: no block
        ],
        units=QD366_UNITS,
    )
    got = run(sc)
    assert got["L"] == ("classified", "L2")
    assert "band_condition_mismatch" in flags(sc)["L"]


# --------------------------------------------------------------------------- qd132 party organisations


def test_qd132_committee_party_organisation_over_child_pos() -> None:
    units: list[dict[str, Any]] = [
        {"id": "D1", "parent": None, "kind": "grassroots_committee"},
        {"id": "C1", "parent": "D1", "kind": "cell"},
        {"id": "C2", "parent": "D1", "kind": "cell"},
        {"id": "C3", "parent": "D1", "kind": "cell"},
    ]
    xs = {"building": "T", "tasks": "XS"}
    subjects = [
        collective("D1-PO", "D1", "party_organisation", grades=xs, quota_group="committees"),
        collective("C1-PO", "C1", "party_organisation", grades={"building": "T", "tasks": "T"}),
        collective("C2-PO", "C2", "party_organisation", grades={"building": "TB", "tasks": "TB"}),
        collective("C3-PO", "C3", "party_organisation", grades={"building": "TB", "tasks": "TB"}),
        # members of C1, all L2: C1-PO's own member condition holds
        person("M1", "C1", grades=GOOD_GRADES),
        person("M2", "C1", grades=GOOD_GRADES),
    ]
    got = run(scenario("qd132-2018", subjects, units=units))
    assert got["C1-PO"] == ("classified", "L2")
    assert got["C2-PO"] == ("classified", "L3")  # no members: condition holds, grades give L3
    # 1 of 3 child POs at L2 or better (< 50 %): neither L1 nor L2, grades give L3
    assert got["D1-PO"] == ("classified", "L3")
    # with C3 improved to L2, 2 of 3 good: L1 grades and member condition hold, but quota (alone) -> L2
    subjects[3] = collective("C3-PO", "C3", "party_organisation", grades={"building": "T", "tasks": "T"})
    out = classify_naive(scenario("qd132-2018", subjects, units=units))
    got = {r["subject"]: (r["status"], r["level"]) for r in out["results"]}
    assert got["D1-PO"] == ("classified", "L2")
    assert out["quota"] == [
        {
            "group": "committees",
            "level1_before": 1,
            "level2_before": 0,
            "max_level1": 0,
            "level1_after": 0,
            "level2_after": 1,
            "exception": False,
        }
    ]


def test_qd132_party_member_civil_service_and_sick_cap() -> None:
    xs = {"politics": "T", "ethics": "T", "tasks": "XS"}
    sc = scenario(
        "qd132-2018",
        [
            person("CS", grades=xs, membership={"admitted": "2000-01-01"}, civil_service_level="L2"),
            person("NONMEMBER", grades=xs, civil_service_level="L2", quota_group="g2"),
            person("SICK", grades=GOOD_GRADES, absence={"sick_months": 3}),
        ],
    )
    got = run(sc)
    assert got["CS"] == ("classified", "L2")
    assert got["NONMEMBER"] == ("classified", "L2")  # L1 by conditions, demoted by the quota (alone)
    assert got["SICK"] == ("classified", "L3")


# --------------------------------------------------------------------------- eligibility


def test_add_months_clamps_day() -> None:
    assert add_months(datetime.date(2025, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert add_months(datetime.date(2023, 8, 31), 6) == datetime.date(2024, 2, 29)
    assert add_months(datetime.date(2025, 6, 30), 6) == datetime.date(2025, 12, 30)


def test_admitted_six_month_boundary() -> None:
    members = [
        person("JUN30", score=80, tasks=FULL, membership={"admitted": "2025-06-30"}),
        person("JUL01", score=80, tasks=FULL, membership={"admitted": "2025-07-01"}),
    ]
    assert run(scenario("qd366-2025", members)) == {"JUN30": ("classified", "L2"), "JUL01": ("exempt", None)}
    g = [
        person("JUN30", grades=GOOD_GRADES, membership={"admitted": "2021-06-30"}),
        person("JUL01", grades=GOOD_GRADES, membership={"admitted": "2021-07-01"}),
    ]
    assert run(scenario("qd132-2018", g)) == {"JUN30": ("classified", "L2"), "JUL01": ("not_classified", None)}
    # clamp: 2025-03-31 + 6 months = 2025-09-30 = end of Q3, not after it
    q3 = {"kind": "quarter", "year": 2025, "quarter": 3}
    members = [
        person("MAR31", score=80, tasks=FULL, membership={"admitted": "2025-03-31"}),
        person("APR01", score=80, tasks=FULL, membership={"admitted": "2025-04-01"}),
    ]
    assert run(scenario("qd366-2025", members, period=q3)) == {"MAR31": ("classified", "L2"), "APR01": ("exempt", None)}


def test_eligibility_ends_pipeline() -> None:
    sc = scenario(
        "qd124-2023",
        [
            person("E", grades={"tasks": "K"}, membership={"suspended": True}),
            person("N", grades={"tasks": "K"}, membership={"admitted": "2024-12-01"}),
        ],
    )
    assert run(sc) == {"E": ("exempt", None), "N": ("exempt", None)}


def test_nd335_no_absence_cap_and_months_worked() -> None:
    """R2: nd335 has no absence cap (the score reflects the time worked); months_worked < 6 and not
    maternity -> not_classified, flagged as an unconfirmed default."""
    units = [{"id": "U1", "parent": None, "kind": "agency"}]
    sc = scenario(
        "nd335-2025",
        [
            person("ABS", "U1", score=80, absence={"sick_months": 2, "other_months": 1}),
            person("ABS2", "U1", score=80, absence={"sick_months": 2}),
            # a party member on long sick leave: the party rules' sick-leave cap is not nd335's
            person("SICK", "U1", score=80, absence={"sick_months": 12}, membership={"admitted": "2000-01-01"}),
            person("SHORT", "U1", score=80, absence={"months_worked": 5}),
            person("SHORT55", "U1", score=80, absence={"months_worked": 5.5}),
            person("SIX", "U1", score=80, absence={"months_worked": 6}),
            person("MAT", "U1", score=80, absence={"months_worked": 5, "maternity": True}),
            person("MAT0", "U1", score=80, absence={"months_worked": 0, "maternity": True}),
        ],
        units=units,
    )
    out = classify_naive(sc)
    assert run(sc) == {
        "ABS": ("classified", "L2"),
        "ABS2": ("classified", "L2"),
        "SICK": ("classified", "L2"),
        "SHORT": ("not_classified", None),
        "SHORT55": ("not_classified", None),
        "SIX": ("classified", "L2"),
        "MAT": ("classified", "L2"),
        "MAT0": ("classified", "L2"),
    }
    got = {r["subject"]: r for r in out["results"]}
    assert got["SHORT"]["flags"] == ["unconfirmed_rule"] and got["SHORT55"]["flags"] == ["unconfirmed_rule"]
    assert got["SHORT"]["reasons"] and got["SHORT"]["reasons"][0]["source"]
    for sid in ("ABS", "ABS2", "SICK", "SIX", "MAT", "MAT0"):
        assert got[sid]["flags"] == [], sid
        assert [r["code"] for r in got[sid]["reasons"]] == ["level1_conditions_not_met"], sid
    assert out["warnings"] == []


# --------------------------------------------------------------------------- band mismatch, caps


def test_band_mismatch_to_needs_decision() -> None:
    sc = scenario(
        "qd366-2025",
        [
            person("P80", score=80, tasks=tasks(10, 9, 9, 0)),
            person("P60", score=60, tasks=tasks(10, 10, 7, 0)),  # 30 % late: no level
            person("P65", score=65, tasks=tasks(10, 10, 8, 0)),  # 20 % late: L3, in its own band
        ],
    )
    assert run(sc) == {"P80": ("needs_decision", None), "P60": ("needs_decision", None), "P65": ("classified", "L3")}
    f = flags(sc)
    assert "band_condition_mismatch" in f["P80"] and "band_condition_mismatch" in f["P60"]
    assert "band_condition_mismatch" not in f["P65"]


def test_head_and_leadership_collective_caps_qd124() -> None:
    units = [{"id": "U1", "parent": None, "kind": "agency"}, {"id": "C1", "parent": None, "kind": "grassroots_cell"}]
    tb = {"building": "TB", "tasks": "TB"}
    sc = scenario(
        "qd124-2023",
        [
            collective("U1-ORG", "U1", grades=tb),
            collective("U1-LC", "U1", "leadership_collective", grades={"building": "T", "tasks": "T"}),
            person("H", category="leader", head_of="U1", grades=GOOD_GRADES),
        ],
        units=units,
    )
    assert run(sc) == {"U1-ORG": ("classified", "L3"), "U1-LC": ("classified", "L3"), "H": ("classified", "L3")}


# --------------------------------------------------------------------------- quota


def test_quota_tie_flag_and_order() -> None:
    l2 = [person(f"A{i}", score=80, tasks=FULL, quota_group="g") for i in range(9)]
    top = [person(i, score=95, tasks=FULL, quota_group="g") for i in ("X1", "X2", "X3")]
    sc = scenario("qd366-2025", top + l2)
    out = classify_naive(sc)
    got = {r["subject"]: r for r in out["results"]}
    # B + C = 12 -> k = 2, one demoted: equal score and priority, greatest id goes
    assert [got[i]["level"] for i in ("X1", "X2", "X3")] == ["L1", "L1", "L2"]
    assert all("quota_tie" in got[i]["flags"] for i in ("X1", "X2", "X3"))
    assert out["quota"][0] == {
        "group": "g",
        "level1_before": 3,
        "level2_before": 9,
        "max_level1": 2,
        "level1_after": 2,
        "level2_after": 10,
        "exception": False,
    }
    # a priority decides instead: no tie
    top[0]["quota_priority"] = 1
    got = {r["subject"]: r for r in classify_naive(scenario("qd366-2025", top + l2))["results"]}
    assert [got[i]["level"] for i in ("X1", "X2", "X3")] == ["L2", "L1", "L1"]
    assert not any("quota_tie" in got[i]["flags"] for i in ("X1", "X2", "X3"))


def test_quota_exception_ratio() -> None:
    subjects = [person(f"A{i}", score=80, tasks=FULL, quota_group="g") for i in range(8)]
    subjects += [
        person("X1", score=95, tasks=FULL, quota_group="g"),
        person("X2", score=96, tasks=FULL, quota_group="g"),
    ]
    normal = classify_naive(scenario("qd366-2025", subjects))
    assert normal["quota"][0]["max_level1"] == 1 and normal["quota"][0]["level1_after"] == 1
    exc = classify_naive(scenario("qd366-2025", subjects, quota_exceptions=["g", "nope"]))
    assert exc["quota"][0] == {
        "group": "g",
        "level1_before": 2,
        "level2_before": 8,
        "max_level1": 2,
        "level1_after": 2,
        "level2_after": 8,
        "exception": True,
    }
    with pytest.raises(ValueError):
        classify_naive(scenario("qd124-2023", [person("P", grades=GOOD_GRADES)], quota_exceptions=["x"]))


def test_dependency_cycle_through_quota_group() -> None:
    units = [{"id": "U1", "parent": None, "kind": "agency"}]
    sc = scenario(
        "qd366-2025",
        [
            collective("U1-ORG", "U1", score=80, quota_group="shared"),
            collective("U1-LC", "U1", "leadership_collective", score=80, quota_group="shared"),
        ],
        units=units,
    )
    with pytest.raises(ValueError, match=r"^cycle: "):
        classify_naive(sc)


# --------------------------------------------------------------------------- revision 2


def results(sc: dict) -> dict[str, dict[str, Any]]:
    return {r["subject"]: r for r in classify_naive(sc)["results"]}


def codes(result: dict[str, Any]) -> list[str]:
    return [r["code"] for r in result["reasons"]]


AGENCIES = [{"id": f"U{i}", "parent": None, "kind": "agency"} for i in range(1, 6)]
CELL = [{"id": "C1", "parent": None, "kind": "grassroots_cell"}]
MEMBER = {"admitted": "2000-01-01"}
XS_GRADES = {"politics": "T", "ethics": "T", "tasks": "XS"}


def test_r1_qd366_leader_l1_needs_led_unit_on_time() -> None:
    """R1: the led unit's organisation must be on time for L1 too (before, only for L2)."""
    peers = [person(f"P{i}", score=80, tasks=FULL, quota_group="gM") for i in range(5)]
    sc = scenario(
        "qd366-2025",
        [
            collective("U1-ORG", "U1", score=80, tasks=tasks(10, 10, 9, 5)),  # one task late (10 %)
            collective("U2-ORG", "U2", score=80, tasks=tasks(10, 10, 10, 5)),
            person("L", category="leader", leads=["U1"], score=95, tasks=FULL, quota_group="gL"),
            person("M", category="leader", leads=["U2"], score=95, tasks=FULL, quota_group="gM"),
            *peers,
        ],
        units=AGENCIES + CELL,
    )
    out = classify_naive(sc)
    got = {r["subject"]: r for r in out["results"]}
    # L: led unit not on time -> not L1, not L2; all tasks done with 10 % late -> L3, below its band
    assert (got["L"]["status"], got["L"]["level"]) == ("classified", "L3")
    assert codes(got["L"]) == ["level1_conditions_not_met", "level2_conditions_not_met"]
    assert "led unit U1 not all tasks on time" in got["L"]["reasons"][0]["detail"]
    assert got["L"]["flags"] == ["band_condition_mismatch", "unconfirmed_rule"]
    # M: led unit on time, exceeded 50 % -> L1, and it keeps L1 (1 L1 + 5 L2: floor(6 / 6) = 1)
    assert (got["M"]["status"], got["M"]["level"], got["M"]["flags"]) == ("classified", "L1", [])
    assert out["quota"] == [
        {
            "group": "gM",
            "level1_before": 1,
            "level2_before": 5,
            "max_level1": 1,
            "level1_after": 1,
            "level2_after": 5,
            "exception": False,
        }
    ]


def test_r3_sick_leave_cap_of_party_members() -> None:
    """R3: qd124/qd366 cap a party member with sick_months >= 3 at L3 (flagged); qd132 any individual (not
    flagged); the cap adds its reason only to a subject at L1 or L2 before the caps."""
    sc = scenario(
        "qd366-2025",
        [
            person("SICK", score=80, tasks=FULL, membership=MEMBER, absence={"sick_months": 3}),
            person("SICK_L1", score=95, tasks=FULL, membership=MEMBER, absence={"sick_months": 12}, quota_group="g1"),
            person("ALMOST", score=80, tasks=FULL, membership=MEMBER, absence={"sick_months": 2.9}),
            person("NOT_MEMBER", score=80, tasks=FULL, absence={"sick_months": 4}),
            person("ALREADY_L3", score=60, tasks=FULL, membership=MEMBER, absence={"sick_months": 3}),
            person(
                "L4",
                score=80,
                tasks=FULL,
                membership=MEMBER,
                absence={"sick_months": 3},
                conclusions={"prohibited_conduct": True},
            ),
        ],
    )
    out = classify_naive(sc)
    got = {r["subject"]: r for r in out["results"]}
    assert {sid: (r["status"], r["level"]) for sid, r in got.items()} == {
        "SICK": ("classified", "L3"),
        "SICK_L1": ("classified", "L3"),
        "ALMOST": ("classified", "L2"),
        "NOT_MEMBER": ("classified", "L2"),
        "ALREADY_L3": ("classified", "L3"),
        "L4": ("classified", "L4"),
    }
    assert codes(got["SICK"]) == ["level1_conditions_not_met", "sick_leave_cap"]
    assert got["SICK"]["flags"] == ["unconfirmed_rule"]
    assert codes(got["SICK_L1"]) == ["sick_leave_cap"] and got["SICK_L1"]["flags"] == ["unconfirmed_rule"]
    assert out["quota"] == []  # SICK_L1 is capped before the quota: no group has an L1
    for sid in ("ALMOST", "NOT_MEMBER", "ALREADY_L3", "L4"):
        assert "sick_leave_cap" not in codes(got[sid]) and got[sid]["flags"] == [], sid

    sc = scenario(
        "qd124-2023",
        [
            person("SICK", grades=GOOD_GRADES, membership=MEMBER, absence={"sick_months": 3}),
            person("NOT_MEMBER", grades=GOOD_GRADES, absence={"sick_months": 3}),
        ],
    )
    got = results(sc)
    assert (got["SICK"]["level"], got["NOT_MEMBER"]["level"]) == ("L3", "L2")
    assert "sick_leave_cap" in codes(got["SICK"]) and "unconfirmed_rule" in got["SICK"]["flags"]
    assert "sick_leave_cap" not in codes(got["NOT_MEMBER"])

    # qd132: any individual, confirmed (HD 21): no flag
    sc = scenario("qd132-2018", [person("SICK", grades=XS_GRADES, absence={"sick_months": 3})])
    got = results(sc)
    assert (got["SICK"]["status"], got["SICK"]["level"]) == ("classified", "L3")
    assert codes(got["SICK"]) == ["sick_leave_cap"] and got["SICK"]["flags"] == []


def test_r4_organisation_of_a_disciplined_leadership_collective() -> None:
    """R4: qd132/qd124 organisation -> L4 when its unit's leadership collective has a counting entry of its
    own; this reads the collective's input (whatever its status) and adds no edge."""
    good = {"building": "T", "tasks": "T"}
    own = [entry("2021-03-01", self_detected_remedied=True)]  # counts under qd132 (self-detection ignored)
    sc = scenario(
        "qd132-2018",
        [
            collective("U1-ORG", "U1", grades=good),
            collective("U1-LC", "U1", "leadership_collective", grades=good, discipline=own),
            collective("U1-PO", "U1", "party_organisation", grades=good),  # not a rule for party organisations
            collective("U2-ORG", "U2", grades=good),
            collective("U2-LC", "U2", "leadership_collective", grades=good, discipline=[entry("2020-05-01")]),
            collective("U3-ORG", "U3", grades=good),
            collective(
                "U3-LC",
                "U3",
                "leadership_collective",
                grades=good,
                discipline=[entry("2021-03-01", counted_in_year=2020)],
            ),
            collective("U4-ORG", "U4", grades=good),
            # formed under 6 months before period end: not classified, but its input is still read
            collective("U4-LC", "U4", "leadership_collective", grades=good, formed="2021-09-01", discipline=own),
            collective("U5-ORG", "U5", grades=good),
            collective(  # member discipline is not the collective's own
                "U5-LC",
                "U5",
                "leadership_collective",
                grades=good,
                member_discipline=[dict(entry("2021-03-01"), form="warning")],
            ),
        ],
        units=AGENCIES,
    )
    got = results(sc)
    assert {sid: (r["status"], r["level"]) for sid, r in got.items()} == {
        "U1-ORG": ("classified", "L4"),
        "U1-LC": ("classified", "L4"),
        "U1-PO": ("classified", "L2"),
        "U2-ORG": ("classified", "L2"),
        "U2-LC": ("classified", "L2"),
        "U3-ORG": ("classified", "L2"),
        "U3-LC": ("classified", "L2"),
        "U4-ORG": ("classified", "L4"),
        "U4-LC": ("not_classified", None),
        "U5-ORG": ("classified", "L2"),
        "U5-LC": ("classified", "L4"),
    }
    assert codes(got["U1-ORG"]) == ["leadership_collective_disciplined"]
    assert codes(got["U4-ORG"]) == ["leadership_collective_disciplined"]
    assert got["U1-ORG"]["flags"] == [] and got["U4-LC"]["flags"] == []

    # qd124: a self-detected and remedied entry never counts; qd366: no such rule
    sc = scenario(
        "qd124-2023",
        [
            collective("U1-ORG", "U1", grades=good),
            collective("U1-LC", "U1", "leadership_collective", grades=good, discipline=[entry("2024-03-01")]),
            collective("U2-ORG", "U2", grades=good),
            collective(
                "U2-LC",
                "U2",
                "leadership_collective",
                grades=good,
                discipline=[entry("2024-03-01", self_detected_remedied=True)],
            ),
        ],
        units=AGENCIES,
    )
    assert run(sc) == {
        "U1-ORG": ("classified", "L4"),
        "U1-LC": ("classified", "L4"),
        "U2-ORG": ("classified", "L2"),
        "U2-LC": ("classified", "L2"),
    }
    sc = scenario(
        "qd366-2025",
        [
            collective("U1-ORG", "U1", score=80, tasks=FULL),
            collective("U1-LC", "U1", "leadership_collective", score=80, tasks=FULL, discipline=[entry("2025-03-01")]),
        ],
        units=AGENCIES,
    )
    assert run(sc) == {"U1-ORG": ("classified", "L2"), "U1-LC": ("classified", "L4")}


def test_r5_qd366_leadership_collective_conclusions() -> None:
    """R5: cadre_work_wrongdoing, factionalism, post_buying -> L4 for a qd366 leadership collective only."""
    subjects = []
    for i, name in enumerate(("cadre_work_wrongdoing", "factionalism", "post_buying"), start=1):
        subjects.append(collective(f"U{i}-ORG", f"U{i}", score=80, tasks=FULL))
        subjects.append(
            collective(f"U{i}-LC", f"U{i}", "leadership_collective", score=80, tasks=FULL, conclusions={name: True})
        )
    subjects.append(collective("U4-ORG", "U4", score=80, tasks=FULL, conclusions={"post_buying": True}))
    subjects.append(person("P", category="leader", score=80, tasks=FULL, conclusions={"factionalism": True}))
    got = results(scenario("qd366-2025", subjects, units=AGENCIES + CELL))
    for i, name in enumerate(("cadre_work_wrongdoing", "factionalism", "post_buying"), start=1):
        assert (got[f"U{i}-LC"]["level"], codes(got[f"U{i}-LC"])) == ("L4", [name])
        assert got[f"U{i}-ORG"]["level"] == "L2"
    assert (got["U4-ORG"]["level"], got["P"]["level"]) == ("L2", "L2")

    good = {"building": "T", "tasks": "T"}
    sc = scenario(
        "qd124-2023",
        [
            collective("U1-ORG", "U1", grades=good),
            collective(
                "U1-LC",
                "U1",
                "leadership_collective",
                grades=good,
                conclusions={"cadre_work_wrongdoing": True, "factionalism": True, "post_buying": True},
            ),
        ],
        units=AGENCIES,
    )
    assert run(sc) == {"U1-ORG": ("classified", "L2"), "U1-LC": ("classified", "L2")}


@pytest.mark.parametrize(
    ("ruleset", "period", "warned"),
    [
        ("qd132-2018", {"kind": "year", "year": 2017}, True),
        ("qd132-2018", {"kind": "year", "year": 2018}, False),
        ("qd132-2018", {"kind": "year", "year": 2022}, False),
        ("qd132-2018", {"kind": "quarter", "year": 2023, "quarter": 1}, True),
        ("qd124-2023", {"kind": "year", "year": 2022}, True),
        ("qd124-2023", {"kind": "year", "year": 2023}, False),
        ("qd124-2023", {"kind": "quarter", "year": 2024, "quarter": 3}, False),
        ("qd124-2023", {"kind": "year", "year": 2025}, True),
        ("qd366-2025", {"kind": "year", "year": 2024}, True),
        ("qd366-2025", {"kind": "year", "year": 2025}, False),
        ("qd366-2025", {"kind": "year", "year": 9999}, False),
        ("qd366-2025", {"kind": "year", "year": 1}, True),
        ("nd335-2025", {"kind": "year", "year": 2025}, True),
        ("nd335-2025", {"kind": "quarter", "year": 2026, "quarter": 2}, False),
    ],
)
def test_r6_period_outside_ruleset_warning(ruleset: str, period: dict, warned: bool) -> None:
    """R6: `warnings` is always present; the warning changes no result."""
    units = [{"id": "U1", "parent": None, "kind": "agency"}]
    subject = person("P", "U1", score=80, tasks=FULL, grades=GOOD_GRADES)
    out = classify_naive(scenario(ruleset, [subject], units=units, period=period))
    inside = classify_naive(scenario(ruleset, [subject], units=units))
    assert inside["warnings"] == []
    assert [(r["status"], r["level"]) for r in out["results"]] == [("classified", "L2")]
    if not warned:
        assert out["warnings"] == []
        return
    assert [w["code"] for w in out["warnings"]] == ["period_outside_ruleset"]
    detail = out["warnings"][0]["detail"]
    first = {"qd132-2018": "2018", "qd124-2023": "2023", "qd366-2025": "2025", "nd335-2025": "2026"}[ruleset]
    assert str(period["year"]) in detail and first in detail
    if ruleset == "qd132-2018":
        assert "2022" in detail
    if ruleset == "qd124-2023":
        assert "2024" in detail


def _base() -> dict:
    """A valid qd366 scenario to break one field at a time (a deep copy: FULL and the others stay intact)."""
    return copy.deepcopy(
        scenario(
            "qd366-2025",
            [
                collective("U1-ORG", "U1", score=80, tasks=tasks(10, 10, 10, 5)),
                person(
                    "P1",
                    category="leader",
                    head_of="U1",
                    leads=["U1"],
                    score=80,
                    tasks=FULL,
                    quota_group="g",
                    discipline=[entry("2025-03-01")],
                    confidence={"voters": 10, "low": 1},
                ),
            ],
            units=[
                {"id": "U1", "parent": None, "kind": "agency"},
                {"id": "C1", "parent": None, "kind": "grassroots_cell"},
            ],
        )
    )


def _set(sc: dict, path: str, value: Any) -> dict:
    """Set the dotted `path` (list indexes as numbers) of `sc` to `value`; returns `sc`."""
    parts = path.split(".")
    target: Any = sc
    for part in parts[:-1]:
        target = target[int(part)] if part.isdigit() else target[part]
    last = parts[-1]
    target[int(last) if last.isdigit() else last] = value
    return sc


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("subjects.1.tasks.assigned", 10**19),
        ("subjects.1.tasks.assigned", 1_000_000_001),
        ("subjects.0.tasks.key_missed", 10**12),
        ("subjects.1.quota_priority", -1_000_000_001),
        ("subjects.1.quota_priority", 10**19),
        ("subjects.1.discipline.0.counted_in_year", 1_000_000_001),
        ("subjects.1.discipline.0.counted_in_year", -(10**19)),
        ("subjects.1.confidence.voters", 2_000_000_000),
        ("subjects.0.subordinates", {"total": 10**10, "disciplined": 0}),
        ("period.year", 10**19),
        ("period", {"kind": "quarter", "year": 2025, "quarter": 10**19}),
    ],
)
def test_r7_integer_out_of_bounds_is_bad_input(path: str, value: Any) -> None:
    with pytest.raises(ValueError, match="1,000,000,000"):
        classify_naive(_set(_base(), path, value))


def test_r7_integer_bounds_are_inclusive() -> None:
    sc = _base()
    _set(sc, "subjects.1.quota_priority", -1_000_000_000)
    _set(sc, "subjects.1.discipline.0.counted_in_year", 1_000_000_000)  # no other bound: the entry was used
    _set(sc, "subjects.1.shortcomings", {"noted": 1_000_000_000, "remedied": 1_000_000_000})
    _set(sc, "subjects.0.tasks", tasks(1_000_000_000, 1_000_000_000, 1_000_000_000, 500_000_000))
    assert run(sc) == {"U1-ORG": ("classified", "L2"), "P1": ("classified", "L2")}
    sc = _base()
    _set(sc, "subjects.1.discipline.0.counted_in_year", -1_000_000_000)
    assert run(sc)["P1"] == ("classified", "L2")


@pytest.mark.parametrize(
    ("path", "value"),
    [
        ("subjects.1.id", "P\x00"),
        ("subjects.1.id", "P\x1f"),
        ("subjects.1.id", "P\x7f"),
        ("subjects.1.id", "\x80P"),
        ("subjects.1.id", "P\x9f"),
        ("units.1.id", "C\n1"),
        ("units.1.parent", "U1\t"),
        ("subjects.1.unit", "C1\x1b"),
        ("subjects.1.head_of", "U1\r"),
        ("subjects.1.leads", ["U1", "U1\x85"]),
        ("subjects.1.quota_group", "g\x01"),
        ("quota_exceptions", ["g\x02"]),
        ("subjects.1.discipline.0.violation", "V\x03"),
    ],
)
def test_r7_control_character_in_an_id_is_bad_input(path: str, value: Any) -> None:
    with pytest.raises(ValueError, match="control character"):
        classify_naive(_set(_base(), path, value))


def test_r7_ids_compare_exactly() -> None:
    # no trimming, case folding or Unicode normalisation: a reference must match exactly
    for wrong in ("u1", "U1 ", " U1", "Ｕ1"):
        with pytest.raises(ValueError, match="no unit"):
            classify_naive(_set(_base(), "subjects.1.head_of", wrong))
    # U+00A0 is not a control character; "A", "a", "A " and "A\u00a0" are four subjects, in four groups
    units = [{"id": "é", "parent": None, "kind": "agency"}, {"id": "e\u0301", "parent": None, "kind": "agency"}]
    sc = scenario(
        "qd366-2025",
        [person(sid, "é", score=80, tasks=FULL, quota_group=sid) for sid in ("A", "a", "A ", "A\u00a0")]
        + [
            person("B", "e\u0301", score=95, tasks=FULL, quota_group="G"),
            person("b", "é", score=95, tasks=FULL, quota_group="g"),
        ],
        units=units,
    )
    out = classify_naive(sc)
    assert [r["subject"] for r in out["results"]] == ["A", "a", "A ", "A\u00a0", "B", "b"]
    assert [q["group"] for q in out["quota"]] == ["G", "g"]  # two groups: each lone L1 is demoted
    # the same violation means the same id exactly: "v1" counted in 2023 does not stop "V1" counting
    sc = scenario(
        "qd124-2023",
        [
            person(
                "P",
                grades=GOOD_GRADES,
                discipline=[entry("2024-03-01", "V1"), entry("2023-03-01", "v1", counted_in_year=2023)],
            ),
            person(
                "Q",
                grades=GOOD_GRADES,
                discipline=[entry("2024-03-01", "V1"), entry("2023-03-01", "V1", counted_in_year=2023)],
            ),
        ],
    )
    assert run(sc) == {"P": ("classified", "L4"), "Q": ("classified", "L2")}


def test_r8_head_and_leadership_collective_capped_by_party_organisation() -> None:
    """R8: the lowest final level among the unit's organisation and party organisation (present and
    classified); flagged outside qd132."""
    units = [{"id": "U1", "parent": None, "kind": "agency"}, *CELL]
    head = person("H", category="leader", head_of="U1", score=95, tasks=FULL, quota_group="gH")
    lc = collective("U1-LC", "U1", "leadership_collective", score=95, tasks=FULL)
    sc = scenario(
        "qd366-2025",
        [
            collective("U1-ORG", "U1", score=80, tasks=FULL),  # L2
            collective("U1-PO", "U1", "party_organisation", score=60, tasks=FULL),  # L3
            head,
            lc,
        ],
        units=units,
    )
    got = results(sc)
    assert (got["H"]["level"], codes(got["H"]), got["H"]["flags"]) == (
        "L3",
        ["head_capped_by_unit"],
        ["unconfirmed_rule"],
    )
    assert (got["U1-LC"]["level"], codes(got["U1-LC"]), got["U1-LC"]["flags"]) == (
        "L3",
        ["leadership_collective_capped_by_organisation"],
        ["unconfirmed_rule"],
    )
    # a party organisation without a level (no score: needs_decision; newly formed: not classified) caps nothing
    for po in (
        collective("U1-PO", "U1", "party_organisation"),
        collective("U1-PO", "U1", "party_organisation", score=60, tasks=FULL, formed="2025-12-01"),
    ):
        sc = scenario("qd366-2025", [collective("U1-ORG", "U1", score=80, tasks=FULL), po, head, lc], units=units)
        got = results(sc)
        assert got["U1-PO"]["status"] in ("needs_decision", "not_classified")
        assert (got["H"]["level"], got["U1-LC"]["level"]) == ("L2", "L2")
    # only a party organisation: it alone caps
    sc = scenario(
        "qd366-2025", [collective("U1-PO", "U1", "party_organisation", score=60, tasks=FULL), head, lc], units=units
    )
    assert run(sc) == {"U1-PO": ("classified", "L3"), "H": ("classified", "L3"), "U1-LC": ("classified", "L3")}

    # qd132: the secretary of a cell is capped by the cell's party organisation, confirmed (no flag)
    sc = scenario(
        "qd132-2018",
        [
            collective("C1-PO", "C1", "party_organisation", grades={"building": "TB", "tasks": "TB"}),
            person("H", category="leader", head_of="C1", grades=XS_GRADES, membership=MEMBER),
            person("M1", grades=GOOD_GRADES, membership=MEMBER),
        ],
    )
    got = results(sc)
    assert (got["C1-PO"]["level"], got["C1-PO"]["flags"]) == ("L3", [])  # its L2 grade conditions fail: not tested
    assert (got["H"]["level"], codes(got["H"]), got["H"]["flags"]) == ("L3", ["head_capped_by_unit"], [])
    assert got["M1"]["level"] == "L2"


def test_r8_qd132_cell_condition_leaves_out_heads() -> None:
    """R8: the qd132 cell condition counts the cell's individuals without `head_of` (flag unconfirmed_rule on
    the party organisation when it is tested while the cell has a head)."""
    units = [
        {"id": "C1", "parent": None, "kind": "grassroots_cell"},
        {"id": "C2", "parent": None, "kind": "cell"},
        {"id": "C3", "parent": None, "kind": "cell"},
        {"id": "C4", "parent": None, "kind": "cell"},
    ]
    good = {"building": "T", "tasks": "T"}
    sc = scenario(
        "qd132-2018",
        [
            # C1: the head is L4, the only other member L2: the condition holds over the member -> L2, flagged
            collective("C1-PO", "C1", "party_organisation", grades=good),
            person("H1", "C1", category="leader", head_of="C1", grades={"tasks": "K"}),
            person("M1", "C1", grades=GOOD_GRADES),
            # C2: no head -> no flag
            collective("C2-PO", "C2", "party_organisation", grades=good),
            person("M2", "C2", grades=GOOD_GRADES),
            # C3: a head, but the PO's grades fail the L2 grade conditions: the condition is not tested
            collective("C3-PO", "C3", "party_organisation", grades={"building": "T", "tasks": "TB"}),
            person("H3", "C3", category="leader", head_of="C3", grades=GOOD_GRADES),
            # C4: a member heading another unit is left out too; a disqualified PO is not tested
            collective("C4-PO", "C4", "party_organisation", grades={"building": "K", "tasks": "T"}),
            person("H4", "C4", category="leader", head_of="C1", grades=GOOD_GRADES),
        ],
        units=units,
    )
    got = results(sc)
    assert {sid: (r["status"], r["level"]) for sid, r in got.items()} == {
        "C1-PO": ("classified", "L2"),
        "H1": ("classified", "L4"),
        "M1": ("classified", "L2"),
        "C2-PO": ("classified", "L2"),
        "M2": ("classified", "L2"),
        "C3-PO": ("classified", "L3"),
        "H3": ("classified", "L3"),  # capped by C3-PO
        "C4-PO": ("classified", "L4"),
        "H4": ("classified", "L2"),  # capped by C1-PO at L2: no change
    }
    assert got["C1-PO"]["flags"] == ["unconfirmed_rule"]
    assert got["C2-PO"]["flags"] == [] and got["C3-PO"]["flags"] == [] and got["C4-PO"]["flags"] == []


def test_r8_qd132_cell_condition_reads_levels_before_the_quota() -> None:
    """The head shares a quota group with the members of the cell he heads: no cycle, because the cell's party
    organisation reads its members' levels before the quota (pre(D) -> pre(S), engine contract §3.6)."""
    members = [person(f"M{i}", grades=GOOD_GRADES, quota_group="G") for i in range(1, 6)]
    sc = scenario(
        "qd132-2018",
        [
            collective("C1-PO", "C1", "party_organisation", grades={"building": "T", "tasks": "XS"}),
            person("H", category="leader", head_of="C1", grades=XS_GRADES, quota_group="G"),
            person("M6", grades=XS_GRADES, quota_group="G"),
            *members,
        ],
    )
    out = classify_naive(sc)
    got = {r["subject"]: r for r in out["results"]}
    # C1-PO: L1 conditions hold (M1-M5 L2, M6 L1 before the quota); alone in its group -> demoted to L2
    assert (got["C1-PO"]["level"], codes(got["C1-PO"])) == ("L2", ["quota_level1_over_20pct_of_level2"])
    assert "unconfirmed_rule" in got["C1-PO"]["flags"]
    # H: L1 capped by C1-PO's final L2; group G then has 1 L1 (M6) and 6 L2: floor(7 / 6) = 1 keeps L1
    assert (got["H"]["level"], codes(got["H"]), got["H"]["flags"]) == ("L2", ["head_capped_by_unit"], [])
    assert got["M6"]["level"] == "L1"
    assert [(q["group"], q["level1_before"], q["level2_before"], q["level1_after"]) for q in out["quota"]] == [
        ("C1/collective/party_organisation", 1, 0, 0),
        ("G", 1, 6, 1),
    ]


def test_r8_dependency_cycles() -> None:
    units = [{"id": "U1", "parent": None, "kind": "agency"}, {"id": "U2", "parent": None, "kind": "agency"}, *CELL]
    for ruleset, fields in (("qd366-2025", {"score": 80}), ("qd124-2023", {"grades": {"tasks": "T"}})):
        # a leadership collective grouped with its unit's party organisation (a new edge)
        sc = scenario(
            ruleset,
            [
                collective("U1-PO", "U1", "party_organisation", quota_group="S", **fields),
                collective("U1-LC", "U1", "leadership_collective", quota_group="S", **fields),
            ],
            units=units,
        )
        with pytest.raises(ValueError, match=r"^cycle: "):
            classify_naive(sc)
        # ... with another unit's party organisation: no cycle
        sc["subjects"][0]["unit"] = "U2"
        assert classify_naive(sc)["results"][0]["status"] == "classified"

    # qd132: an organisation grouped with the party organisation of a cell whose member leads it
    def qd132(ruleset: str, head_of: str | None) -> dict:
        leader = person("L", category="leader", leads=["U1"], grades=GOOD_GRADES, score=80, tasks=FULL)
        if head_of is not None:
            leader["head_of"] = head_of
        grades = {"building": "T", "tasks": "T"}
        return scenario(
            ruleset,
            [
                collective("U1-ORG", "U1", grades=grades, score=80, quota_group="S"),
                collective("C1-PO", "C1", "party_organisation", grades=grades, score=80, quota_group="S"),
                leader,
            ],
            units=units,
        )

    with pytest.raises(ValueError, match=r"^cycle: .*pre\(L\) -> pre\(C1-PO\)"):
        classify_naive(qd132("qd132-2018", None))
    # the same under qd366 (no cell condition), or with the leader heading the cell (left out): no cycle
    assert run(qd132("qd366-2025", None))["L"] == ("classified", "L2")
    assert run(qd132("qd132-2018", "C1"))["L"] == ("classified", "L2")


def test_r9_newly_formed_collectives() -> None:
    """R9: `formed` + 6 calendar months after period end -> not_classified under the party rule sets;
    confirmed (no flag) for a qd132 party organisation or leadership collective; nd335 ignores it."""
    units = [
        {"id": "U1", "parent": None, "kind": "agency"},
        {"id": "U2", "parent": None, "kind": "agency"},
        {"id": "C1", "parent": None, "kind": "grassroots_cell"},
    ]
    good = {"building": "T", "tasks": "T"}
    sc = scenario(
        "qd132-2018",
        [
            collective("U1-ORG", "U1", grades=good, formed="2021-07-01"),
            collective("U1-LC", "U1", "leadership_collective", grades=good, formed="2021-07-01"),
            collective("C1-PO", "C1", "party_organisation", grades={"tasks": "K"}, formed="2021-12-31"),
            collective("U2-ORG", "U2", grades=good, formed="2021-06-30"),  # + 6 months = 2021-12-30
        ],
        units=units,
    )
    got = results(sc)
    assert {sid: (r["status"], r["level"], r["flags"]) for sid, r in got.items()} == {
        "U1-ORG": ("not_classified", None, ["unconfirmed_rule"]),
        "U1-LC": ("not_classified", None, []),
        "C1-PO": ("not_classified", None, []),  # eligibility ends the pipeline: the K grade is not reached
        "U2-ORG": ("classified", "L2", []),
    }
    assert codes(got["U1-LC"]) == ["formed_less_than_6_months"]
    for ruleset, fields, end in (
        ("qd124-2023", {"grades": good}, "2024"),
        ("qd366-2025", {"score": 80, "tasks": FULL}, "2025"),
    ):
        sc = scenario(
            ruleset,
            [
                collective("U1-ORG", "U1", formed=f"{end}-07-01", **fields),
                collective("U1-LC", "U1", "leadership_collective", formed=f"{end}-12-31", **fields),
                collective("C1-PO", "C1", "party_organisation", formed=f"{end}-09-01", **fields),
                collective("U2-ORG", "U2", formed=f"{end}-06-30", **fields),
            ],
            units=units,
        )
        got = results(sc)
        assert {sid: (r["status"], r["level"], r["flags"]) for sid, r in got.items()} == {
            "U1-ORG": ("not_classified", None, ["unconfirmed_rule"]),
            "U1-LC": ("not_classified", None, ["unconfirmed_rule"]),
            "C1-PO": ("not_classified", None, ["unconfirmed_rule"]),
            "U2-ORG": ("classified", "L2", []),
        }, ruleset
    sc = scenario(
        "nd335-2025",
        [collective("U1-ORG", "U1", score=80, formed="2026-12-31")],
        units=units,
    )
    assert run(sc) == {"U1-ORG": ("classified", "L2")}


def test_r9_formed_boundary_clamps_the_day() -> None:
    q3 = {"kind": "quarter", "year": 2025, "quarter": 3}  # ends 2025-09-30
    units = [{"id": "U1", "parent": None, "kind": "agency"}, {"id": "U2", "parent": None, "kind": "agency"}]
    sc = scenario(
        "qd366-2025",
        [
            collective("U1-ORG", "U1", score=80, tasks=FULL, formed="2025-03-31"),  # + 6 months = 09-30 (clamped)
            collective("U2-ORG", "U2", score=80, tasks=FULL, formed="2025-04-01"),  # + 6 months = 10-01
        ],
        units=units,
        period=q3,
    )
    assert run(sc) == {"U1-ORG": ("classified", "L2"), "U2-ORG": ("not_classified", None)}
    # the last year: + 6 months past 9999-12-31 is after every period end (no overflow)
    sc = scenario(
        "qd366-2025",
        [
            collective("U1-ORG", "U1", score=80, tasks=FULL, formed="9999-06-30"),
            collective("U2-ORG", "U2", score=80, tasks=FULL, formed="9999-07-01"),
            person("P", "U1", score=80, tasks=FULL, membership={"admitted": "9999-12-31"}),
        ],
        units=units,
        period={"kind": "year", "year": 9999},
    )
    out = classify_naive(sc)
    assert run(sc) == {"U1-ORG": ("classified", "L2"), "U2-ORG": ("not_classified", None), "P": ("exempt", None)}
    assert out["warnings"] == []


def test_r9_not_classified_collective_caps_nothing_and_counts_in_no_condition() -> None:
    units = [
        {"id": "U1", "parent": None, "kind": "agency"},
        {"id": "U2", "parent": None, "kind": "agency"},
        {"id": "C1", "parent": None, "kind": "grassroots_cell"},
    ]
    peers = [person(f"P{i}", score=80, tasks=FULL, quota_group="gH") for i in range(5)]
    sc = scenario(
        "qd366-2025",
        [
            collective("U1-ORG", "U1", score=60, tasks=FULL, formed="2025-10-01"),
            collective("U1-LC", "U1", "leadership_collective", score=85, tasks=FULL),
            person("H", category="leader", head_of="U1", score=95, tasks=tasks(10, 10, 10, 5), quota_group="gH"),
            # a led unit's input is still read: U2's organisation is weak, though not classified
            collective("U2-ORG", "U2", score=80, tasks=tasks(10, 5, 5, 0), formed="2025-10-01"),
            person("L", category="leader", leads=["U2"], score=80, tasks=FULL),
            *peers,
        ],
        units=units,
    )
    got = results(sc)
    assert (got["U1-ORG"]["status"], got["U2-ORG"]["status"]) == ("not_classified", "not_classified")
    assert (got["H"]["level"], codes(got["H"])) == ("L1", [])  # not capped; keeps L1 with 5 L2 peers
    assert (got["U1-LC"]["level"], codes(got["U1-LC"])) == ("L2", ["level1_conditions_not_met"])
    assert (got["L"]["level"], codes(got["L"])) == ("L4", ["led_unit_weak"])

    # qd132 committee: a not-classified child party organisation counts in no child condition
    def committee(formed: str | None) -> dict:
        c1 = collective("C1-PO", "C1", "party_organisation", grades={"building": "T", "tasks": "K"})
        if formed is not None:
            c1["formed"] = formed
        return scenario(
            "qd132-2018",
            [
                collective("D1-PO", "D1", "party_organisation", grades={"building": "T", "tasks": "XS"}),
                c1,
                collective("C2-PO", "C2", "party_organisation", grades={"building": "T", "tasks": "T"}),
            ],
            units=[
                {"id": "D1", "parent": None, "kind": "grassroots_committee"},
                {"id": "C1", "parent": "D1", "kind": "cell"},
                {"id": "C2", "parent": "D1", "kind": "cell"},
            ],
        )

    out = classify_naive(committee("2021-11-01"))
    got = {r["subject"]: r for r in out["results"]}
    assert (got["C1-PO"]["status"], got["C2-PO"]["level"]) == ("not_classified", "L2")
    # D1-PO: only C2-PO counts (L2): the L1 conditions hold; alone in its group, the quota demotes it
    assert got["D1-PO"]["level"] == "L2" and out["quota"][0]["level1_before"] == 1
    # C1-PO classified (L4 by its K grade): D1-PO fails the child condition for L1 and L2 -> L3
    assert run(committee(None)) == {
        "D1-PO": ("classified", "L3"),
        "C1-PO": ("classified", "L4"),
        "C2-PO": ("classified", "L2"),
    }


def test_r9_formed_is_a_collective_field() -> None:
    with pytest.raises(ValueError, match="unknown field"):
        classify_naive(scenario("qd366-2025", [person("P", score=80, formed="2025-01-01")]))
    with pytest.raises(ValueError, match="formed"):
        classify_naive(
            scenario("qd366-2025", [collective("C", "C1", "party_organisation", score=80, formed="2025-02-30")])
        )


@pytest.mark.parametrize(
    "period",
    [
        {"kind": "year", "year": 0},
        {"kind": "year", "year": 10000},
        {"kind": "year", "year": -1},
        {"kind": "year", "year": -1_000_000_000},
        {"kind": "year", "year": -1_000_000_001},
        {"kind": "quarter", "year": 2025, "quarter": 4},
        {"kind": "quarter", "year": 2025, "quarter": 0},
        {"kind": "year", "year": 2025.0},
    ],
)
def test_r10_period_year_out_of_range_is_bad_input(period: dict) -> None:
    with pytest.raises(ValueError, match="period"):
        classify_naive(scenario("qd366-2025", [person("P", score=80)], period=period))


def test_r10_period_years_1_and_9999() -> None:
    for year, warned in ((1, True), (9999, False)):
        out = classify_naive(
            scenario("qd366-2025", [person("P", score=80, tasks=FULL)], period={"kind": "year", "year": year})
        )
        assert [(r["status"], r["level"]) for r in out["results"]] == [("classified", "L2")]
        assert bool(out["warnings"]) == warned


def test_quota_detail_names_the_ratio_in_force() -> None:
    subjects = [person(f"A{i}", score=80, tasks=FULL, quota_group="g") for i in range(3)]
    subjects += [
        person("X1", score=95, tasks=FULL, quota_group="g"),
        person("X2", score=96, tasks=FULL, quota_group="g"),
    ]
    # normal: floor(5 / 6) = 0 keep L1, both demoted; exception: floor(5 / 5) = 1, X1 (lower score) demoted
    for exceptions, demoted, ratio, other in (([], ["X1", "X2"], "20 %", "25 %"), (["g"], ["X1"], "25 %", "20 %")):
        got = results(scenario("qd366-2025", subjects, quota_exceptions=exceptions))
        for sid in ("X1", "X2"):
            quota_reasons = [r for r in got[sid]["reasons"] if r["code"] == "quota_level1_over_20pct_of_level2"]
            if sid in demoted:
                assert got[sid]["level"] == "L2" and len(quota_reasons) == 1
                assert ratio in quota_reasons[0]["detail"] and other not in quota_reasons[0]["detail"]
            else:
                assert got[sid]["level"] == "L1" and not quota_reasons


def test_other_bad_input() -> None:
    """The engine contract's (§1) other bad input, raised as the same ValueError."""
    cases: list[tuple[str, Any]] = [
        ("subjects.1.unknown", 1),
        ("subjects.0.head_of", "U1"),  # an individual-only field on a collective
        ("subjects.1.category", "organisation"),
        ("units.0.kind", "ministry"),
        ("units.1.parent", "C1"),  # a cycle in the unit tree (C1 -> C1)
        ("subjects.1.unit", "NOPE"),
        ("subjects.1.score", 100.5),
        ("subjects.1.absence", {"sick_months": 13}),
        ("subjects.1.confidence", {"voters": 1, "low": 2}),
        ("subjects.1.tasks", tasks(10, 11, 10, 0)),
        ("subjects.1.tasks.assigned", 10.0),
        ("subjects.1.tasks.assigned", True),
        ("subjects.1.shortcomings", {"noted": 1, "remedied": 2}),
        ("subjects.0.subordinates", {"total": 1, "disciplined": 2}),
        ("subjects.1.quota_group", "U1/collective/organisation"),  # shared with a collective's default group
        ("subjects.1.id", "U1-ORG"),
        ("format", "danhgia-scenario/2"),
        ("ruleset", "qd999"),
    ]
    for path, value in cases:
        with pytest.raises(ValueError):
            classify_naive(_set(_base(), path, value))
    assert run(_base()) == {"U1-ORG": ("classified", "L2"), "P1": ("classified", "L4")}
