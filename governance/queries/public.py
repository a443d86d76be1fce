"""Read models for the public portal, the open data API and the Woo sitemap.

What is public is decided by ``governance.publication`` only; this module shapes it. The
rows it returns hold copies of the public fields and nothing else: a confidential agenda
item or decision becomes a ``Placeholder`` (number and Woo ground), so a template or a
JSON serializer cannot show its title or text by mistake. Every function runs a fixed
number of queries, whatever the size of the agenda or the page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify

from governance import publication
from governance.models import AgendaItem, Body, Decision, Document, Meeting
from governance.queries.documents import documents_by_item
from governance.uploads import ODF, OOXML, PDF

# Content type → file extension of the formats ``uploads.inspect`` accepts.
FILE_EXTENSIONS: dict[str, str] = {
    PDF: "pdf",
    **{content_type: ext for ext, (content_type, _marker) in OOXML.items()},
    **{content_type: ext for ext, content_type in ODF.items()},
}


def file_extension(content_type: str) -> str:
    return FILE_EXTENSIONS.get(content_type, "bin")


def woo_ground_of(item: AgendaItem) -> str:
    """The Woo ground that keeps ``item`` closed: its own, or its proposal's when the item
    is public but the proposal is confidential (``route_step__proposal`` loaded)."""
    if item.woo_ground:
        return item.woo_ground
    if item.route_step is not None:
        return item.route_step.proposal.woo_ground
    return ""


# --- rows -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Placeholder:
    """A confidential agenda item (or the decision on one): that it exists, its number
    and the Woo ground, never its title or text."""

    pk: int
    number: str
    woo_ground: str
    is_placeholder: bool = True


@dataclass(frozen=True)
class PublicDocumentRow:
    pk: int
    title: str
    kind: str
    kind_label: str
    version: int
    content_type: str
    extension: str
    size: int
    page_count: int | None
    delivered_at: dt.datetime
    modified_at: dt.datetime
    download_name: str

    @property
    def file_type(self) -> str:
        return self.extension.upper()


@dataclass(frozen=True)
class PublicItemRow:
    pk: int
    meeting_id: int
    number: str
    order: int
    title: str
    description: str
    kind: str
    kind_label: str
    documents: list[PublicDocumentRow] = field(default_factory=list)
    is_placeholder: bool = False


@dataclass(frozen=True)
class PublicDecisionRow:
    pk: int
    meeting_id: int
    item_pk: int
    number: str
    title: str
    outcome: str
    outcome_label: str
    text: str
    recorded_at: dt.datetime
    tie: bool = False
    is_placeholder: bool = False


def document_row(document: Document) -> PublicDocumentRow:
    """``document`` must come from ``publication.public_documents()`` with
    ``current_version`` selected."""
    version = document.current_version
    if version is None:  # public_documents() keeps documents with a current version
        raise ValueError(f"Document {document.pk} has no current version")
    extension = file_extension(version.content_type)
    return PublicDocumentRow(
        pk=document.pk,
        title=document.title,
        kind=document.kind,
        kind_label=str(document.get_kind_display()),
        version=version.number,
        content_type=version.content_type,
        extension=extension,
        size=version.size,
        page_count=version.page_count,
        delivered_at=document.delivered_at,
        modified_at=version.uploaded_at,
        download_name=download_name(document.title, extension),
    )


def download_name(title: str, extension: str) -> str:
    """A file name built from the public title (never the uploader's file name, which
    may say more than the title): ASCII letters, digits and dashes only."""
    stem = slugify(title)[:80].strip("-") or "document"
    return f"{stem}.{extension}"


def item_row(item: AgendaItem, documents: list[PublicDocumentRow] | None = None):
    """A public item as a row, any other as a placeholder (``route_step__proposal``
    loaded; publicness from ``publication.is_public_item``)."""
    if not publication.is_public_item(item):
        return Placeholder(pk=item.pk, number=item.number, woo_ground=woo_ground_of(item))
    return PublicItemRow(
        pk=item.pk,
        meeting_id=item.meeting_id,
        number=item.number,
        order=item.order,
        title=item.title,
        description=item.description,
        kind=item.kind,
        kind_label=str(item.get_kind_display()),
        documents=documents or [],
    )


def decision_row(decision: Decision):
    """``decision`` annotated with ``is_public`` (see ``decisions_on_published_lists``)
    and with ``agenda_item__route_step__proposal`` loaded."""
    item = decision.agenda_item
    if not decision.is_public:  # type: ignore[attr-defined]  # annotated by the query
        return Placeholder(pk=decision.pk, number=item.number, woo_ground=woo_ground_of(item))
    return PublicDecisionRow(
        pk=decision.pk,
        meeting_id=item.meeting_id,
        item_pk=item.pk,
        number=item.number,
        title=item.title,
        outcome=decision.outcome,
        outcome_label=decision.outcome_label,
        text=decision.text,
        recorded_at=decision.recorded_at,
        tie=decision.tie,
    )


# --- querysets --------------------------------------------------------------------------


def published_items_with_flags() -> QuerySet[AgendaItem]:
    return publication.published_items().select_related("route_step__proposal")


def decisions_on_published_lists() -> QuerySet[Decision]:
    """Every decision of a published decision list, annotated ``is_public`` from
    ``publication.public_decisions()``. The non-public ones are shown as placeholders
    only (the public sees that a decision was taken on a confidential item)."""
    return (
        publication.published_decisions()
        .annotate(is_public=Exists(publication.public_decisions().filter(pk=OuterRef("pk"))))
        .select_related("agenda_item__route_step__proposal")
    )


def public_documents() -> QuerySet[Document]:
    return publication.public_documents().select_related("current_version")


def documents_for_items(items: Iterable[AgendaItem]) -> dict[int, list[PublicDocumentRow]]:
    """The public documents of each public item in ``items`` (one query): the item's
    own documents and those of its proposal."""
    public = [item for item in items if publication.is_public_item(item)]
    by_item = documents_by_item(public, publication.public_documents())
    return {pk: [document_row(d) for d in documents] for pk, documents in by_item.items()}


def items_of_documents(documents: Iterable[Document]) -> dict[int, list[int]]:
    """For each document, the public agenda items it belongs to (one query at most)."""
    documents = list(documents)
    proposal_ids = {d.proposal_id for d in documents if d.proposal_id is not None}
    by_proposal: dict[int, list[int]] = defaultdict(list)
    if proposal_ids:
        rows = (
            publication.public_items()
            .filter(route_step__proposal_id__in=proposal_ids)
            .order_by("meeting__starts_at", "order")
            .values_list("route_step__proposal_id", "pk")
        )
        for proposal_id, item_pk in rows:
            by_proposal[proposal_id].append(item_pk)
    return {
        # A document has an agenda item or a proposal (check constraint).
        d.pk: [d.agenda_item_id] if d.agenda_item_id is not None else by_proposal[d.proposal_id]  # type: ignore[index]
        for d in documents
    }


def documents_of_meeting(meeting_id: int) -> QuerySet[Document]:
    """Public documents of a meeting's public items (its own or their proposals')."""
    items = publication.public_items().filter(meeting_id=meeting_id)
    return public_documents().filter(
        Q(agenda_item__in=items)
        | Q(proposal_id__in=items.filter(route_step__isnull=False).values("route_step__proposal"))
    )


# --- pages ------------------------------------------------------------------------------


def portal_meeting_or_404(pk: int) -> Meeting:
    """The meeting ``pk`` if it is on the public portal, else 404 (existence of a closed
    meeting is not disclosed)."""
    try:
        return publication.portal_meetings().get(pk=pk)
    except Meeting.DoesNotExist:
        raise Http404 from None


def public_document_or_404(pk: int) -> Document:
    try:
        return public_documents().get(pk=pk)
    except Document.DoesNotExist:
        raise Http404 from None


def meeting_agenda(meeting: Meeting) -> list[PublicItemRow | Placeholder]:
    """The published agenda in order: public items with their public documents,
    confidential ones as placeholders (two queries; none before publication)."""
    if meeting.agenda_published_at is None:
        return []
    items = list(published_items_with_flags().filter(meeting=meeting).order_by("order", "pk"))
    documents = documents_for_items(items)
    return [item_row(item, documents.get(item.pk, [])) for item in items]


def meeting_decisions(meeting: Meeting) -> list[PublicDecisionRow | Placeholder]:
    """The published decision list in agenda order (one query; none before publication)."""
    if meeting.decisions_published_at is None:
        return []
    decisions = decisions_on_published_lists().filter(agenda_item__meeting=meeting)
    return [decision_row(d) for d in decisions.order_by("agenda_item__order", "pk")]


def portal_years() -> list[int]:
    """Years with meetings on the portal, plus this year and next (one query)."""
    today = timezone.localdate()
    found = {d.year for d in publication.portal_meetings().datetimes("starts_at", "year")}
    return sorted(found | {today.year, today.year + 1})


def portal_year(meetings: QuerySet[Meeting], year: int) -> list[Meeting]:
    """Portal meetings of ``year`` in date order (one query)."""
    return list(meetings.filter(starts_at__year=year).order_by("starts_at", "body__order"))


def upcoming_portal_meetings(*, limit: int = 6) -> list[Meeting]:
    return list(publication.portal_meetings().upcoming().order_by("starts_at")[:limit])


def latest_decision_lists(*, limit: int = 5) -> list[Meeting]:
    return list(
        publication.portal_meetings()
        .filter(decisions_published_at__isnull=False)
        .order_by("-decisions_published_at", "-pk")[:limit]
    )


def latest_agendas(*, limit: int = 5) -> list[Meeting]:
    return list(
        publication.portal_meetings()
        .filter(agenda_published_at__isnull=False)
        .order_by("-agenda_published_at", "-pk")[:limit]
    )


def portal_bodies() -> QuerySet[Body]:
    return Body.objects.filter(meetings__in=publication.portal_meetings()).distinct()


def sitemap_documents() -> list[tuple[PublicDocumentRow, set[str]]]:
    """Every public document with the kinds of the bodies on whose agendas it is (two
    queries): an item's document belongs to that item's body, a proposal's document to
    the bodies of the public items of that proposal."""
    documents = list(public_documents().select_related("agenda_item__meeting__body").order_by("pk"))
    proposal_ids = {d.proposal_id for d in documents if d.proposal_id is not None}
    kinds_by_proposal: dict[int, set[str]] = defaultdict(set)
    if proposal_ids:
        rows = (
            publication.public_items()
            .filter(route_step__proposal_id__in=proposal_ids)
            .values_list("route_step__proposal_id", "meeting__body__kind")
        )
        for proposal_id, kind in rows:
            kinds_by_proposal[proposal_id].add(kind)
    return [
        (
            document_row(d),
            {d.agenda_item.meeting.body.kind}
            if d.agenda_item is not None
            # A document has an agenda item or a proposal (check constraint).
            else kinds_by_proposal[d.proposal_id],  # type: ignore[index]
        )
        for d in documents
    ]
