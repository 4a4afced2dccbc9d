"""Naive, independent reference implementation of the classification engine.

Written from the contract in ``shared/scenarios/FORMAT.md`` only. It serves as the
"one dict at a time" baseline of the benchmark and as a test oracle for differential
testing against the real (columnar) engine.

Interface::

    classify_naive(scenario: dict) -> dict     # danhgia-scenario/1 -> danhgia-result/1

The input is assumed valid (the real engine validates). Two things are still checked
here and raised as ``ValueError``: a dependency cycle (FORMAT §3.6, message starts with
``"cycle: "``) and a non-empty ``quota_exceptions`` under ``qd132-2018``/``qd124-2023``.

Style: plain Python, every subject is a dict handled on its own, in dependency order;
every ratio or threshold is compared with ``fractions.Fraction`` or integers.
"""

from __future__ import annotations

import calendar
import datetime
from collections import deque
from collections.abc import Callable
from fractions import Fraction
from typing import Any

Subject = dict[str, Any]
Hit = Callable[[str, str], None]  # records a disqualifier: (code, detail)
Reason = dict[str, str]

QD132, QD124, QD366, ND335 = "qd132-2018", "qd124-2023", "qd366-2025", "nd335-2025"
SCORE_BASED = {QD366, ND335}
PARTY_RULESETS = {QD132, QD124, QD366}
EXCEPTION_RATIO_RULESETS = {QD366, ND335}

GRADE_RANK = {"K": 0, "TB": 1, "T": 2, "XS": 3}
FORM_RANK = {"reprimand": 0, "warning": 1, "demotion": 2, "removal": 3, "dismissal": 4, "expulsion": 5}
LEADER_CATEGORIES = {"leader", "leader_central"}
CELL_KINDS = {"grassroots_cell", "cell"}
COMMITTEE_KINDS = {"grassroots_committee", "party_committee"}

INSTRUMENT = {
    QD132: "QĐ 132-QĐ/TW, HD 21-HD/BTCTW",
    QD124: "QĐ 124-QĐ/TW, HD 25-HD/BTCTW",
    QD366: "QĐ 366-QĐ/TW, HD 43-HD/BTCTW",
    ND335: "NĐ 335/2025/NĐ-CP",
}

HALF = Fraction(1, 2)


# --------------------------------------------------------------------------- helpers


def level_name(level: int | None) -> str | None:
    return None if level is None else f"L{level}"


def parse_date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """Calendar months, with the day clamped to the last day of the target month."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def period_bounds(period: dict[str, Any]) -> tuple[datetime.date, datetime.date]:
    year = period["year"]
    if period["kind"] == "year":
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    quarter = period["quarter"]
    first_month, last_month = 3 * quarter - 2, 3 * quarter
    last_day = calendar.monthrange(year, last_month)[1]
    return datetime.date(year, first_month, 1), datetime.date(year, last_month, last_day)


def share(num: int, den: int) -> Fraction | None:
    """num/den as an exact fraction, or None for a zero denominator (never triggers)."""
    if den == 0:
        return None
    return Fraction(num, den)


def is_leader(subject: Subject) -> bool:
    return subject["type"] == "individual" and subject["category"] in LEADER_CATEGORIES


def led_units(subject: Subject) -> list[str]:
    """`leads` plus `head_of`, without duplicates, in a stable order."""
    units: list[str] = []
    for unit in [*(subject.get("leads") or []), subject.get("head_of")]:
        if unit is not None and unit not in units:
            units.append(unit)
    return units


def score_of(subject: Subject) -> Fraction | None:
    score = subject.get("score")
    return None if score is None else Fraction(score)


def grades_of(subject: Subject) -> dict[str, str]:
    return subject.get("grades") or {}


def xs_count(subject: Subject) -> int:
    return sum(1 for grade in grades_of(subject).values() if grade == "XS")


# -- tasks (a subject with no tasks, or assigned == 0, satisfies every task condition)


def tasks_all_done(tasks: dict | None) -> bool:
    return tasks is None or tasks["completed"] == tasks["assigned"]


def tasks_on_time(tasks: dict | None) -> bool:
    return tasks is None or tasks["on_time"] == tasks["assigned"]


def tasks_exceeded_at_least(tasks: dict | None, minimum: Fraction) -> bool:
    if tasks is None:
        return True
    ratio = share(tasks["exceeded"], tasks["assigned"])
    return ratio is None or ratio >= minimum


def tasks_late_at_most(tasks: dict | None, maximum: Fraction) -> bool:
    if tasks is None:
        return True
    ratio = share(tasks["completed"] - tasks["on_time"], tasks["assigned"])
    return ratio is None or ratio <= maximum


def low_completion(tasks: dict | None) -> bool:
    """qd132/qd124: completed/assigned < 50 % with key_missed > 0 and no force majeure."""
    if tasks is None:
        return False
    ratio = share(tasks["completed"], tasks["assigned"])
    if ratio is None:
        return False
    return ratio < HALF and tasks.get("key_missed", 0) > 0 and not tasks.get("force_majeure", False)


def completed_below_half(tasks: dict | None) -> bool:
    """qd366 individual: completed/assigned < 50 % (no other condition)."""
    if tasks is None:
        return False
    ratio = share(tasks["completed"], tasks["assigned"])
    return ratio is not None and ratio < HALF


def weak(tasks: dict | None) -> bool:
    """qd366: tasks with assigned > 0 and (completed/assigned < 70 % or key_missed > 0), no force majeure."""
    if tasks is None or tasks["assigned"] <= 0:
        return False
    if tasks.get("force_majeure", False):
        return False
    ratio = Fraction(tasks["completed"], tasks["assigned"])
    return ratio < Fraction(7, 10) or tasks.get("key_missed", 0) > 0


# --------------------------------------------------------------------------- context


class Context:
    """Everything about the scenario that a subject's evaluation may look up."""

    def __init__(self, scenario: dict[str, Any]) -> None:
        self.ruleset: str = scenario["ruleset"]
        self.period_start, self.period_end = period_bounds(scenario["period"])
        self.units: dict[str, dict] = {u["id"]: u for u in scenario["units"]}
        self.children: dict[str, list[str]] = {uid: [] for uid in self.units}
        for unit in scenario["units"]:
            if unit.get("parent") is not None and unit["parent"] in self.children:
                self.children[unit["parent"]].append(unit["id"])
        self.subjects: list[Subject] = list(scenario["subjects"])
        self.by_id: dict[str, Subject] = {s["id"]: s for s in self.subjects}
        self.collective_of: dict[tuple[str, str], Subject] = {}
        self.individuals_in: dict[str, list[Subject]] = {}
        for s in self.subjects:
            if s["type"] == "collective":
                self.collective_of[(s["unit"], s["category"])] = s
            else:
                self.individuals_in.setdefault(s["unit"], []).append(s)
        self.groups: dict[str, list[Subject]] = {}
        for s in self.subjects:
            self.groups.setdefault(group_of(s), []).append(s)
        self.exceptions: set[str] = set(scenario.get("quota_exceptions") or [])
        if self.exceptions and self.ruleset not in EXCEPTION_RATIO_RULESETS:
            raise ValueError(f"quota_exceptions: {self.ruleset} has no exceptional ratio")
        # results[sid] = {"status", "level" (int or None), "reasons", "flags"}
        self.results: dict[str, dict[str, Any]] = {}

    def organisation(self, unit: str | None) -> Subject | None:
        return None if unit is None else self.collective_of.get((unit, "organisation"))

    def party_organisation(self, unit: str) -> Subject | None:
        return self.collective_of.get((unit, "party_organisation"))

    def final_level(self, subject: Subject | None) -> int | None:
        """Level of an already-final subject, None when absent or not classified."""
        if subject is None:
            return None
        result = self.results[subject["id"]]
        return result["level"] if result["status"] == "classified" else None

    def reason(self, code: str, clause: str, detail: str) -> Reason:
        return {"code": code, "source": f"{INSTRUMENT[self.ruleset]}; {clause}", "detail": detail}


def group_of(subject: Subject) -> str:
    return subject.get("quota_group") or f"{subject['unit']}/{subject['type']}/{subject['category']}"


# --------------------------------------------------------------------------- discipline


def in_force(entry: dict, entries: list[dict], ctx: Context) -> bool:
    effective = parse_date(entry["effective"])
    if not (ctx.period_start <= effective <= ctx.period_end):
        return False
    if entry.get("counted_in_year") is not None:
        return False
    for other in entries:
        if other["violation"] == entry["violation"] and other.get("counted_in_year") is not None:
            return False
    return True


def counts(entry: dict, entries: list[dict], ctx: Context) -> bool:
    if not in_force(entry, entries, ctx):
        return False
    return not (ctx.ruleset in (QD124, QD366) and entry.get("self_detected_remedied", False))


def counting_entries(entries: list[dict] | None, ctx: Context) -> list[dict]:
    entries = entries or []
    return [e for e in entries if counts(e, entries, ctx)]


def in_force_entries(entries: list[dict] | None, ctx: Context) -> list[dict]:
    entries = entries or []
    return [e for e in entries if in_force(e, entries, ctx)]


# --------------------------------------------------------------------------- dependencies


def dependencies(subject: Subject, ctx: Context) -> list[str]:
    """Subjects whose final result this subject's evaluation reads (FORMAT §3.6)."""
    deps: list[str] = []

    def add(other: Subject | None) -> None:
        if other is not None and other["id"] != subject["id"] and other["id"] not in deps:
            deps.append(other["id"])

    if subject["type"] == "individual":
        if subject.get("head_of") is not None:
            add(ctx.organisation(subject["head_of"]))
        if ctx.ruleset in (QD132, QD366) and is_leader(subject):
            for unit in led_units(subject):
                add(ctx.organisation(unit))
    elif subject["category"] == "leadership_collective":
        add(ctx.organisation(subject["unit"]))
    elif subject["category"] == "party_organisation" and ctx.ruleset == QD132:
        kind = ctx.units[subject["unit"]]["kind"]
        if kind in CELL_KINDS:
            for member in ctx.individuals_in.get(subject["unit"], []):
                add(member)
        elif kind in COMMITTEE_KINDS:
            for child in ctx.children.get(subject["unit"], []):
                add(ctx.party_organisation(child))
    return deps


def evaluation_order(ctx: Context) -> list[tuple[str, str]]:
    """Topological order of pre(S) -> settle(group) -> final(S), final(D) -> pre(S) nodes.

    Raises ValueError("cycle: ...") when the graph has a cycle.
    """
    nodes: list[tuple[str, str]] = []
    successors: dict[tuple[str, str], list[tuple[str, str]]] = {}

    def add_node(node: tuple[str, str]) -> None:
        if node not in successors:
            successors[node] = []
            nodes.append(node)

    def add_edge(a: tuple[str, str], b: tuple[str, str]) -> None:
        add_node(a)
        add_node(b)
        successors[a].append(b)

    for s in ctx.subjects:
        group = ("settle", group_of(s))
        add_edge(("pre", s["id"]), group)
        add_edge(group, ("final", s["id"]))
    for s in ctx.subjects:
        for dep in dependencies(s, ctx):
            add_edge(("final", dep), ("pre", s["id"]))

    indegree = {node: 0 for node in nodes}
    for node in nodes:
        for nxt in successors[node]:
            indegree[nxt] += 1
    queue = deque(node for node in nodes if indegree[node] == 0)
    order: list[tuple[str, str]] = []
    while queue:
        node = queue.popleft()
        order.append(node)
        for nxt in successors[node]:
            indegree[nxt] -= 1
            if indegree[nxt] == 0:
                queue.append(nxt)
    if len(order) < len(nodes):
        raise ValueError("cycle: " + describe_cycle(nodes, successors, indegree))
    return order


Node = tuple[str, str]


def describe_cycle(nodes: list[Node], successors: dict[Node, list[Node]], indegree: dict[Node, int]) -> str:
    """Walk backwards through unprocessed nodes until one repeats; print that loop."""
    remaining = {node for node in nodes if indegree[node] > 0}
    predecessors: dict[tuple[str, str], list[tuple[str, str]]] = {n: [] for n in remaining}
    for node in remaining:
        for nxt in successors[node]:
            if nxt in remaining:
                predecessors[nxt].append(node)
    node = next(n for n in nodes if n in remaining)
    path: list[tuple[str, str]] = []
    seen: dict[tuple[str, str], int] = {}
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = predecessors[node][0]
    loop = list(reversed(path[seen[node] :]))
    loop.append(loop[0])
    return " -> ".join(f"{kind}({name})" for kind, name in loop)


# --------------------------------------------------------------------------- stage 1: eligibility


def eligibility(subject: Subject, ctx: Context) -> tuple[str, Reason] | None:
    """An outcome that ends the pipeline: (status, reason), or None."""
    if subject["type"] != "individual":
        return None
    if ctx.ruleset in PARTY_RULESETS:
        membership = subject.get("membership")
        if membership is None:
            return None
        if membership.get("exempt_from_activities", False) or membership.get("suspended", False):
            return "exempt", ctx.reason(
                "member_exempt_or_suspended",
                "FORMAT §3.1(1)",
                "Party member exempt from activities or suspended: not classified this period",
            )
        admitted = membership.get("admitted")
        if admitted is not None and add_months(parse_date(admitted), 6) > ctx.period_end:
            status = "not_classified" if ctx.ruleset == QD132 else "exempt"
            return status, ctx.reason(
                "admitted_less_than_6_months",
                "FORMAT §3.1(1)",
                f"Admitted {admitted}, less than 6 months before period end {ctx.period_end}",
            )
        return None
    # nd335-2025
    absence = subject.get("absence") or {}
    if absence.get("months_worked", 12) < 6 and not absence.get("maternity", False):
        return "not_classified", ctx.reason(
            "worked_less_than_6_months",
            "FORMAT §3.1(1)",
            "Worked fewer than 6 months in the period (not maternity leave)",
        )
    return None


def eligibility_cap(subject: Subject, ctx: Context) -> tuple[int, Reason] | None:
    if subject["type"] != "individual":
        return None
    absence = subject.get("absence") or {}
    if ctx.ruleset == QD132 and absence.get("sick_months", 0) >= 3:
        return 3, ctx.reason("sick_leave_cap_l3", "FORMAT §3.1(1)", "Sick leave of 3 months or more: at most L3")
    if ctx.ruleset == ND335 and absence.get("sick_months", 0) + absence.get("other_months", 0) >= 3:
        return 3, ctx.reason("absence_cap_l3", "FORMAT §3.1(1)", "Absent 3 months or more in the period: at most L3")
    return None


# --------------------------------------------------------------------------- stage 2: disqualifiers


def disqualifiers(subject: Subject, ctx: Context) -> list[Reason]:
    found: list[Reason] = []

    def hit(code: str, detail: str) -> None:
        found.append(ctx.reason(code, "FORMAT §3.3", detail))

    # all rule sets
    if any(grade == "K" for grade in grades_of(subject).values()):
        hit("grade_k", "A criterion is graded K")
    score = score_of(subject)
    if score is not None and score < 50:
        hit("score_below_50", f"Score {subject['score']} is below 50")
    conclusions = subject.get("conclusions") or {}
    if conclusions.get("degradation", False):
        hit("degradation", "Concluded degradation / self-evolution")

    rules = {
        QD132: disqualifiers_qd132,
        QD124: disqualifiers_qd124,
        QD366: disqualifiers_qd366,
        ND335: disqualifiers_nd335,
    }[ctx.ruleset]
    rules(subject, ctx, conclusions, hit)
    return found


def _collective_common_132_124(subject: Subject, ctx: Context, conclusions: dict[str, Any], hit: Hit) -> None:
    """qd132/qd124 `organisation` and `party_organisation`."""
    if counting_entries(subject.get("discipline"), ctx):
        hit("collective_disciplined", "The collective itself is under discipline")
    subs = subject.get("subordinates") or {}
    ratio = share(subs.get("disciplined", 0), subs.get("total", 0))
    if ratio is not None and ratio > Fraction(1, 5):
        hit("subordinates_disciplined_over_20pct", "More than 20 % of direct subordinate units disciplined")
    if conclusions.get("corruption_in_subordinate", False) and not conclusions.get("corruption_self_detected", False):
        hit("corruption_in_subordinate", "Corruption in a subordinate unit, not self-detected")
    if low_completion(subject.get("tasks")):
        hit("low_completion", "Under 50 % of tasks completed with key targets missed, no force majeure")


def disqualifiers_qd132(subject: Subject, ctx: Context, conclusions: dict[str, Any], hit: Hit) -> None:
    category = subject["category"]
    if subject["type"] == "individual":
        if counting_entries(subject.get("discipline"), ctx):
            hit("disciplined", "Disciplined in the period")
        if low_completion(subject.get("tasks")):
            hit("low_completion", "Under 50 % of tasks completed with key targets missed, no force majeure")
        if is_leader(subject):
            if conclusions.get("corruption_in_led_unit", False):
                hit("corruption_in_led_unit", "Corruption in a unit the leader is in charge of")
            for unit in led_units(subject):
                if ctx.final_level(ctx.organisation(unit)) == 4:
                    hit("led_unit_l4", f"Led unit {unit} is classified L4")
    elif category in ("organisation", "party_organisation"):
        _collective_common_132_124(subject, ctx, conclusions, hit)
    else:  # leadership_collective
        if counting_entries(subject.get("discipline"), ctx):
            hit("collective_disciplined", "The collective itself is under discipline")
        if conclusions.get("disunity", False):
            hit("disunity", "Concluded disunity")
        if subject.get("member_degradation", False):
            hit("member_degradation", "A member concluded degraded")
        heavy = [
            e
            for e in counting_entries(subject.get("member_discipline"), ctx)
            if FORM_RANK[e["form"]] >= FORM_RANK["warning"]
        ]
        if heavy:
            hit("member_disciplined_warning_or_heavier", "A member disciplined with a warning or heavier")


def disqualifiers_qd124(subject: Subject, ctx: Context, conclusions: dict[str, Any], hit: Hit) -> None:
    category = subject["category"]
    if subject["type"] == "individual":
        if counting_entries(subject.get("discipline"), ctx):
            hit("disciplined", "Disciplined in the period (not self-detected and remedied)")
        if low_completion(subject.get("tasks")):
            hit("low_completion", "Under 50 % of tasks completed with key targets missed, no force majeure")
        if conclusions.get("prohibited_conduct", False):
            hit("prohibited_conduct", "Concluded prohibited conduct")
        if conclusions.get("exemplary_breach", False):
            hit("exemplary_breach", "Concluded breach of the duty to set an example")
        if is_leader(subject):
            if conclusions.get("corruption_in_led_unit", False):
                hit("corruption_in_led_unit", "Corruption in a unit the leader is in charge of")
            for unit in led_units(subject):
                org = ctx.organisation(unit)
                if org is not None and low_completion(org.get("tasks")):
                    hit("led_unit_low_completion", f"Led unit {unit} shows low completion of its tasks")
    elif category in ("organisation", "party_organisation"):
        _collective_common_132_124(subject, ctx, conclusions, hit)
    else:  # leadership_collective
        if counting_entries(subject.get("discipline"), ctx):
            hit("collective_disciplined", "The collective itself is under discipline")
        if conclusions.get("disunity", False):
            hit("disunity", "Concluded disunity")
        if subject.get("member_degradation", False):
            hit("member_degradation", "A member concluded degraded")
        if counting_entries(subject.get("member_discipline"), ctx):
            hit("member_disciplined", "A member disciplined in the period")


def disqualifiers_qd366(subject: Subject, ctx: Context, conclusions: dict[str, Any], hit: Hit) -> None:
    category = subject["category"]
    if subject["type"] == "individual":
        duty = [e for e in counting_entries(subject.get("discipline"), ctx) if e.get("public_service", True)]
        if duty:
            hit("duty_discipline", "Disciplined in the period for a violation in the course of duty")
        if conclusions.get("prohibited_conduct", False):
            hit("prohibited_conduct", "Concluded prohibited conduct")
        if conclusions.get("exemplary_breach", False):
            hit("exemplary_breach", "Concluded breach of the duty to set an example")
        if completed_below_half(subject.get("tasks")):
            hit("completed_below_half", "Fewer than half of the tasks completed")
        if is_leader(subject):
            if conclusions.get("corruption_in_led_unit", False):
                hit("corruption_in_led_unit", "Corruption in a unit the leader is in charge of")
            classified = 0
            at_l4 = 0
            for unit in led_units(subject):
                org = ctx.organisation(unit)
                if org is not None and weak(org.get("tasks")):
                    hit("led_unit_weak", f"Led unit {unit} is weak (under 70 % completed or key targets missed)")
                level = ctx.final_level(org)
                if level is not None:
                    classified += 1
                    if level == 4:
                        at_l4 += 1
            if classified > 0 and 2 * at_l4 > classified:
                hit("led_units_majority_l4", f"{at_l4} of {classified} classified led units are L4")
            confidence = subject.get("confidence")
            if confidence is not None:
                ratio = share(confidence["low"], confidence["voters"])
                if ratio is not None and ratio > HALF:
                    hit("low_confidence_majority", "More than half of the voters gave low confidence")
    elif category in ("organisation", "party_organisation"):
        if counting_entries(subject.get("discipline"), ctx):
            hit("collective_disciplined", "The collective itself is under discipline")
        if weak(subject.get("tasks")):
            hit("weak_unit", "Under 70 % of tasks completed or key targets missed, no force majeure")
    else:  # leadership_collective
        if counting_entries(subject.get("discipline"), ctx):
            hit("collective_disciplined", "The collective itself is under discipline")
        if conclusions.get("disunity", False):
            hit("disunity", "Concluded disunity")
        if subject.get("member_degradation", False):
            hit("member_degradation", "A member concluded degraded")
        duty = [e for e in counting_entries(subject.get("member_discipline"), ctx) if e.get("public_service", True)]
        if duty:
            hit("member_duty_discipline", "A member disciplined for a violation in the course of duty")
        org = ctx.organisation(subject["unit"])
        if org is not None and weak(org.get("tasks")):
            hit("unit_organisation_weak", "The unit's organisation is weak")


def disqualifiers_nd335(subject: Subject, ctx: Context, conclusions: dict[str, Any], hit: Hit) -> None:
    duty = [e for e in counting_entries(subject.get("discipline"), ctx) if e.get("public_service", True)]
    if duty:
        hit("duty_discipline", "Disciplined in the period for a violation in public service")
    if conclusions.get("prohibited_conduct", False):
        hit("prohibited_conduct", "Concluded prohibited conduct")
    if conclusions.get("exemplary_breach", False):
        hit("exemplary_breach", "Concluded breach of the duty to set an example")
    if is_leader(subject) and conclusions.get("corruption_in_led_unit", False):
        hit("corruption_in_led_unit", "Corruption in a unit the leader is in charge of")


# --------------------------------------------------------------------------- stage 3: level conditions


def has_input(subject: Subject, ctx: Context) -> bool:
    if ctx.ruleset in SCORE_BASED:
        return subject.get("score") is not None
    return "tasks" in grades_of(subject)


def level_conditions(subject: Subject, ctx: Context) -> dict[int, list[str]]:
    """For L1, L2, L3: the list of conditions that fail (empty list = level holds)."""
    rules = {QD132: conditions_qd132, QD124: conditions_qd124, QD366: conditions_qd366, ND335: conditions_nd335}[
        ctx.ruleset
    ]
    return rules(subject, ctx)


def all_at_least(grades: dict[str, str], minimum: str) -> bool:
    return all(GRADE_RANK[g] >= GRADE_RANK[minimum] for g in grades.values())


def others_at_least(grades: dict[str, str], minimum: str) -> bool:
    return all(GRADE_RANK[g] >= GRADE_RANK[minimum] for k, g in grades.items() if k != "tasks")


def qd132_po_members_condition(subject: Subject, ctx: Context) -> str | None:
    """qd132 party organisation: classified members (cell) or child POs (committee) all L3+
    and at least half L2+. Returns the failure text or None."""
    kind = ctx.units[subject["unit"]]["kind"]
    if kind in CELL_KINDS:
        levels = [ctx.final_level(m) for m in ctx.individuals_in.get(subject["unit"], [])]
        what = "member"
    elif kind in COMMITTEE_KINDS:
        levels = [ctx.final_level(ctx.party_organisation(c)) for c in ctx.children.get(subject["unit"], [])]
        what = "child party organisation"
    else:
        return None
    known = [lv for lv in levels if lv is not None]
    if not known:
        return None
    if any(lv == 4 for lv in known):
        return f"a classified {what} is L4"
    good = sum(1 for lv in known if lv <= 2)
    if 2 * good < len(known):
        return f"only {good} of {len(known)} classified {what}s are L2 or better (under 50 %)"
    return None


def conditions_qd132(subject: Subject, ctx: Context) -> dict[int, list[str]]:
    grades = grades_of(subject)
    tasks_grade = grades["tasks"]
    fails: dict[int, list[str]] = {1: [], 2: [], 3: []}
    if tasks_grade != "XS":
        fails[1].append("tasks not graded XS")
    if not others_at_least(grades, "T"):
        fails[1].append("another criterion below T")
    membership = subject.get("membership")
    csl = subject.get("civil_service_level")
    if subject["type"] == "individual" and membership is not None and csl is not None and csl != "L1":
        fails[1].append(f"party member's civil-service level is {csl}, not L1")
    if GRADE_RANK[tasks_grade] < GRADE_RANK["T"]:
        fails[2].append("tasks below T")
    if not others_at_least(grades, "TB"):
        fails[2].append("another criterion below TB")
    if subject["category"] == "party_organisation":
        failure = qd132_po_members_condition(subject, ctx)
        if failure is not None:
            fails[2].append(failure)
            fails[1].append(failure)
    if not all_at_least(grades, "TB"):
        fails[3].append("a criterion below TB")
    return fails


def conditions_qd124(subject: Subject, ctx: Context) -> dict[int, list[str]]:
    grades = grades_of(subject)
    tasks = subject.get("tasks")
    products = subject.get("specific_products", True)
    fails: dict[int, list[str]] = {1: [], 2: [], 3: []}
    if not all_at_least(grades, "T"):
        fails[1].append("a criterion below T")
    if grades["tasks"] != "XS":
        fails[1].append("tasks not graded XS")
    if not all_at_least(grades, "TB"):
        fails[2].append("a criterion below TB")
        fails[3].append("a criterion below TB")
    if GRADE_RANK[grades["tasks"]] < GRADE_RANK["T"]:
        fails[2].append("tasks below T")
    if not products:
        for level in (1, 2, 3):
            fails[level].append("results not backed by specific products")
    if subject["type"] == "individual":
        if not tasks_all_done(tasks):
            fails[1].append("not all tasks completed")
        if not tasks_on_time(tasks):
            fails[1].append("not all tasks on time")
        if not tasks_exceeded_at_least(tasks, HALF):
            fails[1].append("under 50 % of tasks exceeded")
    else:
        subs = subject.get("subordinates") or {}
        member_entries = in_force_entries(subject.get("member_discipline"), ctx)
        if subs.get("disciplined", 0) != 0:
            fails[1].append("a subordinate unit disciplined")
        if member_entries:
            fails[1].append("a member disciplined")
        if subs.get("disciplined", 0) - subs.get("disciplined_self_detected", 0) != 0:
            fails[2].append("a subordinate unit disciplined (not self-detected)")
            fails[3].append("a subordinate unit disciplined (not self-detected)")
        if not all(e.get("self_detected_remedied", False) for e in member_entries):
            fails[2].append("a member disciplined (not self-detected and remedied)")
            fails[3].append("a member disciplined (not self-detected and remedied)")
    return fails


def conditions_qd366(subject: Subject, ctx: Context) -> dict[int, list[str]]:
    score = score_of(subject)
    assert score is not None  # missing input was settled before the level conditions
    tasks = subject.get("tasks")
    fails: dict[int, list[str]] = {1: [], 2: [], 3: []}
    for level, minimum in ((1, 90), (2, 70), (3, 50)):
        if score < minimum:
            fails[level].append(f"score below {minimum}")
    if not tasks_all_done(tasks):
        for level in (1, 2, 3):
            fails[level].append("not all tasks completed")
    if not tasks_on_time(tasks):
        fails[1].append("not all tasks on time")
        fails[2].append("not all tasks on time")
    if not tasks_exceeded_at_least(tasks, Fraction(3, 10)):
        fails[1].append("under 30 % of tasks exceeded")
    if not tasks_late_at_most(tasks, Fraction(1, 5)):
        fails[3].append("over 20 % of tasks late")
    shortcomings = subject.get("shortcomings")
    if shortcomings is not None and shortcomings["remedied"] != shortcomings["noted"]:
        fails[1].append("not all shortcomings remedied")
    if subject["type"] == "collective":
        subs = subject.get("subordinates") or {}
        if subs.get("disciplined", 0) != 0:
            fails[1].append("a subordinate unit disciplined")
        if in_force_entries(subject.get("member_discipline"), ctx):
            fails[1].append("a member disciplined")
    if is_leader(subject):
        for unit in led_units(subject):
            org = ctx.organisation(unit)
            if org is None:
                continue  # a led unit without an organisation subject does not block
            org_tasks = org.get("tasks")
            if not tasks_all_done(org_tasks):
                for level in (1, 2, 3):
                    fails[level].append(f"led unit {unit} did not complete all tasks")
            if not tasks_exceeded_at_least(org_tasks, Fraction(3, 10)):
                fails[1].append(f"led unit {unit} exceeded under 30 % of tasks")
            if not tasks_on_time(org_tasks):
                fails[2].append(f"led unit {unit} not all tasks on time")
            if not tasks_late_at_most(org_tasks, Fraction(1, 5)):
                fails[3].append(f"led unit {unit} over 20 % of tasks late")
    return fails


def conditions_nd335(subject: Subject, ctx: Context) -> dict[int, list[str]]:
    score = score_of(subject)
    assert score is not None  # missing input was settled before the level conditions
    fails: dict[int, list[str]] = {1: [], 2: [], 3: []}
    for level, minimum in ((1, 90), (2, 70), (3, 50)):
        if score < minimum:
            fails[level].append(f"score below {minimum}")
    return fails


def score_band(score: Fraction) -> int | None:
    if score >= 90:
        return 1
    if score >= 70:
        return 2
    if score >= 50:
        return 3
    return None


# --------------------------------------------------------------------------- stage 4: caps


def apply_cap(result: dict[str, Any], cap: int, reason: Reason, unconfirmed: bool) -> None:
    """Lower the level to `cap` (a larger number is a lower level); a reason only when it bites."""
    if result["level"] is not None and result["level"] < cap:
        result["level"] = cap
        result["reasons"].append(reason)
        if unconfirmed:
            add_flag(result, "unconfirmed_rule")


def apply_caps(subject: Subject, result: dict[str, Any], ctx: Context) -> None:
    if result["status"] != "classified":
        return
    cap = eligibility_cap(subject, ctx)
    if cap is not None:
        apply_cap(result, cap[0], cap[1], False)
    if subject["type"] == "individual" and subject.get("head_of") is not None:
        org_level = ctx.final_level(ctx.organisation(subject["head_of"]))
        if org_level is not None:
            apply_cap(
                result,
                org_level,
                ctx.reason(
                    "head_capped_by_unit",
                    "FORMAT §3.4",
                    f"Head of {subject['head_of']} is at most that unit's level L{org_level}",
                ),
                ctx.ruleset != QD132,
            )
    if subject["category"] == "leadership_collective":
        org_level = ctx.final_level(ctx.organisation(subject["unit"]))
        if org_level is not None:
            apply_cap(
                result,
                org_level,
                ctx.reason(
                    "leadership_collective_capped_by_organisation",
                    "FORMAT §3.4",
                    f"Leadership collective is at most its organisation's level L{org_level}",
                ),
                ctx.ruleset != QD132,
            )


# --------------------------------------------------------------------------- one subject, pre-quota


def add_flag(result: dict[str, Any], flag: str) -> None:
    if flag not in result["flags"]:
        result["flags"].append(flag)


def evaluate_pre_quota(subject: Subject, ctx: Context) -> dict[str, Any]:
    result: dict[str, Any] = {"status": None, "level": None, "reasons": [], "flags": []}

    # 1. eligibility: any outcome ends the pipeline
    outcome = eligibility(subject, ctx)
    if outcome is not None:
        result["status"], reason = outcome
        result["reasons"].append(reason)
        return result

    # 2. disqualifiers, even when other input is missing
    found = disqualifiers(subject, ctx)
    if found:
        result["status"], result["level"] = "classified", 4
        result["reasons"].extend(found)
    # 3. level conditions
    elif not has_input(subject, ctx):
        result["status"] = "needs_decision"
        add_flag(result, "missing_input")
        needed = "score" if ctx.ruleset in SCORE_BASED else "grades with a tasks entry"
        result["reasons"].append(ctx.reason("missing_input", "FORMAT §3.1(3)", f"No {needed}: a person must decide"))
    else:
        fails = level_conditions(subject, ctx)
        level = next((lv for lv in (1, 2, 3) if not fails[lv]), None)
        for higher in (1, 2, 3):
            if level is not None and higher >= level:
                break
            result["reasons"].append(
                ctx.reason(
                    f"level{higher}_conditions_not_met", "FORMAT §3.2", f"Not L{higher}: " + "; ".join(fails[higher])
                )
            )
        if ctx.ruleset in SCORE_BASED:
            score = score_of(subject)
            assert score is not None
            band = score_band(score)
            if band is not None and (level is None or level > band):
                add_flag(result, "band_condition_mismatch")
                if level is not None:
                    add_flag(result, "unconfirmed_rule")
        if level is None:
            result["status"] = "needs_decision"
            result["reasons"].append(
                ctx.reason(
                    "no_level_conditions_met", "FORMAT §3.1(3)", "No level's conditions hold: a person must decide"
                )
            )
        else:
            result["status"], result["level"] = "classified", level
            if level in (2, 3) and subject["type"] == "individual" and ctx.ruleset in (QD132, QD124):
                add_flag(result, "unconfirmed_rule")
        if (
            ctx.ruleset == QD132
            and subject["category"] == "party_organisation"
            and level != 1
            and grades_of(subject)["tasks"] == "XS"
            and others_at_least(grades_of(subject), "T")
            and qd132_po_members_condition(subject, ctx) is not None
        ):
            add_flag(result, "unconfirmed_rule")  # the PO's L1 condition (members) changed the level

    # 4. caps
    apply_caps(subject, result, ctx)
    return result


# --------------------------------------------------------------------------- stage 5: quota


def settle_group(group: str, ctx: Context) -> dict[str, Any] | None:
    members = ctx.groups[group]
    level1 = [
        s for s in members if ctx.results[s["id"]]["status"] == "classified" and ctx.results[s["id"]]["level"] == 1
    ]
    level2 = [
        s for s in members if ctx.results[s["id"]]["status"] == "classified" and ctx.results[s["id"]]["level"] == 2
    ]
    c, b = len(level1), len(level2)
    if c == 0:
        return None
    exception = group in ctx.exceptions and ctx.ruleset in EXCEPTION_RATIO_RULESETS
    ratio = Fraction(1, 4) if exception else Fraction(1, 5)
    exact = ratio * (b + c) / (1 + ratio)
    allowance = exact.numerator // exact.denominator  # floor
    keep = min(c, allowance)
    demote = c - keep

    def merit(s: Subject) -> tuple:
        primary = score_of(s) if ctx.ruleset in SCORE_BASED else xs_count(s)
        return (primary, -s.get("quota_priority", 0))

    # demotion order: lowest merit first, then highest priority, then greatest id
    order = sorted(level1, key=lambda s: s["id"], reverse=True)
    order = sorted(order, key=merit)
    for s in order[:demote]:
        result = ctx.results[s["id"]]
        result["level"] = 2
        result["reasons"].append(
            ctx.reason(
                "quota_level1_over_20pct_of_level2",
                "FORMAT §3.5",
                f"Group {group}: {c} at L1, {b} at L2, at most {allowance} may keep L1",
            )
        )
    if 0 < demote < c:
        boundary = merit(order[demote - 1])
        if merit(order[demote]) == boundary:
            for s in level1:
                if merit(s) == boundary:
                    add_flag(ctx.results[s["id"]], "quota_tie")
    # best effort unconfirmed_rule: rounding down / nd335 exceptional ratio changed a level
    if demote > 0 and exact != allowance and allowance < c:
        add_flag(ctx.results[order[demote - 1]["id"]], "unconfirmed_rule")
    if exception and ctx.ruleset == ND335:
        normal = Fraction(b + c, 6)
        normal_keep = min(c, normal.numerator // normal.denominator)
        for s in order[demote : c - normal_keep]:
            add_flag(ctx.results[s["id"]], "unconfirmed_rule")
    return {
        "group": group,
        "level1_before": c,
        "level2_before": b,
        "max_level1": allowance,
        "level1_after": keep,
        "level2_after": b + demote,
        "exception": exception,
    }


# --------------------------------------------------------------------------- entry point


def classify_naive(scenario: dict) -> dict:
    ctx = Context(scenario)
    quota_entries: dict[str, dict[str, Any]] = {}
    for kind, name in evaluation_order(ctx):
        if kind == "pre":
            ctx.results[name] = evaluate_pre_quota(ctx.by_id[name], ctx)
        elif kind == "settle":
            entry = settle_group(name, ctx)
            if entry is not None:
                quota_entries[name] = entry
        # "final": nothing to do, the subject's result is final once its group is settled

    results = []
    for s in ctx.subjects:
        r = ctx.results[s["id"]]
        results.append(
            {
                "subject": s["id"],
                "status": r["status"],
                "level": level_name(r["level"]),
                "reasons": r["reasons"],
                "flags": r["flags"],
            }
        )
    quota = []
    for s in ctx.subjects:
        group = group_of(s)
        if group in quota_entries:
            quota.append(quota_entries.pop(group))
    return {"format": "danhgia-result/1", "ruleset": ctx.ruleset, "results": results, "quota": quota}
