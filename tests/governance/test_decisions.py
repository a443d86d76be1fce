"""Recording decisions with weighted votes (``services.decision_record``) and the
pages around them: agenda item, decision form, decision list (besluitenlijst)."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from governance import services
from governance.models import (
    Body,
    Confidentiality,
    Decision,
    Meeting,
    Membership,
    Proposal,
    RouteStep,
    StepPurpose,
    Vote,
    WooGround,
)
from governance.roles import BOARD_MEMBER
from tests.factories import (
    TZ,
    AgendaItemFactory,
    DecisionFactory,
    DocumentFactory,
    MeetingFactory,
    MembershipFactory,
    ProposalFactory,
    RouteStepFactory,
    UserFactory,
)

Outcome = Decision.Outcome


@pytest.fixture(autouse=True)
def english(client):
    """Messages, history reasons and pages in English, so the assertions do not
    depend on the Dutch catalogue."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def leiden_member(ab, leiden):
    user = UserFactory(username="ab-leiden", roles=[BOARD_MEMBER], municipality=leiden)
    MembershipFactory(user=user, body=ab, municipality=leiden, role=Membership.Role.CHAIR)
    return user


@pytest.fixture
def past_meeting(ab):
    """A public AB meeting of 2025 whose agenda and decision list are published, so that
    outsiders read its public items and decisions."""
    published = dt.datetime(2025, 2, 19, 12, tzinfo=TZ)
    return MeetingFactory(
        body=ab,
        is_public=True,
        starts_at=dt.datetime(2025, 3, 5, 14, tzinfo=TZ),
        agenda_published_at=published,
        decisions_published_at=published,
    )


@pytest.fixture
def item(past_meeting):
    return AgendaItemFactory(meeting=past_meeting, title="Begroting 2026")


@pytest.fixture
def population_ab(ab):
    ab.weighting = Body.Weighting.POPULATION
    ab.save()
    return ab


# --- services -----------------------------------------------------------------------


def test_votes_store_a_snapshot_of_the_population_weight(
    secretary, item, population_ab, ab_member, leiden_member, leiden
):
    decision = services.decision_record(
        actor=secretary,
        item=item,
        outcome=Outcome.ADOPTED,
        text="Conform besloten.",
        votes=[(leiden_member, "for"), (ab_member, "against")],
    )
    votes = {v.voter: v for v in decision.votes.select_related("municipality")}
    assert votes[leiden_member].weight == Decimal(127_400)
    assert votes[leiden_member].municipality == leiden
    assert votes[ab_member].weight == Decimal(75_500)
    assert decision.votes_recorded
    leiden.population = 130_000
    leiden.save()
    assert Vote.objects.get(voter=leiden_member).weight == Decimal(127_400)


@pytest.mark.parametrize(
    ("language", "adopted", "rejected"),
    [
        (
            "nl",
            "Volgens de stemmen is het punt verworpen (75.500 voor, 127.400 tegen)",
            "Volgens de stemmen is het punt aangenomen (127.400 voor, 75.500 tegen)",
        ),
        (
            "en",
            "According to the votes the item is rejected (75,500 for, 127,400 against)",
            "According to the votes the item is adopted (127,400 for, 75,500 against)",
        ),
    ],
)
def test_a_refused_outcome_names_the_population_weights_in_the_languages_notation(
    secretary, item, population_ab, ab_member, leiden_member, language, adopted, rejected
):
    """Population weights are whole numbers that Decimal.normalize() turns into
    "1.274E+5"; the message groups them the way the language writes numbers."""
    cases = [
        (Outcome.ADOPTED, "against", "for", adopted),
        (Outcome.REJECTED, "for", "against", rejected),
    ]
    with translation.override(language):
        for outcome, leiden_vote, gouda_vote, says in cases:
            with pytest.raises(ValidationError) as refused:
                services.decision_record(
                    actor=secretary,
                    item=item,
                    outcome=outcome,
                    text="Conform besloten.",
                    votes=[(leiden_member, leiden_vote), (ab_member, gouda_vote)],
                )
            (message,) = refused.value.message_dict["outcome"]
            assert message.startswith(says)
            assert not re.search(r"\dE[+-]?\d", message)
    assert not Decision.objects.exists()


def test_the_tally_shown_later_is_the_one_counted_on_the_day(
    secretary, item, population_ab, ab_member, leiden_member, leiden
):
    """Populations and the body's rules may change after a vote; the recorded decision
    keeps the total weight and rule it was counted under."""
    from governance.queries.decisions import item_decision

    decision = services.decision_record(
        actor=secretary,
        item=item,
        outcome=Outcome.ADOPTED,
        text="Conform besloten.",
        votes=[(leiden_member, "for"), (ab_member, "against")],
    )
    assert decision.weight_total == Decimal(127_400 + 75_500)
    before = item_decision(item, secretary).summary.result
    leiden.population = 10_000
    leiden.save()
    population_ab.quorum_percent = Decimal("99")
    population_ab.save()
    item.refresh_from_db()
    after = item_decision(item, secretary).summary.result
    assert after == before
    assert after.adopted and after.quorum_met


def test_fixed_weights_come_from_the_membership(secretary, item, ab, ab_member, leiden_member):
    ab.weighting = Body.Weighting.FIXED
    ab.save()
    Membership.objects.filter(user=ab_member).update(vote_weight=Decimal("3"))
    Membership.objects.filter(user=leiden_member).update(vote_weight=Decimal("2"))
    decision = services.decision_record(
        actor=secretary,
        item=item,
        outcome=Outcome.ADOPTED,
        text="Besloten.",
        votes=[(ab_member, "for"), (leiden_member, "against")],
    )
    assert sorted(decision.votes.values_list("weight", flat=True)) == [Decimal(2), Decimal(3)]


def test_a_voter_without_a_seat_is_refused(secretary, item, ab_member, outsider):
    with pytest.raises(ValidationError, match="has no vote in the AB"):
        services.decision_record(
            actor=secretary,
            item=item,
            outcome=Outcome.ADOPTED,
            text="Besloten.",
            votes=[(ab_member, "for"), (outsider, "for")],
        )
    assert not Decision.objects.exists()


def test_a_membership_that_ended_before_the_meeting_gives_no_vote(secretary, item, ab_member):
    Membership.objects.filter(user=ab_member).update(end_date=dt.date(2024, 12, 31))
    with pytest.raises(ValidationError, match="has no vote in the AB"):
        services.decision_record(
            actor=secretary,
            item=item,
            outcome=Outcome.ADOPTED,
            text="x",
            votes=[(ab_member, "for")],
        )


def test_an_advisor_has_no_vote(secretary, item, ab, leiden_member):
    advisor = UserFactory(username="adviseur")
    MembershipFactory(user=advisor, body=ab, role=Membership.Role.ADVISOR)
    with pytest.raises(ValidationError, match="has no vote in the AB"):
        services.decision_record(
            actor=secretary,
            item=item,
            outcome=Outcome.ADOPTED,
            text="x",
            votes=[(leiden_member, "for"), (advisor, "for")],
        )


def test_an_outcome_that_contradicts_the_votes_is_refused_and_nothing_is_saved(
    secretary, item, ab_member, leiden_member
):
    with pytest.raises(ValidationError, match=r"tied \(1 for, 1 against\) in a full meeting"):
        services.decision_record(
            actor=secretary,
            item=item,
            outcome=Outcome.ADOPTED,
            text="Aangenomen.",
            votes=[(ab_member, "for"), (leiden_member, "against")],  # a tie
        )
    with pytest.raises(ValidationError, match="cannot be recorded as rejected"):
        services.decision_record(
            actor=secretary,
            item=item,
            outcome=Outcome.REJECTED,
            text="Verworpen.",
            votes=[(ab_member, "for"), (leiden_member, "for")],
        )
    assert not Decision.objects.exists()
    assert not Vote.objects.exists()
    assert not Decision.history.exists()


def test_without_a_quorum_nothing_is_adopted(secretary, item, ab, ab_member, leiden_member):
    third = UserFactory(username="ab-derde")
    MembershipFactory(user=third, body=ab)
    with pytest.raises(ValidationError, match="quorum"):
        services.decision_record(
            actor=secretary,
            item=item,
            outcome=Outcome.ADOPTED,
            text="x",
            votes=[(ab_member, "for")],
        )


def test_recording_again_replaces_the_votes_and_keeps_their_history(
    secretary, item, ab_member, leiden_member
):
    services.decision_record(
        actor=secretary,
        item=item,
        outcome=Outcome.ADOPTED,
        text="Aangenomen.",
        votes=[(ab_member, "for"), (leiden_member, "for")],
    )
    decision = services.decision_record(
        actor=secretary,
        item=item,
        outcome=Outcome.REJECTED,
        text="Verworpen.",
        votes=[(ab_member, "against"), (leiden_member, "against")],
    )
    assert Decision.objects.count() == 1
    assert set(decision.votes.values_list("choice", flat=True)) == {"against"}
    assert Vote.history.filter(history_type="-").count() == 2
    assert Vote.history.filter(history_type="+").count() == 4
    rows = list(Decision.history.order_by("history_date"))
    assert [r.history_type for r in rows] == ["+", "~"]
    assert rows[0].history_change_reason.startswith("Decision recorded")
    assert rows[1].history_change_reason.startswith("Decision changed")
    assert rows[1].history_user == secretary


def test_recording_without_votes_removes_earlier_votes(secretary, item, ab_member, leiden_member):
    services.decision_record(
        actor=secretary,
        item=item,
        outcome=Outcome.ADOPTED,
        text="x",
        votes=[(ab_member, "for"), (leiden_member, "for")],
    )
    decision = services.decision_record(
        actor=secretary, item=item, outcome=Outcome.ADOPTED, text="Bij acclamatie."
    )
    assert not decision.votes_recorded
    assert not decision.votes.exists()


def test_a_theme_session_takes_no_decisions(secretary, ab):
    theme = MeetingFactory(
        body=ab, kind=Meeting.Kind.THEME, starts_at=dt.datetime(2025, 2, 5, 14, tzinfo=TZ)
    )
    with pytest.raises(ValidationError, match="theme session"):
        services.decision_record(
            actor=secretary, item=AgendaItemFactory(meeting=theme), outcome=Outcome.NOTED, text="x"
        )


def test_no_decision_before_the_meeting_has_started(secretary, public_ab_meeting, time_machine):
    time_machine.move_to(dt.datetime(2026, 12, 9, 13, 59, tzinfo=TZ), tick=False)
    item = AgendaItemFactory(meeting=public_ab_meeting)
    with pytest.raises(ValidationError, match="once the meeting has started"):
        services.decision_record(actor=secretary, item=item, outcome=Outcome.ADOPTED, text="x")
    time_machine.move_to(dt.datetime(2026, 12, 9, 14, 1, tzinfo=TZ), tick=False)
    services.decision_record(actor=secretary, item=item, outcome=Outcome.ADOPTED, text="x")


def test_a_written_procedure_is_not_decided_item_by_item(secretary, ab):
    written = MeetingFactory(
        body=ab,
        kind=Meeting.Kind.WRITTEN,
        starts_at=dt.datetime(2025, 2, 5, 9, tzinfo=TZ),
        response_deadline=dt.datetime(2025, 2, 12, 17, tzinfo=TZ),
    )
    with pytest.raises(ValidationError, match="closing the procedure"):
        services.decision_record(
            actor=secretary, item=AgendaItemFactory(meeting=written), outcome="adopted", text="x"
        )


@pytest.mark.parametrize("actor", ["manager", "ab_member", "outsider"])
def test_only_the_secretariat_records_decisions(request, item, actor):
    with pytest.raises(PermissionDenied):
        services.decision_record(
            actor=request.getfixturevalue(actor), item=item, outcome=Outcome.ADOPTED, text="x"
        )


@pytest.mark.parametrize(
    ("purpose", "outcome", "step_outcome"),
    [
        (StepPurpose.DECIDE, Outcome.ADOPTED, RouteStep.Outcome.DECIDED),
        (StepPurpose.DECIDE, Outcome.REJECTED, RouteStep.Outcome.DECIDED),
        (StepPurpose.ADVISE, Outcome.ADOPTED, RouteStep.Outcome.ADVISED_POSITIVE),
        (StepPurpose.ADVISE, Outcome.ADOPTED_AMENDED, RouteStep.Outcome.ADVISED_REMARKS),
        (StepPurpose.ADVISE, Outcome.REJECTED, RouteStep.Outcome.SENT_BACK),
        (StepPurpose.DISCUSS, Outcome.NOTED, RouteStep.Outcome.DISCUSSED),
        (StepPurpose.INFORM, Outcome.NOTED, RouteStep.Outcome.NOTED),
        (StepPurpose.DECIDE, Outcome.POSTPONED, RouteStep.Outcome.PENDING),
    ],
)
def test_the_decision_moves_the_route_step_on(
    secretary, past_meeting, ab, purpose, outcome, step_outcome
):
    proposal = ProposalFactory(status=Proposal.Status.IN_ROUTE)
    step = RouteStepFactory(
        proposal=proposal, position=1, body=ab, purpose=purpose, meeting=past_meeting
    )
    later = RouteStepFactory(proposal=proposal, position=2, body=ab)
    item = AgendaItemFactory(meeting=past_meeting, route_step=step)
    services.decision_record(actor=secretary, item=item, outcome=outcome, text="x")
    step.refresh_from_db()
    assert step.outcome == step_outcome
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.IN_ROUTE  # not the last step
    assert later.outcome == RouteStep.Outcome.PENDING


def test_a_final_outcome_on_the_last_step_decides_the_proposal(secretary, past_meeting, ab):
    proposal = ProposalFactory(status=Proposal.Status.IN_ROUTE)
    RouteStepFactory(
        proposal=proposal, position=1, purpose=StepPurpose.ADVISE, outcome="advised_positive"
    )
    last = RouteStepFactory(proposal=proposal, position=2, body=ab, meeting=past_meeting)
    item = AgendaItemFactory(meeting=past_meeting, route_step=last)
    services.decision_record(
        actor=secretary, item=item, outcome=Outcome.POSTPONED, text="Aangehouden."
    )
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.IN_ROUTE
    services.decision_record(actor=secretary, item=item, outcome=Outcome.ADOPTED, text="Besloten.")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DECIDED
    history = proposal.history.first()
    assert history.history_user == secretary
    assert history.history_change_reason.startswith("Decided in AB")
    step_history = last.history.first()
    assert step_history.history_change_reason.startswith("Outcome from the decision")


# --- pages --------------------------------------------------------------------------


def test_item_page_shows_the_decision_with_the_vote_table(
    client, secretary, item, ab_member, leiden_member
):
    services.decision_record(
        actor=secretary,
        item=item,
        outcome=Outcome.ADOPTED,
        text="Het AB stelt de begroting vast.",
        votes=[(ab_member, "for"), (leiden_member, "abstain")],
    )
    response = client.get(reverse("governance:agenda-item-detail", kwargs={"pk": item.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Het AB stelt de begroting vast." in html
    assert "Gouda" in html
    assert "Leiden" in html
    assert reverse("governance:decision-record", kwargs={"pk": item.pk}) not in html


def test_item_page_links_the_secretary_to_the_decision_form(client, secretary, item):
    client.force_login(secretary)
    html = client.get(reverse("governance:agenda-item-detail", kwargs={"pk": item.pk})).content
    assert reverse("governance:decision-record", kwargs={"pk": item.pk}).encode() in html


def test_item_page_lists_visible_documents_only(client, ab_member, outsider, item):
    DocumentFactory(agenda_item=item, title="Openbaar stuk")
    DocumentFactory(agenda_item=item, title="Geheim stuk", is_confidential=True)
    client.force_login(outsider)
    html = client.get(reverse("governance:agenda-item-detail", kwargs={"pk": item.pk})).content
    assert b"Openbaar stuk" in html
    assert b"Geheim stuk" not in html
    client.force_login(ab_member)
    html = client.get(reverse("governance:agenda-item-detail", kwargs={"pk": item.pk})).content
    assert b"Geheim stuk" in html


def test_decision_form_records_votes(client, secretary, item, ab_member, leiden_member):
    client.force_login(secretary)
    url = reverse("governance:decision-record", kwargs={"pk": item.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert b"<legend" in page.content
    seats = {m.user_id: m.pk for m in Membership.objects.all()}
    response = client.post(
        url,
        {
            "outcome": "adopted",
            "text": "Aangenomen.",
            f"vote_{seats[ab_member.pk]}": "for",
            f"vote_{seats[leiden_member.pk]}": "for",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.votes.count() == 2


def test_decision_form_shows_a_refusal_and_saves_nothing(
    client, secretary, item, ab_member, leiden_member
):
    client.force_login(secretary)
    seats = {m.user_id: m.pk for m in Membership.objects.all()}
    response = client.post(
        reverse("governance:decision-record", kwargs={"pk": item.pk}),
        {
            "outcome": "adopted",
            "text": "Aangenomen.",
            f"vote_{seats[ab_member.pk]}": "for",
            f"vote_{seats[leiden_member.pk]}": "against",
        },
    )
    assert response.status_code == 200
    assert "in a full meeting: the proposal is rejected" in response.content.decode()
    assert not Decision.objects.exists()


def _decision_list(client, meeting):
    return client.get(reverse("governance:decision-list", kwargs={"pk": meeting.pk}))


def _fill(meeting, n, voters):
    for i in range(n):
        item = AgendaItemFactory(meeting=meeting, title=f"Punt {i}")
        decision = DecisionFactory(agenda_item=item, votes_recorded=True)
        for voter, municipality in voters:
            Vote.objects.create(
                decision=decision, voter=voter, municipality=municipality, choice="for", weight=1
            )


def test_decision_list_query_count_does_not_grow(
    client, secretary, past_meeting, ab_member, leiden_member, gouda, leiden, ab
):
    voters = [(ab_member, gouda), (leiden_member, leiden)]
    other = MeetingFactory(body=ab, starts_at=dt.datetime(2025, 4, 2, 14, tzinfo=TZ))
    _fill(past_meeting, 3, voters)
    _fill(other, 30, voters)
    client.force_login(secretary)
    with CaptureQueriesContext(connection) as few:
        assert _decision_list(client, past_meeting).status_code == 200
    with CaptureQueriesContext(connection) as many:
        response = _decision_list(client, other)
    assert response.status_code == 200
    titles = re.findall(r"Punt (\d+)\b", response.content.decode())
    assert sorted(map(int, titles)) == list(range(30))  # each decision once
    assert len(many) == len(few)


def test_decision_list_hides_confidential_items_from_those_not_entitled(
    client, past_meeting, ab_member, outsider, ac_member
):
    public = AgendaItemFactory(meeting=past_meeting, title="Openbaar punt")
    DecisionFactory(agenda_item=public, text="Openbaar besluit")
    AgendaItemFactory(meeting=past_meeting, title="Punt zonder besluit")
    secret = AgendaItemFactory(
        meeting=past_meeting,
        title="Geheim punt",
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.ECONOMIC,
    )
    DecisionFactory(agenda_item=secret, text="Geheim besluit")
    for user in (None, outsider, ac_member):
        client.logout()
        if user is not None:
            client.force_login(user)
        html = _decision_list(client, past_meeting).content.decode()
        # The published list as the portal shows it: its public decisions only.
        assert "Openbaar punt" in html and "Openbaar besluit" in html
        assert "Punt zonder besluit" not in html
        assert "Geheim punt" not in html
        assert "Geheim besluit" not in html
    client.force_login(ab_member)
    html = _decision_list(client, past_meeting).content.decode()
    assert "Geheim punt" in html
    assert "Geheim besluit" in html
    assert "Punt zonder besluit" in html


def test_decision_list_of_a_closed_meeting_is_not_found_for_outsiders(
    client, outsider, closed_ab_meeting
):
    client.force_login(outsider)
    assert _decision_list(client, closed_ab_meeting).status_code == 404


def test_item_page_shows_the_document_status_and_upload_link(client, secretary, ab_member, item):
    client.force_login(ab_member)
    url = reverse("governance:agenda-item-detail", kwargs={"pk": item.pk})
    html = client.get(url).content.decode()
    assert "missing" in html
    assert reverse("governance:item-document-upload", kwargs={"pk": item.pk}) not in html
    DocumentFactory(agenda_item=item, title="Begroting")  # delivered now, long after 2025
    html = client.get(url).content.decode()
    assert "late by" in html
    client.force_login(secretary)
    html = client.get(url).content.decode()
    assert reverse("governance:item-document-upload", kwargs={"pk": item.pk}) in html
