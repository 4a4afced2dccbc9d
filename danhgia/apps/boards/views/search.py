"""Finding a person on a board: the subjects of the place's subtree whose name (or personnel code, or national
ID) matches what was typed, each with the unit classified in, to open on the board of that unit."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from danhgia.apps.boards.scope import Place
from danhgia.apps.boards.selectors import subtree_reviews
from danhgia.apps.selfservice.selectors import person_matches

FOUND_LISTED = 20


def person_search(request: HttpRequest, place: Place) -> dict[str, Any]:
    """The search box's term and, when one was typed, the first matches (`found`) and how many there are."""
    term = request.GET.get("person", "").strip()[:200]
    if not term:
        return {"person": ""}
    matches = person_matches(subtree_reviews(place), term).select_related("person", "unit")
    found = list(matches.order_by("person__full_name", "unit__code", "pk")[:FOUND_LISTED])
    return {
        "person": term,
        "found": found,
        "found_count": matches.count() if len(found) == FOUND_LISTED else len(found),
    }
