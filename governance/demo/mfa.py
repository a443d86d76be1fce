"""Second factor for the demo: the staff accounts, who must use one, share an
authenticator-app key published in the README, so that ``make run`` can be tried
without setting up a phone (``manage.py demo_code`` prints the current code)."""

from __future__ import annotations

from base64 import b32decode

from django_otp.plugins.otp_totp.models import TOTPDevice

from governance.models import User

# Published on purpose (README): it protects demo data only.
DEMO_TOTP_SECRET = "HECHTBESTUURDEMOHECHTBESTUURDEMO"  # noqa: S105
DEMO_MFA_USERNAMES = ("secretariaat", "secretariaat2", "directeur", "controller")


def demo_totp_key() -> bytes:
    return b32decode(DEMO_TOTP_SECRET)


def load_demo_devices(summary) -> None:
    """A confirmed authenticator app with the demo key for each staff account that has
    none (left alone when someone set up their own in the demo)."""
    for user in User.objects.filter(username__in=DEMO_MFA_USERNAMES):
        if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
            TOTPDevice.objects.create(
                user=user, name="demo", key=demo_totp_key().hex(), confirmed=True
            )
            summary.add("authenticator apps", True)
