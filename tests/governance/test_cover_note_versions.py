"""Version comparison of a cover note: the query and the page."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from governance import services
from governance.models import CoverNote, DistributionKey, WooGround
from governance.queries.cover_notes import compare, cover_note_versions, default_pair
from governance.services.cover_notes import COVER_NOTE_FIELDS
from governance.textdiff import Segment
from tests.factories import BodyFactory, CoverNoteFactory, ProposalFactory, RouteStepFactory


@pytest.fixture
def proposal(ab):
    proposal = ProposalFactory(title="Begroting 2027")
    RouteStepFactory(proposal=proposal, body=ab, position=1)
    return proposal


def _url(proposal, **query) -> str:
    url = reverse("governance:covernote-versions", kwargs={"pk": proposal.pk})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return url


def _two_versions(manager, proposal):
    services.cover_note_save(
        actor=manager,
        proposal=proposal,
        decision_points="De begroting vast te stellen.",
        introduction="Het bestuur besluit vandaag.\n\nTweede alinea.",
    )
    return services.cover_note_save(
        actor=manager,
        proposal=proposal,
        introduction="Het bestuur besluit morgen.\n\nTweede alinea.",
        risks="Geen.",
    )


# --- the query --------------------------------------------------------------------


def test_versies_nieuwste_eerst_met_auteur_en_reden(manager, proposal):
    note = _two_versions(manager, proposal)
    versions = cover_note_versions(note)
    assert [version.introduction[:26] for version in versions] == [
        "Het bestuur besluit morgen",
        "Het bestuur besluit vandaa",
    ]
    assert [version.history_change_reason for version in versions] == [
        "Oplegger gewijzigd",
        "Oplegger opgesteld",
    ]
    assert {version.history_user for version in versions} == {manager}
    assert default_pair(versions) == (versions[1].history_id, versions[0].history_id)
    assert default_pair(versions[:1]) is None


def test_vergelijking_per_veld_met_woorddiff(manager, proposal):
    note = _two_versions(manager, proposal)
    versions = cover_note_versions(note)
    comparison = compare(versions, versions[1].history_id, versions[0].history_id)
    assert (comparison.old_number, comparison.new_number) == (1, 2)
    assert [field.name for field in comparison.fields] == list(COVER_NOTE_FIELDS)
    assert [field.name for field in comparison.changed] == ["introduction", "risks"]
    introduction, risks = comparison.changed
    assert introduction.label == "inleiding"
    assert introduction.segments == [
        Segment("equal", "Het bestuur besluit "),
        Segment("delete", "vandaag"),
        Segment("insert", "morgen"),
        Segment("equal", ".\n\nTweede alinea."),
    ]
    assert [s.kind for s in introduction.old_segments] == ["equal", "delete", "equal"]
    assert [s.kind for s in introduction.new_segments] == ["equal", "insert", "equal"]
    assert (risks.old, risks.new) == ("", "Geen.")
    assert risks.segments == [Segment("insert", "Geen.")]
    assert "decision_points" in [field.name for field in comparison.unchanged]


def test_keuzes_bedragen_en_verdeelsleutels_staan_zoals_op_de_oplegger(manager, proposal):
    key = DistributionKey.objects.create(name="Bijdragesleutel 2027")
    services.cover_note_save(actor=manager, proposal=proposal, decision_points="X.")
    note = services.cover_note_save(
        actor=manager,
        proposal=proposal,
        financial=CoverNote.Financial.SOME,
        amount=Decimal("1234567.50"),
        nature=CoverNote.Nature.STRUCTURAL,
        budget_year_from=2027,
        distribution=CoverNote.Distribution.KEY,
        distribution_key=key,
    )
    versions = cover_note_versions(note)
    comparison = compare(versions, versions[1].history_id, versions[0].history_id)
    shown = {field.name: (field.old, field.new) for field in comparison.changed}
    assert shown["financial"] == ("Nog niet ingevuld", "Financiële consequenties")
    assert shown["amount"] == ("", "€ 1.234.567,50")
    assert shown["nature"] == ("", "Structureel")
    assert shown["budget_year_from"] == ("", "2027")
    assert shown["distribution_key"] == ("", "Bijdragesleutel 2027")


def test_versies_van_een_andere_oplegger_geven_niets(manager, proposal):
    note = _two_versions(manager, proposal)
    other = CoverNoteFactory()
    versions = cover_note_versions(note)
    foreign = other.history.get().history_id
    assert compare(versions, foreign, versions[0].history_id) is None
    assert compare(versions, versions[0].history_id, foreign) is None


@pytest.mark.parametrize("count", [2, 10])
def test_vaste_aantallen_queries_hoeveel_versies_ook(
    count, manager, proposal, django_assert_num_queries
):
    key = DistributionKey.objects.create(name="Sleutel")
    for number in range(count):
        services.cover_note_save(
            actor=manager,
            proposal=proposal,
            introduction=f"Versie {number}.",
            financial=CoverNote.Financial.SOME,
            distribution=CoverNote.Distribution.KEY,
            distribution_key=key,
        )
    note = CoverNote.objects.get()
    with django_assert_num_queries(2):  # the versions with authors; the key names
        versions = cover_note_versions(note)
        comparison = compare(versions, versions[-1].history_id, versions[0].history_id)
    assert len(versions) == count
    assert [field.name for field in comparison.changed] == ["introduction"]


# --- the page ---------------------------------------------------------------------


def test_de_pagina_markeert_verwijderde_en_toegevoegde_woorden(client, manager, proposal):
    _two_versions(manager, proposal)
    client.force_login(manager)
    response = client.get(_url(proposal))
    content = response.content.decode()
    assert response.status_code == 200
    assert re.search(
        r'<del class="hecht-diff__deleted"><span class="hecht-visually-hidden">verwijderd: '
        r"</span>vandaag</del>",
        content,
    )
    assert re.search(
        r'<ins class="hecht-diff__inserted"><span class="hecht-visually-hidden">toegevoegd: '
        r"</span>morgen</ins>",
        content,
    )
    assert "Versie 1 vergeleken met versie 2" in content
    assert content.count('type="radio"') == 4  # two versions, chosen as old and as new
    assert "Inleiding" in content and "Risico" in content


def test_de_keuze_van_versies_volgt_de_parameters(client, manager, proposal):
    note = _two_versions(manager, proposal)
    newest, oldest = cover_note_versions(note)
    client.force_login(manager)
    response = client.get(_url(proposal, van=newest.history_id, naar=oldest.history_id))
    assert response.status_code == 200
    comparison = response.context["comparison"]
    assert (comparison.old_number, comparison.new_number) == (2, 1)
    content = response.content.decode()
    assert "toegevoegd: </span>vandaag" in content
    same = client.get(_url(proposal, van=newest.history_id, naar=newest.history_id))
    assert "Deze versies verschillen niet." in same.content.decode()


def test_een_versie_is_niets_om_te_vergelijken(client, manager, proposal):
    note = services.cover_note_save(actor=manager, proposal=proposal, decision_points="X.")
    client.force_login(manager)
    response = client.get(_url(proposal))
    assert response.status_code == 200
    assert "nog niets om te vergelijken" in response.content.decode()
    detail = client.get(reverse("governance:covernote-detail", kwargs={"pk": proposal.pk}))
    assert _url(proposal) not in detail.content.decode()
    own = note.history.get().history_id
    assert client.get(_url(proposal, van=own)).status_code == 200
    assert client.get(_url(proposal, van=own + 1000)).status_code == 404


def test_de_oplegger_linkt_naar_de_versies_vanaf_twee(client, manager, proposal):
    _two_versions(manager, proposal)
    client.force_login(manager)
    detail = client.get(reverse("governance:covernote-detail", kwargs={"pk": proposal.pk}))
    assert _url(proposal) in detail.content.decode()
    assert "Vergelijk de 2 versies" in detail.content.decode()


def test_versies_van_een_andere_oplegger_zijn_404(client, manager, proposal):
    note = _two_versions(manager, proposal)
    foreign = CoverNoteFactory().history.get().history_id
    own = note.history.first().history_id
    client.force_login(manager)
    assert client.get(_url(proposal, van=foreign)).status_code == 404
    assert client.get(_url(proposal, naar=foreign)).status_code == 404
    assert client.get(_url(proposal, van=own, naar=foreign)).status_code == 404


@pytest.mark.parametrize("bad", ["abc", "-1", "0", "1.5", "٣", "9" * 30])
def test_onzinparameters_geven_400_geen_500(client, manager, proposal, bad):
    _two_versions(manager, proposal)
    client.force_login(manager)
    assert client.get(_url(proposal, van=bad)).status_code == 400
    assert client.get(_url(proposal, naar=bad)).status_code == 400


def test_zonder_oplegger_404(client, manager, proposal):
    client.force_login(manager)
    assert client.get(_url(proposal)).status_code == 404


def test_alleen_lezen(client, manager, proposal):
    _two_versions(manager, proposal)
    client.force_login(manager)
    assert client.post(_url(proposal)).status_code == 405


def test_vertrouwelijke_oplegger_blijft_verborgen_voor_buitenstaanders(
    client, outsider, ac_member, manager
):
    ab = BodyFactory(code="AB2", name="Ander bestuur")
    proposal = ProposalFactory(confidentiality="confidential", woo_ground=WooGround.ECONOMIC)
    RouteStepFactory(proposal=proposal, body=ab)
    _two_versions(manager, proposal)
    for user in (outsider, ac_member):
        client.force_login(user)
        assert client.get(_url(proposal)).status_code == 404
    client.force_login(manager)
    assert client.get(_url(proposal)).status_code == 200
