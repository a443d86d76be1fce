"""Councils' views, the pages: the overview of every council with the actions each
reader may take, registering and replying through the forms, the council decision's
download, the PDF, attaching, "my views", the panel on the proposal and agenda-item
pages, and constant query counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from pypdf import PdfReader

from governance.extensions import panels_for
from governance.models import Document
from pcycle.models import CouncilView
from pcycle.queries.views import views_overview, views_panels
from tests.factories import ProposalFactory, pdf_bytes
from tests.pcycle.views_setup import (
    DURING,
    WINDOW_CLOSES,
    budget,
    municipalities,
    next_year,
    view,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _during_the_window():
    with time_machine.travel(DURING, tick=False):
        yield


@pytest.fixture
def document(ab, leiden, gouda):
    return budget(ab, on_agenda=True)


def _url(name, *args, **kwargs):
    return reverse(f"pcycle:{name}", args=args, kwargs=kwargs)


def test_the_views_page_lists_every_council_with_its_state_and_counts(
    client, document, leiden, gouda, secretary
):
    view(document, gouda, secretary, position="disagrees", text="Te duur.", reply="Verlaagd.")
    client.force_login(secretary)
    page = client.get(_url("views", document.pk)).content.decode()
    assert "Leiden" in page and "Gouda" in page
    assert "1 van 2 ontvangen (1 niet akkoord), 0 beantwoord" in page
    assert "Te duur." in page and "Verlaagd." in page
    assert "30 juni 2027" in page
    assert _url("view-register", pk=document.pk, municipality=leiden.pk) in page


def test_a_contact_official_sees_the_register_button_only_on_their_own_row(
    client, document, leiden, gouda, contact_official
):
    client.force_login(contact_official)
    page = client.get(_url("views", document.pk)).content.decode()
    assert _url("view-register", pk=document.pk, municipality=leiden.pk) in page
    assert _url("view-register", pk=document.pk, municipality=gouda.pk) not in page


def test_an_outstanding_view_is_late_after_the_window(client, document, secretary):
    with time_machine.travel(dt.datetime.combine(WINDOW_CLOSES, dt.time(12)), tick=False):
        client.force_login(secretary)
        assert "Te laat" not in client.get(_url("views", document.pk)).content.decode()
    after = WINDOW_CLOSES + dt.timedelta(days=1)
    with time_machine.travel(dt.datetime.combine(after, dt.time(12)), tick=False):
        client.force_login(secretary)
        assert "Te laat" in client.get(_url("views", document.pk)).content.decode()


def test_registering_through_the_form_with_the_council_decision(
    client, document, leiden, contact_official
):
    client.force_login(contact_official)
    url = _url("view-register", pk=document.pk, municipality=leiden.pk)
    response = client.post(
        url,
        {
            "received_on": "2027-05-01",
            "position": "remarks",
            "text": "Let op de loonkosten.",
            "decision_file": SimpleUploadedFile("besluit.pdf", pdf_bytes()),
        },
    )
    assert response.status_code == 302
    registered = CouncilView.objects.get()
    assert registered.decision_file_name == "besluit.pdf"
    download = client.get(_url("view-decision", registered.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    # Registering again leads to the correction form.
    assert client.get(url)["Location"] == _url("view-edit", registered.pk)


def test_the_form_shows_the_services_refusal(client, document, leiden, contact_official):
    client.force_login(contact_official)
    response = client.post(
        _url("view-register", pk=document.pk, municipality=leiden.pk),
        {"received_on": "2027-05-01", "position": "disagrees", "text": ""},
    )
    assert response.status_code == 200
    assert "waarom zij het er niet mee eens is" in response.content.decode() or (
        "text" in response.context["form"].errors
    )
    assert not CouncilView.objects.exists()


def test_a_view_without_council_decision_has_no_download(client, document, leiden, secretary):
    registered = view(document, leiden, secretary)
    client.force_login(secretary)
    assert client.get(_url("view-decision", registered.pk)).status_code == 404


def test_replying_through_the_form_draft_then_sent(client, document, leiden, secretary):
    registered = view(document, leiden, secretary)
    client.force_login(secretary)
    url = _url("view-reply", registered.pk)
    assert client.post(url, {"reply": "Wij passen de begroting aan."}).status_code == 302
    registered.refresh_from_db()
    assert registered.reply and not registered.is_answered
    client.post(url, {"reply": "Wij passen de begroting aan.", "sent_on": "2027-05-14"})
    registered.refresh_from_db()
    assert registered.reply_sent_on == dt.date(2027, 5, 14)


def test_the_pdf_holds_every_municipality_and_the_replies(client, document, leiden, secretary):
    view(document, leiden, secretary, position="remarks", text="Opmerking.", reply="Antwoord DB.")
    client.force_login(secretary)
    response = client.get(_url("views-pdf", document.pk))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    for expected in ("Leiden", "Gouda", "Antwoord DB.", "Opmerking.", "Akkoord met opmerkingen"):
        assert expected in text
    assert reader.metadata.title == "Zienswijzen van de gemeenteraden op de begroting 2028"


def test_attaching_through_the_page(client, document, secretary):
    client.force_login(secretary)
    assert client.post(_url("views-attach", document.pk)).status_code == 302
    assert document.proposal.documents.get().kind == Document.Kind.REPORT
    assert "Opnieuw toevoegen" in client.get(_url("views", document.pk)).content.decode()


def test_my_views_shows_the_own_councils_state(client, document, leiden, contact_official):
    client.force_login(contact_official)
    page = client.get(_url("my-views")).content.decode()
    assert document.label in page
    assert _url("view-register", pk=document.pk, municipality=leiden.pk) in page
    view(document, leiden, contact_official, position="agrees")
    page = client.get(_url("my-views")).content.decode()
    assert _url("view-edit", CouncilView.objects.get().pk) in page


def test_the_panel_on_the_proposal_and_agenda_item_pages(client, document, leiden, secretary):
    view(document, leiden, secretary, position="disagrees", text="Nee.", reply_sent_on=None)
    client.force_login(secretary)
    proposal_page = client.get(reverse("governance:proposal-detail", args=[document.proposal_id]))
    assert "1 van 2 ontvangen (1 niet akkoord), 0 beantwoord" in proposal_page.content.decode()
    item = document.proposal.steps.get().agenda_items.get()
    item_page = client.get(reverse("governance:agenda-item-detail", args=[item.pk]))
    assert "1 van 2 ontvangen" in item_page.content.decode()
    assert _url("views", document.pk) in item_page.content.decode()


def test_no_panel_for_other_proposals_or_readers_without_the_pcycle_pages(
    document, outsider, secretary
):
    other = ProposalFactory()
    panels = panels_for(secretary, [document.proposal_id, other.pk])
    headings = [p.heading for p in panels[document.proposal_id]]
    assert headings.count("Zienswijzen van de gemeenteraden") == 1
    assert panels[other.pk] == []
    assert panels_for(outsider, [document.proposal_id])[document.proposal_id] == []


# --- query counts -----------------------------------------------------------------------


def _grow(ab, secretary, count):
    councils = municipalities(count)
    documents = [budget(ab, year=next_year()) for _n in range(count)]
    for document in documents:
        for council in councils[::2]:
            view(document, council, secretary, reply="Antwoord.")
    return documents


def _queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("name", ["views", "my-views", "views-pdf"])
def test_pages_take_a_constant_number_of_queries(client, ab, secretary, name):
    client.force_login(secretary)
    small = _grow(ab, secretary, 2)
    url = _url(name, small[0].pk) if name != "my-views" else _url(name)
    first = _queries(client, url)
    large = _grow(ab, secretary, 6)
    url = _url(name, large[0].pk) if name != "my-views" else _url(name)
    assert _queries(client, url) == first


def test_the_overview_takes_four_queries(ab, secretary, django_assert_num_queries):
    for size in (2, 7):
        (document, *_rest) = _grow(ab, secretary, size)
        with django_assert_num_queries(4):
            overview = views_overview(document)
        assert overview.total >= size


def test_panels_take_a_constant_number_of_queries(ab, secretary, django_assert_num_queries):
    assert secretary.has_perm("pcycle.view_pcdocument")  # the permission cache, once a request
    for size in (1, 6):
        ids = [d.proposal_id for d in _grow(ab, secretary, size)]
        with django_assert_num_queries(3):
            panels = views_panels(secretary, ids)
        assert all(panels[pk] for pk in ids)
