"""The competent level decides a level other than the advisory body's proposal, with its reason.

The competent level chooses: the proposal is advice. Deciding another level is one subject at a time, needs a
written reason, keeps the required order (what the subject waits for is decided first) and the quota (with
the chosen level in place of the proposal), and writes the proposal, the choice and the reason on the audit
chain and in the subject's decision history.
"""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia.apps.access.duties import require_no_conflict
from danhgia.apps.cycles.models import CycleState
from danhgia.apps.reviews.models import LEVELS, Decision, DecisionKind, Outcome, Review, ReviewState
from danhgia.apps.reviews.services.common import (
    audit,
    lock_review,
    refresh_statistics,
    require_competent,
    require_cycle_state,
)
from danhgia.apps.reviews.services.decision import _check_quota, decision_readiness

LEVEL_CODES = {code for code, _label in LEVELS}


@transaction.atomic
def review_decide_other(*, review: Review, actor: User, level: str, reason: str, now: datetime | None = None) -> Review:
    """Decide `level` (L1…L4) for one verified subject instead of the proposal, for `reason`."""
    locked = lock_review(review.pk)
    cycle = locked.cycle
    require_cycle_state(cycle, CycleState.DECISION)
    require_competent(actor, locked)
    require_no_conflict(actor, locked)  # own or a close relative's review: the level above decides
    if locked.state != ReviewState.VERIFIED:
        raise ValidationError(_("%(subject)s has no verified proposal to decide.") % {"subject": locked})
    if level not in LEVEL_CODES:
        raise ValidationError({"level": _("Choose the level to decide.")})
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for deciding a level other than the proposal.")})
    if level == locked.verified_level and locked.verified_status == Outcome.CLASSIFIED:
        raise ValidationError({"level": _("This is the proposed level: decide the proposal instead.")})
    waiting = [
        b.message for b in decision_readiness(cycle, {locked.pk}).blockers.get(locked.pk, ()) if b.code != "quota"
    ]
    if waiting:
        raise ValidationError(_("Not in the required order: %(why)s.") % {"why": "; ".join(waiting)})
    proposed = (locked.verified_status, locked.verified_level)
    locked.verified_level = level  # in memory only: the quota counted with the chosen level
    _check_quota(cycle, [locked])
    locked.verified_status, locked.verified_level = proposed
    now = now or timezone.now()
    before = {"state": locked.state, "decided_level": locked.decided_level, "proposed_level": proposed[1]}
    locked.decided_status, locked.decided_level = Outcome.CLASSIFIED, level
    locked.state, locked.decided_at = ReviewState.DECIDED, now
    locked.save(update_fields=["decided_status", "decided_level", "state", "decided_at"])
    Decision.objects.create(
        review=locked,
        kind=DecisionKind.DECIDE,
        status=Outcome.CLASSIFIED,
        level=level,
        grounds=reason.strip(),
        by=actor,
        at=now,
    )
    after = {"state": ReviewState.DECIDED, "decided_level": level, "proposed_level": proposed[1]}
    audit(review=locked, actor=actor, action="review_decide_other", at=now, before=before, after=after, reason=reason)
    refresh_statistics(cycle=cycle, unit_ids={locked.unit_id}, actor=actor, now=now)
    return locked
