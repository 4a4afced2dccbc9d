"""Step 2: verification by the advisory body — the engine's level with reasons, then the body's proposal."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia.apps.access.duties import Duties, require_no_conflict
from danhgia.apps.access.models import Role
from danhgia.apps.access.services import require_role
from danhgia.apps.audit.batches import audit_batch, digest
from danhgia.apps.audit.services import audit_record, cycle_chain
from danhgia.apps.cycles.models import ReviewCycle, RulesetVersion
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.orgs.models import Post, PostRole, Unit, UnitLink
from danhgia.apps.orgs.selectors import in_force, path_range, unit_link_on
from danhgia.apps.reviews.bulk import update_rows
from danhgia.apps.reviews.facts import scenario_for, subject_id
from danhgia.apps.reviews.models import Decision, DecisionKind, Outcome, Review, ReviewState
from danhgia.apps.reviews.services.common import (
    Permissions,
    audit,
    lock_batch,
    lock_review,
    next_state,
    record_decisions,
    reference_date,
    refresh_statistics,
    require,
    require_phase,
    snapshot,
)
from danhgia.apps.reviews.terms import apply_term
from danhgia.domain.workflow import FINAL_STATES, SELF_REVIEWED, ReviewAction
from danhgia.engine import ScenarioError, classify_facts, prepare
from danhgia.engine.explain import render

ENGINE_FIELDS = ("engine_status", "engine_level", "engine_reasons", "engine_flags")


@dataclass(frozen=True)
class Computed:
    reviews: int
    by_status: dict[str, int]
    quota: list[dict[str, Any]]


def scope_closure(cycle: ReviewCycle, seed: set[int], *, quota: bool = True) -> set[int]:
    """The reviews whose results those in `seed` depend on or share a quota group with (to a fixed point).

    `quota=False`: only what they depend on through the units (the units their people head, the units below) —
    enough for the order of decisions, whose quota is counted apart; a quota group of collectives can span a
    province, and widening by it would read the whole province for one cell's decision."""
    end = reference_date(cycle)
    ids = set(seed)
    for _round in range(8):
        rows = Review.objects.filter(pk__in=ids).values_list("quota_group_id", "unit_id", "person_id")
        groups = {g for g, _, _ in rows} if quota else set()
        units = {u for _, u, _ in rows}
        people = {p for _, _, p in rows if p}
        units |= set(
            Post.objects.filter(
                in_force(end), person_id__in=people, role__in=[PostRole.HEAD, PostRole.DEPUTY]
            ).values_list("unit_id", flat=True)
        )
        units |= set(UnitLink.objects.filter(in_force(end), parent_id__in=units).values_list("unit_id", flat=True))
        grown = set(
            Review.objects.filter(Q(quota_group_id__in=groups) | Q(unit_id__in=units), cycle=cycle).values_list(
                "pk", flat=True
            )
        )
        if grown <= ids:
            return ids
        ids |= grown
    return ids


def _subtree_reviews(cycle: ReviewCycle, unit: Unit) -> set[int]:
    link = unit_link_on(unit=unit, on=reference_date(cycle))
    if link is None:
        return set()
    units = UnitLink.objects.filter(in_force(reference_date(cycle)), path_range(link.path)).values("unit_id")
    return set(Review.objects.filter(cycle=cycle, unit_id__in=units).values_list("pk", flat=True))


def classify_reviews(cycle: ReviewCycle, ids: set[int]) -> dict[str, Any]:
    """Run the cycle's pinned rule set on these reviews; bad data becomes a ValidationError naming the subject.

    Each reason carries its text in Vietnamese (`detail`) and English (`detail_en`), so the pages show the
    reasons in the reader's language."""
    try:
        rules = cycle_rules(cycle)  # the version the cycle pinned when it opened
    except RulesetVersion.DoesNotExist:
        raise ValidationError(_("The rule set changed since the cycle opened; it cannot be applied.")) from None
    try:
        _rules, _scenario, facts = prepare(scenario_for(cycle, ids), rules)
    except ScenarioError as error:
        raise ValidationError(_("The data cannot be classified: %(error)s") % {"error": error.line()}) from None
    outcome = classify_facts(rules, facts)
    result = render(rules, facts, outcome, "vi")
    english = render(rules, facts, outcome, "en")
    for vi, en in zip(result["results"], english["results"], strict=True):
        for reason, translated in zip(vi["reasons"], en["reasons"], strict=True):
            reason["detail_en"] = translated["detail"]
    apply_term(cycle, result, {subject_id(pk): pk for pk in ids})
    return result


@transaction.atomic
def verification_compute(*, cycle: ReviewCycle, unit: Unit, actor: User, now: datetime | None = None) -> Computed:
    """Compute the engine's proposal for every review under `unit` (and what they depend on); one audit entry."""
    cycle = ReviewCycle.objects.get(pk=cycle.pk)
    require_role(actor, Role.VERIFIER, unit, reference_date(cycle))
    require_phase(cycle, ReviewAction.VERIFY)
    ids = scope_closure(cycle, _subtree_reviews(cycle, unit))
    result = classify_reviews(cycle, ids)
    by_subject = {r["subject"]: r for r in result["results"]}
    reviews = list(Review.objects.select_for_update().filter(pk__in=ids).only("pk", *ENGINE_FIELDS))
    counts: dict[str, int] = {}
    for review in reviews:
        r = by_subject[subject_id(review.pk)]
        review.engine_status, review.engine_level = r["status"], r["level"] or ""
        review.engine_reasons, review.engine_flags = r["reasons"], r["flags"]
        counts[r["status"]] = counts.get(r["status"], 0) + 1
    update_rows(Review, ENGINE_FIELDS, [[getattr(r, f) for f in ENGINE_FIELDS] + [r.pk] for r in reviews])
    audit_record(
        chain=cycle_chain(cycle.pk),
        actor=actor,
        action="verification_compute",
        object_type="unit",
        object_id=unit.pk,
        at=now or timezone.now(),
        after={
            "reviews": len(reviews),
            "by_status": counts,
            "ruleset": cycle.ruleset_sha256,
            "digest": digest(sorted((r["subject"], r["status"], r["level"]) for r in result["results"])),
        },
    )
    refresh_statistics(
        cycle=cycle,
        unit_ids=set(Review.objects.filter(pk__in=ids).values_list("unit_id", flat=True)),
        actor=actor,
        now=now or timezone.now(),
    )
    return Computed(len(reviews), counts, result["quota"])


def _propose(review: Review, actor: User, status: str, level: str, note: str, now: datetime) -> None:
    before = snapshot(review, "state", "verified_status", "verified_level", "verification_note")
    review.verified_status, review.verified_level, review.verification_note = status, level, note
    review.state = next_state(review, ReviewAction.VERIFY)
    review.save(update_fields=["verified_status", "verified_level", "verification_note", "state"])
    Decision.objects.create(
        review=review, kind=DecisionKind.VERIFY, status=status, level=level, grounds=note, by=actor, at=now
    )
    audit(
        review=review,
        actor=actor,
        action="review_verify",
        at=now,
        before=before,
        after=snapshot(review, "state", "verified_status", "verified_level", "verification_note"),
        reason=note,
    )


def _check_proposal(review: Review, status: str, level: str, justification: str) -> None:
    if not review.engine_status:
        raise ValidationError(_("Compute the engine's levels before proposing."))
    if status not in Outcome.values or status == Outcome.NEEDS_DECISION:
        raise ValidationError({"status": _("Propose classified, exempt or not classified.")})
    if (status == Outcome.CLASSIFIED) != bool(level):
        raise ValidationError({"level": _("A classified subject needs a level, and only it.")})
    if status == Outcome.CLASSIFIED and review.state not in SELF_REVIEWED:
        raise ValidationError(_("The self-review has not been submitted yet."))
    differs = (status, level) != (review.engine_status, review.engine_level)
    if differs and not justification.strip():
        raise ValidationError({"justification": _("A proposal that differs from the engine's needs a justification.")})


@transaction.atomic
def review_verify(
    *,
    review: Review,
    actor: User,
    status: str,
    level: str = "",
    justification: str = "",
    now: datetime | None = None,
) -> Review:
    """The advisory body's proposal for one subject."""
    review = lock_review(review.pk)
    require(actor, Role.VERIFIER, review)
    require_no_conflict(actor, review)  # own or a close relative's: the level above verifies
    require_phase(review.cycle, ReviewAction.VERIFY)
    if review.state in FINAL_STATES:
        raise ValidationError(_("This subject has already been decided."))
    _check_proposal(review, status, level, justification)
    now = now or timezone.now()
    _propose(review, actor, status, level, justification.strip(), now)
    refresh_statistics(cycle=review.cycle, unit_ids={review.unit_id}, actor=actor, now=now)
    return review


@transaction.atomic
def reviews_accept_engine(*, reviews: Iterable[Review], actor: User, now: datetime | None = None) -> int:
    """Bulk-accept the engine's levels where it decided one; returns how many were proposed (one audit entry)."""
    now = now or timezone.now()
    permissions = Permissions(actor)
    batch = lock_batch(reviews)
    accepted, changes = [], []
    duties = Duties(actor)  # own and close relatives' reviews are left to the level above
    for review in batch:
        permissions.require(Role.VERIFIER, review)
        require_phase(review.cycle, ReviewAction.VERIFY)
        ready = review.engine_status in (Outcome.EXEMPT, Outcome.NOT_CLASSIFIED) or (
            review.engine_status == Outcome.CLASSIFIED and review.state == ReviewState.SUBMITTED
        )
        ready = ready and duties.conflict(review) is None
        if ready and review.state not in FINAL_STATES:
            changes.append(
                (
                    review.pk,
                    {"state": review.state, "verified_level": review.verified_level},
                    {"state": next_state(review, ReviewAction.VERIFY), "verified_level": review.engine_level},
                )
            )
            review.verified_status, review.verified_level = review.engine_status, review.engine_level
            review.verification_note, review.state = "", next_state(review, ReviewAction.VERIFY)
            accepted.append(review)
    fields = ("verified_status", "verified_level", "verification_note", "state")
    update_rows(Review, fields, [[getattr(r, f) for f in fields] + [r.pk] for r in accepted])
    record_decisions(accepted, kind=DecisionKind.VERIFY, actor=actor, at=now, level_of="verified")
    if accepted:
        audit_batch(cycle_id=accepted[0].cycle_id, actor=actor, action="reviews_accept_engine", at=now, changes=changes)
        refresh_statistics(cycle=accepted[0].cycle, unit_ids={r.unit_id for r in accepted}, actor=actor, now=now)

    return len(accepted)
