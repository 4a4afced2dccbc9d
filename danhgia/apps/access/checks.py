"""`manage.py check --deploy`: a deployment without the second factor is reported."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Tags, Warning, register

SECOND_FACTOR_OFF = Warning(
    "DANHGIA_REQUIRE_2FA is off: administrators and deciders log in with a password alone.",
    hint="Unset DANHGIA_REQUIRE_2FA (production turns it on) or set it to 1.",
    id="access.W001",
)


@register(Tags.security, deploy=True)
def second_factor_on(app_configs: Any, **kwargs: Any) -> list[CheckMessage]:
    return [] if settings.DANHGIA_REQUIRE_2FA else [SECOND_FACTOR_OFF]
