"""The "Vrije dagen" page in a real browser: anyone finds it from the footer and reads the
national days off; the secretariat adds a closing day and works on a national day off.
Every page is scanned with axe-core."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance import deadlines
from governance.models import ClosingDay

from .test_journeys import LOGIN_URL, _log_in, _text

pytestmark = pytest.mark.e2e

DAYS_OFF_URL = "/vrije-dagen/"


def _future_weekday() -> dt.date:
    """A weekday some weeks ahead that is no national day off, whatever today is."""
    day = timezone.localdate() + dt.timedelta(days=40)
    while day.weekday() >= 5 or day in deadlines.national_days_off(day.year):
        day += dt.timedelta(days=1)
    return day


def test_days_off_journey(new_page, scan, secretary):
    page = new_page()
    page.goto("/")
    page.locator(f'footer a[href="{DAYS_OFF_URL}"]').click()
    year = timezone.localdate().year
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _text(f"Vrije dagen {year}", f"Days off {year}")
    )
    expect(page.locator("main table")).to_contain_text(_text("Bevrijdingsdag", "Liberation Day"))
    expect(page.locator("main form")).to_have_count(0)
    scan(page, "01-days-off-anonymous")

    page.goto(f"{LOGIN_URL}?next={DAYS_OFF_URL}")
    _log_in(page, secretary)
    day = _future_weekday()
    page.goto(f"{DAYS_OFF_URL}?jaar={day.year}")
    page.locator("#id_date").fill(day.isoformat())
    page.locator("#id_name").fill("Heidag")
    page.locator("section[aria-labelledby='add-closing-day'] button[type=submit]").click()
    expect(page.locator("main table")).to_contain_text("Heidag")
    assert ClosingDay.objects.filter(date=day, kind=ClosingDay.Kind.CLOSED).exists()
    scan(page, "02-days-off-closing-day-added")

    # Work on the next Christmas Day that falls on a weekday and lies ahead.
    christmas = next(
        dt.date(y, 12, 25)
        for y in range(year, year + 8)
        if dt.date(y, 12, 25).weekday() < 5 and dt.date(y, 12, 25) >= timezone.localdate()
    )
    page.goto(f"{DAYS_OFF_URL}?jaar={christmas.year}")
    page.locator(
        "form[action$='/werkdag/']", has=page.locator(f"input[value='{christmas.isoformat()}']")
    ).locator("button").click()
    expect(page.locator("main")).to_contain_text(_text("de organisatie is open", "is open"))
    assert ClosingDay.objects.get(date=christmas).kind == ClosingDay.Kind.OPEN
    expect(page.locator("#days-off-history")).to_be_visible()
    scan(page, "03-days-off-national-day-worked")
