"""Reads of the rule lab: who may read which draft and replay which cycle; the replay of a draft, kept for a
minute per (cycle, draft text) so that the page, its search and its exports share one computation."""

from __future__ import annotations

import time
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import QuerySet

from danhgia.apps.access.models import Role
from danhgia.apps.access.services import has_role, units_in_scope
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.lab.models import RulesetDraft
from danhgia.apps.lab.replay import Replay, replay_cycle
from danhgia.apps.lab.services import sha256
from danhgia.apps.lab.validation import compiled_draft
from danhgia.apps.orgs.models import Unit

User = AbstractBaseUser | AnonymousUser
READERS = (Role.RULE_EDITOR, Role.VIEWER)
KEPT_SECONDS = 60
_kept: dict[tuple[int, str], tuple[float, Replay]] = {}


def can_read(user: User, unit: Unit, on: date) -> bool:
    return any(has_role(user, role, unit, on) for role in READERS)


def drafts_for(user: User, on: date) -> QuerySet[RulesetDraft]:
    """The drafts whose owner unit lies in the user's scope as rule editor or organising committee."""
    scope = units_in_scope(user, Role.RULE_EDITOR, on) | units_in_scope(user, Role.VIEWER, on)
    return RulesetDraft.objects.filter(owner__in=Unit.objects.filter(scope)).select_related("base_version")


def cycles_for(user: User, on: date) -> QuerySet[ReviewCycle]:
    """The cycles the user may replay: their root lies in the user's scope."""
    scope = units_in_scope(user, Role.RULE_EDITOR, on) | units_in_scope(user, Role.VIEWER, on)
    return ReviewCycle.objects.filter(root__in=Unit.objects.filter(scope)).exclude(ruleset_sha256="")


def draft_replay(cycle: ReviewCycle, draft: RulesetDraft) -> Replay:
    key = (cycle.pk, sha256(draft.text))
    now = time.monotonic()
    for old in [k for k, (at, _r) in _kept.items() if now - at > KEPT_SECONDS]:
        del _kept[old]
    if key not in _kept:
        _kept[key] = (now, replay_cycle(cycle, compiled_draft(draft.text)))
    return _kept[key][1]
