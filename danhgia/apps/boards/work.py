"""What waits for a user in each cycle, by role: subjects to verify, proposals to decide, results to publish,
complaints to answer. The home page lists it; each board opens on the cycle that needs the user most.

Counts follow the scope rules of the boards (scope.competent_q): the advisory body verifies what its scope
covers, the competent level decides one level down, complaints go two levels up.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db.models import QuerySet

from danhgia.apps.boards.scope import AnyUser, competent_q, reference_date, scope_of
from danhgia.apps.cycles.models import CycleState, ReviewCycle
from danhgia.apps.orgs.models import UnitLink
from danhgia.apps.orgs.selectors import in_force
from danhgia.apps.reviews.models import Complaint, ComplaintState, Review, ReviewState

VERIFYING = (CycleState.VERIFICATION, CycleState.DECISION)  # where review_verify accepts a proposal
DECIDING = (CycleState.DECISION,)
PUBLISHING = (CycleState.DECISION, CycleState.PUBLISHED)


def _units(user: AnyUser, roles: Sequence[str], cycle: ReviewCycle, levels: int) -> QuerySet[UnitLink, Any]:
    on = reference_date(cycle)
    paths = scope_of(user, roles, on)
    return UnitLink.objects.filter(in_force(on)).filter(competent_q(paths, levels)).values("unit_id")


def to_verify(user: AnyUser, roles: Sequence[str], cycle: ReviewCycle) -> int:
    """Submitted self-reviews without a proposal yet (0 when the cycle takes no proposals)."""
    if cycle.state not in VERIFYING:
        return 0
    units = _units(user, roles, cycle, 0)
    return Review.objects.filter(cycle=cycle, state=ReviewState.SUBMITTED, unit_id__in=units).count()


def to_decide(user: AnyUser, roles: Sequence[str], cycle: ReviewCycle) -> tuple[int, int]:
    """(verified proposals to decide, decided results to publish) where the user is the competent level."""
    if cycle.state not in PUBLISHING:
        return 0, 0
    units = _units(user, roles, cycle, 1)
    reviews = Review.objects.filter(cycle=cycle, unit_id__in=units)
    verified = reviews.filter(state=ReviewState.VERIFIED).count() if cycle.state in DECIDING else 0
    return verified, reviews.filter(state=ReviewState.DECIDED).count()


def to_answer(user: AnyUser, roles: Sequence[str], cycle: ReviewCycle) -> int:
    """Open complaints the user's scope hears (the level above the competent one)."""
    units = _units(user, roles, cycle, 2)
    return Complaint.objects.filter(review__cycle=cycle, state=ComplaintState.OPEN, review__unit_id__in=units).count()


def needing(cycles: list[ReviewCycle], pending: dict[int, int], states: Sequence[str]) -> ReviewCycle | None:
    """The cycle a board should open on: the newest with work waiting for the user, else the newest at a step
    where the board acts (`states`), else the newest (None: no cycle)."""
    return next(
        (c for c in cycles if pending.get(c.pk, 0) > 0),
        next((c for c in cycles if c.state in states), cycles[0] if cycles else None),
    )


def verification_cycle(user: AnyUser, roles: Sequence[str], cycles: list[ReviewCycle]) -> ReviewCycle | None:
    pending = {c.pk: to_verify(user, roles, c) for c in cycles if c.state in VERIFYING}
    return needing(cycles, pending, VERIFYING)


def decision_cycle(user: AnyUser, roles: Sequence[str], cycles: list[ReviewCycle]) -> ReviewCycle | None:
    pending = {c.pk: sum(to_decide(user, roles, c)) for c in cycles if c.state in PUBLISHING}
    return needing(cycles, pending, DECIDING)


def complaints_cycle(user: AnyUser, roles: Sequence[str], cycles: list[ReviewCycle]) -> ReviewCycle | None:
    return needing(cycles, {c.pk: to_answer(user, roles, c) for c in cycles}, PUBLISHING)
