"""Objective-cause claims on fed tasks (models.ObjectiveCauseClaim): the person files one, the head of the unit
approves or rejects it with a reason. Each write is on the `api` audit chain in the same transaction; a refused
call changes nothing.

Who decides: a person holding the head post, in the month of the task, of a unit where the claimant holds a
post that month (Decree 335 Art. 14: "the competent level"); never the claimant. A head's own claim waits for
another head of a unit of theirs (the level above is not modelled).
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, datetime

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import pgettext

from danhgia.apps.access.services import person_of
from danhgia.apps.api.models import ClaimState, ObjectiveCauseClaim, TaskRecord
from danhgia.apps.api.services.systems import API_CHAIN
from danhgia.apps.audit.services import audit_record
from danhgia.apps.orgs.models import Post, PostRole
from danhgia.apps.orgs.selectors import in_force


def month_end(month: date) -> date:
    return month.replace(day=monthrange(month.year, month.month)[1])


def _snapshot(claim: ObjectiveCauseClaim) -> dict[str, object]:
    return {
        "claim": claim.pk,
        "system": claim.system_id,
        "external_id": claim.external_id,
        "task": claim.task_id,
        "person": claim.person_id,
        "cause": claim.cause,
        "evidence": claim.evidence,
        "state": claim.state,
        "decision_reason": claim.decision_reason,
    }


@transaction.atomic
def claim_file(
    *, actor: User, task: TaskRecord, cause: str, evidence: str, now: datetime | None = None
) -> ObjectiveCauseClaim:
    """The task's person claims an objective cause for its delays or failed quality checks."""
    task = TaskRecord.objects.select_for_update().get(pk=task.pk)
    person = person_of(actor)
    if person is None or person.pk != task.person_id:
        raise PermissionDenied(pgettext("api", "Only the person the task was assigned to can claim for it."))
    errors: dict[str, str] = {}
    if not task.is_current:
        errors["task"] = pgettext("api", "A later version of this task was fed: claim on the current one.")
    elif not task.delays and not task.quality_failures:
        errors["task"] = pgettext("api", "This task has no delay and no failed quality check to claim for.")
    if not cause.strip():
        errors["cause"] = pgettext("api", "Describe the objective cause.")
    if not evidence.strip():
        errors["evidence"] = pgettext("api", "Name the evidence (a document number or an attached file).")
    open_claims = ObjectiveCauseClaim.objects.filter(system_id=task.system_id, external_id=task.external_id)
    if not errors and open_claims.exclude(state=ClaimState.REJECTED).exists():
        errors["task"] = pgettext("api", "This task already has a claim awaiting a decision or approved.")
    if errors:
        raise ValidationError(errors)
    now = now or timezone.now()
    try:
        with transaction.atomic():
            claim = ObjectiveCauseClaim.objects.create(
                system_id=task.system_id,
                external_id=task.external_id,
                task=task,
                person_id=task.person_id,
                cause=cause.strip(),
                evidence=evidence.strip(),
                claimed_by=actor,
                claimed_at=now,
            )
    except IntegrityError:
        raise ValidationError(
            {"task": pgettext("api", "This task already has a claim awaiting a decision or approved.")}
        ) from None
    audit_record(
        chain=API_CHAIN,
        actor=actor,
        action="objective_cause_claim",
        object_type=ObjectiveCauseClaim._meta.label_lower,
        object_id=claim.pk,
        at=now,
        after=_snapshot(claim),
    )
    return claim


def may_decide(actor: User, claim: ObjectiveCauseClaim) -> bool:
    """Whether `actor` heads, in the task's month, a unit where the claimant holds a post then."""
    head = person_of(actor)
    if head is None or head.pk == claim.person_id:
        return False
    on = month_end(claim.task.month)
    units = Post.objects.filter(in_force(on), person_id=claim.person_id).values("unit_id")
    return Post.objects.filter(in_force(on), person=head, role=PostRole.HEAD, unit_id__in=units).exists()


def claims_to_decide(actor: User) -> list[ObjectiveCauseClaim]:
    """Pending claims `actor` may decide, oldest first. Only the claims of people who ever held a post in a unit
    the actor ever headed are read (the home page asks this of everyone); each is then checked for its month."""
    head = person_of(actor)
    if head is None:
        return []
    headed = Post.objects.filter(person=head, role=PostRole.HEAD).values("unit_id")
    colleague = Post.objects.filter(person_id=OuterRef("person_id"), unit_id__in=headed)
    pending = (
        ObjectiveCauseClaim.objects.filter(Exists(colleague), state=ClaimState.PENDING)
        .exclude(person=head)
        .select_related("task", "person", "system")
        .order_by("claimed_at", "pk")
    )
    return [claim for claim in pending if may_decide(actor, claim)]


@transaction.atomic
def claim_decide(
    *, actor: User, claim: ObjectiveCauseClaim, approve: bool, reason: str, now: datetime | None = None
) -> ObjectiveCauseClaim:
    """The head of the unit approves or rejects a pending claim, saying why."""
    claim = ObjectiveCauseClaim.objects.select_for_update().select_related("task").get(pk=claim.pk)
    if not may_decide(actor, claim):
        raise PermissionDenied(pgettext("api", "Only the head of the person's unit decides on this claim."))
    if claim.state != ClaimState.PENDING:
        raise ValidationError(pgettext("api", "This claim was already decided."))
    if not reason.strip():
        raise ValidationError({"reason": pgettext("api", "Give the reason for the decision.")})
    before = _snapshot(claim)
    now = now or timezone.now()
    claim.state = ClaimState.APPROVED if approve else ClaimState.REJECTED
    claim.decided_by, claim.decided_at, claim.decision_reason = actor, now, reason.strip()
    claim.save(update_fields=["state", "decided_by", "decided_at", "decision_reason"])
    audit_record(
        chain=API_CHAIN,
        actor=actor,
        action="objective_cause_approve" if approve else "objective_cause_reject",
        object_type=ObjectiveCauseClaim._meta.label_lower,
        object_id=claim.pk,
        at=now,
        before=before,
        after=_snapshot(claim),
        reason=claim.decision_reason,
    )
    return claim


def excused(person_id: int) -> set[tuple[int, str]]:
    """(system, external id) of the person's tasks with an approved claim."""
    rows = ObjectiveCauseClaim.objects.filter(Q(person_id=person_id), state=ClaimState.APPROVED)
    return set(rows.values_list("system_id", "external_id"))
