"""The P&C cycle's journey (issue 15): the secretariat plans the draft budget for next
year's AB, sees at once the latest day to send it to the councils, records sending it
and reads in the fit matrix which councils cannot give their view in time; the contact
official of Leiden registers the council's view; the secretariat sees it counted on the
proposal. Every page visited is scanned with axe-core."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from governance.models import Proposal
from pcycle import wgr
from pcycle.models import CouncilMeeting, CouncilView, PcDocument
from tests.factories import TZ
from tests.pcycle.cycle_helpers import ab_meeting, pc_route

from .test_journeys import LOGIN_URL, _log_in

pytestmark = pytest.mark.e2e


def test_pc_cycle_journey(new_page, scan, ab, leiden, gouda, secretary, contact_official):
    today = timezone.localdate()
    adoption = today + dt.timedelta(days=120)
    year = adoption.year + 1  # the AB adopts the budget in the year before
    meeting = ab_meeting(ab, dt.datetime.combine(adoption, dt.time(14), tzinfo=TZ))
    pc_route(ab)
    latest = wgr.draft_budget_to_councils(adoption).date
    # Leiden's council meets six weeks after the draft goes out; Gouda's only before it
    # is prepared (two weeks) and after the window closes.
    CouncilMeeting.objects.create(municipality=leiden, day=today + dt.timedelta(weeks=6))
    CouncilMeeting.objects.create(municipality=gouda, day=today + dt.timedelta(days=5))
    CouncilMeeting.objects.create(municipality=gouda, day=adoption + dt.timedelta(days=7))

    page = new_page()
    page.goto(LOGIN_URL)
    _log_in(page, secretary)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="P&C-cyclus").click()
    scan(page, "01-year-planning")
    page.get_by_role("link", name="P&C-document toevoegen").click()
    page.locator("#id_kind").select_option(PcDocument.Kind.BUDGET)
    page.locator("#id_year").fill(str(year))
    page.locator("#id_route_template").select_option(label="P&C-document: DB → AB")
    page.locator("#id_adoption_meeting").select_option(str(meeting.pk))
    # The statutory dates appear as soon as the meeting is chosen (htmx), before saving.
    preview = page.locator("#document-preview")
    expect(preview).to_contain_text(f"{latest.day} ")
    expect(preview).to_contain_text("Wgr art. 35 lid 1")
    scan(page, "02-create-with-preview")
    page.get_by_role("button", name="P&C-document registreren").click()

    document = PcDocument.objects.get(kind=PcDocument.Kind.BUDGET, year=year)
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"Begroting {year}")
    scan(page, "03-document")
    page.locator("#id_to").select_option("councils")
    page.locator("#id_on").fill(today.isoformat())
    page.get_by_role("button", name="Vastleggen").click()
    document.refresh_from_db()
    assert document.sent_to_councils_on == today

    page.get_by_role("link", name="Aansluiting op de raden").click()
    matrix = page.locator("main table").first
    expect(matrix).to_contain_text(f"Begroting {year}")
    expect(page.locator("main")).to_contain_text(re.compile(r"Gouda"))
    scan(page, "04-fit")
    cell = page.locator("main table").first.get_by_role("row", name=re.compile("^Gouda"))
    expect(cell).to_contain_text("niet op tijd")
    expect(
        page.locator("main table").first.get_by_role("row", name=re.compile("^Leiden"))
    ).to_contain_text("op tijd")

    official = new_page()
    official.goto(LOGIN_URL)
    _log_in(official, contact_official)
    official.get_by_role("navigation", name="Hoofdmenu").get_by_role(
        "link", name="P&C-cyclus"
    ).click()
    official.get_by_role("link", name="Zienswijzen van de gemeenteraden", exact=True).click()
    scan(official, "05-my-views")
    official.get_by_role("link", name="Zienswijze registreren").click()
    official.locator("#id_received_on").fill(today.isoformat())
    official.get_by_label("Niet akkoord").check()
    official.locator("#id_text").fill("De raad wil eerst de uitkomst van de doorlichting zien.")
    scan(official, "06-register-view")
    official.locator("main form button[type=submit]").click()
    expect(official.locator("main table")).to_contain_text("eerst de uitkomst")
    scan(official, "07-view-registered")
    view = CouncilView.objects.get(document=document, municipality=leiden)
    assert view.position == CouncilView.Position.DISAGREES

    proposal = Proposal.objects.get(pc_document=document)
    page.goto(f"/voorstellen/{proposal.pk}/")
    expect(page.locator("main")).to_contain_text("1 van 2 ontvangen")
    scan(page, "08-proposal-with-panels")
