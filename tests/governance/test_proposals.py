"""Proposals: the services (references, route from template, route editing and
scheduling, withdrawal) and the pages (list, detail with route timeline, forms, route
editor, history), with visibility and query counts."""

import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from governance import services
from governance.models import (
    AgendaItem,
    Confidentiality,
    Meeting,
    Proposal,
    RouteStep,
    StepPurpose,
    WooGround,
)
from governance.services.proposals import next_reference
from tests.factories import (
    AgendaItemFactory,
    DecisionFactory,
    DocumentFactory,
    ProposalFactory,
    RouteStepFactory,
    TrackFactory,
)
from tests.governance.route_helpers import NOW, at, bodies, meeting, pc_template


@pytest.fixture(autouse=True)
def _now():
    # English, so history reasons and messages do not depend on the Dutch catalogue.
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


@pytest.fixture
def route_bodies(ab, db_body, ac):
    return bodies(ab, db_body, ac)


@pytest.fixture
def template(route_bodies):
    return pc_template(route_bodies)


@pytest.fixture
def proposal(secretary, template):
    return services.proposal_create(
        actor=secretary, title="Herstelplan eigen vermogen", route_template=template
    )


def _step(proposal, code):
    return proposal.steps.get(body__code=code)


def _latest(obj):
    return obj.history.order_by("-history_id").first()


# --- proposal_create --------------------------------------------------------------------


def test_references_count_up_per_year(secretary, manager):
    first = services.proposal_create(actor=secretary, title="Eerste")
    second = services.proposal_create(actor=manager, title="Tweede")
    assert (first.reference, second.reference) == ("VS-2026-001", "VS-2026-002")
    ProposalFactory(reference="VS-2026-041")
    ProposalFactory(reference="VS-2025-099")
    assert next_reference(2026) == "VS-2026-042"
    assert next_reference(2027) == "VS-2027-001"


def test_a_taken_reference_is_retried_with_the_next_number(secretary, monkeypatch):
    ProposalFactory(reference="VS-2026-001")
    calls = iter(["VS-2026-001", "VS-2026-002"])
    monkeypatch.setattr("governance.services.proposals.next_reference", lambda year: next(calls))
    # Skip full_clean's unique check so the database constraint speaks, as in a race.
    monkeypatch.setattr(Proposal, "validate_unique", lambda self, exclude=None: None)
    proposal = services.proposal_create(actor=secretary, title="Gelijktijdig")
    assert proposal.reference == "VS-2026-002"
    assert Proposal.objects.filter(reference="VS-2026-002").count() == 1


def test_template_becomes_the_route_with_history(secretary, proposal):
    steps = list(proposal.steps.order_by("position"))
    assert [(s.position, s.body.code, s.purpose) for s in steps] == [
        (1, "BAO", StepPurpose.ADVISE),
        (2, "AC", StepPurpose.ADVISE),
        (3, "DB", StepPurpose.ADVISE),
        (4, "AB", StepPurpose.DECIDE),
    ]
    assert proposal.status == Proposal.Status.DRAFT
    assert proposal.created_by == secretary
    record = proposal.history.get()
    assert record.history_user == secretary
    assert record.history_change_reason == "Proposal registered"
    assert all(step.history.get().history_user == secretary for step in steps)


def test_confidential_proposal_needs_a_woo_ground_and_nothing_is_saved(secretary):
    with pytest.raises(ValidationError) as error:
        services.proposal_create(
            actor=secretary, title="Geheim", confidentiality=Confidentiality.CONFIDENTIAL
        )
    assert "woo_ground" in error.value.error_dict
    assert not Proposal.objects.exists()


def test_only_secretariat_and_management_register_proposals(ab_member, contact_official):
    for user in (ab_member, contact_official):
        with pytest.raises(PermissionDenied):
            services.proposal_create(actor=user, title="Niet toegestaan")


# --- proposal_update / withdraw -------------------------------------------------------------


def test_update_carries_title_and_confidentiality_to_open_items(secretary, proposal, route_bodies):
    ab_meeting = meeting(route_bodies["AB"], 2026, 7, 9, 14)
    services.route_step_schedule(actor=secretary, step=_step(proposal, "AB"), meeting=ab_meeting)
    services.proposal_update(
        actor=secretary,
        proposal=proposal,
        title="Herstelplan eigen vermogen 2026",
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.ECONOMIC,
    )
    item = AgendaItem.objects.get()
    assert item.title == "Herstelplan eigen vermogen 2026"
    assert item.confidentiality == Confidentiality.CONFIDENTIAL
    assert item.woo_ground == WooGround.ECONOMIC
    assert _latest(proposal).history_change_reason.startswith("Changed: ")


def test_withdraw_removes_items_of_meetings_not_held_without_a_decision(
    secretary, proposal, route_bodies
):
    bao = meeting(route_bodies["BAO"], 2026, 6, 9, 9)
    ac = meeting(route_bodies["AC"], 2026, 6, 16, 15)
    db = meeting(route_bodies["DB"], 2026, 6, 24, 10)
    services.route_step_schedule(actor=secretary, step=_step(proposal, "BAO"), meeting=bao)
    services.route_step_schedule(actor=secretary, step=_step(proposal, "AC"), meeting=ac)
    services.route_step_schedule(actor=secretary, step=_step(proposal, "DB"), meeting=db)
    AgendaItemFactory(meeting=ac, order=9, number="9", title="Rondvraag", kind="formal")
    services.agenda_publish(actor=secretary, meeting=ac)
    decided = AgendaItem.objects.get(route_step=_step(proposal, "DB"))
    DecisionFactory(agenda_item=decided, outcome="postponed")
    services.proposal_withdraw(actor=secretary, proposal=proposal, reason="Ingehaald")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    assert not bao.agenda_items.exists()
    assert _step(proposal, "BAO").meeting is None
    # A published agenda loses the item too, and is renumbered.
    assert list(ac.agenda_items.values_list("number", "title")) == [("1", "Rondvraag")]
    assert _step(proposal, "AC").meeting is None
    # The item with a decision stays.
    assert AgendaItem.objects.filter(pk=decided.pk, meeting=db).exists()
    assert _latest(proposal).history_change_reason == "Withdrawn: Ingehaald"
    removed = AgendaItem.history.filter(history_type="-", route_step_id=_step(proposal, "AC").pk)
    assert removed.get().history_user == secretary
    with pytest.raises(ValidationError):
        services.route_step_add(
            actor=secretary, proposal=proposal, body=route_bodies["AB"], purpose="decide"
        )


def test_withdraw_needs_a_reason(secretary, proposal):
    with pytest.raises(ValidationError):
        services.proposal_withdraw(actor=secretary, proposal=proposal, reason="  ")
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.DRAFT


# --- route editing ----------------------------------------------------------------------------


def test_add_step_in_the_middle_shifts_the_later_steps(secretary, proposal, route_bodies):
    services.route_step_add(
        actor=secretary,
        proposal=proposal,
        body=route_bodies["DB"],
        purpose=StepPurpose.DISCUSS,
        position=2,
    )
    assert [s.body.code for s in proposal.steps.order_by("position")] == [
        "BAO",
        "DB",
        "AC",
        "DB",
        "AB",
    ]
    assert list(proposal.steps.order_by("position").values_list("position", flat=True)) == [
        1,
        2,
        3,
        4,
        5,
    ]


def test_remove_step_renumbers_and_removes_its_item(secretary, proposal, route_bodies):
    bao = meeting(route_bodies["BAO"], 2026, 6, 9, 9)
    services.route_step_schedule(actor=secretary, step=_step(proposal, "BAO"), meeting=bao)
    services.route_step_remove(actor=secretary, step=_step(proposal, "BAO"))
    assert [s.body.code for s in proposal.steps.order_by("position")] == ["AC", "DB", "AB"]
    assert proposal.steps.order_by("position").first().position == 1
    assert not bao.agenda_items.exists()
    deleted = RouteStep.history.filter(history_type="-").get()
    assert deleted.history_user == secretary


def test_move_step_swaps_with_its_neighbour_with_history(secretary, proposal):
    step = _step(proposal, "AC")
    services.route_step_move(actor=secretary, step=step, direction="up")
    assert [s.body.code for s in proposal.steps.order_by("position")] == [
        "AC",
        "BAO",
        "DB",
        "AB",
    ]
    # One history row per moved step (the parking move leaves none).
    assert step.history.count() == 2
    assert _latest(step).history_change_reason == "Route step moved up"
    assert _latest(step).position == 1


def test_move_that_breaks_meeting_order_is_refused(secretary, proposal, route_bodies):
    services.route_step_schedule(
        actor=secretary,
        step=_step(proposal, "BAO"),
        meeting=meeting(route_bodies["BAO"], 2026, 6, 9, 9),
    )
    services.route_step_schedule(
        actor=secretary,
        step=_step(proposal, "AC"),
        meeting=meeting(route_bodies["AC"], 2026, 6, 16, 15),
    )
    with pytest.raises(ValidationError):
        services.route_step_move(actor=secretary, step=_step(proposal, "AC"), direction="up")
    assert _step(proposal, "AC").position == 2


# --- scheduling ---------------------------------------------------------------------------------


def test_schedule_creates_the_item_at_the_end_and_puts_the_proposal_in_route(
    secretary, proposal, route_bodies
):
    ab_meeting = meeting(route_bodies["AB"], 2026, 7, 9, 14)
    AgendaItemFactory(meeting=ab_meeting, order=1, number="1", title="Opening")
    step = services.route_step_schedule(
        actor=secretary, step=_step(proposal, "AB"), meeting=ab_meeting
    )
    item = AgendaItem.objects.get(route_step=step)
    assert (item.number, item.order, item.title) == ("2", 2, "Herstelplan eigen vermogen")
    assert item.kind == AgendaItem.Kind.DECISION
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.IN_ROUTE
    assert _latest(step).history_change_reason.startswith("Scheduled for AB")
    assert _latest(item).history_user == secretary


def test_rescheduling_moves_the_item_and_renumbers_both_agendas(secretary, proposal, route_bodies):
    first = meeting(route_bodies["AB"], 2026, 7, 9, 14)
    second = meeting(route_bodies["AB"], 2026, 7, 16, 14)
    step = _step(proposal, "AB")
    services.route_step_schedule(actor=secretary, step=step, meeting=first)
    other = AgendaItemFactory(meeting=first, order=5, number="5", title="Rondvraag")
    item = AgendaItem.objects.get(route_step=step)
    services.route_step_schedule(actor=secretary, step=step, meeting=second)
    item.refresh_from_db()
    other.refresh_from_db()
    assert item.meeting == second and item.number == "1"
    assert other.number == "1"  # the first agenda closed the gap
    assert AgendaItem.objects.filter(route_step=step).count() == 1


@pytest.mark.parametrize("problem", ["wrong_body", "held", "cancelled", "past", "out_of_order"])
def test_scheduling_refusals_save_nothing(secretary, proposal, route_bodies, problem):
    ab_step = _step(proposal, "AB")
    if problem == "wrong_body":
        target, step = meeting(route_bodies["DB"], 2026, 7, 1, 10), ab_step
    elif problem == "held":
        target = meeting(route_bodies["AB"], 2026, 7, 9, 14, status=Meeting.Status.HELD)
        step = ab_step
    elif problem == "cancelled":
        target = meeting(route_bodies["AB"], 2026, 7, 9, 14, status=Meeting.Status.CANCELLED)
        step = ab_step
    elif problem == "past":
        target, step = meeting(route_bodies["AB"], 2026, 5, 20, 14), ab_step
    else:
        services.route_step_schedule(
            actor=secretary, step=ab_step, meeting=meeting(route_bodies["AB"], 2026, 7, 9, 14)
        )
        target, step = meeting(route_bodies["DB"], 2026, 7, 15, 10), _step(proposal, "DB")
    items_before = AgendaItem.objects.count()
    with pytest.raises(ValidationError):
        services.route_step_schedule(actor=secretary, step=step, meeting=target)
    step.refresh_from_db()
    assert step.meeting_id != target.pk
    assert AgendaItem.objects.count() == items_before
    assert not target.agenda_items.exists()


def test_unscheduling_is_refused_once_the_item_has_a_decision(secretary, proposal, route_bodies):
    ab_meeting = meeting(route_bodies["AB"], 2026, 7, 9, 14)
    step = _step(proposal, "AB")
    services.route_step_schedule(actor=secretary, step=step, meeting=ab_meeting)
    decision = DecisionFactory(agenda_item=AgendaItem.objects.get(route_step=step))
    with pytest.raises(ValidationError):
        services.route_step_schedule(actor=secretary, step=step, meeting=None)
    assert ab_meeting.agenda_items.count() == 1
    decision.delete()
    services.agenda_publish(actor=secretary, meeting=ab_meeting)
    services.route_step_schedule(actor=secretary, step=step, meeting=None)
    assert not ab_meeting.agenda_items.exists()
    step.refresh_from_db()
    assert step.meeting is None


def test_route_editing_needs_the_route_permission(manager, proposal, route_bodies):
    with pytest.raises(PermissionDenied):
        services.route_step_schedule(
            actor=manager,
            step=_step(proposal, "AB"),
            meeting=meeting(route_bodies["AB"], 2026, 7, 9, 14),
        )


# --- pages ------------------------------------------------------------------------------------


def _many_proposals(count, route_bodies, ab_meeting):
    for n in range(count):
        proposal = ProposalFactory(title=f"Voorstel {n}")
        RouteStepFactory(proposal=proposal, position=1, body=route_bodies["DB"])
        RouteStepFactory(proposal=proposal, position=2, body=route_bodies["AB"], meeting=ab_meeting)


def test_list_query_count_does_not_grow(client, ab_member, route_bodies):
    ab_meeting = meeting(route_bodies["AB"], 2026, 7, 9, 14, is_public=True)
    _many_proposals(3, route_bodies, ab_meeting)
    client.force_login(ab_member)
    url = reverse("governance:proposal-list")
    with CaptureQueriesContext(connection) as few:
        response = client.get(url)
    assert len(response.context["rows"]) == 3
    _many_proposals(37, route_bodies, ab_meeting)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["rows"]) == 25
    assert len(many.captured_queries) == len(few.captured_queries)


def test_list_filters(english, secretary, route_bodies):
    track = TrackFactory()
    via_ac = ProposalFactory(title="Jaarrekening", track=track)
    RouteStepFactory(proposal=via_ac, position=1, body=route_bodies["AC"])
    RouteStepFactory(proposal=via_ac, position=2, body=route_bodies["AB"])
    info = ProposalFactory(title="Informatie", kind=Proposal.Kind.INFORMATION)
    RouteStepFactory(proposal=info, position=1, body=route_bodies["AB"])
    withdrawn = ProposalFactory(title="Oud", status=Proposal.Status.WITHDRAWN)
    english.force_login(secretary)
    url = reverse("governance:proposal-list")

    def titles(**params):
        return {row.proposal.title for row in english.get(url, params).context["rows"]}

    assert titles() == {"Jaarrekening", "Informatie", "Oud"}
    assert titles(body=route_bodies["AB"].pk) == {"Jaarrekening", "Informatie"}
    assert titles(body=route_bodies["AC"].pk) == {"Jaarrekening"}
    assert titles(kind="information") == {"Informatie"}
    assert titles(status="withdrawn") == {"Oud"}
    assert titles(track=track.pk) == {"Jaarrekening"}
    assert titles(q=withdrawn.reference) == {"Oud"}
    assert titles(q="jaarrek") == {"Jaarrekening"}


def test_list_shows_route_chain_and_next_deadline(english, secretary, proposal, route_bodies):
    bao = meeting(route_bodies["BAO"], 2026, 6, 9, 9)
    services.route_step_schedule(actor=secretary, step=_step(proposal, "BAO"), meeting=bao)
    english.force_login(secretary)
    response = english.get(reverse("governance:proposal-list"))
    html = response.content.decode()
    assert 'aria-current="step">BAO' in html
    row = response.context["rows"][0]
    assert row.current.meeting == bao
    assert row.current.deadline == at(2026, 6, 2, 12)


def test_detail_shows_route_deadlines_and_documents(english, secretary, proposal, route_bodies):
    ab_meeting = meeting(route_bodies["AB"], 2026, 7, 9, 14)
    services.route_step_schedule(actor=secretary, step=_step(proposal, "AB"), meeting=ab_meeting)
    DocumentFactory(proposal=proposal, title="Herstelplan.pdf")
    english.force_login(secretary)
    response = english.get(reverse("governance:proposal-detail", kwargs={"pk": proposal.pk}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Thursday 25 June 2026, 12:00" in html  # AB 9 July, 10 working days before
    assert "Herstelplan.pdf" in html
    assert reverse("governance:covernote-detail", kwargs={"pk": proposal.pk}) in html
    assert reverse("governance:proposal-document-upload", kwargs={"pk": proposal.pk}) in html
    views = response.context["detail"].steps
    assert [v.is_current for v in views] == [True, False, False, False]


def test_detail_lists_decisions_on_its_items(english, secretary, proposal, route_bodies):
    held = meeting(route_bodies["BAO"], 2026, 5, 12, 9, status=Meeting.Status.HELD)
    step = _step(proposal, "BAO")
    step.meeting = held
    step.save()
    item = AgendaItemFactory(meeting=held, route_step=step, title=proposal.title)
    DecisionFactory(agenda_item=item, text="Positief advies aan het DB.")
    english.force_login(secretary)
    response = english.get(reverse("governance:proposal-detail", kwargs={"pk": proposal.pk}))
    assert "Positief advies aan het DB." in response.content.decode()


@pytest.fixture
def confidential(secretary, route_bodies):
    """A confidential proposal routed DB → AB, its AB step on a closed AB meeting."""
    proposal = services.proposal_create(
        actor=secretary,
        title="Vertrouwelijk",
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.ECONOMIC,
    )
    services.route_step_add(
        actor=secretary, proposal=proposal, body=route_bodies["DB"], purpose="advise"
    )
    step = services.route_step_add(
        actor=secretary, proposal=proposal, body=route_bodies["AB"], purpose="decide"
    )
    services.route_step_schedule(
        actor=secretary, step=step, meeting=meeting(route_bodies["AB"], 2026, 7, 9, 14)
    )
    return proposal


def test_confidential_proposal_visibility(
    client, confidential, outsider, contact_official, ac_member, ab_member, manager
):
    url = reverse("governance:proposal-detail", kwargs={"pk": confidential.pk})
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    for user in (outsider, contact_official, ac_member):
        client.force_login(user)
        assert client.get(url).status_code == 404
        assert confidential not in [
            row.proposal for row in client.get(reverse("governance:proposal-list")).context["rows"]
        ]
    for user in (ab_member, manager):
        client.force_login(user)
        assert client.get(url).status_code == 200


def test_create_page_registers_with_template(english, manager, template):
    english.force_login(manager)
    url = reverse("governance:proposal-create")
    assert english.get(url).status_code == 200
    response = english.post(
        url,
        {
            "title": "Kaderbrief 2027",
            "summary": "",
            "kind": "decision",
            "owner": "",
            "confidentiality": "public",
            "woo_ground": "",
            "track": "",
            "route_template": template.pk,
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:proposal-detail", kwargs={"pk": proposal.pk})
    assert proposal.steps.count() == 4


def test_create_page_rerenders_with_errors(english, manager):
    english.force_login(manager)
    response = english.post(
        reverse("governance:proposal-create"),
        {"title": "Geheim", "kind": "decision", "confidentiality": "confidential"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["woo_ground"]
    assert not Proposal.objects.exists()


def test_route_page_schedules_a_step_without_javascript(english, secretary, proposal, route_bodies):
    ab_meeting = meeting(route_bodies["AB"], 2026, 7, 9, 14)
    step = _step(proposal, "AB")
    english.force_login(secretary)
    url = reverse("governance:proposal-route", kwargs={"pk": proposal.pk})
    page = english.get(url)
    assert "documents due 25 June 2026 12:00" in page.content.decode()
    response = english.post(
        reverse("governance:route-step-schedule", kwargs={"pk": step.pk}),
        {f"step-{step.pk}-meeting": ab_meeting.pk},
    )
    assert response.status_code == 302 and response["Location"] == url
    step.refresh_from_db()
    assert step.meeting == ab_meeting


def test_route_page_refusal_rerenders_with_the_reason(english, secretary, proposal, route_bodies):
    ab_meeting = meeting(route_bodies["AB"], 2026, 7, 9, 14)
    services.route_step_schedule(actor=secretary, step=_step(proposal, "AB"), meeting=ab_meeting)
    db_step = _step(proposal, "DB")
    too_late = meeting(route_bodies["DB"], 2026, 7, 15, 10)
    english.force_login(secretary)
    response = english.post(
        reverse("governance:route-step-schedule", kwargs={"pk": db_step.pk}),
        {f"step-{db_step.pk}-meeting": too_late.pk},
    )
    assert response.status_code == 200
    assert "must meet after step 3" in response.content.decode()
    db_step.refresh_from_db()
    assert db_step.meeting is None


def test_route_page_previews_and_plans_backwards(english, secretary, proposal, route_bodies):
    ab_meeting = meeting(route_bodies["AB"], 2026, 7, 9, 14)
    meeting(route_bodies["DB"], 2026, 6, 24, 10)
    meeting(route_bodies["AC"], 2026, 6, 16, 15)
    english.force_login(secretary)
    url = reverse("governance:proposal-route", kwargs={"pk": proposal.pk})
    plan = reverse("governance:route-plan", kwargs={"pk": proposal.pk})
    preview = english.get(url, {"target": ab_meeting.pk})
    html = preview.content.decode()
    # No BAO meeting before AC's deadline: the page says so, and offers no button.
    assert "no meeting fits" in html
    assert "This plan cannot be scheduled" in html
    assert (
        "Step 1 (BAO): there is no BAO meeting between 1 June 2026 and 9 June 2026, 12:00, "
        "in time for the AC meeting of 16 June 2026"
    ) in html
    assert f'action="{plan}"' not in html
    assert not AgendaItem.objects.exists()
    # A forged POST is refused by the service with the same reason.
    refused = english.post(plan, {"target": ab_meeting.pk})
    assert refused.status_code == 200
    assert "Step 1 (BAO): there is no BAO meeting" in refused.content.decode()
    assert not AgendaItem.objects.exists()

    meeting(route_bodies["BAO"], 2026, 6, 8, 10)
    html = english.get(url, {"target": ab_meeting.pk}).content.decode()
    assert "This plan cannot be scheduled" not in html
    assert f'action="{plan}"' in html
    response = english.post(plan, {"target": ab_meeting.pk}, follow=True)
    assert "The route has been planned." in [str(m) for m in response.context["messages"]]
    assert AgendaItem.objects.count() == 4


def test_route_page_adds_moves_and_removes_steps(english, secretary, proposal, route_bodies):
    english.force_login(secretary)
    url = reverse("governance:proposal-route", kwargs={"pk": proposal.pk})
    add = reverse("governance:route-step-add", kwargs={"pk": proposal.pk})
    response = english.post(add, {"body": route_bodies["DB"].pk, "purpose": "inform"})
    assert response.status_code == 302 and response["Location"] == url
    assert proposal.steps.count() == 5
    last = proposal.steps.get(position=5)
    move = reverse("governance:route-step-move", kwargs={"pk": last.pk})
    assert english.post(move, {"direction": "sideways"}).status_code == 400
    assert english.post(move, {"direction": "up"})["Location"] == url
    last.refresh_from_db()
    assert last.position == 4
    english.post(move, {"direction": "down"})
    last.refresh_from_db()
    assert last.position == 5
    remove = reverse("governance:route-step-remove", kwargs={"pk": last.pk})
    assert english.post(remove)["Location"] == url
    assert proposal.steps.count() == 4
    assert english.post(remove).status_code == 404  # gone
    # One verb per URL: the editor itself takes no POST, the verbs no GET.
    assert english.post(url, {"op": "remove"}).status_code == 405
    assert english.get(add).status_code == 405


def test_history_tab_shows_proposal_and_route_changes(english, secretary, proposal):
    english.force_login(secretary)
    url = reverse("governance:proposal-history", kwargs={"pk": proposal.pk})
    services.route_step_move(actor=secretary, step=_step(proposal, "AC"), direction="up")
    response = english.get(url)
    html = response.content.decode()
    assert "Proposal registered" in html
    assert "Route step moved up" in html
    partial = english.get(url, headers={"HX-Request": "true"})
    assert "<html" not in partial.content.decode()


def test_deadline_is_shown_as_passed(english, secretary, proposal, route_bodies):
    bao = meeting(route_bodies["BAO"], 2026, 6, 9, 9)
    services.route_step_schedule(actor=secretary, step=_step(proposal, "BAO"), meeting=bao)
    url = reverse("governance:proposal-detail", kwargs={"pk": proposal.pk})
    with time_machine.travel(at(2026, 6, 3, 9), tick=False):
        english.force_login(secretary)  # sessions expire: log in on the day itself
        response = english.get(url)
    assert response.status_code == 200, response.get("Location")
    assert response.context["detail"].steps[0].deadline_passed
    assert "deadline passed" in response.content.decode()


def test_withdraw_page(english, manager, proposal):
    english.force_login(manager)
    url = reverse("governance:proposal-withdraw", kwargs={"pk": proposal.pk})
    assert english.get(url).status_code == 200
    assert english.post(url, {"reason": ""}).status_code == 200
    response = english.post(url, {"reason": "Vervangen door een nieuw voorstel."})
    assert response["Location"] == reverse("governance:proposal-detail", kwargs={"pk": proposal.pk})
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN
    detail = english.get(response["Location"]).content.decode()
    assert reverse("governance:proposal-edit", kwargs={"pk": proposal.pk}) not in detail


# --- placing the item on the agenda -------------------------------------------------------


def test_schedule_goes_before_a_trailing_closing_item(secretary, proposal, route_bodies):
    ab_meeting = meeting(route_bodies["AB"], 2026, 7, 9, 14)
    AgendaItemFactory(meeting=ab_meeting, order=1, number="1", title="Opening", kind="formal")
    closing = AgendaItemFactory(
        meeting=ab_meeting, order=2, number="2", title="Rondvraag en sluiting", kind="formal"
    )
    step = services.route_step_schedule(
        actor=secretary, step=_step(proposal, "AB"), meeting=ab_meeting
    )
    item = AgendaItem.objects.get(route_step=step)
    closing.refresh_from_db()
    assert (item.number, closing.number) == ("2", "3")
    assert _latest(closing).history_user == secretary


def test_schedule_appends_after_a_last_item_that_is_not_the_closing(
    secretary, proposal, route_bodies
):
    ab_meeting = meeting(route_bodies["AB"], 2026, 7, 9, 14)
    AgendaItemFactory(meeting=ab_meeting, order=1, number="1", title="Rondvraag", kind="decision")
    step = services.route_step_schedule(
        actor=secretary, step=_step(proposal, "AB"), meeting=ab_meeting
    )
    assert AgendaItem.objects.get(route_step=step).number == "2"


@pytest.mark.parametrize(
    ("purpose", "kind"),
    [
        (StepPurpose.DECIDE, AgendaItem.Kind.DECISION),
        (StepPurpose.ADVISE, AgendaItem.Kind.DISCUSSION),
        (StepPurpose.DISCUSS, AgendaItem.Kind.DISCUSSION),
        (StepPurpose.INFORM, AgendaItem.Kind.INFORMATION),
    ],
)
def test_item_kind_follows_the_steps_purpose(secretary, route_bodies, purpose, kind):
    proposal = services.proposal_create(actor=secretary, title="Voorstel")
    step = services.route_step_add(
        actor=secretary, proposal=proposal, body=route_bodies["DB"], purpose=purpose
    )
    db_meeting = meeting(route_bodies["DB"], 2026, 7, 1, 10)
    services.route_step_schedule(actor=secretary, step=step, meeting=db_meeting)
    assert AgendaItem.objects.get(route_step=step).kind == kind


def test_the_route_editor_offers_only_the_moves_that_can_succeed(english, secretary, proposal):
    """A step next to a treated one cannot change places with it: no button for that move
    (the service refuses a forged one)."""
    first, second = proposal.steps.order_by("position")[:2]
    first.outcome = RouteStep.Outcome.ADVISED_POSITIVE
    first.save()
    english.force_login(secretary)
    html = english.get(reverse("governance:proposal-route", kwargs={"pk": proposal.pk})).content
    html = html.decode()
    moves = re.findall(
        r'action="/routestappen/(\d+)/verplaatsen/"[^>]*>.*?name="direction" value="(\w+)"',
        html,
        flags=re.S,
    )
    offered = {(int(pk), direction) for pk, direction in moves}
    assert (second.pk, "up") not in offered and (second.pk, "down") in offered
    assert not {pk for pk, _direction in offered} & {first.pk}
    with pytest.raises(ValidationError, match="treated|behandeld"):
        services.route_step_move(actor=secretary, step=second, direction="up")
