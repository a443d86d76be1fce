"""Run the reminder sweep now, in this process: plan, reclaim, claim and send.

The embedded default has no worker or beat; run this from cron (e.g. every 5 minutes)
or by hand. With a broker, Celery beat runs the same sweep every 5 minutes.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from governance.reminders import ledger


class Command(BaseCommand):
    help = "Plan, claim and send the reminders that are due now."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--at",
            help="Pretend it is this moment (ISO 8601, e.g. 2026-12-01T08:00+01:00); "
            "for trying out the policy on a copy of the data.",
        )

    def handle(self, *args, at: str | None = None, **options) -> None:
        now = timezone.now()
        if at:
            try:
                now = dt.datetime.fromisoformat(at)
            except ValueError:
                raise CommandError(
                    f"--at must be a moment in ISO 8601 (2026-12-01T08:00), not {at!r}."
                ) from None
            if timezone.is_naive(now):
                now = timezone.make_aware(now)
        result = ledger.sweep(now)
        totals = {"sent": 0, "cancelled": 0, "failed": 0, "retry": 0}
        for user_id in result.recipients:
            delivered = ledger.deliver(result.token, user_id, now)
            for name in totals:
                totals[name] += getattr(delivered, name)
        self.stdout.write(
            f"planned {result.planned}, reclaimed {result.reclaimed}, "
            f"recipients {len(result.recipients)}, sent {totals['sent']}, "
            f"cancelled {totals['cancelled']}, retry later {totals['retry']}, "
            f"failed {totals['failed']}"
        )
