"""Reads of a consultation: the comments in force grouped by article, the synthesis rows, the statistics by unit
and article, the units still to answer, and the diff between two versions of the text."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q, QuerySet

from danhgia.apps.consultation.models import (
    Comment,
    Consultation,
    ConsultedUnit,
    Opinion,
    OpinionState,
    Provision,
    ProvisionKind,
    TextVersion,
)
from danhgia.apps.consultation.similarity import near_duplicate_groups
from danhgia.apps.orgs.models import Unit


def comments_in_force(consultation: Consultation) -> QuerySet[Comment]:
    """The comments of the submitted opinions in force and the conference's notes (drafts and superseded opinions
    are kept but not synthesised)."""
    return (
        Comment.objects.filter(consultation=consultation)
        .filter(Q(opinion__state=OpinionState.SUBMITTED) | Q(origin="conference"))
        .select_related("unit", "provision")
        .order_by("provision__position", "unit__code", "pk")
    )


def article_key(provision: Provision | None) -> str:
    return "" if provision is None else provision.key.split(".")[0]


@dataclass
class ArticleComments:
    key: str
    label: str
    heading: str
    comments: list[Comment] = field(default_factory=list)
    suggestions: list[list[Comment]] = field(default_factory=list)


def comments_by_article(consultation: Consultation) -> list[ArticleComments]:
    """Articles in text order (the comments on their clauses with them; general comments first), each with the
    near-duplicate groups suggested among its comments that no one has grouped yet. Comments on the whole draft
    or on a chapter come first, under an empty label."""
    articles = {
        p.key: ArticleComments(p.key, p.label, p.heading)
        for p in Provision.objects.filter(version__consultation=consultation, version__number=1, kind="article")
    }
    general = ArticleComments("", "", "")
    for comment in comments_in_force(consultation):
        articles.get(article_key(comment.provision), general).comments.append(comment)
    shown = ([general] if general.comments else []) + [a for a in articles.values() if a.comments]
    for article in shown:
        ungrouped = [c for c in article.comments if c.group_id is None]
        for members in near_duplicate_groups([c.text for c in ungrouped]):
            article.suggestions.append([ungrouped[i] for i in members])
    return shown


@dataclass(frozen=True)
class UnitAnswer:
    unit: Unit
    opinion: Opinion | None  # the opinion in force
    comments: int
    is_late: bool
    is_overdue: bool  # no opinion and the deadline has passed


def unit_answers(consultation: Consultation, today: date) -> list[UnitAnswer]:
    opinions = {o.unit_id: o for o in Opinion.objects.filter(consultation=consultation, state=OpinionState.SUBMITTED)}
    counts: dict[int, int] = {}
    for unit_id in comments_in_force(consultation).filter(origin="written").values_list("unit_id", flat=True):
        counts[unit_id] = counts.get(unit_id, 0) + 1
    answers = []
    for consulted in ConsultedUnit.objects.filter(consultation=consultation).select_related("unit"):
        opinion = opinions.get(consulted.unit_id)
        is_late = bool(opinion and opinion.submitted_at and opinion.submitted_at.date() > consultation.deadline)
        answers.append(
            UnitAnswer(
                unit=consulted.unit,
                opinion=opinion,
                comments=counts.get(consulted.unit_id, 0),
                is_late=is_late,
                is_overdue=opinion is None and today > consultation.deadline,
            )
        )
    return answers


def units_not_answered(consultation: Consultation) -> list[ConsultedUnit]:
    answered = Opinion.objects.filter(consultation=consultation, state=OpinionState.SUBMITTED).values("unit_id")
    rows = ConsultedUnit.objects.filter(consultation=consultation).exclude(unit_id__in=answered)
    return list(rows.select_related("unit"))


def comments_per_article(consultation: Consultation) -> list[tuple[str, int]]:
    """(article label, number of comments in force) in text order; "" for comments on the whole draft."""
    return [(a.label, len(a.comments)) for a in comments_by_article(consultation)]


@dataclass(frozen=True)
class ProvisionChange:
    label: str
    before: str
    after: str
    diff: list[tuple[str, str]]  # (" ", "-", "+"; a word)
    comments: list[Comment]


def version_diff(consultation: Consultation, number: int) -> list[ProvisionChange]:
    """What version `number` changed against the one before it, provision by provision, word by word."""
    new = TextVersion.objects.get(consultation=consultation, number=number)
    old = TextVersion.objects.get(consultation=consultation, number=number - 1)
    before = {p.key: p for p in old.provisions.all()}
    changes = []
    for provision in new.provisions.prefetch_related("changed_by__unit").order_by("position"):
        previous = before.get(provision.key)
        old_body = previous.body if previous else ""
        if old_body == provision.body:
            continue
        changes.append(
            ProvisionChange(
                label=provision.label,
                before=old_body,
                after=provision.body,
                diff=word_diff(old_body, provision.body),
                comments=list(provision.changed_by.all()),
            )
        )
    return changes


def word_diff(before: str, after: str) -> list[tuple[str, str]]:
    shown = []
    for token in difflib.ndiff(before.split(), after.split()):
        if token[0] in " -+":
            shown.append((token[0], token[2:]))
    return shown


def text_provisions(version: TextVersion) -> QuerySet[Provision]:
    return version.provisions.order_by("position")


def articles_of(consultation: Consultation) -> QuerySet[Provision]:
    """The consulted text's articles and clauses (what a comment may be written on)."""
    kinds = [ProvisionKind.ARTICLE, ProvisionKind.CLAUSE]
    return Provision.objects.filter(version__consultation=consultation, version__number=1, kind__in=kinds).order_by(
        "position"
    )
