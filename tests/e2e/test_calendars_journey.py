"""The council calendars and the fit matrix in a real browser: the secretariat adds a
council meeting, opens the confirmation to remove one, uploads a wrong CSV file, edits a
meeting and reads the matrix. Every page is scanned with axe-core."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from pcycle.models import CouncilMeeting
from tests.pcycle.calendars_data import municipality, view_document

from .test_journeys import LOGIN_URL, _log_in

pytestmark = pytest.mark.e2e


def test_calendars_and_fit_journey(new_page, scan, secretary, ab, leiden, gouda):
    today = timezone.localdate()
    sent = today + dt.timedelta(days=20)
    view_document(ab, sent=sent, adoption=sent + dt.timedelta(weeks=12), year=today.year + 1)
    CouncilMeeting.objects.create(municipality=leiden, day=sent + dt.timedelta(weeks=4))
    CouncilMeeting.objects.create(municipality=leiden, day=sent + dt.timedelta(weeks=8))
    municipality("Katwijk", days=[sent + dt.timedelta(weeks=13)])

    page = new_page()
    page.goto(f"{LOGIN_URL}?next={reverse('pcycle:calendars')}")
    _log_in(page, secretary)
    page.goto(reverse("pcycle:calendars"))
    expect(page.locator("main table")).to_contain_text("Leiden")
    scan(page, "01-calendars-overview")

    page.goto(reverse("pcycle:calendar", kwargs={"pk": gouda.pk}))
    day = sent + dt.timedelta(weeks=6)
    page.locator("#id_meeting-day").fill(day.isoformat())
    page.locator("section[aria-labelledby='add-meeting'] button[type=submit]").click()
    expect(page.locator("main table")).to_have_count(1)
    assert CouncilMeeting.objects.filter(municipality=gouda, day=day).exists()
    page.locator("details.hecht-confirm summary").first.click()
    scan(page, "02-calendar-gouda-meeting-added")

    page.locator("#id_csv-file").set_input_files(
        files=[{"name": "raad.csv", "mimeType": "text/csv", "buffer": b"datum\n2026-13-01\n"}]
    )
    page.locator("section[aria-labelledby='upload-csv'] button[type=submit]").click()
    expect(page.locator("#form-errors")).to_be_visible()
    assert CouncilMeeting.objects.filter(municipality=gouda).count() == 1  # nothing imported
    # A refused form answers 400, which the browser logs: expected here, not a fault.
    page.browser_errors.messages.clear()
    scan(page, "03-calendar-csv-error")

    meeting = CouncilMeeting.objects.get(municipality=gouda, day=day)
    page.goto(reverse("pcycle:calendar-meeting-edit", kwargs={"pk": meeting.pk}))
    scan(page, "04-calendar-meeting-edit")

    page.goto(reverse("pcycle:fit"))
    expect(page.locator("#fit-unable")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Katwijk")
    scan(page, "05-fit-matrix")
