"""The council calendar pages and the fit matrix page: what each role sees, the forms
and their errors, uploads never stored, the feed fetched through the SSRF guard, the
matrix as an accessible table, and a fixed number of queries per page."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from pcycle.models import CouncilCalendar, CouncilMeeting
from tests.pcycle.calendars_data import municipality, view_document

pytestmark = pytest.mark.django_db

D = dt.date
NOW = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def calendar_url(place):
    return reverse("pcycle:calendar", kwargs={"pk": place.pk})


def text_of(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def test_the_overview_lists_every_municipality_with_its_next_meeting(
    client, ab_member, leiden, gouda
):
    CouncilMeeting.objects.create(municipality=leiden, day=D(2026, 4, 9))
    client.force_login(ab_member)
    page = text_of(client.get(reverse("pcycle:calendars")))
    assert "Leiden" in page and "Gouda" in page
    assert "9 april 2026" in page
    assert 'class="hecht-subnav"' in page


def test_a_contact_official_sees_the_forms_only_on_their_own_calendar(
    client, contact_official, leiden, gouda
):
    client.force_login(contact_official)
    own = client.get(calendar_url(leiden)).content.decode()
    other = client.get(calendar_url(gouda)).content.decode()
    assert reverse("pcycle:calendar-csv", kwargs={"pk": leiden.pk}) in own
    assert reverse("pcycle:calendar-csv", kwargs={"pk": gouda.pk}) not in other
    for name in ("calendar-meeting-add", "calendar-ical", "calendar-settings"):
        assert reverse(f"pcycle:{name}", kwargs={"pk": leiden.pk}) in own
        assert reverse(f"pcycle:{name}", kwargs={"pk": gouda.pk}) not in other


def test_an_unknown_municipality_is_404(client, secretary):
    client.force_login(secretary)
    assert client.get(reverse("pcycle:calendar", kwargs={"pk": 999_999})).status_code == 404


def test_a_meeting_is_added_from_the_page(client, contact_official, leiden):
    client.force_login(contact_official)
    response = client.post(
        reverse("pcycle:calendar-meeting-add", kwargs={"pk": leiden.pk}),
        {"meeting-day": "2026-04-09", "meeting-kind": "committee", "meeting-title": "Commissie"},
    )
    assert response.status_code == 302
    meeting = CouncilMeeting.objects.get()
    assert (meeting.day, meeting.kind, meeting.title) == (D(2026, 4, 9), "committee", "Commissie")


def test_a_duplicate_meeting_is_shown_on_the_form(client, secretary, leiden):
    CouncilMeeting.objects.create(municipality=leiden, day=D(2026, 4, 9))
    client.force_login(secretary)
    response = client.post(
        reverse("pcycle:calendar-meeting-add", kwargs={"pk": leiden.pk}),
        {"meeting-day": "2026-04-09", "meeting-kind": "council"},
    )
    assert response.status_code == 400
    assert "9 april 2026" in text_of(response)
    assert CouncilMeeting.objects.count() == 1


def test_a_meeting_is_changed_and_deleted_from_the_page(client, secretary, leiden):
    meeting = CouncilMeeting.objects.create(municipality=leiden, day=D(2026, 4, 9))
    client.force_login(secretary)
    edit = reverse("pcycle:calendar-meeting-edit", kwargs={"pk": meeting.pk})
    assert client.get(edit).status_code == 200
    response = client.post(edit, {"day": "2026-04-16", "kind": "council", "title": ""})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.day == D(2026, 4, 16)
    bad = client.post(edit, {"day": "2026-02-30", "kind": "council", "title": ""})
    assert bad.status_code == 400
    page = client.get(calendar_url(leiden)).content.decode()
    assert '<details class="hecht-confirm">' in page
    delete = reverse("pcycle:calendar-meeting-delete", kwargs={"pk": meeting.pk})
    assert delete in page
    assert client.post(delete).status_code == 302
    assert not CouncilMeeting.objects.exists()


def test_a_csv_upload_is_imported_and_not_stored(client, secretary, leiden, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(secretary)
    upload = SimpleUploadedFile("raad.csv", b"datum;soort\n09-04-2026;raad\n", "text/csv")
    response = client.post(
        reverse("pcycle:calendar-csv", kwargs={"pk": leiden.pk}), {"csv-file": upload}
    )
    assert response.status_code == 302
    assert list(CouncilMeeting.objects.values_list("day", flat=True)) == [D(2026, 4, 9)]
    assert list(tmp_path.iterdir()) == []
    followed = client.get(response["Location"])
    assert "1 toegevoegd" in text_of(followed)


def test_a_wrong_csv_shows_the_line_numbers_and_saves_nothing(client, secretary, leiden):
    client.force_login(secretary)
    upload = SimpleUploadedFile("raad.csv", b"datum\n2026-04-09\n2026-13-01\n", "text/csv")
    response = client.post(
        reverse("pcycle:calendar-csv", kwargs={"pk": leiden.pk}), {"csv-file": upload}
    )
    assert response.status_code == 400
    assert "3" in text_of(response) and "2026-13-01" in text_of(response)
    assert not CouncilMeeting.objects.exists()


def test_a_too_large_upload_is_refused_before_parsing(client, secretary, leiden):
    client.force_login(secretary)
    upload = SimpleUploadedFile("raad.csv", b"datum\n" + b"2026-04-09\n" * 30_000, "text/csv")
    response = client.post(
        reverse("pcycle:calendar-csv", kwargs={"pk": leiden.pk}), {"csv-file": upload}
    )
    assert response.status_code == 400
    assert "256 kB" in text_of(response)
    assert not CouncilMeeting.objects.exists()


def test_an_ics_upload_is_imported(client, contact_official, leiden):
    client.force_login(contact_official)
    data = (
        b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//NL\r\nBEGIN:VEVENT\r\nUID:x1\r\n"
        b"DTSTART;VALUE=DATE:20260409\r\nSUMMARY:Gemeenteraad\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    response = client.post(
        reverse("pcycle:calendar-ical", kwargs={"pk": leiden.pk}),
        {"ical-file": SimpleUploadedFile("raad.ics", data, "text/calendar")},
    )
    assert response.status_code == 302
    assert CouncilMeeting.objects.get().feed_uid == "x1"
    bad = client.post(
        reverse("pcycle:calendar-ical", kwargs={"pk": leiden.pk}),
        {"ical-file": SimpleUploadedFile("raad.ics", b"nonsense", "text/calendar")},
    )
    assert bad.status_code == 400


def test_the_settings_are_saved_and_an_http_feed_is_refused(client, secretary, leiden):
    client.force_login(secretary)
    url = reverse("pcycle:calendar-settings", kwargs={"pk": leiden.pk})
    refused = client.post(
        url, {"settings-preparation_weeks": "3", "settings-feed_url": "http://leiden.nl/k.ics"}
    )
    assert refused.status_code == 400
    assert not CouncilCalendar.objects.exists()
    saved = client.post(
        url,
        {"settings-preparation_weeks": "3", "settings-feed_url": "https://leiden.nl/k.ics"},
    )
    assert saved.status_code == 302
    calendar = CouncilCalendar.objects.get()
    assert (calendar.preparation_weeks, calendar.feed_url) == (3, "https://leiden.nl/k.ics")


def test_fetching_a_feed_on_an_internal_address_is_refused_on_the_page(
    client, secretary, leiden, monkeypatch
):
    CouncilCalendar.objects.create(municipality=leiden, feed_url="https://intern.example.nl/k.ics")
    monkeypatch.setattr(
        "hecht.safe_fetch.socket.getaddrinfo",
        lambda *args, **kwargs: [(2, 1, 6, "", ("169.254.169.254", 443))],
    )

    def no_connection(*args, **kwargs):
        raise AssertionError("no connection may be made")

    monkeypatch.setattr("hecht.safe_fetch.socket.create_connection", no_connection)
    client.force_login(secretary)
    response = client.post(reverse("pcycle:calendar-fetch", kwargs={"pk": leiden.pk}), follow=True)
    assert response.status_code == 200
    assert "https" in text_of(response)
    assert CouncilCalendar.objects.get().imported_at is None
    messages = [str(message) for message in response.context["messages"]]
    assert len(messages) == 1


def test_the_fit_page_is_an_accessible_table_with_the_councils_that_cannot_respond(
    client, ab_member, ab
):
    document = view_document(ab, sent=D(2026, 4, 9), adoption=D(2026, 7, 2))
    municipality("Alphen", days=[D(2026, 5, 28)])
    municipality("Bodegraven", days=[D(2026, 4, 23)])
    municipality("Katwijk", days=[D(2026, 7, 9)])
    client.force_login(ab_member)
    response = client.get(reverse("pcycle:fit"))
    assert response.status_code == 200
    page = text_of(response)
    assert "<caption>" in page
    # the three municipalities, the AB member's Gouda, and the totals
    assert page.count('scope="row"') == 5
    assert 'scope="col"' in page
    assert document.label in page
    assert "9 april 2026" in page and "1 juli 2026" in page
    assert "raad 28 mei 2026" in page
    # words, not colour alone
    for badge in ("hecht-badge--on-time", "hecht-badge--incomplete", "hecht-badge--late"):
        assert badge in page
    unable = page.split('id="fit-unable"')[1]
    assert "Katwijk" in unable and "Alphen" not in unable and "Bodegraven" not in unable


def _pages_world(ab, size):
    for n in range(size):
        view_document(
            ab, sent=D(2026, 4, 9) + dt.timedelta(days=n), adoption=D(2026, 7, 2), year=2027 + n
        )
        place = municipality(f"Gemeente {size}-{n}", weeks=n % 3, days=[D(2026, 5, 7 + n)])
        CouncilMeeting.objects.create(municipality=place, day=D(2026, 6, 4), title=f"R{n}")
    return place


# What every page costs (session, user, permissions) plus the page's own, the same
# whatever the number of municipalities, documents and meetings: the overview 2
# (municipalities with counts, sources), the fit matrix 5 (documents, route steps,
# decisions, municipalities, meetings).
QUERIES = {"pcycle:calendars": 7, "pcycle:fit": 10, "pcycle:calendar": 7}


@pytest.mark.parametrize("size", [2, 6])
@pytest.mark.parametrize("page", sorted(QUERIES))
def test_the_pages_take_a_fixed_number_of_queries(
    client, secretary, ab, page, size, django_assert_num_queries
):
    place = _pages_world(ab, size)
    url = reverse(page, kwargs={"pk": place.pk}) if page == "pcycle:calendar" else reverse(page)
    client.force_login(secretary)
    with django_assert_num_queries(QUERIES[page]):
        assert client.get(url).status_code == 200
