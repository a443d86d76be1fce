"""Benchmark: building the agenda packs of a 30-item AB meeting with 300 pages of annexes.

Not a test (nothing is asserted on time). Run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hecht_bench \
        .venv/bin/python tests/bench/bench_packs.py [--repeat 3]

It creates/migrates the database named in DATABASE_URL, loads the demo municipalities and
bodies, and adds one AB meeting with 30 agenda items (26 proposals with full cover notes,
four of them confidential, and four formal items) whose annexes are generated PDFs of 300
pages in all. Files go to a temporary MEDIA_ROOT. Then it reports:

- cold: ``build_meeting_packs`` with an empty page cache (both variants: members' and
  public), and each variant's own build time;
- warm: the same after ONE item's cover note changed (median of ``--repeat`` runs, a
  different item each time);
- merge-only: merging the same 300 annex pages with one outline entry per annex into one
  PDF written to memory (the floor for one pack: no rendering, no stamping);
- the members' download: stamping the confidential pages for one recipient.
"""

from __future__ import annotations

import argparse
import hashlib
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

ITEMS = 30
ANNEX_PAGES = 300
LINES_PER_PAGE = 48  # governance.demo.pdf


def annex(title: str, pages: int) -> bytes:
    """A generated annex of exactly ``pages`` pages (title and blank line, then one-line
    paragraphs, each followed by a blank line: 48 lines a page)."""
    from governance.demo.pdf import simple_pdf

    paragraphs = [
        f"{title}, alinea {n + 1}: de uitvoering verloopt volgens plan en binnen budget."
        for n in range((LINES_PER_PAGE * pages - 2) // 2)
    ]
    return simple_pdf(title, paragraphs, footer=title)


def annex_sizes(count: int, total: int) -> list[int]:
    """``count`` annex page counts, varied (1 to ~30 pages), summing to ``total``."""
    weights = [1 + (n * 7) % 11 for n in range(count)]
    sizes = [max(1, round(total * w / sum(weights))) for w in weights]
    sizes[-1] += total - sum(sizes)
    return sizes


def make_meeting():
    import datetime as dt
    from decimal import Decimal

    from django.core.files.base import ContentFile
    from django.utils import timezone

    from governance import demo
    from governance.models import (
        AgendaItem,
        CoverNote,
        Document,
        DocumentVersion,
        Meeting,
        Proposal,
        RouteStep,
        User,
        WooGround,
    )

    summary = demo.Summary(created={})
    demo.load_municipalities(summary)
    bodies = demo.load_bodies(summary)
    ab = bodies["AB"]
    author, _ = User.objects.get_or_create(username="bench-packs", defaults={"first_name": "B"})
    starts = timezone.now().replace(microsecond=0) + dt.timedelta(
        days=400 + Meeting.objects.count()
    )
    meeting = Meeting.objects.create(
        body=ab, starts_at=starts, ends_at=starts + dt.timedelta(hours=3), location="Bestuurskamer"
    )
    sizes = iter(annex_sizes(ITEMS - 4 + 10, ANNEX_PAGES))  # 26 proposals, 10 with two annexes
    order = 0

    def item(title, kind="formal", step=None, confidential=False):
        nonlocal order
        order += 1
        return AgendaItem.objects.create(
            meeting=meeting,
            order=order,
            number=str(order),
            title=title,
            kind=kind,
            route_step=step,
            confidentiality="confidential" if confidential else "public",
            woo_ground=WooGround.ECONOMIC if confidential else "",
        )

    def document(proposal, title, pages, confidential=False):
        data = annex(title, pages)
        doc = Document.objects.create(
            proposal=proposal,
            kind="annex",
            title=title,
            is_confidential=confidential,
            delivered_at=timezone.now(),
        )
        version = DocumentVersion(
            document=doc,
            number=1,
            original_name="bijlage.pdf",
            content_type="application/pdf",
            size=len(data),
            sha256=hashlib.sha256(data).hexdigest(),
            page_count=pages,
            uploaded_by=author,
            uploaded_at=timezone.now(),
        )
        version.file.save("bijlage.pdf", ContentFile(data), save=False)
        version.save()
        doc.current_version = version
        doc.save(update_fields=["current_version"])

    item("Opening en mededelingen")
    item("Vaststelling van de agenda")
    for n in range(ITEMS - 4):
        confidential = n % 7 == 3
        proposal = Proposal.objects.create(
            reference=f"BENCH-{meeting.pk}-{n + 1:02d}",
            title=f"Voorstel {n + 1}: uitvoering van taak {n + 1} in 2027",
            summary="Samenvatting van het voorstel.",
            created_by=author,
            confidentiality="confidential" if confidential else "public",
            woo_ground=WooGround.ECONOMIC if confidential else "",
        )
        step = RouteStep.objects.create(
            proposal=proposal, position=1, body=ab, purpose="decide", meeting=meeting
        )
        item(proposal.title, "decision", step, confidential)
        CoverNote.objects.create(
            proposal=proposal,
            decision_points="\n".join(
                f"Besluitpunt {k + 1} van voorstel {n + 1}." for k in range(3)
            ),
            introduction="Aanleiding en inleiding. " * 25,
            financial="some",
            amount=Decimal(10_000 * (n + 1)),
            nature="structural",
            budget_year_from=2027,
            budget_line=f"Programma {n % 4 + 1}",
            distribution="population",
            financial_explanation="Toelichting op de financiële gevolgen. " * 6,
            risks="Risico's en beheersmaatregelen. " * 6,
            legal_basis="Gemeenschappelijke regeling Hecht, artikel 35.",
            communication="Na besluitvorming via de website.",
            consultation="Besproken in het BAO en de auditcommissie.",
            is_complete=True,
        )
        document(proposal, f"Bijlage {n + 1}a", next(sizes), confidential=confidential)
        if n % 26 < 10:
            document(proposal, f"Bijlage {n + 1}b", next(sizes))
    item("Rondvraag")
    item("Sluiting")
    meeting.agenda_published_at = timezone.now()
    meeting.save(update_fields=["agenda_published_at"])
    return meeting


def timed(function):
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from _setup import ensure_database

    ensure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    media = tempfile.TemporaryDirectory(prefix="hecht-bench-packs-")
    settings.MEDIA_ROOT = Path(media.name)
    call_command("migrate", verbosity=0)

    from django.core.files.storage import default_storage
    from django.utils.functional import empty

    from governance.models import AgendaPack, CoverNote, Document, User
    from governance.packs import build_meeting_packs, members_pack_for
    from governance.packs import render as pack_render
    from hecht import pdf

    default_storage._wrapped = empty  # pick up the temporary MEDIA_ROOT
    pdf.stamp_font()  # loaded once per worker process; not part of a build
    meeting = make_meeting()
    documents = Document.objects.filter(
        current_version__isnull=False, proposal__steps__meeting=meeting
    )
    pages = sum(d.current_version.page_count for d in documents)
    print(
        f"database: {connection.vendor}; meeting {meeting.pk}: {ITEMS} items, "
        f"{documents.count()} annexes, {pages} annex pages"
    )

    def variant_seconds():
        return {p.variant: p.build_seconds for p in AgendaPack.objects.filter(meeting=meeting)}

    # Warm up WeasyPrint (its first layout loads fonts and the default stylesheets)
    # outside the measured runs, as a worker that has built anything before has.
    pdf.render_pdf(
        "pdf/pack_items.html", {"pages": [("a", {"placeholder": True, "number": "0"})]}, title="x"
    )

    cold, outcome = timed(lambda: build_meeting_packs(meeting.pk))
    assert set(outcome.values()) == {"built"}, outcome
    cold_variants = variant_seconds()
    packs = {p.variant: p for p in AgendaPack.objects.filter(meeting=meeting)}
    print(
        f"cold build (both packs): {cold:.2f} s  "
        f"[members {cold_variants['members']:.2f} s, public {cold_variants['public']:.2f} s; "
        f"{packs['members'].page_count} and {packs['public'].page_count} pages, "
        f"{packs['members'].size / 1e6:.1f} and {packs['public'].size / 1e6:.1f} MB]"
    )

    # A public item, so that both packs change.
    notes = list(
        CoverNote.objects.filter(
            proposal__steps__meeting=meeting, proposal__confidentiality="public"
        ).order_by("pk")
    )
    warm_total, warm_members = [], []
    for run in range(args.repeat):
        note = notes[(run * 5 + 2) % len(notes)]
        CoverNote.objects.filter(pk=note.pk).update(introduction=f"Gewijzigde inleiding {run}.")
        seconds, outcome = timed(lambda: build_meeting_packs(meeting.pk))
        assert set(outcome.values()) == {"built"}, outcome
        warm_total.append(seconds)
        warm_members.append(variant_seconds()["members"])
    print(
        f"warm rebuild after one item changed (both packs, median of {args.repeat}): "
        f"{statistics.median(warm_total):.2f} s  [members' pack alone "
        f"{statistics.median(warm_members):.2f} s]"
    )

    seconds, outcome = timed(lambda: build_meeting_packs(meeting.pk))
    print(f"nothing changed (task run again): {seconds:.3f} s  {outcome}")

    ordered = list(documents.order_by("proposal__steps__agenda_items__order", "order", "pk"))

    def merge_only():
        parts = [
            pdf.Part(title=d.title, source=default_storage.path(d.current_version.file.name))
            for d in ordered
        ]
        return len(pdf.to_bytes(pdf.merge(parts)))

    merges = [timed(merge_only)[0] for _ in range(max(3, args.repeat))]
    merge = statistics.median(merges)
    print(f"merge-only, same {pages} annex pages with outline (median): {merge:.2f} s")

    user = User.objects.get(username="bench-packs")
    pack = AgendaPack.objects.get(meeting=meeting, variant="members")
    stamp, data = timed(lambda: members_pack_for(pack, user))
    print(
        f"members' download stamped for one recipient "
        f"({sum(b - a + 1 for a, b in pack.confidential_pages)} confidential pages): {stamp:.2f} s"
    )
    cached = len(list(pack_render.cache_dir().iterdir()))
    print(f"page cache entries: {cached}")
    print()
    print(
        f"targets: cold <= 6 s: {'met' if cold <= 6 else 'MISSED'}; warm (members' pack) "
        f"<= 2 x merge-only ({2 * merge:.2f} s): "
        f"{'met' if statistics.median(warm_members) <= 2 * merge else 'MISSED'}"
    )
    media.cleanup()


if __name__ == "__main__":
    main()
