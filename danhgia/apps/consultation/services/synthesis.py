"""The editorial team's synthesis: confirm a suggested group of near-duplicate comments, and record the decision
on a comment (accepted, partly accepted, explained) with the response and, where the text changes, the wording
adopted."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danhgia.apps.consultation.models import Comment, CommentGroup, Consultation, Decision
from danhgia.apps.consultation.permissions import require_editor
from danhgia.apps.consultation.services.record import User, record
from danhgia.apps.orgs.services import nfc


@transaction.atomic
def group_confirm(
    *, consultation: Consultation, comments: Sequence[Comment], actor: User, now: datetime
) -> CommentGroup:
    """The comments are one: they are shown together and may be decided together."""
    require_editor(actor, consultation, now.date())
    ids = sorted({comment.pk for comment in comments})
    if len(ids) < 2 or Comment.objects.filter(pk__in=ids, consultation=consultation).count() != len(ids):
        raise ValidationError({"comments": [_("Choose two or more comments of this consultation.")]})
    group = CommentGroup.objects.create(consultation=consultation, confirmed_by=actor, confirmed_at=now)
    Comment.objects.filter(pk__in=ids).update(group=group)
    record(
        consultation=consultation, actor=actor, action="group_confirm", target=group, at=now, after={"comments": ids}
    )
    return group


@transaction.atomic
def comment_decide(
    *,
    comment: Comment,
    decision: str,
    response: str,
    adopted_wording: str = "",
    with_group: bool = False,
    actor: User,
    now: datetime,
) -> list[Comment]:
    """Record the decision on `comment` (and on every comment of its group with `with_group`)."""
    comment = Comment.objects.select_related("consultation", "opinion").get(pk=comment.pk)
    consultation = comment.consultation
    require_editor(actor, consultation, now.date())
    response, adopted_wording = nfc(response), adopted_wording.strip()
    if decision not in Decision.values:
        raise ValidationError({"decision": [_("Choose accepted, partly accepted or explained.")]})
    if not response:
        raise ValidationError({"response": [_("Write the response to the comment.")]})
    if decision == Decision.EXPLAINED and adopted_wording:
        raise ValidationError({"adopted_wording": [_("An explained comment changes no wording.")]})
    if adopted_wording and comment.provision_id is None:
        raise ValidationError({"adopted_wording": [_("A comment on the whole draft changes no wording.")]})
    if comment.opinion is not None and comment.opinion.state == "draft":
        raise ValidationError({"comment": [_("The unit has not submitted this comment yet.")]})
    targets = [comment]
    if with_group and comment.group_id is not None:
        targets = list(Comment.objects.filter(group_id=comment.group_id).order_by("pk"))
    decided = []
    for target in Comment.objects.select_for_update().filter(pk__in=[t.pk for t in targets]).order_by("pk"):
        before = {"decision": target.decision, "response": target.response, "adopted_wording": target.adopted_wording}
        target.decision, target.response, target.decided_by, target.decided_at = decision, response, actor, now
        target.adopted_wording = adopted_wording if target.provision_id == comment.provision_id else ""
        target.save(update_fields=["decision", "response", "adopted_wording", "decided_by", "decided_at"])
        after = {"decision": decision, "response": response, "adopted_wording": target.adopted_wording}
        record(
            consultation=consultation,
            actor=actor,
            action="comment_decide",
            target=target,
            at=now,
            before=before,
            after=after,
        )
        decided.append(target)
    return decided
