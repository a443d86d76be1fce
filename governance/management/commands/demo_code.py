from django.core.management.base import BaseCommand
from django.utils import timezone
from django_otp.oath import TOTP

from governance.demo.mfa import DEMO_MFA_USERNAMES, DEMO_TOTP_SECRET, demo_totp_key


class Command(BaseCommand):
    help = (
        "Print the current code of the demo authenticator app (the key published in the "
        "README), for logging in to the demo staff accounts without a phone."
    )

    def handle(self, *args, **options):
        clock = TOTP(demo_totp_key())
        clock.time = timezone.now().timestamp()
        left = 30 - int(clock.time) % 30
        self.stdout.write(f"{clock.token():06d}")
        self.stderr.write(
            f"Valid for {left} more seconds (each code works once per account); key "
            f"{DEMO_TOTP_SECRET} for {', '.join(DEMO_MFA_USERNAMES)}."
        )
