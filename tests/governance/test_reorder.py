"""Reordering by drag and drop: moving an agenda item or a route step to a place (the
services, with history, permissions and refusals), the move URLs taking ``position``, and
the builder and route editor markup (design-system buttons, removing behind a
confirmation, the reorder hooks of js/reorder.js)."""

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from governance import services
from governance.models import RouteStep
from tests.factories import AgendaItemFactory, DecisionFactory
from tests.governance.route_helpers import NOW, bodies, meeting, pc_template


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


@pytest.fixture
def ab_meeting(ab):
    return meeting(ab, 2026, 7, 9, 14, is_public=True)


@pytest.fixture
def items(ab_meeting):
    return [
        AgendaItemFactory(meeting=ab_meeting, order=n, number=str(n), title=title)
        for n, title in enumerate(("Opening", "Notulen", "Kaderbrief", "Rondvraag"), start=1)
    ]


@pytest.fixture
def proposal(secretary, ab, db_body, ac):
    """Route BAO, AC, DB, AB (the P&C template)."""
    template = pc_template(bodies(ab, db_body, ac))
    return services.proposal_create(actor=secretary, title="Herstelplan", route_template=template)


def _titles(meeting_):
    return list(meeting_.agenda_items.order_by("order").values_list("number", "title"))


def _codes(proposal):
    return [step.body.code for step in proposal.steps.order_by("position")]


def _step(proposal, code):
    return proposal.steps.get(body__code=code)


# --- agenda items -------------------------------------------------------------------------


def test_place_moves_an_item_down_several_places_with_history(secretary, ab_meeting, items):
    services.agenda_item_place(actor=secretary, item=items[0], position=3)
    assert _titles(ab_meeting) == [
        ("1", "Notulen"),
        ("2", "Kaderbrief"),
        ("3", "Opening"),
        ("4", "Rondvraag"),
    ]
    record = items[0].history.order_by("-history_id").first()
    assert record.history_user == secretary
    assert record.history_change_reason == "Moved on the agenda"
    # The item that kept its place has no new history row.
    assert items[3].history.count() == 1


def test_place_moves_an_item_up(secretary, ab_meeting, items):
    services.agenda_item_place(actor=secretary, item=items[3], position=1)
    assert [title for _, title in _titles(ab_meeting)] == [
        "Rondvraag",
        "Opening",
        "Notulen",
        "Kaderbrief",
    ]


@pytest.mark.parametrize("position", [0, 5, -1])
def test_place_refuses_a_place_outside_the_agenda_in_dutch(secretary, ab_meeting, items, position):
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        services.agenda_item_place(actor=secretary, item=items[0], position=position)
    assert refused.value.messages == ["Kies een plaats van 1 tot en met 4."]
    assert _titles(ab_meeting)[0] == ("1", "Opening")


def test_place_needs_the_secretariat(manager, ab_member, items):
    for user in (manager, ab_member):
        with pytest.raises(PermissionDenied):
            services.agenda_item_place(actor=user, item=items[0], position=2)


def test_move_url_takes_a_position(english, secretary, ab_meeting, items):
    english.force_login(secretary)
    url = reverse("governance:agenda-item-move", kwargs={"pk": items[1].pk})
    response = english.post(url, {"position": "4"})
    assert response["Location"] == reverse(
        "governance:agenda-builder", kwargs={"pk": ab_meeting.pk}
    )
    assert _titles(ab_meeting)[3] == ("4", "Notulen")


@pytest.mark.parametrize("position", ["9", "x", "", "99999999"])
def test_move_url_refuses_a_bad_position(english, secretary, ab_meeting, items, position):
    english.force_login(secretary)
    url = reverse("governance:agenda-item-move", kwargs={"pk": items[1].pk})
    response = english.post(url, {"position": position}, follow=True)
    assert "Choose a place between 1 and 4." in response.content.decode()
    assert _titles(ab_meeting)[1] == ("2", "Notulen")


def test_builder_marks_the_rows_for_reordering_and_asks_before_removing(
    english, secretary, ab_meeting, items
):
    DecisionFactory(agenda_item=items[1])
    english.force_login(secretary)
    html = english.get(reverse("governance:agenda-builder", kwargs={"pk": ab_meeting.pk})).content
    html = html.decode()
    assert html.count("data-reorder-item=") == 4
    assert "js/reorder.js" in html
    assert html.count('class="hecht-confirm"') == 3  # not for the decided item
    assert "Remove item 1 “Opening” from the agenda?" in html
    assert (
        'utrecht-button--primary-action utrecht-button--danger" type="submit">Yes, remove' in html
    )
    # The move buttons stay plain forms (no htmx), the script takes them over.
    assert html.count("data-reorder-move") == 6
    assert (
        'hx-post="' + reverse("governance:agenda-item-move", kwargs={"pk": items[0].pk}) not in html
    )


# --- route steps --------------------------------------------------------------------------


def test_route_step_place_moves_a_step_with_history(secretary, proposal):
    step = _step(proposal, "BAO")
    services.route_step_place(actor=secretary, step=step, position=3)
    assert _codes(proposal) == ["AC", "DB", "BAO", "AB"]
    record = step.history.order_by("-history_id").first()
    assert (record.position, record.history_user) == (3, secretary)
    assert record.history_change_reason == "Route step moved to place 3"
    # The parking move leaves no history row: created, then placed.
    assert step.history.count() == 2
    assert _step(proposal, "AB").history.count() == 1  # did not move
    services.route_step_place(actor=secretary, step=_step(proposal, "AB"), position=1)
    assert _codes(proposal) == ["AB", "AC", "DB", "BAO"]


def test_route_step_place_refuses_passing_a_treated_step(secretary, proposal):
    RouteStep.objects.filter(pk=_step(proposal, "AC").pk).update(
        outcome=RouteStep.Outcome.ADVISED_POSITIVE
    )
    with pytest.raises(ValidationError):
        services.route_step_place(actor=secretary, step=_step(proposal, "DB"), position=1)
    assert _codes(proposal) == ["BAO", "AC", "DB", "AB"]
    services.route_step_place(actor=secretary, step=_step(proposal, "AB"), position=3)
    assert _codes(proposal) == ["BAO", "AC", "AB", "DB"]


@pytest.mark.parametrize("position", [0, 5])
def test_route_step_place_refuses_a_place_outside_the_route_in_dutch(secretary, proposal, position):
    with translation.override("nl"), pytest.raises(ValidationError) as refused:
        services.route_step_place(actor=secretary, step=_step(proposal, "AC"), position=position)
    assert refused.value.messages == ["Kies een plaats van 1 tot en met 4."]


def test_route_step_place_keeps_the_meetings_in_route_order(secretary, proposal, ab, ac):
    services.route_step_schedule(
        actor=secretary, step=_step(proposal, "AC"), meeting=meeting(ac, 2026, 6, 16, 15)
    )
    services.route_step_schedule(
        actor=secretary, step=_step(proposal, "AB"), meeting=meeting(ab, 2026, 7, 9, 14)
    )
    with pytest.raises(ValidationError):
        services.route_step_place(actor=secretary, step=_step(proposal, "AB"), position=1)
    assert _codes(proposal) == ["BAO", "AC", "DB", "AB"]


def test_route_step_place_needs_the_permission(manager, ab_member, proposal):
    with pytest.raises(PermissionDenied):
        services.route_step_place(actor=ab_member, step=_step(proposal, "AC"), position=1)


def test_route_move_url_takes_a_position(english, secretary, proposal):
    english.force_login(secretary)
    move = reverse("governance:route-step-move", kwargs={"pk": _step(proposal, "AB").pk})
    response = english.post(move, {"position": "2"})
    assert response["Location"] == reverse("governance:proposal-route", kwargs={"pk": proposal.pk})
    assert _codes(proposal) == ["BAO", "AB", "AC", "DB"]
    refused = english.post(move, {"position": "7"})
    assert refused.status_code == 200
    assert "Choose a place between 1 and 4." in refused.content.decode()
    assert refused.content.decode().count("<title>Error: ") == 1


def test_route_editor_marks_steps_for_reordering_and_asks_before_removing(
    english, secretary, proposal
):
    english.force_login(secretary)
    html = english.get(reverse("governance:proposal-route", kwargs={"pk": proposal.pk}))
    html = html.content.decode()
    assert html.count("data-reorder-item=") == 4
    assert "js/reorder.js" in html
    assert html.count('class="hecht-confirm"') == 4
    assert "Remove step 1 (" in html
    assert "utrecht-button--danger" in html
    assert 'aria-live="polite" data-reorder-status' in html
