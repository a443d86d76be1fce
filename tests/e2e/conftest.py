"""Browser journeys: Playwright driving Debian's Chromium against pytest-django's
``live_server``, every visited page scanned with axe-core (WCAG 2.1 A/AA) and saved as
a full-page screenshot for human review in ``test-results/screenshots/``.

A page also fails its scan when the browser console reported an error (a Content
Security Policy violation is one) or a script threw.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# pytest-django's live_server runs Django in a thread while Playwright's sync API runs
# an event loop in the test thread; Django would otherwise refuse the ORM calls made
# by the fixtures and factories ("You cannot call this from an async context").
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
VIEWPORT = {"width": 1280, "height": 900}
# A broken template tag or comment ends up as visible text.
TEMPLATE_SYNTAX = re.compile(r"\{[{%#]|[}%#]\}")


def assert_accessible(page) -> None:
    """Run axe-core on the current page; fail listing every WCAG 2.1 A/AA violation."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    violations = results.response["violations"]
    if not violations:
        return
    lines = [f"{len(violations)} accessibility violation(s) on {page.url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" [{violation.get('helpUrl', '')}]"
        )
        for node in violation["nodes"]:
            target = " ".join(str(part) for part in node["target"])
            lines.append(f"    at {target}: {node.get('failureSummary', '').strip()}")
            lines.append(f"       {node.get('html', '')[:300]}")
    pytest.fail("\n".join(lines), pytrace=False)


@dataclass
class BrowserErrors:
    """Console errors (CSP violations, failed loads) and uncaught script errors."""

    messages: list[str] = field(default_factory=list)

    def attach(self, page) -> None:
        page.on("console", self._on_console)
        page.on("pageerror", self._on_pageerror)

    def _on_console(self, message) -> None:
        if message.type == "error":
            url = (message.location or {}).get("url")
            self.messages.append(f"console error: {message.text}" + (f" ({url})" if url else ""))

    def _on_pageerror(self, error) -> None:
        self.messages.append(f"uncaught script error: {error}")

    def assert_none(self, where: str) -> None:
        if self.messages:
            found, self.messages = self.messages, []
            pytest.fail(
                f"The browser reported errors at {where}:\n" + "\n".join(found), pytrace=False
            )


CODE_STEP = re.compile(r"/account/tweestapsverificatie/code/")


def log_in(page, user, *, password: str | None = None) -> None:
    """Log in through the form on the current page (the login page), then pass the
    second factor as the person would: the code their authenticator app shows. The
    user gets a confirmed app first (tests.conftest.mfa_device), like every account
    that has set one up."""
    from playwright.sync_api import expect

    from tests.conftest import mfa_device, totp_code
    from tests.factories import PASSWORD

    device = mfa_device(user)
    form = page.locator("main form")
    form.locator("#id_username").fill(user.username)
    form.locator("#id_password").fill(password or PASSWORD)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(CODE_STEP)
    pass_code_step(page, totp_code(device))


def pass_code_step(page, code: str) -> None:
    form = page.locator("main form").first
    form.locator("#id_code").fill(code)
    form.locator("button[type=submit]").click()
    page.wait_for_url(lambda url: not CODE_STEP.search(url))


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        message = f"Debian's Chromium is not installed at {CHROMIUM} (apt-get install chromium)."
        if os.environ.get("REQUIRE_SERVICES") == "1":
            pytest.fail(f"REQUIRE_SERVICES=1 but {message}", pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()
    finally:
        playwright.stop()


@pytest.fixture
def new_page(browser, live_server):
    """Factory for pages in fresh browser contexts (own cookies), with a Dutch browser
    locale, each watched for console and script errors."""
    contexts = []
    watched: list[BrowserErrors] = []

    def make(*, javascript: bool = True, storage_state=None):
        context = browser.new_context(
            base_url=live_server.url,
            locale="nl-NL",
            timezone_id="Europe/Amsterdam",
            viewport=VIEWPORT,
            java_script_enabled=javascript,
            storage_state=storage_state,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        page = context.new_page()
        page.browser_errors = BrowserErrors()
        page.browser_errors.attach(page)
        page.javascript = javascript
        watched.append(page.browser_errors)
        return page

    yield make
    leftovers = [message for errors in watched for message in errors.messages]
    for context in contexts:
        context.close()
    if leftovers:
        pytest.fail("The browser reported errors:\n" + "\n".join(leftovers), pytrace=False)


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture
def scan(request, new_page):
    """``scan(page, step)``: save a full-page screenshot ``<journey>-<step>.png``, then
    fail on browser errors and axe violations.

    axe-core is JavaScript, so a page whose scripts are disabled is scanned in a twin
    page with scripts on (same cookies, same URL, same server-rendered HTML)."""
    name = request.node.name.removeprefix("test_").removesuffix("_journey")
    journey = re.sub(r"[^A-Za-z0-9]+", "-", name).strip("-")

    def run(page, step: str) -> None:
        page.wait_for_load_state("load")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{journey}-{step}.png", full_page=True)
        where = f"{journey}/{step} ({page.url})"
        page.browser_errors.assert_none(where)
        leaked = TEMPLATE_SYNTAX.search(page.locator("body").inner_text())
        if leaked:
            pytest.fail(f"Template syntax shown to the user at {where}: {leaked[0]!r}")
        if page.javascript:
            assert_accessible(page)
        else:
            twin = new_page(storage_state=page.context.storage_state())
            twin.goto(page.url)
            assert_accessible(twin)
            twin.browser_errors.assert_none(f"{where}, scanned with JavaScript")
            twin.context.close()
        page.browser_errors.assert_none(f"{where} after the axe scan")

    return run


# --- Co-reading -----------------------------------------------------------------------------

PARAGRAPH = (
    "De regio zet in op preventie en een gezonde leefomgeving voor alle inwoners van "
    "de deelnemende gemeenten. "
) * 4


@pytest.fixture
def reading_round(secretary, leiden, gouda):
    """A round for Leiden and Gouda on a proposal's cover note and a two-page PDF with a
    text layer (the journeys select and quote its text)."""
    from django.core.files.base import ContentFile

    from governance.demo.pdf import simple_pdf
    from governance.services.review import review_round_open
    from tests.factories import (
        CoverNoteFactory,
        DocumentFactory,
        DocumentVersionFactory,
        ProposalFactory,
    )

    proposal = ProposalFactory(reference="2026-140", title="Regionale gezondheidsagenda")
    CoverNoteFactory(proposal=proposal, risks="De kosten kunnen stijgen.")
    document = DocumentFactory(proposal=proposal, versions=0, title="Gezondheidsagenda 2027")
    version = DocumentVersionFactory(
        document=document,
        file=ContentFile(simple_pdf("Gezondheidsagenda 2027", [PARAGRAPH] * 6), name="agenda.pdf"),
        original_name="agenda.pdf",
        page_count=2,
    )
    return review_round_open(
        actor=secretary,
        proposal=proposal,
        working_days=10,
        municipalities=[leiden, gouda],
        versions=[version],
        question="Let vooral op de financiële paragraaf.",
    )


# Selects the first line of the text layer of page 1 (as a reader would with the mouse)
# and returns its text.
SELECT_FIRST_LINE = """() => {
  const span = document.querySelector('[data-page-number="1"] .textLayer span');
  const range = document.createRange();
  range.selectNodeContents(span);
  const selection = document.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return span.textContent;
}"""
