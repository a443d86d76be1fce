"""The document in the browser: pdf.js draws the pages of a PDF with a selectable text
layer; a selection on a page is quoted with its page number (and announced as a
``hecht:quote`` event); the toolbar moves between pages. Without JavaScript the page
list remains. Scanned with axe-core; any console error (a CSP violation) fails."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import expect

from governance.demo.pdf import simple_pdf
from tests.e2e.conftest import log_in
from tests.factories import (
    DocumentFactory,
    DocumentVersionFactory,
    ProposalFactory,
    RouteStepFactory,
)

pytestmark = pytest.mark.e2e

LOGIN_URL = "/account/inloggen/"
PARAGRAPH = (
    "Het algemeen bestuur stelt de begroting vast en verdeelt de bijdragen over de "
    "gemeenten naar rato van hun inwonertal. "
) * 6


@pytest.fixture
def long_document(ab):
    proposal = ProposalFactory(title="Begroting 2027")
    RouteStepFactory(proposal=proposal, body=ab, position=1)
    document = DocumentFactory(proposal=proposal, versions=0, title="Begroting 2027 (stuk)")
    data = simple_pdf("Begroting 2027", [PARAGRAPH] * 24)
    DocumentVersionFactory(
        document=document,
        file=ContentFile(data, name="begroting.pdf"),
        original_name="begroting.pdf",
        page_count=None,  # the browser counts the pages itself
    )
    return document


SELECT_FIRST_LINE = """() => {
  const span = document.querySelector('[data-page-number="1"] .textLayer span');
  const range = document.createRange();
  range.selectNodeContents(span);
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return span.textContent;
}"""


def test_reading_and_quoting_a_document(page, scan, ab_member, long_document):
    page.goto(LOGIN_URL)
    log_in(page, ab_member)
    quotes = []
    page.expose_function("reportQuote", lambda detail: quotes.append(detail))
    page.goto(f"/documenten/{long_document.pk}/lezen/")
    page.evaluate(
        "() => document.addEventListener('hecht:quote', (e) => window.reportQuote(e.detail))"
    )
    viewer = page.locator("[data-pdf-viewer]")
    expect(viewer).to_have_attribute("data-viewer-ready", "true")
    pages = page.locator(".hecht-viewer__page")
    count = pages.count()
    assert count >= 3
    # Page 1 is drawn with its text layer; a far page is not drawn (lazy).
    first = page.locator('[data-page-number="1"]')
    expect(first).to_have_attribute("data-rendered", "true")
    expect(first.locator("canvas")).to_have_attribute("aria-hidden", "true")
    expect(first.locator(".textLayer span").first).to_be_attached()
    assert page.locator(f'[data-page-number="{count}"] canvas').count() == 0
    expect(page.locator("[data-viewer-position]")).to_have_text(f"Pagina 1 van {count}")
    # Without a selection the quote button asks for one.
    page.get_by_role("button", name="Citeer selectie").click()
    expect(page.locator("[data-viewer-status]")).to_contain_text("Selecteer eerst tekst")
    # Select the first line of page 1 and quote it.
    selected = page.evaluate(SELECT_FIRST_LINE)
    assert "Begroting 2027" in selected
    page.get_by_role("button", name="Citeer selectie").click()
    expect(page.get_by_label("Geciteerde tekst")).to_have_value(selected.strip())
    expect(page.get_by_label("Pagina", exact=True)).to_have_value("1")
    expect(page.locator("[data-viewer-status]")).to_have_text("Geciteerd van pagina 1.")
    page.wait_for_function("() => true")
    assert quotes == [{"page": 1, "text": selected.strip()}]
    scan(page, "01-page-1-quoted")

    # The next page: the position, the live region and page 2 drawn.
    page.get_by_role("button", name="Volgende pagina").click()
    expect(page.locator("[data-viewer-position]")).to_have_text(f"Pagina 2 van {count}")
    expect(page.locator("[data-viewer-status]")).to_have_text(f"Pagina 2 van {count}")
    expect(page.locator('[data-page-number="2"]')).to_have_attribute("data-rendered", "true")
    expect(page.get_by_role("button", name="Vorige pagina")).to_be_enabled()
    # 100% and back to the page width keep the place.
    page.get_by_role("button", name="100%").click()
    expect(page.get_by_role("button", name="100%")).to_have_attribute("aria-pressed", "true")
    expect(page.locator('[data-page-number="2"]')).to_have_attribute("data-rendered", "true")
    page.get_by_role("button", name="Paginabreedte").click()
    expect(page.locator('[data-page-number="2"]')).to_have_attribute("data-rendered", "true")
    scan(page, "02-page-2")


def test_without_javascript_the_page_list_remains(new_page, scan, ab_member, long_document):
    version = long_document.current_version
    version.page_count = 3
    version.save(update_fields=["page_count"])
    page = new_page(javascript=False)
    page.goto(LOGIN_URL)
    log_in(page, ab_member)
    page.goto(f"/documenten/{long_document.pk}/lezen/")
    download = f"/documentversies/{version.pk}/download/"
    links = page.locator(".hecht-viewer__page-links a")
    expect(links).to_have_count(3)
    expect(links.nth(2)).to_have_attribute("href", f"{download}#page=3")
    expect(links.nth(2)).to_have_text("Pagina 3")
    expect(page.get_by_role("toolbar")).to_have_count(0)
    expect(page.get_by_role("link", name="Versie 1 downloaden")).to_have_attribute("href", download)
    scan(page, "03-no-javascript")
