"""One fact, one field: a meeting's status is its lifecycle, a published agenda is
``agenda_published_at``, and the phase every page shows is derived from the two.

For every combination the badge, the internal meeting page, the calendar, the portal
(list and page), the open-data API and the iCalendar feed say the same thing; the
publication acts change what they all show; migration 0012 turns the old stored status
"agenda_published" into the date, forward and back.
"""

from __future__ import annotations

import datetime as dt
import itertools

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from governance import services
from governance.filters.meetings import MeetingFilter
from governance.models import Meeting
from governance.queries.history import record_history
from tests.factories import TZ, AgendaItemFactory, MeetingFactory

# What the pages must show, written out (not computed by the code under test).
EXPECTED = {
    ("planned", False): "planned",
    ("planned", True): "agenda_published",
    ("held", False): "held",
    ("held", True): "held",
    ("minutes_adopted", False): "minutes_adopted",
    ("minutes_adopted", True): "minutes_adopted",
    ("cancelled", False): "cancelled",
    ("cancelled", True): "cancelled",
}
LABELS = {
    "planned": "Gepland",
    "agenda_published": "Agenda gepubliceerd",
    "held": "Gehouden",
    "minutes_adopted": "Verslag vastgesteld",
    "cancelled": "Geannuleerd",
}
ICAL_STATUS = {
    "planned": "TENTATIVE",
    "agenda_published": "CONFIRMED",
    "held": "CONFIRMED",
    "minutes_adopted": "CONFIRMED",
    "cancelled": "CANCELLED",
}
COMBINATIONS = list(itertools.product(Meeting.Status.values, (False, True)))

BEFORE = "0011_days_off"
AFTER = "0012_meeting_phase"


def _meeting(ab, status: str, published: bool) -> Meeting:
    # Straight to the row: the combinations a service would not make (publishing a
    # cancelled meeting's agenda) must show one phase all the same.
    return MeetingFactory(
        body=ab,
        is_public=True,
        starts_at=timezone.now() + dt.timedelta(days=10),
        status=status,
        agenda_published_at=timezone.now() - dt.timedelta(days=1) if published else None,
    )


def _badge(phase: str) -> str:
    return f'<span class="hecht-badge hecht-badge--{phase}">{LABELS[phase]}</span>'


def _feed_status(client) -> str:
    response = client.get(reverse("governance:calendar-feed-public"))
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    return str(event["STATUS"])


def test_the_combinations_cover_every_status():
    assert {status for status, _published in EXPECTED} == set(Meeting.Status.values)
    assert set(EXPECTED.values()) == set(Meeting.Phase.values)


@pytest.mark.parametrize(("status", "published"), COMBINATIONS)
def test_badge_details_calendar_portal_api_and_feed_show_the_same_phase(
    client, ab, secretary, status, published
):
    meeting = _meeting(ab, status, published)
    phase = EXPECTED[(status, published)]
    assert meeting.phase == phase
    assert meeting.get_phase_display() == LABELS[phase]
    assert render_to_string("components/meeting_badges.html", {"meeting": meeting}).startswith(
        _badge(phase)
    )

    client.force_login(secretary)
    detail = client.get(reverse("governance:meeting-detail", args=[meeting.pk])).content.decode()
    assert _badge(phase) in detail
    assert f"<dt>Status</dt><dd>{LABELS[phase]}</dd>" in detail
    calendar = client.get(
        reverse("governance:meeting-calendar"), {"jaar": meeting.starts_at.year}
    ).content.decode()
    assert _badge(phase) in calendar
    client.logout()

    portal = client.get(reverse("governance:public-meeting", args=[meeting.pk])).content.decode()
    assert _badge(phase) in portal
    assert ("Deze vergadering is geannuleerd." in portal) is (phase == "cancelled")
    portal_list = client.get(
        reverse("governance:public-meetings"), {"jaar": meeting.starts_at.year}
    ).content.decode()
    assert _badge(phase) in portal_list
    api = client.get(reverse("governance:public-api-meeting", args=[meeting.pk])).json()
    assert api["status"] == phase
    assert _feed_status(client) == ICAL_STATUS[phase]

    others = set(LABELS) - {phase}
    for shown in (detail, portal, portal_list):
        assert not any(_badge(other) in shown for other in others)


@pytest.mark.parametrize(("status", "published"), COMBINATIONS)
def test_the_database_filter_finds_each_meeting_in_its_phase_only(ab, status, published):
    meeting = _meeting(ab, status, published)
    phase = EXPECTED[(status, published)]
    for candidate in Meeting.Phase.values:
        found = list(Meeting.objects.in_phase(candidate))
        assert found == ([meeting] if candidate == phase else [])
        by_filter = MeetingFilter({"status": candidate}, queryset=Meeting.objects.all()).qs
        assert list(by_filter) == found


def test_the_calendar_filter_offers_agenda_published(client, ab, secretary):
    published = _meeting(ab, "planned", True)
    planned = _meeting(ab, "planned", False)
    client.force_login(secretary)
    url = reverse("governance:meeting-calendar")
    page = client.get(url, {"jaar": published.starts_at.year, "status": "agenda_published"})
    html = page.content.decode()
    assert '<option value="agenda_published" selected>Agenda gepubliceerd</option>' in html
    assert reverse("governance:meeting-detail", args=[published.pk]) in html
    assert reverse("governance:meeting-detail", args=[planned.pk]) not in html


def test_publishing_withdrawing_cancelling_and_replanning_change_every_page(client, ab, secretary):
    """Whichever field changes, the pages follow: the publication acts stamp and clear
    the date only; a cancelled meeting keeps its publication date (the record that the
    agenda was published) and shows as cancelled; planned again, it shows its published
    agenda again."""
    meeting = _meeting(ab, "planned", False)
    AgendaItemFactory(meeting=meeting)

    def shown() -> tuple[str, str]:
        portal = client.get(reverse("governance:public-meeting", args=[meeting.pk]))
        html = portal.content.decode()
        badge = next(p for p in LABELS if _badge(p) in html)
        return badge, _feed_status(client)

    assert shown() == ("planned", "TENTATIVE")
    services.agenda_publish(actor=secretary, meeting=meeting)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED
    assert shown() == ("agenda_published", "CONFIRMED")

    services.meeting_update(actor=secretary, meeting=meeting, status=Meeting.Status.CANCELLED)
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is not None  # the record that it was published
    assert shown() == ("cancelled", "CANCELLED")
    with pytest.raises(ValidationError):
        services.agenda_publish(actor=secretary, meeting=meeting)

    services.meeting_update(actor=secretary, meeting=meeting, status=Meeting.Status.PLANNED)
    assert shown() == ("agenda_published", "CONFIRMED")

    services.agenda_unpublish(actor=secretary, meeting=meeting, reason="Verkeerde stukken")
    meeting.refresh_from_db()
    assert (meeting.status, meeting.agenda_published_at) == (Meeting.Status.PLANNED, None)
    assert shown() == ("planned", "TENTATIVE")
    assert meeting.calendar_sequence == 4  # publish, cancel, plan again, withdraw


def test_a_held_meeting_keeps_its_publication_date(ab, secretary):
    meeting = _meeting(ab, "planned", True)
    services.meeting_update(actor=secretary, meeting=meeting, status=Meeting.Status.HELD)
    meeting.refresh_from_db()
    assert meeting.agenda_published_at is not None
    assert meeting.phase == Meeting.Phase.HELD


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("agenda_published", "publicatiepagina"),
        ("gepland", "geen status"),
    ],
)
def test_the_status_edit_refuses_a_phase_that_is_no_status(ab, secretary, status, message):
    meeting = _meeting(ab, "planned", False)
    with pytest.raises(ValidationError) as error:
        services.meeting_update(actor=secretary, meeting=meeting, status=status)
    assert message in " ".join(error.value.message_dict["status"])
    meeting.refresh_from_db()
    assert (meeting.status, meeting.agenda_published_at) == ("planned", None)


def test_the_meeting_form_offers_no_publication_status(ab, secretary, client):
    meeting = _meeting(ab, "planned", True)
    client.force_login(secretary)
    html = client.get(reverse("governance:meeting-edit", args=[meeting.pk])).content.decode()
    assert 'value="agenda_published"' not in html
    assert 'value="held"' in html


@pytest.mark.django_db(transaction=True)
def test_the_database_refuses_the_old_status(ab):
    meeting = MeetingFactory(body=ab)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=meeting.pk).update(status="agenda_published")


# --- migration 0012 -----------------------------------------------------------------


def _at(day: int) -> dt.datetime:
    return dt.datetime(2026, 5, day, 12, tzinfo=TZ)


@pytest.mark.django_db(transaction=True)
def test_migration_turns_the_stored_status_into_the_date_and_back(ab, client, secretary):
    executor = MigrationExecutor(connection)
    executor.migrate([("governance", BEFORE)])
    old = executor.loader.project_state([("governance", BEFORE)]).apps
    Meeting_ = old.get_model("governance", "Meeting")
    History_ = old.get_model("governance", "HistoricalMeeting")
    fields = [f.attname for f in Meeting_._meta.concrete_fields]
    body = old.get_model("governance", "Body").objects.get(pk=ab.pk)

    def meeting(status, published_at=None, history=()):
        row = Meeting_.objects.create(
            body=body,
            starts_at=_at(20),
            status=status,
            agenda_published_at=published_at,
            is_public=True,
        )
        for day, fields_then in history:
            values = {name: getattr(row, name) for name in fields} | fields_then
            History_.objects.create(
                **values, history_date=_at(day), history_type="~", history_change_reason=""
            )
        return row

    consistent = meeting(
        "agenda_published",
        _at(5),
        history=[(1, {"status": "planned", "agenda_published_at": None}), (5, {})],
    )
    # Contradictions: the status says published, the date is empty.
    dated_in_history = meeting(
        "agenda_published",
        history=[
            (2, {"status": "planned", "agenda_published_at": _at(2)}),
            (3, {"status": "agenda_published", "agenda_published_at": _at(3)}),
            (4, {"status": "agenda_published", "agenda_published_at": None}),
        ],
    )
    became_published = meeting(
        "agenda_published",
        history=[
            (1, {"status": "agenda_published"}),
            (2, {"status": "planned"}),
            (6, {"status": "agenda_published"}),
            (7, {"status": "agenda_published", "location": "Raadzaal"}),
        ],
    )
    no_history = meeting("agenda_published")
    held = meeting("held", _at(5))
    planned = meeting("planned")
    untouched = (held, planned)

    executor = MigrationExecutor(connection)
    executor.migrate([("governance", AFTER)])
    try:
        now = {m.pk: m for m in Meeting.objects.all()}
        assert {pk: (m.status, m.agenda_published_at) for pk, m in now.items()} == {
            consistent.pk: ("planned", _at(5)),
            dated_in_history.pk: ("planned", _at(3)),
            became_published.pk: ("planned", _at(6)),
            no_history.pk: ("planned", None),
            held.pk: ("held", _at(5)),
            planned.pk: ("planned", None),
        }
        assert now[dated_in_history.pk].phase == Meeting.Phase.AGENDA_PUBLISHED
        assert now[no_history.pk].phase == Meeting.Phase.PLANNED
        latest = now[consistent.pk].history.order_by("-history_id").first()
        assert "0012" in latest.history_change_reason
        assert latest.status == "planned"
        for row in untouched:
            assert not now[row.pk].history.exists()
        # The old history rows stay as stored, and the history tab reads them.
        assert now[consistent.pk].history.filter(status="agenda_published").count() == 1
        changes = [
            (c["old"], c["new"])
            for row in record_history(now[consistent.pk])
            for c in row["changes"]
            if c["field"] == Meeting._meta.get_field("status").verbose_name
        ]
        assert changes == [("Agenda gepubliceerd", "Gepland"), ("Gepland", "Agenda gepubliceerd")]
        client.force_login(secretary)
        page = client.get(reverse("governance:meeting-history", args=[consistent.pk]))
        assert page.status_code == 200
        assert "Agenda gepubliceerd" in page.content.decode()
        assert "agenda_published<" not in page.content.decode()

        executor = MigrationExecutor(connection)
        executor.migrate([("governance", BEFORE)])
        back = {m.pk: (m.status, m.agenda_published_at) for m in Meeting_.objects.all()}
        assert back == {
            consistent.pk: ("agenda_published", _at(5)),
            dated_in_history.pk: ("agenda_published", _at(3)),
            became_published.pk: ("agenda_published", _at(6)),
            no_history.pk: ("planned", None),
            held.pk: ("held", _at(5)),
            planned.pk: ("planned", None),
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
