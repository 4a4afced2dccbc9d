"""The site's main navigation: each entry names its URL, its label and the roles that see it.

Entries whose URL does not resolve (an app not installed) are skipped; a user sees an entry when they hold
one of its roles anywhere today (the pages themselves check the scope of every object they show).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from danhgia.apps.access.models import Account, Role, RoleAssignment
from danhgia.apps.orgs.selectors import in_force

EVERYONE = "everyone"  # any logged-in user with an account linked to a person
STAFF = "staff"  # users allowed into the administration (the registry import)
ANYONE = "anyone"  # any logged-in user, with or without a person (public law: the basis of classification)


@dataclass(frozen=True)
class NavItem:
    url_name: str
    label: str | Promise
    roles: tuple[str, ...]


NAV = [
    NavItem("selfservice:my_review", _("My review"), (EVERYONE,)),
    NavItem("selfservice:unit_board", _("Unit board"), (Role.SECRETARY,)),
    NavItem("selfservice:residence", pgettext_lazy("selfservice", "Residence comments"), (Role.SECRETARY,)),
    NavItem("boards:verification", _("Verification"), (Role.VERIFIER,)),
    NavItem("boards:decision", _("Decision"), (Role.DECIDER,)),
    NavItem("boards:complaints", _("Complaints"), (Role.DECIDER,)),
    NavItem("boards:organisation", _("Organisation"), (Role.VIEWER, Role.VERIFIER, Role.DECIDER)),
    NavItem("reports:statistics", _("Statistics"), (Role.VIEWER, Role.VERIFIER, Role.DECIDER)),
    NavItem("boards:cycles", _("Review cycles"), (Role.ADMINISTRATOR,)),
    NavItem("spreadsheets:import", _("Import"), (STAFF,)),
    NavItem("rules:basis", _("Basis of classification"), (ANYONE,)),
    NavItem("consultation:list", _("Consultation"), (Role.CONSULTEE, Role.EDITORIAL)),
    NavItem("privacy:mine", pgettext_lazy("privacy", "My data"), (ANYONE,)),
    NavItem("lab:drafts", _("Rule lab"), (Role.RULE_EDITOR, Role.VIEWER)),
]


def visible_items(request: HttpRequest, today: date) -> list[tuple[str, str | Promise]]:
    user = request.user
    if not user.is_authenticated:
        return []
    roles = set(RoleAssignment.objects.filter(in_force(today), user_id=user.pk).values_list("role", flat=True))
    roles.add(ANYONE)
    if Account.objects.filter(user_id=user.pk, person__isnull=False).exists():
        roles.add(EVERYONE)
    if user.is_staff:
        roles.add(STAFF)
    if user.is_superuser or Role.ADMINISTRATOR in roles:
        roles |= {role.value for role in Role} | {EVERYONE}
    items = []
    for item in NAV:
        if not roles.intersection(item.roles):
            continue
        try:
            items.append((reverse(item.url_name), item.label))
        except NoReverseMatch:
            continue
    return items
