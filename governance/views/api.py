"""Open data API (read-only JSON, no login): the meetings, agenda items, documents and
decisions of the public portal. The contract is ``governance/openapi.json``.

- ids are the primary keys and never change; ``url`` is the stable public web address
  of the thing (portal page or file), ``api_url`` a meeting's own API address;
- lists are paginated: ``?page=`` (from 1) and ``?page_size=`` (1-100, default 20), with
  ``count``, ``next``, ``previous`` and ``results``;
- datetimes are ISO 8601 with the offset of Europe/Amsterdam;
- a confidential agenda item or decision appears only as
  ``{"id", "nummer", "vertrouwelijk": true, "woo_grond"}``;
- responses may be cached for five minutes and carry an ETag (``If-None-Match`` → 304).
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
from pathlib import Path

from django.core.exceptions import BadRequest
from django.core.paginator import EmptyPage, Paginator
from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.views.decorators.http import require_GET

from governance import packs, publication
from governance.models import AgendaPack, Meeting
from governance.queries import public as queries_public
from governance.queries.public import Placeholder, PublicDecisionRow, PublicItemRow
from hecht import params

OPENAPI_PATH = Path(__file__).resolve().parent.parent / "openapi.json"
DEFAULT_PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Longer than any body code (``Body.code``: 2-10 letters); a longer value matches nothing.
MAX_CODE_LENGTH = 32


# --- responses ----------------------------------------------------------------------------


def _respond(request: HttpRequest, data, *, status: int = 200) -> HttpResponse:
    response = JsonResponse(
        data, status=status, encoder=DjangoJSONEncoder, json_dumps_params={"ensure_ascii": False}
    )
    if status != 200:
        return response
    publication.cache_publicly(response)
    response["ETag"] = f'"{hashlib.sha256(response.content).hexdigest()[:40]}"'
    # Never None when a response is passed (django-stubs says HttpResponse | None).
    return get_conditional_response(  # type: ignore[return-value]
        request, etag=response["ETag"], response=response
    )


def _error(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    return _respond(request, {"detail": detail}, status=status)


def api_view(view):
    """GET only; a ``BadRequest`` becomes a 400 with a ``detail``."""

    @require_GET
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except BadRequest as exc:
            return _error(request, 400, str(exc))

    return wrapper


def _page(request: HttpRequest, queryset: QuerySet):
    """The requested page of ``queryset`` and the envelope around it (two queries)."""
    size = params.int_param(
        request.GET, "page_size", default=DEFAULT_PAGE_SIZE, maximum=MAX_PAGE_SIZE
    )
    number = params.int_param(request.GET, "page", default=1, maximum=params.MAX_PAGE)
    paginator = Paginator(queryset, size)
    page = paginator.page(number)  # EmptyPage past the last page: see ``_paginated``

    def link(target: int) -> str:
        query = request.GET.copy()
        query["page"] = str(target)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    envelope = {
        "count": paginator.count,
        "next": link(page.next_page_number()) if page.has_next() else None,
        "previous": link(page.previous_page_number()) if page.has_previous() else None,
    }
    return list(page.object_list), envelope


def _paginated(view):
    """A page past the last one is a 404 (with a JSON body)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except EmptyPage:
            return _error(request, 404, "This page does not exist.")

    return wrapper


# --- serializers ----------------------------------------------------------------------------


def iso(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value is not None else None


def _absolute(request: HttpRequest, name: str, pk: int, anchor: str = "") -> str:
    return request.build_absolute_uri(reverse(name, args=[pk])) + anchor


def meeting_json(request: HttpRequest, meeting: Meeting) -> dict:
    return {
        "id": meeting.pk,
        "url": _absolute(request, "governance:public-meeting", meeting.pk),
        "api_url": _absolute(request, "governance:public-api-meeting", meeting.pk),
        "orgaan": {"code": meeting.body.code, "naam": meeting.body.name},
        "soort": meeting.kind,
        "titel": meeting.title,
        "begin": iso(meeting.starts_at),
        "einde": iso(meeting.ends_at),
        "locatie": meeting.location,
        "status": meeting.phase.value,  # as the portal shows it
        "openbare_vergadering": meeting.is_public,
        "agenda_gepubliceerd_op": iso(meeting.agenda_published_at),
        "besluitenlijst_gepubliceerd_op": iso(meeting.decisions_published_at),
    }


def placeholder_json(row: Placeholder) -> dict:
    return {"id": row.pk, "nummer": row.number, "vertrouwelijk": True, "woo_grond": row.woo_ground}


def item_json(request: HttpRequest, row: PublicItemRow | Placeholder) -> dict:
    if isinstance(row, Placeholder):
        return placeholder_json(row)
    return {
        "id": row.pk,
        "url": _absolute(request, "governance:public-meeting", row.meeting_id, f"#item-{row.pk}"),
        "vergadering": row.meeting_id,
        "nummer": row.number,
        "volgorde": row.order,
        "titel": row.title,
        "omschrijving": row.description,
        "soort": row.kind,
        "vertrouwelijk": False,
        "documenten": [document.pk for document in row.documents],
    }


def document_json(request: HttpRequest, row, items: list[int]) -> dict:
    return {
        "id": row.pk,
        "url": _absolute(request, "governance:public-document-download", row.pk),
        "titel": row.title,
        "soort": row.kind,
        "versie": row.version,
        "mediatype": row.content_type,
        "bestandsformaat": row.extension,
        "bestandsnaam": row.download_name,
        "grootte": row.size,
        "paginas": row.page_count,
        "aangeleverd_op": iso(row.delivered_at),
        "gewijzigd_op": iso(row.modified_at),
        "agendapunten": items,
    }


def decision_json(request: HttpRequest, row: PublicDecisionRow | Placeholder) -> dict:
    if isinstance(row, Placeholder):
        return placeholder_json(row)
    return {
        "id": row.pk,
        "url": _absolute(
            request, "governance:public-meeting", row.meeting_id, f"#decision-{row.pk}"
        ),
        "vergadering": row.meeting_id,
        "agendapunt": row.item_pk,
        "nummer": row.number,
        "titel": row.title,
        "uitkomst": row.outcome,
        "staking_van_stemmen": row.tie,
        "tekst": row.text,
        "vertrouwelijk": False,
        "vastgelegd_op": iso(row.recorded_at),
    }


def _items_json(request: HttpRequest, items) -> list[dict]:
    documents = queries_public.documents_for_items(items)
    return [
        item_json(request, queries_public.item_row(item, documents.get(item.pk, [])))
        for item in items
    ]


def _documents_json(request: HttpRequest, documents) -> list[dict]:
    items = queries_public.items_of_documents(documents)
    return [document_json(request, queries_public.document_row(d), items[d.pk]) for d in documents]


# --- endpoints ------------------------------------------------------------------------------


@api_view
@_paginated
def api_meetings(request: HttpRequest) -> HttpResponse:
    """Meetings on the portal, by date; filters ``orgaan`` (body code) and ``jaar``."""
    meetings = publication.portal_meetings()
    body = params.text_param(request.GET, "orgaan", max_length=MAX_CODE_LENGTH)
    if body:
        meetings = meetings.filter(body__code=body.upper())
    year = params.year_param(request.GET, "jaar")
    if year is not None:
        meetings = meetings.filter(starts_at__year=year)
    page, envelope = _page(request, meetings.order_by("starts_at", "pk"))
    return _respond(request, {**envelope, "results": [meeting_json(request, m) for m in page]})


@api_view
def api_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """One meeting with its published agenda, public documents and decision list."""
    try:
        meeting = queries_public.portal_meeting_or_404(pk)
    except Http404:
        return _error(request, 404, "Not found.")
    agenda = queries_public.meeting_agenda(meeting)
    documents = (
        list(queries_public.documents_of_meeting(meeting.pk).order_by("pk"))
        if meeting.agenda_published_at is not None
        else []
    )
    pack = packs.shown_pack(meeting, AgendaPack.Variant.PUBLIC)
    data = {
        **meeting_json(request, meeting),
        "agendapunten": [item_json(request, row) for row in agenda],
        "documenten": _documents_json(request, documents),
        "besluiten": [
            decision_json(request, row) for row in queries_public.meeting_decisions(meeting)
        ],
        "vergaderboek_url": (
            _absolute(request, "governance:public-pack-download", meeting.pk)
            if pack.ready
            else None
        ),
        "besluitenlijst_pdf_url": (
            _absolute(request, "governance:public-decision-list-pdf", meeting.pk)
            if meeting.decisions_published_at is not None
            else None
        ),
    }
    return _respond(request, data)


def _meeting_filter(request: HttpRequest) -> int | None:
    return params.int_param(request.GET, "vergadering")


@api_view
@_paginated
def api_agenda_items(request: HttpRequest) -> HttpResponse:
    """Items of published agendas (confidential ones as placeholders); filter
    ``vergadering``."""
    items = queries_public.published_items_with_flags()
    meeting = _meeting_filter(request)
    if meeting is not None:
        items = items.filter(meeting_id=meeting)
    page, envelope = _page(
        request, items.order_by("meeting__starts_at", "meeting_id", "order", "pk")
    )
    return _respond(request, {**envelope, "results": _items_json(request, page)})


@api_view
@_paginated
def api_documents(request: HttpRequest) -> HttpResponse:
    """Public documents (their current version); filter ``vergadering``."""
    meeting = _meeting_filter(request)
    if meeting is None:
        documents = queries_public.public_documents()
    else:
        documents = queries_public.documents_of_meeting(meeting)
    page, envelope = _page(request, documents.order_by("pk"))
    return _respond(request, {**envelope, "results": _documents_json(request, page)})


@api_view
@_paginated
def api_decisions(request: HttpRequest) -> HttpResponse:
    """Decisions of published decision lists (confidential ones as placeholders); filter
    ``vergadering``."""
    decisions = queries_public.decisions_on_published_lists()
    meeting = _meeting_filter(request)
    if meeting is not None:
        decisions = decisions.filter(agenda_item__meeting_id=meeting)
    ordered = decisions.order_by(
        "agenda_item__meeting__starts_at", "agenda_item__meeting_id", "agenda_item__order", "pk"
    )
    page, envelope = _page(request, ordered)
    rows = [queries_public.decision_row(d) for d in page]
    return _respond(request, {**envelope, "results": [decision_json(request, r) for r in rows]})


@functools.cache
def _openapi_bytes() -> bytes:
    # Parsed once to fail loudly on a broken file, served as written.
    content = OPENAPI_PATH.read_bytes()
    json.loads(content)
    return content


@require_GET
def api_openapi(request: HttpRequest) -> HttpResponse:
    """The OpenAPI 3.1 description of this API."""
    response = HttpResponse(_openapi_bytes(), content_type="application/json")
    return publication.cache_publicly(response)
