"""Private notes while reading: "Quote selection" in the viewer fills the page and the
highlighted text of the "Add a note" form; the saved note is listed under "My notes"
and its quoted text is highlighted on the page. Scanned with axe-core; any console error
(a CSP violation) fails."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from governance.demo.pdf import simple_pdf
from governance.models import PrivateNote
from tests.authz.packs import _ready_packs
from tests.e2e.conftest import log_in
from tests.e2e.test_document_viewer import LOGIN_URL, PARAGRAPH, SELECT_FIRST_LINE
from tests.factories import (
    DocumentFactory,
    DocumentVersionFactory,
    ProposalFactory,
    RouteStepFactory,
)

pytestmark = pytest.mark.e2e


@pytest.fixture
def document(ab):
    proposal = ProposalFactory(title="Begroting 2027")
    RouteStepFactory(proposal=proposal, body=ab, position=1)
    document = DocumentFactory(proposal=proposal, versions=0, title="Begroting 2027 (stuk)")
    data = simple_pdf("Begroting 2027", [PARAGRAPH] * 8)
    DocumentVersionFactory(
        document=document,
        file=ContentFile(data, name="begroting.pdf"),
        original_name="begroting.pdf",
        page_count=3,
    )
    return document


def test_a_quote_becomes_a_private_note_highlighted_on_its_page(page, scan, ab_member, document):
    page.goto(LOGIN_URL)
    log_in(page, ab_member)
    page.goto(f"/documenten/{document.pk}/lezen/")
    expect(page.locator("[data-pdf-viewer]")).to_have_attribute("data-viewer-ready", "true")
    expect(page.locator('[data-page-number="1"]')).to_have_attribute("data-rendered", "true")
    selected = page.evaluate(SELECT_FIRST_LINE).strip()
    page.get_by_role("button", name="Citeer selectie").click()
    form = page.locator("[data-private-note-form]")
    expect(form.get_by_label("Op pagina")).to_have_value("1")
    expect(form.get_by_label("Gemarkeerde tekst")).to_have_value(selected)
    form.get_by_label("Uw notitie").fill("Klopt de verdeling naar inwonertal?")
    scan(page, "01-note-filled")
    form.get_by_role("button", name="Notitie opslaan").click()

    expect(page.get_by_text("Uw notitie is opgeslagen.")).to_be_visible()
    panel = page.locator("#mijn-notities")
    expect(panel.get_by_role("cell", name="Klopt de verdeling naar inwonertal?")).to_be_visible()
    note = PrivateNote.objects.get()
    assert (note.owner, note.page, note.quote) == (ab_member, 1, selected)
    # Back on the panel (#mijn-notities); page 1 is drawn when scrolled to.
    first = page.locator('[data-page-number="1"]')
    first.scroll_into_view_if_needed()
    expect(first).to_have_attribute("data-rendered", "true")
    expect(first.locator(".hecht-note-highlight").first).to_be_attached()
    assert page.locator('[data-page-number="2"] .hecht-note-highlight').count() == 0
    scan(page, "02-note-highlighted")


def test_the_agenda_pack_reads_in_the_browser_with_a_note_by_page(
    page, scan, ab_member, public_ab_meeting
):
    meeting = _ready_packs(public_ab_meeting, decisions=False)
    page.goto(LOGIN_URL)
    log_in(page, ab_member)
    page.goto(f"/vergaderingen/{meeting.pk}/")
    page.get_by_role("link", name="Vergaderboek lezen in de browser").click()
    # pdf.js reads the members' pack through its download (stamped for the reader).
    expect(page.locator("[data-pdf-viewer]")).to_have_attribute("data-viewer-ready", "true")
    expect(page.locator(".hecht-viewer__page")).to_have_count(2)
    form = page.locator("[data-private-note-form]")
    form.get_by_label("Op pagina").fill("2")
    form.get_by_label("Uw notitie").fill("Bijlage 2 nalezen voor de vergadering")
    form.get_by_role("button", name="Notitie opslaan").click()
    expect(page.get_by_text("Uw notitie is opgeslagen.")).to_be_visible()
    note = PrivateNote.objects.get()
    assert (note.pack.meeting, note.pack.variant, note.page) == (meeting, "members", 2)
    scan(page, "03-pack-note")
    page.goto(f"/vergaderingen/{meeting.pk}/")
    page.get_by_role("link", name="Mijn notities bij deze vergadering").click()
    expect(page.get_by_role("cell", name="Bijlage 2 nalezen voor de vergadering")).to_be_visible()
    scan(page, "04-notes-per-meeting")
