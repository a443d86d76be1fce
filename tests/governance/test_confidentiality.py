"""An agenda item is never more public than its proposal: the services keep the item's
flag in step with the proposal, refuse to open an item under a confidential proposal, and
ask a reason for lifting a proposal's confidentiality; a migration mended the items that
were left public before."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.urls import reverse

from governance import publication, services
from governance.models import AgendaItem, Confidentiality, Meeting, Proposal, WooGround
from tests.factories import (
    TZ,
    AgendaItemFactory,
    MeetingFactory,
    ProposalFactory,
    RouteStepFactory,
)

CONFIDENTIAL = {"confidentiality": Confidentiality.CONFIDENTIAL, "woo_ground": WooGround.ECONOMIC}
PUBLIC = {"confidentiality": Confidentiality.PUBLIC, "woo_ground": ""}


def _scheduled(ab, *, status=Meeting.Status.PLANNED, item=None, **proposal) -> AgendaItem:
    meeting = MeetingFactory(
        body=ab, is_public=True, status=status, starts_at=dt.datetime(2026, 11, 4, 14, tzinfo=TZ)
    )
    step = RouteStepFactory(proposal=ProposalFactory(**proposal), body=ab, meeting=meeting)
    return AgendaItemFactory(meeting=meeting, route_step=step, order=1, **(item or {}))


def test_making_a_proposal_confidential_closes_its_items_of_held_meetings_too(ab, secretary):
    held = _scheduled(ab, status=Meeting.Status.HELD)
    proposal = held.route_step.proposal
    later_meeting = MeetingFactory(body=ab, is_public=True)
    later_step = RouteStepFactory(proposal=proposal, body=ab, meeting=later_meeting)
    later = AgendaItemFactory(meeting=later_meeting, route_step=later_step, order=1)

    services.proposal_update(actor=secretary, proposal=proposal, **CONFIDENTIAL)

    for item in (held, later):
        item.refresh_from_db()
        assert item.confidentiality == Confidentiality.CONFIDENTIAL
        assert item.woo_ground == WooGround.ECONOMIC
        last = item.history.order_by("-history_id").first()
        assert last.history_user == secretary
        assert proposal.reference in last.history_change_reason
    assert not publication.public_items().filter(pk__in=[held.pk, later.pk]).exists()


def test_lifting_a_proposals_confidentiality_needs_a_reason(ab, secretary):
    item = _scheduled(ab, item=CONFIDENTIAL, **CONFIDENTIAL)
    proposal = item.route_step.proposal
    with pytest.raises(ValidationError) as error:
        services.proposal_update(actor=secretary, proposal=proposal, **PUBLIC)
    assert "disclosure_reason" in error.value.error_dict
    proposal.refresh_from_db()
    assert proposal.is_confidential  # nothing half-saved

    services.proposal_update(
        actor=secretary,
        proposal=proposal,
        disclosure_reason="Onderhandelingen afgerond; besluit DB 3 december",
        **PUBLIC,
    )
    proposal.refresh_from_db()
    item.refresh_from_db()
    assert not proposal.is_confidential
    assert not item.is_confidential  # a meeting not yet held follows the proposal
    reason = proposal.history.order_by("-history_id").first().history_change_reason
    assert "Onderhandelingen afgerond" in reason


def test_lifting_opens_held_items_that_followed_the_proposal_but_not_those_closed_on_their_own(
    ab, secretary
):
    followed = _scheduled(ab, status=Meeting.Status.HELD, item=CONFIDENTIAL, **CONFIDENTIAL)
    proposal = followed.route_step.proposal
    own_meeting = MeetingFactory(body=ab, is_public=True, status=Meeting.Status.HELD)
    own = AgendaItemFactory(
        meeting=own_meeting,
        route_step=RouteStepFactory(proposal=proposal, body=ab, meeting=own_meeting),
        order=1,
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.INTERNAL_DELIBERATION,
    )
    services.proposal_update(
        actor=secretary, proposal=proposal, disclosure_reason="Grond vervallen", **PUBLIC
    )
    followed.refresh_from_db()
    own.refresh_from_db()
    assert not followed.is_confidential
    assert own.is_confidential and own.woo_ground == WooGround.INTERNAL_DELIBERATION


def test_an_item_cannot_be_made_public_under_a_confidential_proposal(english, ab, secretary):
    item = _scheduled(ab, item=CONFIDENTIAL, **CONFIDENTIAL)
    with pytest.raises(ValidationError) as error:
        services.agenda_item_update(actor=secretary, item=item, **PUBLIC)
    assert "confidentiality" in error.value.error_dict

    english.force_login(secretary)
    response = english.post(
        reverse("governance:agenda-item-edit", kwargs={"pk": item.pk}),
        {"title": item.title, "kind": item.kind, "description": "", **PUBLIC},
    )
    assert response.status_code == 200
    assert "Lift the proposal&#x27;s confidentiality first" in response.content.decode()
    item.refresh_from_db()
    assert item.is_confidential


def test_an_item_may_be_more_confidential_than_its_public_proposal(ab, secretary):
    item = _scheduled(ab)
    services.agenda_item_update(actor=secretary, item=item, **CONFIDENTIAL)
    item.refresh_from_db()
    assert item.is_confidential
    assert not publication.public_items().filter(pk=item.pk).exists()


def test_the_proposal_form_asks_the_reason_when_the_confidentiality_is_lifted(
    english, ab, secretary
):
    proposal = _scheduled(ab, item=CONFIDENTIAL, **CONFIDENTIAL).route_step.proposal
    english.force_login(secretary)
    url = reverse("governance:proposal-edit", kwargs={"pk": proposal.pk})
    assert "Reason for lifting the confidentiality" in english.get(url).content.decode()
    data = {"title": proposal.title, "summary": "", "kind": proposal.kind, "owner": ""}
    data |= {"track": "", **PUBLIC}
    response = english.post(url, data)
    assert response.status_code == 200
    assert "Explain why the confidentiality is lifted" in response.content.decode()
    assert Proposal.objects.get(pk=proposal.pk).is_confidential
    response = english.post(url, data | {"disclosure_reason": "Besluit AB 18 december"})
    assert response.status_code == 302
    assert not Proposal.objects.get(pk=proposal.pk).is_confidential


def test_a_public_proposal_has_no_reason_field(english, ab, secretary):
    proposal = _scheduled(ab).route_step.proposal
    english.force_login(secretary)
    url = reverse("governance:proposal-edit", kwargs={"pk": proposal.pk})
    assert "disclosure_reason" not in english.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_migration_closes_public_items_of_confidential_proposals(ab):
    executor = MigrationExecutor(connection)
    executor.migrate([("governance", "0007_reminders")])
    old = executor.loader.project_state([("governance", "0007_reminders")]).apps
    Body = old.get_model("governance", "Body")
    body = Body.objects.get(pk=ab.pk)
    Meeting_ = old.get_model("governance", "Meeting")
    meeting = Meeting_.objects.create(
        body=body, starts_at=dt.datetime(2024, 7, 10, 14, tzinfo=TZ), location="Leiden"
    )
    Proposal_ = old.get_model("governance", "Proposal")
    User_ = old.get_model("governance", "User")
    author = User_.objects.create(username="migratie")

    def proposal(reference, **fields):
        return Proposal_.objects.create(
            reference=reference, title=reference, created_by=author, **fields
        )

    secret = proposal("VS-2024-900", **CONFIDENTIAL)
    open_ = proposal("VS-2024-901")
    RouteStep_ = old.get_model("governance", "RouteStep")
    AgendaItem_ = old.get_model("governance", "AgendaItem")
    items = []
    for order, parent in enumerate((secret, open_), start=1):
        step = RouteStep_.objects.create(
            proposal=parent, position=1, body=body, meeting=meeting, purpose="decide"
        )
        items.append(
            AgendaItem_.objects.create(
                meeting=meeting, route_step=step, order=order, number=str(order), title="Punt"
            )
        )

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    closed, untouched = (AgendaItem.objects.get(pk=item.pk) for item in items)
    assert closed.confidentiality == Confidentiality.CONFIDENTIAL
    assert closed.woo_ground == WooGround.ECONOMIC
    assert "0008" in closed.history.order_by("-history_id").first().history_change_reason
    assert untouched.confidentiality == Confidentiality.PUBLIC
    assert not untouched.history.exists()
