"""The keys that sign the audit trail, held outside the database (docs/adr/0008-signed-audit-chains.md).

`DANHGIA_AUDIT_KEY` holds the key text, or `DANHGIA_AUDIT_KEY_FILE` names a file holding it. The text lists one
key per line (or comma-separated), each `ID:SECRET`, or a bare `SECRET` whose id is then its fingerprint. The
first key is the current one: it signs every new entry and anchor. The others are retired keys, kept only so the
entries they signed still verify; rotating is putting a new key first and restarting. A secret has at least 32
characters (`python -c "import secrets; print(secrets.token_hex(32))"`).

Without either setting, a development key is derived from SECRET_KEY (DEBUG runs and the test suite); the system
check `audit.E001` refuses that outside DEBUG, so a deployment does not start without a real key.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

MIN_SECRET_LENGTH = 32
KEY_ID = re.compile(r"[A-Za-z0-9._-]{1,32}")
DEVELOPMENT_KEY_ID = "dev"


class AuditKeyError(ImproperlyConfigured):
    """The configured key text or file cannot be used."""


@dataclass(frozen=True)
class AuditKey:
    id: str
    secret: bytes = field(repr=False)


@dataclass(frozen=True)
class Keyring:
    """The current key, and every key an entry may name (the current one included)."""

    current: AuditKey
    keys: dict[str, AuditKey]

    def get(self, key_id: str) -> AuditKey | None:
        return self.keys.get(key_id)


def fingerprint(secret: str) -> str:
    """The id of a key given without one: 12 hex digits of its SHA-256 (says nothing usable about the secret)."""
    return "k" + hashlib.sha256(secret.encode("utf-8")).hexdigest()[:12]


def parse_keys(text: str, *, source: str) -> Keyring:
    """The keyring a key text describes; `source` names where it came from in error messages."""
    found: dict[str, AuditKey] = {}
    for raw in re.split(r"[\n,]", text):
        item = raw.strip()
        if not item or item.startswith("#"):
            continue
        key_id, _colon, secret = item.partition(":") if ":" in item else ("", "", item)
        key_id, secret = key_id.strip() or fingerprint(secret.strip()), secret.strip()
        if not KEY_ID.fullmatch(key_id):
            raise AuditKeyError(f"{source}: key id {key_id!r} is not 1-32 letters, digits, '.', '_' or '-'")
        if len(secret) < MIN_SECRET_LENGTH:
            raise AuditKeyError(f"{source}: the secret of key {key_id!r} has fewer than {MIN_SECRET_LENGTH} characters")
        if key_id in found:
            raise AuditKeyError(f"{source}: key id {key_id!r} is given twice")
        found[key_id] = AuditKey(key_id, secret.encode("utf-8"))
    if not found:
        raise AuditKeyError(f"{source}: no key")
    return Keyring(current=next(iter(found.values())), keys=found)


def development_keyring(secret_key: str) -> Keyring:
    key = AuditKey(DEVELOPMENT_KEY_ID, hashlib.sha256(f"danhgia-audit-development:{secret_key}".encode()).digest())
    return Keyring(current=key, keys={key.id: key})


def configured_key_text() -> tuple[str, str] | None:
    """(key text, where it came from) per the settings, or None when neither setting is given."""
    text = getattr(settings, "DANHGIA_AUDIT_KEY", "").strip()
    if text:
        return text, "DANHGIA_AUDIT_KEY"
    path = getattr(settings, "DANHGIA_AUDIT_KEY_FILE", "").strip()
    if not path:
        return None
    try:
        return Path(path).read_text(encoding="utf-8"), f"DANHGIA_AUDIT_KEY_FILE {path}"
    except OSError as exc:
        raise AuditKeyError(f"DANHGIA_AUDIT_KEY_FILE {path} cannot be read: {exc.strerror}") from None


_cache: dict[tuple[str, str, str], Keyring] = {}


def keyring() -> Keyring:
    """The keys per the settings (read once per distinct setting: a new key file takes effect on restart)."""
    cache_key = (
        getattr(settings, "DANHGIA_AUDIT_KEY", ""),
        getattr(settings, "DANHGIA_AUDIT_KEY_FILE", ""),
        settings.SECRET_KEY,
    )
    if cache_key not in _cache:
        configured = configured_key_text()
        if configured is None:
            _cache[cache_key] = development_keyring(settings.SECRET_KEY)
        else:
            text, source = configured
            _cache[cache_key] = parse_keys(text, source=source)
    return _cache[cache_key]
