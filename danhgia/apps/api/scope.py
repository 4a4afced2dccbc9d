"""Who is calling and what they may see: a token found by its prefix, and the subtree of its root unit as the
tree stood on the date a call asks about (a 2025 cycle sees the tree of 31/12/2025, like the web pages)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Q, QuerySet

from danhgia.apps.api.models import ApiToken
from danhgia.apps.api.tokens import token_matches, token_prefix
from danhgia.apps.orgs.models import UnitLink
from danhgia.apps.orgs.selectors import in_force, path_range


def token_authenticate(plaintext: str, *, now: datetime) -> ApiToken | None:
    """The token, if it is well formed, known, matches, is neither expired nor revoked, and its system is
    active. Every failure is the same None: the caller answers 401 without saying which check failed."""
    prefix = token_prefix(plaintext)
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("system", "root").filter(prefix=prefix).first()
    if token is None or not token_matches(plaintext, token.secret_sha256):
        return None
    if token.revoked_at is not None or now >= token.expires_at or not token.system.is_active:
        return None
    return token


@dataclass
class TokenScope:
    """The subtree a token acts over; each date's root path is read once per call."""

    token: ApiToken
    _paths: dict[date, str | None] = field(default_factory=dict)

    def root_path(self, on: date) -> str | None:
        """The token root's path on `on`, or None when the root is not in the tree that day (nothing is)."""
        if on not in self._paths:
            self._paths[on] = (
                UnitLink.objects.filter(in_force(on), unit_id=self.token.root_id).values_list("path", flat=True).first()
            )
        return self._paths[on]

    def links(self, on: date) -> QuerySet[UnitLink]:
        """The tree positions in force on `on` within the subtree (the root's own included)."""
        path = self.root_path(on)
        if path is None:
            return UnitLink.objects.none()
        return UnitLink.objects.filter(in_force(on), path_range(path))

    def unit_ids(self, on: date) -> QuerySet[UnitLink, int]:
        """The subtree's unit ids on `on`, as a subquery."""
        return self.links(on).values_list("unit_id", flat=True)

    def units_filter(self, on: date, prefix: str = "") -> Q:
        """Rows whose `<prefix>unit` lies in the subtree on `on`."""
        return Q(**{f"{prefix}unit_id__in": self.unit_ids(on)})

    def path_within(self, path: str, on: date) -> bool:
        root = self.root_path(on)
        return root is not None and path.startswith(root)

    def contains_unit(self, unit_id: int, on: date) -> bool:
        return self.links(on).filter(unit_id=unit_id).exists()

    def allows(self, operation: str) -> bool:
        return operation in self.token.operations
