"""The basis of classification: every rule set with its rules, sources and tests, and where each project default
decided a result. Any logged-in user may read it: it is public law and counts, no one's personal data."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_GET

from danhgia.apps.rules.basis import committed_bases
from danhgia.apps.rules.present import anchor, show_ruleset
from danhgia.apps.rules.selectors import CycleDefaults, defaults_by_cycle

HASH_SHOWN = 12  # leading hex digits of a SHA-256 shown beside a cycle


@dataclass(frozen=True)
class ShownDefault:
    name: str
    anchor: str
    count: int


@dataclass(frozen=True)
class ShownCycle:
    counts: CycleDefaults
    ruleset_anchor: str
    pinned: str
    defaults: list[ShownDefault]


def _cycle(counts: CycleDefaults) -> ShownCycle:
    return ShownCycle(
        counts=counts,
        ruleset_anchor=anchor(counts.ruleset),
        pinned=counts.pinned_sha256[:HASH_SHOWN],
        defaults=[
            ShownDefault(d.name, anchor(counts.ruleset, ("parameter-" if d.is_parameter else "") + d.name), d.count)
            for d in counts.defaults
        ],
    )


@require_GET
@login_required
def basis_page(request: HttpRequest) -> HttpResponse:
    lang = "en" if translation.get_language() == "en" else "vi"
    bases = committed_bases()
    context = {
        "rulesets": [show_ruleset(basis, lang) for basis in bases],
        "cycles": [_cycle(counts) for counts in defaults_by_cycle(bases)],
    }
    return render(request, "rules/basis.html", context)
