"""Benchmark: a co-reading round at full size — 18 municipalities × 40 comments on a
200-page PDF: the author's consolidated page and the response note (HTML and PDF).

Not a test (nothing is asserted on time). Run:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/hecht_bench \\
        .venv/bin/python tests/bench/bench_review.py [--repeat 5] [--per-municipality 40]

Creates/migrates the database named in DATABASE_URL, loads the demo (idempotent: it
brings the 18 municipalities and their contact officials), adds a proposal with a
200-page PDF and opens a round for all municipalities; every municipality writes
``--per-municipality`` comments (a third on cover-note sections, a third on PDF pages
with quoted text, a third general; through the services), finishes, and every comment
is answered. Then it renders, as the secretary, the consolidated page
(``governance:review-comments``), the response note page and its PDF, and prints median
milliseconds, query counts, the PDF's size and pages and the peak memory of one render.
"""

from __future__ import annotations

import argparse
import io
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

SECTIONS = ["decision_points", "introduction", "financial", "risks", "legal_basis"]


def build_round(per_municipality: int):
    from django.core.files.base import ContentFile
    from django.utils.text import slugify

    from governance import services
    from governance.demo.pdf import simple_pdf
    from governance.models import CoverNote, Municipality, Proposal, ReviewComment, User
    from governance.services import review as svc

    secretary = User.objects.get(username="secretariaat")
    proposal = Proposal.objects.create(
        reference=f"BENCH-{Proposal.objects.count() + 1}",
        title="Benchmark: begroting met 200 pagina's",
        status=Proposal.Status.IN_ROUTE,
        created_by=secretary,
    )
    CoverNote.objects.create(proposal=proposal, decision_points="Vast te stellen.")
    lines = [f"Regel {n}: de gemeentelijke bijdrage en het weerstandsvermogen." for n in range(40)]
    pages = [simple_pdf(f"Pagina {page}", lines) for page in range(1, 201)]
    from pypdf import PdfWriter

    writer = PdfWriter()
    for content in pages:
        writer.append(io.BytesIO(content))
    buffer = io.BytesIO()
    writer.write(buffer)
    document = services.document_upload(
        actor=secretary,
        proposal=proposal,
        kind="proposal",
        title="Begroting (200 pagina's)",
        is_confidential=False,
        file=ContentFile(buffer.getvalue(), name="begroting.pdf"),
    )
    version = document.current_version
    review_round = svc.review_round_open(
        actor=secretary, proposal=proposal, working_days=10, versions=[version]
    )
    for municipality in Municipality.objects.order_by("name"):
        official = User.objects.get(username=f"ca-{slugify(municipality.name)}")
        for n in range(per_municipality):
            kind = n % 3
            fields = {"text": f"Opmerking {n + 1} van {municipality.name} <b>niet vet</b>."}
            if kind == 0:
                fields.update(
                    anchor=ReviewComment.Anchor.SECTION,
                    section=SECTIONS[n % len(SECTIONS)],
                    suggestion="Voorgestelde tekst voor dit onderdeel." if n % 2 else "",
                )
            elif kind == 1:
                fields.update(
                    anchor=ReviewComment.Anchor.PAGE,
                    version=version,
                    page=1 + (n * 7) % 200,
                    quote="de gemeentelijke bijdrage",
                )
            svc.review_comment_add(actor=official, review_round=review_round, **fields)
        svc.review_finish(actor=official, review_round=review_round, outcome="remarks")
    svc.review_round_close(actor=secretary, review_round=review_round)
    for index, comment in enumerate(ReviewComment.objects.filter(round=review_round)):
        answer = ("adopted", "partly", "not_adopted")[index % 3]
        svc.review_comment_answer(
            actor=secretary,
            comment=comment,
            answer=answer,
            reason="" if answer == "adopted" else "Toelichting bij het antwoord.",
        )
    return review_round


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--per-municipality", type=int, default=40)
    args = parser.parse_args()

    from _setup import ensure_database, measure_pages, staff_client

    ensure_database()
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse

    from governance.models import ReviewComment

    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    call_command("load_demo", verbosity=0)
    start = time.perf_counter()
    review_round = build_round(args.per_municipality)
    comments = ReviewComment.objects.filter(round=review_round).count()
    print(
        f"database: {connection.vendor}; round with {comments} comments of "
        f"{review_round.invitations.count()} municipalities built in "
        f"{time.perf_counter() - start:.1f} s"
    )
    client = staff_client("secretariaat")
    pages = {
        "consolidated page": reverse("governance:review-comments", args=[review_round.pk]),
        "response note page": reverse("governance:review-response-note", args=[review_round.pk]),
        "response note PDF": reverse("governance:review-response-note-pdf", args=[review_round.pk]),
    }
    measure_pages(client, pages, repeat=args.repeat)


if __name__ == "__main__":
    main()
