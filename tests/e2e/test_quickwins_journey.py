"""The quick wins in a browser, on the demo (its meetings, documents, decisions and review
rounds feed the indicators): the secretariat opens the quick wins, reads quick win 1's
indicator (chart and data table), records a progress note and a new status and fetches the
progress report for the AB; an AB member reads the overview. Every page is scanned with
axe-core."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect
from pypdf import PdfReader

from governance.models import User
from pcycle.models import QuickWin
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.e2e

DEMO_PASSWORD = "hecht-demo-2026"


@pytest.fixture
def demo(transactional_db):
    call_command("load_demo", force=True, verbosity=0)


def test_quickwins_journey(demo, new_page, scan):
    secretary = User.objects.get(username="secretariaat")
    page = new_page()
    page.goto("/account/inloggen/")
    log_in(page, secretary, password=DEMO_PASSWORD)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="P&C-cyclus").click()
    page.get_by_role("link", name="Quick wins").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Quick wins")
    # Every indicator computed from the demo's data is drawn as an accessible SVG.
    expect(page.locator("main svg[role=img]").first).to_be_visible()
    scan(page, "01-overview")

    page.get_by_role("link", name="Stukken op tijd aanleveren").first.click()
    chart = page.locator("main figure").first
    expect(chart.locator("svg[role=img]")).to_be_visible()
    chart.locator("details summary").click()
    expect(chart.locator("table")).to_contain_text("van")
    scan(page, "02-quick-win-1")

    page.locator("#id_text").fill("Alle stukken voor het AB van deze maand waren op tijd.")
    page.locator("form[action$='/voortgang/'] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Alle stukken voor het AB van deze maand")
    page.get_by_label("Onderdeel van de reguliere cyclus").check()
    page.locator("form[action$='/status/'] button[type=submit]").click()
    expect(page.locator("main")).to_contain_text("Onderdeel van de reguliere cyclus")
    scan(page, "03-note-and-status")
    win = QuickWin.objects.get(number=1)
    assert win.status == QuickWin.Status.EMBEDDED
    assert win.notes.filter(author=secretary, text__startswith="Alle stukken").exists()

    report = page.request.get("/quick-wins/voortgangsrapportage.pdf")
    assert report.status == 200 and report.headers["content-type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(report.body())).pages)
    assert "Stukken op tijd aanleveren" in text
    assert "Alle stukken voor het AB van deze maand" in " ".join(text.split())

    member = new_page()
    member.goto("/account/inloggen/")
    log_in(member, User.objects.get(username="ab-leiden"), password=DEMO_PASSWORD)
    member.goto("/quick-wins/")
    expect(member.locator("main")).to_contain_text("Beter aansluiten op gemeentelijke P&C-cyclus")
    expect(member.locator("form[action$='/status/']")).to_have_count(0)
    scan(member, "04-member-overview")
