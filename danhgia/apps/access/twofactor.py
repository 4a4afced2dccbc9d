"""The second factor (TOTP, django-otp): who needs it, enrolling an authenticator app, verifying a code.

Superusers, staff and anyone holding the decider or administrator role (in force or still to come) verify a
code after their password when settings.DANHGIA_REQUIRE_2FA is on (access/middleware.py enforces it). A
user enrols once, on first login; a new device then needs an administrator to delete the old one in the
admin (so a stolen password alone cannot enrol the thief's phone). Enrolment is on the access audit chain;
the secret never leaves the session until the app has proved it holds it.
"""

from __future__ import annotations

import time
from base64 import b32encode
from binascii import unhexlify
from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_otp.oath import TOTP  # type: ignore[import-untyped]
from django_otp.plugins.otp_totp.models import TOTPDevice  # type: ignore[import-untyped]
from django_otp.util import random_hex  # type: ignore[import-untyped]

from danhgia.apps.access.models import Role, RoleAssignment
from danhgia.apps.audit.services import ACCESS_CHAIN, audit_record

User = AbstractBaseUser | AnonymousUser

# The roles whose holders decide (an administrator holds every role over its subtree).
SECOND_FACTOR_ROLES = (Role.DECIDER, Role.ADMINISTRATOR)
ENROL = "otp.enrol"
DEVICE_NAME = "authenticator"
STEP, DIGITS, TOLERANCE = 30, 6, 1  # a six-digit code every 30 s; the one before and after are accepted


def second_factor_required(user: User, on: date) -> bool:
    """Whether `user` must verify a code after the password: superusers, staff, and holders of a decider or
    administrator role that has not ended by `on`."""
    if not user.is_authenticated:
        return False
    if getattr(user, "is_superuser", False) or getattr(user, "is_staff", False):
        return True
    current = Q(valid_to__isnull=True) | Q(valid_to__gt=on)
    return RoleAssignment.objects.filter(current, user_id=user.pk, role__in=SECOND_FACTOR_ROLES).exists()


def is_verified(user: User) -> bool:
    """Whether this request's user has given a code (django-otp's OTPMiddleware sets `otp_device`)."""
    return getattr(user, "otp_device", None) is not None


def has_confirmed_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()


@dataclass(frozen=True)
class Enrolment:
    """What an authenticator app needs: the otpauth:// URI (what a QR code would hold) or the secret typed in
    by hand (base32, in groups of four)."""

    uri: str
    secret: str


def new_totp_key() -> str:
    """A fresh secret (20 random bytes, hex) for an enrolment; the enrolment page keeps it in the session."""
    return random_hex(20)


def totp_enrolment(*, user: AbstractBaseUser, key: str) -> Enrolment:
    device = TOTPDevice(user=user, key=key)
    secret = b32encode(device.bin_key).decode("ascii")
    return Enrolment(uri=device.config_url, secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)))


@dataclass(frozen=True)
class Verification:
    """A code's outcome: the device that accepted it, or why none did."""

    device: TOTPDevice | None
    retry_at: datetime | None = None  # set when too many wrong codes make the devices wait


@transaction.atomic
def totp_device_enrol(*, user: AbstractBaseUser, key: str, token: str) -> TOTPDevice | None:
    """The user's device, made from the enrolment's `key` once the app shows the right `token`; None for a
    wrong code or when the user already has a device. On the access audit chain (never the secret)."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # one enrolment at a time
    if has_confirmed_device(user):
        return None
    totp = TOTP(unhexlify(key.encode("ascii")), step=STEP, digits=DIGITS)
    totp.time = time.time()  # one clock reading for the check and the step recorded
    if not token.isdigit() or not totp.verify(int(token), tolerance=TOLERANCE):
        return None
    # last_t: the code just used cannot verify a login
    device = TOTPDevice.objects.create(
        user=user,
        name=DEVICE_NAME,
        key=key,
        step=STEP,
        digits=DIGITS,
        tolerance=TOLERANCE,
        confirmed=True,
        drift=totp.drift,
        last_t=totp.t(),
    )
    audit_record(
        chain=ACCESS_CHAIN,
        actor=user,
        action=ENROL,
        object_type=TOTPDevice._meta.label_lower,
        object_id=device.pk,
        at=timezone.now(),
        after={"id": device.pk, "user": user.pk, "name": device.name, "confirmed": True},
    )
    return device


@transaction.atomic
def totp_verify(*, user: AbstractBaseUser, token: str) -> Verification:
    """Check a code against the user's confirmed devices (django-otp throttles each: 1, 2, 4 … seconds of
    wait after successive wrong codes, and refuses a code already used)."""
    devices = list(TOTPDevice.objects.select_for_update().filter(user_id=user.pk, confirmed=True).order_by("pk"))
    waits: list[datetime] = []
    for device in devices:
        outcome = _verify(device, token)
        if outcome.device is not None:
            return outcome
        if outcome.retry_at is not None:
            waits.append(outcome.retry_at)
    waiting = bool(devices) and len(waits) == len(devices)
    return Verification(device=None, retry_at=min(waits) if waiting else None)


def _verify(device: TOTPDevice, token: str) -> Verification:
    """A device still waiting after wrong codes does not look at this one: it says until when it waits."""
    allowed, detail = device.verify_is_allowed()
    if not allowed:
        return Verification(device=None, retry_at=(detail or {}).get("locked_until"))
    return Verification(device=device if device.verify_token(token) else None)
