"""What one shard of each job kind does (inside the transaction that marks the shard done)."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User

from danhgia.apps.cycles.models import CycleState, ReviewCycle
from danhgia.apps.pipeline.compute import compute_shard
from danhgia.apps.pipeline.facts import Shard, shard_review_ids
from danhgia.apps.pipeline.models import JobKind, JobShard, JobState, ShardState
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.services import reviews_decide, reviews_publish
from danhgia.apps.reviews.services.common import require_cycle_state
from danhgia.apps.reviews.services.decision import blockers
from danhgia.apps.reviews.services.opening import cycle_open


def open_step(cycle: ReviewCycle, shard: Shard, actor: User, now: datetime) -> int:
    """Opening creates every review of the cycle in one COPY (`cycle_open`); it is one shard."""
    return cycle_open(cycle=ReviewCycle.objects.get(pk=cycle.pk), actor=actor, now=now)


def compute_step(cycle: ReviewCycle, shard: Shard, actor: User, now: datetime) -> int:
    """The shard's levels with everything they depend on; the cycle's other pending provinces whose reviews all
    lie in what was written are marked done in the same transaction (their results were just written)."""
    cycle = ReviewCycle.objects.get(pk=cycle.pk)
    require_cycle_state(cycle, CycleState.VERIFICATION, CycleState.DECISION)
    result = compute_shard(cycle=cycle, shard=shard, actor=actor, now=now)
    pending = JobShard.objects.select_for_update(skip_locked=True).filter(
        job__cycle=cycle,
        job__kind=JobKind.COMPUTE,
        job__state__in=[JobState.QUEUED, JobState.RUNNING],
        state=ShardState.PENDING,
    )
    for other in pending:
        ids = shard_review_ids(cycle, Shard(other.key, other.unit_id, other.name))
        if set(ids.tolist()) <= result.covered:
            other.state, other.reviews, other.finished_at = ShardState.DONE, len(ids), now
            other.worker = f"{shard.key} (covered)"
            other.save(update_fields=["state", "reviews", "finished_at", "worker"])
    return result.own


def publish_step(cycle: ReviewCycle, shard: Shard, actor: User, now: datetime) -> int:
    """Decide the verified proposals the rules allow now (quota, order), layer by layer, then publish every
    decided result of the province; what must wait stays verified. Returns how many were published."""
    cycle = ReviewCycle.objects.get(pk=cycle.pk)
    require_cycle_state(cycle, CycleState.DECISION, CycleState.PUBLISHED)
    own = Review.objects.filter(pk__in=shard_review_ids(cycle, shard).tolist())
    while pending := set(own.filter(state=ReviewState.VERIFIED).values_list("pk", flat=True)):
        ready = pending - set(blockers(cycle, pending))
        if not ready:
            break
        reviews_decide(reviews=list(Review.objects.filter(pk__in=ready)), actor=actor, now=now)
    return reviews_publish(reviews=list(own.filter(state=ReviewState.DECIDED)), actor=actor, now=now)


STEPS = {"open": open_step, "compute": compute_step, "publish": publish_step}
