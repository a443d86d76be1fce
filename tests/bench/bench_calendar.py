"""Benchmark: the meeting calendar with ten years of meetings.

Not a test (nothing is asserted on time). Run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hecht_bench \
        .venv/bin/python tests/bench/bench_calendar.py [--years 10] [--repeat 30]

It creates/migrates the database named in DATABASE_URL, loads the demo structure, adds
``--years`` years of the demo calendar (32 meetings a year), then renders the year
calendar, the month view and "Mijn overzicht" through Django's test client as the
secretary and as an AB member, and prints median / p95 milliseconds and query counts.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hecht.settings")
os.environ.setdefault("DEBUG", "1")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--years", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=30)
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

    from governance import demo
    from governance.models import Meeting, User

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    demo.load_demo(today=today)
    summary = demo.Summary(created={})
    bodies = demo.load_bodies(summary)
    for year in range(today.year - args.years + 1, today.year + 2):
        with demo.transaction.atomic():
            for body_code, kind, day, title in demo.year_plan(year):
                start_hour, end_hour = demo._hours(body_code, kind)
                Meeting.objects.get_or_create(
                    body=bodies[body_code],
                    kind=kind,
                    starts_at=demo._at(day, start_hour),
                    defaults={"title": title, "ends_at": demo._at(day, end_hour)},
                )
    total = Meeting.objects.count()
    print(f"database: {connection.vendor}; meetings: {total} ({args.years} years + next year)")

    pages = {
        "year calendar": reverse("governance:meeting-calendar") + f"?jaar={today.year}",
        "year calendar, AB only": reverse("governance:meeting-calendar")
        + f"?jaar={today.year}&body={bodies['AB'].pk}",
        "month view": reverse("governance:meeting-month", args=[today.year, today.month]),
        "my overview": reverse("governance:home"),
    }
    for username in ("secretariaat", "ab-gouda", None):
        client = Client()
        if username:
            client.force_login(User.objects.get(username=username))
        for label, url in pages.items():
            client.get(url)  # warm up
            timings = []
            for _ in range(args.repeat):
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            with CaptureQueriesContext(connection) as queries:
                client.get(url)
            timings.sort()
            p95 = timings[int(len(timings) * 0.95) - 1]
            median = statistics.median(timings)
            print(
                f"{username or 'anonymous':>13} | {label:<24} | median {median:6.1f} ms"
                f" | p95 {p95:6.1f} ms | {len(queries.captured_queries)} queries"
            )


if __name__ == "__main__":
    main()
