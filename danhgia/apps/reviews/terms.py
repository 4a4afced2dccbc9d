"""Term results: a term cycle lists the term's yearly results beside the engine's reading of the term's facts.

No source settles how yearly levels combine into a term level (docs/regulations/party.md §8): unless the rule
set names an aggregation rule among its parameters (`term_aggregation`), a subject the engine classified is
proposed as "needs decision", with every year of the term and its published result in the reason, and the
flag `unconfirmed_rule` on whatever the engine's own level rests on.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Q

from danhgia.apps.cycles.models import ReviewCycle
from danhgia.apps.reviews.models import Outcome, Review, ReviewState

REASON_CODE = "term_years_to_combine"
SOURCE = "Mặc định của dự án: chưa có văn bản quy định cách tổng hợp kết quả các năm thành kết quả nhiệm kỳ"
PUBLISHED = (ReviewState.PUBLISHED, ReviewState.COMPLAINED)
NONE = {"vi": "chưa có kết quả", "en": "no result"}


def term_years(cycle: ReviewCycle) -> list[int]:
    return list(range(cycle.term_start or cycle.year, cycle.year + 1))


def yearly_results(cycle: ReviewCycle, review_ids: set[int]) -> dict[int, dict[int, str]]:
    """For each review of the term cycle: {year: published level} of its subject's yearly cycles in the term."""
    subjects = list(Review.objects.filter(pk__in=review_ids).values_list("pk", "person_id", "unit_id", "category"))
    people = {person for _pk, person, _unit, _category in subjects if person}
    collectives = {(unit, category) for _pk, person, unit, category in subjects if not person}
    years = term_years(cycle)
    found = Review.objects.filter(
        cycle__kind="year",
        cycle__year__in=years,
        state__in=PUBLISHED,
        decided_status=Outcome.CLASSIFIED,
    ).filter(Q(person_id__in=people) | Q(person__isnull=True, unit_id__in={u for u, _c in collectives}))
    by_person: dict[int, dict[int, str]] = defaultdict(dict)
    by_collective: dict[tuple[int, str], dict[int, str]] = defaultdict(dict)
    rows = found.values_list("person_id", "unit_id", "category", "cycle__year", "decided_level")
    for person, unit, category, year, level in rows.order_by("cycle__year", "pk"):
        if person:
            by_person[person][year] = level
        else:
            by_collective[(unit, category)][year] = level
    return {
        pk: dict(by_person[person]) if person else dict(by_collective[(unit, category)])
        for pk, person, unit, category in subjects
    }


def apply_term(cycle: ReviewCycle, result: dict[str, Any], subject_review: dict[str, int]) -> None:
    """Turn the engine's classified results of a term cycle into "needs decision" with the years listed."""
    if cycle.kind != "term":
        return
    years = term_years(cycle)
    history = yearly_results(cycle, set(subject_review.values()))
    for entry in result["results"]:
        if entry["status"] != Outcome.CLASSIFIED:
            continue
        levels = history.get(subject_review[entry["subject"]], {})
        listed = {lang: ", ".join(f"{year}: {levels.get(year, NONE[lang])}" for year in years) for lang in ("vi", "en")}
        entry["reasons"].append(
            {
                "code": REASON_CODE,
                "source": SOURCE,
                "detail": (
                    f"Kết quả từng năm của nhiệm kỳ — {listed['vi']}. Theo dữ liệu cả nhiệm kỳ, bộ quy tắc cho"
                    f" {entry['level']}. Chưa có văn bản quy định cách tổng hợp: cấp có thẩm quyền quyết định."
                ),
                "detail_en": (
                    f"The term's yearly results — {listed['en']}. On the term's own facts the rule set gives"
                    f" {entry['level']}. No source says how the years combine: the competent level decides."
                ),
            }
        )
        entry["status"], entry["level"] = Outcome.NEEDS_DECISION.value, None
        if "unconfirmed_rule" not in entry["flags"]:
            entry["flags"].append("unconfirmed_rule")
