"""The agenda: services (add, change, move, remove, renumbering, locks on held meetings),
the agenda builder (with and without htmx), the document status per item and the
agenda on the meeting page."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from governance import services
from governance.models import AgendaItem, Confidentiality, Meeting, RouteStep, WooGround
from governance.queries.agenda import item_document_status
from tests.factories import (
    AgendaItemFactory,
    DecisionFactory,
    DocumentFactory,
    ProposalFactory,
    RouteStepFactory,
)
from tests.governance.route_helpers import NOW, at, meeting


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


@pytest.fixture
def ab_meeting(ab):
    """AB 9 July 2026 (lead time 10 working days: documents due 25 June 12:00)."""
    return meeting(ab, 2026, 7, 9, 14, is_public=True)


@pytest.fixture
def items(ab_meeting):
    return [
        AgendaItemFactory(meeting=ab_meeting, order=n, number=str(n), title=title)
        for n, title in enumerate(("Opening", "Notulen", "Kaderbrief", "Rondvraag"), start=1)
    ]


def _titles(meeting_):
    return list(meeting_.agenda_items.order_by("order").values_list("number", "title"))


# --- services -----------------------------------------------------------------------------


def test_add_appends_and_numbers(secretary, ab_meeting, items):
    item = services.agenda_item_add(
        actor=secretary,
        meeting=ab_meeting,
        title=" Mededelingen ",
        kind=AgendaItem.Kind.FORMAL,
        description="",
        confidentiality="public",
        woo_ground="",
        requires_documents=False,
    )
    assert (item.number, item.order, item.title) == ("5", 5, "Mededelingen")
    record = item.history.get()
    assert record.history_user == secretary
    assert record.history_change_reason == "Added to the agenda"


def test_move_renumbers_with_history(secretary, ab_meeting, items):
    services.agenda_item_move(actor=secretary, item=items[2], direction="up")
    assert _titles(ab_meeting) == [
        ("1", "Opening"),
        ("2", "Kaderbrief"),
        ("3", "Notulen"),
        ("4", "Rondvraag"),
    ]
    record = items[2].history.order_by("-history_id").first()
    assert record.history_user == secretary
    assert record.history_change_reason == "Moved on the agenda"
    # The first item cannot move further up: nothing changes.
    services.agenda_item_move(actor=secretary, item=items[0], direction="up")
    assert _titles(ab_meeting)[0] == ("1", "Opening")


def test_remove_renumbers_the_rest(secretary, ab_meeting, items):
    services.agenda_item_remove(actor=secretary, item=items[1])
    assert _titles(ab_meeting) == [("1", "Opening"), ("2", "Kaderbrief"), ("3", "Rondvraag")]
    deleted = AgendaItem.history.filter(history_type="-").get()
    assert deleted.history_user == secretary
    assert deleted.history_change_reason == "Removed from the agenda"
    renumbered = items[3].history.order_by("-history_id").first()
    assert renumbered.history_change_reason == "Renumbered"


def test_removing_a_proposals_item_unschedules_its_step(secretary, ab, ab_meeting):
    proposal = services.proposal_create(actor=secretary, title="Kaderbrief")
    step = services.route_step_add(actor=secretary, proposal=proposal, body=ab, purpose="decide")
    services.route_step_schedule(actor=secretary, step=step, meeting=ab_meeting)
    item = AgendaItem.objects.get(route_step=step)
    services.agenda_item_remove(actor=secretary, item=item)
    step.refresh_from_db()
    assert step.meeting is None
    assert not ab_meeting.agenda_items.exists()


def test_item_with_a_decision_is_not_removed(secretary, ab_meeting, items):
    DecisionFactory(agenda_item=items[2])
    with pytest.raises(ValidationError):
        services.agenda_item_remove(actor=secretary, item=items[2])
    assert ab_meeting.agenda_items.count() == 4


def test_published_agenda_can_still_be_reordered_and_shortened(secretary, ab_meeting, items):
    services.agenda_publish(actor=secretary, meeting=ab_meeting)
    services.agenda_item_move(actor=secretary, item=items[3], direction="up")
    assert _titles(ab_meeting)[2] == ("3", "Rondvraag")
    services.agenda_item_remove(actor=secretary, item=items[1])
    assert _titles(ab_meeting) == [("1", "Opening"), ("2", "Rondvraag"), ("3", "Kaderbrief")]


@pytest.mark.parametrize("status", [Meeting.Status.HELD, Meeting.Status.MINUTES_ADOPTED])
def test_held_meeting_agenda_is_frozen(secretary, ab_meeting, items, status):
    ab_meeting.status = status
    ab_meeting.save()
    with pytest.raises(ValidationError, match="has been held"):
        services.agenda_item_move(actor=secretary, item=items[1], direction="down")
    with pytest.raises(ValidationError, match="has been held"):
        services.agenda_item_add(actor=secretary, meeting=ab_meeting, title="Laat", kind="formal")
    with pytest.raises(ValidationError, match="has been held"):
        services.agenda_item_update(actor=secretary, item=items[1], title="Nieuw")
    with pytest.raises(ValidationError, match="has been held"):
        services.agenda_item_remove(actor=secretary, item=items[1])
    assert _titles(ab_meeting)[1] == ("2", "Notulen")


def test_update_checks_the_woo_ground(secretary, items):
    with pytest.raises(ValidationError) as error:
        services.agenda_item_update(
            actor=secretary, item=items[2], confidentiality=Confidentiality.CONFIDENTIAL
        )
    assert "woo_ground" in error.value.error_dict
    services.agenda_item_update(
        actor=secretary,
        item=items[2],
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.ECONOMIC,
    )
    items[2].refresh_from_db()
    assert items[2].is_confidential


def test_agenda_changes_need_the_secretariat(manager, ab_member, ab_meeting, items):
    for user in (manager, ab_member):
        with pytest.raises(PermissionDenied):
            services.agenda_item_move(actor=user, item=items[1], direction="up")
        with pytest.raises(PermissionDenied):
            services.agenda_item_remove(actor=user, item=items[1])
        with pytest.raises(PermissionDenied):
            services.agenda_item_add(actor=user, meeting=ab_meeting, title="X", kind="formal")


# --- document status ----------------------------------------------------------------------


def test_document_status_per_item(secretary, ab, ab_meeting):
    deadline = at(2026, 6, 25, 12)
    proposal = ProposalFactory()
    step = RouteStepFactory(proposal=proposal, body=ab, meeting=ab_meeting)
    via_proposal = AgendaItemFactory(meeting=ab_meeting, route_step=step, order=1)
    DocumentFactory(proposal=proposal, delivered_at=deadline - dt.timedelta(days=3))
    on_time = AgendaItemFactory(meeting=ab_meeting, order=2)
    DocumentFactory(agenda_item=on_time, delivered_at=deadline)
    late = AgendaItemFactory(meeting=ab_meeting, order=3)
    DocumentFactory(agenda_item=late, delivered_at=deadline - dt.timedelta(days=1))
    DocumentFactory(agenda_item=late, delivered_at=at(2026, 6, 30, 9))  # Tue after Thu
    missing = AgendaItemFactory(meeting=ab_meeting, order=4)
    none_expected = AgendaItemFactory(meeting=ab_meeting, order=5, requires_documents=False)
    statuses = item_document_status(
        AgendaItem.objects.select_related("meeting__body", "route_step"), user=secretary
    )
    assert statuses[via_proposal.pk].state == "delivered"
    assert statuses[on_time.pk].state == "delivered"
    assert statuses[late.pk].state == "late"
    assert statuses[late.pk].late_working_days == 3  # Fri 26, Mon 29, Tue 30 June
    assert statuses[missing.pk].state == "missing"
    assert statuses[none_expected.pk].state is None
    assert statuses[missing.pk].deadline == deadline


def test_document_status_counts_only_documents_the_user_may_see(ab_member, ab, ab_meeting):
    item = AgendaItemFactory(meeting=ab_meeting)
    DocumentFactory(agenda_item=item, is_confidential=True)
    AgendaItem.objects.filter(pk=item.pk)
    other_member_statuses = item_document_status(
        AgendaItem.objects.select_related("meeting__body", "route_step"), user=ab_member
    )
    assert other_member_statuses[item.pk].state == "delivered"  # AB member sees it


# --- meeting detail ------------------------------------------------------------------------


def _fill(meeting_, count, start):
    for n in range(start, start + count):
        item = AgendaItemFactory(meeting=meeting_, order=n, number=str(n))
        if n % 2:
            DocumentFactory(agenda_item=item)


def test_meeting_detail_agenda_query_count_is_constant(client, secretary, ab_meeting):
    client.force_login(secretary)
    url = reverse("governance:meeting-detail", kwargs={"pk": ab_meeting.pk})
    _fill(ab_meeting, 3, 1)
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert len(response.context["agenda"]) == 3
    _fill(ab_meeting, 27, 4)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["agenda"]) == 30
    assert len(many.captured_queries) == len(few.captured_queries)


def test_meeting_detail_shows_status_deadline_and_links(english, secretary, ab_meeting):
    late = AgendaItemFactory(meeting=ab_meeting, order=1, title="Jaarrekening")
    DocumentFactory(agenda_item=late, delivered_at=at(2026, 6, 29, 9))
    AgendaItemFactory(meeting=ab_meeting, order=2, title="Kaderbrief")
    english.force_login(secretary)
    html = english.get(reverse("governance:meeting-detail", kwargs={"pk": ab_meeting.pk}))
    html = html.content.decode()
    assert "late by 2 working days" in html
    assert "missing" in html
    assert "Thursday 25 June 2026, 12:00" in html
    assert reverse("governance:agenda-builder", kwargs={"pk": ab_meeting.pk}) in html
    assert reverse("governance:decision-list", kwargs={"pk": ab_meeting.pk}) in html
    assert reverse("governance:agenda-item-detail", kwargs={"pk": late.pk}) in html


def test_meeting_detail_hides_confidential_items_from_outsiders(
    client, outsider, ab_member, ab_meeting
):
    AgendaItemFactory(meeting=ab_meeting, order=1, title="Openbaar punt")
    AgendaItemFactory(
        meeting=ab_meeting,
        order=2,
        title="Geheim punt",
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.ECONOMIC,
    )
    url = reverse("governance:meeting-detail", kwargs={"pk": ab_meeting.pk})
    draft = client.get(url).content.decode()
    assert "Openbaar punt" not in draft  # a draft agenda is for the insiders only
    assert "De agenda van deze vergadering is nog niet gepubliceerd." in draft  # Dutch default
    ab_meeting.agenda_published_at = timezone.now()
    ab_meeting.save()
    anonymous = client.get(url).content.decode()
    assert "Openbaar punt" in anonymous and "Geheim punt" not in anonymous
    assert "missing" not in anonymous  # documents need a login: no status for the public
    client.force_login(outsider)
    html = client.get(url).content.decode()
    assert "Openbaar punt" in html and "Geheim punt" not in html
    assert reverse("governance:agenda-builder", kwargs={"pk": ab_meeting.pk}) not in html
    client.force_login(ab_member)
    assert "Geheim punt" in client.get(url).content.decode()


# --- the agenda builder ---------------------------------------------------------------------


def test_builder_adds_an_item_without_proposal(english, secretary, ab_meeting, items):
    english.force_login(secretary)
    url = reverse("governance:agenda-builder", kwargs={"pk": ab_meeting.pk})
    page = english.get(url)
    assert page.status_code == 200
    assert "move item 3 “Kaderbrief” up" in page.content.decode()
    response = english.post(
        url,
        {
            "title": "Mededelingen",
            "kind": "formal",
            "description": "",
            "confidentiality": "public",
            "woo_ground": "",
        },
    )
    assert response.status_code == 302 and response["Location"] == url
    assert _titles(ab_meeting)[-1] == ("5", "Mededelingen")


def test_builder_add_error_rerenders(english, secretary, ab_meeting):
    english.force_login(secretary)
    url = reverse("governance:agenda-builder", kwargs={"pk": ab_meeting.pk})
    response = english.post(
        url, {"title": "Geheim", "kind": "formal", "confidentiality": "confidential"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["woo_ground"]
    assert not ab_meeting.agenda_items.exists()


def test_move_without_javascript_redirects_back(english, secretary, ab_meeting, items):
    english.force_login(secretary)
    url = reverse("governance:agenda-item-move", kwargs={"pk": items[3].pk})
    response = english.post(url, {"direction": "up"})
    assert response["Location"] == reverse(
        "governance:agenda-builder", kwargs={"pk": ab_meeting.pk}
    )
    assert _titles(ab_meeting)[2] == ("3", "Rondvraag")


def test_move_with_htmx_returns_the_list_in_place(english, secretary, ab_meeting, items):
    english.force_login(secretary)
    url = reverse("governance:agenda-item-move", kwargs={"pk": items[0].pk})
    response = english.post(url, {"direction": "down"}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert html.lstrip().startswith('<div id="agenda-list" ')
    assert html.index("Notulen") < html.index("Opening")


def test_delete_refusal_is_shown(english, secretary, ab_meeting, items):
    DecisionFactory(agenda_item=items[1])
    english.force_login(secretary)
    url = reverse("governance:agenda-item-delete", kwargs={"pk": items[1].pk})
    response = english.post(url, follow=True)
    assert "already has a decision" in response.content.decode()
    assert ab_meeting.agenda_items.count() == 4
    htmx = english.post(url, headers={"HX-Request": "true"})
    assert "already has a decision" in htmx.content.decode()


def test_edit_page_changes_the_item(english, secretary, items):
    english.force_login(secretary)
    url = reverse("governance:agenda-item-edit", kwargs={"pk": items[2].pk})
    assert english.get(url).status_code == 200
    response = english.post(
        url,
        {
            "title": "Kaderbrief 2027",
            "kind": "decision",
            "description": "Met bijlage.",
            "confidentiality": "public",
            "woo_ground": "",
            "requires_documents": "on",
        },
    )
    assert response.status_code == 302
    items[2].refresh_from_db()
    assert items[2].title == "Kaderbrief 2027"
    assert items[2].history.order_by("-history_id").first().history_user == secretary


def test_builder_shows_route_step_items_as_such(english, secretary, ab, ab_meeting):
    proposal = services.proposal_create(actor=secretary, title="Begroting 2027")
    step = services.route_step_add(actor=secretary, proposal=proposal, body=ab, purpose="decide")
    services.route_step_schedule(actor=secretary, step=step, meeting=ab_meeting)
    english.force_login(secretary)
    html = english.get(reverse("governance:agenda-builder", kwargs={"pk": ab_meeting.pk}))
    # {% translate %} does not escape: the apostrophe is printed as is.
    assert '</a> <span class="hecht-muted hecht-cell-note">from a proposal\'s route</span>' in (
        html.content.decode()
    )
    assert RouteStep.objects.get().meeting == ab_meeting


def test_builder_query_count_is_constant(client, secretary, ab_meeting):
    client.force_login(secretary)
    url = reverse("governance:agenda-builder", kwargs={"pk": ab_meeting.pk})
    _fill(ab_meeting, 2, 1)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _fill(ab_meeting, 20, 3)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["rows"]) == 22
    assert len(many.captured_queries) == len(few.captured_queries)


def test_builder_of_a_held_meeting_offers_no_changes(english, secretary, ab_meeting, items):
    ab_meeting.status = Meeting.Status.HELD
    ab_meeting.save()
    english.force_login(secretary)
    response = english.get(reverse("governance:agenda-builder", kwargs={"pk": ab_meeting.pk}))
    html = response.content.decode()
    assert "its agenda can no longer be changed" in html
    assert reverse("governance:agenda-item-move", kwargs={"pk": items[0].pk}) not in html
    assert "Add an item without proposal" not in html


def test_builder_offers_no_remove_button_for_a_decided_item(english, secretary, ab_meeting, items):
    DecisionFactory(agenda_item=items[1])
    english.force_login(secretary)
    response = english.get(reverse("governance:agenda-builder", kwargs={"pk": ab_meeting.pk}))
    html = response.content.decode()
    assert reverse("governance:agenda-item-delete", kwargs={"pk": items[1].pk}) not in html
    assert reverse("governance:agenda-item-delete", kwargs={"pk": items[2].pk}) in html
