"""Written procedures end to end: members respond before the deadline, the
secretariat closes the round and the responses become the decisions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from governance import services
from governance.models import Body, Decision, Meeting, Membership, Vote, WrittenResponse
from governance.roles import BOARD_MEMBER
from tests.factories import TZ, AgendaItemFactory, MeetingFactory, MembershipFactory, UserFactory

DEADLINE = dt.datetime(2026, 12, 4, 17, tzinfo=TZ)
BEFORE = dt.datetime(2026, 12, 1, 10, tzinfo=TZ)
AFTER = dt.datetime(2026, 12, 5, 9, tzinfo=TZ)


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
def third_member(ab):
    user = UserFactory(username="ab-derde", roles=[BOARD_MEMBER])
    MembershipFactory(user=user, body=ab, municipality=None)
    return user


@pytest.fixture
def written(ab):
    return MeetingFactory(
        body=ab,
        kind=Meeting.Kind.WRITTEN,
        starts_at=dt.datetime(2026, 11, 20, 9, tzinfo=TZ),
        response_deadline=DEADLINE,
    )


@pytest.fixture
def item(written):
    return AgendaItemFactory(meeting=written, title="Zienswijze begrotingswijziging")


@pytest.fixture
def before_deadline(time_machine):
    time_machine.move_to(BEFORE, tick=False)
    return time_machine


def test_a_member_responds_and_may_change_the_response(before_deadline, item, ab_member, gouda):
    response = services.written_respond(actor=ab_member, item=item, answer="agree")
    assert response.municipality == gouda
    services.written_respond(
        actor=ab_member, item=item, answer="remarks", remarks="Let op de indexatie."
    )
    response = WrittenResponse.objects.get()
    assert response.answer == "remarks"
    assert response.remarks == "Let op de indexatie."
    reasons = [h.history_change_reason for h in response.history.order_by("history_date")]
    assert reasons[0].startswith("Response given")
    assert reasons[1].startswith("Response changed")


def test_remarks_need_a_text(before_deadline, item, ab_member):
    with pytest.raises(ValidationError, match="remarks"):
        services.written_respond(actor=ab_member, item=item, answer="remarks", remarks="  ")
    assert not WrittenResponse.objects.exists()


def test_no_response_after_the_deadline(time_machine, item, ab_member):
    time_machine.move_to(DEADLINE, tick=False)
    with pytest.raises(ValidationError, match="deadline"):
        services.written_respond(actor=ab_member, item=item, answer="agree")
    assert not WrittenResponse.objects.exists()


@pytest.mark.parametrize("actor", ["ac_member", "secretary", "outsider", "manager"])
def test_only_voting_members_of_the_body_respond(request, before_deadline, item, actor):
    with pytest.raises(PermissionDenied):
        services.written_respond(actor=request.getfixturevalue(actor), item=item, answer="agree")


def test_an_advisor_of_the_body_does_not_respond(before_deadline, item, ab):
    advisor = UserFactory(username="adviseur", roles=[BOARD_MEMBER])
    MembershipFactory(user=advisor, body=ab, role=Membership.Role.ADVISOR)
    with pytest.raises(PermissionDenied):
        services.written_respond(actor=advisor, item=item, answer="agree")


def test_a_regular_meeting_takes_no_written_responses(
    before_deadline, public_ab_meeting, ab_member
):
    item = AgendaItemFactory(meeting=public_ab_meeting)
    with pytest.raises(ValidationError, match="written procedure"):
        services.written_respond(actor=ab_member, item=item, answer="agree")


def test_closing_before_the_deadline_needs_every_response(
    before_deadline, secretary, written, item, ab_member, leiden_member
):
    services.written_respond(actor=ab_member, item=item, answer="agree")
    with pytest.raises(ValidationError, match="not every member"):
        services.written_close(actor=secretary, meeting=written)
    services.written_respond(actor=leiden_member, item=item, answer="agree")
    result = services.written_close(actor=secretary, meeting=written)
    assert not result.already_closed
    assert Decision.objects.get().outcome == Decision.Outcome.ADOPTED


def test_closing_computes_the_decision_with_weights_and_remarks(
    before_deadline, secretary, written, item, ab, ab_member, leiden_member, third_member, leiden
):
    # The clock stands at BEFORE while the fixtures are made, so the closing row (at
    # AFTER) is the newest history row whatever the real date.
    ab.weighting = Body.Weighting.POPULATION
    ab.save()
    services.written_respond(
        actor=leiden_member, item=item, answer="remarks", remarks="Graag jaarlijks evalueren."
    )
    services.written_respond(actor=ab_member, item=item, answer="disagree")
    before_deadline.move_to(AFTER, tick=False)
    result = services.written_close(actor=secretary, meeting=written)
    decision = Decision.objects.get(agenda_item=item)
    assert result.decisions == [decision]
    # Leiden (127,400) in favour outweighs Gouda (75,500) against; the third seat
    # sits for Hecht and has no population weight.
    assert decision.outcome == Decision.Outcome.ADOPTED
    assert decision.votes_recorded
    assert "1 agreed with remarks" in decision.text
    assert "1 disagreed" in decision.text
    assert "Graag jaarlijks evalueren." in decision.text
    votes = {v.voter_id: v for v in Vote.objects.all()}
    assert votes[leiden_member.pk].choice == "for"
    assert votes[leiden_member.pk].weight == Decimal(127_400)
    assert votes[leiden_member.pk].municipality == leiden
    assert votes[ab_member.pk].choice == "against"
    written.refresh_from_db()
    assert written.status == Meeting.Status.HELD
    assert written.history.first().history_change_reason == "Written procedure closed"


def test_closing_without_majority_rejects(
    time_machine, secretary, written, item, ab_member, leiden_member, third_member
):
    time_machine.move_to(BEFORE, tick=False)
    services.written_respond(actor=ab_member, item=item, answer="disagree")
    services.written_respond(actor=leiden_member, item=item, answer="disagree")
    services.written_respond(actor=third_member, item=item, answer="agree")
    time_machine.move_to(AFTER, tick=False)
    services.written_close(actor=secretary, meeting=written)
    assert Decision.objects.get().outcome == Decision.Outcome.REJECTED


def test_a_second_close_changes_nothing_and_says_so(
    time_machine, secretary, written, item, ab_member, leiden_member
):
    time_machine.move_to(AFTER, tick=False)
    services.written_close(actor=secretary, meeting=written)
    rows = Decision.history.count()
    again = services.written_close(actor=secretary, meeting=written)
    assert again.already_closed
    assert again.decisions == []
    assert Decision.history.count() == rows


def test_no_response_after_closing(
    before_deadline, secretary, written, item, ab_member, leiden_member
):
    services.written_respond(actor=ab_member, item=item, answer="agree")
    services.written_respond(actor=leiden_member, item=item, answer="agree")
    services.written_close(actor=secretary, meeting=written)
    with pytest.raises(ValidationError, match="closed"):
        services.written_respond(actor=ab_member, item=item, answer="disagree")


@pytest.mark.parametrize("actor", ["manager", "ab_member"])
def test_only_the_secretariat_closes(request, time_machine, written, actor):
    time_machine.move_to(AFTER, tick=False)
    with pytest.raises(PermissionDenied):
        services.written_close(actor=request.getfixturevalue(actor), meeting=written)


# --- pages --------------------------------------------------------------------------


def test_member_responds_through_the_item_page(client, before_deadline, item, ab_member):
    client.force_login(ab_member)
    page = client.get(reverse("governance:agenda-item-detail", kwargs={"pk": item.pk}))
    respond_url = reverse("governance:written-respond", kwargs={"pk": item.pk})
    assert respond_url.encode() in page.content
    response = client.post(respond_url, {"answer": "remarks", "remarks": ""})
    assert response.status_code == 200
    assert not WrittenResponse.objects.exists()
    response = client.post(respond_url, {"answer": "agree", "remarks": ""})
    assert response.status_code == 302
    assert WrittenResponse.objects.get().answer == "agree"


def test_responses_are_shown_to_members_but_not_to_outsiders(
    client, before_deadline, item, ab_member, leiden_member, manager, ac_member
):
    services.written_respond(
        actor=leiden_member, item=item, answer="remarks", remarks="Akkoord mits"
    )
    url = reverse("governance:agenda-item-detail", kwargs={"pk": item.pk})
    for user in (ab_member, manager):
        client.force_login(user)
        assert b"Akkoord mits" in client.get(url).content
    client.force_login(ac_member)
    assert client.get(url).status_code == 404  # a closed meeting of another body


def test_secretary_closes_through_the_confirm_page(
    client, time_machine, secretary, written, item, ab_member
):
    time_machine.move_to(AFTER, tick=False)
    client.force_login(secretary)
    url = reverse("governance:written-close", kwargs={"pk": written.pk})
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert Decision.objects.filter(agenda_item=item).exists()
    response = client.post(url, follow=True)
    assert "already closed" in response.content.decode()


def test_closing_too_early_shows_why(client, before_deadline, secretary, written, item, ab_member):
    client.force_login(secretary)
    response = client.post(reverse("governance:written-close", kwargs={"pk": written.pk}))
    assert response.status_code == 200
    assert "not every member has responded" in response.content.decode()
    assert not Decision.objects.exists()


def test_a_deputy_response_counts_only_when_the_member_of_the_municipality_did_not_respond(
    time_machine, secretary, written, item, ab, ab_member, leiden_member, gouda
):
    deputy = UserFactory(username="ab-gouda-plv", roles=[BOARD_MEMBER], municipality=gouda)
    MembershipFactory(user=deputy, body=ab, municipality=gouda, role=Membership.Role.DEPUTY)
    time_machine.move_to(BEFORE, tick=False)
    services.written_respond(actor=deputy, item=item, answer="disagree")
    services.written_respond(actor=ab_member, item=item, answer="agree")
    services.written_respond(actor=leiden_member, item=item, answer="agree")
    services.written_close(actor=secretary, meeting=written)
    decision = Decision.objects.get()
    assert decision.outcome == Decision.Outcome.ADOPTED
    assert set(decision.votes.values_list("voter_id", flat=True)) == {
        ab_member.pk,
        leiden_member.pk,
    }


def test_a_seat_without_weight_responds_but_carries_no_vote(
    time_machine, secretary, written, item, ab, ab_member, leiden_member, third_member
):
    ab.weighting = Body.Weighting.POPULATION
    ab.save()
    time_machine.move_to(BEFORE, tick=False)
    services.written_respond(actor=third_member, item=item, answer="disagree")
    services.written_respond(actor=ab_member, item=item, answer="agree")
    services.written_respond(actor=leiden_member, item=item, answer="agree")
    services.written_close(actor=secretary, meeting=written)
    decision = Decision.objects.get()
    assert decision.outcome == Decision.Outcome.ADOPTED
    assert "1 disagreed" in decision.text
    assert not decision.votes.filter(voter=third_member).exists()


@pytest.mark.parametrize("status", Meeting.Status.values)
@pytest.mark.parametrize("moment", [BEFORE, DEADLINE - dt.timedelta(seconds=1), DEADLINE, AFTER])
def test_a_written_procedure_takes_responses_while_open_and_before_the_deadline(
    time_machine, ab, status, moment
):
    """``Meeting.takes_written_responses`` and its queryset form agree, for every status,
    just before, at and after the deadline."""
    time_machine.move_to(BEFORE, tick=False)
    meeting = MeetingFactory(
        body=ab,
        kind=Meeting.Kind.WRITTEN,
        starts_at=dt.datetime(2026, 11, 20, 9, tzinfo=TZ),
        response_deadline=DEADLINE,
        status=status,
    )
    regular = MeetingFactory(body=ab, starts_at=DEADLINE + dt.timedelta(days=7), status=status)
    time_machine.move_to(moment, tick=False)
    expected = status == Meeting.Status.PLANNED and moment < DEADLINE
    assert meeting.takes_written_responses is expected
    assert list(Meeting.objects.taking_written_responses()) == ([meeting] if expected else [])
    assert regular.takes_written_responses is False
