"""The council calendar services: meetings by hand, CSV and iCalendar imports (all or
nothing, idempotent, moved and removed events), the settings and the feed fetch (with an
injected network function), each permission-checked and in the history."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from hecht.safe_fetch import FetchError, UnsafeAddress
from pcycle.models import CouncilCalendar, CouncilMeeting
from pcycle.services import calendars as services

pytestmark = pytest.mark.django_db

D = dt.date
COUNCIL = CouncilMeeting.Kind.COUNCIL
COMMITTEE = CouncilMeeting.Kind.COMMITTEE
NOW = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False), translation.override("en"):
        yield


def days(municipality, kind=None):
    meetings = CouncilMeeting.objects.filter(municipality=municipality)
    if kind:
        meetings = meetings.filter(kind=kind)
    return sorted(meetings.values_list("day", flat=True))


# --- meetings by hand -------------------------------------------------------------------


def test_the_secretariat_adds_a_meeting_with_history(secretary, gouda):
    meeting = services.council_meeting_add(
        actor=secretary, municipality=gouda, day=D(2026, 4, 9), kind=COUNCIL, title="Raad"
    )
    assert meeting.source == CouncilMeeting.Source.MANUAL
    record = meeting.history.get()
    assert record.history_user == secretary
    assert record.history_change_reason == "Council meeting added"
    # the calendar's settings row is created on the way
    assert CouncilCalendar.objects.get(municipality=gouda).preparation_weeks == 2


def test_a_contact_official_manages_only_their_own_municipality(contact_official, leiden, gouda):
    services.council_meeting_add(
        actor=contact_official, municipality=leiden, day=D(2026, 4, 9), kind=COUNCIL
    )
    with pytest.raises(PermissionDenied):
        services.council_meeting_add(
            actor=contact_official, municipality=gouda, day=D(2026, 4, 9), kind=COUNCIL
        )
    assert days(gouda) == []


@pytest.mark.parametrize("user", ["manager", "ab_member", "outsider"])
def test_readers_cannot_change_a_calendar(request, user, gouda):
    with pytest.raises(PermissionDenied):
        services.council_meeting_add(
            actor=request.getfixturevalue(user),
            municipality=gouda,
            day=D(2026, 4, 9),
            kind=COUNCIL,
        )


def test_a_second_meeting_of_the_same_kind_on_a_day_is_refused(secretary, gouda):
    services.council_meeting_add(
        actor=secretary, municipality=gouda, day=D(2026, 4, 9), kind=COUNCIL
    )
    with pytest.raises(ValidationError) as error:
        services.council_meeting_add(
            actor=secretary, municipality=gouda, day=D(2026, 4, 9), kind=COUNCIL
        )
    assert "already has a council meeting on 9 April 2026" in str(error.value.message_dict["day"])
    services.council_meeting_add(
        actor=secretary, municipality=gouda, day=D(2026, 4, 9), kind=COMMITTEE
    )
    assert days(gouda) == [D(2026, 4, 9), D(2026, 4, 9)]


@pytest.mark.parametrize("day", [D(2023, 12, 31), D(2032, 1, 1)])
def test_a_day_implausibly_far_away_is_refused(secretary, gouda, day):
    with pytest.raises(ValidationError):
        services.council_meeting_add(actor=secretary, municipality=gouda, day=day, kind=COUNCIL)


def test_changing_a_meeting_records_the_changed_fields(secretary, gouda):
    meeting = services.council_meeting_add(
        actor=secretary, municipality=gouda, day=D(2026, 4, 9), kind=COUNCIL
    )
    services.council_meeting_update(
        actor=secretary, meeting=meeting, day=D(2026, 4, 16), kind=COUNCIL, title="Begroting"
    )
    meeting.refresh_from_db()
    assert (meeting.day, meeting.title) == (D(2026, 4, 16), "Begroting")
    assert meeting.history.first().history_change_reason == "Changed: date, title"


def test_changing_a_meeting_onto_another_is_refused_and_nothing_is_saved(secretary, gouda):
    first = services.council_meeting_add(
        actor=secretary, municipality=gouda, day=D(2026, 4, 9), kind=COUNCIL
    )
    services.council_meeting_add(
        actor=secretary, municipality=gouda, day=D(2026, 5, 7), kind=COUNCIL
    )
    with pytest.raises(ValidationError):
        services.council_meeting_update(
            actor=secretary, meeting=first, day=D(2026, 5, 7), kind=COUNCIL, title=""
        )
    first.refresh_from_db()
    assert first.day == D(2026, 4, 9)


def test_a_deleted_meeting_stays_in_the_history(secretary, contact_official, leiden):
    meeting = services.council_meeting_add(
        actor=contact_official, municipality=leiden, day=D(2026, 4, 9), kind=COUNCIL
    )
    services.council_meeting_delete(actor=contact_official, meeting=meeting)
    assert days(leiden) == []
    record = CouncilMeeting.history.filter(id=meeting.pk).first()
    assert record.history_type == "-"
    assert record.history_user == contact_official
    assert record.history_change_reason == "Council meeting removed: 9 April 2026"


def test_a_contact_official_cannot_delete_another_municipalitys_meeting(
    secretary, gouda_official, leiden
):
    meeting = services.council_meeting_add(
        actor=secretary, municipality=leiden, day=D(2026, 4, 9), kind=COUNCIL
    )
    with pytest.raises(PermissionDenied):
        services.council_meeting_delete(actor=gouda_official, meeting=meeting)
    with pytest.raises(PermissionDenied):
        services.council_meeting_update(
            actor=gouda_official, meeting=meeting, day=D(2026, 4, 10), kind=COUNCIL, title=""
        )
    assert days(leiden) == [D(2026, 4, 9)]


# --- settings ---------------------------------------------------------------------------


def test_the_settings_are_created_then_changed_with_history(contact_official, leiden):
    calendar = services.council_calendar_update(
        actor=contact_official,
        municipality=leiden,
        preparation_weeks=3,
        feed_url="https://leiden.raadsinformatie.nl/kalender.ics",
    )
    assert calendar.preparation_weeks == 3
    reasons = list(calendar.history.values_list("history_change_reason", flat=True))
    assert reasons == [
        "Changed: preparation time (weeks), public calendar feed (iCalendar)",
        "Council calendar created",
    ]


@pytest.mark.parametrize(
    "url", ["http://leiden.nl/k.ics", "file:///etc/passwd", "https://user:pw@leiden.nl/k.ics"]
)
def test_a_feed_address_that_is_not_plain_https_is_refused(secretary, leiden, url):
    with pytest.raises(ValidationError) as error:
        services.council_calendar_update(
            actor=secretary, municipality=leiden, preparation_weeks=2, feed_url=url
        )
    assert "feed_url" in error.value.message_dict
    assert not CouncilCalendar.objects.filter(feed_url=url).exists()


def test_a_preparation_time_over_twelve_weeks_is_refused(secretary, leiden):
    with pytest.raises(ValidationError):
        services.council_calendar_update(
            actor=secretary, municipality=leiden, preparation_weeks=13, feed_url=""
        )


def test_the_settings_of_another_municipality_are_refused(contact_official, gouda):
    with pytest.raises(PermissionDenied):
        services.council_calendar_update(
            actor=contact_official, municipality=gouda, preparation_weeks=3, feed_url=""
        )
    assert not CouncilCalendar.objects.filter(municipality=gouda).exists()


# --- CSV --------------------------------------------------------------------------------


def import_csv(actor, municipality, text: str | bytes):
    data = text.encode() if isinstance(text, str) else text
    return services.council_calendar_import_csv(actor=actor, municipality=municipality, data=data)


def test_a_csv_with_semicolons_and_both_date_forms_is_imported(secretary, gouda):
    result = import_csv(
        secretary,
        gouda,
        "datum;soort;titel\n2026-04-09;raad;Raadsvergadering\n"
        "26-03-2026;commissie;Commissie Bestuur\n14-05-2026;;\n",
    )
    assert (result.added, result.unchanged) == (3, 0)
    assert days(gouda, COUNCIL) == [D(2026, 4, 9), D(2026, 5, 14)]
    assert days(gouda, COMMITTEE) == [D(2026, 3, 26)]
    meeting = CouncilMeeting.objects.get(municipality=gouda, day=D(2026, 4, 9))
    assert (meeting.source, meeting.title) == (CouncilMeeting.Source.CSV, "Raadsvergadering")
    assert meeting.history.get().history_user == secretary
    calendar = CouncilCalendar.objects.get(municipality=gouda)
    assert calendar.imported_at == NOW
    assert "3 added" in calendar.history.first().history_change_reason


def test_a_csv_with_commas_a_bom_and_only_a_date_column_is_imported(secretary, gouda):
    import_csv(secretary, gouda, "\ufeffDatum\r\n2026-04-09\r\n\r\n2026-06-25\r\n".encode())
    assert days(gouda, COUNCIL) == [D(2026, 4, 9), D(2026, 6, 25)]
    import_csv(secretary, gouda, "titel,datum\nBegroting,2026-07-02\n")
    assert CouncilMeeting.objects.get(day=D(2026, 7, 2)).title == "Begroting"


def test_a_windows_1252_csv_keeps_its_accents(secretary, gouda):
    text = "datum;soort;titel\n09-04-2026;raad;Raad – één begrotingswijziging\n"
    import_csv(secretary, gouda, text.encode("cp1252"))
    assert CouncilMeeting.objects.get().title == "Raad – één begrotingswijziging"


def test_importing_the_same_csv_twice_adds_nothing_the_second_time(secretary, gouda):
    text = "datum;soort\n2026-04-09;raad\n2026-04-09;raad\n2026-04-09;commissie\n"
    first = import_csv(secretary, gouda, text)
    assert (first.added, first.unchanged) == (2, 1)  # a duplicate line is not added twice
    second = import_csv(secretary, gouda, text)
    assert (second.added, second.unchanged) == (0, 3)
    assert CouncilMeeting.objects.filter(municipality=gouda).count() == 2


def test_a_csv_gives_a_new_title_to_a_meeting_already_there(secretary, gouda):
    services.council_meeting_add(
        actor=secretary, municipality=gouda, day=D(2026, 4, 9), kind=COUNCIL
    )
    result = import_csv(secretary, gouda, "datum;titel\n2026-04-09;Voorjaarsnota\n")
    assert (result.added, result.updated) == (0, 1)
    assert CouncilMeeting.objects.get().title == "Voorjaarsnota"


def test_a_csv_with_bad_lines_names_each_line_and_saves_nothing(secretary, gouda):
    text = (
        "datum;soort\n"
        "2026-04-09;raad\n"
        "31-02-2026;raad\n"  # line 3: no such day
        "2026/04/10;raad\n"  # line 4: another format
        "2026-04-11;fractie\n"  # line 5: unknown kind
        "2040-01-01;raad\n"  # line 6: too far ahead
    )
    with pytest.raises(ValidationError) as error:
        import_csv(secretary, gouda, text)
    messages = error.value.message_dict["file"]
    assert [message.split(":")[0] for message in messages] == [
        "Line 3",
        "Line 4",
        "Line 5",
        "Line 6",
    ]
    assert "“31-02-2026” is not a date" in messages[0]
    assert "“fractie” is not a kind" in messages[2]
    assert days(gouda) == []
    assert not CouncilCalendar.objects.filter(municipality=gouda).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty"),
        (b"\n\n", "empty"),
        (b"soort;titel\nraad;x\n", "datum"),
        (b"datum\n", "no meetings"),
        (b"datum\n\x81\x8d\x8f\x90\x9d\n", "UTF-8 or Windows-1252"),
        (b"datum\n2026-04-09\x00\n", "not a CSV"),
        (b'datum;titel\n2026-04-09;"open quote\n', "Line"),
    ],
)
def test_a_csv_that_is_no_calendar_is_refused_clearly(secretary, gouda, data, message):
    with pytest.raises(ValidationError) as error:
        import_csv(secretary, gouda, data)
    assert message in " ".join(error.value.message_dict["file"])
    assert days(gouda) == []


def test_a_csv_over_the_limits_is_refused(secretary, gouda):
    rows = "".join(f"{D(2026, 1, 1) + dt.timedelta(days=n):%Y-%m-%d}\n" for n in range(1001))
    with pytest.raises(ValidationError, match="more than 1000 rows"):
        import_csv(secretary, gouda, "datum\n" + rows)
    with pytest.raises(ValidationError, match="larger than 256 kB"):
        import_csv(secretary, gouda, "datum;titel\n" + "2026-04-09;x\n" * 30_000)
    assert days(gouda) == []


def test_a_csv_for_another_municipality_is_refused(contact_official, gouda):
    with pytest.raises(PermissionDenied):
        import_csv(contact_official, gouda, "datum\n2026-04-09\n")


# --- iCalendar --------------------------------------------------------------------------


def vevent(uid, start, summary="Gemeenteraad", extra=""):
    return (
        f"BEGIN:VEVENT\r\nUID:{uid}\r\nDTSTAMP:20260101T000000Z\r\n{start}\r\n"
        f"SUMMARY:{summary}\r\n{extra}END:VEVENT\r\n"
    )


def ics(*events):
    body = "".join(events)
    return (
        f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//test//NL\r\n{body}END:VCALENDAR\r\n".encode()
    )


def import_ical(actor, municipality, data):
    return services.council_calendar_import_ical(actor=actor, municipality=municipality, data=data)


def test_all_day_and_timed_events_become_meetings_on_the_amsterdam_day(secretary, leiden):
    result = import_ical(
        secretary,
        leiden,
        ics(
            vevent("a", "DTSTART;VALUE=DATE:20260409", "Gemeenteraad"),
            # 23:30 UTC on 13 May is 01:30 on 14 May in Amsterdam (summer time)
            vevent("b", "DTSTART:20260513T233000Z", "Raadsvergadering"),
            vevent("c", "DTSTART;TZID=Europe/Amsterdam:20260326T200000", "Commissie Bestuur"),
            vevent("d", "DTSTART:20260618T193000", "Raad (floating time)"),
        ),
    )
    assert result.added == 4
    assert days(leiden, COUNCIL) == [D(2026, 4, 9), D(2026, 5, 14), D(2026, 6, 18)]
    assert days(leiden, COMMITTEE) == [D(2026, 3, 26)]
    meeting = CouncilMeeting.objects.get(feed_uid="c")
    assert (meeting.source, meeting.title) == (CouncilMeeting.Source.ICALENDAR, "Commissie Bestuur")
    assert meeting.history.get().history_user == secretary


def test_a_moved_event_moves_its_meeting_and_an_import_is_idempotent(secretary, leiden):
    import_ical(secretary, leiden, ics(vevent("a", "DTSTART;VALUE=DATE:20260409")))
    again = import_ical(secretary, leiden, ics(vevent("a", "DTSTART;VALUE=DATE:20260409")))
    assert (again.added, again.updated, again.unchanged) == (0, 0, 1)
    moved = import_ical(secretary, leiden, ics(vevent("a", "DTSTART;VALUE=DATE:20260416")))
    assert (moved.added, moved.updated) == (0, 1)
    meeting = CouncilMeeting.objects.get(feed_uid="a")
    assert meeting.day == D(2026, 4, 16)
    assert meeting.history.first().history_change_reason == "Changed: date"


def test_events_gone_from_the_feed_are_removed_from_today_onwards(secretary, leiden):
    import_ical(
        secretary,
        leiden,
        ics(
            vevent("past", "DTSTART;VALUE=DATE:20260205"),
            vevent("today", "DTSTART;VALUE=DATE:20260302"),
            vevent("future", "DTSTART;VALUE=DATE:20260409"),
            vevent("stays", "DTSTART;VALUE=DATE:20260514"),
        ),
    )
    services.council_meeting_add(
        actor=secretary, municipality=leiden, day=D(2026, 6, 4), kind=COUNCIL
    )
    result = import_ical(secretary, leiden, ics(vevent("stays", "DTSTART;VALUE=DATE:20260514")))
    assert result.removed == 2
    # the past stays as it was; a meeting entered by hand is not the feed's to remove
    assert days(leiden) == [D(2026, 2, 5), D(2026, 5, 14), D(2026, 6, 4)]
    gone = CouncilMeeting.history.filter(feed_uid="future", history_type="-").get()
    assert gone.history_change_reason == "No longer in the iCalendar feed"


def test_a_cancelled_event_is_removed(secretary, leiden):
    import_ical(secretary, leiden, ics(vevent("a", "DTSTART;VALUE=DATE:20260409")))
    result = import_ical(
        secretary,
        leiden,
        ics(vevent("a", "DTSTART;VALUE=DATE:20260409", extra="STATUS:CANCELLED\r\n")),
    )
    assert result.removed == 1
    assert days(leiden) == []


def test_recurring_events_and_events_without_uid_are_skipped(secretary, leiden):
    data = ics(
        vevent("weekly", "DTSTART;VALUE=DATE:20260409", extra="RRULE:FREQ=WEEKLY;COUNT=100000\r\n"),
        "BEGIN:VEVENT\r\nDTSTART;VALUE=DATE:20260416\r\nSUMMARY:Raad\r\nEND:VEVENT\r\n",
        vevent("far", "DTSTART;VALUE=DATE:20450101"),
        vevent("ok", "DTSTART;VALUE=DATE:20260423"),
    )
    result = import_ical(secretary, leiden, data)
    assert (result.added, result.skipped) == (1, 3)
    assert days(leiden) == [D(2026, 4, 23)]


def test_a_feed_event_adopts_a_meeting_entered_by_hand_on_its_day(secretary, leiden):
    manual = services.council_meeting_add(
        actor=secretary, municipality=leiden, day=D(2026, 4, 9), kind=COUNCIL
    )
    result = import_ical(secretary, leiden, ics(vevent("a", "DTSTART;VALUE=DATE:20260409")))
    assert (result.added, result.updated) == (0, 1)
    manual.refresh_from_db()
    assert (manual.feed_uid, manual.source) == ("a", CouncilMeeting.Source.ICALENDAR)


def test_two_feed_events_of_one_kind_on_one_day_give_one_meeting(secretary, leiden):
    result = import_ical(
        secretary,
        leiden,
        ics(
            vevent("a", "DTSTART;VALUE=DATE:20260409"),
            vevent("b", "DTSTART:20260409T190000Z", "Raad (vervolg)"),
        ),
    )
    assert (result.added, result.skipped) == (1, 1)
    assert days(leiden) == [D(2026, 4, 9)]


@pytest.mark.parametrize(
    "data", [b"", b"not a calendar", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n", b"\xff\xfe\x00"]
)
def test_a_file_that_is_no_icalendar_is_refused(secretary, leiden, data):
    with pytest.raises(ValidationError, match="not an iCalendar"):
        import_ical(secretary, leiden, data)
    assert not CouncilCalendar.objects.filter(municipality=leiden).exists()


def test_an_icalendar_over_the_limits_is_refused(secretary, leiden, monkeypatch):
    monkeypatch.setattr(services, "MAX_ICAL_EVENTS", 2)
    data = ics(*(vevent(str(n), f"DTSTART;VALUE=DATE:202604{n + 10:02d}") for n in range(3)))
    with pytest.raises(ValidationError, match="more than 2 events"):
        import_ical(secretary, leiden, data)
    with pytest.raises(ValidationError, match="larger than 2 MB"):
        import_ical(secretary, leiden, b"x" * (2 * 1024 * 1024 + 1))
    assert days(leiden) == []


def test_an_icalendar_for_another_municipality_is_refused(contact_official, gouda):
    with pytest.raises(PermissionDenied):
        import_ical(contact_official, gouda, ics(vevent("a", "DTSTART;VALUE=DATE:20260409")))


# --- fetching the feed ------------------------------------------------------------------


def with_feed(actor, municipality, url="https://leiden.raadsinformatie.nl/kalender.ics"):
    services.council_calendar_update(
        actor=actor, municipality=municipality, preparation_weeks=2, feed_url=url
    )


def test_the_feed_is_fetched_through_the_given_function_and_imported(contact_official, leiden):
    with_feed(contact_official, leiden)
    asked = []

    def fetch(url):
        asked.append(url)
        return ics(vevent("a", "DTSTART;VALUE=DATE:20260409"))

    result = services.council_calendar_fetch(
        actor=contact_official, municipality=leiden, fetch=fetch
    )
    assert asked == ["https://leiden.raadsinformatie.nl/kalender.ics"]
    assert result.added == 1
    assert CouncilCalendar.objects.get(municipality=leiden).imported_at == NOW


def test_fetching_without_a_feed_address_is_refused(secretary, leiden):
    def fetch(url):
        raise AssertionError("nothing to fetch")

    with pytest.raises(ValidationError, match="address of the council's feed"):
        services.council_calendar_fetch(actor=secretary, municipality=leiden, fetch=fetch)


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (UnsafeAddress("private"), "internal network"),
        (FetchError("timeout"), "could not be fetched"),
    ],
)
def test_a_refused_or_failed_fetch_is_a_clear_error_and_imports_nothing(
    secretary, leiden, error, message
):
    with_feed(secretary, leiden)

    def fetch(url):
        raise error

    with pytest.raises(ValidationError, match=message):
        services.council_calendar_fetch(actor=secretary, municipality=leiden, fetch=fetch)
    assert CouncilCalendar.objects.get(municipality=leiden).imported_at is None


def test_the_default_fetch_refuses_a_feed_on_a_private_address(secretary, leiden, monkeypatch):
    with_feed(secretary, leiden, "https://intern.example.nl/k.ics")
    monkeypatch.setattr(
        "hecht.safe_fetch.socket.getaddrinfo",
        lambda *args, **kwargs: [(2, 1, 6, "", ("10.0.0.7", 443))],
    )
    with pytest.raises(ValidationError, match="internal network"):
        services.council_calendar_fetch(actor=secretary, municipality=leiden)


def test_fetching_another_municipalitys_feed_is_refused(contact_official, gouda):
    with pytest.raises(PermissionDenied):
        services.council_calendar_fetch(
            actor=contact_official, municipality=gouda, fetch=lambda url: b""
        )
