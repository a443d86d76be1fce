"""The statutory quorum (Gemeentewet art. 20, Wgr art. 22 and 23 lid 3) and ties (art. 32)
in the services that record decisions (``decision_record``, ``written_close``), the body's
rule, the explanation in words and decisions recorded before the rule."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from governance import services, tally
from governance.models import (
    AgendaItem,
    Body,
    Decision,
    Meeting,
    Membership,
    Proposal,
    RouteStep,
    StepPurpose,
    Vote,
)
from governance.queries.decisions import item_decision, percent_text, quorum_explanation
from governance.roles import BOARD_MEMBER
from governance.views.packs import _decision_rows
from tests.factories import (
    TZ,
    AgendaItemFactory,
    BodyFactory,
    DecisionFactory,
    MeetingFactory,
    MembershipFactory,
    MunicipalityFactory,
    ProposalFactory,
    RouteStepFactory,
    UserFactory,
)

Outcome = Decision.Outcome
MEETING = dt.datetime(2025, 3, 5, 14, tzinfo=TZ)
NEXT = dt.datetime(2025, 4, 2, 14, tzinfo=TZ)
AFTER_NEXT = dt.datetime(2025, 5, 7, 14, tzinfo=TZ)
DAY_AFTER = dt.datetime(2025, 3, 6, 10, tzinfo=TZ)


@pytest.fixture(autouse=True)
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield


@pytest.fixture
def now(time_machine):
    time_machine.move_to(DAY_AFTER, tick=False)
    return time_machine


@pytest.fixture
def members(ab, leiden, gouda):
    """Three AB members, one member one vote: Leiden (chair), Gouda, Katwijk."""
    katwijk = MunicipalityFactory(cbs_code="GM0537", name="Katwijk", population=67_900)
    users = []
    for municipality, role in ((leiden, "chair"), (gouda, "member"), (katwijk, "member")):
        user = UserFactory(
            username=f"ab-{municipality.name.lower()}",
            roles=[BOARD_MEMBER],
            municipality=municipality,
        )
        MembershipFactory(
            user=user,
            body=ab,
            municipality=municipality,
            role=role,
            start_date=dt.date(2024, 1, 1),
        )
        users.append(user)
    return users


@pytest.fixture
def meeting(ab):
    return MeetingFactory(body=ab, starts_at=MEETING)


@pytest.fixture
def next_meeting(ab):
    return MeetingFactory(body=ab, starts_at=NEXT)


@pytest.fixture
def step(ab, meeting):
    proposal = ProposalFactory(status=Proposal.Status.IN_ROUTE)
    return RouteStepFactory(
        proposal=proposal, position=1, body=ab, purpose=StepPurpose.DECIDE, meeting=meeting
    )


@pytest.fixture
def item(meeting, step):
    return AgendaItemFactory(meeting=meeting, route_step=step, title="Kadernota")


def _record(secretary, item, outcome, votes):
    return services.decision_record(
        actor=secretary, item=item, outcome=outcome, text="Besluit.", votes=votes
    )


# --- the quorum by heads in decision_record --------------------------------------------


def test_a_minority_of_members_with_most_weight_is_no_quorum(now, secretary, ab, members, item):
    ab.weighting = Body.Weighting.POPULATION
    ab.save()
    leiden, gouda, _katwijk = members
    # Leiden alone holds 127 400 of 270 800 (47 %): no quorum either way. Leiden and
    # Gouda: 2 of 3 members and 75 % of the weight.
    with pytest.raises(ValidationError, match="quorum"):
        _record(secretary, item, Outcome.ADOPTED, [(leiden, "for")])
    # Give Leiden most of the weight: 1 of 3 members is still no quorum.
    leiden.municipality.population = 300_000
    leiden.municipality.save()
    with pytest.raises(ValidationError, match="quorum"):
        _record(secretary, item, Outcome.ADOPTED, [(leiden, "for")])
    assert not Decision.objects.exists()
    decision = _record(secretary, item, Outcome.ADOPTED, [(leiden, "for"), (gouda, "against")])
    assert (decision.head_quorum, decision.heads_present, decision.heads_total) == (True, 2, 3)
    assert not decision.tie


def test_the_snapshot_is_cleared_without_votes(now, secretary, members, item):
    leiden, gouda, katwijk = members
    _record(secretary, item, Outcome.ADOPTED, [(leiden, "for"), (gouda, "for")])
    decision = _record(secretary, item, Outcome.ADOPTED, None)
    assert decision.head_quorum is None and decision.heads_present is None
    assert decision.heads_total is None and not decision.tie


# --- ties in decision_record ------------------------------------------------------------


def test_a_tie_in_a_meeting_that_is_not_full_postpones_to_the_next_meeting(
    now, secretary, members, item, step, meeting, next_meeting
):
    leiden, gouda, _katwijk = members
    tie = [(leiden, "for"), (gouda, "against")]
    for wrong in (Outcome.ADOPTED, Outcome.REJECTED):
        with pytest.raises(ValidationError, match="postponed to the next meeting"):
            _record(secretary, item, wrong, tie)
    decision = _record(secretary, item, Outcome.POSTPONED, tie)
    assert decision.tie and decision.outcome == Outcome.POSTPONED
    assert decision.outcome_label == "Postponed (tie)"
    assert (decision.heads_present, decision.heads_total) == (2, 3)
    item.refresh_from_db()
    step.refresh_from_db()
    assert item.carried_over and item.meeting == meeting
    assert step.meeting == next_meeting
    assert step.outcome == RouteStep.Outcome.PENDING
    continued = AgendaItem.objects.get(route_step=step, carried_over=False)
    assert continued.meeting == next_meeting and continued.title == step.proposal.title
    reason = f"Postponed to {next_meeting.display_title}: the votes were tied"
    assert item.history.first().history_change_reason == reason
    assert step.history.first().history_change_reason == reason
    assert continued.history.first().history_user == secretary
    # The decision history names the tie.
    assert decision.history.first().history_change_reason == ("Decision recorded: Postponed (tie)")


def test_a_tie_again_in_the_meeting_it_was_postponed_to_rejects(
    now, secretary, members, item, step, next_meeting, ab
):
    leiden, gouda, katwijk = members
    _record(secretary, item, Outcome.POSTPONED, [(leiden, "for"), (gouda, "against")])
    continued = AgendaItem.objects.get(route_step=step, carried_over=False)
    now.move_to(dt.datetime(2025, 4, 3, 10, tzinfo=TZ), tick=False)
    MeetingFactory(body=ab, starts_at=AFTER_NEXT)  # a later meeting exists, but is not used
    tie = [(leiden, "against"), (katwijk, "for")]
    with pytest.raises(ValidationError, match="again in the meeting the decision was postponed"):
        _record(secretary, continued, Outcome.POSTPONED, tie)
    decision = _record(secretary, continued, Outcome.REJECTED, tie)
    assert decision.tie and decision.outcome_label == "Rejected (tie)"
    step.refresh_from_db()
    assert step.outcome == RouteStep.Outcome.DECIDED and step.meeting == next_meeting
    assert Proposal.objects.get(pk=step.proposal_id).status == Proposal.Status.DECIDED
    assert AgendaItem.objects.filter(route_step=step).count() == 2


def test_a_tie_in_a_full_meeting_rejects(now, secretary, ab, members, item, step, next_meeting):
    leiden, gouda, katwijk = members
    # Gouda weighs two: 2 for, 2 against with every member present.
    ab.weighting = Body.Weighting.FIXED
    ab.save()
    Membership.objects.filter(user=gouda).update(vote_weight=2)
    Membership.objects.exclude(user=gouda).update(vote_weight=1)
    tie = [(leiden, "for"), (gouda, "against"), (katwijk, "for")]
    with pytest.raises(ValidationError, match="in a full meeting"):
        _record(secretary, item, Outcome.POSTPONED, tie)
    decision = _record(secretary, item, Outcome.REJECTED, tie)
    assert decision.tie and (decision.heads_present, decision.heads_total) == (3, 3)
    step.refresh_from_db()
    assert step.outcome == RouteStep.Outcome.DECIDED and step.meeting == item.meeting
    assert not AgendaItem.objects.filter(meeting=next_meeting).exists()


def test_without_a_next_meeting_the_tie_postpones_nothing_and_says_so(
    now, secretary, members, item, step, meeting, ab
):
    MeetingFactory(body=ab, starts_at=NEXT, status=Meeting.Status.CANCELLED)
    MeetingFactory(body=ab, starts_at=AFTER_NEXT, kind=Meeting.Kind.THEME)
    leiden, gouda, _katwijk = members
    with pytest.raises(ValidationError, match="no next meeting is planned"):
        _record(secretary, item, Outcome.POSTPONED, [(leiden, "for"), (gouda, "against")])
    assert not Decision.objects.exists() and not Vote.objects.exists()
    item.refresh_from_db()
    step.refresh_from_db()
    assert not item.carried_over and step.meeting == meeting
    assert AgendaItem.objects.count() == 1


def test_correcting_a_tied_decision_takes_the_postponement_back(
    now, secretary, members, item, step, meeting, next_meeting
):
    leiden, gouda, katwijk = members
    _record(secretary, item, Outcome.POSTPONED, [(leiden, "for"), (gouda, "against")])
    decision = _record(
        secretary, item, Outcome.ADOPTED, [(leiden, "for"), (gouda, "against"), (katwijk, "for")]
    )
    assert not decision.tie
    item.refresh_from_db()
    step.refresh_from_db()
    assert not item.carried_over and step.meeting == meeting
    assert step.outcome == RouteStep.Outcome.DECIDED
    assert not AgendaItem.objects.filter(meeting=next_meeting).exists()


def test_a_tie_on_an_item_without_a_route_is_postponed_without_moving(
    now, secretary, members, meeting, next_meeting
):
    free = AgendaItemFactory(meeting=meeting, title="Motie")
    leiden, gouda, _katwijk = members
    decision = _record(secretary, free, Outcome.POSTPONED, [(leiden, "for"), (gouda, "against")])
    assert decision.tie
    free.refresh_from_db()
    assert not free.carried_over
    assert not AgendaItem.objects.filter(meeting=next_meeting).exists()


# --- ties in a written procedure --------------------------------------------------------


@pytest.fixture
def written(ab):
    return MeetingFactory(
        body=ab,
        kind=Meeting.Kind.WRITTEN,
        starts_at=dt.datetime(2025, 2, 20, 9, tzinfo=TZ),
        response_deadline=dt.datetime(2025, 3, 4, 17, tzinfo=TZ),
    )


def _respond(time_machine, item, answers):
    time_machine.move_to(dt.datetime(2025, 3, 1, 10, tzinfo=TZ), tick=False)
    for member, answer in answers:
        services.written_respond(actor=member, item=item, answer=answer)
    time_machine.move_to(DAY_AFTER, tick=False)


def test_written_close_postpones_a_tie_when_not_everyone_responded(
    now, secretary, members, written, next_meeting, ab
):
    proposal = ProposalFactory(status=Proposal.Status.IN_ROUTE)
    step = RouteStepFactory(proposal=proposal, position=1, body=ab, meeting=written)
    item = AgendaItemFactory(meeting=written, route_step=step)
    leiden, gouda, _katwijk = members
    _respond(now, item, [(leiden, "agree"), (gouda, "disagree")])
    result = services.written_close(actor=secretary, meeting=written)
    (decision,) = result.decisions
    assert decision.outcome == Outcome.POSTPONED and decision.tie
    assert "postponed to the next meeting (Gemeentewet art. 32)" in decision.text
    step.refresh_from_db()
    assert step.meeting == next_meeting
    assert AgendaItem.objects.get(route_step=step, carried_over=False).meeting == next_meeting


def test_written_close_without_a_next_meeting_closes_nothing(now, secretary, members, written, ab):
    proposal = ProposalFactory(status=Proposal.Status.IN_ROUTE)
    step = RouteStepFactory(proposal=proposal, position=1, body=ab, meeting=written)
    item = AgendaItemFactory(meeting=written, route_step=step)
    leiden, gouda, _katwijk = members
    _respond(now, item, [(leiden, "agree"), (gouda, "disagree")])
    with pytest.raises(ValidationError, match="no next meeting is planned"):
        services.written_close(actor=secretary, meeting=written)
    written.refresh_from_db()
    assert written.status != Meeting.Status.HELD
    assert not Decision.objects.exists()


def test_written_close_rejects_a_tie_when_everyone_responded(
    now, secretary, ab, members, written, next_meeting
):
    ab.weighting = Body.Weighting.FIXED
    ab.save()
    leiden, gouda, katwijk = members
    Membership.objects.filter(user=gouda).update(vote_weight=2)
    Membership.objects.exclude(user=gouda).update(vote_weight=1)
    item = AgendaItemFactory(meeting=written)
    _respond(now, item, [(leiden, "agree"), (gouda, "disagree"), (katwijk, "agree")])
    (decision,) = services.written_close(actor=secretary, meeting=written).decisions
    assert decision.outcome == Outcome.REJECTED and decision.tie
    assert "The votes are tied: the proposal is rejected" in decision.text


def test_written_close_counts_heads_who_responded(now, secretary, ab, members, written):
    # Leiden alone holds most of the population, but 1 of 3 members did not make a quorum.
    ab.weighting = Body.Weighting.POPULATION
    ab.save()
    leiden, _gouda, _katwijk = members
    leiden.municipality.population = 300_000
    leiden.municipality.save()
    item = AgendaItemFactory(meeting=written)
    _respond(now, item, [(leiden, "agree")])
    (decision,) = services.written_close(actor=secretary, meeting=written).decisions
    assert decision.outcome == Outcome.POSTPONED and not decision.tie
    assert (decision.heads_present, decision.heads_total) == (1, 3)


# --- the body's rule -----------------------------------------------------------------


@pytest.mark.parametrize("kind", [Body.Kind.GENERAL_BOARD, Body.Kind.EXECUTIVE_BOARD])
def test_the_ab_and_db_cannot_switch_the_head_quorum_off(db, kind):
    body = BodyFactory.build(code="XB", name="X", kind=kind, head_quorum=False)
    with pytest.raises(ValidationError, match="Gemeentewet art. 20"):
        body.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        body.save()


def test_another_body_may_count_by_weight_only(db):
    body = BodyFactory.build(
        code="OO", name="Ambtelijk overleg", kind=Body.Kind.OFFICIALS, head_quorum=False
    )
    body.full_clean()
    body.save()
    assert not Body.objects.get(code="OO").head_quorum


def test_a_new_body_has_the_head_quorum(db):
    assert BodyFactory(code="AC", kind=Body.Kind.AUDIT_COMMITTEE).head_quorum


# --- the explanation in words ---------------------------------------------------------


def _result(present, seats, weight_present, weight_total, rule=None):
    cast = [tally.Ballot(Decimal(weight_present) / present, tally.FOR)] * present
    return tally.tally(
        cast,
        rule=rule or tally.Rule(),
        weight_total=Decimal(weight_total),
        heads_total=seats,
    )


def test_the_explanation_in_dutch():
    # 15 of 18, 780 600 of 836 300 inhabitants: 93,34 %, shown truncated as 93 %.
    cast = [tally.Ballot(Decimal(52_040), tally.FOR)] * 15
    result = tally.tally(cast, rule=tally.Rule(), weight_total=Decimal(836_300), heads_total=18)
    with translation.override("nl"):
        assert quorum_explanation(result, head_quorum=True) == (
            "Quorum: 15 van 18 leden, 93\u00a0% van de stemmen — gehaald"
        )
        short = _result(5, 18, 444_500, 836_300)
        assert quorum_explanation(short, head_quorum=True) == (
            "Quorum: 5 van 18 leden, 53\u00a0% van de stemmen — niet gehaald "
            "(niet meer dan de helft van de leden aanwezig)"
        )


def test_the_explanation_names_what_is_missing():
    few = _result(10, 18, 262_700, 836_300)
    assert quorum_explanation(few, head_quorum=True) == (
        "Quorum: 10 of 18 members, 31\u00a0% of the votes — not met "
        "(not enough of the votes present)"
    )
    both = _result(2, 18, 100, 836_300)
    assert "not more than half of the members present; not enough of the votes" in (
        quorum_explanation(both, head_quorum=True)
    )


def test_one_member_one_vote_shows_heads_only():
    result = tally.tally(
        [tally.Ballot(Decimal(1), tally.FOR)] * 10,
        rule=tally.Rule(),
        weight_total=Decimal(18),
        heads_total=18,
    )
    assert quorum_explanation(result, head_quorum=True) == "Quorum: 10 of 18 members — met"
    assert quorum_explanation(result, head_quorum=False) == "Quorum: 55\u00a0% of the votes — met"
    # A body that asks for two thirds of the votes: 10 of 18 is not enough, and says why.
    strict = tally.tally(
        [tally.Ballot(Decimal(1), tally.FOR)] * 10,
        rule=tally.Rule(quorum_percent=Decimal("66.67")),
        weight_total=Decimal(18),
        heads_total=18,
    )
    assert quorum_explanation(strict, head_quorum=True, quorum_percent=Decimal("66.67")) == (
        "Quorum: 10 of 18 members, 55\u00a0% of the votes — not met "
        "(not enough of the votes present)"
    )


def test_a_decision_from_before_the_rule_says_it_was_counted_by_weight_only():
    result = _result(5, 18, 444_500, 836_300, rule=tally.Rule(head_quorum=False))
    assert result.quorum_met
    assert quorum_explanation(result, head_quorum=None) == (
        "Quorum (by weight only, the rule when this was recorded): 53\u00a0% of the votes — met"
    )


@pytest.mark.parametrize(
    ("share", "threshold", "text"),
    [
        (Fraction(1, 2), Decimal(50), "50\u00a0%"),
        (Fraction(50_004, 100_000), Decimal(50), "50,004\u00a0%"),
        (Fraction(49_999, 100_000), Decimal(50), "49\u00a0%"),
        (Fraction(2, 3), Decimal(50), "66\u00a0%"),
        (Fraction(2, 3), Decimal("66.66"), "66,666\u00a0%"),
        (Fraction(1, 10**5), Decimal(0), "0,001\u00a0%"),
        (Fraction(1, 3), None, "33\u00a0%"),
        (Fraction(1), Decimal(50), "100\u00a0%"),
    ],
)
def test_percent_text_never_looks_like_the_threshold_when_it_is_not(share, threshold, text):
    with translation.override("nl"):
        assert percent_text(share, threshold=threshold) == text


# --- pages and old decisions -------------------------------------------------------


def test_decision_list_item_page_and_pdf_say_the_same(
    client, now, secretary, members, item, next_meeting, meeting
):
    leiden, gouda, _katwijk = members
    _record(secretary, item, Outcome.POSTPONED, [(leiden, "for"), (gouda, "against")])
    expected = "Quorum: 2 of 3 members — met"
    client.force_login(secretary)
    listing = client.get(reverse("governance:decision-list", kwargs={"pk": meeting.pk}))
    assert expected in listing.content.decode()
    assert "Postponed (tie)" in listing.content.decode()
    page = client.get(reverse("governance:agenda-item-detail", kwargs={"pk": item.pk}))
    assert expected in page.content.decode()
    assert "Postponed to" in page.content.decode()
    assert next_meeting.display_title in page.content.decode()
    from governance.queries.decisions import decision_list

    (row,) = _decision_rows(decision_list(meeting, secretary, insider=True))
    assert row["votes"] == "1 for, 1 against, 0 abstaining. " + expected
    assert row["outcome"] == "Postponed (tie)"


def test_the_open_data_api_says_a_decision_was_tied(
    client, now, secretary, members, item, meeting, next_meeting
):
    leiden, gouda, _katwijk = members
    decision = _record(secretary, item, Outcome.POSTPONED, [(leiden, "for"), (gouda, "against")])
    meeting.is_public = True
    meeting.agenda_published_at = meeting.decisions_published_at = MEETING
    meeting.save()
    from governance.queries.public import decision_row, decisions_on_published_lists
    from governance.views.api import decision_json

    row = decision_row(decisions_on_published_lists().get())
    data = decision_json(RequestFactory().get("/api/v1/"), row)
    assert data["uitkomst"] == "postponed" and data["staking_van_stemmen"] is True
    assert decision.pk == data["id"]


def test_an_old_decision_counted_by_weight_only_stays_valid(db, secretary, ab, leiden, gouda):
    """Recorded before the quorum by heads (migration 0010 leaves ``head_quorum`` empty):
    Leiden alone held most of the weight, which was a quorum then and still shows so."""
    meeting = MeetingFactory(body=ab, starts_at=MEETING)
    leiden_user = UserFactory(username="oud-leiden", municipality=leiden)
    gouda_user = UserFactory(username="oud-gouda", municipality=gouda)
    MembershipFactory(user=leiden_user, body=ab, municipality=leiden)
    MembershipFactory(user=gouda_user, body=ab, municipality=gouda)
    MembershipFactory(user=UserFactory(username="oud-derde"), body=ab)
    item = AgendaItemFactory(meeting=meeting)
    decision = DecisionFactory(
        agenda_item=item,
        outcome=Outcome.ADOPTED,
        votes_recorded=True,
        weight_total=Decimal(3),
        quorum_percent=Decimal(50),
        majority_percent=Decimal(50),
        majority_base="cast",
        head_quorum=None,
        heads_present=1,
    )
    Vote.objects.create(decision=decision, voter=leiden_user, choice="for", weight=Decimal(2))
    summary = item_decision(item, secretary).summary
    assert summary.result.quorum_met and summary.result.adopted
    assert not summary.result.quorum_heads_met  # 1 of 3 today, not asked then
    assert summary.quorum_text == (
        "Quorum (by weight only, the rule when this was recorded): 66\u00a0% of the votes — met"
    )
