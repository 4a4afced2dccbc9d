"""The consultation's audit chain: one per consultation, so consultations never serialise each other."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth.models import User
from django.db import models

from danhgia.apps.audit.services import audit_record
from danhgia.apps.consultation.models import Consultation

__all__ = ["User", "consultation_chain", "record"]


def consultation_chain(consultation_id: int) -> str:
    return f"consultation:{consultation_id}"


def record(
    *,
    consultation: Consultation,
    actor: User | None,
    action: str,
    target: models.Model,
    at: datetime,
    before: Any = None,
    after: Any = None,
    reason: str = "",
) -> None:
    audit_record(
        chain=consultation_chain(consultation.pk),
        actor=actor,
        action=action,
        object_type=target._meta.label_lower,
        object_id=target.pk,
        at=at,
        before=before,
        after=after,
        reason=reason,
    )
