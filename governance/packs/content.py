"""What goes into a meeting's agenda packs, as plain values.

``gather(meeting)`` reads the agenda once (a fixed number of queries plus one or two per
cover note for its distribution over the municipalities) and returns one ``PackInput``
per variant. Everything a rendered page shows is copied into plain dictionaries here, so
the cache key of a page (a hash over that dictionary) changes exactly when what it shows
changes, and a template cannot reach into the database for more than it was given.

Publicness is decided by ``governance.publication`` only: ``is_public_item`` for items and
``public_documents()`` for documents. The public variant replaces a confidential item by a
placeholder (number and Woo ground, no title, no documents) and leaves out confidential
documents of public items; the members' variant holds everything.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from governance import publication
from governance.models import (
    AgendaItem,
    AgendaPack,
    CoverNote,
    Document,
    DocumentVersion,
    Meeting,
    WooGround,
)
from governance.queries.documents import distribution_rows, documents_by_item
from governance.queries.public import woo_ground_of
from governance.uploads import PDF
from hecht import formats

VARIANTS = (AgendaPack.Variant.MEMBERS, AgendaPack.Variant.PUBLIC)


def digest(value) -> str:
    """SHA-256 over a JSON-serialisable value (keys sorted, so equal data hashes equal)."""
    encoded = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str).encode()
    return hashlib.sha256(encoded).hexdigest()


@dataclass(frozen=True)
class DocumentInput:
    """One uploaded PDF merged into the pack (its current version)."""

    pk: int
    version_pk: int
    title: str
    sha256: str
    file_name: str  # storage name of the version's file
    confidential: bool

    @property
    def key(self) -> list:
        return [self.pk, self.version_pk, self.sha256]


@dataclass
class ItemInput:
    """One agenda item in one variant: the page(s) rendered for it and the PDFs after."""

    pk: int
    number: str
    title: str  # as shown in the outline and the running footer
    kind: str
    confidential: bool  # the whole item is confidential (members' variant only)
    placeholder: bool  # confidential item in the public variant
    page: dict  # context of templates/pdf/pack_item.html, plain values only
    documents: list[DocumentInput] = field(default_factory=list)

    @property
    def render_key(self) -> str:
        from .render import template_version  # cycle: render imports ItemInput from here

        return digest({"template": template_version(), "page": self.page})


@dataclass
class PackInput:
    meeting_pk: int
    variant: str
    front: dict  # context of the cover page and the agenda, without page numbers
    header: str  # running header: body and date
    items: list[ItemInput]

    @property
    def content_key(self) -> str:
        """SHA-256 over everything the pack is built from: the variant, the meeting's
        data, the cache key of every rendered item page, every merged document version
        (pk and SHA-256) and the version of the templates and of the assembly."""
        from .render import PACK_FORMAT, template_version  # cycle: render imports this module

        return digest(
            {
                "format": PACK_FORMAT,
                "template": template_version(),
                "variant": self.variant,
                "front": self.front,
                "header": self.header,
                "items": [
                    [
                        item.render_key,
                        item.title,
                        item.confidential,
                        [d.key for d in item.documents],
                    ]
                    for item in self.items
                ],
            }
        )

    @property
    def pdf_count(self) -> int:
        return sum(len(item.documents) for item in self.items)


# --- formatting -------------------------------------------------------------------------


def woo_label(code: str) -> str:
    if not code:
        return ""
    try:
        return str(WooGround(code).label)
    except ValueError:
        return code


def meeting_facts(meeting: Meeting) -> dict:
    start = timezone.localtime(meeting.starts_at)
    time = date_format(start, "H:i")
    if meeting.ends_at:
        time += "–" + date_format(timezone.localtime(meeting.ends_at), "H:i")
    return {
        "body": meeting.body.name,
        "title": meeting.title or str(meeting.get_kind_display()),
        "date": date_format(start, "l j F Y"),
        "time": time,
        "location": meeting.location,
    }


def cover_note_page(note: CoverNote) -> dict:
    """The cover note's fields as rendered, formatted in the active language."""
    page: dict[str, Any] = {
        "decision_points": note.decision_point_list,
        "introduction": note.introduction,
        "financial": note.financial,
        "no_financial_reason": note.no_financial_reason,
        "risks": note.risks,
        "legal_basis": note.legal_basis,
        "communication": note.communication,
        "consultation": note.consultation,
    }
    if note.financial != CoverNote.Financial.SOME:
        return page
    structural = note.nature == CoverNote.Nature.STRUCTURAL
    amount = ""
    if note.amount is not None:
        amount = formats.amount(note.amount) + (" " + _("per year") if structural else "")
    years = ""
    if note.budget_year_from:
        years = str(note.budget_year_from)
        if note.budget_year_to and note.budget_year_to != note.budget_year_from:
            years += f"–{note.budget_year_to}"
        elif structural and not note.budget_year_to:
            years += " " + _("onwards")
    distribution_label = str(note.get_distribution_display())
    if note.distribution_key is not None:
        distribution_label += f": {note.distribution_key.name}"
    page.update(
        amount=amount,
        nature=str(note.get_nature_display()) if note.nature else "",
        budget_years=years,
        budget_line=note.budget_line,
        reserve_effect=note.reserve_effect,
        distribution_label=distribution_label,
        financial_explanation=note.financial_explanation,
    )
    distribution = distribution_rows(note)
    if distribution is not None:
        page.update(
            per_year=distribution.per_year,
            distribution_error=distribution.error,
            distribution_total=formats.amount(distribution.total)
            + (" " + _("per year") if distribution.per_year else ""),
            distribution_rows=[
                {
                    "municipality": row.municipality.name,
                    "share": formats.number(row.share, 2) + "%",
                    "amount": formats.amount(row.amount),
                }
                for row in distribution.rows
            ],
        )
    return page


def documents_url(meeting: Meeting, variant: str) -> str:
    """Where the reader of a pack finds its documents one by one (each its own file): the
    meeting on the public portal for the public pack, the meeting page for members."""
    name = (
        "governance:public-meeting"
        if variant == AgendaPack.Variant.PUBLIC
        else "governance:meeting-detail"
    )
    return settings.HECHT_SITE_URL.rstrip("/") + reverse(name, args=[meeting.pk])


# --- gathering --------------------------------------------------------------------------


def _current(document: Document) -> DocumentVersion:
    """The current version of a document in a pack (``gather`` keeps only those with one)."""
    if document.current_version is None:
        raise ValueError(f"Document {document.pk} has no current version")
    return document.current_version


def _document_input(document: Document) -> DocumentInput:
    version = _current(document)
    if version.file.name is None:  # a stored version always has its file
        raise ValueError(f"Document version {version.pk} has no file")
    return DocumentInput(
        pk=document.pk,
        version_pk=version.pk,
        title=document.title,
        sha256=version.sha256,
        file_name=version.file.name,
        confidential=document.is_confidential,
    )


def _listing(documents: list[Document]) -> list[dict]:
    return [
        {
            "title": d.title,
            "included": _current(d).content_type == PDF,
            "file_type": _current(d).original_name.rsplit(".", 1)[-1].upper()
            if "." in _current(d).original_name
            else "",
        }
        for d in documents
    ]


def gather(meeting: Meeting) -> dict[str, PackInput]:
    """Both variants' inputs for ``meeting`` (reloaded, with its body). Call it with the
    language active that the pack is rendered in: labels are formatted here."""
    meeting = Meeting.objects.select_related("body").get(pk=meeting.pk)
    items = list(
        AgendaItem.objects.filter(meeting=meeting)
        .select_related("route_step__proposal")
        .order_by("order", "pk")
    )
    proposal_ids = [item.route_step.proposal_id for item in items if item.route_step is not None]
    notes = {
        note.proposal_id: note
        for note in CoverNote.objects.filter(proposal_id__in=proposal_ids).select_related(
            "distribution_key"
        )
    }
    documents = documents_by_item(items, Document.objects.filter(current_version__isnull=False))
    all_document_ids = {d.pk for docs in documents.values() for d in docs}
    public_document_ids = set(
        publication.public_documents().filter(pk__in=all_document_ids).values_list("pk", flat=True)
    )
    # Rendered once per proposal, shared by both variants (the distribution costs a query).
    note_pages = {proposal_id: cover_note_page(note) for proposal_id, note in notes.items()}
    facts = meeting_facts(meeting)
    header = f"{facts['body']} — {facts['date']}"

    inputs: dict[str, PackInput] = {}
    for variant in VARIANTS:
        public_variant = variant == AgendaPack.Variant.PUBLIC
        item_inputs = []
        for item in items:
            is_public = publication.is_public_item(item)
            kind = str(item.get_kind_display())
            ground = woo_label(woo_ground_of(item))
            if public_variant and not is_public:
                item_inputs.append(
                    ItemInput(
                        pk=item.pk,
                        number=item.number,
                        title=_("Confidential — not public"),
                        kind="",
                        confidential=False,
                        placeholder=True,
                        page={"placeholder": True, "number": item.number, "woo_ground": ground},
                    )
                )
                continue
            docs = documents[item.pk]
            if public_variant:
                docs = [d for d in docs if d.pk in public_document_ids]
            proposal = item.route_step.proposal if item.route_step is not None else None
            note = notes.get(proposal.pk) if proposal else None
            page = {
                "number": item.number,
                "title": item.title,
                "kind": kind,
                "confidential": not is_public,
                "woo_ground": ground if not is_public else "",
                "body": meeting.body.name,
                "reference": proposal.reference if proposal and note else "",
                "summary": proposal.summary if proposal and not note else "",
                "description": item.description,
                "cover_note": note_pages[proposal.pk] if proposal and note else None,
                "documents": _listing(docs),
            }
            item_inputs.append(
                ItemInput(
                    pk=item.pk,
                    number=item.number,
                    title=item.title,
                    kind=kind,
                    confidential=not is_public,
                    placeholder=False,
                    page=page,
                    documents=[_document_input(d) for d in docs if _current(d).content_type == PDF],
                )
            )
        label = (
            _("Public agenda pack: confidential items and documents are left out.")
            if public_variant
            else _("Agenda pack for members: includes confidential items and documents.")
        )
        inputs[variant] = PackInput(
            meeting_pk=meeting.pk,
            variant=variant,
            front={
                **facts,
                "variant_label": label,
                "documents_url": documents_url(meeting, variant),
            },
            header=header,
            items=item_inputs,
        )
    return inputs
