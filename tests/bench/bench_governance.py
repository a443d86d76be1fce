"""Benchmark: the governance core's pages on the demo data set.

Not a test (nothing is asserted on time). Run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hecht_bench \\
        .venv/bin/python tests/bench/bench_governance.py [--repeat 15]

Creates/migrates the database named in DATABASE_URL, loads the demo (idempotent) and
renders the proposal list and detail, the next AB meeting with its agenda, the decision
list of AB 10 July 2024, the recovery plan's cover note, the action list and the
development programme as the secretary and as an AB-only member, through Django's test
client; prints median milliseconds and query counts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hecht.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="hecht-bench-media-"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=15)
    args = parser.parse_args()

    from _setup import ensure_database

    ensure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from governance.models import Meeting, Proposal, User

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    now = timezone.now()
    next_ab = (
        Meeting.objects.filter(body__code="AB", agenda_items__isnull=False, starts_at__gt=now)
        .order_by("starts_at")
        .first()
    )
    ab_july = Meeting.objects.get(body__code="AB", starts_at__date="2024-07-10")
    recovery = Proposal.objects.get(title="Herstelplan Eigen Vermogen")
    pages = {
        "proposal list": reverse("governance:proposal-list"),
        "proposal detail": reverse("governance:proposal-detail", args=[recovery.pk]),
        "meeting with agenda": reverse("governance:meeting-detail", args=[next_ab.pk]),
        "decision list": reverse("governance:decision-list", args=[ab_july.pk]),
        "cover note": reverse("governance:covernote-detail", args=[recovery.pk]),
        "action list": reverse("governance:action-list"),
        "development programme": reverse("governance:programme-overview"),
    }
    print(f"database: {connection.vendor}; proposals: {Proposal.objects.count()}")
    for username in ("secretariaat", "ab-hillegom"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for name, url in pages.items():
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                with CaptureQueriesContext(connection) as queries:
                    response = client.get(url)
                times.append((time.perf_counter() - start) * 1000)
            print(
                f"{username:>12} | {name:<22} | {response.status_code} | "
                f"median {statistics.median(times):6.1f} ms | "
                f"{len(queries.captured_queries)} queries"
            )


if __name__ == "__main__":
    main()
