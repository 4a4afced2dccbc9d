"""What-if replay: a whole cycle classified again under a draft, read-only, beside the cycle's own rules and
what was decided (or proposed). Nothing is written: the reviews and their results stay as they are.

`replay_cycle` runs the engine twice on the same facts (the cycle's pinned rule set, then the draft) through
the columnar path and compares the outcomes column by column; per-subject explanations are rendered only for
the subjects that move (and for every subject in the spreadsheet export).
"""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.lab.facts import cycle_facts, review_pk
from danhgia.apps.orgs.models import UnitLink
from danhgia.apps.orgs.selectors import in_force
from danhgia.apps.reviews.facts import cycle_dates
from danhgia.apps.reviews.models import Review
from danhgia.engine import CompiledRuleset, Outcome, classify_facts
from danhgia.engine.codes import STATUS_NAMES, Status
from danhgia.engine.explain import subject_result
from danhgia.engine.facts import Facts

RESULTS = ("L1", "L2", "L3", "L4", "exempt", "not_classified", "needs_decision", "")


def result_codes(outcome: Outcome) -> list[str]:
    """Per subject: "L1"…"L4" when classified, else the status name."""
    names = np.array([STATUS_NAMES[Status(s)] for s in range(len(STATUS_NAMES))], dtype=object)
    levels = np.array(["", "L1", "L2", "L3", "L4"], dtype=object)
    classified = outcome.status == Status.CLASSIFIED
    out = np.where(classified, levels[outcome.level.astype(np.int64)], names[outcome.status.astype(np.int64)])
    return [str(v) for v in out.tolist()]


@dataclass(frozen=True)
class QuotaRow:
    group: str
    level2_before: int
    level1_before: int
    allowed_before: int
    level2_after: int
    level1_after: int
    allowed_after: int

    @property
    def demoted_before(self) -> int:
        return max(self.level1_before - self.allowed_before, 0)

    @property
    def demoted_after(self) -> int:
        return max(self.level1_after - self.allowed_after, 0)


@dataclass(frozen=True)
class SubjectRow:
    review: int
    name: str
    subject_type: str
    category: str
    unit: str
    decided: str  # what the cycle decided, else its proposal, else the engine's stored result
    before: str  # the cycle's rule set, recomputed now
    after: str  # the draft

    @property
    def moved(self) -> bool:
        return self.before != self.after


@dataclass
class Replay:
    cycle: ReviewCycle
    rows: list[SubjectRow]
    by_type: dict[str, dict[str, Counter[str]]]  # category → {"decided"/"before"/"after": counts}
    by_unit: dict[int, dict[str, Counter[str]]]  # unit pk → counts of its subtree
    unit_names: dict[int, str]
    unit_children: dict[int, list[int]]
    matrix: Counter[tuple[str, str]]
    quota: list[QuotaRow]
    reasons_before: Counter[str]
    reasons_after: Counter[str]
    seconds: float
    explain: Callable[[int], tuple[dict[str, Any], dict[str, Any]]] = field(repr=False)

    @property
    def moved(self) -> list[SubjectRow]:
        return [row for row in self.rows if row.moved]

    def reason_changes(self) -> list[tuple[str, int, int]]:
        """(rule code, subjects before, after) for every rule whose count changed; appeared ones first."""
        codes = set(self.reasons_before) | set(self.reasons_after)
        changed = [(c, self.reasons_before[c], self.reasons_after[c]) for c in codes]
        changed = [row for row in changed if row[1] != row[2]]
        return sorted(changed, key=lambda r: (r[1] != 0, r[0]))


def _reason_counts(rules: CompiledRuleset, outcome: Outcome) -> Counter[str]:
    """How many subjects each rule decided (as `explain.fired_rules` lists them), counted on whole columns."""
    counts: Counter[str] = Counter()
    open_ = outcome.eligibility < 0
    for rule in rules.rules("eligibility"):
        counts[rule.code] = int(np.count_nonzero(outcome.eligibility == rule.bit))
    for rule in rules.rules("input"):
        counts[rule.code] = int(np.count_nonzero(open_ & ((outcome.flags & 1) != 0)))
    for stage, masks in (("disqualifier", outcome.disqualifiers), ("level", outcome.failed), ("cap", outcome.caps)):
        for rule in rules.rules(stage):
            counts[rule.code] = int(np.count_nonzero(open_ & ((masks & np.uint64(rule.mask)) != 0)))
    for rule in rules.rules("quota"):
        counts[rule.code] = int(np.count_nonzero(open_ & outcome.demoted))
    return +counts


def _quota_rows(f: Facts, before: Outcome, after: Outcome) -> list[QuotaRow]:
    rows = []
    for g, name in enumerate(f.group_names):
        tb, ta = before.quota, after.quota
        if int(tb.level1[g]) == 0 and int(ta.level1[g]) == 0:
            continue
        rows.append(
            QuotaRow(
                name,
                int(tb.level2[g]),
                int(tb.level1[g]),
                int(tb.allowance[g]),
                int(ta.level2[g]),
                int(ta.level1[g]),
                int(ta.allowance[g]),
            )
        )
    return sorted(rows, key=lambda r: (-max(r.demoted_after, r.demoted_before), r.group))


def _decided(row: Mapping[str, Any]) -> str:
    for status, level in (
        (row["decided_status"], row["decided_level"]),
        (row["verified_status"], row["verified_level"]),
        (row["engine_status"], row["engine_level"]),
    ):
        if status:
            return str(level) if status == "classified" else str(status)
    return ""


def _tree(cycle: ReviewCycle) -> tuple[dict[int, str], dict[int, list[int]], dict[int, list[int]]]:
    """Names, children and ancestors (itself included) of every unit under the cycle's root."""
    end = cycle_dates(cycle)[1]
    root = UnitLink.objects.filter(in_force(end), unit_id=cycle.root_id).values_list("path", flat=True).first() or ""
    links = list(
        UnitLink.objects.filter(in_force(end), path__startswith=root).values_list("unit_id", "parent_id", "unit__name")
    )
    names = {pk: name for pk, _parent, name in links}
    parent = {pk: p for pk, p, _name in links}
    children: dict[int, list[int]] = defaultdict(list)
    for pk, p, _name in links:
        if p in names and pk != cycle.root_id:
            children[p].append(pk)
    ancestors: dict[int, list[int]] = {}
    for pk in names:
        chain, at = [pk], pk
        while at != cycle.root_id and parent.get(at) in names:
            at = parent[at]
            chain.append(at)
        ancestors[pk] = chain
    for kids in children.values():
        kids.sort(key=lambda pk: names[pk])
    return names, dict(children), ancestors


def replay_cycle(cycle: ReviewCycle, draft: CompiledRuleset) -> Replay:
    """Classify `cycle` under its own rule set and under `draft`, and compare (read-only)."""
    started = time.perf_counter()
    base = cycle_rules(cycle)
    facts_before = cycle_facts(cycle, base)
    same_encoding = (base.quota_exception_ratio is None) == (draft.quota_exception_ratio is None)
    facts_after = facts_before if same_encoding else cycle_facts(cycle, draft)
    before, after = classify_facts(base, facts_before), classify_facts(draft, facts_after)
    seconds = time.perf_counter() - started
    codes_before, codes_after = result_codes(before), result_codes(after)
    pks = [review_pk(s) for s in facts_before.ids.tolist()]
    info = {
        row["id"]: row
        for row in Review.objects.filter(pk__in=pks).values(
            "id",
            "subject_type",
            "category",
            "unit_id",
            "unit__name",
            "person__full_name",
            "decided_status",
            "decided_level",
            "verified_status",
            "verified_level",
            "engine_status",
            "engine_level",
        )
    }
    names, children, ancestors = _tree(cycle)
    rows: list[SubjectRow] = []
    by_type: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    by_unit: dict[int, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    matrix: Counter[tuple[str, str]] = Counter()
    for pk, b, a in zip(pks, codes_before, codes_after, strict=True):
        r = info[pk]
        row = SubjectRow(
            pk,
            r["person__full_name"] or r["unit__name"],
            r["subject_type"],
            r["category"],
            r["unit__name"],
            _decided(r),
            b,
            a,
        )
        rows.append(row)
        matrix[(b, a)] += 1
        for key, value in (("decided", row.decided), ("before", b), ("after", a)):
            by_type[r["category"]][key][value] += 1
            for unit in ancestors.get(r["unit_id"], [r["unit_id"]]):
                by_unit[unit][key][value] += 1
    index = {pk: i for i, pk in enumerate(pks)}

    def explain(review: int) -> tuple[dict[str, Any], dict[str, Any]]:
        i = index[review]
        return subject_result(base, facts_before, before, i), subject_result(draft, facts_after, after, index[review])

    return Replay(
        cycle=cycle,
        rows=rows,
        by_type={k: dict(v) for k, v in by_type.items()},
        by_unit={k: dict(v) for k, v in by_unit.items()},
        unit_names=names,
        unit_children=children,
        matrix=matrix,
        quota=_quota_rows(facts_before, before, after),
        reasons_before=_reason_counts(base, before),
        reasons_after=_reason_counts(draft, after),
        seconds=seconds,
        explain=explain,
    )
