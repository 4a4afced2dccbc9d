"""Writes of the rule lab: clone a published version into a draft, edit it (every save compiled by the engine
first), move it through its states; adoption records a new immutable `RulesetVersion`. Each write is checked
against the rule-editor role over the draft's owner unit and recorded on the lab's audit chain."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from danhgia.apps.access.models import Role
from danhgia.apps.access.services import has_role, require_role
from danhgia.apps.audit.services import audit_record, cycle_chain
from danhgia.apps.cycles.models import CycleState, ReviewCycle, RulesetVersion
from danhgia.apps.lab.diff import ruleset_diff
from danhgia.apps.lab.models import DraftState, RulesetDraft
from danhgia.apps.lab.textfile import LayoutUnsupported, put_rule, read, remove_rule, set_header, set_parameters
from danhgia.apps.lab.validation import compiled_draft
from danhgia.apps.orgs.models import Unit
from danhgia.engine.schema import load_spec_text

User = AbstractBaseUser | AnonymousUser
LAB_CHAIN = "lab"  # drafts of rule sets: every edit, state change and adoption
EDITABLE = (DraftState.DRAFT, DraftState.IN_CONSULTATION)
TRANSITIONS = {
    DraftState.DRAFT: (DraftState.IN_CONSULTATION, DraftState.WITHDRAWN),
    DraftState.IN_CONSULTATION: (DraftState.DRAFT, DraftState.ADOPTED, DraftState.WITHDRAWN),
}


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def can_edit(user: User, unit: Unit, now: datetime) -> bool:
    return has_role(user, Role.RULE_EDITOR, unit, now.date())


def require_editor(user: User, unit: Unit, now: datetime) -> None:
    if not can_edit(user, unit, now):
        raise PermissionDenied(_("You are not a rule editor over this unit."))


def _record(draft: RulesetDraft, actor: User, action: str, now: datetime, before: Any, after: Any) -> None:
    audit_record(
        chain=LAB_CHAIN,
        actor=actor,
        action=action,
        object_type="ruleset_draft",
        object_id=draft.pk,
        at=now,
        before=before,
        after=after,
    )


@transaction.atomic
def draft_create(*, base: RulesetVersion, title: str, owner: Unit, actor: User, now: datetime) -> RulesetDraft:
    """A new draft holding the base version's file, comments and all, marked as a draft in its header."""
    require_editor(actor, owner, now)
    if not title.strip():
        raise ValidationError({"title": _("A draft needs a title.")})
    text = set_header(base.text, status="draft")
    compiled_draft(text)
    draft = RulesetDraft.objects.create(
        title=title.strip(),
        base_version=base,
        owner=owner,
        text=text,
        created_by=actor,  # type: ignore[misc]
        created_at=now,
        updated_at=now,
    )
    _record(
        draft, actor, "lab_draft_create", now, None, {"title": draft.title, "base": base.sha256, "sha256": sha256(text)}
    )
    return draft


@transaction.atomic
def draft_save(
    *, draft: RulesetDraft, edit: Callable[[str], str], actor: User, now: datetime, what: str
) -> RulesetDraft:
    """Save the draft's file as `edit` changes it (the file as stored now, read under lock), if the result
    compiles (else `DraftInvalid`, nothing saved)."""
    draft = RulesetDraft.objects.select_for_update().get(pk=draft.pk)
    require_editor(actor, draft.owner, now)
    if draft.state not in EDITABLE:
        raise ValidationError(_("An adopted or withdrawn draft cannot be changed."))
    try:
        text = edit(draft.text)
    except LayoutUnsupported:
        raise ValidationError(
            _(
                "The draft's file is not laid out as the forms edit it (for example, its rules are written as "
                "an inline array): change it in the whole-file editor."
            )
        ) from None
    compiled_draft(text)
    if text == draft.text:
        return draft
    changes = [
        {"kind": c.kind, "what": c.what, "code": c.code, "fields": [f.field for f in c.fields]}
        for c in ruleset_diff(draft.text, text)
    ]
    before = sha256(draft.text)
    draft.text, draft.updated_at = text, now
    draft.save(update_fields=["text", "updated_at"])
    _record(
        draft,
        actor,
        "lab_draft_save",
        now,
        {"sha256": before},
        {"sha256": sha256(text), "edit": what, "changes": changes},
    )
    return draft


def draft_data(draft: RulesetDraft) -> dict[str, Any]:
    """The draft's file as stored now (not as the caller's copy of the row holds it)."""
    return read(RulesetDraft.objects.values_list("text", flat=True).get(pk=draft.pk))


def draft_set_parameters(
    *, draft: RulesetDraft, values: dict[str, dict[str, Any]], actor: User, now: datetime
) -> RulesetDraft:
    """Change parameters: name → {value, source, confirmed} (fields not given stay; only changed values are
    rewritten, the file's comments and layout stay)."""
    return draft_save(
        draft=draft, edit=lambda text: set_parameters(text, values), actor=actor, now=now, what="parameters"
    )


def draft_put_rule(
    *, draft: RulesetDraft, code: str | None, rule: dict[str, Any], actor: User, now: datetime
) -> RulesetDraft:
    """Change the rule `code` into `rule` field by field (its code may change; a field None or left out is
    removed), or append `rule` when `code` is None. The rest of the file stays as it was."""

    def edit(text: str) -> str:
        try:
            return put_rule(text, code, rule)
        except KeyError:
            raise ValidationError(_("The draft has no rule %(code)s.") % {"code": code}) from None

    what = f"rule {rule.get('code')} added" if code is None else f"rule {code} changed"
    return draft_save(draft=draft, edit=edit, actor=actor, now=now, what=what)


def draft_remove_rule(*, draft: RulesetDraft, code: str, actor: User, now: datetime) -> RulesetDraft:
    def edit(text: str) -> str:
        try:
            return remove_rule(text, code)
        except KeyError:
            raise ValidationError(_("The draft has no rule %(code)s.") % {"code": code}) from None

    return draft_save(draft=draft, edit=edit, actor=actor, now=now, what=f"rule {code} removed")


def draft_replace_text(*, draft: RulesetDraft, text: str, actor: User, now: datetime) -> RulesetDraft:
    """Save the whole file as typed, comments included (the advanced editor); validated like every other save."""
    return draft_save(draft=draft, edit=lambda _stored: text, actor=actor, now=now, what="file")


@transaction.atomic
def draft_transition(*, draft: RulesetDraft, to: str, actor: User, now: datetime) -> RulesetDraft:
    """draft → in consultation → adopted (a new immutable version) or withdrawn; back to draft from consultation."""
    draft = RulesetDraft.objects.select_for_update().get(pk=draft.pk)
    require_editor(actor, draft.owner, now)
    if to not in TRANSITIONS.get(DraftState(draft.state), ()):
        raise ValidationError(
            _("A draft in state %(state)s cannot become %(to)s.")
            % {"state": DraftState(draft.state).label, "to": DraftState(to).label if to in DraftState.values else to}
        )
    before = {"state": draft.state}
    if to == DraftState.ADOPTED:
        draft.adopted_version = _adopt(draft, now)
    draft.state, draft.updated_at = to, now
    draft.save(update_fields=["state", "updated_at", "adopted_version"])
    after: dict[str, Any] = {"state": to}
    if draft.adopted_version is not None:
        after["version"] = draft.adopted_version.sha256
    _record(draft, actor, "lab_draft_" + to, now, before, after)
    return draft


def _adopt(draft: RulesetDraft, now: datetime) -> RulesetVersion:
    """The draft's file (read under lock by the caller) as a published version, its header saying so and the
    rest as the draft has it; one row per distinct text."""
    number = read(draft.text)["ruleset"]["version"]
    text = set_header(draft.text, status="published", version=f"{number}-lab{draft.pk}")
    compiled_draft(text)
    spec, digest = load_spec_text(text)
    version, _created = RulesetVersion.objects.get_or_create(
        sha256=digest, defaults={"ruleset": spec.ruleset.id, "title": draft.title, "text": text, "recorded_at": now}
    )
    return version


@transaction.atomic
def cycle_pin_adopted(*, cycle: ReviewCycle, draft: RulesetDraft, actor: User, now: datetime) -> ReviewCycle:
    """Classify a newly opened cycle under an adopted draft's version: allowed while the cycle is still at
    self-review (nothing computed yet), for a cycle of the same rule set, by an administrator over its root."""
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    require_role(actor, Role.ADMINISTRATOR, cycle.root, now.date())
    version = draft.adopted_version
    if draft.state != DraftState.ADOPTED or version is None:
        raise ValidationError(_("Only an adopted draft can be used by a cycle."))
    if cycle.state != CycleState.OPEN or cycle.ruleset != version.ruleset:
        raise ValidationError(
            _("Only an open cycle of rule set %(ruleset)s, not computed yet, can use this version.")
            % {"ruleset": version.ruleset}
        )
    before = cycle.ruleset_sha256
    cycle.ruleset_sha256 = version.sha256
    cycle.save(update_fields=["ruleset_sha256"])
    audit_record(
        chain=cycle_chain(cycle.pk),
        actor=actor,
        action="cycle_pin_adopted_ruleset",
        object_type="cycle",
        object_id=cycle.pk,
        at=now,
        before={"ruleset_sha256": before},
        after={"ruleset_sha256": version.sha256, "draft": draft.pk},
    )
    return cycle
