"""Journeys through the app in a real browser (see conftest.py): the secretariat plans a
meeting, an AB member checks their overview, the public reads the calendar without
JavaScript. Every visited page is scanned with axe-core and screenshotted.

The UI defaults to Dutch; while the Dutch catalogue is incomplete pages may still show
the English msgids, so text assertions accept both and prefer ids, roles and hrefs.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.models import Meeting
from tests.e2e.conftest import log_in
from tests.factories import TZ, MeetingFactory

pytestmark = pytest.mark.e2e

CALENDAR_URL = "/vergaderingen/"
CREATE_URL = "/vergaderingen/nieuw/"
LOGIN_URL = "/account/inloggen/"
PASSWORD_URL = "/account/wachtwoord/"


def _text(*alternatives: str) -> re.Pattern[str]:
    """Dutch or English (or any other listed) wording."""
    return re.compile("|".join(re.escape(a) for a in alternatives))


def _detail_url(meeting_or_pk) -> str:
    pk = getattr(meeting_or_pk, "pk", meeting_or_pk)
    return f"/vergaderingen/{pk}/"


def _log_in(page, user) -> None:
    log_in(page, user)  # password, then the code from the authenticator app


def _next_month_day() -> dt.date:
    """The 10th of next month: always in the future, whatever day the tests run."""
    first = timezone.localdate().replace(day=1)
    return (first + dt.timedelta(days=32)).replace(day=10)


def test_secretariat_journey(page, scan, secretary, ab, db_body, ac):
    # Anonymous start page.
    page.goto("/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hecht Bestuur")
    scan(page, "01-home-anonymous")

    # Log in through the header link and the login form.
    page.locator(f'header a[href^="{LOGIN_URL}"]').click()
    expect(page).to_have_url(re.compile(re.escape(LOGIN_URL)))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.locator("main form #id_username")).to_be_visible()
    scan(page, "02-login")
    _log_in(page, secretary)

    # "Mijn overzicht".
    expect(page).to_have_url(re.compile(r"^https?://[^/]+/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _text("Mijn overzicht", "My overview")
    )
    expect(page.locator(".hecht-account__name")).to_contain_text(secretary.get_full_name())
    scan(page, "03-my-overview")

    # Meeting calendar via the main menu.
    page.locator(f'nav.hecht-nav a[href="{CALENDAR_URL}"]').click()
    year = timezone.localdate().year
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(rf"\b{year}$"))
    scan(page, "04-calendar")

    # Plan a meeting: first with the end before the start.
    page.locator(f'main a[href="{CREATE_URL}"]').click()
    expect(page).to_have_url(re.compile(re.escape(CREATE_URL) + "$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _text("Vergadering plannen", "Plan a meeting")
    )
    scan(page, "05-plan-form")

    day = _next_month_day()
    page.locator("#id_body").select_option(str(ab.pk))
    page.locator("#id_title").fill("Kadernota en begroting")
    page.locator("#id_starts_at").fill(f"{day:%Y-%m-%d}T14:00")
    page.locator("#id_ends_at").fill(f"{day:%Y-%m-%d}T13:00")
    page.locator("#id_location").fill("Raadzaal Gouda")
    page.locator("#id_is_public").check()
    page.locator("main form button[type=submit]").click()

    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#id_ends_at_error")).to_have_text(re.compile(r"\w"))
    expect(page.locator("#id_ends_at")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_location")).to_have_value("Raadzaal Gouda")
    assert not Meeting.objects.exists()
    scan(page, "06-plan-form-error")

    # Correct it and plan the meeting.
    page.locator("#id_ends_at").fill(f"{day:%Y-%m-%d}T16:30")
    page.locator("main form button[type=submit]").click()
    expect(page).to_have_url(re.compile(r"/vergaderingen/\d+/$"))
    meeting = Meeting.objects.get()
    assert page.url.endswith(_detail_url(meeting))
    assert (meeting.body, meeting.location, meeting.is_public) == (ab, "Raadzaal Gouda", True)
    assert timezone.localtime(meeting.starts_at) == dt.datetime.combine(day, dt.time(14), tzinfo=TZ)
    expect(page.locator(".hecht-messages .utrecht-alert--ok[role=status]")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kadernota en begroting")
    expect(page.locator(".hecht-facts")).to_contain_text("Raadzaal Gouda")
    scan(page, "07-meeting-detail")

    # The "Wijzigingen" tab is swapped in by htmx: no full page load.
    page.evaluate("window.hechtE2eNoReload = true")
    history_link = page.locator(f'#meeting-tabs a[href="{_detail_url(meeting)}wijzigingen/"]')
    history_link.click()
    expect(page).to_have_url(re.compile(r"/wijzigingen/$"))
    expect(page.locator("#tab-heading")).to_have_text(_text("Wijzigingen", "Changes"))
    expect(history_link).to_have_attribute("aria-current", "page")
    expect(page.locator(".hecht-history > li")).to_have_count(1)
    expect(page.locator(".hecht-history")).to_contain_text(secretary.get_full_name())
    assert page.evaluate("window.hechtE2eNoReload === true"), "the tab caused a full page load"
    scan(page, "08-meeting-history-tab")

    # Back to the calendar of the meeting's year: the new meeting is listed.
    page.locator(f'nav.hecht-breadcrumb a[href="{CALENDAR_URL}?jaar={day.year}"]').click()
    expect(page).to_have_url(re.compile(rf"{re.escape(CALENDAR_URL)}\?jaar={day.year}$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(rf"\b{day.year}$"))
    expect(page.locator(f'main a[href="{_detail_url(meeting)}"]')).to_contain_text(
        "Algemeen Bestuur"
    )
    scan(page, "09-calendar-with-meeting")

    # The month view of that month shows it on the right day.
    page.goto(f"/vergaderingen/{day.year}/{day.month}/")
    cell = page.locator(
        "table.hecht-month td", has=page.locator(f'a[href="{_detail_url(meeting)}"]')
    )
    expect(cell).to_have_count(1)
    expect(cell.locator("[aria-hidden=true]")).to_have_text(str(day.day))
    expect(cell).to_contain_text("14:00 AB")
    scan(page, "10-month-view")

    # Switch to English with the language buttons in the header.
    page.locator('header form.hecht-lang button[name="language"][value="en"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(rf"/vergaderingen/{day.year}/{day.month}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"{calendar.month_name[day.month]} {day.year}"
    )
    expect(page.locator('header button[value="en"]')).to_have_attribute("aria-current", "true")
    expect(page.locator("nav.hecht-nav")).to_contain_text("Meeting calendar")
    scan(page, "11-month-view-english")

    page.locator('nav.hecht-nav a[href="/"]').click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My overview")
    scan(page, "12-my-overview-english")


def test_member_journey(page, scan, ab_member, ab, ac):
    now = timezone.now()
    ab_day = timezone.localdate(now + dt.timedelta(days=14))
    ab_meeting = MeetingFactory(
        body=ab,
        title="Kadernota 2028",
        starts_at=dt.datetime.combine(ab_day, dt.time(19, 30), tzinfo=TZ),
        location="Stadhuis Gouda",
        is_public=False,
    )
    ac_meeting = MeetingFactory(
        body=ac,
        title="Controleplan accountant",
        starts_at=now + dt.timedelta(days=10),
        is_public=False,
    )

    page.goto(LOGIN_URL)
    _log_in(page, ab_member)

    # "Mijn overzicht": their body and AB's next meeting, nothing of the audit committee.
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _text("Mijn overzicht", "My overview")
    )
    bodies = page.locator('section[aria-labelledby="bodies-heading"]')
    expect(bodies.locator("tbody tr")).to_have_count(1)
    expect(bodies).to_contain_text("Algemeen Bestuur")
    expect(bodies).to_contain_text("Gouda")
    upcoming = page.locator('section[aria-labelledby="upcoming-heading"]')
    expect(upcoming.locator(f'a[href="{_detail_url(ab_meeting)}"]')).to_contain_text(
        "Kadernota 2028"
    )
    expect(page.locator(f'a[href="{_detail_url(ac_meeting)}"]')).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("Controleplan accountant")
    expect(page.locator(f'a[href="{CREATE_URL}"]')).to_have_count(0)
    scan(page, "01-my-overview")

    # The meeting's details; a member sees neither the edit button nor the history.
    upcoming.locator(f'a[href="{_detail_url(ab_meeting)}"]').click()
    expect(page).to_have_url(re.compile(re.escape(_detail_url(ab_meeting)) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Kadernota 2028")
    expect(page.locator("#tab-heading")).to_be_visible()
    expect(page.locator(".hecht-badge--closed")).to_be_visible()
    expect(page.locator('a[href$="/wijzigen/"]')).to_have_count(0)
    expect(page.locator('a[href$="/wijzigingen/"]')).to_have_count(0)
    scan(page, "02-meeting-detail")

    # The closed audit committee meeting does not exist for them.
    assert page.request.get(_detail_url(ac_meeting)).status == 404

    # Change password, also its error state.
    page.locator(f'header a[href="{PASSWORD_URL}"]').click()
    expect(page).to_have_url(re.compile(re.escape(PASSWORD_URL) + "$"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    for field_id in ("#id_old_password", "#id_new_password1", "#id_new_password2"):
        expect(page.locator(field_id)).to_be_visible()
    # The password rules (a list) are the description the new password field points at.
    expect(page.locator("#id_new_password1")).to_have_attribute(
        "aria-describedby", re.compile(r"\bid_new_password1_helptext\b")
    )
    expect(page.locator("#id_new_password1_helptext li").first).to_be_visible()
    scan(page, "03-change-password")

    page.locator("#id_old_password").fill("not-the-password")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("#form-errors")).to_be_visible()
    expect(page.locator("#id_old_password_error")).to_be_visible()
    scan(page, "04-change-password-errors")


def test_nojs_journey(new_page, scan, ab, ac):
    page = new_page(javascript=False)
    day = timezone.localdate(timezone.now() + dt.timedelta(days=7))
    public = MeetingFactory(
        body=ab,
        title="Openbare begrotingsvergadering",
        starts_at=dt.datetime.combine(day, dt.time(10), tzinfo=TZ),
        is_public=True,
        location="Raadzaal Leiden",
    )
    closed = MeetingFactory(
        body=ab,
        title="Besloten personeelszaken",
        starts_at=dt.datetime.combine(day, dt.time(15), tzinfo=TZ),
        is_public=False,
    )
    MeetingFactory(body=ac, starts_at=dt.datetime.combine(day, dt.time(9), tzinfo=TZ))

    # The public calendar of the meetings' year.
    page.goto(f"{CALENDAR_URL}?jaar={day.year}")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(rf"\S {day.year}$"))
    month_heading = page.locator(f"main h2#month-{day.month:02d}")
    expect(month_heading).to_be_visible()
    expect(page.locator(f'main a[href="{_detail_url(public)}"]')).to_contain_text(
        "Openbare begrotingsvergadering"
    )
    expect(page.locator(f'a[href="{_detail_url(closed)}"]')).to_have_count(0)
    expect(page.locator("main")).not_to_contain_text("Besloten personeelszaken")
    expect(page.locator(".hecht-meeting-list > li")).to_have_count(1)
    scan(page, "01-calendar")

    # The filter is an ordinary GET form: it works without JavaScript.
    page.locator(f'form.hecht-filter input[name="body"][value="{ab.pk}"]').check()
    page.locator("form.hecht-filter button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"[?&]body={ab.pk}\b"))
    expect(page.locator(f'main a[href="{_detail_url(public)}"]')).to_be_visible()
    scan(page, "02-calendar-filtered")

    # The public meeting's details are readable; there are no tabs for the public.
    page.locator(f'main a[href="{_detail_url(public)}"]').click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Openbare begrotingsvergadering")
    expect(page.locator("#tab-heading")).to_be_visible()
    expect(page.locator(".hecht-facts")).to_contain_text("Raadzaal Leiden")
    expect(page.locator(".hecht-badge--public")).to_be_visible()
    expect(page.locator("#meeting-tabs nav")).to_have_count(0)
    scan(page, "03-public-meeting-detail")

    # The closed meeting asks the public to log in (as any unknown id would): nothing shown.
    refused = page.request.get(_detail_url(closed), max_redirects=0)
    assert refused.status == 302
    assert refused.headers["location"].startswith("/account/inloggen/?next=")
