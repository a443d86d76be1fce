"""Build the agenda packs of every meeting with a published agenda again, where what they
are built from changed: after a release that changes how packs are assembled (a new
``PACK_FORMAT``, e.g. format 2, which strips active content from every pack) the packs
built before it are replaced; packs that are up to date are left as they are.

Runs in this process, one meeting at a time (the Celery task's work), so it needs no
worker and can run right after ``migrate``.
"""

from __future__ import annotations

from collections import Counter

from django.core.management.base import BaseCommand

from governance.models import Meeting
from governance.packs import build_meeting_packs


class Command(BaseCommand):
    help = "Rebuild the agenda packs of published agendas whose content or format changed."

    def handle(self, *args, **options) -> None:
        totals: Counter[str] = Counter()
        meetings = Meeting.objects.filter(agenda_published_at__isnull=False).order_by("pk")
        for pk in meetings.values_list("pk", flat=True).iterator():
            totals.update(build_meeting_packs(pk).values())
        self.stdout.write(
            ", ".join(f"{outcome} {count}" for outcome, count in sorted(totals.items()))
            or "no published agendas"
        )
