"""A consulted unit's opinion: comments written into its draft, attachments, then one official submission (locked;
a later submission supersedes it and both are kept), or "agrees entirely" in one step."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from danhgia.apps.audit.services import row_values
from danhgia.apps.consultation.models import (
    Attachment,
    Comment,
    Consultation,
    ConsultationState,
    Opinion,
    OpinionState,
    Provision,
)
from danhgia.apps.consultation.permissions import require_commenter
from danhgia.apps.consultation.services.record import User, record
from danhgia.apps.orgs.models import Unit
from danhgia.apps.orgs.services import nfc

MAX_COMMENT_CHARS = 10_000
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
MAX_ATTACHMENTS = 5  # per comment
# Accepted attachments: extension → the bytes such a file starts with (docx and xlsx are zip packages).
ATTACHMENT_TYPES = {
    ".pdf": (b"%PDF-",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
}


def _require_open(consultation: Consultation) -> None:
    if consultation.state != ConsultationState.OPEN:
        raise PermissionDenied(_("The consultation is closed."))


def _draft_for(consultation: Consultation, unit: Unit, now: datetime) -> Opinion:
    draft = Opinion.objects.select_for_update().filter(consultation=consultation, unit=unit, state="draft").first()
    if draft is not None:
        return draft
    last = Opinion.objects.filter(consultation=consultation, unit=unit).aggregate(n=Max("number"))["n"] or 0
    return Opinion.objects.create(consultation=consultation, unit=unit, number=last + 1, created_at=now)


def _check_text(text: str, proposed_wording: str) -> tuple[str, str]:
    text, proposed_wording = nfc(text), nfc(proposed_wording)
    if not text:
        raise ValidationError({"text": [_("Write the comment.")]})
    if len(text) > MAX_COMMENT_CHARS or len(proposed_wording) > MAX_COMMENT_CHARS:
        raise ValidationError({"text": [_("A comment holds at most %(n)d characters.") % {"n": MAX_COMMENT_CHARS}]})
    return text, proposed_wording


def _check_provision(consultation: Consultation, provision: Provision | None) -> None:
    if provision is not None and (
        provision.version.consultation_id != consultation.pk or provision.version.number != 1
    ):
        raise ValidationError({"provision": [_("The provision is not in this draft.")]})


def _editable(comment: Comment, actor: User, now: datetime) -> Opinion:
    """The comment's opinion, if the actor may still change it (a draft of a unit they write for)."""
    opinion = comment.opinion
    if opinion is None:
        raise PermissionDenied(_("A conference note is changed on the conference page."))
    require_commenter(actor, comment.consultation, comment.unit, now.date())
    _require_open(comment.consultation)
    if opinion.state != OpinionState.DRAFT:
        raise PermissionDenied(_("The opinion was submitted: it is locked."))
    return opinion


@transaction.atomic
def comment_add(
    *,
    consultation: Consultation,
    unit: Unit,
    provision: Provision | None,
    text: str,
    proposed_wording: str = "",
    actor: User,
    now: datetime,
) -> Comment:
    """A comment in the unit's draft opinion (the draft is started if there is none)."""
    require_commenter(actor, consultation, unit, now.date())
    _require_open(consultation)
    _check_provision(consultation, provision)
    text, proposed_wording = _check_text(text, proposed_wording)
    opinion = _draft_for(consultation, unit, now)
    comment = Comment.objects.create(
        consultation=consultation,
        unit=unit,
        opinion=opinion,
        provision=provision,
        text=text,
        proposed_wording=proposed_wording,
        written_by=actor,
        written_at=now,
    )
    record(consultation=consultation, actor=actor, action="comment_add", target=comment, at=now, after=_shown(comment))
    return comment


def _shown(comment: Comment) -> dict[str, object]:
    return {
        "unit": comment.unit_id,
        "opinion": comment.opinion_id,
        "provision": comment.provision_id,
        "text": comment.text,
        "proposed_wording": comment.proposed_wording,
    }


@transaction.atomic
def comment_update(*, comment: Comment, text: str, proposed_wording: str, actor: User, now: datetime) -> Comment:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    _editable(comment, actor, now)
    text, proposed_wording = _check_text(text, proposed_wording)
    before = _shown(comment)
    comment.text, comment.proposed_wording = text, proposed_wording
    comment.save(update_fields=["text", "proposed_wording"])
    record(
        consultation=comment.consultation,
        actor=actor,
        action="comment_update",
        target=comment,
        at=now,
        before=before,
        after=_shown(comment),
    )
    return comment


@transaction.atomic
def comment_delete(*, comment: Comment, actor: User, now: datetime) -> None:
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    _editable(comment, actor, now)
    before = _shown(comment)
    record(
        consultation=comment.consultation, actor=actor, action="comment_delete", target=comment, at=now, before=before
    )
    comment.attachments.all().delete()
    comment.delete()


@transaction.atomic
def attachment_add(*, comment: Comment, file: UploadedFile, actor: User, now: datetime) -> Attachment:
    """A file beside a draft comment: PDF, DOCX, XLSX, JPG or PNG, at most 10 MB, at most 5 per comment."""
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    _editable(comment, actor, now)
    name = Path(file.name or "").name
    if (file.size or 0) > MAX_ATTACHMENT_BYTES:
        raise ValidationError({"file": [_("The file is larger than 10 MB.")]})
    signatures = ATTACHMENT_TYPES.get(Path(name).suffix.lower())
    head = file.read(8)
    file.seek(0)
    if signatures is None or not head.startswith(signatures):
        raise ValidationError({"file": [_("Only PDF, DOCX, XLSX, JPG and PNG files are accepted.")]})
    if comment.attachments.count() >= MAX_ATTACHMENTS:
        raise ValidationError({"file": [_("A comment has at most %(n)d attachments.") % {"n": MAX_ATTACHMENTS}]})
    attachment = Attachment.objects.create(
        comment=comment, file=file, name=name, size=file.size or 0, uploaded_by=actor, uploaded_at=now
    )
    after = {"comment": comment.pk, "name": name, "size": attachment.size}
    record(
        consultation=comment.consultation, actor=actor, action="attachment_add", target=attachment, at=now, after=after
    )
    return attachment


@transaction.atomic
def opinion_submit(*, consultation: Consultation, unit: Unit, actor: User, now: datetime) -> Opinion:
    """Submit the unit's draft opinion: it is locked; the opinion it replaces is kept, marked superseded."""
    require_commenter(actor, consultation, unit, now.date())
    _require_open(consultation)
    draft = Opinion.objects.select_for_update().filter(consultation=consultation, unit=unit, state="draft").first()
    if draft is None or not draft.comments.exists():
        raise ValidationError(
            {"opinion": [_("The opinion has no comment: write one, or say the unit agrees entirely.")]}
        )
    return _submit(draft, agrees_entirely=False, actor=actor, now=now)


@transaction.atomic
def opinion_agree_entirely(*, consultation: Consultation, unit: Unit, actor: User, now: datetime) -> Opinion:
    """The unit agrees with the draft entirely: an opinion without comments, submitted at once."""
    require_commenter(actor, consultation, unit, now.date())
    _require_open(consultation)
    draft = _draft_for(consultation, unit, now)
    if draft.comments.exists():
        raise ValidationError(
            {"opinion": [_("The draft opinion has comments: submit it, or delete them to agree entirely.")]}
        )
    return _submit(draft, agrees_entirely=True, actor=actor, now=now)


def _submit(draft: Opinion, *, agrees_entirely: bool, actor: User, now: datetime) -> Opinion:
    consultation = draft.consultation
    previous = Opinion.objects.select_for_update().filter(consultation=consultation, unit=draft.unit, state="submitted")
    replaced = previous.first()
    if replaced is not None:
        replaced.state = OpinionState.SUPERSEDED
        replaced.save(update_fields=["state"])
    draft.state = OpinionState.SUBMITTED
    draft.agrees_entirely = agrees_entirely
    draft.supersedes = replaced
    draft.submitted_by = actor
    draft.submitted_at = now
    draft.save()
    after = row_values(draft) | {
        "comments": list(draft.comments.order_by("pk").values_list("pk", flat=True)),
        "late": now.date() > consultation.deadline,
    }
    record(consultation=consultation, actor=actor, action="opinion_submit", target=draft, at=now, after=after)
    return draft
