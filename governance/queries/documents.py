"""Read models of documents and cover notes (constant number of queries per page)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from governance.access import document_scope
from governance.finance import distribute, from_cents, to_cents
from governance.models import (
    CoverNote,
    DistributionShare,
    Document,
    DocumentVersion,
    Municipality,
    Proposal,
    RouteStep,
)
from governance.uploads import PDF


def with_current_version(documents: QuerySet[Document]) -> QuerySet[Document]:
    """Documents ready for ``components/document_list.html``."""
    return documents.select_related("current_version")


def documents_of_proposal(proposal: Proposal, user) -> QuerySet[Document]:
    """The documents of ``proposal`` that ``user`` may see."""
    return with_current_version(document_scope(user).filter(proposal=proposal))


def documents_by_item(items, documents: QuerySet[Document]) -> dict[int, list[Document]]:
    """Per agenda item in ``items`` (``route_step`` loaded), its documents among
    ``documents``: the item's own, then its proposal's, each in document order. One query
    (none without items)."""
    items = list(items)
    if not items:
        return {}
    proposal_items: dict[int, list[int]] = {}
    for item in items:
        if item.route_step_id is not None:
            proposal_items.setdefault(item.route_step.proposal_id, []).append(item.pk)
    rows = (
        documents.filter(
            Q(agenda_item_id__in=[item.pk for item in items])
            | Q(proposal_id__in=list(proposal_items))
        )
        .select_related("current_version")
        .order_by("order", "delivered_at", "pk")
    )
    own: dict[int, list[Document]] = {item.pk: [] for item in items}
    of_proposal: dict[int, list[Document]] = {item.pk: [] for item in items}
    for document in rows:
        if document.agenda_item_id is not None:
            own[document.agenda_item_id].append(document)
        elif document.proposal_id is not None:
            for item_pk in proposal_items.get(document.proposal_id, []):
                of_proposal[item_pk].append(document)
    return {item.pk: own[item.pk] + of_proposal[item.pk] for item in items}


def document_detail(document: Document) -> Document:
    """``document`` with its versions (newest first) and their uploaders prefetched."""
    return (
        Document.objects.select_related("current_version", "proposal", "agenda_item__meeting__body")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.select_related(
                    "uploaded_by", "answers_round"
                ).order_by("-number"),
                to_attr="version_list",
            )
        )
        .get(pk=document.pk)
    )


def is_pdf(version: DocumentVersion) -> bool:
    """Whether the browser viewer can show ``version`` (a PDF)."""
    return version.content_type == PDF


def version_to_read(document: Document, number: str | None) -> DocumentVersion | None:
    """The version to show in the viewer: ``number`` (``?versie=``) if given, which must
    exist (else 404), otherwise the current one (``None`` when nothing is uploaded)."""
    if number is None:
        if document.current_version_id is None:
            return None
        return DocumentVersion.objects.get(pk=document.current_version_id)
    if not number.isdecimal():
        raise Http404
    return get_object_or_404(DocumentVersion, document=document, number=int(number))


def last_route_body_name(proposal: Proposal) -> str | None:
    """The name of the body taking the last step of the route (the one deciding)."""
    step = (
        RouteStep.objects.filter(proposal=proposal)
        .select_related("body")
        .order_by("-position")
        .first()
    )
    return step.body.name if step else None


def cover_note_of(proposal: Proposal) -> CoverNote | None:
    return CoverNote.objects.select_related("distribution_key").filter(proposal=proposal).first()


@dataclass(frozen=True)
class DistributionRow:
    municipality: Municipality
    share: Decimal  # percentage, two decimals
    amount: Decimal  # euros


@dataclass(frozen=True)
class Distribution:
    rows: list[DistributionRow]
    total: Decimal
    per_year: bool
    error: str = ""


def distribution_rows(cover_note: CoverNote) -> Distribution | None:
    """The cover note's amount divided over the municipalities, or None when it has
    no amount or no effect per municipality.

    By population (``Municipality.population``), in equal shares, or by the weights
    of a distribution key; the parts (whole cents, largest remainder) sum exactly to
    the amount. A key whose weights are all zero gives an ``error`` and no rows.
    """
    if (
        cover_note.financial != CoverNote.Financial.SOME
        or cover_note.amount is None
        or cover_note.distribution == CoverNote.Distribution.NONE
    ):
        return None
    per_year = cover_note.nature == CoverNote.Nature.STRUCTURAL
    total = cover_note.amount
    kind = cover_note.distribution
    if kind == CoverNote.Distribution.KEY:
        if cover_note.distribution_key_id is None:
            return Distribution([], total, per_year, _("No distribution key has been chosen."))
        shares = DistributionShare.objects.filter(
            key_id=cover_note.distribution_key_id
        ).select_related("municipality")
        weights: dict[Municipality, int | Decimal] = {
            share.municipality: share.weight for share in shares
        }
    else:
        municipalities = list(Municipality.objects.order_by("name"))
        if kind == CoverNote.Distribution.POPULATION:
            weights = {m: m.population for m in municipalities}
        else:
            weights = dict.fromkeys(municipalities, 1)
    try:
        parts = distribute(to_cents(total), weights)
    except ValueError:
        return Distribution(
            [], total, per_year, _("The weights of this distribution are all zero.")
        )
    weight_sum = sum(Decimal(w) for w in weights.values())
    rows = [
        DistributionRow(
            municipality=municipality,
            share=(Decimal(weights[municipality]) * 100 / weight_sum).quantize(Decimal("0.01")),
            amount=from_cents(cents),
        )
        for municipality, cents in sorted(parts.items(), key=lambda item: item[0].name)
    ]
    return Distribution(rows, total, per_year)
