"""The document in the browser (governance:document-read): visible exactly when the
document page is, the current or a chosen version, and without JavaScript a page list
whose links lead into the download."""

from __future__ import annotations

import mimetypes

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from whitenoise.media_types import MediaTypes

from governance.models import Confidentiality, Document, WooGround
from tests.factories import (
    DocumentFactory,
    DocumentVersionFactory,
    ProposalFactory,
    RouteStepFactory,
)


@pytest.fixture
def proposal(ab):
    proposal = ProposalFactory(title="Begroting 2027")
    RouteStepFactory(proposal=proposal, body=ab, position=1)
    return proposal


@pytest.fixture
def confidential_document(ab):
    proposal = ProposalFactory(
        title="Grondaankoop",
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.ECONOMIC,
    )
    RouteStepFactory(proposal=proposal, body=ab, position=1)
    return DocumentFactory(proposal=proposal, is_confidential=True, title="Grondaankoop kavel 7")


def _read(client, document, **query):
    return client.get(reverse("governance:document-read", kwargs={"pk": document.pk}), query)


def _download_url(version) -> str:
    return reverse("governance:document-version-download", kwargs={"pk": version.pk})


@pytest.mark.parametrize("actor", ["outsider", "contact_official", "ac_member"])
def test_confidential_viewer_is_404_for_whom_the_document_page_is(
    client, request, actor, confidential_document
):
    client.force_login(request.getfixturevalue(actor))
    detail = reverse("governance:document-detail", kwargs={"pk": confidential_document.pk})
    assert client.get(detail).status_code == 404
    response = _read(client, confidential_document)
    assert response.status_code == 404
    assert b"Grondaankoop" not in response.content


@pytest.mark.parametrize("actor", ["ab_member", "secretary"])
def test_confidential_viewer_reaches_the_entitled(client, request, actor, confidential_document):
    client.force_login(request.getfixturevalue(actor))
    response = _read(client, confidential_document)
    assert response.status_code == 200
    assert "Grondaankoop kavel 7" in response.text


def test_viewer_requires_login(client, confidential_document):
    response = _read(client, confidential_document)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_viewer_lists_the_pages_as_links_into_the_download(client, ab_member, proposal):
    document = DocumentFactory(proposal=proposal, versions=0, title="Begroting")
    version = DocumentVersionFactory(document=document, page_count=3)
    client.force_login(ab_member)
    response = _read(client, document)
    assert response.status_code == 200
    html = response.text
    download = _download_url(version)
    for number in (1, 2, 3):
        assert f'href="{download}#page={number}">Pagina {number}</a>' in html
    assert "#page=4" not in html
    assert f'data-pdf-url="{download}"' in html
    assert "vendor/pdfjs/pdf.min.mjs" in html and "vendor/pdfjs/pdf.worker.min.mjs" in html
    assert 'type="module" src="/static/js/pdf-viewer.mjs"' in html
    assert "Citeer selectie" in html


def test_viewer_shows_a_chosen_older_version(client, ab_member, proposal):
    document = DocumentFactory(proposal=proposal, versions=0)
    first = DocumentVersionFactory(document=document, page_count=2)
    DocumentVersionFactory(document=document, page_count=5)
    client.force_login(ab_member)
    response = _read(client, document, versie="1")
    assert response.status_code == 200
    assert f'data-pdf-url="{_download_url(first)}"' in response.text
    assert "#page=2" in response.text and "#page=3" not in response.text
    assert "niet de huidige versie" in response.text


@pytest.mark.parametrize("number", ["3", "0", "x", "-1", ""])
def test_unknown_version_is_404(client, ab_member, proposal, number):
    document = DocumentFactory(proposal=proposal)
    client.force_login(ab_member)
    assert _read(client, document, versie=number).status_code == 404


def test_version_of_another_document_is_404(client, ab_member, proposal):
    document = DocumentFactory(proposal=proposal)
    DocumentFactory(proposal=proposal, versions=2)
    client.force_login(ab_member)
    assert _read(client, document, versie="2").status_code == 404


def test_non_pdf_version_says_so_and_offers_the_download(client, ab_member, proposal):
    document = DocumentFactory(proposal=proposal, kind=Document.Kind.ANNEX, versions=0)
    version = DocumentVersionFactory(
        document=document,
        original_name="Cijfers 2027.xlsx",
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        page_count=None,
    )
    client.force_login(ab_member)
    response = _read(client, document)
    assert response.status_code == 200
    assert "is geen PDF-bestand" in response.text
    assert f'href="{_download_url(version)}"' in response.text
    assert "data-pdf-viewer" not in response.text and "pdf-viewer.mjs" not in response.text


def test_document_without_file_says_so(client, ab_member, proposal):
    document = DocumentFactory(proposal=proposal, versions=0)
    client.force_login(ab_member)
    response = _read(client, document)
    assert response.status_code == 200
    assert "data-pdf-viewer" not in response.text


def test_post_is_not_allowed(client, ab_member, proposal):
    document = DocumentFactory(proposal=proposal)
    client.force_login(ab_member)
    url = reverse("governance:document-read", kwargs={"pk": document.pk})
    assert client.post(url).status_code == 405


def test_document_page_links_to_the_viewer_for_pdf_versions_only(client, ab_member, proposal):
    document = DocumentFactory(proposal=proposal, versions=0)
    DocumentVersionFactory(document=document)
    DocumentVersionFactory(document=document, content_type="text/csv", original_name="a.csv")
    client.force_login(ab_member)
    detail = reverse("governance:document-detail", kwargs={"pk": document.pk})
    html = client.get(detail).text
    read = reverse("governance:document-read", kwargs={"pk": document.pk})
    assert f'href="{read}?versie=1"' in html
    assert f'href="{read}?versie=2"' not in html
    # The current version (2) is not a PDF: no viewer button at the top.
    assert f'href="{read}"' not in html


def test_viewer_query_count_does_not_grow_with_pages(client, ab_member, proposal):
    counts = []
    for pages in (1, 40):
        document = DocumentFactory(proposal=proposal, versions=0)
        DocumentVersionFactory(document=document, page_count=pages)
        client.force_login(ab_member)
        with CaptureQueriesContext(connection) as queries:
            assert _read(client, document).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_pdfjs_modules_are_served_as_javascript():
    # A module script with another MIME type is refused by the browser; settings register
    # .mjs for Django's static serving, whitenoise knows it itself.
    assert mimetypes.guess_type("pdf.min.mjs")[0] == "text/javascript"
    assert MediaTypes().get_type("static/vendor/pdfjs/pdf.worker.min.mjs") == "text/javascript"
