"""Small texts: a step planned in a meeting the reader cannot see names that meeting's
body; an external member (a voting seat for no municipality) is shown as such."""

from __future__ import annotations

import pytest
from django.urls import reverse

from governance.models import Membership
from tests.factories import MembershipFactory, ProposalFactory, RouteStepFactory, UserFactory


@pytest.fixture
def routed(ab, ac, closed_ac_meeting):
    """A proposal whose current step is planned in a closed AC meeting, then the AB."""
    proposal = ProposalFactory(title="Herstelplan eigen vermogen")
    RouteStepFactory(proposal=proposal, position=1, body=ac, meeting=closed_ac_meeting)
    RouteStepFactory(proposal=proposal, position=2, body=ab)
    return proposal


def test_a_step_in_a_meeting_you_cannot_see_names_the_body(client, routed, ab_member):
    client.force_login(ab_member)
    html = client.get(reverse("governance:proposal-list")).content.decode()
    assert "Herstelplan eigen vermogen" in html
    assert "gepland in een AC-vergadering" in html
    assert "niet zichtbaar voor u" not in html
    detail = reverse("governance:proposal-detail", kwargs={"pk": routed.pk})
    html = client.get(detail).content.decode()
    assert "gepland in een AC-vergadering" in html
    assert "niet zichtbaar voor u" not in html


def test_an_external_member_does_not_sit_for_hecht(ac, ab, gouda, secretary):
    chair = MembershipFactory(body=ac, role=Membership.Role.CHAIR, municipality=None)
    advisor = MembershipFactory(body=ac, role=Membership.Role.ADVISOR, municipality=None)
    member = MembershipFactory(body=ab, role=Membership.Role.MEMBER, municipality=gouda)
    assert chair.is_external and chair.represents == "Extern lid"
    assert not advisor.is_external and advisor.represents == "Hecht"
    assert not member.is_external and member.represents == "Gouda"


def test_the_external_chairs_page_shows_external_member(client, ac):
    chair = UserFactory(username="ac-voorzitter")
    MembershipFactory(user=chair, body=ac, role=Membership.Role.CHAIR, municipality=None)
    client.force_login(chair)
    html = client.get(reverse("governance:home")).content.decode()
    assert "Extern lid" in html
    assert ">Hecht<" not in html
