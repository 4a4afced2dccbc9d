"""Tokens: shown once and stored hashed, refused when expired, revoked, malformed or of an inactive system (one
401 body for all), rotated without downtime, and every change on the `api` audit chain."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.utils import timezone

from danhgia.apps.api.models import ApiCall, ApiToken, ConnectedSystem
from danhgia.apps.api.services import API_CHAIN, system_create, token_issue, token_revoke, token_rotate
from danhgia.apps.api.tests.world import ApiWorld, state
from danhgia.apps.api.tokens import token_digest
from danhgia.apps.audit.models import AuditEntry
from danhgia.apps.audit.services import audit_verify

pytestmark = pytest.mark.django_db
UNAUTHORIZED = {"code": "unauthorized", "message": "A valid token is required: Authorization: Bearer dg_…"}


def entries(chain: str = API_CHAIN) -> list[tuple[str, str, int | None]]:
    return list(
        AuditEntry.objects.filter(chain__name=chain).order_by("seq").values_list("action", "object_type", "actor_id")
    )


def test_a_system_gets_an_inactive_audit_actor_without_a_password(api: ApiWorld) -> None:
    user = api.system.user

    assert (user.username, user.is_active, user.has_usable_password()) == ("api.eoffice", False, False)
    assert entries() == [("system_create", "api.connectedsystem", api.superuser.pk)]
    assert entries("access")[-1] == ("api_system_user_create", "auth.user", api.superuser.pk)


def test_a_token_is_stored_as_the_sha256_of_its_text_and_shown_only_once(api: ApiWorld) -> None:
    plaintext = api.token(["read:tree"])
    token = ApiToken.objects.get()

    assert plaintext.startswith(f"dg_{token.prefix}_") and len(plaintext) == 3 + 12 + 1 + 43
    assert token.secret_sha256 == token_digest(plaintext)
    assert plaintext not in str(list(ApiToken.objects.values()))
    entry = AuditEntry.objects.get(chain__name=API_CHAIN, action="token_issue")
    assert entry.after is not None
    assert "secret_sha256" not in entry.after and plaintext.split("_", 2)[2] not in str(entry.after)
    assert (entry.after["prefix"], entry.after["operations"], entry.after["root"]) == (
        token.prefix,
        ["read:tree"],
        api.province.pk,
    )
    assert audit_verify(chain=API_CHAIN) == []


@pytest.mark.parametrize(
    "presented",
    [
        None,
        "",
        "Basic dXNlcjpwYXNz",
        "dg_000000000000_" + "A" * 43,
        "dg_zz_nothex",
    ],
)
def test_a_missing_or_unknown_token_gets_401_with_one_body(api: ApiWorld, presented: str | None) -> None:
    headers = {} if presented is None else {"Authorization": presented}
    response = api.client.get("/api/v1/units", headers=headers, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 401
    assert response.json() == UNAUTHORIZED
    assert response["WWW-Authenticate"] == 'Bearer realm="danhgia"'


def test_a_token_with_a_wrong_secret_gets_the_same_401(api: ApiWorld) -> None:
    plaintext = api.token(["read:tree"])
    forged = plaintext[:-4] + ("AAAA" if not plaintext.endswith("AAAA") else "BBBB")

    response = api.call("GET", "/units", forged, language="en")

    assert (response.status_code, response.json()) == (401, UNAUTHORIZED)
    assert ApiCall.objects.get().token_prefix == plaintext.split("_")[1]  # the presented prefix is logged


def test_an_expired_token_is_refused(api: ApiWorld) -> None:
    plaintext = api.token(["read:tree"])
    ApiToken.objects.update(
        expires_at=timezone.now() - timedelta(seconds=1), created_at=datetime(2026, 1, 1, tzinfo=UTC)
    )

    assert api.call("GET", "/units", plaintext).status_code == 401


def test_a_revoked_token_is_refused_from_the_moment_of_revocation(api: ApiWorld) -> None:
    plaintext = api.token(["read:tree"])
    assert api.call("GET", "/units", plaintext).status_code == 200

    token_revoke(actor=api.superuser, token=ApiToken.objects.get(), reason="Máy chủ bị lộ khóa")

    assert api.call("GET", "/units", plaintext).status_code == 401
    revoked = AuditEntry.objects.get(chain__name=API_CHAIN, action="token_revoke")
    assert (revoked.actor_id, revoked.reason) == (api.superuser.pk, "Máy chủ bị lộ khóa")


def test_revoking_needs_a_reason_and_a_second_revocation_changes_nothing(api: ApiWorld) -> None:
    api.token(["read:tree"])
    token = ApiToken.objects.get()
    with pytest.raises(ValidationError):
        token_revoke(actor=api.superuser, token=token, reason="  ")
    token_revoke(actor=api.superuser, token=token, reason="thay máy chủ")
    before = state()

    token_revoke(actor=api.superuser, token=token, reason="lần nữa")

    assert state() == before


def test_an_inactive_system_is_refused(api: ApiWorld) -> None:
    plaintext = api.token(["read:tree"])
    ConnectedSystem.objects.update(is_active=False)

    assert api.call("GET", "/units", plaintext).status_code == 401


def test_rotation_keeps_both_tokens_valid_during_the_overlap_then_only_the_new_one(api: ApiWorld) -> None:
    old_text = api.token(["read:tree", "read:people"], days=100)
    old = ApiToken.objects.get()
    now = timezone.now()

    issued = token_rotate(actor=api.superuser, token=old, overlap=timedelta(days=7), now=now)

    old.refresh_from_db()
    new = issued.token
    assert (new.replaces_id, new.operations, new.root_id) == (old.pk, ["read:tree", "read:people"], api.province.pk)
    assert old.expires_at == now + timedelta(days=7)
    assert new.expires_at - new.created_at == timedelta(days=100)
    assert api.call("GET", "/units", old_text).status_code == 200
    assert api.call("GET", "/units", issued.plaintext).status_code == 200
    ApiToken.objects.filter(pk=old.pk).update(
        created_at=datetime(2026, 1, 1, tzinfo=UTC), expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert api.call("GET", "/units", old_text).status_code == 401
    assert api.call("GET", "/units", issued.plaintext).status_code == 200
    assert [action for action, _type, _actor in entries()][-2:] == ["token_issue", "token_rotate"]


def test_rotation_never_extends_the_old_token(api: ApiWorld) -> None:
    api.token(["read:tree"], days=2)
    old = ApiToken.objects.get()
    expires = old.expires_at

    token_rotate(actor=api.superuser, token=old, overlap=timedelta(days=30))

    old.refresh_from_db()
    assert old.expires_at == expires


def test_a_revoked_token_cannot_be_rotated_and_nothing_changes(api: ApiWorld) -> None:
    api.token(["read:tree"])
    token = ApiToken.objects.get()
    token_revoke(actor=api.superuser, token=token, reason="lộ khóa")
    before = state()

    with pytest.raises(ValidationError):
        token_rotate(actor=api.superuser, token=token)

    assert state() == before


@pytest.mark.parametrize(
    ("operations", "days"),
    [([], 30), (["read:everything"], 30), (["read:tree"], 0), (["read:tree"], 731)],
)
def test_a_token_needs_known_operations_and_a_bounded_lifetime(api: ApiWorld, operations: list[str], days: int) -> None:
    before = state()
    now = timezone.now()

    with pytest.raises(ValidationError):
        token_issue(
            actor=api.superuser,
            system=api.system,
            root=api.province,
            operations=operations,
            expires_at=now + timedelta(days=days),
            now=now,
        )

    assert state() == before


def test_operations_are_kept_in_catalogue_order_without_duplicates(api: ApiWorld) -> None:
    now = timezone.now()
    issued = token_issue(
        actor=api.superuser,
        system=api.system,
        root=api.agency,
        operations=["write:tasks", "read:tree", "write:tasks"],
        expires_at=now + timedelta(days=1),
        now=now,
    )

    assert issued.token.operations == ["read:tree", "write:tasks"]


def test_a_second_system_has_its_own_actor(api: ApiWorld) -> None:
    other = system_create(actor=api.superuser, code="vnpt-ioffice", name="VNPT-iOffice")

    assert User.objects.get(pk=other.user_id).username == "api.vnpt-ioffice"
    assert other.export_mapping["so_dinh_danh_ca_nhan"] == "national_id"


def test_a_system_with_an_unusable_export_mapping_is_refused(api: ApiWorld) -> None:
    before = (User.objects.count(), ConnectedSystem.objects.count(), AuditEntry.objects.count())

    with pytest.raises(ValidationError):
        system_create(actor=api.superuser, code="x", name="X", export_mapping={"ho_ten": "full_name"})

    assert (User.objects.count(), ConnectedSystem.objects.count(), AuditEntry.objects.count()) == before
