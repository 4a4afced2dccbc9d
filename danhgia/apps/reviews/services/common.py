"""What every review service shares: the cycle's reference date, the workflow and role checks (the domain's
tables through danhgia.apps.access), audit entries, locking a batch and recording its decisions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from danhgia.apps.access import services as access
from danhgia.apps.access.models import Role
from danhgia.apps.audit.services import audit_record, cycle_chain
from danhgia.apps.cycles.models import CycleState, ReviewCycle
from danhgia.apps.cycles.periods import cycle_dates
from danhgia.apps.orgs.models import PATH_SEGMENT, Unit, UnitLink
from danhgia.apps.orgs.selectors import in_force
from danhgia.apps.reviews.bulk import insert_rows
from danhgia.apps.reviews.models import Decision, Review, ReviewState
from danhgia.domain.workflow import Action, ReviewAction, TransitionError, phase_allows, review_transition
from danhgia.domain.workflow import CycleState as WorkflowCycleState
from danhgia.domain.workflow import ReviewState as WorkflowReviewState


def reference_date(cycle: ReviewCycle) -> date:
    """The tree and the registry as they stood at the period's end."""
    return cycle_dates(cycle)[1]


def require(actor: User, role: str, review: Review) -> None:
    access.require_role(actor, role, review.unit, reference_date(review.cycle))


def require_action(actor: User, action: Action, review: Review) -> None:
    """`actor` may perform `action` on this review (at the competent level when the action is a decision)."""
    access.require(actor, action, review.unit, reference_date(review.cycle))


def require_competent(actor: User, review: Review, levels: int = 1) -> None:
    """The competent level is above the subject's unit: the grassroots committee decides its cells' members,
    the immediate superior committee a party organisation (docs/regulations/party.md §9); complaints go one higher."""
    on = reference_date(review.cycle)
    access.require_role(actor, Role.DECIDER, access.superior(review.unit, on, levels), on)


def require_subject(actor: User, review: Review, secretary_role: str = Role.SECRETARY) -> None:
    """The person under review themselves; for a collective, its secretary or head."""
    access.require_subject(actor, review.person_id, review.unit, reference_date(review.cycle))


def require_cycle_state(cycle: ReviewCycle, *states: str) -> None:
    if cycle.state not in states:
        labels = ", ".join(str(CycleState(s).label) for s in states)
        raise ValidationError(_("The cycle must be in one of these states: %(states)s.") % {"states": labels})


def require_phase(cycle: ReviewCycle, action: ReviewAction) -> None:
    """The cycle's phase allows `action` (danhgia.domain.workflow.review.REVIEW_ACTIONS_BY_PHASE)."""
    phases = [state for state in CycleState if phase_allows(action, WorkflowCycleState(state))]
    require_cycle_state(cycle, *phases)


def audit(*, review: Review, actor: User, action: str, at: datetime, before: Any, after: Any, reason: str = "") -> None:
    audit_record(
        chain=cycle_chain(review.cycle_id, review.unit_id),
        actor=actor,
        action=action,
        object_type="review",
        object_id=review.pk,
        at=at,
        before=before,
        after=after,
        reason=reason,
    )


class Permissions:
    """Role checks for a batch of reviews, made once per distinct unit (a unit of 500 is one check)."""

    def __init__(self, actor: User) -> None:
        self.actor = actor
        self.checked: set[tuple[str, int, int]] = set()

    def require(self, role: str, review: Review) -> None:
        key = (role, review.unit_id, 0)
        if key not in self.checked:
            require(self.actor, role, review)
            self.checked.add(key)

    def require_competent(self, review: Review, levels: int = 1) -> None:
        key = (Role.DECIDER, review.unit_id, levels)
        if key not in self.checked:
            require_competent(self.actor, review, levels)
            self.checked.add(key)


def share_cycles(cycle_ids: Iterable[int]) -> None:
    """Hold the cycles FOR SHARE until the transaction ends: a change of a cycle's phase (`cycle_advance`, FOR
    UPDATE) waits for the decisions under way, and they for it, while decisions on different reviews of one cycle
    go on side by side. (SQLite writes one transaction at a time: nothing to do.)"""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT id FROM "{ReviewCycle._meta.db_table}" WHERE id = ANY(%s) ORDER BY id FOR SHARE',
            [sorted(set(cycle_ids))],
        )


def lock_review(pk: int) -> Review:
    """The review, locked for the transaction (its row only; its cycle held FOR SHARE), with its cycle and unit."""
    share_cycles(Review.objects.filter(pk=pk).values_list("cycle_id", flat=True))
    return Review.objects.select_for_update(of=("self",)).select_related("cycle", "unit").get(pk=pk)


def lock_batch(reviews: Iterable[Review]) -> list[Review]:
    """The reviews, locked for the transaction, with their cycle and unit, in id order (one lock order for all)."""
    reviews = list(reviews)
    share_cycles({r.cycle_id for r in reviews})
    return list(
        Review.objects.select_for_update(of=("self",))
        .select_related("cycle", "unit")
        .filter(pk__in=[r.pk for r in reviews])
        .order_by("pk")
    )


def record_decisions(batch: list[Review], *, kind: str, actor: User, at: datetime, level_of: str) -> None:
    """One Decision row per review of the batch (`level_of`: "verified" or "decided", which result it records)."""
    insert_rows(
        Decision,
        ("review", "kind", "status", "level", "by", "at"),
        ((r.pk, kind, getattr(r, f"{level_of}_status"), getattr(r, f"{level_of}_level"), actor.pk, at) for r in batch),
    )


def refresh_statistics(*, cycle: ReviewCycle, unit_ids: set[int], actor: User, now: datetime) -> None:
    """Keep the cycle's statistics (the reports' summary tables) in step with a batch: the smallest subtree
    holding every unit the batch touched is queued in its transaction, and recomputed with its ancestors after
    the commit (reports.services.statistics_changed)."""
    from danhgia.apps.reports.services import statistics_changed

    on = reference_date(cycle)
    paths = list(UnitLink.objects.filter(in_force(on), unit_id__in=unit_ids).values_list("path", flat=True))
    common = _common_path(paths)
    unit = Unit(pk=int(common[-PATH_SEGMENT:])) if common else None
    root = UnitLink.objects.filter(in_force(on), unit_id=cycle.root_id).values_list("path", flat=True).first() or ""
    if unit is not None and (not common.startswith(root) or common == root):
        unit = None  # the whole cycle
    statistics_changed(cycle=cycle, actor=actor, unit=unit, now=now)


def _common_path(paths: list[str]) -> str:
    """The longest run of whole path segments every path starts with (their lowest common ancestor)."""
    if not paths:
        return ""
    first, whole = paths[0], min(len(p) for p in paths) // PATH_SEGMENT
    shared = 0
    while shared < whole and all(
        p[shared * PATH_SEGMENT : (shared + 1) * PATH_SEGMENT]
        == first[shared * PATH_SEGMENT : (shared + 1) * PATH_SEGMENT]
        for p in paths
    ):
        shared += 1
    return first[: shared * PATH_SEGMENT]


def snapshot(review: Review, *fields: str) -> dict[str, Any]:
    return {name: getattr(review, name) for name in fields}


def next_state(review: Review, action: ReviewAction) -> ReviewState:
    """The review's state after `action` (danhgia.domain.workflow.review), refused with the domain's reason when
    its state or its cycle's phase does not allow it."""
    try:
        target = review_transition(
            WorkflowReviewState(review.state), action, cycle_state=WorkflowCycleState(review.cycle.state)
        )
    except TransitionError as error:
        raise ValidationError(error.message.pick(get_language())) from None
    return ReviewState(target.value)
