"""Actions (actiepunten): the services, the list with its filters, the forms, the
detail with progress notes and the change history."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from governance import services
from governance.forms.actions import ActionForm
from governance.models import Action, ActionNote
from governance.roles import MANAGEMENT
from tests.factories import (
    TZ,
    ActionFactory,
    MeetingFactory,
    ProposalFactory,
    RouteStepFactory,
    TrackFactory,
    UserFactory,
)

TODAY = dt.datetime(2026, 6, 4, 10, tzinfo=TZ)  # a Thursday


@pytest.fixture
def now():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY


def _list(client, **params):
    response = client.get(reverse("governance:action-list"), params)
    assert response.status_code == 200
    return response


def _latest(action):
    """The newest history row (by id: time travel makes dates unreliable here)."""
    return action.history.order_by("-history_id").first()


def _descriptions(response) -> list[str]:
    return [action.description for action in response.context["actions"]]


# --- action_create -------------------------------------------------------------------


def test_secretary_records_an_action_with_history(secretary, ab, public_ab_meeting):
    action = services.action_create(
        actor=secretary,
        description="  Stuur de kaderbrief naar de raden.  ",
        actor_kind=Action.Actor.BODY,
        actor_body=ab,
        due_date=dt.date(2026, 12, 20),
        origin_meeting=public_ab_meeting,
    )
    action.refresh_from_db()
    assert action.description == "Stuur de kaderbrief naar de raden."
    assert action.status == Action.Status.OPEN
    assert action.created_by == secretary
    record = action.history.get()
    assert record.history_type == "+"
    assert record.history_user == secretary
    assert record.history_change_reason


@pytest.mark.parametrize("role", ["manager", "secretary"])
def test_management_may_record_actions(request, role):
    user = request.getfixturevalue(role)
    services.action_create(actor=user, description="Iets doen", actor_kind=Action.Actor.HECHT)
    assert Action.objects.count() == 1


@pytest.mark.parametrize("role", ["ab_member", "contact_official", "outsider"])
def test_others_may_not_record_actions(request, role):
    with pytest.raises(PermissionDenied):
        services.action_create(
            actor=request.getfixturevalue(role),
            description="Iets doen",
            actor_kind=Action.Actor.HECHT,
        )
    assert not Action.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"actor_kind": Action.Actor.BODY}, "actor_body"),
        ({"actor_kind": Action.Actor.PERSON}, "owner"),
        ({"actor_kind": Action.Actor.HECHT, "actor_body": "ab"}, "actor_body"),
        ({"actor_kind": Action.Actor.HECHT, "description": "   "}, "description"),
    ],
)
def test_invalid_actor_is_explained_and_nothing_saved(secretary, ab, kwargs, field):
    kwargs = {"description": "Iets doen", **kwargs}
    if kwargs.get("actor_body") == "ab":
        kwargs["actor_body"] = ab
    with pytest.raises(ValidationError) as excinfo:
        services.action_create(actor=secretary, **kwargs)
    assert field in excinfo.value.message_dict
    assert not Action.objects.exists()


def test_report_back_cannot_precede_the_meeting_that_agreed_it(
    secretary, public_ab_meeting, closed_ab_meeting
):
    with pytest.raises(ValidationError) as excinfo:
        services.action_create(
            actor=secretary,
            description="Terugkoppelen",
            actor_kind=Action.Actor.HECHT,
            origin_meeting=closed_ab_meeting,  # 16 Dec 2026
            report_meeting=public_ab_meeting,  # 9 Dec 2026
        )
    assert "report_meeting" in excinfo.value.message_dict
    assert not Action.objects.exists()


def test_due_date_cannot_precede_the_meeting_that_agreed_it(secretary, public_ab_meeting):
    with pytest.raises(ValidationError) as excinfo:
        services.action_create(
            actor=secretary,
            description="Terugkoppelen",
            actor_kind=Action.Actor.HECHT,
            origin_meeting=public_ab_meeting,
            due_date=dt.date(2026, 12, 8),
        )
    assert "due_date" in excinfo.value.message_dict


# --- action_update -------------------------------------------------------------------


def test_done_sets_closed_on_and_reopening_clears_it(secretary):
    action = ActionFactory(created_by=secretary)
    with time_machine.travel(dt.datetime(2026, 6, 4, 10, tzinfo=TZ), tick=False):
        services.action_update(actor=secretary, action=action, status=Action.Status.DONE)
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert action.closed_on == dt.date(2026, 6, 4)
    assert _latest(action).history_user == secretary
    services.action_update(actor=secretary, action=action, status=Action.Status.IN_PROGRESS)
    action.refresh_from_db()
    assert action.closed_on is None
    assert action.history.count() == 3  # created by the factory, closed, reopened


def test_dropping_needs_a_note_and_keeps_it_as_progress(manager, now):
    action = ActionFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.action_update(actor=manager, action=action, status=Action.Status.DROPPED)
    assert "note" in excinfo.value.message_dict
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN
    assert action.history.count() == 1

    services.action_update(
        actor=manager,
        action=action,
        status=Action.Status.DROPPED,
        note="Vervalt door het besluit over de doorlichting.",
    )
    action.refresh_from_db()
    assert action.status == Action.Status.DROPPED
    assert action.closed_on == dt.date(2026, 6, 4)
    record = _latest(action)
    assert record.history_user == manager
    assert "Vervalt door het besluit" in record.history_change_reason
    note = action.notes.get()
    assert note.author == manager
    assert note.date == dt.date(2026, 6, 4)


def test_a_long_note_fits_the_history_reason(secretary):
    action = ActionFactory()
    services.action_update(
        actor=secretary, action=action, status=Action.Status.DROPPED, note="Lang verhaal. " * 40
    )
    record = _latest(action)
    assert len(record.history_change_reason) <= 100
    assert action.notes.get().text.startswith("Lang verhaal.")


def test_update_names_the_changed_fields(secretary, db_body):
    action = ActionFactory()
    with translation.override("en"):
        services.action_update(
            actor=secretary,
            action=action,
            actor_kind=Action.Actor.BODY,
            actor_body=db_body,
            due_date=dt.date(2026, 7, 1),
            description=action.description,
        )
    action.refresh_from_db()
    assert action.actor_label == "DB"
    reason = _latest(action).history_change_reason
    assert "due date" in reason
    assert "description" not in reason


def test_update_without_changes_writes_no_history(secretary):
    action = ActionFactory()
    services.action_update(
        actor=secretary, action=action, status=action.status, due_date=action.due_date
    )
    assert action.history.count() == 1


def test_update_refuses_unknown_fields(secretary):
    with pytest.raises(TypeError, match="created_by"):
        services.action_update(actor=secretary, action=ActionFactory(), created_by=secretary)


def test_invalid_update_saves_nothing(secretary):
    action = ActionFactory()
    with pytest.raises(ValidationError):
        services.action_update(actor=secretary, action=action, actor_kind=Action.Actor.PERSON)
    action.refresh_from_db()
    assert action.actor == Action.Actor.HECHT
    assert action.history.count() == 1


@pytest.mark.parametrize("role", ["ab_member", "contact_official"])
def test_only_secretariat_and_management_change_actions(request, role):
    user = request.getfixturevalue(role)
    action = ActionFactory(owner=user, actor=Action.Actor.PERSON)
    with pytest.raises(PermissionDenied):
        services.action_update(actor=user, action=action, status=Action.Status.DONE)
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN


# --- action_add_note -----------------------------------------------------------------


def test_owner_reports_progress(contact_official, now):
    action = ActionFactory(owner=contact_official, actor=Action.Actor.PERSON)
    note = services.action_add_note(
        actor=contact_official, action=action, date=dt.date(2026, 6, 3), text=" Eerste gesprek. "
    )
    assert note.text == "Eerste gesprek."
    assert note.author == contact_official
    assert note.history.get().history_user == contact_official


def test_not_the_owner_and_no_permission_may_not_report_progress(ab_member, ab):
    action = ActionFactory(actor=Action.Actor.BODY, actor_body=ab)
    with pytest.raises(PermissionDenied):
        services.action_add_note(
            actor=ab_member, action=action, date=dt.date(2026, 1, 5), text="Gedaan."
        )
    assert not ActionNote.objects.exists()


def test_progress_cannot_be_dated_in_the_future_nor_be_empty(manager, now):
    action = ActionFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.action_add_note(actor=manager, action=action, date=dt.date(2026, 6, 5), text=" ")
    assert set(excinfo.value.message_dict) == {"date", "text"}
    assert not ActionNote.objects.exists()
    services.action_add_note(actor=manager, action=action, date=dt.date(2026, 6, 4), text="Ok.")
    assert ActionNote.objects.count() == 1


# --- the list page -------------------------------------------------------------------


def test_list_needs_a_login(client):
    response = client.get(reverse("governance:action-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_list_shows_open_and_in_progress_by_default(client, secretary):
    ActionFactory(description="Open actie")
    ActionFactory(description="Lopende actie", status=Action.Status.IN_PROGRESS)
    ActionFactory(description="Afgeronde actie", status=Action.Status.DONE)
    ActionFactory(description="Vervallen actie", status=Action.Status.DROPPED)
    client.force_login(secretary)
    assert sorted(_descriptions(_list(client))) == ["Lopende actie", "Open actie"]
    assert sorted(_descriptions(_list(client, page=1))) == ["Lopende actie", "Open actie"]
    assert _descriptions(_list(client, status="done")) == ["Afgeronde actie"]
    # A submitted form without any status ticked shows every status.
    assert len(_descriptions(_list(client, actor=""))) == 4


def test_list_counts_each_status_next_to_its_box(client, secretary, ab):
    ActionFactory.create_batch(2)
    ActionFactory(status=Action.Status.DONE)
    ActionFactory(status=Action.Status.DONE, actor=Action.Actor.BODY, actor_body=ab)
    client.force_login(secretary)
    response = _list(client, actor="hecht", status="open")
    counts = {option.data["value"]: n for option, n in response.context["status_options"]}
    # The counts follow the other filters (actor), not the status filter itself.
    assert counts == {"open": 2, "in_progress": 0, "done": 1, "dropped": 0}


def test_overdue_filter_and_highlight(english, secretary, now):
    ActionFactory(description="Te laat", due_date=dt.date(2026, 6, 1))
    ActionFactory(description="Vandaag", due_date=dt.date(2026, 6, 4))
    ActionFactory(description="Later", due_date=dt.date(2026, 6, 10))
    ActionFactory(description="Zonder datum", due_date=None)
    ActionFactory(description="Klaar", due_date=dt.date(2026, 5, 1), status=Action.Status.DONE)
    english.force_login(secretary)
    response = _list(english, overdue="on", status=["open", "in_progress", "done"])
    assert _descriptions(response) == ["Te laat"]
    assert response.context["overdue_count"] == 1
    html = response.content.decode()
    assert "Overdue by 3 days" in html
    assert "hecht-row--overdue" in html
    everything = _list(english)
    assert _descriptions(everything) == ["Te laat", "Vandaag", "Later", "Zonder datum"]
    rows = re.findall(r"<tr\b.*?</tr>", everything.content.decode(), flags=re.S)
    overdue = [row for row in rows if "hecht-badge--overdue" in row]
    assert len(overdue) == 1 and "Te laat" in overdue[0] and "Overdue by 3 days" in overdue[0]


def test_list_filters_by_actor_body_owner_and_track(client, secretary, manager, ab, ac):
    track = TrackFactory()
    meeting = MeetingFactory(body=ac)
    ActionFactory(description="Hecht", actor=Action.Actor.HECHT)
    ActionFactory(description="AB", actor=Action.Actor.BODY, actor_body=ab)
    ActionFactory(description="Naar AC", report_meeting=meeting)
    ActionFactory(description="Persoon", actor=Action.Actor.PERSON, owner=manager, track=track)
    client.force_login(secretary)
    assert _descriptions(_list(client, actor="body")) == ["AB"]
    assert _descriptions(_list(client, actor_body=ab.pk)) == ["AB"]
    assert _descriptions(_list(client, body=ac.pk)) == ["Naar AC"]
    assert _descriptions(_list(client, owner=manager.pk)) == ["Persoon"]
    assert _descriptions(_list(client, track=track.pk)) == ["Persoon"]
    client.force_login(manager)
    assert _descriptions(_list(client, mine="on")) == ["Persoon"]


def test_board_member_sees_actions_of_the_ab_not_of_the_ac(
    client, ab_member, ab, ac, closed_ac_meeting, closed_ab_meeting
):
    ActionFactory(description="Actie AB", actor=Action.Actor.BODY, actor_body=ab)
    ActionFactory(description="Terug in AB", report_meeting=closed_ab_meeting)
    ActionFactory(description="Actie AC", actor=Action.Actor.BODY, actor_body=ac)
    ActionFactory(description="Terug in AC", report_meeting=closed_ac_meeting)
    ActionFactory(description="Actie Hecht")
    client.force_login(ab_member)
    assert sorted(_descriptions(_list(client))) == ["Actie AB", "Terug in AB"]
    other = ActionFactory(actor=Action.Actor.BODY, actor_body=ac)
    assert (
        client.get(reverse("governance:action-detail", kwargs={"pk": other.pk})).status_code == 404
    )


def test_contact_official_sees_only_own_actions(client, contact_official, ab):
    ActionFactory(description="Mijn actie", actor=Action.Actor.PERSON, owner=contact_official)
    ActionFactory(description="Actie AB", actor=Action.Actor.BODY, actor_body=ab)
    ActionFactory(description="Actie Hecht")
    client.force_login(contact_official)
    response = _list(client)
    assert _descriptions(response) == ["Mijn actie"]
    # The owner select lists only people owning an action the user may see.
    assert list(response.context["filter"].form.fields["owner"].queryset) == [contact_official]


def test_hidden_origin_is_not_named(english, ab_member, ab, closed_ac_meeting):
    confidential = ProposalFactory(title="Geheim voorstel")
    RouteStepFactory(proposal=confidential, body=closed_ac_meeting.body)
    ActionFactory(
        description="Actie AB",
        actor=Action.Actor.BODY,
        actor_body=ab,
        origin_meeting=closed_ac_meeting,
        origin_proposal=confidential,
    )
    english.force_login(ab_member)
    html = _list(english).content.decode()
    assert "Actie AB" in html
    assert "Geheim voorstel" not in html
    with translation.override("en"):
        assert closed_ac_meeting.display_title not in html
    assert "a meeting not visible to you" in html


def _actions(n, ab, ac, meetings, owner, track):
    for i in range(n):
        ActionFactory(
            actor=[Action.Actor.HECHT, Action.Actor.BODY, Action.Actor.PERSON][i % 3],
            actor_body=ab if i % 3 == 1 else None,
            owner=owner,
            due_date=dt.date(2026, 1, 1) + dt.timedelta(days=7 * i),
            origin_meeting=meetings[i % len(meetings)],
            report_meeting=meetings[(i + 1) % len(meetings)],
            origin_proposal=ProposalFactory() if i % 4 == 0 else None,
            track=track,
            status=[Action.Status.OPEN, Action.Status.IN_PROGRESS][i % 2],
        )


@pytest.mark.parametrize("role", ["secretary", "ab_member"])
def test_list_query_count_is_constant(client, request, ab, ac, role, now):
    user = request.getfixturevalue(role)
    meetings = [
        MeetingFactory(body=body, starts_at=dt.datetime(2025, 11, 1 + i, 10, tzinfo=TZ))
        for i, body in enumerate([ab, ac, ab])
    ]
    track = TrackFactory()
    owner = UserFactory(roles=[MANAGEMENT])
    client.force_login(user)
    _actions(3, ab, ac, meetings, owner, track)
    with CaptureQueriesContext(connection) as few:
        response = _list(client)
    assert len(response.context["actions"]) == {"secretary": 3, "ab_member": 2}[role]
    _actions(57, ab, ac, meetings, owner, track)
    assert Action.objects.count() == 60
    with CaptureQueriesContext(connection) as many:
        response = _list(client)
    # The board member sees the 40 actions of the AB (acting or reported to): a full page.
    assert len(response.context["actions"]) == 25
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(few.captured_queries) <= 14


# --- forms and pages -----------------------------------------------------------------


def test_form_offers_only_visible_meetings_by_date_with_their_titles(
    ab_member, closed_ac_meeting, closed_ab_meeting, public_ab_meeting
):
    form = ActionForm(user=ab_member)
    field = form.fields["origin_meeting"]
    assert list(field.queryset) == [public_ab_meeting, closed_ab_meeting]
    labels = [label for value, label in field.choices if value]
    assert labels == [public_ab_meeting.display_title, closed_ab_meeting.display_title]
    assert list(form.fields["report_meeting"].queryset) == [public_ab_meeting, closed_ab_meeting]
    assert "status" not in form.fields


def _form(**overrides):
    data = {
        "description": "Plan van aanpak opstellen",
        "actor": Action.Actor.HECHT,
        "actor_body": "",
        "owner": "",
        "due_date": "2026-12-20",
        "origin_meeting": "",
        "origin_proposal": "",
        "report_meeting": "",
        "track": "",
    }
    data.update(overrides)
    return data


def test_secretary_records_an_action_through_the_page(client, secretary, ab, public_ab_meeting):
    client.force_login(secretary)
    response = client.post(
        reverse("governance:action-create"),
        _form(
            actor=Action.Actor.BODY,
            actor_body=ab.pk,
            origin_meeting=public_ab_meeting.pk,
            report_meeting=public_ab_meeting.pk,
        ),
    )
    action = Action.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:action-detail", kwargs={"pk": action.pk})
    assert action.actor_body == ab
    assert action.report_meeting == public_ab_meeting
    assert action.history.get().history_user == secretary


def test_create_page_explains_a_missing_body_and_saves_nothing(client, secretary):
    client.force_login(secretary)
    response = client.post(reverse("governance:action-create"), _form(actor="body"))
    assert response.status_code == 200
    assert response.context["form"].errors["actor_body"]
    assert not Action.objects.exists()
    response = client.post(reverse("governance:action-create"), _form(due_date="morgen"))
    assert response.status_code == 200
    assert "due_date" in response.context["form"].errors
    assert not Action.objects.exists()


def test_form_refuses_an_invisible_meeting(ab_member, closed_ac_meeting):
    # Only the secretariat and management record actions and they see every meeting;
    # still, the form validates the choice against the user's meeting scope.
    form = ActionForm(_form(origin_meeting=closed_ac_meeting.pk), user=ab_member)
    assert not form.is_valid()
    assert "origin_meeting" in form.errors


def test_board_member_may_not_open_the_create_page(client, ab_member):
    client.force_login(ab_member)
    assert client.get(reverse("governance:action-create")).status_code == 403


def test_edit_page_closes_an_action(client, secretary, now):
    action = ActionFactory()
    client.force_login(secretary)
    url = reverse("governance:action-edit", kwargs={"pk": action.pk})
    assert client.get(url).status_code == 200
    data = _form(description=action.description, due_date="2026-06-01", status="done")
    assert client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.DONE
    assert action.closed_on == dt.date(2026, 6, 4)


def test_edit_page_asks_why_an_action_is_dropped(client, secretary):
    action = ActionFactory()
    client.force_login(secretary)
    url = reverse("governance:action-edit", kwargs={"pk": action.pk})
    data = _form(description=action.description, status="dropped", note="")
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["note"]
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN
    data["note"] = "Niet meer nodig."
    assert client.post(url, data).status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.DROPPED
    assert action.notes.get().text == "Niet meer nodig."


def test_detail_lists_progress_newest_first_and_offers_the_form_to_the_owner(
    english, contact_official, manager
):
    action = ActionFactory(owner=contact_official, actor=Action.Actor.PERSON)
    for day, text in ((dt.date(2026, 3, 1), "Eerst"), (dt.date(2026, 4, 1), "Daarna")):
        ActionNote.objects.create(action=action, date=day, text=text, author=manager)
    english.force_login(contact_official)
    response = english.get(reverse("governance:action-detail", kwargs={"pk": action.pk}))
    assert [note.text for note in response.context["action"].note_list] == ["Daarna", "Eerst"]
    html = response.content.decode()
    assert reverse("governance:action-note-add", kwargs={"pk": action.pk}) in html
    assert reverse("governance:action-edit", kwargs={"pk": action.pk}) not in html
    assert reverse("governance:action-history", kwargs={"pk": action.pk}) not in html


def test_detail_offers_no_progress_form_to_a_reader(client, ab_member, ab):
    action = ActionFactory(actor=Action.Actor.BODY, actor_body=ab)
    client.force_login(ab_member)
    response = client.get(reverse("governance:action-detail", kwargs={"pk": action.pk}))
    assert response.status_code == 200
    assert reverse("governance:action-note-add", kwargs={"pk": action.pk}) not in (
        response.content.decode()
    )


def test_owner_adds_progress_but_cannot_edit_the_action(client, contact_official, now):
    action = ActionFactory(owner=contact_official, actor=Action.Actor.PERSON)
    client.force_login(contact_official)
    url = reverse("governance:action-note-add", kwargs={"pk": action.pk})
    response = client.post(url, {"date": "2026-06-04", "text": "Concept besproken."})
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:action-detail", kwargs={"pk": action.pk})
    assert action.notes.get().author == contact_official
    edit = reverse("governance:action-edit", kwargs={"pk": action.pk})
    assert client.get(edit).status_code == 403
    assert client.post(edit, _form(status="done")).status_code == 403
    action.refresh_from_db()
    assert action.status == Action.Status.OPEN


def test_invalid_progress_rerenders_the_detail_with_errors(client, contact_official, now):
    action = ActionFactory(owner=contact_official, actor=Action.Actor.PERSON)
    client.force_login(contact_official)
    url = reverse("governance:action-note-add", kwargs={"pk": action.pk})
    response = client.post(url, {"date": "2026-06-05", "text": "Vooruit gedacht."})
    assert response.status_code == 200
    assert response.context["note_form"].errors["date"]
    assert response.templates[0].name == "governance/action_detail.html"
    assert not ActionNote.objects.exists()


def test_history_tab_shows_changes_full_page_and_as_htmx_partial(english, secretary, manager):
    action = services.action_create(
        actor=secretary, description="Doorlichting starten", actor_kind=Action.Actor.HECHT
    )
    with translation.override("en"):
        services.action_update(
            actor=secretary, action=action, actor_kind=Action.Actor.PERSON, owner=manager
        )
    english.force_login(secretary)
    url = reverse("governance:action-history", kwargs={"pk": action.pk})
    html = english.get(url).content.decode()
    assert "<html" in html
    assert str(manager) in html  # the owner by name, not by id
    assert "Changed: actor, owner" in html
    partial = english.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial
    assert 'id="action-tabs"' in partial
    assert str(manager) in partial


def test_history_tab_is_for_secretariat_and_management(client, contact_official):
    action = ActionFactory(owner=contact_official, actor=Action.Actor.PERSON)
    client.force_login(contact_official)
    url = reverse("governance:action-history", kwargs={"pk": action.pk})
    assert client.get(url).status_code == 403
