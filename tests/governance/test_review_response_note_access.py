"""The response note never shows one municipality another's comments in a closed round:
a reader gets the extract of their own municipality (page and PDF) and the attached note
is a confidential document; in an open round the whole note is shared."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from governance import access
from governance.models import ReviewRound
from governance.queries import review as queries
from governance.services import review as svc


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def answered_round(review_round, secretary, contact_official, gouda_official, *, visibility):
    ReviewRound.objects.filter(pk=review_round.pk).update(visibility=visibility)
    review_round.refresh_from_db()
    for official, marker in ((contact_official, "LEIDENMARKER"), (gouda_official, "GOUDAMARKER")):
        svc.review_comment_add(actor=official, review_round=review_round, text=marker)
        svc.review_finish(actor=official, review_round=review_round, outcome="remarks")
    svc.review_round_close(actor=secretary, review_round=review_round)
    for comment in review_round.comments.all():
        svc.review_comment_answer(actor=secretary, comment=comment, answer="adopted")
    review_round.refresh_from_db()
    return svc.response_note_attach(
        actor=secretary, review_round=review_round, pdf=queries.response_note_pdf(review_round)
    )


def test_in_a_closed_round_a_reader_reads_only_their_own_part(
    client, review_round, secretary, contact_official, gouda_official
):
    document = answered_round(
        review_round, secretary, contact_official, gouda_official, visibility="closed"
    )
    assert document.is_confidential
    assert not access.document_scope(contact_official).filter(pk=document.pk).exists()
    with document.current_version.file.open("rb") as stored:
        assert "GOUDAMARKER" in pdf_text(stored.read())  # the attached note is whole
    client.force_login(contact_official)
    page = client.get(reverse("governance:review-response-note", args=[review_round.pk]))
    text = page.content.decode()
    assert page.status_code == 200 and "LEIDENMARKER" in text and "GOUDAMARKER" not in text
    assert "alleen de opmerkingen van uw gemeente" in text
    download = client.get(reverse("governance:review-response-note-pdf", args=[review_round.pk]))
    content = pdf_text(download.content)
    assert "LEIDENMARKER" in content and "GOUDAMARKER" not in content
    for name in ("document-detail", "document-read"):
        assert client.get(reverse(f"governance:{name}", args=[document.pk])).status_code == 404


@pytest.mark.parametrize("reader", ["contact_official", "gouda_official"])
def test_in_an_open_round_the_whole_note_is_shared(
    client, request, review_round, secretary, contact_official, gouda_official, reader
):
    document = answered_round(
        review_round, secretary, contact_official, gouda_official, visibility="open"
    )
    assert not document.is_confidential
    client.force_login(request.getfixturevalue(reader))
    text = client.get(
        reverse("governance:review-response-note", args=[review_round.pk])
    ).content.decode()
    assert "LEIDENMARKER" in text and "GOUDAMARKER" in text
