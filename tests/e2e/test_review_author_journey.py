"""Co-reading, the author's side, in a real browser: the secretariat opens a round from
the proposal page, follows it on the overview, answers the comments (adopting a
suggestion), closes the round and attaches the response note. Every page is scanned
with axe-core."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from governance.models import (
    CoverNote,
    CoverNoteSection,
    Document,
    ReviewComment,
    ReviewInvitation,
    ReviewRound,
)
from governance.services import review as svc

from .test_journeys import LOGIN_URL, _log_in, _text

pytestmark = pytest.mark.e2e


def test_review_author_journey(
    new_page, scan, secretary, contact_official, gouda_official, review_proposal, leiden, gouda
):
    page = new_page()
    page.goto(f"{LOGIN_URL}?next=/voorstellen/{review_proposal.pk}/")
    _log_in(page, secretary)
    page.goto(f"/voorstellen/{review_proposal.pk}/")
    scan(page, "01-proposal-without-round")
    page.get_by_role("link", name=_text("Meeleesronde openen", "Open a review round")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        _text("Meeleesronde openen", "Open a review round")
    )
    scan(page, "02-open-form")
    page.locator("#id_question").fill("Kijk vooral naar de risico's.")
    page.get_by_role("button", name=_text("Ronde openen", "Open the round")).click()
    review_round = ReviewRound.objects.get(proposal=review_proposal)
    assert review_round.invitations.count() == 2
    scan(page, "03-proposal-with-round")

    comment = svc.review_comment_add(
        actor=contact_official,
        review_round=review_round,
        anchor=ReviewComment.Anchor.SECTION,
        section=CoverNoteSection.RISKS,
        text="Noem het risico van de indexatie.",
        suggestion="Het risico van een hogere indexatie is €50.000.",
    )
    general = svc.review_comment_add(
        actor=contact_official, review_round=review_round, text="<b>Helder stuk.</b>"
    )
    svc.review_finish(
        actor=contact_official,
        review_round=review_round,
        outcome=ReviewInvitation.Outcome.REMARKS,
    )

    page.goto("/meelezen/")
    expect(page.locator("main table")).to_contain_text(review_proposal.reference)
    scan(page, "04-overview")
    page.get_by_role("link", name=_text("Opmerkingen", "Comments")).first.click()
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("indexatie")
    expect(page.locator(f"#comment-{general.pk}")).to_contain_text("<b>Helder stuk.</b>")
    scan(page, "05-comments")

    page.locator(f"#comment-{comment.pk}").get_by_role(
        "link", name=_text("Beantwoorden", "Answer this comment")
    ).click()
    scan(page, "06-answer-form")
    page.get_by_label(_text("Overgenomen", "Adopted"), exact=True).check()
    page.get_by_label(
        _text(
            "Neem de voorgestelde tekst over in de oplegger",
            "Adopt the suggested text in the cover note",
        )
    ).check()
    page.get_by_role("button", name=_text("Antwoord opslaan", "Save the answer")).click()
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text(_text("Overgenomen", "Adopted"))
    assert CoverNote.objects.get(proposal=review_proposal).risks.startswith("Het risico van")

    page.locator(f"#comment-{general.pk}").get_by_role(
        "link", name=_text("Beantwoorden", "Answer this comment")
    ).click()
    page.get_by_label(_text("Niet overgenomen", "Not adopted"), exact=True).check()
    page.locator("#id_answer_reason").fill("Dank voor het compliment.")
    page.get_by_role("button", name=_text("Antwoord opslaan", "Save the answer")).click()
    page.get_by_role("button", name=_text("Ronde sluiten", "Close the round")).click()
    review_round.refresh_from_db()
    assert not review_round.is_open
    scan(page, "07-comments-closed")

    page.get_by_role("link", name=_text("Reactienota bekijken", "View the response note")).click()
    expect(page.locator("main")).to_contain_text(_text("Niet gereageerd", "Did not respond"))
    scan(page, "08-response-note")
    page.get_by_role(
        "button", name=_text("Aan het voorstel toevoegen", "Attach to the proposal")
    ).click()
    document = Document.objects.get(kind=Document.Kind.RESPONSE_NOTE)
    expect(page.get_by_role("heading", level=1)).to_have_text(document.title)
    scan(page, "09-response-note-attached")
