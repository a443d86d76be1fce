"""Co-reading from start to finish in the browser (issue 14's journey): a contact official
logs in, finds the document under "Te lezen", comments on a section of the cover note and
on a PDF page by selecting text, and finishes; the author (the secretariat) answers both
comments, closes the round, and the response note shows each comment with its answer.
Every page visited, the PDF viewer included, is scanned with axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from governance.models import ReviewComment
from tests.e2e.conftest import SELECT_FIRST_LINE, log_in

LOGIN_URL = "/account/inloggen/"

pytestmark = pytest.mark.e2e


def test_coreading_journey(new_page, scan, contact_official, secretary, reading_round):
    reader = new_page()
    reader.goto(LOGIN_URL)
    log_in(reader, contact_official)
    reader.get_by_role("navigation", name="Hoofdmenu").get_by_role("link", name="Te lezen").click()
    scan(reader, "01-te-lezen")
    reader.get_by_role("link", name="Regionale gezondheidsagenda").click()
    risks = reader.locator("#section-risks")
    risks.get_by_text("Opmerking bij dit onderdeel").click()
    risks.get_by_role("textbox", name=re.compile(r"^Opmerking")).fill("Noem ook de indexatie.")
    risks.get_by_role("button", name="Opmerking opslaan").click()
    scan(reader, "02-section-comment")

    reader.get_by_role("link", name="Gezondheidsagenda 2027").click()
    expect(reader.locator('[data-page-number="1"]')).to_have_attribute("data-rendered", "true")
    quoted = reader.evaluate(SELECT_FIRST_LINE).strip()
    reader.get_by_role("button", name="Citeer selectie").click()
    reader.keyboard.type("Staat dit ook in de begroting?")
    scan(reader, "03-viewer-with-quote")
    reader.locator("[data-review-quote-form]").get_by_role(
        "button", name="Opmerking opslaan"
    ).click()
    expect(reader.locator("#page-1 .hecht-comment")).to_contain_text(quoted)

    reader.get_by_role("link", name=f"2026-140, ronde {reading_round.number}").click()
    reader.get_by_role("link", name="Ronde afronden").first.click()
    reader.get_by_label("Opmerkingen indienen").check()
    reader.get_by_role("button", name="Ronde afronden").click()
    scan(reader, "04-finished")

    # The author answers both comments and closes the round.
    author = new_page()
    author.goto(f"{LOGIN_URL}?next=/meelezen/{reading_round.pk}/reacties/")
    log_in(author, secretary)
    author.goto(f"/meelezen/{reading_round.pk}/reacties/")
    scan(author, "05-comments")
    section = ReviewComment.objects.get(anchor=ReviewComment.Anchor.SECTION)
    on_page = ReviewComment.objects.get(anchor=ReviewComment.Anchor.PAGE)
    answers = (
        (section, "Overgenomen", "De indexatie staat nu in de risicoparagraaf."),
        (on_page, "Gedeeltelijk overgenomen", "De begroting volgt in het voorjaar."),
    )
    for comment, answer, reason in answers:
        author.locator(f"#comment-{comment.pk}").get_by_role("link", name="Beantwoorden").click()
        author.get_by_label(answer, exact=True).check()
        author.locator("#id_answer_reason").fill(reason)
        scan(author, f"06-answer-{comment.pk}")
        author.get_by_role("button", name="Antwoord opslaan").click()
        expect(author.locator(f"#comment-{comment.pk}")).to_contain_text(answer)
    author.get_by_role("button", name="Ronde sluiten").click()

    author.get_by_role("link", name="Reactienota bekijken").click()
    note = author.locator("main")
    for text in (
        "Noem ook de indexatie.",
        "De indexatie staat nu in de risicoparagraaf.",
        quoted,
        "Staat dit ook in de begroting?",
        "De begroting volgt in het voorjaar.",
    ):
        expect(note).to_contain_text(text)
    scan(author, "07-response-note")
