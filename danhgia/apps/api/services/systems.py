"""Connected systems and their tokens: register, issue, rotate, revoke — each on the `api` audit chain.

A token's plaintext exists only in the `IssuedToken` these services return: the caller shows it once (the
admin's page, with `Cache-Control: no-store`) and it is never stored, logged or put in an audit entry.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import pgettext

from danhgia.apps.api.models import ApiToken, ConnectedSystem, Operation
from danhgia.apps.api.national import default_mapping, mapping_problems
from danhgia.apps.api.tokens import token_new
from danhgia.apps.audit.services import ACCESS_CHAIN, audit_record, row_values
from danhgia.apps.orgs.models import Unit

API_CHAIN = "api"  # connected systems, their tokens, and every write a system makes (docs/adr/0007)
Actor = AbstractBaseUser | AnonymousUser
MAX_LIFETIME = timedelta(days=730)
DEFAULT_OVERLAP = timedelta(days=7)


@dataclass(frozen=True)
class IssuedToken:
    token: ApiToken
    plaintext: str  # show it once; it is not stored anywhere


def _audit(
    *,
    actor: Actor,
    action: str,
    row: ConnectedSystem | ApiToken,
    at: datetime,
    before: Any,
    after: Any,
    reason: str = "",
) -> None:
    audit_record(
        chain=API_CHAIN,
        actor=actor,
        action=action,
        object_type=row._meta.label_lower,
        object_id=row.pk,
        at=at,
        before=before,
        after=after,
        reason=reason,
    )


def user_id(actor: Actor) -> int:
    """The id of the (authenticated) person acting."""
    if actor.pk is None:
        raise ValueError("an anonymous user cannot act on connected systems")
    return int(actor.pk)


def token_values(token: ApiToken) -> dict[str, Any]:
    """What an entry records of a token: everything but its digest (never the secret: it is not stored)."""
    return {name: value for name, value in row_values(token).items() if name != "secret_sha256"}


def operations_clean(operations: Iterable[str]) -> list[str]:
    """The operations in their catalogue order, or a ValidationError naming the unknown one."""
    chosen = set(operations)
    unknown = sorted(chosen - set(Operation.values))
    if unknown:
        raise ValidationError(
            {"operations": pgettext("api", "Unknown operation: %(name)s.") % {"name": ", ".join(unknown)}}
        )
    if not chosen:
        raise ValidationError({"operations": pgettext("api", "Choose at least one operation.")})
    return [op for op in Operation.values if op in chosen]


def system_user_create(*, actor: Actor, code: str, now: datetime) -> User:
    """A system's audit actor: an inactive login without a usable password, named `api.<code>`, that exists
    only to be the actor of the system's writes (an entry on the access chain, as every login has)."""
    user = User(username=f"api.{code}", is_active=False)
    user.set_unusable_password()
    user.save()
    audit_record(
        chain=ACCESS_CHAIN,
        actor=actor,
        action="api_system_user_create",
        object_type=User._meta.label_lower,
        object_id=user.pk,
        at=now,
        after={"id": user.pk, "username": user.username, "is_active": False},
        reason=f"audit actor of the connected system {code}",
    )
    return user


@transaction.atomic
def system_create(
    *,
    actor: Actor,
    code: str,
    name: str,
    contact: str = "",
    requests_per_minute: int = 600,
    export_mapping: dict[str, str] | None = None,
    now: datetime | None = None,
) -> ConnectedSystem:
    """A connected system with its audit actor (`system_user_create`)."""
    now = now or timezone.now()
    mapping = default_mapping() if export_mapping is None else export_mapping
    if problems := mapping_problems(mapping):
        raise ValidationError({"export_mapping": problems})
    system = ConnectedSystem.objects.create(
        code=code,
        name=name,
        contact=contact,
        user=system_user_create(actor=actor, code=code, now=now),
        requests_per_minute=requests_per_minute,
        export_mapping=mapping,
        created_at=now,
    )
    _audit(actor=actor, action="system_create", row=system, at=now, before=None, after=row_values(system))
    return system


def _issue(
    *,
    actor: Actor,
    system: ConnectedSystem,
    root: Unit,
    operations: list[str],
    expires_at: datetime,
    now: datetime,
    replaces: ApiToken | None,
) -> IssuedToken:
    new = token_new()
    while ApiToken.objects.filter(prefix=new.prefix).exists():  # 48 random bits: practically never loops
        new = token_new()
    token = ApiToken.objects.create(
        system=system,
        prefix=new.prefix,
        secret_sha256=new.sha256,
        root=root,
        operations=operations,
        created_at=now,
        created_by_id=user_id(actor),
        expires_at=expires_at,
        replaces=replaces,
    )
    _audit(actor=actor, action="token_issue", row=token, at=now, before=None, after=token_values(token))
    return IssuedToken(token, new.plaintext)


@transaction.atomic
def token_issue(
    *,
    actor: Actor,
    system: ConnectedSystem,
    root: Unit,
    operations: Iterable[str],
    expires_at: datetime,
    now: datetime | None = None,
) -> IssuedToken:
    """A new token of `system` over the subtree of `root`, for `operations`, valid until `expires_at`."""
    now = now or timezone.now()
    chosen = operations_clean(operations)
    if not now < expires_at <= now + MAX_LIFETIME:
        raise ValidationError(
            {
                "expires_at": pgettext("api", "A token expires after it is issued and within %(days)d days.")
                % {"days": MAX_LIFETIME.days}
            }
        )
    return _issue(
        actor=actor, system=system, root=root, operations=chosen, expires_at=expires_at, now=now, replaces=None
    )


def is_usable(token: ApiToken, now: datetime) -> bool:
    return token.revoked_at is None and now < token.expires_at


@transaction.atomic
def token_rotate(
    *, actor: Actor, token: ApiToken, overlap: timedelta = DEFAULT_OVERLAP, now: datetime | None = None
) -> IssuedToken:
    """A successor with the same system, subtree, operations and lifetime; the old token stays valid for
    `overlap` more (never longer than it would have), so both work while the system switches over."""
    now = now or timezone.now()
    token = ApiToken.objects.select_for_update().select_related("system", "root").get(pk=token.pk)
    if not is_usable(token, now):
        raise ValidationError(pgettext("api", "Only a valid token can be rotated; issue a new one instead."))
    if not timedelta(0) <= overlap <= timedelta(days=90):
        raise ValidationError({"overlap": pgettext("api", "The overlap is from 0 to 90 days.")})
    lifetime = min(token.expires_at - token.created_at, MAX_LIFETIME)
    issued = _issue(
        actor=actor,
        system=token.system,
        root=token.root,
        operations=list(token.operations),
        expires_at=now + lifetime,
        now=now,
        replaces=token,
    )
    before = {"id": token.pk, "expires_at": token.expires_at}
    ends = min(token.expires_at, now + overlap)
    if ends > token.created_at:
        token.expires_at = ends
    else:  # no overlap in the very instant of issue: an expiry cannot precede the issue, so revoke
        token.revoked_at, token.revoked_by_id, token.revocation_reason = now, user_id(actor), "rotated without overlap"
    token.save(update_fields=["expires_at", "revoked_at", "revoked_by", "revocation_reason"])
    after = {"id": token.pk, "expires_at": token.expires_at, "successor": issued.token.prefix}
    _audit(actor=actor, action="token_rotate", row=token, at=now, before=before, after=after)
    return issued


@transaction.atomic
def token_revoke(*, actor: Actor, token: ApiToken, reason: str, now: datetime | None = None) -> ApiToken:
    """Refuse the token from now on. Revoking a revoked token changes nothing."""
    now = now or timezone.now()
    if not reason.strip():
        raise ValidationError({"reason": pgettext("api", "Give the reason for the revocation.")})
    token = ApiToken.objects.select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        return token
    token.revoked_at, token.revoked_by_id, token.revocation_reason = now, user_id(actor), reason.strip()
    token.save(update_fields=["revoked_at", "revoked_by", "revocation_reason"])
    _audit(
        actor=actor,
        action="token_revoke",
        row=token,
        at=now,
        before={"id": token.pk, "revoked_at": None},
        after={"id": token.pk, "revoked_at": now, "revoked_by": actor.pk},
        reason=token.revocation_reason,
    )
    return token
