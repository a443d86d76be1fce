"""Publishing an agenda asks for confirmation and warns first (missing documents,
incomplete cover notes, confidential documents of public items), so does publishing a
decision list (items for decision without a decision); moving a meeting whose
agenda is published warns that the packs are rebuilt and calendar subscribers updated."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import AgendaItem, AgendaPack, Confidentiality, Meeting, WooGround
from governance.queries.publication import (
    agenda_publication_warnings,
    decision_publication_warnings,
)
from tests.factories import (
    AgendaItemFactory,
    CoverNoteFactory,
    DecisionFactory,
    DocumentFactory,
    MeetingFactory,
    ProposalFactory,
    RouteStepFactory,
)


def _confirm_url(meeting):
    return reverse("governance:meeting-publish-agenda", kwargs={"pk": meeting.pk})


@pytest.fixture
def ready(public_ab_meeting):
    """An item with its documents and a complete cover note: nothing to warn about."""
    proposal = ProposalFactory(title="Begroting 2027")
    CoverNoteFactory(proposal=proposal, financial="none", is_complete=True)
    DocumentFactory(proposal=proposal, title="Ontwerpbegroting")
    step = RouteStepFactory(proposal=proposal, body=public_ab_meeting.body)
    return AgendaItemFactory(meeting=public_ab_meeting, route_step=step, title="Begroting 2027")


@pytest.fixture
def troubled(public_ab_meeting):
    """Items with each thing the confirmation warns about."""
    bare = AgendaItemFactory(meeting=public_ab_meeting, title="Jaarstukken 2026")
    proposal = ProposalFactory(title="Herstelplan")
    CoverNoteFactory(proposal=proposal)  # not complete
    DocumentFactory(proposal=proposal, title="Herstelplan eigen vermogen")
    step = RouteStepFactory(proposal=proposal, body=public_ab_meeting.body)
    draft = AgendaItemFactory(meeting=public_ab_meeting, route_step=step, title="Herstelplan")
    withheld = AgendaItemFactory(meeting=public_ab_meeting, title="Huisvesting")
    DocumentFactory(agenda_item=withheld, title="Taxatierapport pand", is_confidential=True)
    return {"bare": bare, "draft": draft, "withheld": withheld}


def test_the_warnings_name_each_item_and_what_is_missing(troubled, ready, secretary):
    warnings = agenda_publication_warnings(troubled["bare"].meeting, secretary)
    by_item = {(w.item.pk, w.text) for w in warnings}
    assert by_item == {
        (troubled["bare"].pk, "Er zijn geen stukken aangeleverd."),
        (troubled["draft"].pk, "De oplegger van het voorstel is niet compleet."),
        (
            troubled["withheld"].pk,
            "Het stuk “Taxatierapport pand” is vertrouwelijk, maar het agendapunt is openbaar: "
            "er is geen Woo-grond vastgelegd om het stuk niet openbaar te maken.",
        ),
    }


def test_a_confidential_item_has_its_woo_ground_and_gives_no_warning(public_ab_meeting, secretary):
    item = AgendaItemFactory(
        meeting=public_ab_meeting,
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.ECONOMIC,
    )
    DocumentFactory(agenda_item=item, is_confidential=True)
    assert agenda_publication_warnings(public_ab_meeting, secretary) == []


def test_publishing_goes_through_a_confirmation_page_with_the_warnings(client, troubled, secretary):
    meeting = troubled["bare"].meeting
    client.force_login(secretary)
    page = client.get(reverse("governance:meeting-publication", kwargs={"pk": meeting.pk}))
    assert f'href="{_confirm_url(meeting)}"' in page.content.decode()
    confirm = client.get(_confirm_url(meeting))
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert "Controleer eerst 3 punten" in html
    for item in troubled.values():
        link = reverse("governance:agenda-item-detail", kwargs={"pk": item.pk})
        assert f'href="{link}"' in html
    assert 'name="confirm" value="yes"' in html
    assert "Ja, publiceren" in html
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is None  # looking publishes nothing


def test_without_confirmation_nothing_is_published(client, troubled, secretary):
    meeting = troubled["bare"].meeting
    client.force_login(secretary)
    response = client.post(_confirm_url(meeting))
    assert response.status_code == 400
    assert "Bevestig dat de agenda gepubliceerd moet worden." in response.content.decode()
    response = client.post(_confirm_url(meeting), {"confirm": "ja graag"})
    assert response.status_code == 400
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is None
    assert not AgendaPack.objects.exists()


def test_with_confirmation_it_is_published_despite_warnings(client, troubled, secretary):
    meeting = troubled["bare"].meeting
    client.force_login(secretary)
    response = client.post(_confirm_url(meeting), {"confirm": "yes"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is not None
    # Once published, the confirmation page sends back to the publication page.
    again = client.get(_confirm_url(meeting))
    assert again.status_code == 302
    assert again["Location"] == reverse("governance:meeting-publication", kwargs={"pk": meeting.pk})


def test_without_warnings_the_confirmation_says_all_is_ready(client, ready, secretary):
    client.force_login(secretary)
    html = client.get(_confirm_url(ready.meeting)).content.decode()
    assert "Elk agendapunt heeft zijn stukken en elke oplegger is compleet." in html
    assert "Controleer eerst" not in html


def test_the_confirmation_page_makes_a_fixed_number_of_queries(
    client, public_ab_meeting, secretary, django_assert_max_num_queries
):
    client.force_login(secretary)

    def add_items():
        for _n in range(3):
            proposal = ProposalFactory()
            CoverNoteFactory(proposal=proposal)
            step = RouteStepFactory(proposal=proposal, body=public_ab_meeting.body)
            AgendaItemFactory(meeting=public_ab_meeting, route_step=step)
            withheld = AgendaItemFactory(meeting=public_ab_meeting)
            DocumentFactory(agenda_item=withheld, is_confidential=True)

    add_items()
    with django_assert_max_num_queries(30) as few:
        client.get(_confirm_url(public_ab_meeting))
    add_items()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(_confirm_url(public_ab_meeting))


# --- moving a meeting whose agenda is published ---------------------------------------


def _form_data(meeting: Meeting, **changes) -> dict[str, str]:
    local = timezone.localtime
    data = {
        "body": str(meeting.body_id),
        "kind": meeting.kind,
        "title": meeting.title,
        "starts_at": local(meeting.starts_at).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": "",
        "response_deadline": "",
        "location": meeting.location,
        "notes": meeting.notes,
        "status": meeting.status,
    }
    if meeting.is_public:
        data["is_public"] = "on"
    data.update(changes)
    return data


@pytest.fixture
def published(public_ab_meeting):
    AgendaItemFactory(meeting=public_ab_meeting)
    public_ab_meeting.agenda_published_at = timezone.now()
    public_ab_meeting.save()
    return public_ab_meeting


def test_moving_a_published_meeting_asks_for_confirmation_first(
    client, published, secretary, django_capture_on_commit_callbacks
):
    client.force_login(secretary)
    url = reverse("governance:meeting-edit", kwargs={"pk": published.pk})
    later = timezone.localtime(published.starts_at) + dt.timedelta(days=7)
    data = _form_data(published, starts_at=later.strftime("%Y-%m-%dT%H:%M"))
    warned = client.post(url, data)
    assert warned.status_code == 200
    html = warned.content.decode()
    assert "worden de vergaderboeken opnieuw samengesteld en krijgen agenda-abonnees" in html
    assert 'name="confirm_move" value="yes"' in html
    published.refresh_from_db()
    assert published.starts_at != later  # not saved yet
    assert published.calendar_sequence == 0

    with django_capture_on_commit_callbacks(execute=False):
        saved = client.post(url, {**data, "confirm_move": "yes"})
    assert saved.status_code == 302
    published.refresh_from_db()
    assert published.starts_at == later
    assert published.calendar_sequence == 1  # calendar subscribers get the change
    assert AgendaPack.objects.filter(meeting=published).count() == 2  # packs rebuilt


def test_other_changes_and_unpublished_meetings_ask_no_confirmation(
    client, published, closed_ab_meeting, secretary
):
    client.force_login(secretary)
    url = reverse("governance:meeting-edit", kwargs={"pk": published.pk})
    response = client.post(url, _form_data(published, notes="Koffie vanaf 13.30 uur"))
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.notes == "Koffie vanaf 13.30 uur"

    later = timezone.localtime(closed_ab_meeting.starts_at) + dt.timedelta(days=7)
    url = reverse("governance:meeting-edit", kwargs={"pk": closed_ab_meeting.pk})
    data = _form_data(closed_ab_meeting, starts_at=later.strftime("%Y-%m-%dT%H:%M"))
    assert client.post(url, data).status_code == 302
    closed_ab_meeting.refresh_from_db()
    assert closed_ab_meeting.starts_at == later


def _decisions_url(meeting):
    return reverse("governance:meeting-publish-decisions", kwargs={"pk": meeting.pk})


def test_publishing_the_decision_list_asks_first_and_names_undecided_items(
    client, public_ab_meeting, secretary
):
    decided = AgendaItemFactory(meeting=public_ab_meeting, title="Begroting 2027")
    DecisionFactory(agenda_item=decided)
    open_item = AgendaItemFactory(
        meeting=public_ab_meeting, title="Jaarstukken 2026", kind=AgendaItem.Kind.DECISION
    )
    AgendaItemFactory(meeting=public_ab_meeting, title="Rondvraag", kind=AgendaItem.Kind.FORMAL)
    warnings = decision_publication_warnings(public_ab_meeting)
    assert [(w.item, w.text) for w in warnings] == [
        (open_item, "Het agendapunt is ter besluitvorming, maar er is geen besluit vastgelegd.")
    ]
    client.force_login(secretary)
    page = client.get(
        reverse("governance:meeting-publication", kwargs={"pk": public_ab_meeting.pk})
    )
    assert f'href="{_decisions_url(public_ab_meeting)}"' in page.content.decode()
    html = client.get(_decisions_url(public_ab_meeting)).content.decode()
    assert "Besluitenlijst publiceren?" in html and "Controleer eerst 1 punt" in html
    link = reverse("governance:agenda-item-detail", kwargs={"pk": open_item.pk})
    assert f'href="{link}"' in html
    # Without the confirmation nothing is published; with it, it is (warnings or not).
    assert client.post(_decisions_url(public_ab_meeting)).status_code == 400
    public_ab_meeting.refresh_from_db()
    assert public_ab_meeting.decisions_published_at is None
    response = client.post(_decisions_url(public_ab_meeting), {"confirm": "yes"})
    assert response.status_code == 302
    public_ab_meeting.refresh_from_db()
    assert public_ab_meeting.decisions_published_at is not None
    assert client.get(_decisions_url(public_ab_meeting)).status_code == 302


def test_a_decision_list_without_open_items_says_so(client, public_ab_meeting, secretary):
    DecisionFactory(agenda_item__meeting=public_ab_meeting)
    client.force_login(secretary)
    html = client.get(_decisions_url(public_ab_meeting)).content.decode()
    assert "Elk agendapunt ter besluitvorming heeft zijn besluit." in html
    assert "Controleer eerst" not in html


def test_publishing_that_cannot_succeed_is_not_offered(client, secretary, ab):
    """An empty agenda, or a decision list without decisions: the pages say why and offer
    no button (the service refuses a forged POST with the same words)."""
    empty = MeetingFactory(body=ab)
    client.force_login(secretary)
    publication = client.get(reverse("governance:meeting-publication", kwargs={"pk": empty.pk}))
    html = publication.content.decode()
    assert "De agenda is leeg; voeg eerst agendapunten toe." in html
    assert f'href="{_confirm_url(empty)}"' not in html
    assert f'href="{_decisions_url(empty)}"' not in html
    for url in (_confirm_url(empty), _decisions_url(empty)):
        page = client.get(url).content.decode()
        assert "Ja, publiceren" not in page and 'name="confirm"' not in page, url
    assert (
        "Er zijn nog geen besluiten om te publiceren."
        in client.get(_decisions_url(empty)).content.decode()
    )
    forged = client.post(_confirm_url(empty), {"confirm": "yes"}, follow=True)
    assert "De agenda is leeg" in forged.content.decode()
    empty.refresh_from_db()
    assert empty.agenda_published_at is None
