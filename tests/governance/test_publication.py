"""Publishing agendas and decision lists: the services, the rules of what is public
(``governance.publication``) and the secretariat's publication page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from governance import publication, services
from governance.models import AgendaPack, Confidentiality, Meeting, WooGround
from tests.factories import (
    AgendaItemFactory,
    DecisionFactory,
    DocumentFactory,
    ProposalFactory,
    RouteStepFactory,
)

CONFIDENTIAL = {"confidentiality": Confidentiality.CONFIDENTIAL, "woo_ground": WooGround.PRIVACY}


@pytest.fixture
def item(public_ab_meeting):
    return AgendaItemFactory(meeting=public_ab_meeting, title="Begroting 2027")


def _published(meeting, *, decisions: bool = False):
    meeting.agenda_published_at = timezone.now()
    if decisions:
        meeting.decisions_published_at = timezone.now()
    meeting.save()
    return meeting


# --- services -------------------------------------------------------------------------


def test_publishing_the_agenda_stamps_it_shows_its_phase_and_queues_both_packs(
    item, secretary, django_capture_on_commit_callbacks
):
    meeting = item.meeting
    with django_capture_on_commit_callbacks() as callbacks:
        services.agenda_publish(actor=secretary, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is not None
    assert meeting.status == Meeting.Status.PLANNED  # the date says it, not the status
    assert meeting.phase == Meeting.Phase.AGENDA_PUBLISHED
    assert meeting.calendar_sequence == 1  # calendar subscribers see it confirmed
    latest = meeting.history.first()
    assert latest.history_user == secretary
    assert latest.history_change_reason == gettext("Agenda published")
    packs = AgendaPack.objects.filter(meeting=meeting)
    assert sorted(packs.values_list("variant", "status")) == [
        ("members", AgendaPack.Status.QUEUED),
        ("public", AgendaPack.Status.QUEUED),
    ]
    assert len(callbacks) == 1  # one build task, enqueued after commit


def test_publishing_a_held_meetings_agenda_afterwards_keeps_its_status(item, secretary):
    Meeting.objects.filter(pk=item.meeting_id).update(status=Meeting.Status.HELD)
    services.agenda_publish(actor=secretary, meeting=item.meeting)
    item.meeting.refresh_from_db()
    assert item.meeting.status == Meeting.Status.HELD
    assert item.meeting.agenda_published_at is not None


@pytest.mark.parametrize("state", ["empty", "cancelled", "published"])
def test_publishing_is_refused_for_an_empty_cancelled_or_published_agenda(
    public_ab_meeting, secretary, state
):
    if state != "empty":
        AgendaItemFactory(meeting=public_ab_meeting)
    if state == "cancelled":
        public_ab_meeting.status = Meeting.Status.CANCELLED
        public_ab_meeting.save()
    if state == "published":
        _published(public_ab_meeting)
    before = public_ab_meeting.history.count()
    with pytest.raises(ValidationError):
        services.agenda_publish(actor=secretary, meeting=public_ab_meeting)
    assert public_ab_meeting.history.count() == before
    assert not AgendaPack.objects.exists()


@pytest.mark.parametrize(
    "service",
    [services.agenda_publish, services.decisions_publish],
)
def test_only_the_secretariat_publishes(item, manager, ab_member, service):
    DecisionFactory(agenda_item=item)
    for actor in (manager, ab_member):
        with pytest.raises(PermissionDenied):
            service(actor=actor, meeting=item.meeting)
    item.meeting.refresh_from_db()
    assert item.meeting.agenda_published_at is None
    assert item.meeting.decisions_published_at is None


@pytest.mark.parametrize("reason", ["", "   "])
def test_withdrawing_needs_a_reason_and_changes_nothing_without_one(item, secretary, reason):
    services.agenda_publish(actor=secretary, meeting=item.meeting)
    with pytest.raises(ValidationError) as exc:
        services.agenda_unpublish(actor=secretary, meeting=item.meeting, reason=reason)
    assert "reason" in exc.value.message_dict
    item.meeting.refresh_from_db()
    assert item.meeting.agenda_published_at is not None


def test_withdrawing_the_agenda_leaves_a_trace_with_the_reason(item, secretary):
    services.agenda_publish(actor=secretary, meeting=item.meeting)
    services.agenda_unpublish(actor=secretary, meeting=item.meeting, reason="Verkeerde bijlage")
    meeting = Meeting.objects.get(pk=item.meeting_id)
    assert meeting.agenda_published_at is None
    assert meeting.status == Meeting.Status.PLANNED
    assert meeting.calendar_sequence == 2
    assert "Verkeerde bijlage" in meeting.history.first().history_change_reason
    with pytest.raises(ValidationError):  # nothing left to withdraw
        services.agenda_unpublish(actor=secretary, meeting=meeting, reason="Nogmaals")


def test_the_decision_list_is_published_once_there_are_decisions(item, secretary):
    with pytest.raises(ValidationError):
        services.decisions_publish(actor=secretary, meeting=item.meeting)
    DecisionFactory(agenda_item=item)
    services.decisions_publish(actor=secretary, meeting=item.meeting)
    meeting = Meeting.objects.get(pk=item.meeting_id)
    assert meeting.decisions_published_at is not None
    assert meeting.status == Meeting.Status.PLANNED  # the decision list is no status
    with pytest.raises(ValidationError):
        services.decisions_publish(actor=secretary, meeting=meeting)
    services.decisions_unpublish(actor=secretary, meeting=meeting, reason="Tekst besluit 1 fout")
    meeting.refresh_from_db()
    assert meeting.decisions_published_at is None
    assert "Tekst besluit 1 fout" in meeting.history.first().history_change_reason


# --- what is public ------------------------------------------------------------------


@pytest.mark.parametrize("item_confidential", [False, True])
@pytest.mark.parametrize("proposal", [None, "public", "confidential"])
def test_the_python_twin_agrees_with_the_query(public_ab_meeting, item_confidential, proposal):
    kwargs = dict(CONFIDENTIAL) if item_confidential else {}
    if proposal is not None:
        step = RouteStepFactory(
            proposal=ProposalFactory(**(CONFIDENTIAL if proposal == "confidential" else {})),
            body=public_ab_meeting.body,
            meeting=public_ab_meeting,
        )
        kwargs["route_step"] = step
    item = AgendaItemFactory(meeting=_published(public_ab_meeting), **kwargs)
    expected = not item_confidential and proposal != "confidential"
    assert publication.is_public_item(item) is expected
    assert publication.public_items().filter(pk=item.pk).exists() is expected
    assert publication.published_items().filter(pk=item.pk).exists()


def test_items_of_an_unpublished_agenda_are_not_public(item):
    assert not publication.published_items().exists()
    assert not publication.public_items().exists()


def test_public_documents_are_the_open_ones_of_public_items_on_published_agendas(
    public_ab_meeting, closed_ab_meeting
):
    meeting = _published(public_ab_meeting)
    open_proposal = ProposalFactory()
    step = RouteStepFactory(proposal=open_proposal, body=meeting.body, meeting=meeting)
    public_item = AgendaItemFactory(meeting=meeting, route_step=step)
    secret_item = AgendaItemFactory(meeting=meeting, **CONFIDENTIAL)
    unpublished_item = AgendaItemFactory(meeting=closed_ab_meeting)
    expected = {
        DocumentFactory(agenda_item=public_item, title="Notitie"),
        DocumentFactory(proposal=open_proposal, title="Voorstel"),
    }
    DocumentFactory(agenda_item=public_item, is_confidential=True, title="Geheime bijlage")
    DocumentFactory(agenda_item=public_item, versions=0, title="Nog geen bestand")
    DocumentFactory(agenda_item=secret_item, title="Bij vertrouwelijk punt")
    DocumentFactory(agenda_item=unpublished_item, title="Niet gepubliceerd")
    DocumentFactory(proposal=ProposalFactory(), title="Voorstel elders")
    assert set(publication.public_documents()) == expected


def test_public_decisions_need_a_published_list_and_a_public_item(
    public_ab_meeting, closed_ab_meeting
):
    listed = DecisionFactory(agenda_item__meeting=_published(public_ab_meeting, decisions=True))
    DecisionFactory(agenda_item=AgendaItemFactory(meeting=public_ab_meeting, **CONFIDENTIAL))
    DecisionFactory(agenda_item__meeting=_published(closed_ab_meeting))  # list not published
    assert list(publication.public_decisions()) == [listed]


def test_the_portal_shows_public_meetings_and_meetings_with_a_publication(
    public_ab_meeting, closed_ab_meeting, closed_ac_meeting
):
    assert list(publication.portal_meetings()) == [public_ab_meeting]
    _published(closed_ac_meeting)
    assert set(publication.portal_meetings()) == {public_ab_meeting, closed_ac_meeting}
    assert closed_ab_meeting not in publication.portal_meetings()


# --- the publication page ----------------------------------------------------------


def _page(client, meeting):
    return client.get(reverse("governance:meeting-publication", kwargs={"pk": meeting.pk}))


def test_the_secretariat_publishes_and_withdraws_on_the_page(client, item, secretary):
    meeting = item.meeting
    client.force_login(secretary)
    page = _page(client, meeting)
    assert page.status_code == 200
    assert gettext("Publish the agenda") in page.content.decode()

    response = client.post(
        reverse("governance:meeting-publish-agenda", kwargs={"pk": meeting.pk}),
        {"confirm": "yes"},
        follow=True,
    )
    body = response.content.decode()
    assert gettext("The agenda has been published.") in body
    assert gettext("Withdraw the publication") in body
    assert reverse("governance:public-meeting", kwargs={"pk": meeting.pk}) in body

    url = reverse("governance:meeting-unpublish-agenda", kwargs={"pk": meeting.pk})
    refused = client.post(url, {"agenda-reason": ""})
    assert refused.status_code == 400
    assert 'aria-invalid="true"' in refused.content.decode()
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is not None

    done = client.post(url, {"agenda-reason": "Verkeerde versie"}, follow=True)
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is None
    log = done.content.decode()
    assert "Verkeerde versie" in log
    assert log.index("Verkeerde versie") < log.index(gettext("Agenda published"))  # newest first


def test_a_refused_publication_is_explained(client, public_ab_meeting, secretary):
    client.force_login(secretary)
    response = client.post(
        reverse("governance:meeting-publish-agenda", kwargs={"pk": public_ab_meeting.pk}),
        {"confirm": "yes"},
        follow=True,
    )
    assert gettext("The agenda is empty; add items before publishing it.") in (
        response.content.decode()
    )
    public_ab_meeting.refresh_from_db()
    assert public_ab_meeting.agenda_published_at is None


def test_the_publication_page_runs_a_fixed_number_of_queries(
    client, public_ab_meeting, secretary, django_assert_max_num_queries
):
    client.force_login(secretary)
    for _n in range(3):
        DecisionFactory(agenda_item=AgendaItemFactory(meeting=public_ab_meeting))
    services.agenda_publish(actor=secretary, meeting=public_ab_meeting)
    services.agenda_unpublish(actor=secretary, meeting=public_ab_meeting, reason="Een")
    services.agenda_publish(actor=secretary, meeting=public_ab_meeting)
    with django_assert_max_num_queries(12):
        assert _page(client, public_ab_meeting).status_code == 200


@pytest.mark.parametrize(
    ("changes", "rebuilds"), [({"location": "Raadzaal"}, True), ({"notes": "Koffie"}, False)]
)
def test_moving_a_published_meeting_rebuilds_its_packs(
    item, secretary, django_capture_on_commit_callbacks, changes, rebuilds
):
    services.agenda_publish(actor=secretary, meeting=item.meeting)
    AgendaPack.objects.update(status=AgendaPack.Status.READY)
    with django_capture_on_commit_callbacks() as callbacks:
        services.meeting_update(actor=secretary, meeting=item.meeting, **changes)
    assert len(callbacks) == (1 if rebuilds else 0)
    queued = AgendaPack.objects.filter(status=AgendaPack.Status.QUEUED).count()
    assert queued == (2 if rebuilds else 0)


@pytest.mark.parametrize(
    ("changes", "rebuilds"), [({"summary": "Nieuw"}, True), ({"kind": "information"}, False)]
)
def test_changing_a_proposal_on_a_published_agenda_rebuilds_its_packs(
    public_ab_meeting, secretary, django_capture_on_commit_callbacks, changes, rebuilds
):
    proposal = ProposalFactory()
    step = RouteStepFactory(
        proposal=proposal, body=public_ab_meeting.body, meeting=public_ab_meeting
    )
    AgendaItemFactory(meeting=public_ab_meeting, route_step=step)
    services.agenda_publish(actor=secretary, meeting=public_ab_meeting)
    AgendaPack.objects.update(status=AgendaPack.Status.READY)
    with django_capture_on_commit_callbacks() as callbacks:
        services.proposal_update(actor=secretary, proposal=proposal, **changes)
    assert len(callbacks) == (1 if rebuilds else 0)
    assert AgendaPack.objects.filter(status=AgendaPack.Status.QUEUED).count() == (
        2 if rebuilds else 0
    )
