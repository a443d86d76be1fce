import datetime as dt
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import Meeting
from tests.factories import TZ, BodyFactory, MeetingFactory


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def _meetings(n, bodies, year=2026):
    start = dt.datetime(year, 1, 5, 10, tzinfo=TZ)
    for i in range(n):
        MeetingFactory(
            body=bodies[i % len(bodies)],
            starts_at=start + dt.timedelta(days=i * 360 // max(n, 1), hours=i % 5),
            is_public=i % 2 == 0,
        )


@pytest.mark.parametrize("actor", ["anonymous", "secretary", "ab_member"])
def test_calendar_query_count_is_constant(client, request, ab, ac, actor):
    if actor != "anonymous":
        client.force_login(request.getfixturevalue(actor))
    bodies = [ab, ac, BodyFactory(code="DB"), BodyFactory(code="BAO")]
    _meetings(10, bodies)
    url = reverse("governance:meeting-calendar") + "?jaar=2026"
    month_url = reverse("governance:meeting-month", kwargs={"year": 2026, "month": 6})
    few, few_month = _queries(client, url), _queries(client, month_url)
    _meetings(190, bodies)
    assert Meeting.objects.count() == 200
    assert _queries(client, url) == few
    assert _queries(client, month_url) == few_month
    assert few <= 12


def test_home_query_count_is_constant(client, ab_member, ab):
    client.force_login(ab_member)
    with time_machine.travel(dt.datetime(2026, 1, 1, tzinfo=TZ)):
        _meetings(3, [ab])
        few = _queries(client, reverse("governance:home"))
        _meetings(50, [ab])
        assert _queries(client, reverse("governance:home")) == few


def test_calendar_filters_by_body(client, secretary, ab, ac):
    MeetingFactory(body=ab, starts_at=dt.datetime(2026, 5, 6, 14, tzinfo=TZ), title="AB-thema")
    MeetingFactory(body=ac, starts_at=dt.datetime(2026, 5, 18, 15, tzinfo=TZ), title="AC-controle")
    client.force_login(secretary)
    html = client.get(reverse("governance:meeting-calendar"), {"jaar": 2026, "body": ac.pk}).content
    assert b"AC-controle" in html
    assert b"AB-thema" not in html


def test_calendar_shows_the_public_only_public_meetings(
    client, public_ab_meeting, closed_ab_meeting
):
    public_ab_meeting.title = "Openbaar punt"
    public_ab_meeting.save()
    closed_ab_meeting.title = "Geheim punt"
    closed_ab_meeting.save()
    html = client.get(reverse("governance:meeting-calendar"), {"jaar": 2026}).content.decode()
    assert "Openbaar punt" in html
    assert "Geheim punt" not in html


def test_calendar_rejects_a_nonsense_year(client):
    assert client.get(reverse("governance:meeting-calendar"), {"jaar": "abc"}).status_code == 404
    assert (
        client.get(
            reverse("governance:meeting-month", kwargs={"year": 2026, "month": 13})
        ).status_code
        == 404
    )


def test_month_view_puts_meeting_on_its_day(client, secretary, ab):
    meeting = MeetingFactory(body=ab, starts_at=dt.datetime(2026, 7, 1, 14, tzinfo=TZ))
    client.force_login(secretary)
    response = client.get(reverse("governance:meeting-month", kwargs={"year": 2026, "month": 7}))
    weeks = response.context["weeks"]
    day = next(d for week in weeks for d in week if d.date == dt.date(2026, 7, 1))
    assert day.meetings == [meeting]
    assert sum(len(d.meetings) for week in weeks for d in week) == 1


def _form(body, **overrides):
    data = {
        "body": str(body.pk),
        "kind": Meeting.Kind.REGULAR,
        "title": "",
        "starts_at": "2027-03-10T14:00",
        "ends_at": "2027-03-10T16:30",
        "location": "Bestuurskamer",
        "notes": "",
    }
    data.update(overrides)
    return data


def test_secretary_plans_a_meeting_with_history(client, secretary, ab):
    client.force_login(secretary)
    response = client.post(reverse("governance:meeting-create"), _form(ab, is_public="on"))
    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:meeting-detail", kwargs={"pk": meeting.pk})
    assert meeting.starts_at == dt.datetime(2027, 3, 10, 14, tzinfo=TZ)
    assert meeting.is_public and meeting.status == Meeting.Status.PLANNED
    record = meeting.history.get()
    assert record.history_user == secretary
    assert record.history_type == "+"


def test_bad_input_saves_nothing_and_explains(client, secretary, ab):
    client.force_login(secretary)
    response = client.post(
        reverse("governance:meeting-create"), _form(ab, ends_at="2027-03-10T13:00")
    )
    assert response.status_code == 200
    assert Meeting.objects.count() == 0
    assert response.context["form"].errors["ends_at"]
    response = client.post(reverse("governance:meeting-create"), _form(ab, starts_at="gisteren"))
    assert response.status_code == 200
    assert "starts_at" in response.context["form"].errors
    assert Meeting.objects.count() == 0


def test_edit_records_changed_fields_and_reason(client, secretary, public_ab_meeting):
    client.force_login(secretary)
    url = reverse("governance:meeting-edit", kwargs={"pk": public_ab_meeting.pk})
    data = _form(
        public_ab_meeting.body, starts_at="2026-12-09T15:00", ends_at="", location="Raadzaal Gouda"
    )
    data["status"] = Meeting.Status.CANCELLED
    data["is_public"] = "on"
    assert client.post(url, data).status_code == 302
    public_ab_meeting.refresh_from_db()
    assert public_ab_meeting.location == "Raadzaal Gouda"
    assert public_ab_meeting.status == Meeting.Status.CANCELLED
    latest = public_ab_meeting.history.first()
    assert latest.history_user == secretary
    assert latest.history_change_reason == "Gewijzigd: begin, locatie, status"  # in Dutch
    history_page = client.get(
        reverse("governance:meeting-history", kwargs={"pk": public_ab_meeting.pk})
    )
    assert b"Raadzaal Gouda" in history_page.content
    assert b"Bestuurskamer" in history_page.content


def test_status_cannot_jump_back_from_minutes_adopted(client, secretary, public_ab_meeting):
    public_ab_meeting.status = Meeting.Status.MINUTES_ADOPTED
    public_ab_meeting.save()
    client.force_login(secretary)
    url = reverse("governance:meeting-edit", kwargs={"pk": public_ab_meeting.pk})
    data = _form(public_ab_meeting.body, starts_at="2026-12-09T14:00", ends_at="")
    data["status"] = Meeting.Status.PLANNED
    response = client.post(url, data)
    assert response.status_code == 200
    assert "status" in response.context["form"].errors
    public_ab_meeting.refresh_from_db()
    assert public_ab_meeting.status == Meeting.Status.MINUTES_ADOPTED


def test_history_tab_as_htmx_partial(client, secretary, public_ab_meeting):
    client.force_login(secretary)
    url = reverse("governance:meeting-history", kwargs={"pk": public_ab_meeting.pk})
    partial = client.get(url, headers={"HX-Request": "true"})
    assert partial.status_code == 200
    body = partial.content.decode()
    assert 'id="meeting-tabs"' in body
    assert "<html" not in body
    full = client.get(url).content.decode()
    assert "<html" in full and 'id="meeting-tabs"' in full


def test_home_lists_my_bodies_and_next_meetings_only(client, ab_member, ab, ac):
    with time_machine.travel(dt.datetime(2026, 11, 25, 9, tzinfo=TZ)):
        mine = MeetingFactory(
            body=ab, starts_at=dt.datetime(2026, 12, 9, 14, tzinfo=TZ), title="Mijn AB"
        )
        MeetingFactory(
            body=ac, starts_at=dt.datetime(2026, 12, 10, 14, tzinfo=TZ), title="Besloten AC"
        )
        MeetingFactory(body=ab, starts_at=dt.datetime(2026, 1, 9, 14, tzinfo=TZ), title="Voorbij")
        client.force_login(ab_member)
        response = client.get(reverse("governance:home"))
    assert response.context["upcoming"] == [mine]
    assert [m.body for m in response.context["memberships"]] == [ab]
    assert b"Algemeen Bestuur" in response.content


def test_home_lists_my_open_actions_soonest_first_with_overdue_marked(client, ab_member):
    from tests.factories import ActionFactory

    ActionFactory(description="Later klusje", owner=ab_member, due_date=dt.date(2026, 12, 20))
    ActionFactory(description="Vergeten klus", owner=ab_member, due_date=dt.date(2026, 11, 1))
    ActionFactory(description="Klaar", owner=ab_member, status="done")
    ActionFactory(description="Van een ander", due_date=dt.date(2026, 11, 2))
    client.force_login(ab_member)
    with time_machine.travel(dt.datetime(2026, 11, 25, 12, tzinfo=TZ)):
        page = client.get(reverse("governance:home")).content.decode()
    assert page.index("Vergeten klus") < page.index("Later klusje")
    assert "Klaar" not in page and "Van een ander" not in page
    items = re.findall(r"<li>.*?</li>", page, flags=re.S)
    overdue = [item for item in items if "hecht-badge--overdue" in item]
    assert len(overdue) == 1 and "Vergeten klus" in overdue[0]
    assert ">Te laat<" in overdue[0]  # the badge, in Dutch
