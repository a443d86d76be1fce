"""The public portal (``openbaar/``), the public download, the Woo sitemap — and the leak
test: nothing confidential or unpublished ever reaches a public endpoint."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET  # noqa: S405 - parsing our own output
from types import SimpleNamespace

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext

from governance import services
from governance.models import AgendaItem, AgendaPack, Confidentiality, Meeting, WooGround
from governance.queries.public import portal_bodies
from tests.factories import (
    TZ,
    AgendaItemFactory,
    BodyFactory,
    DecisionFactory,
    DocumentFactory,
    DocumentVersionFactory,
    MeetingFactory,
    ProposalFactory,
    RouteStepFactory,
    pdf_bytes,
)

CONFIDENTIAL = {"confidentiality": Confidentiality.CONFIDENTIAL, "woo_ground": WooGround.PRIVACY}

# Strings that must never appear on a public endpoint.
SECRETS = {
    "item_title": "Grondaankoop Vlietzicht",
    "item_description": "Onderhandelingsruimte Vlietzicht tot vier miljoen",
    "item_document": "Taxatierapport Vlietzicht",
    "item_decision": "Besloten Vlietzicht te verwerven",
    "doc_on_public_item": "Persoonsdossier Kwakernaak",
    "proposal_title": "Reorganisatie Zuidvleugel",
    "proposal_item_title": "Personele gevolgen Zuidvleugel",
    "proposal_document": "Sociaal plan Zuidvleugel",
    "proposal_decision": "Besloten Zuidvleugel te ontvlechten",
    "unpublished_item": "Conceptagenda Oudewater",
    "unpublished_description": "Voorlopige tekst Oudewater",
    "unpublished_document": "Notitie Oudewater",
    "unpublished_decision": "Besluit Oudewater",
    "closed_meeting": "Heidag Bergambacht",
}


def build_world(ab, db_body, secretary) -> SimpleNamespace:
    """A published AB meeting with public, confidential and "public item of a confidential
    proposal" items, documents and decisions; a closed DB meeting with a published agenda;
    a public meeting whose agenda is not published; a closed meeting with nothing
    published."""
    meeting = MeetingFactory(
        body=ab, is_public=True, starts_at=dt.datetime(2026, 12, 9, 14, tzinfo=TZ)
    )
    opening = AgendaItemFactory(
        meeting=meeting, order=1, number="1", title="Opening", kind=AgendaItem.Kind.FORMAL
    )
    budget_proposal = ProposalFactory(title="Begroting 2027")
    budget = AgendaItemFactory(
        meeting=meeting,
        order=2,
        number="2",
        title="Begroting 2027",
        description="Het algemeen bestuur stelt de begroting 2027 vast.",
        route_step=RouteStepFactory(proposal=budget_proposal, body=ab, meeting=meeting),
    )
    budget_document = DocumentFactory(proposal=budget_proposal, title="Ontwerpbegroting 2027")
    annex = DocumentFactory(
        agenda_item=budget, title="Zienswijzen gemeenten", kind="annex", order=2
    )
    doc_on_public_item = DocumentFactory(
        agenda_item=budget, title=SECRETS["doc_on_public_item"], is_confidential=True
    )
    confidential = AgendaItemFactory(
        meeting=meeting,
        order=3,
        number="3",
        title=SECRETS["item_title"],
        description=SECRETS["item_description"],
        **CONFIDENTIAL,
    )
    confidential_document = DocumentFactory(
        agenda_item=confidential, title=SECRETS["item_document"]
    )
    secret_proposal = ProposalFactory(
        title=SECRETS["proposal_title"],
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.ECONOMIC,
    )
    proposal_item = AgendaItemFactory(
        meeting=meeting,
        order=4,
        number="4",
        title=SECRETS["proposal_item_title"],
        route_step=RouteStepFactory(proposal=secret_proposal, body=ab, meeting=meeting),
    )
    proposal_document = DocumentFactory(
        proposal=secret_proposal, title=SECRETS["proposal_document"]
    )
    budget_decision = DecisionFactory(
        agenda_item=budget, text="Besloten de begroting 2027 ongewijzigd vast te stellen."
    )
    confidential_decision = DecisionFactory(agenda_item=confidential, text=SECRETS["item_decision"])
    proposal_decision = DecisionFactory(
        agenda_item=proposal_item, text=SECRETS["proposal_decision"]
    )
    services.agenda_publish(actor=secretary, meeting=meeting)
    services.decisions_publish(actor=secretary, meeting=meeting)

    # A closed DB meeting: its agenda is published under the Woo (3.3 lid 2 sub d).
    db_meeting = MeetingFactory(
        body=db_body, is_public=False, starts_at=dt.datetime(2026, 11, 25, 10, tzinfo=TZ)
    )
    db_item = AgendaItemFactory(meeting=db_meeting, order=1, number="1", title="Kadernota 2028")
    db_document = DocumentFactory(agenda_item=db_item, title="Kadernota 2028 concept")
    services.agenda_publish(actor=secretary, meeting=db_meeting)

    # A public meeting whose agenda is not published (yet): its items stay hidden.
    later = MeetingFactory(
        body=ab, is_public=True, starts_at=dt.datetime(2027, 1, 20, 14, tzinfo=TZ)
    )
    unpublished = AgendaItemFactory(
        meeting=later,
        order=1,
        number="1",
        title=SECRETS["unpublished_item"],
        description=SECRETS["unpublished_description"],
    )
    unpublished_document = DocumentFactory(
        agenda_item=unpublished, title=SECRETS["unpublished_document"]
    )
    DecisionFactory(agenda_item=unpublished, text=SECRETS["unpublished_decision"])

    # A closed meeting with nothing published: not on the portal at all.
    closed = MeetingFactory(
        body=ab,
        is_public=False,
        title=SECRETS["closed_meeting"],
        starts_at=dt.datetime(2026, 10, 7, 9, tzinfo=TZ),
    )
    AgendaItemFactory(meeting=closed, order=1, number="1", title="Evaluatie")

    return SimpleNamespace(
        meeting=Meeting.objects.get(pk=meeting.pk),
        opening=opening,
        budget=budget,
        budget_document=budget_document,
        annex=annex,
        doc_on_public_item=doc_on_public_item,
        confidential=confidential,
        confidential_document=confidential_document,
        proposal_item=proposal_item,
        proposal_document=proposal_document,
        budget_decision=budget_decision,
        confidential_decision=confidential_decision,
        proposal_decision=proposal_decision,
        db_meeting=db_meeting,
        db_item=db_item,
        db_document=db_document,
        later=later,
        unpublished=unpublished,
        unpublished_document=unpublished_document,
        closed=closed,
        public_documents=[budget_document, annex, db_document],
        hidden_documents=[
            doc_on_public_item,
            confidential_document,
            proposal_document,
            unpublished_document,
        ],
    )


@pytest.fixture
def world(ab, db_body, secretary):
    return build_world(ab, db_body, secretary)


def _text(response) -> str:
    return response.content.decode()


def _placeholder(ground: str) -> str:
    return gettext("Confidential agenda item — not public (Woo %(ground)s)") % {"ground": ground}


# --- home ---------------------------------------------------------------------------------


def test_home_shows_upcoming_meetings_latest_publications_and_reuse_links(client, world):
    with time_machine.travel(dt.datetime(2026, 11, 1, 12, tzinfo=TZ), tick=False):
        response = client.get(reverse("governance:public-home"))
    assert response.status_code == 200
    html = _text(response)
    meeting_url = reverse("governance:public-meeting", args=[world.meeting.pk])
    assert f'href="{meeting_url}#decisions-heading"' in html  # latest decision list
    assert f'href="{meeting_url}#agenda-heading"' in html  # latest agendas
    upcoming = html[html.index('id="upcoming-heading"') : html.index('id="agendas-heading"')]
    for meeting in (world.meeting, world.db_meeting, world.later):
        assert reverse("governance:public-meeting", args=[meeting.pk]) in upcoming
    assert reverse("governance:public-meeting", args=[world.db_meeting.pk]) in html
    for name in (
        "governance:calendar-feed-public",
        "governance:public-api-meetings",
        "governance:public-api-openapi",
        "governance:public-sitemap",
        "governance:public-search",
    ):
        assert reverse(name) in html
    assert html.count("<h1") == 1
    assert 'role="search"' in html
    assert response["Cache-Control"] == "public, max-age=300"


def test_the_portal_is_in_the_main_navigation(client, world):
    html = _text(client.get(reverse("governance:home")))
    assert f'href="{reverse("governance:public-home")}"' in html


# --- meeting list -------------------------------------------------------------------------


def test_meeting_list_shows_the_years_portal_meetings_with_their_publication_state(client, world):
    Meeting.objects.filter(pk=world.later.pk).update(
        starts_at=dt.datetime(2026, 12, 30, 14, tzinfo=TZ), status=Meeting.Status.CANCELLED
    )
    response = client.get(reverse("governance:public-meetings"), {"jaar": 2026})
    assert response.status_code == 200
    html = _text(response)
    for meeting in (world.meeting, world.db_meeting, world.later):
        assert reverse("governance:public-meeting", args=[meeting.pk]) in html
    assert reverse("governance:public-meeting", args=[world.closed.pk]) not in html
    assert SECRETS["closed_meeting"] not in html
    assert gettext("Cancelled") in html
    assert '<caption class="utrecht-table__caption' in html
    assert 'aria-current="page">2026<' in html


def test_meeting_list_filters_by_body_code(client, world):
    response = client.get(reverse("governance:public-meetings"), {"jaar": 2026, "orgaan": "DB"})
    html = _text(response)
    assert reverse("governance:public-meeting", args=[world.db_meeting.pk]) in html
    assert reverse("governance:public-meeting", args=[world.meeting.pk]) not in html


def test_meeting_list_of_another_year_is_empty_and_a_bad_year_is_404(client, world):
    html = _text(client.get(reverse("governance:public-meetings"), {"jaar": 2025}))
    assert reverse("governance:public-meeting", args=[world.meeting.pk]) not in html
    assert client.get(reverse("governance:public-meetings"), {"jaar": "20x6"}).status_code == 404


def _meetings(body, count):
    for n in range(count):
        meeting = MeetingFactory(
            body=body,
            is_public=True,
            starts_at=dt.datetime(2026, 2, 1, 10, tzinfo=TZ) + dt.timedelta(days=3 * n),
        )
        if n % 2:
            Meeting.objects.filter(pk=meeting.pk).update(
                agenda_published_at=timezone.now(), decisions_published_at=timezone.now()
            )


def test_meeting_list_runs_a_fixed_number_of_queries(
    client, ab, db_body, django_assert_num_queries
):
    url = reverse("governance:public-meetings")
    _meetings(ab, 2)
    # years, the filter's body choices, the chosen bodies, meetings
    with django_assert_num_queries(4) as few:
        client.get(url, {"jaar": 2026, "orgaan": ["AB", "DB"]})
    _meetings(db_body, 40)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url, {"jaar": 2026, "orgaan": ["AB", "DB"]})
    listed = re.findall(r'href="/openbaar/vergaderingen/(\d+)/"', _text(response))
    expected = Meeting.objects.filter(body__in=[ab, db_body]).values_list("pk", flat=True)
    assert sorted(map(int, listed)) == sorted(expected) and len(listed) == 42


# --- meeting page -------------------------------------------------------------------------


def test_meeting_page_is_404_unless_the_meeting_is_on_the_portal(client, world):
    assert (
        client.get(reverse("governance:public-meeting", args=[world.closed.pk])).status_code == 404
    )
    assert client.get(reverse("governance:public-meeting", args=[999_999])).status_code == 404
    for meeting in (world.meeting, world.db_meeting, world.later):
        url = reverse("governance:public-meeting", args=[meeting.pk])
        assert client.get(url).status_code == 200


def test_meeting_page_shows_the_agenda_in_order_with_confidential_items_as_placeholders(
    client, world
):
    html = _text(client.get(reverse("governance:public-meeting", args=[world.meeting.pk])))
    positions = [
        html.index("1. Opening"),
        html.index("2. Begroting 2027"),
        html.index("3. " + _placeholder("5.1.2e")),
        html.index("4. " + _placeholder("5.1.2b")),  # the proposal's ground
    ]
    assert positions == sorted(positions)
    assert "Het algemeen bestuur stelt de begroting 2027 vast." in html
    assert html.count("<h1") == 1


def test_meeting_page_lists_public_documents_with_download_link_type_and_size(client, world):
    html = _text(client.get(reverse("governance:public-meeting", args=[world.meeting.pk])))
    for document in (world.budget_document, world.annex):
        url = reverse("governance:public-document-download", args=[document.pk])
        assert f'href="{url}">{document.title}</a>' in html
    assert "PDF, " in html
    assert "Zienswijzen gemeenten" in html
    assert 'scope="col">' + gettext("Document") in html


def test_meeting_page_shows_the_published_decision_list_with_placeholders(client, world):
    html = _text(client.get(reverse("governance:public-meeting", args=[world.meeting.pk])))
    section = html[html.index('id="decisions-heading"') :]
    assert "Besloten de begroting 2027 ongewijzigd vast te stellen." in section
    assert gettext("Adopted") in section
    assert section.count(_placeholder("5.1.2e")) == 1
    assert section.count(_placeholder("5.1.2b")) == 1
    assert reverse("governance:public-decision-list-pdf", args=[world.meeting.pk]) in html


def test_meeting_page_before_publication_shows_no_items_and_says_so(client, world):
    html = _text(client.get(reverse("governance:public-meeting", args=[world.later.pk])))
    assert gettext("The agenda of this meeting has not been published yet.") in html
    assert gettext("The decision list of this meeting has not been published yet.") in html
    assert SECRETS["unpublished_item"] not in html


BUILDING_TEXT = "The agenda pack is being built. This page updates itself."
FAILED_TEXT = (
    "Building the agenda pack failed. The board secretariat sees this on the publication "
    "page and can build it again."
)
NONE_TEXT = "No agenda pack has been built for this meeting."
NOT_PUBLISHED_TEXT = "Not available: the agenda has not been published yet."


def _public_pack(meeting, status):
    AgendaPack.objects.filter(meeting=meeting).delete()
    if status is not None:
        AgendaPack.objects.create(
            meeting=meeting,
            variant=AgendaPack.Variant.PUBLIC,
            status=status,
            file_name="meeting-x-public-y.pdf" if status == AgendaPack.Status.READY else "",
            built_at=timezone.now(),
            page_count=12,
            size=34_567,
        )


@pytest.mark.parametrize(
    ("status", "text", "polls"),
    [
        (AgendaPack.Status.QUEUED, BUILDING_TEXT, True),
        (AgendaPack.Status.BUILDING, BUILDING_TEXT, True),
        (AgendaPack.Status.FAILED, FAILED_TEXT, False),
        (None, NONE_TEXT, False),
    ],
)
def test_meeting_page_says_why_there_is_no_pack(client, world, status, text, polls):
    url = reverse("governance:public-meeting", args=[world.meeting.pk])
    pack_url = reverse("governance:public-pack-download", args=[world.meeting.pk])
    _public_pack(world.meeting, status)
    response = client.get(url)
    html = _text(response)
    assert gettext(text) in html
    assert pack_url not in html
    assert ('hx-select="#pack-download"' in html) == polls
    assert (f'hx-get="{url}"' in html) == polls
    # A page that polls must not be cached, or it would poll a stale copy for ever.
    assert ("public" in response["Cache-Control"]) != polls
    # The download answers the same: back to this page with the same sentence.
    response = client.get(pack_url, follow=True)
    assert response.redirect_chain == [(url, 302)]
    assert gettext(text) in [str(m) for m in response.context["messages"]]


def test_meeting_page_links_the_public_pack_when_it_is_ready(client, world):
    url = reverse("governance:public-meeting", args=[world.meeting.pk])
    pack_url = reverse("governance:public-pack-download", args=[world.meeting.pk])
    _public_pack(world.meeting, AgendaPack.Status.READY)
    response = client.get(url)
    html = _text(response)
    assert pack_url in html
    assert "12 pagina" in html
    assert "hx-select" not in html
    assert "public" in response["Cache-Control"]
    for text in (BUILDING_TEXT, FAILED_TEXT, NONE_TEXT, NOT_PUBLISHED_TEXT):
        assert gettext(text) not in html


def test_meeting_page_of_an_unpublished_agenda_offers_no_pack(client, world):
    # Rows left from an earlier publication do not count.
    _public_pack(world.meeting, AgendaPack.Status.READY)
    Meeting.objects.filter(pk=world.meeting.pk).update(agenda_published_at=None)
    url = reverse("governance:public-meeting", args=[world.meeting.pk])
    html = _text(client.get(url))
    assert gettext(NOT_PUBLISHED_TEXT) in html
    assert reverse("governance:public-pack-download", args=[world.meeting.pk]) not in html
    assert "hx-select" not in html
    pack_url = reverse("governance:public-pack-download", args=[world.meeting.pk])
    assert client.get(pack_url).status_code == 404


def _agenda(meeting, count, *, start):
    for n in range(count):
        item = AgendaItemFactory(
            meeting=meeting,
            order=start + n,
            number=str(start + n),
            **(CONFIDENTIAL if n % 3 == 0 else {}),
        )
        DocumentFactory(agenda_item=item)
        if n % 2:
            proposal = ProposalFactory()
            step = RouteStepFactory(proposal=proposal, body=meeting.body)
            AgendaItem.objects.filter(pk=item.pk).update(route_step=step)
            DocumentFactory(proposal=proposal)
        DecisionFactory(agenda_item=item)


def test_meeting_page_runs_a_fixed_number_of_queries(
    client, public_ab_meeting, secretary, django_assert_num_queries
):
    meeting = public_ab_meeting
    _agenda(meeting, 2, start=1)
    services.agenda_publish(actor=secretary, meeting=meeting)
    services.decisions_publish(actor=secretary, meeting=meeting)
    url = reverse("governance:public-meeting", args=[meeting.pk])
    # meeting, items, documents, decisions, pack
    with django_assert_num_queries(5) as few:
        client.get(url)
    _agenda(meeting, 30, start=10)
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(url)
    # 2 + 30 items, every third confidential; public ones have a document and odd ones
    # a proposal document too: 2 + 20 + 10 documents.
    assert _text(response).count("/openbaar/documenten/") == 32


# --- download -----------------------------------------------------------------------------


def test_download_serves_the_current_version_as_an_attachment_with_a_safe_name(client, world):
    document = world.budget_document
    DocumentVersionFactory(
        document=document,
        file=ContentFile(pdf_bytes(pages=2, text="Versie 2"), name="x.pdf"),
        original_name='../../"etc"/passwd;.pdf',
        page_count=2,
    )
    document.refresh_from_db()
    response = client.get(reverse("governance:public-document-download", args=[document.pk]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content)
    with document.current_version.file.open("rb") as stored:
        assert body == stored.read()
    assert document.current_version.number == 2
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="ontwerpbegroting-2027.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Length"] == str(len(body))
    assert "public" in response["Cache-Control"]


def test_download_is_404_for_every_document_that_is_not_public(client, world):
    for document in world.hidden_documents:
        url = reverse("governance:public-document-download", args=[document.pk])
        assert client.get(url).status_code == 404, document.title
    no_file = DocumentFactory(agenda_item=world.budget, title="Nog leeg", versions=0)
    url = reverse("governance:public-document-download", args=[no_file.pk])
    assert client.get(url).status_code == 404


def test_withdrawing_the_publication_takes_the_documents_off_the_portal(client, world, secretary):
    url = reverse("governance:public-document-download", args=[world.annex.pk])
    assert client.get(url).status_code == 200
    services.agenda_unpublish(actor=secretary, meeting=world.meeting, reason="Verkeerde bijlage")
    assert client.get(url).status_code == 404


# --- sitemap ------------------------------------------------------------------------------

NS = {
    "sm": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "diwoo": "https://standaarden.overheid.nl/diwoo/metadata/",
}


def test_woo_sitemap_lists_each_public_document_with_diwoo_metadata(client, world):
    response = client.get(reverse("governance:public-sitemap"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 - our own output
    assert root.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset"
    urls = {u.find("sm:loc", NS).text: u for u in root.findall("sm:url", NS)}
    expected = {
        "http://testserver" + reverse("governance:public-document-download", args=[d.pk]): d
        for d in world.public_documents
    }
    assert set(urls) == set(expected)
    for loc, document in expected.items():
        url = urls[loc]
        lastmod = dt.datetime.fromisoformat(url.find("sm:lastmod", NS).text)
        assert lastmod == document.current_version.uploaded_at
        diwoo = url.find("diwoo:Document/diwoo:DiWoo", NS)
        assert diwoo.find("diwoo:publisher", NS).text == "GR Hecht"
        title = diwoo.find("diwoo:titelcollectie/diwoo:officieleTitel", NS).text
        assert title == document.title
        assert diwoo.find("diwoo:creatiedatum", NS).text == (
            timezone.localtime(document.delivered_at).date().isoformat()
        )
        assert diwoo.find("diwoo:format", NS).text == "pdf"
        kinds = diwoo.findall(
            "diwoo:classificatiecollectie/diwoo:documentsoorten/diwoo:documentsoort", NS
        )
        assert [k.text for k in kinds] == [
            {"proposal": "voorstel", "annex": "bijlage"}[document.kind]
        ]
    categories = {
        loc: [
            c.text
            for c in url.findall(
                "diwoo:Document/diwoo:DiWoo/diwoo:classificatiecollectie/"
                "diwoo:informatiecategorieen/diwoo:informatiecategorie",
                NS,
            )
        ]
        for loc, url in urls.items()
    }
    by_document = {expected[loc].pk: value for loc, value in categories.items()}
    assert by_document[world.budget_document.pk] == ["vergaderstukken decentrale overheden"]
    assert by_document[world.db_document.pk] == ["agenda's en besluitenlijsten bestuurscolleges"]


# --- the leak test ------------------------------------------------------------------------


def _public_urls(world) -> list[str]:
    pks = [world.meeting.pk, world.db_meeting.pk, world.later.pk, world.closed.pk]
    urls = [
        reverse("governance:public-home"),
        reverse("governance:public-meetings"),
        reverse("governance:public-meetings") + "?jaar=2026",
        reverse("governance:public-meetings") + "?jaar=2027",
        reverse("governance:public-meetings") + "?jaar=2026&orgaan=AB&orgaan=DB",
        reverse("governance:public-sitemap"),
        reverse("governance:public-api-meetings"),
        reverse("governance:public-api-meetings") + "?jaar=2026&orgaan=AB",
        reverse("governance:public-api-meetings") + "?page_size=1&page=2",
        reverse("governance:public-api-agenda-items"),
        reverse("governance:public-api-documents"),
        reverse("governance:public-api-decisions"),
        reverse("governance:public-api-openapi"),
        reverse("governance:calendar-feed-public"),
    ]
    for pk in pks:
        urls += [
            reverse("governance:public-meeting", args=[pk]),
            reverse("governance:public-api-meeting", args=[pk]),
            reverse("governance:public-api-agenda-items") + f"?vergadering={pk}",
            reverse("governance:public-api-documents") + f"?vergadering={pk}",
            reverse("governance:public-api-decisions") + f"?vergadering={pk}",
        ]
    for words in SECRETS.values():
        for query in (words, words.split()[-1]):
            urls.append(reverse("governance:public-search") + "?" + urlencode({"q": query}))
    return urls


def test_nothing_confidential_or_unpublished_appears_on_any_public_endpoint(client, world):
    urls = _public_urls(world)
    assert len(urls) >= 40
    for url in urls:
        response = client.get(url)
        # Only the closed meeting's own page and API record are not found; its filtered
        # lists are simply empty.
        closed = url in (
            reverse("governance:public-meeting", args=[world.closed.pk]),
            reverse("governance:public-api-meeting", args=[world.closed.pk]),
        )
        assert response.status_code == (404 if closed else 200), url
        content = b"".join(response.streaming_content) if response.streaming else response.content
        text = content.decode()
        if response.resolver_match.url_name == "public-search":
            # The page repeats what was searched for; the results must be empty.
            assert response.context["page"].paginator.count == 0, url
            text = text.replace(response.context["query"], "")
        for key, secret in SECRETS.items():
            assert secret not in text, (url, key)
    for document in world.public_documents:
        url = reverse("governance:public-document-download", args=[document.pk])
        assert client.get(url).status_code == 200
    for document in world.hidden_documents:
        url = reverse("governance:public-document-download", args=[document.pk])
        assert client.get(url).status_code == 404


def test_search_finds_no_confidential_or_unpublished_text(client, world):
    for secret in SECRETS.values():
        response = client.get(reverse("governance:public-search"), {"q": secret})
        assert response.context["page"].paginator.count == 0, secret


def test_a_logged_in_member_sees_the_same_public_portal(client, world, ab_member):
    client.force_login(ab_member)
    html = _text(client.get(reverse("governance:public-meeting", args=[world.meeting.pk])))
    assert SECRETS["item_title"] not in html  # the portal never shows member-only data
    assert _placeholder("5.1.2e") in html


def test_the_body_filter_offers_only_bodies_with_meetings_on_the_portal(world, ab, db_body):
    BodyFactory(code="BAO", name="Bestuurlijk ambtelijk overleg")
    assert list(portal_bodies()) == [ab, db_body]
