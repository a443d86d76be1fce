"""Cover notes (opleggers): completion rules, distribution per municipality, pages."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from hypothesis import given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from governance import services
from governance.models import (
    CoverNote,
    DistributionKey,
    DistributionShare,
    Municipality,
    WooGround,
)
from governance.queries.documents import distribution_rows
from tests.factories import (
    BodyFactory,
    CoverNoteFactory,
    MunicipalityFactory,
    ProposalFactory,
    RouteStepFactory,
)

FULL_SOME = {
    "decision_points": "De begroting vast te stellen.\nDe gemeenten te informeren.",
    "financial": CoverNote.Financial.SOME,
    "amount": Decimal("250000.00"),
    "nature": CoverNote.Nature.STRUCTURAL,
    "budget_year_from": 2027,
    "budget_line": "Programma 2: Bedrijfsvoering",
    "distribution": CoverNote.Distribution.POPULATION,
}


@pytest.fixture
def proposal(ab, db_body):
    proposal = ProposalFactory(title="Begroting 2027")
    RouteStepFactory(proposal=proposal, body=db_body, position=1)
    RouteStepFactory(proposal=proposal, body=ab, position=2)
    return proposal


def _missing_message(cover_note, actor) -> str:
    with pytest.raises(ValidationError) as caught:
        services.cover_note_mark_complete(actor=actor, cover_note=cover_note)
    return " ".join(caught.value.messages)


# --- services ---------------------------------------------------------------------


def test_save_creates_then_changes_the_cover_note(manager, proposal):
    note = services.cover_note_save(actor=manager, proposal=proposal, introduction="Eerst.")
    again = services.cover_note_save(actor=manager, proposal=proposal, introduction="Daarna.")
    assert note.pk == again.pk
    assert CoverNote.objects.get().introduction == "Daarna."
    assert note.history.count() == 2
    assert note.history.first().history_user == manager


@pytest.mark.parametrize("actor", ["ab_member", "contact_official", "outsider"])
def test_save_requires_permission(request, actor, proposal):
    with pytest.raises(PermissionDenied):
        services.cover_note_save(actor=request.getfixturevalue(actor), proposal=proposal)


def test_unanswered_financial_section_is_refused(manager, proposal):
    note = services.cover_note_save(
        actor=manager, proposal=proposal, decision_points="Kennis te nemen."
    )
    message = _missing_message(note, manager)
    assert "de financiële paragraaf (zijn er financiële consequenties?)" in message  # Dutch
    assert "the decision points" not in message and "beslispunten" not in message
    note.refresh_from_db()
    assert not note.is_complete


def test_none_without_reason_is_refused(manager, proposal):
    note = services.cover_note_save(
        actor=manager,
        proposal=proposal,
        decision_points="Kennis te nemen.",
        financial=CoverNote.Financial.NONE,
    )
    assert _missing_message(note, manager)
    services.cover_note_save(
        actor=manager, proposal=proposal, no_financial_reason="Alleen ter kennisname."
    )
    note = services.cover_note_mark_complete(actor=manager, cover_note=note)
    assert note.is_complete


@pytest.mark.parametrize("left_out", ["amount", "nature", "budget_year_from", "budget_line"])
def test_some_needs_amount_nature_year_and_line(manager, proposal, left_out):
    fields = {**FULL_SOME, left_out: None if left_out in {"amount", "budget_year_from"} else ""}
    note = services.cover_note_save(actor=manager, proposal=proposal, **fields)
    with pytest.raises(ValidationError) as caught:
        services.cover_note_mark_complete(actor=manager, cover_note=note)
    assert len(caught.value.messages) == 1
    note.refresh_from_db()
    assert not note.is_complete


def test_all_missing_parts_are_named_at_once(manager, proposal, settings):
    note = services.cover_note_save(
        actor=manager, proposal=proposal, financial=CoverNote.Financial.SOME
    )
    from django.utils import translation

    with translation.override("en"):
        message = _missing_message(note, manager)
    for part in (
        "decision points",
        "the amount",
        "incidental or structural",
        "first budget year",
        "budget line",
    ):
        assert part in message


def test_key_distribution_needs_a_key(manager, proposal):
    note = services.cover_note_save(
        actor=manager, proposal=proposal, **{**FULL_SOME, "distribution": "key"}
    )
    assert _missing_message(note, manager)


def test_complete_then_reopen(manager, proposal):
    note = services.cover_note_save(actor=manager, proposal=proposal, **FULL_SOME)
    note = services.cover_note_mark_complete(actor=manager, cover_note=note)
    assert note.is_complete
    # A complete note may be changed, but not so that it becomes incomplete.
    services.cover_note_save(actor=manager, proposal=proposal, risks="Beperkt.")
    with pytest.raises(ValidationError):
        services.cover_note_save(actor=manager, proposal=proposal, budget_line="")
    note = services.cover_note_reopen(actor=manager, cover_note=note)
    assert not note.is_complete
    services.cover_note_save(actor=manager, proposal=proposal, budget_line="")
    reasons = list(note.history.values_list("history_change_reason", flat=True))
    assert len(reasons) == 5  # written, complete, changed, reopened, changed


def test_switching_to_none_clears_the_amounts(manager, proposal):
    services.cover_note_save(actor=manager, proposal=proposal, **FULL_SOME)
    note = services.cover_note_save(
        actor=manager,
        proposal=proposal,
        financial=CoverNote.Financial.NONE,
        no_financial_reason="Budgetneutraal.",
    )
    assert note.amount is None
    assert note.budget_line == ""


def test_mark_complete_requires_change_permission(ab_member, manager, proposal):
    note = services.cover_note_save(actor=manager, proposal=proposal, **FULL_SOME)
    with pytest.raises(PermissionDenied):
        services.cover_note_mark_complete(actor=ab_member, cover_note=note)
    with pytest.raises(PermissionDenied):
        services.cover_note_reopen(actor=ab_member, cover_note=note)


def test_budget_years_must_be_ordered(manager, proposal):
    with pytest.raises(ValidationError):
        services.cover_note_save(
            actor=manager, proposal=proposal, **{**FULL_SOME, "budget_year_to": 2026}
        )
    assert not CoverNote.objects.exists()


# --- distribution -----------------------------------------------------------------


def test_population_distribution_sums_exactly(leiden, gouda):
    note = CoverNoteFactory(**{**FULL_SOME, "amount": Decimal("1000.01")})
    result = distribution_rows(note)
    assert [row.municipality for row in result.rows] == [gouda, leiden]
    assert sum(row.amount for row in result.rows) == Decimal("1000.01")
    assert sum(row.share for row in result.rows) == pytest.approx(
        Decimal("100"), abs=Decimal("0.02")
    )
    assert result.per_year


def test_equal_distribution(leiden, gouda):
    note = CoverNoteFactory(
        **{**FULL_SOME, "amount": Decimal("-0.03"), "distribution": "equal", "nature": "incidental"}
    )
    result = distribution_rows(note)
    assert sorted(row.amount for row in result.rows) == [Decimal("-0.02"), Decimal("-0.01")]
    assert not result.per_year


def test_key_distribution_uses_the_weights(leiden, gouda):
    key = DistributionKey.objects.create(name="Bijdrage 2027")
    DistributionShare.objects.create(key=key, municipality=leiden, weight=Decimal("3"))
    DistributionShare.objects.create(key=key, municipality=gouda, weight=Decimal("1"))
    note = CoverNoteFactory(**{**FULL_SOME, "distribution": "key", "distribution_key": key})
    amounts = {row.municipality: row.amount for row in distribution_rows(note).rows}
    assert amounts == {leiden: Decimal("187500.00"), gouda: Decimal("62500.00")}


def test_zero_weight_key_gives_an_error_not_rows(leiden, gouda):
    key = DistributionKey.objects.create(name="Leeg")
    DistributionShare.objects.create(key=key, municipality=leiden, weight=0)
    note = CoverNoteFactory(**{**FULL_SOME, "distribution": "key", "distribution_key": key})
    result = distribution_rows(note)
    assert result.rows == []
    assert result.error


def test_no_distribution_without_amount(leiden):
    assert distribution_rows(CoverNoteFactory(financial="none")) is None
    assert distribution_rows(CoverNoteFactory(**{**FULL_SOME, "distribution": "none"})) is None


class TestDistributionWithRandomPopulations(HypothesisTestCase):
    @hypothesis_settings(max_examples=25, deadline=None)
    @given(
        amount=st.decimals(
            min_value=Decimal("-10000000"),
            max_value=Decimal("10000000"),
            places=2,
            allow_nan=False,
            allow_infinity=False,
        ),
        populations=st.lists(
            st.integers(min_value=1, max_value=2_000_000), min_size=1, max_size=18
        ),
    )
    def test_rows_sum_exactly_to_the_amount(self, amount, populations):
        for index, population in enumerate(populations):
            MunicipalityFactory(name=f"Gemeente {index}", population=population)
        note = CoverNoteFactory(**{**FULL_SOME, "amount": amount})
        rows = distribution_rows(note).rows
        assert len(rows) == Municipality.objects.count()
        assert sum(row.amount for row in rows) == amount


# --- pages ------------------------------------------------------------------------


def test_detail_renders_as_an_oplegger(client, secretary, proposal, leiden, gouda):
    services.cover_note_save(actor=secretary, proposal=proposal, **FULL_SOME)
    client.force_login(secretary)
    response = client.get(reverse("governance:covernote-detail", kwargs={"pk": proposal.pk}))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Algemeen Bestuur" in content  # the last step's body proposes
    assert "<li>De begroting vast te stellen.</li>" in content
    assert "<caption>" in content
    assert "Leiden" in content and "Gouda" in content
    assert "250.000,00" in content  # the total row


def test_mark_complete_and_reopen_through_the_page(client, manager, proposal):
    note = services.cover_note_save(actor=manager, proposal=proposal, decision_points="X.")
    client.force_login(manager)
    detail = reverse("governance:covernote-detail", kwargs={"pk": proposal.pk})
    complete = reverse("governance:covernote-complete", kwargs={"pk": proposal.pk})
    reopen = reverse("governance:covernote-reopen", kwargs={"pk": proposal.pk})
    response = client.post(complete, follow=True)
    assert response.redirect_chain == [(detail, 302)]
    note.refresh_from_db()
    assert not note.is_complete
    assert list(response.context["messages"])  # the refusal names what is missing
    services.cover_note_save(actor=manager, proposal=proposal, **FULL_SOME)
    html = client.get(detail).content.decode()
    assert f'action="{complete}"' in html and f'action="{reopen}"' not in html
    assert client.post(complete).status_code == 302
    note.refresh_from_db()
    assert note.is_complete
    html = client.get(detail).content.decode()
    assert f'action="{reopen}"' in html and f'action="{complete}"' not in html
    assert client.post(reopen).status_code == 302
    note.refresh_from_db()
    assert not note.is_complete
    assert client.post(detail).status_code == 405  # one verb per URL
    assert client.get(complete).status_code == 405


def test_edit_page_groups_the_financial_fields(client, manager, proposal):
    client.force_login(manager)
    url = reverse("governance:covernote-edit", kwargs={"pk": proposal.pk})
    content = client.get(url).content.decode()
    legends = re.findall(r"<legend[^>]*>([^<]*)</legend>", content)
    # The financial section, then its radio groups (the first says whether there are any).
    assert legends == [
        "Financiële consequenties",
        "Financiële consequenties",
        "Incidenteel of structureel",
        "Effect per gemeente",
    ]
    assert 'type="radio" name="financial"' in content
    response = client.post(
        url,
        {
            "decision_points": "Vast te stellen.",
            "introduction": "",
            "financial": "some",
            "amount": "1200.50",
            "nature": "incidental",
            "budget_year_from": "2027",
            "budget_line": "Programma 1",
            "distribution": "equal",
        },
    )
    assert response.status_code == 302
    note = CoverNote.objects.get(proposal=proposal)
    assert note.amount == Decimal("1200.50")


def test_edit_page_shows_service_errors(client, manager, proposal):
    client.force_login(manager)
    url = reverse("governance:covernote-edit", kwargs={"pk": proposal.pk})
    response = client.post(
        url,
        {
            "financial": "some",
            "distribution": "equal",
            "budget_year_from": "2028",
            "budget_year_to": "2027",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not CoverNote.objects.exists()


def test_confidential_proposal_cover_note_is_hidden_from_outsiders(client, outsider, ac_member):
    ab = BodyFactory(code="AB2", name="Ander bestuur")
    proposal = ProposalFactory(confidentiality="confidential", woo_ground=WooGround.ECONOMIC)
    RouteStepFactory(proposal=proposal, body=ab)
    CoverNoteFactory(proposal=proposal)
    for user in (outsider, ac_member):
        client.force_login(user)
        url = reverse("governance:covernote-detail", kwargs={"pk": proposal.pk})
        assert client.get(url).status_code == 404
