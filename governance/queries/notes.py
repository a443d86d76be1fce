"""Read models of private notes: a member's notes on the document or pack they read
(carried from older versions where the quoted text is still there), per meeting, and
the meetings they have notes on. Every function reads only the notes of the ``user``
it is given, through ``governance.access.private_note_scope``.

Where a quote still is: the text of every page of a PDF is extracted once (pypdf) and
kept in the cache under the file's content hash (a document version's SHA-256, a pack's
content key), so a page view does not parse the PDF again. Text is compared without
whitespace and case (pdf.js and pypdf break lines and space words differently).
"""

from __future__ import annotations

import logging
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import IO

from django.core.cache import cache
from django.db.models import Q, QuerySet
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from governance import packs
from governance.access import Viewer, agenda_item_scope, meeting_scope, private_note_scope
from governance.models import (
    AgendaItem,
    AgendaPack,
    Document,
    DocumentVersion,
    Meeting,
    PrivateNote,
    User,
)
from governance.uploads import PDF

logger = logging.getLogger(__name__)

# Page texts change only with the file, whose hash is in the key: keep them a month.
TEXT_CACHE_SECONDS = 30 * 24 * 3600


def normalise(text: str) -> str:
    """``text`` as compared: compatibility forms folded (ligatures), no whitespace, no case."""
    return "".join(unicodedata.normalize("NFKC", text or "").split()).casefold()


def _extract(stream: IO[bytes]) -> list[str]:
    try:
        reader = PdfReader(stream)
        return [normalise(page.extract_text() or "") for page in reader.pages]
    except (PyPdfError, ValueError, KeyError, TypeError) as exc:
        # An unreadable file has no text to find a quote in; its notes are listed as not
        # found instead of breaking the page.
        logger.warning("No page text for a private note target: %s", exc)
        return []


def version_pages(version: DocumentVersion) -> list[str]:
    """The normalised text of each page of ``version`` (empty when it is not a readable PDF)."""
    key = f"private-notes:pages:version:{version.pk}:{version.sha256}"
    pages = cache.get(key)
    if pages is None:
        pages = []
        if version.content_type == PDF and version.file.name:
            with version.file.open("rb") as stream:
                pages = _extract(stream)
        cache.set(key, pages, TEXT_CACHE_SECONDS)
    return pages


def pack_pages(pack: AgendaPack) -> list[str]:
    """The normalised text of each page of ``pack`` as built (before any watermark)."""
    key = f"private-notes:pages:pack:{pack.pk}:{pack.content_key}:{pack.file_name}"
    pages = cache.get(key)
    if pages is None:
        path = packs.pack_path(pack)
        pages = []
        if path is not None and path.exists():
            with path.open("rb") as stream:
                pages = _extract(stream)
        cache.set(key, pages, TEXT_CACHE_SECONDS)
    return pages


def locate(quote: str, pages: list[str], *, prefer: int) -> int | None:
    """The 1-based page of ``pages`` holding ``quote``: ``prefer`` when it is there,
    otherwise the first page that has it; ``None`` when no page has it."""
    wanted = normalise(quote)
    if not wanted:
        return prefer
    if 1 <= prefer <= len(pages) and wanted in pages[prefer - 1]:
        return prefer
    for number, text in enumerate(pages, start=1):
        if wanted in text:
            return number
    return None


@dataclass(frozen=True)
class ShownNote:
    """A note as shown on a reading page: ``page`` is where it is in the file shown,
    ``version_number`` the document version it was written on (``None`` on a pack),
    ``carried`` whether it comes from an older version."""

    note: PrivateNote
    page: int | None
    version_number: int | None = None
    carried: bool = False


@dataclass(frozen=True)
class TargetNotes:
    """The notes on what is shown: ``found`` in page order, ``missing`` whose quoted
    text is not in this file (anymore)."""

    found: list[ShownNote]
    missing: list[ShownNote]

    def __bool__(self) -> bool:
        return bool(self.found or self.missing)

    @property
    def found_highlights(self) -> list[dict]:
        """Page and quote of the notes found, for js/private-notes.mjs to highlight."""
        return [{"page": row.page, "quote": row.note.quote} for row in self.found if row.note.quote]


def _split(shown: list[ShownNote]) -> TargetNotes:
    found = sorted(
        (row for row in shown if row.page is not None),
        key=lambda row: (row.page, row.note.created_at, row.note.pk),
    )
    missing = [row for row in shown if row.page is None]
    return TargetNotes(found=found, missing=missing)


def document_notes(user: User, version: DocumentVersion) -> TargetNotes:
    """``user``'s notes on ``version``'s document as shown with ``version``: those on it,
    and those on older versions where their quote occurs in ``version`` (or that quote
    nothing). One query, plus one text extraction per version ever (cached)."""
    notes = list(
        private_note_scope(user)
        .filter(version__document_id=version.document_id, version__number__lte=version.number)
        .select_related("version")
        .order_by("page", "created_at", "pk")
    )
    shown: list[ShownNote] = []
    pages: list[str] | None = None
    for note in notes:
        assert note.version is not None  # noqa: S101  (filtered on the version above)
        number = note.version.number
        if note.version_id == version.pk:
            shown.append(ShownNote(note, note.page, number))
            continue
        if not note.quote:
            page = (
                note.page if version.page_count is None or note.page <= version.page_count else None
            )
        else:
            if pages is None:
                pages = version_pages(version)
            page = locate(note.quote, pages, prefer=note.page)
        shown.append(ShownNote(note, page, number, carried=True))
    return _split(shown)


def pack_notes(user: User, pack: AgendaPack) -> TargetNotes:
    """``user``'s notes on ``pack``, where their quote is in the pack as built now (a
    rebuilt pack may have moved or dropped it). One query, plus one text extraction per
    build (cached)."""
    notes = list(private_note_scope(user).filter(pack=pack).order_by("page", "created_at", "pk"))
    # A note written on this build stays where it was written, as a note on the version
    # shown does: only a rebuild can move or drop its text.
    built = pack.built_at
    earlier = {note.pk for note in notes if built is None or note.created_at < built}
    pages = pack_pages(pack) if any(n.quote for n in notes if n.pk in earlier) else []
    return _split(
        [
            ShownNote(note, locate(note.quote, pages, prefer=note.page))
            if note.pk in earlier
            else ShownNote(note, note.page)
            for note in notes
        ]
    )


# --- Per meeting ----------------------------------------------------------------------


def _meeting_q(user: Viewer, meeting: Meeting) -> Q:
    """Notes on ``meeting``: on its pack, on documents of its agenda items and of the
    proposals on its agenda (of the items ``user`` may see)."""
    proposals = agenda_item_scope(user).filter(meeting=meeting, route_step__isnull=False)
    return (
        Q(pack__meeting=meeting)
        | Q(version__document__agenda_item__meeting=meeting)
        | Q(version__document__proposal_id__in=proposals.values("route_step__proposal_id"))
    )


def has_meeting_notes(user: Viewer, meeting: Meeting) -> bool:
    """Whether ``user`` has notes on ``meeting`` (one query; none when anonymous)."""
    if not user.is_authenticated:
        return False
    return private_note_scope(user).filter(_meeting_q(user, meeting)).exists()


@dataclass(frozen=True)
class DocumentNoteGroup:
    document: Document
    notes: list[PrivateNote]


@dataclass(frozen=True)
class ItemNotes:
    item: AgendaItem
    documents: list[DocumentNoteGroup]


@dataclass(frozen=True)
class MeetingNotes:
    meeting: Meeting
    pack_notes: list[PrivateNote]
    items: list[ItemNotes]
    count: int


def meeting_notes(user: User, meeting: Meeting) -> MeetingNotes:
    """``user``'s notes on ``meeting``: on the pack, and per agenda item on its documents
    and its proposal's documents, each note with the version it was written on. Two
    queries, whatever the number of notes."""
    items = list(
        agenda_item_scope(user)
        .filter(meeting=meeting)
        .select_related("route_step")
        .order_by("order", "pk")
    )
    notes = list(
        private_note_scope(user)
        .filter(_meeting_q(user, meeting))
        .select_related("version__document", "pack")
        .order_by("version__document__order", "version__document_id", "page", "created_at", "pk")
    )
    on_pack = [note for note in notes if note.pack_id is not None]
    by_document: dict[int, list[PrivateNote]] = defaultdict(list)
    documents: dict[int, Document] = {}
    for note in notes:
        if note.version is not None:
            documents[note.version.document_id] = note.version.document
            by_document[note.version.document_id].append(note)
    rows = []
    for item in items:
        proposal_id = item.route_step.proposal_id if item.route_step is not None else None
        groups = [
            DocumentNoteGroup(documents[pk], by_document[pk])
            for pk, document in documents.items()
            if document.agenda_item_id == item.pk
            or (proposal_id is not None and document.proposal_id == proposal_id)
        ]
        if groups:
            rows.append(ItemNotes(item, groups))
    return MeetingNotes(meeting=meeting, pack_notes=on_pack, items=rows, count=len(notes))


@dataclass(frozen=True)
class MeetingCount:
    meeting: Meeting
    count: int


@dataclass
class NotesOverview:
    """The meetings ``user`` has notes on (newest first) and the documents with notes
    that are on no meeting they see."""

    meetings: list[MeetingCount] = field(default_factory=list)
    documents: list[tuple[Document, int]] = field(default_factory=list)


def notes_overview(user: User) -> NotesOverview:
    """The meetings with ``user``'s note counts, and the other documents with notes. Four
    queries at most, whatever the number of notes and meetings."""
    notes = list(
        private_note_scope(user).values(
            "pk",
            "pack__meeting_id",
            "version__document_id",
            "version__document__agenda_item__meeting_id",
            "version__document__proposal_id",
        )
    )
    if not notes:
        return NotesOverview()
    # The meetings of the proposals with notes: one query whatever the notes are on.
    noted = private_note_scope(user).filter(version__document__proposal__isnull=False)
    items = agenda_item_scope(user).filter(
        route_step__proposal_id__in=noted.values("version__document__proposal_id")
    )
    meetings_of_proposal: dict[int, set[int]] = defaultdict(set)
    for proposal_id, meeting_id in items.values_list("route_step__proposal_id", "meeting_id"):
        meetings_of_proposal[proposal_id].add(meeting_id)
    per_meeting: dict[int, set[int]] = defaultdict(set)
    elsewhere: dict[int, int] = defaultdict(int)
    for row in notes:
        meeting_ids = {row["pack__meeting_id"], row["version__document__agenda_item__meeting_id"]}
        meeting_ids |= meetings_of_proposal.get(row["version__document__proposal_id"], set())
        meeting_ids.discard(None)
        for meeting_id in meeting_ids:
            per_meeting[meeting_id].add(row["pk"])
        if not meeting_ids:
            elsewhere[row["version__document_id"]] += 1
    overview = NotesOverview()
    if per_meeting:
        meetings = meeting_scope(user).filter(pk__in=per_meeting).order_by("-starts_at", "pk")
        overview.meetings = [MeetingCount(m, len(per_meeting[m.pk])) for m in meetings]
    if elsewhere:
        documents: QuerySet[Document] = Document.objects.filter(pk__in=elsewhere).order_by(
            "title", "pk"
        )
        overview.documents = [(document, elsewhere[document.pk]) for document in documents]
    return overview
