"""The token format: `dg_<prefix>_<secret>`, a public 12-hex-digit prefix and a 32-byte secret.

Only SHA-256 of the whole token is stored. A fast hash is enough because the secret is 256 random bits: no
dictionary or brute force reaches it, and a slow password hash would cost every call (docs/adr/0007).
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass

SCHEME = "dg"
PREFIX_BYTES = 6  # 12 hex digits: public, unique, names the token in logs and in the admin
SECRET_BYTES = 32
TOKEN = re.compile(r"^dg_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")
PREFIX = re.compile(r"^dg_([0-9a-f]{12})_")


@dataclass(frozen=True)
class NewToken:
    prefix: str
    plaintext: str  # shown once, never stored
    sha256: str


def token_digest(plaintext: str) -> str:
    return hashlib.sha256(plaintext.encode("ascii")).hexdigest()


def token_new() -> NewToken:
    prefix = secrets.token_hex(PREFIX_BYTES)
    plaintext = f"{SCHEME}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}"
    return NewToken(prefix, plaintext, token_digest(plaintext))


def token_prefix(plaintext: str) -> str | None:
    """The prefix of a well-formed token, else None (a malformed one is never looked up)."""
    match = TOKEN.match(plaintext)
    return match.group(1) if match else None


def presented_prefix(plaintext: str) -> str:
    """What the call log keeps of a presented token: its prefix if it starts like one, else nothing."""
    match = PREFIX.match(plaintext)
    return match.group(1) if match else ""


def token_matches(plaintext: str, stored_sha256: str) -> bool:
    return hmac.compare_digest(token_digest(plaintext), stored_sha256)
