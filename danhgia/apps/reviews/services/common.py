"""What every review service shares: the cycle's reference date, role checks, audit and history rows."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from danhgia.apps.access.models import Role
from danhgia.apps.access.services import person_of, require_role
from danhgia.apps.audit.services import audit_record, cycle_chain
from danhgia.apps.cycles.models import CycleState, ReviewCycle
from danhgia.apps.orgs.models import PATH_SEGMENT, Unit, UnitLink
from danhgia.apps.orgs.selectors import in_force
from danhgia.apps.reviews.facts import cycle_dates
from danhgia.apps.reviews.models import Review


def reference_date(cycle: ReviewCycle) -> date:
    """The tree and the registry as they stood at the period's end."""
    return cycle_dates(cycle)[1]


def require(actor: User, role: str, review: Review) -> None:
    require_role(actor, role, review.unit, reference_date(review.cycle))


def superior(unit: Unit, on: date, levels: int = 1) -> Unit:
    """The unit `levels` steps up the tree on `on` (the root stands for itself)."""
    for _step in range(levels):
        parent = UnitLink.objects.filter(in_force(on), unit=unit).values_list("parent", flat=True).first()
        if parent is None:
            break
        unit = Unit.objects.get(pk=parent)
    return unit


def require_competent(actor: User, review: Review, levels: int = 1) -> None:
    """The competent level is above the subject's unit: the grassroots committee decides its cells' members,
    the immediate superior committee a party organisation (docs/regulations/party.md §9); complaints go one higher."""
    on = reference_date(review.cycle)
    require_role(actor, Role.DECIDER, superior(review.unit, on, levels), on)


def require_subject(actor: User, review: Review, secretary_role: str) -> None:
    """The person under review themselves; for a collective, its head or secretary."""
    if review.person_id is not None:
        person = person_of(actor)
        if person is None or person.pk != review.person_id:
            raise PermissionDenied(_("Only the person under review can do this."))
    else:
        require(actor, secretary_role, review)


def require_cycle_state(cycle: ReviewCycle, *states: str) -> None:
    if cycle.state not in states:
        labels = ", ".join(str(CycleState(s).label) for s in states)
        raise ValidationError(_("The cycle must be in one of these states: %(states)s.") % {"states": labels})


def audit(*, review: Review, actor: User, action: str, at: datetime, before: Any, after: Any, reason: str = "") -> None:
    audit_record(
        chain=cycle_chain(review.cycle_id),
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


def audit_batch(
    *, cycle_id: int, actor: User, action: str, at: datetime, changes: list[tuple[int, Any, Any]], reason: str = ""
) -> None:
    """One entry for a batch: every review it changed, with before and after, and a digest of them."""
    rows = [[review_id, before, after] for review_id, before, after in changes]
    text = json.dumps(rows, sort_keys=True, default=str, ensure_ascii=False)
    audit_record(
        chain=cycle_chain(cycle_id),
        actor=actor,
        action=action,
        object_type="batch",
        object_id=len(rows),
        at=at,
        after={"reviews": rows, "digest": hashlib.sha256(text.encode()).hexdigest()},
        reason=reason,
    )


def refresh_statistics(*, cycle: ReviewCycle, unit_ids: set[int], actor: User, now: datetime) -> None:
    """Keep the cycle's statistics (the reports' summary tables) in step with a batch, in its transaction:
    the smallest subtree holding every unit the batch touched is recomputed, then its ancestors."""
    from danhgia.apps.reports.services import summaries_refresh

    on = reference_date(cycle)
    paths = list(UnitLink.objects.filter(in_force(on), unit_id__in=unit_ids).values_list("path", flat=True))
    common = _common_path(paths)
    unit = Unit(pk=int(common[-PATH_SEGMENT:])) if common else None
    root = UnitLink.objects.filter(in_force(on), unit_id=cycle.root_id).values_list("path", flat=True).first() or ""
    if unit is not None and (not common.startswith(root) or common == root):
        unit = None  # the whole cycle
    summaries_refresh(cycle=cycle, actor=actor, unit=unit, now=now)


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
