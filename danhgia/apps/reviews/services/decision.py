"""Step 3: the competent level decides — in the required order, within the quota — then publishes."""

from __future__ import annotations

import contextlib
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

import numpy as np
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from danhgia.apps.access.duties import Duties
from danhgia.apps.audit.batches import audit_batch
from danhgia.apps.cycles.models import QuotaGroup, ReviewCycle
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.orgs.models import Post, UnitKind
from danhgia.apps.orgs.selectors import in_force
from danhgia.apps.pipeline import columns
from danhgia.apps.reviews.bulk import update_rows
from danhgia.apps.reviews.facts import scenario_for, subject_id
from danhgia.apps.reviews.models import DecisionKind, Outcome, Review, ReviewState
from danhgia.apps.reviews.services.common import (
    Permissions,
    lock_batch,
    next_state,
    record_decisions,
    reference_date,
    refresh_statistics,
    require_phase,
)
from danhgia.apps.reviews.services.verification import scope_closure
from danhgia.domain.workflow import AWAITING_DECISION, FINAL_STATES, Block, BlockCode, ReviewAction, decision_order
from danhgia.domain.workflow import ReviewState as WorkflowReviewState
from danhgia.engine import CompiledRuleset, ScenarioError, dependency_edges, prepare
from danhgia.engine.facts import Facts
from danhgia.engine.quota import allowed_level1

FINAL = tuple(sorted(s.value for s in FINAL_STATES))  # the decided level stands (a complaint does not suspend it)


BlockerCode = BlockCode


@dataclass(frozen=True)
class Blocker:
    """One reason why `review_id` cannot be decided yet: the decision on `waits_for` (a dependency), the
    subject's civil-service result of the year, or its quota group over the limit (`waits_for` None)."""

    review_id: int
    waits_for: int | None
    code: BlockerCode
    message: str


@dataclass(frozen=True)
class Readiness:
    """Which reviews of a batch can be decided now, together, in the required order; why the others cannot.

    `ready` is what a single `reviews_decide` call accepts: every dependency of a ready review is decided already
    or ready itself, and no quota group is left over its limit (its level-1 proposals are held back, since the
    competent level must choose which to lower). `blockers` has an entry for each review that is not ready.
    """

    ready: frozenset[int]
    blockers: dict[int, tuple[Blocker, ...]]

    def is_ready(self, review_id: int) -> bool:
        return review_id in self.ready

    def waited_for(self) -> set[int]:
        """Every review some blocked review waits for."""
        return {b.waits_for for found in self.blockers.values() for b in found if b.waits_for is not None}


def dependency_message(subject: str) -> str:
    return _("waits for the decision on %(subject)s") % {"subject": subject}


def civil_service_message() -> str:
    return _("waits for the civil-service result of the year")


def decision_readiness(cycle: ReviewCycle, review_ids: set[int]) -> Readiness:
    """Which of these reviews can be decided now, together, and what blocks the others (docs/regulations/party.md §8.2).

    The order is the domain's (danhgia.domain.workflow.order.decision_order) over the engine's dependency edges,
    computed once over the batch's scope. Party members who are civil servants wait for their civil-service result
    of the year; a quota group that the ready proposals would leave over its limit holds back its level-1
    proposals (and what waits for them), so that what can be decided is decided and the held ones say why.
    """
    batch = set(review_ids)
    if not batch:
        return Readiness(frozenset(), {})
    ids = scope_closure(cycle, batch, quota=False)  # what the batch waits for; the quota is counted below
    rules, facts = _facts(cycle, ids)
    rows = [int(s[1:]) for s in facts.ids.tolist()]
    dep, dependant = dependency_edges(rules, facts)
    subjects = list(
        Review.objects.filter(pk__in=ids).values_list("pk", "state", "person_id", "quota_group_id", "verified_level")
    )
    states = {pk: WorkflowReviewState(state) for pk, state, *_rest in subjects}
    rated = {rows[i] for i in np.flatnonzero(facts.civil_service_level).tolist()}  # a civil-service result
    members = {p: pk for pk, _state, p, *_rest in subjects if pk in batch and p}
    unrated = _without_civil_service_result(cycle, members, rated)
    proposals = {pk: (group, level) for pk, _state, _p, group, level in subjects}
    held: dict[int, Blocker] = {}

    def hold(ready: frozenset[int]) -> dict[int, BlockCode]:
        held.update(_quota_holds(cycle, {pk: proposals[pk] for pk in ready}))
        return dict.fromkeys(held, "quota")

    order = decision_order(
        batch,
        states,
        [(rows[d], rows[s]) for d, s in zip(dep.tolist(), dependant.tolist(), strict=True)],
        aside=dict.fromkeys(unrated, "civil_service_result"),
        hold=hold,
    )
    found: dict[int, tuple[Blocker, ...]] = {}
    for pk in sorted(order.blocked):
        found[pk] = tuple(_blocker(block, held) for block in order.blocked[pk])
    return Readiness(order.ready, found)


COLUMNS_FROM = 1000  # reviews: below, the document path costs fewer queries than the column reader's own


def _facts(cycle: ReviewCycle, ids: set[int]) -> tuple[CompiledRuleset, Facts]:
    """The engine's facts of these reviews: many are read as columns (`pipeline.columns`); few, and anything
    unusual, through the validating document path, which reports bad data as it always did."""
    rules = cycle_rules(cycle)
    if len(ids) >= COLUMNS_FROM:
        with columns.scope(np.array(sorted(ids), np.int64)), contextlib.suppress(columns.Unusual, ScenarioError):
            return rules, columns.scope_facts(cycle, rules)
    return rules, prepare(scenario_for(cycle, ids), rules)[2]


def _blocker(block: Block[int], held: dict[int, Blocker]) -> Blocker:
    """The domain's reason, with its message in the active language (a quota hold says which group and why)."""
    if block.code == "quota":
        return held[block.subject]
    if block.code == "civil_service_result" or block.waits_for is None:
        return Blocker(block.subject, None, "civil_service_result", civil_service_message())
    return Blocker(block.subject, block.waits_for, "dependency", dependency_message(subject_id(block.waits_for)))


@dataclass(frozen=True)
class QuotaExcess:
    """A quota group that a batch would leave over its limit: `level1` kept at level 1, `allowed` at most."""

    group: QuotaGroup
    level1: int
    allowed: int
    ratio: Fraction

    def message(self) -> str:
        return _(
            "quota group %(group)s would keep %(c)d at level 1 but may keep %(k)d (level 1 at most %(ratio)s of "
            "level 2): lower some level-1 proposals or record an exception with its grounds"
        ) % {"group": self.group.name, "c": self.level1, "k": self.allowed, "ratio": percent(self.ratio)}


def percent(ratio: Fraction) -> str:
    """1/5 → "20 %", 1/4 → "25 %" (the quota's ratio as the regulations write it, in the active language)."""
    value = ratio * 100
    exact = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01")).normalize()
    return f"{number_format(exact, use_l10n=True)} %"


def _group_excess(
    group: QuotaGroup, rows: list[tuple[int, str, str, str]], chosen: dict[int, str], rules: CompiledRuleset
) -> QuotaExcess | None:
    """Whether deciding the `chosen` reviews (id -> proposed level) leaves `group` over its limit. `rows` are
    the group's reviews (id, state, decided level, verified level)."""
    final = [chosen.get(pk, decided if state in FINAL else None) for pk, state, decided, _ in rows]
    expected = [chosen.get(pk, decided if state in FINAL else verified) for pk, state, decided, verified in rows]
    c, b = final.count("L1"), expected.count("L2") + expected.count("L1") - final.count("L1")
    ratio: Fraction | None = rules.quota_ratio
    if group.exception:
        ratio = rules.quota_exception_ratio  # None: no exceptional ratio, the recorded grounds stand
    if ratio is None:
        return None
    allowed = allowed_level1(c, b, ratio, rules.quota_rounding)
    return QuotaExcess(group, c, allowed, ratio) if c > allowed else None


def _quota_rows(groups: set[int]) -> dict[int, list[tuple[int, str, str, str]]]:
    rows: dict[int, list[tuple[int, str, str, str]]] = defaultdict(list)
    for group_id, pk, state, decided, verified in Review.objects.filter(quota_group_id__in=groups).values_list(
        "quota_group_id", "pk", "state", "decided_level", "verified_level"
    ):
        rows[group_id].append((pk, state, decided, verified))
    return rows


def _quota_holds(cycle: ReviewCycle, proposals: dict[int, tuple[int, str]]) -> dict[int, Blocker]:
    """Which of the ready reviews (`proposals`: id -> quota group, proposed level) a quota group over its limit
    holds back, with why: the group's level-1 proposals (the competent level cannot tell which of them to keep),
    or all of its ready reviews when the level-1 results already decided exceed the limit on their own. The
    others of the group can be decided."""
    if not proposals:
        return {}
    rules = cycle_rules(cycle)
    groups = {group for group, _level in proposals.values()}
    rows = _quota_rows(groups)
    held: dict[int, Blocker] = {}
    for group in QuotaGroup.objects.filter(pk__in=groups):
        mine = {pk: level for pk, (g, level) in proposals.items() if g == group.pk}
        excess = _group_excess(group, rows[group.pk], mine, rules)
        if excess is None:
            continue
        level1 = {pk for pk, level in mine.items() if level == "L1"}
        rest = {pk: level for pk, level in mine.items() if pk not in level1}
        still = _group_excess(group, rows[group.pk], rest, rules)
        for pk in sorted(mine if still is not None else level1):
            held[pk] = Blocker(pk, None, "quota", (still or excess).message())
    return held


def _without_civil_service_result(cycle: ReviewCycle, members: dict[int, int], rated: set[int]) -> set[int]:
    """The reviews of party members (`members`: person -> review) who are civil servants and whose review is not
    among those with a civil-service result of the year (`rated`, read with the engine's facts)."""
    if cycle_rules(cycle).side != "party" or not members:
        return set()
    civil = Post.objects.filter(in_force(reference_date(cycle)), person_id__in=members, unit__kind=UnitKind.AGENCY)
    return {members[person] for person in set(civil.values_list("person_id", flat=True))} - rated


def blockers(cycle: ReviewCycle, batch: set[int]) -> dict[int, list[str]]:
    """For each review of the batch that cannot be decided with it, why (see `decision_readiness`); a batch
    with no entry can be decided in one call."""
    readiness = decision_readiness(cycle, batch)
    return {pk: [b.message for b in found] for pk, found in readiness.blockers.items()}


def _check_quota(cycle: ReviewCycle, batch: list[Review]) -> None:
    """Refuse to finalise a group over its limit unless the competent level recorded an exception."""
    rules = cycle_rules(cycle)
    groups = {r.quota_group_id for r in batch}
    rows = _quota_rows(groups)
    chosen = {r.pk: r.verified_level for r in batch}
    for group in QuotaGroup.objects.filter(pk__in=groups).order_by("pk"):
        excess = _group_excess(group, rows[group.pk], chosen, rules)
        if excess is not None:
            raise ValidationError(
                _(
                    "Quota group %(group)s would keep %(c)d at level 1 but may keep %(k)d (at most 20 %% of level 2); "
                    "lower some proposals or record an exception with its grounds."
                )
                % {"group": group.name, "c": excess.level1, "k": excess.allowed}
            )


@transaction.atomic
def reviews_decide(*, reviews: Iterable[Review], actor: User, now: datetime | None = None) -> int:
    """Decide the advisory body's proposals (one subject or a whole unit); all or nothing, one audit entry."""
    batch = lock_batch(reviews)
    if not batch:
        return 0
    cycle = batch[0].cycle
    if any(r.cycle_id != cycle.pk for r in batch):
        raise ValidationError(_("Decide one cycle at a time."))
    require_phase(cycle, ReviewAction.DECIDE)
    permissions = Permissions(actor)
    for review in batch:
        permissions.require_competent(review)
        if review.state not in AWAITING_DECISION:
            raise ValidationError(_("%(subject)s has no verified proposal to decide.") % {"subject": review})
    Duties(actor).require_all(batch)  # own or a close relative's review: the level above decides
    _check_quota(cycle, batch)  # first: a batch within the quota has no quota blocker below
    waiting = blockers(cycle, {r.pk for r in batch})
    if waiting:
        first = min(waiting)
        raise ValidationError(
            _("Not in the required order: %(subject)s %(why)s.")
            % {"subject": subject_id(first), "why": "; ".join(waiting[first])}
        )
    now = now or timezone.now()
    changes = []
    for review in batch:
        changes.append(
            (
                review.pk,
                {"state": review.state, "decided_level": review.decided_level},
                {
                    "state": next_state(review, ReviewAction.DECIDE),
                    "decided_status": review.verified_status,
                    "decided_level": review.verified_level,
                },
            )
        )
        review.decided_status, review.decided_level = review.verified_status, review.verified_level
        review.state, review.decided_at = next_state(review, ReviewAction.DECIDE), now
    fields = ("decided_status", "decided_level", "state", "decided_at")
    update_rows(Review, fields, [[getattr(r, f) for f in fields] + [r.pk] for r in batch])
    record_decisions(batch, kind=DecisionKind.DECIDE, actor=actor, at=now, level_of="decided")
    audit_batch(cycle_id=cycle.pk, actor=actor, action="reviews_decide", at=now, changes=changes)
    refresh_statistics(cycle=cycle, unit_ids={r.unit_id for r in batch}, actor=actor, now=now)
    return len(batch)


@transaction.atomic
def reviews_publish(*, reviews: Iterable[Review], actor: User, now: datetime | None = None) -> int:
    """Make decided results visible to their subjects (one audit entry)."""
    now = now or timezone.now()
    permissions = Permissions(actor)
    batch = lock_batch(reviews)
    for review in batch:
        permissions.require_competent(review)
        require_phase(review.cycle, ReviewAction.PUBLISH)
    published = [r for r in batch if r.state == ReviewState.DECIDED]
    for review in published:
        review.state, review.published_at = next_state(review, ReviewAction.PUBLISH), now
    update_rows(Review, ("state", "published_at"), [[r.state, r.published_at, r.pk] for r in published])
    if published:
        audit_batch(
            cycle_id=published[0].cycle_id,
            actor=actor,
            action="reviews_publish",
            at=now,
            changes=[(r.pk, {"state": ReviewState.DECIDED}, {"state": ReviewState.PUBLISHED}) for r in published],
        )
        refresh_statistics(cycle=published[0].cycle, unit_ids={r.unit_id for r in published}, actor=actor, now=now)
    return len(published)


def decision_outcome(review: Review) -> tuple[str, str]:
    return review.decided_status or Outcome.NEEDS_DECISION, review.decided_level
