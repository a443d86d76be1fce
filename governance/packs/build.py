"""Building a meeting's agenda packs: one PDF per variant.

The layout of a pack: a cover page (body, meeting, date, time, location, Hecht) and the
agenda with the page of every item and document; then per item its rendered cover note
(or item page, or in the public pack the placeholder of a confidential item) followed by
its uploaded PDFs. The outline has one entry per item with one nested entry per document.
Every page but the cover gets a running header (body and date) and footer (current item,
"pagina X van Y") stamped after merging, so page numbers run over the whole pack.

Accessibility: the cover and agenda are rendered tagged, but a merge of PDFs cannot keep
their structure trees (``hecht.pdf.merge``), so the pack is not tagged. It says so in its
metadata (``/Subject`` and ``/HechtUntagged``, ``untagged_note``) and on the agenda page,
with where every item and document can be had on its own: the meeting page (members) or
the meeting on the public portal (public pack).

Order of work per variant:

1. gather the inputs and compute the content key (no rendering needed for that);
2. if the ready pack already has that key, stop: nothing is written (a retried or
   repeated task is a no-op);
3. otherwise render what the cache lacks, lay out, merge, stamp, and write the file
   ``packs/meeting-<pk>-<variant>-<key>.pdf`` atomically;
4. in one short transaction, check that the committed data still gives the same key
   (an older build must not overwrite what a newer change asked for; when it does not,
   the build starts again from the committed data) and record the file on the
   ``AgendaPack`` row with a history entry; the previous file is removed after that
   commit.

A failure leaves the previous file and row as they were, apart from status "failed" and
the error; the secretariat is e-mailed once per failed build (``_tell_secretariat``; the
row's ``failure_notified_at``, set when the mail is sent and cleared when a build is
requested, makes a retried or repeated task send nothing more). A build refused because
the agenda was withdrawn is not reported: nothing went wrong, and the pages say the
agenda is not published.
"""

from __future__ import annotations

import logging
import math
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from pypdf import PdfWriter

from governance.models import AgendaPack, Meeting
from hecht import pdf
from hecht.tasks import enqueue_on_commit

from . import render
from .content import VARIANTS, PackInput, gather

logger = logging.getLogger(__name__)

LANGUAGE = "nl"  # the pack is Dutch, whatever the language of whoever asked for it
ERROR_LENGTH = 2000
ATTEMPTS = 3  # builds overtaken by a change of the agenda before one is recorded


def pack_path(pack: AgendaPack) -> Path | None:
    return render.packs_dir() / pack.file_name if pack.file_name else None


def file_name_for(meeting_pk: int, variant: str, content_key: str) -> str:
    return f"meeting-{meeting_pk}-{variant}-{content_key[:32]}.pdf"


@dataclass
class Layout:
    """Where each item and document starts (1-based page numbers) and which page
    ranges are confidential."""

    front_pages: int
    item_pages: list[int]
    document_pages: list[list[int]]
    total: int


def _layout(item_counts: list[int], document_counts: list[list[int]], front: int) -> Layout:
    page = front + 1
    item_pages: list[int] = []
    document_pages: list[list[int]] = []
    for own, docs in zip(item_counts, document_counts, strict=True):
        item_pages.append(page)
        page += own
        starts = []
        for count in docs:
            starts.append(page)
            page += count
        document_pages.append(starts)
    return Layout(front, item_pages, document_pages, page - 1)


def _front_context(inputs: PackInput, layout: Layout) -> dict:
    return {
        **inputs.front,
        "items": [
            {
                "number": item.number,
                "title": item.title,
                "kind": item.kind,
                "confidential": item.confidential,
                "placeholder": item.placeholder,
                "page": layout.item_pages[i],
                "documents": [
                    {"title": d.title, "page": layout.document_pages[i][j]}
                    for j, d in enumerate(item.documents)
                ],
            }
            for i, item in enumerate(inputs.items)
        ],
    }


def _front_guess(inputs: PackInput) -> int:
    """The cover plus the agenda's estimated pages (about 12 mm an item and 4.6 mm a
    document on 250 mm of page), so that the agenda is usually rendered once."""
    height = 20 + 12 * len(inputs.items) + 4.6 * inputs.pdf_count
    return 1 + max(1, math.ceil(height / 250))


def _title(inputs: PackInput) -> str:
    facts = inputs.front
    return _("Agenda pack %(body)s %(date)s") % {"body": facts["body"], "date": facts["date"]}


def _ranges(pages: list[tuple[int, int]]) -> list[list[int]]:
    """Merge (first, last) page pairs into sorted, non-overlapping, non-adjacent ranges."""
    merged: list[list[int]] = []
    for first, last in sorted(pages):
        if merged and first <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], last)
        else:
            merged.append([first, last])
    return merged


def assemble(inputs: PackInput) -> tuple[PdfWriter, Layout, list[list[int]]]:
    """The merged, stamped pack of ``inputs``, its layout and its confidential ranges."""
    title = _title(inputs)
    item_files = render.items_pages(inputs.items, title=title)
    item_readers = [pdf.open_pdf(path) for path in item_files]
    document_readers = [
        [pdf.open_pdf(default_storage.path(d.file_name)) for d in item.documents]
        for item in inputs.items
    ]
    item_counts = [len(reader.pages) for reader in item_readers]
    document_counts = [[len(r.pages) for r in readers] for readers in document_readers]

    # The agenda lists page numbers that depend on its own length: lay out with a guess,
    # render, and repeat with the real length until they agree (once, nearly always).
    front_count = _front_guess(inputs)
    for _attempt in range(5):
        layout = _layout(item_counts, document_counts, front_count)
        front_file, rendered = render.front_pages(_front_context(inputs, layout), title=title)
        if rendered == front_count:
            break
        front_count = rendered
    else:  # pragma: no cover - a table of contents that never settles
        raise RuntimeError("The agenda's page numbers did not settle.")

    parts = [pdf.Part(title=_("Cover page and agenda"), source=front_file)]
    for item, reader, readers in zip(inputs.items, item_readers, document_readers, strict=True):
        parts.append(
            pdf.Part(
                title=f"{item.number}. {item.title}",
                source=reader,
                children=[
                    pdf.Part(title=document.title, source=document_reader)
                    for document, document_reader in zip(item.documents, readers, strict=True)
                ],
            )
        )
    writer = pdf.merge(parts)
    if len(writer.pages) != layout.total:  # pragma: no cover - guards the layout arithmetic
        raise RuntimeError(f"Laid out {layout.total} pages but merged {len(writer.pages)}.")

    labels = [""] * layout.total
    confidential: list[tuple[int, int]] = []
    for item, part in zip(inputs.items, parts[1:], strict=True):
        label = _("Item %(number)s: %(title)s") % {"number": item.number, "title": item.title}
        for index in range(part.first_page, part.first_page + part.page_count):
            labels[index] = label
        if item.confidential:
            confidential.append((part.first_page + 1, part.first_page + part.page_count))
            continue
        for document, child in zip(item.documents, part.children, strict=True):
            if document.confidential:
                confidential.append((child.first_page + 1, child.first_page + child.page_count))
    pdf.stamp(
        writer, frame_painter(inputs.header, labels, layout.total), pages=range(1, layout.total)
    )
    pdf.set_metadata(
        writer,
        title=title,
        subject=str(inputs.front["variant_label"]),
        lang=LANGUAGE,
        untagged=untagged_note(inputs),
    )
    return writer, layout, _ranges(confidential)


def untagged_note(inputs: PackInput) -> str:
    """The pack's metadata says it has no tags and where its documents are one by one
    (``hecht.pdf.set_metadata``); the agenda page says the same."""
    return _(
        "Not tagged: this pack is merged from separate documents and has no structure "
        "for assistive technology. Every document in it can be downloaded on its own "
        "at %(url)s."
    ) % {"url": inputs.front["documents_url"]}


def frame_painter(header: str, labels: list[str], total: int) -> pdf.Painter:
    """Running header (body and date, Hecht) and footer (current item, page X of Y) in
    the top and bottom margins."""
    page_label = _("page %(page)s of %(pages)s")

    def paint(index: int, width: float, height: float) -> list[pdf.Text]:
        margin = min(56.0, width * 0.09)
        number = page_label % {"page": index + 1, "pages": total}
        room = width - 2 * margin - pdf.stamp_font().width(pdf.encode_text(number), 8) - 24
        texts = [
            pdf.Text(header, margin, height - 30, size=8),
            pdf.Text("GR Hecht", width - margin, height - 30, size=8, align="right"),
            pdf.Text(number, width - margin, 22, size=8, align="right"),
        ]
        if labels[index]:
            texts.append(pdf.Text(pdf.fit_text(labels[index], size=8, max_width=room), margin, 22))
        return texts

    return paint


# --- the task's work --------------------------------------------------------------------


def _save(pack: AgendaPack, reason: str, fields: list[str]) -> None:
    # Read by django-simple-history (no user: the build task writes).
    pack._history_user = None  # type: ignore[attr-defined]
    pack._change_reason = reason[:100]  # type: ignore[attr-defined]
    pack.save(update_fields=fields)


def _mark_building(pack: AgendaPack) -> None:
    # A transient state for the status page; not worth a history row of its own.
    pack.status = AgendaPack.Status.BUILDING
    pack.save_without_historical_record(  # type: ignore[attr-defined]  # simple_history adds it
        update_fields=["status"]
    )


def _fail(pack_pk: int, error: str) -> None:
    with transaction.atomic(durable=True):
        pack = AgendaPack.objects.select_for_update().get(pk=pack_pk)
        pack.status = AgendaPack.Status.FAILED
        pack.error = error[:ERROR_LENGTH]
        _save(pack, _("Build failed"), ["status", "error"])


def _tell_secretariat(meeting_pk: int) -> None:
    """Have the secretariat e-mailed about this meeting's failed packs; the task sends
    only about failures not told yet (``governance.packs.mail.tell_secretariat``)."""
    from governance.tasks import notify_pack_failure  # cycle: the tasks import this package

    enqueue_on_commit(notify_pack_failure, meeting_pk)


def _remove(path: Path) -> None:
    path.unlink(missing_ok=True)


def _drop_unreferenced(path: Path) -> None:
    """Remove a file this build wrote unless a pack row (e.g. an identical earlier
    build) points to it."""
    if not AgendaPack.objects.filter(file_name=path.name).exists():
        _remove(path)


def _commit(pack_pk: int, meeting: Meeting, inputs: PackInput, result: dict) -> bool:
    """Record a new file on the pack row if the committed data still gives the same
    content key; otherwise a newer request will build again and this result is dropped."""
    with transaction.atomic(durable=True):
        pack = AgendaPack.objects.select_for_update().get(pk=pack_pk)
        current = gather(meeting)[pack.variant].content_key
        if current != inputs.content_key:
            return False
        old = pack_path(pack)
        pack.status = AgendaPack.Status.READY
        pack.content_key = inputs.content_key
        pack.file_name = result["file_name"]
        pack.page_count = result["page_count"]
        pack.size = result["size"]
        pack.confidential_pages = result["confidential_pages"]
        pack.built_at = timezone.now()
        pack.build_seconds = round(result["seconds"], 3)
        pack.error = ""
        pack.failure_notified_at = None
        _save(
            pack,
            _("Pack built"),
            [
                "status",
                "content_key",
                "file_name",
                "page_count",
                "size",
                "confidential_pages",
                "built_at",
                "build_seconds",
                "error",
                "failure_notified_at",
            ],
        )
        if old is not None and old.name != pack.file_name:
            transaction.on_commit(partial(_remove, old))
    return True


def build_pack(meeting: Meeting, variant: str, inputs: PackInput) -> str:
    """Build one variant if its content changed; returns what happened."""
    pack, _created = AgendaPack.objects.get_or_create(meeting=meeting, variant=variant)
    key = inputs.content_key
    existing = pack_path(pack)
    if pack.content_key == key and existing is not None and existing.exists():
        if pack.status == AgendaPack.Status.READY:
            return "unchanged"
        # Requested again, but nothing it shows has changed since the last build.
        with transaction.atomic(durable=True):
            pack = AgendaPack.objects.select_for_update().get(pk=pack.pk)
            pack.status = AgendaPack.Status.READY
            pack.error = ""
            pack.failure_notified_at = None
            _save(pack, _("Pack unchanged"), ["status", "error", "failure_notified_at"])
        return "unchanged"
    _mark_building(pack)
    started = time.monotonic()
    name = file_name_for(meeting.pk, variant, key)
    target = render.packs_dir() / name
    try:
        writer, layout, confidential = assemble(inputs)
        pdf.atomic_write(target, writer.write)
        result = {
            "file_name": name,
            "page_count": layout.total,
            "size": target.stat().st_size,
            "confidential_pages": confidential,
            "seconds": time.monotonic() - started,
        }
        committed = _commit(pack.pk, meeting, inputs, result)
    except Exception as exc:
        logger.exception("Building the %s pack of meeting %s failed", variant, meeting.pk)
        _drop_unreferenced(target)
        _fail(pack.pk, f"{type(exc).__name__}: {exc}")
        return "failed"
    if not committed:
        _drop_unreferenced(target)
        return "superseded"
    return "built"


def build_meeting_packs(meeting_id: int) -> dict[str, str]:
    """Build (or confirm) both packs of a meeting whose agenda is published. Returns per
    variant "built", "unchanged", "superseded", "failed" or "not published"."""
    meeting = Meeting.objects.select_related("body").filter(pk=meeting_id).first()
    if meeting is None:
        return {}
    with translation.override(LANGUAGE):
        if meeting.agenda_published_at is None:
            return _not_published(meeting)
        inputs = gather(meeting)
        outcome: dict[str, str] = {}
        for variant in VARIANTS:
            for _attempt in range(ATTEMPTS):
                result = build_pack(meeting, variant, inputs[variant])
                if result != "superseded":
                    break
                # The agenda changed while this pack was assembled: build from what is
                # committed now (the pages that did not change come from the cache).
                inputs = gather(meeting)
            else:
                pack = AgendaPack.objects.get(meeting=meeting, variant=variant)
                _fail(pack.pk, _("The agenda kept changing during the build; try again."))
                result = "failed"
            outcome[variant] = result
        if "failed" in outcome.values():
            _tell_secretariat(meeting.pk)
    render.prune_cache()
    return outcome


def _not_published(meeting: Meeting) -> dict[str, str]:
    """A build requested for a meeting whose agenda was withdrawn meanwhile: nothing is
    built (the public pack must not follow an unpublished agenda)."""
    outcome: dict[str, str] = {}
    for pack in AgendaPack.objects.filter(
        meeting=meeting,
        status__in=[AgendaPack.Status.QUEUED, AgendaPack.Status.BUILDING],
    ):
        _fail(pack.pk, _("The agenda is not published; no pack was built."))
        outcome[pack.variant] = "not published"
    return outcome
