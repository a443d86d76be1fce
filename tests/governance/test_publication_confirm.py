"""Publishing an agenda asks for confirmation and warns first (missing documents,
incomplete cover notes, confidential documents of public items); moving a meeting whose
agenda is published warns that the packs are rebuilt and calendar subscribers updated."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from governance.models import AgendaPack, Confidentiality, Meeting, WooGround
from governance.queries.publication import agenda_publication_warnings
from tests.factories import (
    AgendaItemFactory,
    CoverNoteFactory,
    DocumentFactory,
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


def test_de_waarschuwingen_noemen_elk_punt_en_wat_er_mist(troubled, ready, secretary):
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


def test_een_vertrouwelijk_punt_heeft_zijn_woo_grond_en_geeft_geen_waarschuwing(
    public_ab_meeting, secretary
):
    item = AgendaItemFactory(
        meeting=public_ab_meeting,
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.ECONOMIC,
    )
    DocumentFactory(agenda_item=item, is_confidential=True)
    assert agenda_publication_warnings(public_ab_meeting, secretary) == []


def test_publiceren_gaat_via_een_bevestigingspagina_met_de_waarschuwingen(
    client, troubled, secretary
):
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


def test_zonder_bevestiging_wordt_niet_gepubliceerd(client, troubled, secretary):
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


def test_met_bevestiging_wordt_ook_met_waarschuwingen_gepubliceerd(client, troubled, secretary):
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


def test_zonder_waarschuwingen_zegt_de_bevestiging_dat_alles_klaar_is(client, ready, secretary):
    client.force_login(secretary)
    html = client.get(_confirm_url(ready.meeting)).content.decode()
    assert "Elk agendapunt heeft zijn stukken en elke oplegger is compleet." in html
    assert "Controleer eerst" not in html


def test_de_bevestigingspagina_doet_een_vast_aantal_queries(
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


def test_verplaatsen_van_een_gepubliceerde_vergadering_vraagt_eerst_bevestiging(
    client, published, secretary, django_capture_on_commit_callbacks
):
    client.force_login(secretary)
    url = reverse("governance:meeting-edit", kwargs={"pk": published.pk})
    later = timezone.localtime(published.starts_at) + dt.timedelta(days=7)
    data = _form_data(published, starts_at=later.strftime("%Y-%m-%dT%H:%M"))
    warned = client.post(url, data)
    assert warned.status_code == 200
    html = warned.content.decode()
    assert "worden de agendapakketten opnieuw gemaakt en krijgen agenda-abonnees" in html
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


def test_andere_wijzigingen_en_ongepubliceerde_vergaderingen_vragen_geen_bevestiging(
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
