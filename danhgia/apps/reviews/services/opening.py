"""Opening a cycle: every subject's review, the default quota groups and the frozen criteria templates; and the
competent level's changes to the quota groups before decisions.

Opening a province's cycle writes hundreds of thousands of rows: it reads with `.values()` and writes with
`bulk_create`, in one transaction with one audit entry carrying a digest of what it wrote.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from danhgia.apps.access.models import Role
from danhgia.apps.access.services import require_role
from danhgia.apps.audit.batches import audit_batch, digest
from danhgia.apps.audit.services import audit_record, cycle_chain
from danhgia.apps.cycles.models import CriteriaTemplate, CycleState, CycleTemplate, QuotaGroup, ReviewCycle
from danhgia.apps.cycles.periods import cycle_dates
from danhgia.apps.cycles.rulesets import cycle_rules, record_version
from danhgia.apps.cycles.services import cycle_move, default_template
from danhgia.apps.orgs.models import (
    PATH_SEGMENT,
    CellKind,
    CellMembership,
    LeadershipCollective,
    Post,
    Unit,
    UnitKind,
    UnitLink,
)
from danhgia.apps.orgs.selectors import in_force, path_range, unit_link_on
from danhgia.apps.reviews.bulk import insert_rows
from danhgia.apps.reviews.models import Review, ReviewState
from danhgia.apps.reviews.services.common import Permissions, lock_batch, require_competent
from danhgia.domain.workflow import CycleAction

PARTY_UNITS = {UnitKind.PARTY_COMMITTEE, UnitKind.GRASSROOTS_COMMITTEE, UnitKind.CELL, UnitKind.GRASSROOTS_CELL}
CELLS = {UnitKind.GRASSROOTS_CELL, UnitKind.CELL}
BATCH = 5000
# How a default quota group is named (stored data, in Vietnamese like the unit names it follows)
GROUP_NAMES = {
    "leader_central": "cán bộ diện Trung ương quản lý",
    "leader": "cán bộ lãnh đạo, quản lý",
    "staff": "cá nhân không giữ chức vụ lãnh đạo, quản lý",
    "member_outside": "đảng viên không làm việc trong hệ thống chính trị",
    "organisation": "cơ quan, địa phương, đơn vị",
    "party_organisation": "tổ chức đảng",
    "leadership_collective": "tập thể lãnh đạo, quản lý",
}


@transaction.atomic
def cycle_open(*, cycle: ReviewCycle, actor: User, now: datetime | None = None) -> int:
    """Pin the rule set (the file's version now, unless the cycle was created on a recorded version), freeze the
    templates and create every subject's review; returns the count."""
    cycle = ReviewCycle.objects.select_for_update().get(pk=cycle.pk)
    end = cycle_dates(cycle)[1]
    require_role(actor, Role.ADMINISTRATOR, cycle.root, end)
    if cycle.state != CycleState.DRAFT:
        raise ValidationError(_("Only a draft cycle can be opened."))
    now = now or timezone.now()
    cycle.ruleset_sha256 = cycle.ruleset_sha256 or record_version(cycle.ruleset, now).sha256
    cycle.state = cycle_move(cycle, CycleAction.OPEN)
    cycle.save(update_fields=["ruleset_sha256", "state"])
    subjects = _subjects(cycle, end)
    groups = _quota_groups(cycle, subjects)
    fields = ("cycle", "subject_type", "category", "person", "unit", "quota_group", "state")
    created = insert_rows(
        Review,
        fields,
        (
            (cycle.pk, s["type"], s["category"], s["person"], s["unit"], groups[s["group"]], ReviewState.NOT_STARTED)
            for s in subjects
        ),
    )
    frozen = _freeze_templates(cycle, {s["category"] for s in subjects})
    audit_record(
        chain=cycle_chain(cycle.pk),
        actor=actor,
        action="cycle_open",
        object_type="cycle",
        object_id=cycle.pk,
        at=now,
        before={"state": CycleState.DRAFT},
        after={
            "state": CycleState.OPEN,
            "ruleset_sha256": cycle.ruleset_sha256,
            "reviews": created,
            "quota_groups": len(groups),
            "templates": frozen,
            "digest": digest((s["type"], s["category"], s["person"], s["unit"], s["group"]) for s in subjects),
        },
    )
    return created


@transaction.atomic
def quota_group_update(
    *,
    group: QuotaGroup,
    actor: User,
    exception: bool,
    grounds: str = "",
    name: str | None = None,
    now: datetime | None = None,
) -> None:
    """Rename a group or record the competent level's exception (with its grounds) before decisions."""
    cycle = group.cycle
    member = Review.objects.filter(quota_group=group).select_related("cycle", "unit").first()
    if member is None:
        require_role(actor, Role.DECIDER, cycle.root, cycle_dates(cycle)[1])
    else:  # the competent level of the group's subjects records the exception
        require_competent(actor, member)
    if cycle.state not in (CycleState.DRAFT, CycleState.OPEN, CycleState.VERIFICATION, CycleState.DECISION):
        raise ValidationError(_("Quota groups are fixed once results are published."))
    if exception and not grounds.strip():
        raise ValidationError({"exception_grounds": _("An exception needs its grounds.")})
    before = {"name": group.name, "exception": group.exception, "grounds": group.exception_grounds}
    group.exception, group.exception_grounds = exception, grounds.strip() if exception else ""
    group.name = name or group.name
    group.save(update_fields=["exception", "exception_grounds", "name"])
    audit_record(
        chain=cycle_chain(cycle.pk),
        actor=actor,
        action="quota_group_update",
        object_type="quota_group",
        object_id=group.pk,
        at=now or timezone.now(),
        before=before,
        after={"name": group.name, "exception": exception, "grounds": group.exception_grounds},
    )


def _subjects(cycle: ReviewCycle, end: date) -> list[dict[str, Any]]:
    """Who is classified in this cycle: the collectives of the scope and its members (party or state side),
    each with its default quota group (`_default_group`)."""
    root = unit_link_on(unit=cycle.root, on=end)
    if root is None:
        raise ValidationError(_("The cycle's scope is not in the tree at the end of the period."))
    links = UnitLink.objects.filter(in_force(end), path_range(root.path))
    tree: dict[int, tuple[str, int | None, str]] = {
        unit: (kind, parent, path)
        for unit, kind, parent, path in links.values_list("unit_id", "unit__kind", "parent_id", "path")
    }
    units = {unit: kind for unit, (kind, _parent, _path) in tree.items()}
    in_scope = links.values("unit_id")  # the scope as a subquery: no list of ids sent with each query
    codes = dict(Unit.objects.filter(pk__in=in_scope).values_list("pk", "code"))
    state_side = cycle_rules(cycle).side == "state"
    subjects: list[dict[str, Any]] = []

    def add(kind: str, category: str, unit: int, person: int | None) -> None:
        owner, group = _default_group(tree, codes, kind, category, unit, party_members=not state_side)
        subjects.append(
            {"type": kind, "category": category, "unit": unit, "person": person, "group": group, "owner": owner}
        )

    collectives = set(LeadershipCollective.objects.filter(unit_id__in=in_scope).values_list("unit_id", flat=True))
    for unit, kind in sorted(units.items()):
        if kind in PARTY_UNITS and not state_side:
            add("collective", "party_organisation", unit, None)
        if kind == UnitKind.AGENCY or (kind == UnitKind.MASS_ORG and not state_side):
            add("collective", "organisation", unit, None)
        if unit in collectives:
            add("collective", "leadership_collective", unit, None)
    if state_side:
        ranks, post_unit = _ranks(Post.objects.filter(in_force(end), unit_id__in=in_scope))
        for person, unit in sorted(post_unit.items()):
            if units[unit] == UnitKind.AGENCY:
                add("individual", ranks[person], unit, person)
        return subjects
    cells = CellMembership.objects.filter(in_force(end), kind=CellKind.OFFICIAL, cell_id__in=in_scope)
    members: dict[int, int] = {}
    for person, cell in cells.values_list("person_id", "cell_id").order_by("person_id", "valid_from"):
        if units[cell] in CELLS:
            members.setdefault(person, cell)
    # A member's category follows the posts they hold anywhere (a department's staff sit in its party cell)
    ranks, _units = _ranks(Post.objects.filter(in_force(end), person_id__in=cells.values("person_id")))
    for person, cell in sorted(members.items()):
        add("individual", ranks.get(person, "member_outside"), cell, person)
    return subjects


def _default_group(
    tree: dict[int, tuple[str, int | None, str]],
    codes: dict[int, str],
    kind: str,
    category: str,
    unit: int,
    *,
    party_members: bool,
) -> tuple[int, str]:
    """The default group of similar roles (docs/regulations/party.md §7.1), as a code; the name follows.

    - Party members: per grassroots party organisation, every cell of a grassroots committee pooled (HD 21),
      one group per category (leaders, staff, members outside the system).
    - Collectives: per category among the units of one kind under the same parent within the scope (HD 21:
      leadership collectives per type under the province or the district); the scope's root alone.
    - Civil servants (state side): per agency and category.
    The competent level may regroup before verification (`quota_group_assign`). Returns the unit the group
    is named after, and the group's code.
    """
    unit_kind, parent, path = tree[unit]
    if kind == "individual":
        owner = _grassroots(tree, path) if party_members else unit
        return owner, f"{codes[owner]}/individual/{category}"
    if parent is None or parent not in tree:
        return unit, f"{codes[unit]}/collective/{category}"
    return parent, f"{codes[parent]}/collective/{category}/{unit_kind}"


def _grassroots(tree: dict[int, tuple[str, int | None, str]], path: str) -> int:
    """The grassroots party organisation a cell belongs to: the nearest grassroots committee above or at it,
    else the cell itself (a grassroots cell, or a cell whose committee is outside the scope)."""
    ids = [int(path[i : i + PATH_SEGMENT]) for i in range(0, len(path), PATH_SEGMENT)]
    for unit in reversed(ids):
        if unit in tree and tree[unit][0] in (UnitKind.GRASSROOTS_COMMITTEE, UnitKind.GRASSROOTS_CELL):
            return unit
    return ids[-1]


def _ranks(posts: Any) -> tuple[dict[int, str], dict[int, int]]:
    """Each person's category from their posts (centrally managed leader > leader > staff) and first unit."""
    order = {"staff": 0, "leader": 1, "leader_central": 2}
    ranks: dict[int, str] = {}
    first_unit: dict[int, int] = {}
    rows = posts.values_list("person_id", "unit_id", "is_leadership", "centrally_managed").order_by("id")
    for person, unit, leadership, central in rows:
        rank = "leader_central" if central else "leader" if leadership else "staff"
        if order[rank] >= order[ranks.get(person, "staff")]:
            ranks[person] = rank
        first_unit.setdefault(person, unit)
    return ranks, first_unit


def _quota_groups(cycle: ReviewCycle, subjects: list[dict[str, Any]]) -> dict[str, int]:
    """The default groups, named in Vietnamese after the unit their code starts with (codes stay the keys)."""
    units = dict(Unit.objects.filter(pk__in={s["owner"] for s in subjects}).values_list("pk", "name"))
    names = {s["group"]: _group_name(units[s["owner"]], s) for s in subjects}
    QuotaGroup.objects.bulk_create(
        [QuotaGroup(cycle=cycle, code=code, name=name) for code, name in sorted(names.items())], batch_size=BATCH
    )
    return dict(QuotaGroup.objects.filter(cycle=cycle).values_list("code", "pk"))


def _group_name(owner: str, subject: dict[str, Any]) -> str:
    below = " trực thuộc" if subject["type"] == "collective" and subject["owner"] != subject["unit"] else ""
    return f"{owner} — {GROUP_NAMES[subject['category']]}{below}"


def _freeze_templates(cycle: ReviewCycle, categories: set[str]) -> dict[str, str]:
    """For each category: the nearest owner's published template (up the tree), else the national default."""
    end = cycle_dates(cycle)[1]
    root = unit_link_on(unit=cycle.root, on=end)
    owners = [int(root.path[i : i + 10]) for i in range(0, len(root.path), 10)] if root else []
    frozen: dict[str, str] = {}
    for category in sorted(categories):
        candidates = CriteriaTemplate.objects.filter(ruleset=cycle.ruleset, category=category, published=True)
        chosen = None
        for owner in reversed(owners):
            chosen = candidates.filter(owner_id=owner).order_by("-version").first()
            if chosen:
                break
        chosen = chosen or candidates.filter(owner__isnull=True).order_by("-version").first()
        body = chosen.body if chosen else default_template(cycle.ruleset, category)
        sha = digest([body])
        CycleTemplate.objects.create(cycle=cycle, category=category, source=chosen, body=body, sha256=sha)
        frozen[category] = sha
    return frozen


@transaction.atomic
def quota_group_assign(
    *, reviews: Iterable[Review], code: str, name: str, actor: User, now: datetime | None = None
) -> QuotaGroup:
    """Put subjects into a group of similar roles (new or existing) while self-review is open.

    Only the subjects' competent level may regroup them; individuals and collectives never share a group.
    """
    batch = lock_batch(reviews)
    if not batch or not code.strip():
        raise ValidationError(_("Choose the subjects and name the group."))
    cycle = batch[0].cycle
    if any(r.cycle_id != cycle.pk for r in batch):
        raise ValidationError(_("Regroup one cycle at a time."))
    if cycle.state != CycleState.OPEN:
        raise ValidationError(_("Quota groups can be changed only before verification starts."))
    permissions = Permissions(actor)
    for review in batch:
        permissions.require_competent(review)
    group, _created = QuotaGroup.objects.get_or_create(
        cycle=cycle, code=code.strip(), defaults={"name": name.strip() or code.strip()}
    )
    kinds = {r.subject_type for r in batch} | set(
        Review.objects.filter(quota_group=group)
        .exclude(pk__in=[r.pk for r in batch])
        .values_list("subject_type", flat=True)
        .distinct()
    )
    if len(kinds) > 1:
        raise ValidationError(_("Individuals and collectives never share a quota group."))
    changes = [(r.pk, {"quota_group": r.quota_group_id}, {"quota_group": group.pk}) for r in batch]
    Review.objects.filter(pk__in=[r.pk for r in batch]).update(quota_group=group)
    audit_batch(
        cycle_id=cycle.pk,
        actor=actor,
        action="quota_group_assign",
        at=now or timezone.now(),
        changes=changes,
        reason=group.name,
    )
    return group
