"""Accounts: enrolling, using and resetting the second factor (django-otp devices).

A person has at most one confirmed authenticator app (``TOTPDevice``) and one set of
single-use recovery codes (``StaticDevice``). Verification locks the device rows
(``for_verify``) so that parallel guesses cannot slip past django-otp's throttling.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from governance.access import require
from governance.models import User
from governance.tasks import send_mfa_reset_notice
from hecht.tasks import enqueue_on_commit

from ._common import save_with_history

APP_DEVICE_NAME = "authenticator"
RECOVERY_DEVICE_NAME = "recovery"


@dataclass(frozen=True)
class Verification:
    device: Device | None  # the device that accepted the code, if any
    wait_until: dt.datetime | None = None  # throttled: no code is checked before this


def normalise_code(code: str) -> str:
    """Codes are typed with spaces or hyphens ("123 456", "abcd-efgh"); compare bare."""
    return "".join(ch for ch in code.strip().lower() if ch.isascii() and ch.isalnum())


def mfa_grace_start(*, user: User, now: dt.datetime | None = None) -> None:
    """Start the enrolment period at the first login (once; later logins keep it).
    ``mfa_grace_from`` is not history-tracked, so a conditional UPDATE is the write."""
    now = now or timezone.now()
    if user.mfa_grace_from is None:
        User.objects.filter(pk=user.pk, mfa_grace_from__isnull=True).update(mfa_grace_from=now)
        user.mfa_grace_from = now


def has_confirmed_device(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())  # django_otp: Any


@transaction.atomic(durable=True)
def totp_enrolment_device(*, user: User) -> TOTPDevice:
    """The unconfirmed authenticator-app device whose secret the enrolment page shows:
    the same one until it is confirmed, so reloading the page keeps the QR code valid."""
    if has_confirmed_device(user):
        raise ValidationError(_("You have already set up an authenticator app."))
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("pk")
        .first()
    )
    return device or TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)


def _new_recovery_codes(user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes: list[str] = []
    while len(codes) < settings.HECHT_MFA_RECOVERY_CODES:
        code = StaticToken.random_token()
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic(durable=True)
def mfa_enrol_confirm(*, user: User, code: str) -> tuple[TOTPDevice, list[str]] | None:
    """Confirm the enrolment with a first code from the app. Returns the confirmed device
    and a fresh set of recovery codes (shown once, stored only as single-use tokens),
    or ``None`` when the code is wrong (the device counts the failure)."""
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("pk")
        .first()
    )
    if device is None or has_confirmed_device(user):
        raise ValidationError(_("Start the set-up again: there is nothing to confirm."))
    if not device.verify_token(normalise_code(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    return device, _new_recovery_codes(user)


def _wait_until(device: Device) -> dt.datetime | None:
    allowed, data = device.verify_is_allowed()
    return None if allowed else (data or {}).get("locked_until")


@transaction.atomic(durable=True)
def mfa_verify(*, user: User, code: str) -> Verification:
    """Check a code from the app (6 digits) or a recovery code (used up on success).
    While the device is throttled after wrong codes, nothing is checked."""
    code = normalise_code(code)
    # App codes are 6 digits; recovery codes 8 letters and digits (django-otp's StaticToken).
    model = TOTPDevice if len(code) == 6 and code.isdigit() else StaticDevice
    devices = model.objects.devices_for_user(user, confirmed=True).select_for_update()
    for device in devices:
        wait = _wait_until(device)
        if wait is not None:
            return Verification(device=None, wait_until=wait)
        if device.verify_token(code):
            return Verification(device=device)
    return Verification(device=None)


@transaction.atomic(durable=True)
def recovery_codes_regenerate(*, user: User) -> list[str]:
    """Replace all recovery codes by a new set (the old ones stop working)."""
    if not has_confirmed_device(user):
        raise ValidationError(_("Set up an authenticator app first."))
    return _new_recovery_codes(user)


def recovery_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())  # Any


@transaction.atomic(durable=True)
def mfa_reset(*, actor: User, user: User) -> User:
    """Remove every second factor of ``user`` (a lost phone) so they enrol again at their
    next login. Only with ``governance.reset_second_factor`` and never for oneself (a
    colleague does it: one person alone cannot swap the factor guarding their account).
    The reset is kept in the user's history; the user is told by e-mail after commit."""
    require(actor, "governance.reset_second_factor")
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.pk == actor.pk:
        raise ValidationError(_("Ask a colleague to reset your own second factor."))
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    user.mfa_reset_at = timezone.now()
    save_with_history(
        user,
        actor=actor,
        reason=_("Second factor reset by %(actor)s") % {"actor": actor.get_username()},
        update_fields=["mfa_reset_at"],
    )
    enqueue_on_commit(send_mfa_reset_notice, user.pk)
    return user
