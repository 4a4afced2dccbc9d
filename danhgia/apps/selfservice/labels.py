"""What the self-service pages call per-criterion grades and the generic criteria.

Levels, review states, outcomes, complaint states and categories are named by danhgia.apps.reviews.labels, the one
definition the boards and the reports use too. The strings here are gettext strings with a context, so they never
collide with another catalogue's entry.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import pgettext_lazy

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

GRADES: list[tuple[str, StrOrPromise]] = [
    ("XS", pgettext_lazy("grade", "Excellent (XS)")),
    ("T", pgettext_lazy("grade", "Good (T)")),
    ("TB", pgettext_lazy("grade", "Average (TB)")),
    ("K", pgettext_lazy("grade", "Weak (K)")),
]

# The criteria graded XS/T/TB/K under the 2018–2024 rule sets (docs/regulations/party.md §5.1), in the form's order.
CRITERIA: list[tuple[str, StrOrPromise]] = [
    ("politics", pgettext_lazy("criterion", "Political ideology")),
    ("ethics", pgettext_lazy("criterion", "Ethics and lifestyle")),
    ("discipline", pgettext_lazy("criterion", "Sense of organisation and discipline")),
    ("style", pgettext_lazy("criterion", "Working style and manner")),
    ("tasks", pgettext_lazy("criterion", "Results of the duties and tasks assigned")),
]
