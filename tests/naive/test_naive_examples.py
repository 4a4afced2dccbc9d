"""Tests for the naive reference implementation (bench/naive.py).

1. Every public example whose expected exit is 0 must match (statuses, levels, quota fields).
2. Hand-written scenarios for the contract's subtle clauses (FORMAT §3.1-§3.6).
"""

from __future__ import annotations

import datetime
import json
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from bench.naive import add_months, classify_naive  # noqa: E402

PUBLIC = REPO.parent / "shared" / "scenarios" / "public"


# --------------------------------------------------------------------------- public examples


def _public_cases() -> list[Path]:
    if not PUBLIC.is_dir():
        return []
    cases = []
    for path in sorted(PUBLIC.glob("*.json")):
        if path.name.endswith(".expected.json"):
            continue
        expected = json.loads(path.with_name(path.stem + ".expected.json").read_text())
        if expected["exit"] == 0:
            cases.append(path)
    return cases


@pytest.mark.parametrize("path", _public_cases() or [None], ids=lambda p: p.stem if p else "missing")
def test_public_example(path: Path | None) -> None:
    if path is None:
        pytest.skip(f"public examples not found at {PUBLIC}")
    expected = json.loads(path.with_name(path.stem + ".expected.json").read_text())
    out = classify_naive(json.loads(path.read_text()))
    assert out["format"] == "danhgia-result/1"
    by = {r["subject"]: r for r in out["results"]}
    for sid, want in expected["results"].items():
        got = by[sid]
        assert (got["status"], got["level"]) == (want["status"], want["level"]), sid
        if got["status"] == "classified" and got["level"] != "L1":
            assert got["reasons"] and all(r["source"] for r in got["reasons"]), sid
    quota = {q["group"]: q for q in out["quota"]}
    for group, want in expected.get("quota", {}).items():
        assert group in quota, group
        for key, value in want.items():
            assert quota[group][key] == value, (group, key)


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


def test_nd335_absence_cap_and_months_worked() -> None:
    units = [{"id": "U1", "parent": None, "kind": "agency"}]
    sc = scenario(
        "nd335-2025",
        [
            person("ABS", "U1", score=80, absence={"sick_months": 2, "other_months": 1}),
            person("ABS2", "U1", score=80, absence={"sick_months": 2}),
            person("SHORT", "U1", score=80, absence={"months_worked": 5}),
            person("MAT", "U1", score=80, absence={"months_worked": 5, "maternity": True}),
        ],
        units=units,
    )
    assert run(sc) == {
        "ABS": ("classified", "L3"),
        "ABS2": ("classified", "L2"),
        "SHORT": ("not_classified", None),
        "MAT": ("classified", "L2"),
    }


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
