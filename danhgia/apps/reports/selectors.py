"""Reads of the statistics: a node's figures per subject, its children's, and the previous cycles' — each a
few indexed reads of the summary tables (no review row is read here) — and who may read them."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import F, Q, QuerySet, Sum
from django.utils.translation import pgettext

from danhgia.apps.access.models import Role, RoleAssignment
from danhgia.apps.access.services import has_role, scope_paths
from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.orgs.models import PATH_SEGMENT, Unit, UnitLink
from danhgia.apps.orgs.selectors import in_force, unit_link_on
from danhgia.apps.reports.figures import Figures, figures_from
from danhgia.apps.reports.labels import kind_label, kind_order, subject_label
from danhgia.apps.reports.models import Subject, SubtreeSummary, SummaryRun, UnitSummary
from danhgia.apps.reviews.facts import cycle_dates

User = AbstractBaseUser | AnonymousUser
READER_ROLES = (Role.VIEWER, Role.VERIFIER, Role.DECIDER)
TREND_CYCLES = 5  # previous cycles shown beside the current one
RESULT = ("status", "level", "basis")

# A year's review (no quarter) comes after its quarters: NULL first when descending, on every database.
LATEST_QUARTER_FIRST = F("quarter").desc(nulls_first=True)


@dataclass(frozen=True)
class UnitRef:
    pk: int
    code: str
    name: str
    kind: str


@dataclass
class SubjectFigures:
    subject: str
    label: str
    total: Figures
    kinds: list[tuple[str, str, Figures]] = field(default_factory=list)  # (kind, label, figures)


@dataclass
class ChildFigures:
    unit: UnitRef
    by_subject: dict[str, Figures]


@dataclass
class TrendPoint:
    cycle_id: int
    name: str
    year: int
    quarter: int | None
    by_subject: dict[str, Figures]
    computed: bool


@dataclass
class Statistics:
    cycle: ReviewCycle
    unit: UnitRef
    on: date
    ancestors: list[UnitRef]  # from the cycle's root down to the node's parent
    refreshed_at: datetime | None
    subjects: list[SubjectFigures]
    overall: Figures
    own: dict[str, Figures]  # the node's own reviews (its collectives, individuals placed in it)
    children: list[ChildFigures]
    trend: list[TrendPoint]

    def subject(self, subject: str) -> SubjectFigures | None:
        return next((s for s in self.subjects if s.subject == subject), None)


def reference_date(cycle: ReviewCycle) -> date:
    return cycle_dates(cycle)[1]


def statistics_access(user: User, cycle: ReviewCycle, unit: Unit) -> date:
    """The date the figures are read as of; PermissionDenied unless the user reads statistics over `unit`
    (organising committee, advisory body or competent level) and `unit` lies in the cycle's scope."""
    on = reference_date(cycle)
    link, root = unit_link_on(unit=unit, on=on), unit_link_on(unit=cycle.root, on=on)
    if link is None or root is None or not link.path.startswith(root.path):
        raise PermissionDenied(pgettext("reports", "This unit is not in the cycle's scope."))
    if not any(has_role(user, role, unit, on) for role in READER_ROLES):
        raise PermissionDenied(pgettext("reports", "You may not read the statistics of this unit."))
    return on


def readable_cycles(user: User) -> QuerySet[ReviewCycle]:
    """Cycles whose scope meets the user's reading scope somewhere (the page then picks a unit in both)."""
    cycles = ReviewCycle.objects.select_related("root").order_by("-year", LATEST_QUARTER_FIRST, "name")
    if getattr(user, "is_superuser", False):
        return cycles
    if not user.is_authenticated:
        return cycles.none()
    roles = [*READER_ROLES, Role.ADMINISTRATOR]
    if not RoleAssignment.objects.filter(user_id=user.pk, role__in=roles).exists():
        return cycles.none()
    return cycles


def default_unit(user: User, cycle: ReviewCycle) -> Unit | None:
    """Where a reader starts in a cycle: its root when they cover it, else the highest unit they cover in it."""
    on = reference_date(cycle)
    root = unit_link_on(unit=cycle.root, on=on)
    if root is None:
        return None
    candidates: list[str] = []
    for role in READER_ROLES:
        paths = scope_paths(user, role, on)
        if paths is None or any(root.path.startswith(p) for p in paths):
            return cycle.root
        candidates += [p for p in paths if p.startswith(root.path)]
    if not candidates:
        return None
    best = min(candidates, key=lambda p: (len(p), p))
    return Unit.objects.filter(pk=int(best[-PATH_SEGMENT:])).first()


def _ref(unit: Unit) -> UnitRef:
    return UnitRef(unit.pk, unit.code, unit.name, unit.kind)


def _by_subject(rows: list[dict[str, object]], key: str | None = None) -> dict[object, dict[str, Figures]]:
    grouped: dict[object, dict[str, list[dict[str, object]]]] = defaultdict(lambda: defaultdict(list))
    for row in rows:
        grouped[row[key] if key else None][str(row["subject"])].append(row)
    return {k: {s: figures_from(r) for s, r in subjects.items()} for k, subjects in grouped.items()}


def statistics(*, cycle: ReviewCycle, unit: Unit, on: date | None = None) -> Statistics:
    """The figures of `unit`'s subtree in `cycle`, its own, its children's and the previous cycles'."""
    on = on or reference_date(cycle)
    link = unit_link_on(unit=unit, on=on)
    root = unit_link_on(unit=cycle.root, on=on)
    if link is None or root is None or not link.path.startswith(root.path):
        raise ValueError("the unit is not in the cycle's scope")
    run = SummaryRun.objects.filter(cycle=cycle).values_list("refreshed_at", flat=True).first()
    dims = ("subject", "kind", "state", "basis", "status", "level", "reason")
    rows = list(SubtreeSummary.objects.filter(cycle=cycle, unit=unit).values(*dims).annotate(n=Sum("count")).order_by())
    subjects = _subjects(rows)
    overall = Figures()
    for s in subjects:
        overall.merge(s.total)
    own_rows = list(
        UnitSummary.objects.filter(cycle=cycle, unit=unit)
        .values("subject", *RESULT)
        .annotate(n=Sum("count"))
        .order_by()
    )
    own = _by_subject(own_rows).get(None, {})
    return Statistics(
        cycle=cycle,
        unit=_ref(unit),
        on=on,
        ancestors=_ancestors(link.path, root.path),
        refreshed_at=run,
        subjects=subjects,
        overall=overall,
        own=own,
        children=children_figures(cycle=cycle, unit=unit),
        trend=trend(cycle=cycle, unit=unit, current=subjects),
    )


def _subjects(rows: list[dict[str, object]]) -> list[SubjectFigures]:
    by_subject: dict[str, list[dict[str, object]]] = defaultdict(list)
    for row in rows:
        by_subject[str(row["subject"])].append(row)
    result = []
    for subject in Subject.values:
        subject_rows = by_subject.get(subject)
        if not subject_rows:
            continue
        kinds: dict[str, list[dict[str, object]]] = defaultdict(list)
        for row in subject_rows:
            kinds[str(row["kind"])].append(row)
        breakdown = [(k, kind_label(k), figures_from(kinds[k])) for k in kind_order(subject, set(kinds)) if k]
        result.append(SubjectFigures(subject, subject_label(subject), figures_from(subject_rows), breakdown))
    return result


def _ancestors(path: str, root_path: str) -> list[UnitRef]:
    ids = [
        int(path[i : i + PATH_SEGMENT])
        for i in range(len(root_path) - PATH_SEGMENT, len(path) - PATH_SEGMENT, PATH_SEGMENT)
    ]
    units = {u.pk: u for u in Unit.objects.filter(pk__in=ids)}
    return [_ref(units[pk]) for pk in ids if pk in units]


def children_figures(*, cycle: ReviewCycle, unit: Unit) -> list[ChildFigures]:
    """The figures of each child unit's subtree (the drill-down), children ordered by code."""
    rows = list(
        SubtreeSummary.objects.filter(cycle=cycle, parent=unit.pk)
        .values("unit_id", "subject", *RESULT)
        .annotate(n=Sum("count"))
        .order_by()
    )
    grouped = _by_subject(rows, key="unit_id")
    units = Unit.objects.filter(pk__in=list(grouped)).order_by("code")
    return [ChildFigures(_ref(u), grouped[u.pk]) for u in units]


def previous_cycles(cycle: ReviewCycle, limit: int = TREND_CYCLES) -> list[ReviewCycle]:
    """Earlier cycles of the same kind over the same root, latest first."""
    earlier = Q(year__lt=cycle.year)
    if cycle.quarter:
        earlier |= Q(year=cycle.year, quarter__lt=cycle.quarter)
    found = ReviewCycle.objects.filter(earlier, kind=cycle.kind, root_id=cycle.root_id).exclude(pk=cycle.pk)
    return list(found.order_by("-year", LATEST_QUARTER_FIRST, "-pk")[:limit])


def trend(*, cycle: ReviewCycle, unit: Unit, current: list[SubjectFigures] | None = None) -> list[TrendPoint]:
    """The node's figures per subject in the previous cycles of the same kind and root, then in this one."""
    cycles = list(reversed(previous_cycles(cycle)))
    rows = list(
        SubtreeSummary.objects.filter(cycle__in=cycles, unit=unit)
        .values("cycle_id", "subject", *RESULT)
        .annotate(n=Sum("count"))
        .order_by()
    )
    grouped = _by_subject(rows, key="cycle_id")
    computed = set(SummaryRun.objects.filter(cycle__in=cycles).values_list("cycle_id", flat=True))
    points = [TrendPoint(c.pk, c.name, c.year, c.quarter, grouped.get(c.pk, {}), c.pk in computed) for c in cycles]
    if current is None:
        current = _subjects(
            list(
                SubtreeSummary.objects.filter(cycle=cycle, unit=unit)
                .values("subject", "kind", *RESULT)
                .annotate(n=Sum("count"))
                .order_by()
            )
        )
    now = {s.subject: s.total for s in current}
    points.append(TrendPoint(cycle.pk, cycle.name, cycle.year, cycle.quarter, now, True))
    return points


def subtree_links(*, cycle: ReviewCycle, unit: Unit, depth: int | None) -> QuerySet[UnitLink]:
    """The links of `unit`'s subtree (down to `depth` levels below it), in tree order (by path)."""
    on = reference_date(cycle)
    link = unit_link_on(unit=unit, on=on)
    if link is None:
        return UnitLink.objects.none()
    upper = str(int(link.path) + 1).zfill(len(link.path))
    links = UnitLink.objects.filter(in_force(on), path__gte=link.path, path__lt=upper)
    if depth is not None:
        links = links.filter(depth__lte=link.depth + depth)
    return links.order_by("path")
