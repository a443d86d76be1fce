"""The public portal (Woo): no login, only what ``governance.publication`` makes public.

Every object is fetched through ``governance.queries.public`` (404 when it is not on the
portal), and templates get rows that hold public fields only (see ``governance.queries.public``).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET  # noqa: S405 - we only write XML here, never parse it

import django_filters
from django import forms
from django.conf import settings
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.http import http_date, urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from governance import packs, publication, search
from governance.models import AgendaPack, Body, Meeting
from governance.queries import public as queries_public
from governance.views._files import LazyFile
from governance.views.meetings import year_from_query
from hecht import fields as hecht_fields
from hecht import params

SEARCH_PAGE_SIZE = 20


class PortalMeetingFilter(django_filters.FilterSet):
    orgaan = hecht_fields.ModelMultipleChoiceFilter(
        label=_("Body"),
        field_name="body__code",
        to_field_name="code",
        queryset=queries_public.portal_bodies(),
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Meeting
        fields = ["orgaan"]


@require_GET
def public_home(request: HttpRequest) -> HttpResponse:
    """What GR Hecht publishes, the next public meetings and the latest publications."""
    return publication.cache_publicly(
        render(
            request,
            "public/home.html",
            {
                "upcoming": queries_public.upcoming_portal_meetings(),
                "agendas": queries_public.latest_agendas(),
                "decision_lists": queries_public.latest_decision_lists(),
            },
        )
    )


@require_GET
def public_meetings(request: HttpRequest) -> HttpResponse:
    """Meetings on the portal of one year, filterable by body."""
    year = year_from_query(request)
    meeting_filter = PortalMeetingFilter(request.GET, queryset=publication.portal_meetings())
    query = request.GET.copy()
    query.pop("jaar", None)
    return publication.cache_publicly(
        render(
            request,
            "public/meeting_list.html",
            {
                "year": year,
                "years": queries_public.portal_years(),
                "filter": meeting_filter,
                "meetings": queries_public.portal_year(meeting_filter.qs, year),
                "filter_query": query.urlencode(),
            },
        )
    )


@require_GET
def public_meeting(request: HttpRequest, pk: int) -> HttpResponse:
    """A meeting on the portal: its published agenda with the public documents, the
    published decision list, and the public pack."""
    meeting = queries_public.portal_meeting_or_404(pk)
    pack = packs.shown_pack(meeting, AgendaPack.Variant.PUBLIC)
    response = render(
        request,
        "public/meeting_detail.html",
        {
            "meeting": meeting,
            "agenda": queries_public.meeting_agenda(meeting),
            "decisions": queries_public.meeting_decisions(meeting),
            "pack": pack,
        },
    )
    if pack.building:
        # The page polls itself until the build ends: a cached copy would keep it polling.
        add_never_cache_headers(response)
        return response
    return publication.cache_publicly(response)


@require_GET
def public_document_download(request: HttpRequest, pk: int) -> FileResponse:
    """The current version of a public document, always as a download."""
    document = queries_public.public_document_or_404(pk)
    version = document.current_version
    if (
        version is None
        or not version.file.name
        or not version.file.storage.exists(version.file.name)
    ):
        raise Http404
    row = queries_public.document_row(document)
    response = FileResponse(
        LazyFile.stored(version.file),
        as_attachment=True,
        filename=row.download_name,
        content_type=version.content_type,
    )
    response["Content-Length"] = str(version.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Last-Modified"] = http_date(version.uploaded_at.timestamp())
    return publication.cache_publicly(response)


@require_GET
def public_search(request: HttpRequest) -> HttpResponse:
    """Search the public agendas, documents and decisions."""
    query = search.normalise(request.GET.get("q", ""))
    page = Paginator(search.search(query), SEARCH_PAGE_SIZE).get_page(
        params.page_param(request.GET)
    )
    hits = search.hits(page.object_list)
    meetings = publication.portal_meetings().in_bulk(
        {hit.meeting_id for hit in hits if hit.meeting_id is not None}
    )
    return publication.cache_publicly(
        render(
            request,
            "public/search.html",
            {
                "query": query,
                "page": page,
                "results": [(hit, meetings.get(hit.meeting_id)) for hit in hits],
                "filter_query": urlencode({"q": query}) if query else "",
            },
        )
    )


# --- Woo sitemap (DiWoo) ------------------------------------------------------------------
#
# The KOOP Woo harvester reads sitemaps (sitemaps.org 0.9) whose <url> entries carry DiWoo
# metadata in a <diwoo:Document><diwoo:DiWoo> child ("Gebruik van de DiWoo-XSD",
# standaarden.overheid.nl/diwoo/metadata). <loc> points straight at the file, as required.

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
DIWOO_NS = "https://standaarden.overheid.nl/diwoo/metadata/"
TOOI = "https://identifier.overheid.nl/tooi/def/thes/kern/"
# Woo art. 3.3 lid 2 sub c (meeting documents of the general board of a joint arrangement
# and its committees) and sub d (agendas and decision lists of executive boards).
CATEGORY_MEETING_DOCUMENTS = (TOOI + "c_db4862c3", "vergaderstukken decentrale overheden")
CATEGORY_EXECUTIVE = (TOOI + "c_3a248e3a", "agenda's en besluitenlijsten bestuurscolleges")
HANDLING_RECEIPT = (TOOI + "c_dfcee535", "ontvangst")
FILE_TYPE = "http://publications.europa.eu/resource/authority/file-type/"
LANGUAGE_NL = ("http://publications.europa.eu/resource/authority/language/NLD", "Nederlands")
DOCUMENT_KINDS = {
    "cover_note": "oplegger",
    "proposal": "voorstel",
    "annex": "bijlage",
    "report": "rapport",
    "minutes": "notulen",
}


def _categories(body_kinds: set[str]) -> list[tuple[str, str]]:
    categories = []
    if body_kinds - {Body.Kind.EXECUTIVE_BOARD}:
        categories.append(CATEGORY_MEETING_DOCUMENTS)
    if Body.Kind.EXECUTIVE_BOARD in body_kinds:
        categories.append(CATEGORY_EXECUTIVE)
    return categories or [CATEGORY_MEETING_DOCUMENTS]


def build_sitemap(rows, *, absolute, publisher: str) -> bytes:
    """``rows``: (PublicDocumentRow, body kinds, download path) per public document."""
    ET.register_namespace("", SITEMAP_NS)
    ET.register_namespace("diwoo", DIWOO_NS)

    def sm(tag):
        return f"{{{SITEMAP_NS}}}{tag}"

    def dw(parent, tag, text=None, resource=None):
        element = ET.SubElement(parent, f"{{{DIWOO_NS}}}{tag}")
        if resource:
            element.set("resource", resource)
        if text is not None:
            element.text = text
        return element

    urlset = ET.Element(sm("urlset"))
    for row, body_kinds, path in rows:
        url = ET.SubElement(urlset, sm("url"))
        ET.SubElement(url, sm("loc")).text = absolute(path)
        ET.SubElement(url, sm("lastmod")).text = timezone.localtime(row.modified_at).isoformat()
        diwoo = dw(dw(url, "Document"), "DiWoo")
        dw(diwoo, "publisher", publisher)
        dw(dw(diwoo, "titelcollectie"), "officieleTitel", row.title)
        classification = dw(diwoo, "classificatiecollectie")
        kinds = dw(classification, "documentsoorten")
        dw(kinds, "documentsoort", DOCUMENT_KINDS.get(row.kind, row.kind))
        categories = dw(classification, "informatiecategorieen")
        for resource, label in _categories(body_kinds):
            dw(categories, "informatiecategorie", label, resource)
        dw(diwoo, "creatiedatum", timezone.localtime(row.delivered_at).date().isoformat())
        dw(diwoo, "language", LANGUAGE_NL[1], LANGUAGE_NL[0])
        dw(diwoo, "format", row.extension, FILE_TYPE + row.extension.upper())
        handling = dw(dw(diwoo, "documenthandelingen"), "documenthandeling")
        dw(handling, "soortHandeling", HANDLING_RECEIPT[1], HANDLING_RECEIPT[0])
        dw(handling, "atTime", timezone.localtime(row.delivered_at).isoformat())
    return ET.tostring(urlset, encoding="utf-8", xml_declaration=True)


@require_GET
def public_sitemap(request: HttpRequest) -> HttpResponse:
    """The Woo sitemap: one <url> per public document, with its DiWoo metadata."""
    rows = [
        (row, body_kinds, reverse("governance:public-document-download", args=[row.pk]))
        for row, body_kinds in queries_public.sitemap_documents()
    ]
    body = build_sitemap(
        rows, absolute=request.build_absolute_uri, publisher=settings.HECHT_ORGANISATION_NAME
    )
    response = HttpResponse(body, content_type="application/xml; charset=utf-8")
    return publication.cache_publicly(response)
