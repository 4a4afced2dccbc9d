"""Cycle services: create a draft cycle under a rule set, move it through its phases (the domain's cycle state
machine and roles, danhgia.domain.workflow), and the engine's warnings about it. Opening a cycle creates every
subject's review: danhgia.apps.reviews.services.opening.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from danhgia.apps.access import services as access
from danhgia.apps.access.models import Role
from danhgia.apps.audit.services import audit_record, cycle_chain
from danhgia.apps.cycles.models import CycleState, ReviewCycle, RulesetVersion
from danhgia.apps.cycles.periods import cycle_dates
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.orgs.models import Unit
from danhgia.domain.scoring import TemplateNotFound, default_template_json
from danhgia.domain.workflow import CycleAction, CycleContext, TransitionError, action_towards, cycle_transition
from danhgia.domain.workflow import CycleState as WorkflowCycleState
from danhgia.domain.workflow import ReviewState as WorkflowReviewState
from danhgia.engine.compile import CompiledRuleset
from danhgia.engine.explain import period_warnings
from danhgia.engine.schema import ruleset_ids


@transaction.atomic
def cycle_create(
    *,
    actor: User,
    name: str,
    kind: str,
    year: int,
    root: Unit,
    ruleset: str,
    quarter: int | None = None,
    term_start: int | None = None,
    deadlines: dict[str, date] | None = None,
    replay_grounds: str = "",
    version: str = "",
    now: datetime | None = None,
) -> ReviewCycle:
    """A draft cycle. A rule set that does not apply to the period's year is refused, unless the cycle is a
    replay of that year under it, with its grounds recorded (`replay_grounds`).

    `version` (a SHA-256) pins a recorded version of the rule set now, e.g. an amendment adopted in the rule
    lab; without it the cycle pins the rule-set file's version when it opens."""
    if ruleset not in ruleset_ids():
        raise ValidationError({"ruleset": _("Unknown rule set %(name)s.") % {"name": ruleset}})
    if version and not RulesetVersion.objects.filter(sha256=version, ruleset=ruleset).exists():
        message = _("No recorded version %(version)s of this rule set.") % {"version": version[:12]}
        raise ValidationError({"version": message})
    cycle = ReviewCycle(
        name=name,
        kind=kind,
        year=year,
        quarter=quarter,
        term_start=term_start,
        root=root,
        ruleset=ruleset,
        created_at=now or timezone.now(),
        created_by=actor,
        replay_grounds=replay_grounds.strip(),
        ruleset_sha256=version,
        **(deadlines or {}),
    )
    cycle.full_clean()
    end = cycle_dates(cycle)[1]
    access.require_role(actor, Role.ADMINISTRATOR, root, end)
    rules = cycle_rules(cycle)
    if not rules.applies_to_year(end.year) and not cycle.replay_grounds:
        raise ValidationError({"replay_grounds": period_outside_message(rules, end.year)})
    cycle.save()
    audit_record(
        chain=cycle_chain(cycle.pk),
        actor=actor,
        action="cycle_create",
        object_type="cycle",
        object_id=cycle.pk,
        at=cycle.created_at,
        after={
            "name": name,
            "ruleset": ruleset,
            "ruleset_sha256": version,
            "root": root.pk,
            "replay_grounds": cycle.replay_grounds,
        },
    )
    return cycle


def period_outside_message(rules: CompiledRuleset, year: int) -> str:
    first, last = rules.years
    return _(
        "The rule set %(ruleset)s applies to the years %(years)s; this period ends in %(year)s. Such a cycle can "
        "only be a replay of that year under it: state the grounds for the replay."
    ) % {"ruleset": rules.title, "years": f"{first or ''}–{last or ''}", "year": year}


def cycle_warnings(cycle: ReviewCycle) -> list[dict[str, str]]:
    """The engine's warnings about the cycle as a whole (the period outside the rule set's years)."""
    end = cycle_dates(cycle)[1]
    return period_warnings(cycle_rules(cycle), end.year, translation.get_language() or "vi")


def cycle_move(cycle: ReviewCycle, action: CycleAction) -> str:
    """The cycle's state after `action`, checked by the domain's state machine and guards (a pinned rule set to
    open; every result published, complaints resolved, to close); refused with the domain's reason."""
    counts = cycle.reviews.values_list("state").annotate(n=Count("pk")).order_by()
    context = CycleContext(
        ruleset_pinned=bool(cycle.ruleset_sha256),
        review_counts={WorkflowReviewState(state): n for state, n in counts},
    )
    try:
        return CycleState(cycle_transition(WorkflowCycleState(cycle.state), action, context).value)
    except TransitionError as error:
        raise ValidationError(error.message.pick(translation.get_language())) from None


@transaction.atomic
def cycle_advance(*, cycle: ReviewCycle, actor: User, to: str, now: datetime | None = None) -> None:
    """Move the cycle one phase on (to `to`); the role each move needs is the domain's (`CYCLE_PERMISSIONS`)."""
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    action = (
        action_towards(WorkflowCycleState(cycle.state), WorkflowCycleState(to)) if to in CycleState.values else None
    )
    if action is None or action == CycleAction.OPEN:
        target = CycleState(to).label if to in CycleState.values else to
        raise ValidationError(
            _("A cycle cannot go from %(a)s to %(b)s.") % {"a": cycle.get_state_display(), "b": target}
        )
    access.require(actor, action, cycle.root, cycle_dates(cycle)[1])
    before = cycle.state
    cycle.state = cycle_move(cycle, action)
    cycle.save(update_fields=["state"])
    audit_record(
        chain=cycle_chain(cycle.pk),
        actor=actor,
        action="cycle_advance",
        object_type="cycle",
        object_id=cycle.pk,
        at=now or timezone.now(),
        before={"state": before},
        after={"state": cycle.state},
    )


def default_template(ruleset: str, category: str) -> dict[str, Any]:
    """The shipped default criteria for a category (danhgia.domain.scoring), as stored JSON.

    A category without a shipped framework (Decree 335 has none for collectives) gets an empty template, and
    its self-review asks for the score and task counts directly."""
    try:
        return default_template_json(ruleset, category)
    except TemplateNotFound:
        return {"ruleset": ruleset, "category": category, "groups": [], "source": "none"}
