"""System checks of the audit key (docs/adr/0008-signed-audit-chains.md).

audit.E001 (`check --deploy`): outside DEBUG, no key is configured, so entries would be signed with the
development key derived from SECRET_KEY. A deploy check, like the project's other deployment checks: the test
settings run without DEBUG and without a key, and `make test` runs the ordinary checks with them.
audit.E002 (every check): the configured key cannot be read or parsed, so no entry could be written.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register

from danhgia.apps.audit.keys import AuditKeyError, configured_key_text, parse_keys

NO_KEY = Error(
    "Neither DANHGIA_AUDIT_KEY nor DANHGIA_AUDIT_KEY_FILE is set: the audit trail would be signed with a "
    "development key derived from SECRET_KEY.",
    hint="Set DANHGIA_AUDIT_KEY_FILE to a file holding `ID:SECRET` (a secret of 32 characters or more, e.g. "
    '`python -c "import secrets; print(secrets.token_hex(32))"`), readable by the service only.',
    id="audit.E001",
)


@register(Tags.security, deploy=True)
def audit_key_set(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG or _configured():
        return []
    return [NO_KEY]


@register(Tags.security)
def audit_key_usable(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    try:
        configured = configured_key_text()
        if configured is not None:
            parse_keys(configured[0], source=configured[1])
    except AuditKeyError as error:
        return [Error(str(error), hint="ADR 0008 says how the audit key is written.", id="audit.E002")]
    return []


def _configured() -> bool:
    return bool(
        getattr(settings, "DANHGIA_AUDIT_KEY", "").strip() or getattr(settings, "DANHGIA_AUDIT_KEY_FILE", "").strip()
    )
