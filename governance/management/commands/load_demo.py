from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils import timezone

from governance.demo import DEMO_PASSWORD, load_demo


class Command(BaseCommand):
    help = "Load the GR Hecht demo data (idempotent). Refused when DEBUG is off unless --force."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Load even though DEBUG is off (never in production).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production. Demo accounts share a published "
                "password, so load_demo refuses. Use --force only on a test system."
            )
        try:
            # One transaction (``load_demo`` is atomic): a failure writes nothing at all.
            summary = load_demo(today=timezone.localdate())
        except (ValidationError, IntegrityError, ObjectDoesNotExist) as exc:
            raise CommandError(
                "The demo data has been changed in a way load_demo cannot complete "
                f"({exc}); nothing was written. Start from an empty database to load "
                "the demo afresh."
            ) from exc
        if summary.created:
            created = ", ".join(f"{n} {kind}" for kind, n in sorted(summary.created.items()))
            self.stdout.write(self.style.SUCCESS(f"Demo data loaded: created {created}."))
        else:
            self.stdout.write("Demo data already complete: nothing changed.")
        self.stdout.write(f"Demo accounts (see README) use the password {DEMO_PASSWORD!r}.")
        self.stdout.write(
            "Staff accounts (secretariaat, directeur, …) also ask for a code: "
            "`manage.py demo_code` prints it (or see README for the authenticator key)."
        )
