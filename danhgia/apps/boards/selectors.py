"""Reads of the boards. Every list is paginated and every figure aggregated in the database, so the number of
queries of a page does not grow with the tree or the number of reviews."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from fractions import Fraction
from typing import Any, overload

from django.core.paginator import Page, Paginator
from django.db.models import Case, CharField, Count, F, Q, QuerySet, Sum, Value, When
from django.db.models.functions import Coalesce, Substr
from django.utils.formats import number_format
from django.utils.translation import pgettext

from danhgia.apps.access.duties import Duties
from danhgia.apps.access.services import in_scope
from danhgia.apps.boards.labels import CATEGORY_NAMES, LEVELS, name_of
from danhgia.apps.boards.scope import Crumb, Place, children, competent_q
from danhgia.apps.cycles.models import QuotaGroup, ReviewCycle
from danhgia.apps.cycles.rulesets import cycle_rules
from danhgia.apps.orgs.models import PATH_SEGMENT, UnitLink
from danhgia.apps.orgs.selectors import in_force, path_range
from danhgia.apps.reports.models import Basis, Subject, SubtreeSummary, SummaryRun, UnitSummary
from danhgia.apps.reviews.facts import subject_id
from danhgia.apps.reviews.models import Complaint, Decision, Outcome, Review, ReviewState
from danhgia.apps.reviews.selectors import STATES, QuotaMeter, conflicts, progress, quota_meters
from danhgia.apps.reviews.services.decision import decision_readiness, dependency_message, percent
from danhgia.apps.selfservice.selectors import person_matches
from danhgia.domain.workflow import EDITABLE as EDITABLE_STATES
from danhgia.domain.workflow import FINAL_STATES

PER_PAGE = 50
# The verification board shows each subject with its reasons and a proposal form: 25 per page keeps a page
# under ~50 ms to build at national scale (docs/PERFORMANCE.md); filters and bulk acceptance cover the rest.
VERIFICATION_PER_PAGE = 25
FINAL = tuple(sorted(s.value for s in FINAL_STATES))  # decided, under complaint or published: the decided level stands
EDITABLE = tuple(sorted(s.value for s in EDITABLE_STATES))

# The conflicts of reviews.selectors.conflicts as filters (same order of precedence), so that the board can
# filter and count them in the database; test_selectors checks that both agree.
CONFLICTS: dict[str, Q] = {
    "missing_self_review": Q(state__in=EDITABLE),
    "needs_decision": ~Q(state__in=EDITABLE) & Q(engine_status=Outcome.NEEDS_DECISION),
    "self_vs_engine": ~Q(state__in=EDITABLE)
    & ~Q(engine_status=Outcome.NEEDS_DECISION)
    & ~Q(engine_level="")
    & ~Q(proposed_level="")
    & ~Q(engine_level=F("proposed_level")),
}
ANY_CONFLICT = CONFLICTS["missing_self_review"] | CONFLICTS["needs_decision"] | CONFLICTS["self_vs_engine"]

SORTS: dict[str, tuple[Any, ...]] = {
    "unit": ("unit__code", "quota_group__code", "subject_type", "subject_name", "pk"),
    "name": ("subject_name", "pk"),
    "score": (F("score").desc(nulls_last=True), "pk"),
    "engine": ("engine_level", "pk"),
    "self": ("proposed_level", "pk"),
    "state": ("state", "pk"),
}

# The level a subject has at this point: the decided one once decided, the engine's before (labelled so).
EFFECTIVE_LEVEL = Case(When(state__in=FINAL, then=F("decided_level")), default=F("engine_level"))
LEVEL_SOURCE = Case(
    When(state__in=FINAL, then=Value("decided")),
    When(~Q(engine_level=""), then=Value("engine")),
    default=Value("none"),
    output_field=CharField(),
)


def subtree_reviews(place: Place) -> QuerySet[Review]:
    """The cycle's reviews of the place's unit and everything below it."""
    units = UnitLink.objects.filter(in_force(place.on), path_range(place.link.path)).values("unit_id")
    return Review.objects.filter(cycle=place.cycle, unit_id__in=units)


def _joined(place: Place) -> QuerySet[Review]:
    """The same reviews joined once to their position in the tree (for grouping by branch)."""
    return Review.objects.filter(
        Q(cycle=place.cycle) & in_force(place.on, "unit__links__") & in_scope([place.link.path], "unit__links__")
    )


# --- verification -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardFilter:
    state: str = ""
    category: str = ""
    flag: str = ""
    conflict: str = ""
    sort: str = "unit"
    person: str = ""  # a name (or part of one), a personnel code or a national ID

    def apply(self, reviews: QuerySet[Review]) -> QuerySet[Review]:
        if self.person:
            reviews = person_matches(reviews, self.person)
        if self.state:
            reviews = reviews.filter(state=self.state)
        if self.category:
            reviews = reviews.filter(category=self.category)
        if self.flag:  # flag names are not substrings of one another
            reviews = reviews.filter(engine_flags__icontains=self.flag)
        if self.conflict == "any":
            reviews = reviews.filter(ANY_CONFLICT)
        elif self.conflict:
            reviews = reviews.filter(CONFLICTS[self.conflict])
        return reviews


@dataclass(frozen=True)
class VerificationBoard:
    page: Page[Any]
    meters: list[GroupMeter]
    conflict_of: dict[int, str]
    conflict_counts: dict[str, int]
    conflicts: list[dict[str, Any]]


@dataclass(frozen=True)
class PageOfIds:
    """What the paginator pages over: the reviews of `by_keys`, sorted with only their keys; the page's full
    rows are read afterwards by primary key. At national scale a commune has thousands of reviews, and
    carrying their whole rows through the sort was half of the board's SQL time."""

    by_keys: QuerySet[Review]  # not `ordered`: the paginator reads that name as QuerySet.ordered

    def count(self) -> int:
        return self.by_keys.count()

    def __len__(self) -> int:
        return self.count()

    def __iter__(self) -> Iterator[Review]:
        return iter(self[:])

    @overload
    def __getitem__(self, index: int) -> Review: ...
    @overload
    def __getitem__(self, index: slice) -> list[Review]: ...
    def __getitem__(self, index: int | slice) -> Review | list[Review]:
        window = index if isinstance(index, slice) else slice(index, index + 1)
        ids = list(self.by_keys.values_list("pk", flat=True)[window])
        found = Review.objects.select_related("person", "unit", "quota_group").in_bulk(ids)
        rows = [found[pk] for pk in ids]
        return rows if isinstance(index, slice) else rows[0]


def verification_board(place: Place, board_filter: BoardFilter, page_number: Any) -> VerificationBoard:
    reviews = board_filter.apply(subtree_reviews(place))
    ordered = reviews.annotate(subject_name=Coalesce("person__full_name", "unit__name")).order_by(
        *SORTS.get(board_filter.sort, SORTS["unit"])
    )
    page: Page[Review] = Paginator(PageOfIds(ordered), VERIFICATION_PER_PAGE).get_page(page_number)
    rows = list(page.object_list)
    groups = QuotaGroup.objects.filter(pk__in={r.quota_group_id for r in rows})
    meters = group_meters(place.cycle, groups) if rows else []
    conflict_of = {c["review"].pk: c["code"] for c in conflicts(Review.objects.filter(pk__in=[r.pk for r in rows]))}
    everything = subtree_reviews(place)
    counts = everything.aggregate(**{code: Count("pk", filter=q) for code, q in CONFLICTS.items()})
    first = list(everything.filter(ANY_CONFLICT).order_by("unit__code", "pk").values_list("pk", flat=True)[:20])
    listed = conflicts(Review.objects.filter(pk__in=first)) if first else []
    return VerificationBoard(page, meters, conflict_of, counts, listed)


@dataclass(frozen=True)
class GroupMeter:
    """A quota meter as the boards show it: the counts of the whole group (every unit and every page of it),
    its size, and the arithmetic behind its maximum (`explanation`)."""

    meter: QuotaMeter
    size: int  # subjects in the group, whatever their state
    ratio: Fraction
    rounding: str

    @property
    def group(self) -> QuotaGroup:
        return self.meter.group

    @property
    def level1(self) -> int:
        return self.meter.level1

    @property
    def level2(self) -> int:
        return self.meter.level2

    @property
    def allowed(self) -> int:
        return self.meter.allowed

    @property
    def exception(self) -> bool:
        return self.meter.exception

    @property
    def over(self) -> int:
        return self.meter.over

    def rule(self) -> str:
        """The rule in one line, with the size of the group it counts."""
        return pgettext(
            "boards", "Level 1 at most %(ratio)s of level 2, counted over the whole group of %(size)s subjects."
        ) % {
            "ratio": percent(self.ratio),
            "size": self.size,
        }

    def explanation(self) -> str:
        """Why the maximum is what it is, with the group's numbers: a subject lowered from level 1 joins level 2,
        so k may keep level 1 when k ≤ ratio × (level 1 + level 2 − k)."""
        return quota_explanation(self.level1 + self.level2, self.allowed, self.ratio, self.rounding)


def quota_explanation(n: int, k: int, ratio: Fraction, rounding: str) -> str:
    """The arithmetic for a group with `n` subjects at level 1 or 2 that may keep `k` at level 1."""
    if n == 0:
        return pgettext("boards", "No subject of the group is at level 1 or 2 yet: at most 0 at level 1.")
    parts = [pgettext("boards", "%(n)s subjects of the group are at level 1 or 2.") % {"n": n}]
    if rounding == "floor":  # the rule sets' rounding: k is the largest with k ≤ ratio × (n − k)
        enough = pgettext(
            "boards", "%(k)s at level 1 leaves %(rest)s at level 2, and %(ratio)s of %(rest)s is %(share)s: enough."
        )
        short = pgettext(
            "boards",
            "%(k)s at level 1 would leave %(rest)s at level 2, and %(ratio)s of %(rest)s is only %(share)s: "
            "not enough.",
        )
        if k >= 1:
            parts.append(enough % _split(k, n, ratio))
        if k < n:
            parts.append(short % _split(k + 1, n, ratio))
    parts.append(pgettext("boards", "So at most %(k)s at level 1.") % {"k": k})
    return " ".join(parts)


def _split(k: int, n: int, ratio: Fraction) -> dict[str, object]:
    return {"k": k, "rest": n - k, "ratio": percent(ratio), "share": decimal_text(ratio * (n - k))}


def decimal_text(value: Fraction) -> str:
    """An exact share with at most two decimals, in the language's notation (3,8 in Vietnamese)."""
    exact = (Decimal(value.numerator) / Decimal(value.denominator)).quantize(Decimal("0.01")).normalize()
    return number_format(exact, use_l10n=True)


def group_meters(cycle: ReviewCycle, groups: QuerySet[QuotaGroup]) -> list[GroupMeter]:
    """The meters of these groups over all of their subjects (reviews.selectors.quota_meters), with the group
    sizes and the ratio in force (one query more)."""
    rules = cycle_rules(cycle)
    sizes = dict(
        Review.objects.filter(quota_group__in=groups)
        .values_list("quota_group_id")
        .annotate(n=Count("pk"))
        .values_list("quota_group_id", "n")
    )
    found = []
    for meter in quota_meters(cycle, groups):
        ratio = rules.quota_exception_ratio if meter.exception and rules.quota_exception_ratio else rules.quota_ratio
        found.append(GroupMeter(meter, sizes.get(meter.group.pk, 0), ratio, rules.quota_rounding))
    return found


def group_meter(cycle: ReviewCycle, group_id: int) -> GroupMeter:
    [meter] = group_meters(cycle, QuotaGroup.objects.filter(pk=group_id))
    return meter


# --- decision -----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Readiness:
    """What the page shows of `decision_readiness`: the ready reviews, and for the others why, naming whom
    they wait for; `held` are those a quota group over its limit holds back (the rest wait for others)."""

    ready: list[int]
    blocked: dict[int, list[str]]
    held: frozenset[int] = frozenset()

    @property
    def waiting(self) -> int:
        return len(self.blocked) - len(self.held)


def readiness(cycle: ReviewCycle, ids: set[int]) -> Readiness:
    """Which of these verified reviews can be decided now, together, in the required order and within the quota
    (exactly what one `reviews_decide` call accepts), and what blocks the others, by name."""
    found = decision_readiness(cycle, ids)
    names = _names(found.waited_for())
    blocked = {
        pk: [
            dependency_message(f"{names[b.waits_for]} ({subject_id(b.waits_for)})")
            if b.waits_for is not None and b.waits_for in names
            else b.message
            for b in reasons
        ]
        for pk, reasons in found.blockers.items()
    }
    held = frozenset(pk for pk, reasons in found.blockers.items() if any(b.code == "quota" for b in reasons))
    return Readiness(sorted(found.ready), blocked, held)


def decidable(found: Readiness, duties: Duties) -> tuple[Readiness, list[Review]]:
    """`found` with only the ready reviews the actor may decide, and those reviews (with their verified result):
    the actor's own and close relatives' reviews are left out (they go to the level above). What the batch
    decides and what the decision board counts, in one query."""
    fields = ("pk", "person_id", "verified_status", "verified_level")
    rows = list(Review.objects.filter(pk__in=found.ready).only(*fields).order_by("pk"))
    mine = set(duties.without_conflicts(rows))
    return replace(found, ready=sorted(mine)), [row for row in rows if row.pk in mine]


def held_subjects(readiness: Readiness) -> list[tuple[str, list[str]]]:
    """The subjects that are not ready, by name, with why (for the message after deciding what was ready)."""
    names = _names(set(readiness.blocked))
    return [(f"{names[pk]} ({subject_id(pk)})", readiness.blocked[pk]) for pk in sorted(readiness.blocked)]


def _names(ids: set[int]) -> dict[int, str]:
    """The subjects' names of these reviews, in one query."""
    if not ids:
        return {}
    return {
        pk: person or f"{name_of(CATEGORY_NAMES, category)} — {unit}"
        for pk, person, category, unit in Review.objects.filter(pk__in=ids).values_list(
            "pk", "person__full_name", "category", "unit__name"
        )
    }


@dataclass(frozen=True)
class DecisionBoard:
    page: Page[Any] | None  # None: the unit's own reviews are decided above the user's scope
    readiness: Readiness
    meters: list[GroupMeter]
    decided: int  # decided and not yet published
    children: list[BranchSummary]
    ready_results: list[tuple[str, str, int]] = field(default_factory=list)  # (status, level, n) of the ready ones


def decision_board(place: Place, page_number: Any, duties: Duties) -> DecisionBoard:
    """The unit's decision board for the actor whose `duties` these are (their conflicts are not ready for them)."""
    summaries = branch_summaries(place)
    if not place.is_competent():
        return DecisionBoard(None, Readiness([], {}), [], 0, summaries)
    own = Review.objects.filter(cycle=place.cycle, unit=place.unit)
    verified = set(own.filter(state=ReviewState.VERIFIED).values_list("pk", flat=True))
    ordered = own.select_related("person", "quota_group").order_by("subject_type", "person__full_name", "pk")
    page = Paginator(ordered, PER_PAGE).get_page(page_number)
    groups = QuotaGroup.objects.filter(pk__in=own.values("quota_group_id"))
    found, rows = decidable(readiness(place.cycle, verified), duties) if verified else (Readiness([], {}), [])
    results = Counter((row.verified_status, row.verified_level) for row in rows)
    return DecisionBoard(
        page,
        found,
        group_meters(place.cycle, groups),
        own.filter(state=ReviewState.DECIDED).count(),
        summaries,
        sorted(((status, level, n) for (status, level), n in results.items()), key=lambda r: (r[1] or "L9", r[0])),
    )


# --- the tree: branches and figures ---------------------------------------------------------------------------


@dataclass(frozen=True)
class BranchSummary:
    """One child of a node: its reviews below it, how far they have come, and their levels."""

    crumb: Crumb
    total: int = 0
    by_state: Counter[str] = field(default_factory=Counter)
    by_level: Counter[str] = field(default_factory=Counter)

    @property
    def finished(self) -> int:
        return sum(self.by_state[s] for s in FINAL)


@dataclass(frozen=True)
class LevelFigure:
    level: str
    decided: int
    engine: int

    @property
    def total(self) -> int:
        return self.decided + self.engine


@dataclass(frozen=True)
class TypeFigures:
    """The levels of one subject type at a node: decided where decided, the engine's otherwise."""

    subject_type: str
    levels: list[LevelFigure]
    without_level: int

    @property
    def with_level(self) -> int:
        return sum(f.total for f in self.levels)

    @property
    def total(self) -> int:
        return self.with_level + self.without_level

    def share(self, figure: LevelFigure) -> Fraction | None:
        """The level's share of the subjects that have a level."""
        return Fraction(figure.total, self.with_level) if self.with_level else None


@dataclass(frozen=True)
class NodeFigures:
    progress: dict[str, int]
    types: list[TypeFigures]
    children: list[BranchSummary]
    own: int  # reviews of the node itself (its collectives and the individuals classified in it)
    # when the cycle's summary tables the figures were read from were refreshed; None: counted live from the
    # reviews, because the cycle's summaries were never computed
    refreshed_at: datetime | None = None


def _branch_rows(place: Place) -> list[dict[str, Any]]:
    width = len(place.link.path) + PATH_SEGMENT
    return list(
        _joined(place)
        .annotate(branch=Substr("unit__links__path", 1, width), level=EFFECTIVE_LEVEL, source=LEVEL_SOURCE)
        .values("branch", "state", "subject_type", "source", "level")
        .annotate(n=Count("pk"))
        .order_by()
    )


def _summaries(place: Place, rows: list[dict[str, Any]]) -> list[BranchSummary]:
    by_branch: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        by_branch[row["branch"]].append(row)
    found = []
    for crumb in children(place):
        by_state: Counter[str] = Counter()
        by_level: Counter[str] = Counter()
        for row in by_branch.get(crumb.path, []):
            by_state[row["state"]] += row["n"]
            if row["source"] != "none" and row["level"]:
                by_level[row["level"]] += row["n"]
        found.append(BranchSummary(crumb, sum(by_state.values()), by_state, by_level))
    return found


def branch_summaries(place: Place) -> list[BranchSummary]:
    return _summaries(place, _branch_rows(place))


def _types(rows: list[dict[str, Any]]) -> list[TypeFigures]:
    """The levels per subject type from rows of subject_type, source (decided, engine, none), level and n."""
    tally: dict[tuple[str, str, str], int] = Counter()
    for row in rows:
        level = row["level"] if row["source"] != "none" and row["level"] else ""
        tally[(row["subject_type"], row["source"] if level else "none", level)] += row["n"]
    types = []
    for subject_type in ("individual", "collective"):
        levels = [
            LevelFigure(level, tally[(subject_type, "decided", level)], tally[(subject_type, "engine", level)])
            for level in LEVELS
        ]
        without = sum(n for (t, _source, level), n in tally.items() if t == subject_type and not level)
        types.append(TypeFigures(subject_type, levels, without))
    return types


def live_figures(place: Place) -> NodeFigures:
    """The node's figures aggregated from the subtree's reviews (the whole subtree is read: only for a cycle
    whose summaries were never refreshed)."""
    rows = _branch_rows(place)
    own = sum(row["n"] for row in rows if row["branch"] == place.link.path)
    return NodeFigures(progress(subtree_reviews(place)), _types(rows), _summaries(place, rows), own)


INDIVIDUAL_SUBJECTS = (Subject.PARTY_MEMBER, Subject.CIVIL_SERVANT)
SUMMARY_ROW = ("state", "subject", "basis", "level")


def _from_summary(row: dict[str, Any]) -> dict[str, Any]:
    """A summary row in the terms of the board: subject type, and the source of its level."""
    return {
        "state": row["state"],
        "subject_type": "individual" if row["subject"] in INDIVIDUAL_SUBJECTS else "collective",
        "source": "decided" if row["basis"] == Basis.DECIDED else "engine",
        "level": row["level"],
        "n": row["n"],
    }


def summary_figures(place: Place, refreshed_at: datetime) -> NodeFigures:
    """The node's figures read from the reports' summary tables (a few indexed reads of at most a few hundred
    rows, whatever the size of the subtree): the node's subtree rows, its children's, and its own count."""
    cycle, unit = place.cycle, place.unit
    rows = [
        _from_summary(row)
        for row in SubtreeSummary.objects.filter(cycle=cycle, unit=unit)
        .values(*SUMMARY_ROW)
        .annotate(n=Sum("count"))
        .order_by()
    ]
    counts: Counter[str] = Counter()
    for row in rows:
        counts[row["state"]] += row["n"]
    by_child: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in (
        SubtreeSummary.objects.filter(cycle=cycle, parent=unit.pk)
        .values("unit_id", *SUMMARY_ROW)
        .annotate(n=Sum("count"))
        .order_by()
    ):
        by_child[row["unit_id"]].append(_from_summary(row))
    found = []
    for crumb in children(place):
        by_state: Counter[str] = Counter()
        by_level: Counter[str] = Counter()
        for row in by_child.get(crumb.unit.pk, []):
            by_state[row["state"]] += row["n"]
            if row["level"]:
                by_level[row["level"]] += row["n"]
        found.append(BranchSummary(crumb, sum(by_state.values()), by_state, by_level))
    own = UnitSummary.objects.filter(cycle=cycle, unit=unit).aggregate(n=Sum("count"))["n"] or 0
    progress_ = {state: counts.get(state, 0) for state in STATES}
    return NodeFigures(progress_, _types(rows), found, own, refreshed_at)


def node_figures(place: Place) -> NodeFigures:
    """The node's figures from the cycle's summary tables, which the workflow refreshes after every batch;
    counted live from the reviews only when the cycle's summaries were never refreshed (reading never writes)."""
    refreshed_at = SummaryRun.objects.filter(cycle=place.cycle).values_list("refreshed_at", flat=True).first()
    if refreshed_at is None:
        return live_figures(place)
    return summary_figures(place, refreshed_at)


def unit_people(place: Place, page_number: Any) -> Page[Any]:
    """The reviews classified in the unit itself: its collectives first, then its people by name."""
    reviews = (
        Review.objects.filter(cycle=place.cycle, unit=place.unit)
        .select_related("person")
        .annotate(level=EFFECTIVE_LEVEL, source=LEVEL_SOURCE)
        .order_by("subject_type", "person__full_name", "pk")
    )
    return Paginator(reviews, PER_PAGE).get_page(page_number)


# --- complaints ---------------------------------------------------------------------------------------------


def complaint_queue(place: Place, state: str, page_number: Any) -> Page[Complaint]:
    """The complaints of the cycle whose subjects' superior competent level the user's scope covers."""
    units = UnitLink.objects.filter(in_force(place.on)).filter(competent_q(place.paths, 2)).values("unit_id")
    complaints = (
        Complaint.objects.filter(review__cycle=place.cycle, state=state, review__unit_id__in=units)
        .select_related("review__person", "review__unit")
        .order_by("filed_at", "pk")
    )
    return Paginator(complaints, PER_PAGE).get_page(page_number)


def review_history(review: Review) -> list[Decision]:
    return list(Decision.objects.filter(review=review).select_related("by").order_by("at", "pk"))


def subject_name(review: Review) -> str:
    """A person's name; for a collective, what it is and which unit."""
    if review.person is not None:
        return review.person.full_name
    return f"{name_of(CATEGORY_NAMES, review.category)} — {review.unit.name}"
