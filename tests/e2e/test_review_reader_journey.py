"""Co-reading in the browser, the reader's side: a contact official finds the round under
"Te lezen", comments on a section of the cover note with a suggested text, quotes a
passage of the PDF into a comment on its page, and finishes the round. Without
JavaScript the comment on a page takes a typed page number. Every page is scanned with
axe-core; any console error (a CSP violation) fails."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from governance.models import ReviewComment, ReviewInvitation
from tests.e2e.conftest import SELECT_FIRST_LINE, log_in

pytestmark = pytest.mark.e2e

LOGIN_URL = "/account/inloggen/"


def test_reader_comments_and_finishes_journey(page, scan, contact_official, reading_round):
    page.goto(LOGIN_URL)
    log_in(page, contact_official)
    page.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Te lezen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Te lezen")
    scan(page, "01-te-lezen")

    page.get_by_role("link", name="Regionale gezondheidsagenda").click()
    expect(page.get_by_text("Let vooral op de financiële paragraaf.")).to_be_visible()
    scan(page, "02-round")

    # A comment with a suggested text on the section "Risico's".
    risks = page.locator("#section-risks")
    risks.get_by_text("Opmerking bij dit onderdeel").click()
    risks.get_by_role("textbox", name=re.compile(r"^Opmerking")).fill("Noem ook de indexatie.")
    risks.get_by_label("Voorgestelde tekst").fill("De kosten stijgen met de indexatie.")
    risks.get_by_role("button", name="Opmerking opslaan").click()
    expect(page).to_have_url(f"/meelezen/{reading_round.pk}/#section-risks")
    expect(page.locator("#section-risks .hecht-comment")).to_contain_text("Noem ook de indexatie.")
    scan(page, "03-section-comment")

    # The document: quote the first line of page 1 into a comment on that page.
    page.get_by_role("link", name="Gezondheidsagenda 2027").click()
    expect(page.locator("[data-pdf-viewer]")).to_have_attribute("data-viewer-ready", "true")
    expect(page.locator('[data-page-number="1"]')).to_have_attribute("data-rendered", "true")
    selected = page.evaluate(SELECT_FIRST_LINE).strip()
    page.get_by_role("button", name="Citeer selectie").click()
    form = page.locator("[data-review-quote-form]")
    expect(form.locator("input[name=page]")).to_have_value("1")
    expect(form.locator("textarea[name=quote]")).to_have_value(selected)
    expect(form.locator("textarea[name=text]")).to_be_focused()
    page.keyboard.type("Staat dit ook in de begroting?")
    scan(page, "04-quoted")
    form.get_by_role("button", name="Opmerking opslaan").click()
    expect(page.locator("#page-1 .hecht-comment")).to_contain_text(selected)
    comment = ReviewComment.objects.get(anchor=ReviewComment.Anchor.PAGE)
    assert (comment.page, comment.quote, comment.text) == (
        1,
        selected,
        "Staat dit ook in de begroting?",
    )
    scan(page, "05-page-comment")

    # Finish: the confirmation shows what is submitted, then the choice.
    page.get_by_role("link", name=f"2026-140, ronde {reading_round.number}").click()
    page.get_by_role("link", name="Ronde afronden").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Ronde afronden")
    scan(page, "06-finish")
    page.get_by_label("Opmerkingen indienen").check()
    page.get_by_role("button", name="Ronde afronden").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Regionale gezondheidsagenda")
    invitation = reading_round.invitations.get(municipality=contact_official.municipality)
    assert invitation.outcome == ReviewInvitation.Outcome.REMARKS
    scan(page, "07-finished")


def test_without_javascript_a_page_is_typed(new_page, scan, contact_official, reading_round):
    page = new_page(javascript=False)
    page.goto(LOGIN_URL)
    log_in(page, contact_official)
    version = reading_round.versions.get()
    page.goto(f"/meelezen/{reading_round.pk}/documenten/{version.pk}/")
    form = page.locator("[data-review-quote-form]")
    form.get_by_label("Pagina").fill("2")
    form.get_by_label("Opmerking", exact=True).fill("Tabel ontbreekt.")
    form.get_by_role("button", name="Opmerking opslaan").click()
    expect(page.locator("#page-2 .hecht-comment")).to_contain_text("Tabel ontbreekt.")
    scan(page, "01-page-comment")
