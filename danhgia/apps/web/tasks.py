"""What is the user's to do now, in each cycle under way: their own self-review, their units' review meetings,
subjects to verify, proposals to decide and results to publish, complaints to answer; each with its deadline
and whether it is overdue. The home page lists them and the reminders mail them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import npgettext, pgettext

from danhgia.apps.boards.scope import DECIDE, VERIFY, boards_held, cycles_for
from danhgia.apps.boards.work import to_answer, to_decide, to_verify
from danhgia.apps.cycles.models import CycleState, ReviewCycle
from danhgia.apps.reviews.models import Comment, CommentKind, ReviewState
from danhgia.apps.selfservice import selectors

User = AbstractBaseUser | AnonymousUser
SOON = 7  # days before a deadline from which it is said to be near


@dataclass(frozen=True)
class Task:
    cycle: ReviewCycle
    kind: str  # self_review, meeting, verify, decide, publish, complaints
    text: str
    url: str
    due: date | None
    today: date

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.today > self.due

    @property
    def days_left(self) -> int | None:
        return None if self.due is None else (self.due - self.today).days

    @property
    def days_over(self) -> int:
        return -(self.days_left or 0)

    @property
    def soon(self) -> bool:
        left = self.days_left
        return left is not None and 0 <= left <= SOON


def _own(user: User, today: date) -> list[Task]:
    person = selectors.my_person(user)
    if person is None:
        return []
    tasks = []
    for review in selectors.current_reviews(person):
        if not selectors.is_mine_to_do(review):
            continue
        text = (
            pgettext("web", "Correct and submit again my self-review (returned for correction)")
            if review.state == ReviewState.RETURNED
            else pgettext("web", "Fill in and submit my self-review")
        )
        url = reverse("selfservice:review_detail", args=[review.pk])
        tasks.append(Task(review.cycle, "self_review", text, url, review.cycle.self_review_due, today))
    return tasks


def _meetings(user: User, today: date) -> list[Task]:
    if not selectors.is_secretary(user):
        return []
    tasks = []
    in_force = Comment.objects.filter(
        review=OuterRef("pk"), kind=CommentKind.MEETING, withdrawn_at__isnull=True, superseded_by__isnull=True
    )
    for cycle in selectors.board_cycles(user):
        if cycle.state not in selectors.MEETING_STATES:
            continue
        reviews = selectors.board_reviews(user, cycle)
        url = reverse("selfservice:unit_board") + "?" + urlencode({"cycle": cycle.pk})
        waiting = reviews.filter(state__in=selectors.NOT_SUBMITTED).count()
        if waiting and cycle.state == CycleState.OPEN:
            text = npgettext(
                "web",
                "%(n)d subject under my units has not submitted the self-review yet",
                "%(n)d subjects under my units have not submitted the self-review yet",
                waiting,
            ) % {"n": waiting}
            tasks.append(Task(cycle, "not_submitted", text, url, cycle.self_review_due, today))
        unheld = reviews.filter(state=ReviewState.SUBMITTED).exclude(Exists(in_force)).count()
        if unheld:
            text = npgettext(
                "web",
                "Hold the review meeting and record its minutes: %(n)d subject",
                "Hold the review meeting and record its minutes: %(n)d subjects",
                unheld,
            ) % {"n": unheld}
            tasks.append(Task(cycle, "meeting", text, url, cycle.verification_due, today))
    return tasks


def _boards(user: User, today: date) -> list[Task]:
    tasks = []
    verifies, decides = boards_held(user, [VERIFY, DECIDE])  # one query; most users hold neither
    for cycle in cycles_for(user, VERIFY) if verifies else []:
        n = to_verify(user, VERIFY, cycle)
        if n:
            text = npgettext("web", "Verify %(n)d subject", "Verify %(n)d subjects", n) % {"n": n}
            url = reverse("boards:verification") + "?" + urlencode({"cycle": cycle.pk})
            tasks.append(Task(cycle, "verify", text, url, cycle.verification_due, today))
    for cycle in cycles_for(user, DECIDE) if decides else []:
        url = reverse("boards:decision") + "?" + urlencode({"cycle": cycle.pk})
        verified, decided = to_decide(user, DECIDE, cycle)
        if verified:
            text = npgettext("web", "Decide %(n)d proposal", "Decide %(n)d proposals", verified) % {"n": verified}
            tasks.append(Task(cycle, "decide", text, url, cycle.decision_due, today))
        if decided:
            text = npgettext("web", "Publish %(n)d decided result", "Publish %(n)d decided results", decided) % {
                "n": decided
            }
            tasks.append(Task(cycle, "publish", text, url, cycle.decision_due, today))
        complaints = to_answer(user, DECIDE, cycle)
        if complaints:
            text = npgettext("web", "Answer %(n)d complaint", "Answer %(n)d complaints", complaints) % {"n": complaints}
            url = reverse("boards:complaints") + "?" + urlencode({"cycle": cycle.pk})
            tasks.append(Task(cycle, "complaints", text, url, None, today))
    return tasks


def my_tasks(user: User, today: date) -> list[tuple[ReviewCycle, list[Task]]]:
    """The user's tasks grouped by cycle, the cycle with the nearest deadline first; overdue tasks first within
    each cycle."""
    if not user.is_authenticated:
        return []
    by_cycle: dict[int, list[Task]] = {}
    for task in [*_own(user, today), *_meetings(user, today), *_boards(user, today)]:
        by_cycle.setdefault(task.cycle.pk, []).append(task)
    groups = [
        (tasks[0].cycle, sorted(tasks, key=lambda t: (not t.overdue, t.due or date.max))) for tasks in by_cycle.values()
    ]
    return sorted(groups, key=lambda g: min((t.due or date.max) for t in g[1]))
