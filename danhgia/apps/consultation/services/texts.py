"""Open a consultation on a draft's text, link provisions to the rules they change, and revise the text from the
editorial team's decisions (each changed provision traced to the comments behind it)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Sequence
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from danhgia.apps.consultation.docx_text import ParsedProvision
from danhgia.apps.consultation.models import (
    Comment,
    Consultation,
    ConsultationState,
    ConsultedUnit,
    Decision,
    Provision,
    TextVersion,
)
from danhgia.apps.consultation.permissions import require_editor
from danhgia.apps.consultation.services.record import User, record
from danhgia.apps.lab.models import DraftState, RulesetDraft
from danhgia.apps.lab.services import draft_transition
from danhgia.apps.lab.textfile import read
from danhgia.apps.orgs.models import Unit

RULE_ID = re.compile(r"^[a-z0-9_.\-]{1,64}$")


@transaction.atomic
def consultation_create(
    *,
    title: str,
    owner: Unit,
    deadline: date,
    units: Sequence[Unit],
    provisions: Sequence[ParsedProvision],
    actor: User,
    now: datetime,
    draft: RulesetDraft | None = None,
    source_name: str = "",
) -> Consultation:
    """A consultation of `units` on the text `provisions` (version 1), answered by `deadline`. A rule-set draft
    it consults on moves to "in consultation" (its rule editor sends it; a withdrawn or adopted one is refused)."""
    title = " ".join(title.split())
    if not title:
        raise ValidationError({"title": [_("Give the consultation a title.")]})
    if not units:
        raise ValidationError({"units": [_("Choose at least one unit to consult.")]})
    if deadline < now.date():
        raise ValidationError({"deadline": [_("The deadline is already past.")]})
    consultation = Consultation(title=title, owner=owner, deadline=deadline, draft=draft, created_by=actor)
    consultation.created_at = now
    require_editor(actor, consultation, now.date())
    if draft is not None:
        _send_draft(draft, actor, now)
    consultation.save()
    version = TextVersion.objects.create(
        consultation=consultation, number=1, source_name=source_name, created_by=actor, created_at=now
    )
    Provision.objects.bulk_create(
        Provision(version=version, position=i, kind=p.kind, key=p.key, number=p.number, heading=p.heading, body=p.body)
        for i, p in enumerate(provisions)
    )
    ConsultedUnit.objects.bulk_create(ConsultedUnit(consultation=consultation, unit=unit) for unit in units)
    after = {
        "title": title,
        "owner": owner.pk,
        "deadline": deadline,
        "draft": draft.pk if draft else None,
        "units": sorted(unit.pk for unit in units),
        "provisions": len(provisions),
        "source": source_name,
    }
    record(
        consultation=consultation, actor=actor, action="consultation_create", target=consultation, at=now, after=after
    )
    return consultation


def _send_draft(draft: RulesetDraft, actor: User, now: datetime) -> None:
    if draft.state == DraftState.IN_CONSULTATION:
        return
    if draft.state != DraftState.DRAFT:
        raise ValidationError(
            {"draft": [_("Only a draft being prepared or already in consultation can be consulted on.")]}
        )
    try:
        draft_transition(draft=draft, to=DraftState.IN_CONSULTATION, actor=actor, now=now)
    except PermissionDenied:
        raise ValidationError(
            {"draft": [_("Only the draft's rule editor can send it to consultation: ask them, or choose no draft.")]}
        ) from None


def _known_rules(consultation: Consultation) -> set[str] | None:
    """The rule codes of the linked draft, or None when no draft is linked (any well-formed code is taken)."""
    if consultation.draft is None:
        return None
    try:
        rules = read(consultation.draft.text).get("rules", [])
    except tomllib.TOMLDecodeError:
        return None
    return {str(rule.get("code")) for rule in rules if isinstance(rule, dict)}


@transaction.atomic
def provision_link_rules(*, provision: Provision, rule_ids: Sequence[str], actor: User, now: datetime) -> Provision:
    """Say which rules an article or clause changes (replacing what was said before)."""
    consultation = provision.version.consultation
    require_editor(actor, consultation, now.date())
    cleaned = sorted({rule.strip() for rule in rule_ids if rule.strip()})
    known = _known_rules(consultation)
    for rule in cleaned:
        if not RULE_ID.match(rule) or (known is not None and rule not in known):
            raise ValidationError({"rule_ids": [_("“%(rule)s” is not a rule of the draft.") % {"rule": rule}]})
    before = provision.rule_ids
    provision.rule_ids = cleaned
    provision.save(update_fields=["rule_ids"])
    record(
        consultation=consultation,
        actor=actor,
        action="provision_link_rules",
        target=provision,
        at=now,
        before={"key": provision.key, "rule_ids": before},
        after={"key": provision.key, "rule_ids": cleaned},
    )
    return provision


def latest_version(consultation: Consultation) -> TextVersion:
    return TextVersion.objects.filter(consultation=consultation).latest("number")


@transaction.atomic
def text_revise(*, consultation: Consultation, actor: User, now: datetime) -> TextVersion:
    """The next version of the text: every provision whose accepted or partly accepted comments adopted a wording
    takes the wording decided last, traced to the comments that adopted that wording."""
    require_editor(actor, consultation, now.date())
    previous = latest_version(consultation)
    adopted: dict[str, list[Comment]] = {}
    decided = Comment.objects.filter(
        consultation=consultation, decision__in=[Decision.ACCEPTED, Decision.PARTLY], provision__isnull=False
    ).exclude(adopted_wording="")
    for comment in decided.select_related("provision").order_by("decided_at", "pk"):
        assert comment.provision is not None
        adopted.setdefault(comment.provision.key, []).append(comment)
    number = (TextVersion.objects.filter(consultation=consultation).aggregate(n=Max("number"))["n"] or 0) + 1
    version = TextVersion.objects.create(consultation=consultation, number=number, created_by=actor, created_at=now)
    changed: dict[str, list[int]] = {}
    for old in previous.provisions.order_by("position"):
        body, because = old.body, []
        comments = adopted.get(old.key, [])
        if comments and comments[-1].adopted_wording != old.body:
            body = comments[-1].adopted_wording
            because = [c for c in comments if c.adopted_wording == body]
        new = Provision.objects.create(
            version=version,
            position=old.position,
            kind=old.kind,
            key=old.key,
            number=old.number,
            heading=old.heading,
            body=body,
            rule_ids=old.rule_ids,
        )
        if because:
            new.changed_by.set(because)
            changed[old.key] = [c.pk for c in because]
    after = {"version": number, "from": previous.number, "changed": changed}
    record(consultation=consultation, actor=actor, action="text_revise", target=version, at=now, after=after)
    return version


@transaction.atomic
def consultation_close(*, consultation: Consultation, actor: User, now: datetime) -> Consultation:
    """No more opinions are taken; the synthesis goes on."""
    require_editor(actor, consultation, now.date())
    if consultation.state == ConsultationState.CLOSED:
        raise ValidationError({"state": [_("The consultation is already closed.")]})
    consultation.state = ConsultationState.CLOSED
    consultation.save(update_fields=["state"])
    after = {"state": consultation.state}
    record(
        consultation=consultation, actor=actor, action="consultation_close", target=consultation, at=now, after=after
    )
    return consultation
