"""The online conference: a session with its agenda by article, the bridge points (consulted units) present,
speaking turns, and notes recorded against articles, which join the written comments in the synthesis."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from danhgia.apps.consultation.models import (
    BridgePoint,
    Comment,
    CommentOrigin,
    ConferenceSession,
    Consultation,
    Provision,
    SpeakingTurn,
)
from danhgia.apps.consultation.permissions import require_editor
from danhgia.apps.consultation.services.record import User, record
from danhgia.apps.orgs.models import Unit
from danhgia.apps.orgs.services import nfc


@transaction.atomic
def session_create(
    *, consultation: Consultation, title: str, held_on: date, agenda: Sequence[Provision], actor: User, now: datetime
) -> ConferenceSession:
    """A session whose bridge points are the consulted units (none present yet)."""
    require_editor(actor, consultation, now.date())
    title = nfc(title)
    if not title:
        raise ValidationError({"title": [_("Give the session a title.")]})
    session = ConferenceSession.objects.create(
        consultation=consultation, title=title, held_on=held_on, created_by=actor, created_at=now
    )
    session.agenda.set(agenda)
    units = consultation.consulted.values_list("unit_id", flat=True)
    BridgePoint.objects.bulk_create(BridgePoint(session=session, unit_id=unit) for unit in units)
    after = {"title": title, "held_on": held_on, "agenda": [p.key for p in agenda]}
    record(consultation=consultation, actor=actor, action="session_create", target=session, at=now, after=after)
    return session


@transaction.atomic
def bridge_points_present(
    *, session: ConferenceSession, units: Sequence[Unit], actor: User, now: datetime
) -> list[int]:
    """Mark exactly `units` present."""
    require_editor(actor, session.consultation, now.date())
    present = sorted(unit.pk for unit in units)
    points = session.bridge_points.all()
    if set(present) - set(points.values_list("unit_id", flat=True)):
        raise ValidationError({"units": [_("A unit chosen is not a bridge point of this session.")]})
    points.update(is_present=False)
    points.filter(unit_id__in=present).update(is_present=True)
    record(
        consultation=session.consultation,
        actor=actor,
        action="bridge_points_present",
        target=session,
        at=now,
        after={"present": present},
    )
    return present


@transaction.atomic
def turn_add(
    *, session: ConferenceSession, unit: Unit, speaker: str, provision: Provision | None, actor: User, now: datetime
) -> SpeakingTurn:
    require_editor(actor, session.consultation, now.date())
    speaker = nfc(speaker)
    if not speaker:
        raise ValidationError({"speaker": [_("Give the speaker's name.")]})
    if not session.bridge_points.filter(unit=unit).exists():
        raise ValidationError({"unit": [_("The unit is not a bridge point of this session.")]})
    order = (session.turns.aggregate(n=Max("order"))["n"] or 0) + 1
    turn = SpeakingTurn.objects.create(session=session, order=order, unit=unit, speaker=speaker, provision=provision)
    after = {"order": order, "unit": unit.pk, "speaker": speaker, "provision": provision.pk if provision else None}
    record(consultation=session.consultation, actor=actor, action="turn_add", target=turn, at=now, after=after)
    return turn


@transaction.atomic
def note_record(
    *,
    session: ConferenceSession,
    unit: Unit,
    speaker: str,
    provision: Provision | None,
    text: str,
    proposed_wording: str = "",
    actor: User,
    now: datetime,
) -> Comment:
    """What a bridge point said about an article: a comment of origin `conference`, in the synthesis."""
    consultation = session.consultation
    require_editor(actor, consultation, now.date())
    text, speaker = nfc(text), nfc(speaker)
    if not text:
        raise ValidationError({"text": [_("Write the note.")]})
    if not session.bridge_points.filter(unit=unit).exists():
        raise ValidationError({"unit": [_("The unit is not a bridge point of this session.")]})
    if provision is not None and (
        provision.version.consultation_id != consultation.pk or provision.version.number != 1
    ):
        raise ValidationError({"provision": [_("The provision is not in this draft.")]})
    note = Comment.objects.create(
        consultation=consultation,
        unit=unit,
        session=session,
        origin=CommentOrigin.CONFERENCE,
        provision=provision,
        text=text,
        proposed_wording=nfc(proposed_wording),
        speaker=speaker,
        written_by=actor,
        written_at=now,
    )
    after = {"unit": unit.pk, "speaker": speaker, "provision": note.provision_id, "text": text}
    record(consultation=consultation, actor=actor, action="note_record", target=note, at=now, after=after)
    return note
