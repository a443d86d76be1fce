"""The development programme (ontwikkelagenda): overview, track pages, track_update."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from governance import services
from governance.models import Action, Confidentiality, Track, WooGround
from tests.factories import (
    TZ,
    ActionFactory,
    ProgrammeFactory,
    ProposalFactory,
    RouteStepFactory,
    TrackFactory,
)


@pytest.fixture
def now():
    with time_machine.travel(dt.datetime(2026, 6, 4, 10, tzinfo=TZ), tick=False):
        yield


@pytest.fixture
def programme(db):
    return ProgrammeFactory(name="Ontwikkelagenda Hecht 2024–2026", start_date=dt.date(2024, 2, 14))


def _track_actions(track, *, open_=0, overdue=0, done=0, dropped=0, **fields):
    for _ in range(open_):
        ActionFactory(track=track, due_date=dt.date(2026, 9, 1), **fields)
    for _ in range(overdue):
        ActionFactory(track=track, due_date=dt.date(2026, 5, 1), **fields)
    for _ in range(done):
        ActionFactory(
            track=track, status=Action.Status.DONE, due_date=dt.date(2026, 1, 1), **fields
        )
    for _ in range(dropped):
        ActionFactory(track=track, status=Action.Status.DROPPED, **fields)


# --- overview ------------------------------------------------------------------------


def test_overview_needs_a_login(client, programme):
    response = client.get(reverse("governance:programme-overview"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_overview_shows_the_latest_programme_with_counts_per_track(
    english, secretary, programme, now
):
    ProgrammeFactory(name="Oude agenda", start_date=dt.date(2020, 1, 1))
    pc = TrackFactory(programme=programme, number=1, title="Verbetering P&C-cyclus")
    review = TrackFactory(programme=programme, number=2, title="Doorlichting")
    _track_actions(pc, open_=2, overdue=1, done=3, dropped=1)
    ProposalFactory(track=pc)
    ProposalFactory(track=pc)
    english.force_login(secretary)
    response = english.get(reverse("governance:programme-overview"))
    assert response.status_code == 200
    assert response.context["programme"] == programme
    tracks = {track.number: track for track in response.context["tracks"]}
    assert list(tracks) == [1, 2]
    counts = (tracks[1].open_count, tracks[1].overdue_count, tracks[1].done_count)
    assert counts == (3, 1, 3)
    assert tracks[1].proposal_count == 2
    assert (tracks[2].open_count, tracks[2].proposal_count) == (0, 0)
    html = response.content.decode()
    assert "Oude agenda" not in html
    assert reverse("governance:track-detail", kwargs={"pk": review.pk}) in html
    assert "1 overdue" in html


def test_overview_counts_only_what_the_user_may_see(client, ab_member, ab, ac, programme, now):
    track = TrackFactory(programme=programme)
    _track_actions(track, open_=2, actor=Action.Actor.BODY, actor_body=ab)
    _track_actions(track, open_=3, actor=Action.Actor.BODY, actor_body=ac)
    RouteStepFactory(proposal=ProposalFactory(track=track), body=ab)
    RouteStepFactory(proposal=ProposalFactory(track=track), body=ac)
    client.force_login(ab_member)
    (row,) = client.get(reverse("governance:programme-overview")).context["tracks"]
    assert (row.open_count, row.proposal_count) == (2, 1)


def test_overview_without_a_programme(client, ab_member):
    client.force_login(ab_member)
    response = client.get(reverse("governance:programme-overview"))
    assert response.status_code == 200
    assert response.context["programme"] is None


def _fill(programme, n_tracks, start):
    for number in range(start, start + n_tracks):
        track = TrackFactory(programme=programme, number=number)
        _track_actions(track, open_=2, overdue=1, done=1)
        ProposalFactory(track=track)


@pytest.mark.parametrize("role", ["secretary", "ab_member"])
def test_overview_query_count_is_constant(client, request, programme, role, now):
    client.force_login(request.getfixturevalue(role))
    _fill(programme, 1, 1)
    url = reverse("governance:programme-overview")
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _fill(programme, 9, 2)
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["tracks"]) == 10
    assert len(many.captured_queries) == len(few.captured_queries)
    assert len(few.captured_queries) <= 8


# --- track detail --------------------------------------------------------------------


def test_track_lists_open_actions_first_and_flags_the_overdue(english, manager, programme, now):
    track = TrackFactory(programme=programme, status=Track.Status.AT_RISK, status_note="Krap.")
    ActionFactory(track=track, description="Klaar", status=Action.Status.DONE, due_date=None)
    ActionFactory(track=track, description="Later", due_date=dt.date(2026, 9, 1))
    ActionFactory(track=track, description="Te laat", due_date=dt.date(2026, 6, 2))
    ActionFactory(description="Ander spoor")
    english.force_login(manager)
    response = english.get(reverse("governance:track-detail", kwargs={"pk": track.pk}))
    assert [a.description for a in response.context["actions"]] == ["Te laat", "Later", "Klaar"]
    html = response.content.decode()
    assert "Overdue by 2 days" in html
    assert "Krap." in html
    assert reverse("governance:track-edit", kwargs={"pk": track.pk}) in html


def test_track_shows_only_visible_proposals_and_actions(
    english, ab_member, ab, ac, programme, closed_ac_meeting
):
    track = TrackFactory(programme=programme)
    mine = ProposalFactory(track=track, title="Herstelplan Eigen Vermogen")
    RouteStepFactory(proposal=mine, body=ab)
    secret = ProposalFactory(
        track=track,
        title="Vertrouwelijke doorlichting",
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.ECONOMIC,
    )
    RouteStepFactory(proposal=secret, body=ac, meeting=closed_ac_meeting)
    ActionFactory(track=track, description="Actie AB", actor=Action.Actor.BODY, actor_body=ab)
    ActionFactory(track=track, description="Actie AC", actor=Action.Actor.BODY, actor_body=ac)
    english.force_login(ab_member)
    response = english.get(reverse("governance:track-detail", kwargs={"pk": track.pk}))
    assert response.context["proposals"] == [mine]
    assert [a.description for a in response.context["actions"]] == ["Actie AB"]
    html = response.content.decode()
    assert "Vertrouwelijke doorlichting" not in html
    assert "Actie AC" not in html
    assert reverse("governance:track-edit", kwargs={"pk": track.pk}) not in html


def test_track_detail_query_count_is_constant(client, secretary, programme, now):
    track = TrackFactory(programme=programme)
    client.force_login(secretary)
    url = reverse("governance:track-detail", kwargs={"pk": track.pk})
    _track_actions(track, open_=1, overdue=1)
    ProposalFactory(track=track)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    _track_actions(track, open_=20, overdue=10, done=10)
    for _ in range(10):
        ProposalFactory(track=track)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many.captured_queries) == len(few.captured_queries)


# --- track_update and the edit page --------------------------------------------------


def test_track_update_records_status_and_reason(manager, programme):
    track = TrackFactory(programme=programme)
    with translation.override("en"):
        services.track_update(
            actor=manager,
            track=track,
            status=Track.Status.DELAYED,
            status_note="De doorlichting start later.",
            owner=manager,
            goal=track.goal,
        )
    track.refresh_from_db()
    assert track.status == Track.Status.DELAYED
    assert track.owner == manager
    record = track.history.order_by("-history_id").first()
    assert record.history_user == manager
    assert record.history_change_reason.startswith("Status: Delayed")


@pytest.mark.parametrize("status", [Track.Status.AT_RISK, Track.Status.DELAYED])
def test_a_track_in_trouble_must_say_why(secretary, programme, status):
    track = TrackFactory(programme=programme)
    with pytest.raises(ValidationError) as excinfo:
        services.track_update(
            actor=secretary, track=track, status=status, status_note=" ", owner=None, goal="Doel"
        )
    assert "status_note" in excinfo.value.message_dict
    track.refresh_from_db()
    assert track.status == Track.Status.NOT_STARTED
    assert track.history.count() == 1


def test_a_track_needs_a_goal(secretary, programme):
    track = TrackFactory(programme=programme)
    with pytest.raises(ValidationError) as excinfo:
        services.track_update(
            actor=secretary, track=track, status=track.status, status_note="", owner=None, goal=""
        )
    assert "goal" in excinfo.value.message_dict


def test_track_update_without_changes_writes_no_history(secretary, programme):
    track = TrackFactory(programme=programme)
    services.track_update(
        actor=secretary,
        track=track,
        status=track.status,
        status_note=track.status_note,
        owner=track.owner,
        goal=track.goal,
    )
    assert track.history.count() == 1


@pytest.mark.parametrize("role", ["ab_member", "contact_official", "outsider"])
def test_only_secretariat_and_management_update_tracks(request, programme, role):
    track = TrackFactory(programme=programme)
    with pytest.raises(PermissionDenied):
        services.track_update(
            actor=request.getfixturevalue(role),
            track=track,
            status=Track.Status.DONE,
            status_note="",
            owner=None,
            goal=track.goal,
        )
    track.refresh_from_db()
    assert track.status == Track.Status.NOT_STARTED


def test_edit_page_saves_and_explains_errors(client, secretary, manager, programme):
    track = TrackFactory(programme=programme)
    client.force_login(secretary)
    url = reverse("governance:track-edit", kwargs={"pk": track.pk})
    assert client.get(url).status_code == 200
    data = {"status": "at_risk", "status_note": "", "owner": manager.pk, "goal": "Doel"}
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["status_note"]
    track.refresh_from_db()
    assert track.status == Track.Status.NOT_STARTED
    data["status_note"] = "Capaciteit ontbreekt."
    response = client.post(url, data)
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:track-detail", kwargs={"pk": track.pk})
    track.refresh_from_db()
    assert (track.status, track.owner) == (Track.Status.AT_RISK, manager)


def test_board_member_may_read_but_not_edit_a_track(client, ab_member, programme):
    track = TrackFactory(programme=programme)
    client.force_login(ab_member)
    assert (
        client.get(reverse("governance:track-detail", kwargs={"pk": track.pk})).status_code == 200
    )
    url = reverse("governance:track-edit", kwargs={"pk": track.pk})
    assert client.get(url).status_code == 403
    assert client.post(url, {"status": "done", "goal": "x"}).status_code == 403
