"""Step 3: the competent level decides — in the required order, within the quota — then publishes."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from fractions import Fraction
from typing import Literal

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia.apps.cycles.models import CycleState, QuotaGroup, ReviewCycle
from danhgia.apps.orgs.models import Post, UnitKind
from danhgia.apps.orgs.selectors import in_force
from danhgia.apps.reviews.bulk import update_rows
from danhgia.apps.reviews.facts import scenario_for, subject_id
from danhgia.apps.reviews.models import Decision, DecisionKind, Outcome, Review, ReviewState
from danhgia.apps.reviews.services.common import (
    Permissions,
    audit_batch,
    reference_date,
    refresh_statistics,
    require_cycle_state,
)
from danhgia.apps.reviews.services.verification import scope_closure
from danhgia.engine import builtin_ruleset, dependency_edges, prepare
from danhgia.engine.quota import allowed_level1

FINAL = (ReviewState.DECIDED, ReviewState.PUBLISHED, ReviewState.COMPLAINED)
PARTY_RULESETS = ("qd132-2018", "qd124-2023", "qd366-2025")


BlockerCode = Literal["dependency", "civil_service_result"]


@dataclass(frozen=True)
class Blocker:
    """One reason why `review_id` cannot be decided yet: the decision on `waits_for` (a dependency), or the
    subject's civil-service result of the year (`waits_for` None)."""

    review_id: int
    waits_for: int | None
    code: BlockerCode
    message: str


@dataclass(frozen=True)
class Readiness:
    """Which reviews of a batch can be decided now, together, in the required order; why the others cannot.

    `ready` is the largest part of the batch that a single `reviews_decide` call accepts: every dependency of a
    ready review is decided already or ready itself. `blockers` has an entry for each review that is not ready.
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

    Dependencies (organisation before its head and its leadership collective, members before their party
    organisation, …) come from the engine's edges, computed once over the batch's scope. A dependency counts
    when it is decided already or is itself ready in the batch: the ready set is the largest fixed point, found
    by setting aside what is blocked and, in turn, what waits for it. Party members who are civil servants
    wait for their civil-service result of the year.
    """
    batch = set(review_ids)
    if not batch:
        return Readiness(frozenset(), {})
    ids = scope_closure(cycle, batch)
    document = scenario_for(cycle, ids)
    rules, _scenario, facts = prepare(document, builtin_ruleset(cycle.ruleset))
    rows = [int(s[1:]) for s in facts.ids.tolist()]
    dep, dependant = dependency_edges(rules, facts)
    subjects = list(Review.objects.filter(pk__in=ids).values_list("pk", "state", "person_id"))
    decided = {pk for pk, state, _person in subjects if state in FINAL}
    waits: dict[int, list[int]] = defaultdict(list)  # review of the batch -> its undecided dependencies
    dependants: dict[int, list[int]] = defaultdict(list)
    for d, s in zip(dep.tolist(), dependant.tolist(), strict=True):
        if rows[s] in batch and rows[d] != rows[s] and rows[d] not in decided:
            waits[rows[s]].append(rows[d])
            dependants[rows[d]].append(rows[s])
    rated = {int(s["id"][1:]) for s in document["subjects"] if "civil_service_level" in s}
    members = {p: pk for pk, _state, p in subjects if pk in batch and p}
    unrated = _without_civil_service_result(cycle, members, rated)
    # Set aside whatever waits for something outside the batch or for its civil-service result, then whatever
    # waits for something set aside, until nothing changes.
    aside = [pk for pk in batch if pk in unrated or any(d not in batch for d in waits[pk])]
    ready = set(batch) - set(aside)
    while aside:
        for pk in dependants.get(aside.pop(), ()):
            if pk in ready:
                ready.discard(pk)
                aside.append(pk)
    found: dict[int, tuple[Blocker, ...]] = {}
    for pk in sorted(batch - ready):
        reasons = [Blocker(pk, d, "dependency", dependency_message(subject_id(d))) for d in waits[pk] if d not in ready]
        if pk in unrated:
            reasons.append(Blocker(pk, None, "civil_service_result", civil_service_message()))
        found[pk] = tuple(reasons)
    return Readiness(frozenset(ready), found)


def _without_civil_service_result(cycle: ReviewCycle, members: dict[int, int], rated: set[int]) -> set[int]:
    """The reviews of party members (`members`: person -> review) who are civil servants and whose review is not
    among those with a civil-service result of the year (`rated`, read with the engine's facts)."""
    if cycle.ruleset not in PARTY_RULESETS or not members:
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
    rules = builtin_ruleset(cycle.ruleset)
    groups = {r.quota_group_id for r in batch}
    for group in QuotaGroup.objects.filter(pk__in=groups):
        rows = Review.objects.filter(quota_group=group).values_list("pk", "state", "decided_level", "verified_level")
        chosen = {r.pk: r.verified_level for r in batch}
        final = [chosen.get(pk, decided if state in FINAL else None) for pk, state, decided, _ in rows]
        expected = [chosen.get(pk, decided if state in FINAL else verified) for pk, state, decided, verified in rows]
        c, b = final.count("L1"), expected.count("L2") + expected.count("L1") - final.count("L1")
        ratio: Fraction | None = rules.quota_ratio
        if group.exception:
            ratio = rules.quota_exception_ratio  # None: no exceptional ratio, the recorded grounds stand
        if ratio is None:
            continue
        allowed = allowed_level1(c, b, ratio, rules.quota_rounding)
        if c > allowed:
            raise ValidationError(
                _(
                    "Quota group %(group)s would keep %(c)d at level 1 but may keep %(k)d (at most 20 %% of level 2); "
                    "lower some proposals or record an exception with its grounds."
                )
                % {"group": group.name, "c": c, "k": allowed}
            )


@transaction.atomic
def reviews_decide(*, reviews: Iterable[Review], actor: User, now: datetime | None = None) -> int:
    """Decide the advisory body's proposals (one subject or a whole unit); all or nothing, one audit entry."""
    batch = list(
        Review.objects.select_for_update()
        .select_related("cycle", "unit")
        .filter(pk__in=[r.pk for r in reviews])
        .order_by("pk")
    )
    if not batch:
        return 0
    cycle = batch[0].cycle
    if any(r.cycle_id != cycle.pk for r in batch):
        raise ValidationError(_("Decide one cycle at a time."))
    require_cycle_state(cycle, CycleState.DECISION)
    permissions = Permissions(actor)
    for review in batch:
        permissions.require_competent(review)
        if review.state != ReviewState.VERIFIED:
            raise ValidationError(_("%(subject)s has no verified proposal to decide.") % {"subject": review})
    waiting = blockers(cycle, {r.pk for r in batch})
    if waiting:
        first = min(waiting)
        raise ValidationError(
            _("Not in the required order: %(subject)s %(why)s.")
            % {"subject": subject_id(first), "why": "; ".join(waiting[first])}
        )
    _check_quota(cycle, batch)
    now = now or timezone.now()
    changes = []
    for review in batch:
        changes.append(
            (
                review.pk,
                {"state": review.state, "decided_level": review.decided_level},
                {
                    "state": ReviewState.DECIDED,
                    "decided_status": review.verified_status,
                    "decided_level": review.verified_level,
                },
            )
        )
        review.decided_status, review.decided_level = review.verified_status, review.verified_level
        review.state, review.decided_at = ReviewState.DECIDED, now
    fields = ("decided_status", "decided_level", "state", "decided_at")
    update_rows(Review, fields, [[getattr(r, f) for f in fields] + [r.pk] for r in batch])
    Decision.objects.bulk_create(
        [
            Decision(
                review=r, kind=DecisionKind.DECIDE, status=r.decided_status, level=r.decided_level, by=actor, at=now
            )
            for r in batch
        ],
        batch_size=2000,
    )
    audit_batch(cycle_id=cycle.pk, actor=actor, action="reviews_decide", at=now, changes=changes)
    refresh_statistics(cycle=cycle, unit_ids={r.unit_id for r in batch}, actor=actor, now=now)
    return len(batch)


@transaction.atomic
def reviews_publish(*, reviews: Iterable[Review], actor: User, now: datetime | None = None) -> int:
    """Make decided results visible to their subjects (one audit entry)."""
    now = now or timezone.now()
    permissions = Permissions(actor)
    batch = list(
        Review.objects.select_for_update()
        .select_related("cycle", "unit")
        .filter(pk__in=[r.pk for r in reviews])
        .order_by("pk")
    )
    for review in batch:
        permissions.require_competent(review)
        require_cycle_state(review.cycle, CycleState.DECISION, CycleState.PUBLISHED)
    published = [r for r in batch if r.state == ReviewState.DECIDED]
    for review in published:
        review.state, review.published_at = ReviewState.PUBLISHED, now
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
