"""Benchmark: the P&C cycle's pages at size — the demo (18 municipalities, their council
calendars, 11 P&C documents, 6 quick wins) plus ``--amendments`` budget amendments of next
year, each with a views window in the future and a view of every council, answered.

Not a test (nothing is asserted on time). Run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hecht_bench \\
        .venv/bin/python tests/bench/bench_pcycle.py [--repeat 5] [--amendments 30]

Creates/migrates the database named in DATABASE_URL, loads the demo (idempotent), adds
the amendments through the services (``pc_document_create``, ``council_view_register``,
``council_view_reply``), then renders as the secretariat the year timeline, the fit
matrix, one document's views page and its consolidated PDF, the quick wins overview, one
quick win and the progress report PDF, and a proposal page with the P&C panels; it prints
median milliseconds, query counts and the peak memory of one render.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hecht.settings")
os.environ.setdefault("DEBUG", "1")
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="hecht-bench-media-"))


def build_amendments(count: int):
    """``count`` amendments of next year adopted at the AB meeting after next July, each
    sent to the councils today with a view of every council, answered."""
    from django.utils import timezone

    from governance.models import Meeting, Municipality, RouteTemplate, User
    from pcycle.models import PcDocument
    from pcycle.services.cycle import pc_document_create
    from pcycle.services.views import council_view_register, council_view_reply

    secretary = User.objects.get(username="secretariaat")
    today = timezone.localdate()
    year = today.year + 1
    meeting = (
        Meeting.objects.still_to_come()
        .filter(body__code="AB", starts_at__date__gt=today + dt.timedelta(weeks=13))
        .order_by("starts_at")
        .first()
    )
    template = RouteTemplate.objects.get(name="P&C-document: BAO → Auditcommissie → DB → AB")
    municipalities = list(Municipality.objects.order_by("name"))
    first = (
        PcDocument.objects.filter(kind=PcDocument.Kind.AMENDMENT, year=year)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
        or 0
    )
    documents = []
    for number in range(first + 1, first + 1 + count):
        document = pc_document_create(
            actor=secretary,
            kind=PcDocument.Kind.AMENDMENT,
            year=year,
            number=number,
            route_template=template,
            adoption_meeting=meeting,
        )
        PcDocument.objects.filter(pk=document.pk).update(sent_to_councils_on=today)
        document.refresh_from_db()
        for municipality in municipalities:
            view = council_view_register(
                actor=secretary,
                document=document,
                municipality=municipality,
                received_on=today,
                position="remarks",
                text=f"De raad van {municipality.name} vraagt aandacht voor de bijdrage.",
            )
            council_view_reply(
                actor=secretary, view=view, reply="Het DB neemt de opmerking over.", sent_on=today
            )
        documents.append(document)
    return documents


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--amendments", type=int, default=30)
    args = parser.parse_args()

    from _setup import ensure_database, measure_pages, staff_client

    ensure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse

    from pcycle.models import CouncilMeeting, CouncilView, PcDocument, QuickWin

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    start = time.perf_counter()
    documents = build_amendments(args.amendments)
    print(
        f"database: {connection.vendor}; {PcDocument.objects.count()} P&C documents, "
        f"{CouncilView.objects.count()} views, {CouncilMeeting.objects.count()} council "
        f"meetings; {args.amendments} amendments built in {time.perf_counter() - start:.1f} s"
    )
    client = staff_client("secretariaat")
    document = (
        documents[-1]
        if documents
        else PcDocument.objects.filter(views__isnull=False).order_by("-year", "-pk").first()
    )
    win = QuickWin.objects.get(number=1)
    pages = {
        "year timeline": reverse("pcycle:cycle-year", args=[document.year]),
        "fit matrix": reverse("pcycle:fit"),
        "views page": reverse("pcycle:views", args=[document.pk]),
        "views PDF": reverse("pcycle:views-pdf", args=[document.pk]),
        "proposal page": reverse("governance:proposal-detail", args=[document.proposal_id]),
        "quick wins": reverse("pcycle:quickwins"),
        "quick win 1": reverse("pcycle:quickwin-detail", args=[win.pk]),
        "progress report PDF": reverse("pcycle:quickwins-report"),
    }
    measure_pages(client, pages, repeat=args.repeat)


if __name__ == "__main__":
    main()
