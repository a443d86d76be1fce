"""A form that cannot succeed is not offered: recording a decision before the meeting
has begun, closing a written procedure before its deadline (while not every member has
responded). The page says why and from when; the service still refuses a forged POST."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance import services
from governance.models import Decision, Meeting
from governance.services.decisions import decision_waits_for_start
from governance.services.written import written_close_waits
from tests.factories import TZ, AgendaItemFactory, MeetingFactory

STARTS = dt.datetime(2026, 12, 9, 14, tzinfo=TZ)
DEADLINE = dt.datetime(2026, 12, 4, 17, tzinfo=TZ)


@pytest.fixture
def item(ab):
    meeting = MeetingFactory(body=ab, starts_at=STARTS)
    return AgendaItemFactory(meeting=meeting, title="Begroting 2027")


@pytest.fixture
def written_item(ab):
    meeting = MeetingFactory(
        body=ab,
        kind=Meeting.Kind.WRITTEN,
        starts_at=dt.datetime(2026, 11, 20, 9, tzinfo=TZ),
        response_deadline=DEADLINE,
    )
    return AgendaItemFactory(meeting=meeting, title="Zienswijze begrotingswijziging")


def _item_page(client, item) -> str:
    url = reverse("governance:agenda-item-detail", kwargs={"pk": item.pk})
    return client.get(url).content.decode()


WAITS = "U kunt het besluit vastleggen vanaf woensdag 9 december 2026, 14:00, als de vergadering"


# --- recording a decision -------------------------------------------------------------


def test_before_the_meeting_no_decision_button_but_from_when(client, time_machine, item, secretary):
    time_machine.move_to(STARTS - dt.timedelta(hours=1), tick=False)
    client.force_login(secretary)
    record = reverse("governance:decision-record", kwargs={"pk": item.pk})
    html = _item_page(client, item)
    assert record not in html
    assert WAITS in html
    form = client.get(record)
    assert form.status_code == 200
    assert WAITS in form.content.decode()
    assert 'name="outcome"' not in form.content.decode()


def test_a_forged_post_before_the_meeting_is_refused(client, time_machine, item, secretary):
    time_machine.move_to(STARTS - dt.timedelta(hours=1), tick=False)
    client.force_login(secretary)
    response = client.post(
        reverse("governance:decision-record", kwargs={"pk": item.pk}),
        {"outcome": Decision.Outcome.ADOPTED, "text": "Conform besloten."},
    )
    assert response.status_code == 200
    assert "Een besluit kan pas worden vastgelegd" in response.content.decode()
    assert not Decision.objects.exists()


def test_once_the_meeting_has_begun_button_and_form_are_there(
    client, time_machine, item, secretary
):
    time_machine.move_to(STARTS + dt.timedelta(minutes=1), tick=False)
    client.force_login(secretary)
    record = reverse("governance:decision-record", kwargs={"pk": item.pk})
    html = _item_page(client, item)
    assert record in html
    assert "U kunt het besluit vastleggen vanaf" not in html
    form = client.get(record).content.decode()
    assert 'name="outcome"' in form
    response = client.post(
        record, {"outcome": Decision.Outcome.ADOPTED, "text": "Conform besloten."}
    )
    assert response.status_code == 302
    assert Decision.objects.filter(agenda_item=item).exists()


def test_the_rule_is_the_services(time_machine, item, secretary):
    time_machine.move_to(STARTS - dt.timedelta(minutes=1), tick=False)
    assert decision_waits_for_start(item.meeting)
    with pytest.raises(ValidationError):
        services.decision_record(
            actor=secretary, item=item, outcome=Decision.Outcome.ADOPTED, text="Conform."
        )
    time_machine.move_to(STARTS, tick=False)
    assert not decision_waits_for_start(item.meeting)


# --- closing a written procedure ------------------------------------------------------

CLOSE_WAITS = "De schriftelijke ronde kan worden gesloten na de reactietermijn (vrijdag 4 december"


def test_before_the_deadline_no_close_button_but_when_it_can(
    client, time_machine, written_item, secretary, ab_member
):
    time_machine.move_to(DEADLINE - dt.timedelta(days=1), tick=False)
    client.force_login(secretary)
    meeting = written_item.meeting
    close = reverse("governance:written-close", kwargs={"pk": meeting.pk})
    html = _item_page(client, written_item)
    assert close not in html
    assert CLOSE_WAITS in html
    page = client.get(close).content.decode()
    assert CLOSE_WAITS in page
    assert "Afsluiten en besluiten vastleggen" not in page


def test_a_forged_post_before_the_deadline_is_refused(
    client, time_machine, written_item, secretary, ab_member
):
    time_machine.move_to(DEADLINE - dt.timedelta(days=1), tick=False)
    client.force_login(secretary)
    meeting = written_item.meeting
    response = client.post(reverse("governance:written-close", kwargs={"pk": meeting.pk}))
    assert response.status_code == 200
    assert "nog niet alle leden hebben" in response.content.decode()
    assert not Decision.objects.exists()
    meeting.refresh_from_db()
    assert not meeting.is_held


@pytest.mark.parametrize("moment", ["after the deadline", "everyone responded"])
def test_after_the_deadline_or_when_all_responded_the_button_is_there(
    client, time_machine, written_item, secretary, ab_member, moment
):
    meeting = written_item.meeting
    if moment == "after the deadline":
        time_machine.move_to(DEADLINE + dt.timedelta(minutes=1), tick=False)
    else:
        time_machine.move_to(DEADLINE - dt.timedelta(days=1), tick=False)
        services.written_respond(actor=ab_member, item=written_item, answer="agree")
    assert not written_close_waits(meeting)
    client.force_login(secretary)
    close = reverse("governance:written-close", kwargs={"pk": meeting.pk})
    assert close in _item_page(client, written_item)
    page = client.get(close).content.decode()
    assert "Afsluiten en besluiten vastleggen" in page
    assert CLOSE_WAITS not in page
    assert client.post(close).status_code == 302
    assert Decision.objects.filter(agenda_item=written_item).exists()
