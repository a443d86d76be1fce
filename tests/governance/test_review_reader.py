"""Co-reading, the reader's side, through the client: "Te lezen", the round page with
comments on cover-note sections, on document pages and general, colleagues continuing a
draft, visibility between municipalities, finishing, and the log of document views."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from governance.models import (
    Confidentiality,
    CoverNoteSection,
    DocumentView,
    ReviewComment,
    ReviewInvitation,
    ReviewRound,
    WooGround,
)
from governance.roles import CONTACT_OFFICIAL
from governance.services import review as svc
from tests.factories import (
    CoverNoteFactory,
    DocumentFactory,
    MunicipalityFactory,
    ProposalFactory,
    UserFactory,
)


def _read_url(review_round) -> str:
    return reverse("governance:review-read", args=[review_round.pk])


def _add_url(review_round) -> str:
    return reverse("governance:review-comment-add", args=[review_round.pk])


def _document_url(review_round, version) -> str:
    return reverse("governance:review-document", args=[review_round.pk, version.pk])


def _version(review_round):
    return review_round.versions.get()


def _open_round(secretary, municipalities, *, visibility=ReviewRound.Visibility.CLOSED):
    proposal = ProposalFactory(title="Regionale jeugdzorg")
    CoverNoteFactory(proposal=proposal, risks="Stijgende kosten.")
    document = DocumentFactory(proposal=proposal, title="Notitie jeugdzorg")
    return svc.review_round_open(
        actor=secretary,
        proposal=proposal,
        working_days=10,
        municipalities=municipalities,
        versions=[document.current_version],
        visibility=visibility,
    )


@pytest.fixture
def leiden_colleague(leiden):
    return UserFactory(
        username="ca-leiden-2",
        first_name="Ria",
        last_name="de Vries",
        roles=[CONTACT_OFFICIAL],
        municipality=leiden,
    )


# --- writing comments ---------------------------------------------------------------------


def test_comment_on_a_section_with_a_suggestion(client, review_round, contact_official, leiden):
    client.force_login(contact_official)
    response = client.post(
        _add_url(review_round),
        {
            "anchor": "section",
            "section": CoverNoteSection.RISKS,
            "text": "Noem het risico van de indexatie.",
            "suggestion": "Het risico van een hogere indexatie is € 50.000.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _read_url(review_round) + "#section-risks"
    comment = ReviewComment.objects.get()
    assert (comment.municipality, comment.anchor, comment.section) == (
        leiden,
        ReviewComment.Anchor.SECTION,
        CoverNoteSection.RISKS,
    )
    assert comment.suggestion == "Het risico van een hogere indexatie is € 50.000."
    page = client.get(_read_url(review_round))
    assert page.status_code == 200
    (risks,) = [s for s in page.context["sections"] if s.value == CoverNoteSection.RISKS]
    assert risks.mine == [comment]
    html = page.content.decode()
    assert "Noem het risico van de indexatie." in html
    assert "Het risico van een hogere indexatie is € 50.000." in html
    assert reverse("governance:review-comment-edit", args=[comment.pk]) in html


def test_comment_on_a_page_with_a_quote(client, review_round, contact_official):
    version = _version(review_round)
    client.force_login(contact_official)
    response = client.post(
        _add_url(review_round),
        {
            "anchor": "page",
            "version": version.pk,
            "page": "1",
            "quote": "de  regionale\n opgave",
            "text": "Welke opgave precies?",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == _document_url(review_round, version) + "#page-1"
    comment = ReviewComment.objects.get()
    assert (comment.anchor, comment.version, comment.page) == ("page", version, 1)
    assert comment.quote == "de regionale opgave"
    page = client.get(_document_url(review_round, version))
    assert page.status_code == 200
    assert [number for number, _lists in page.context["pages"]] == [1]
    html = page.content.decode()
    assert "de regionale opgave" in html and "Welke opgave precies?" in html
    # The round page counts the comment on the document.
    assert client.get(_read_url(review_round)).context["versions"] == [(version, 1)]


def test_a_page_beyond_the_document_is_refused_on_the_document_page(
    client, review_round, contact_official
):
    version = _version(review_round)
    client.force_login(contact_official)
    response = client.post(
        _add_url(review_round),
        {"anchor": "page", "version": version.pk, "page": "7", "text": "Pagina zeven?"},
    )
    assert response.status_code == 200
    assert response.templates[0].name == "governance/review_document.html"
    assert response.context["form"].errors["page"]
    assert not ReviewComment.objects.exists()


def test_a_general_comment(client, review_round, contact_official):
    client.force_login(contact_official)
    response = client.post(
        _add_url(review_round), {"anchor": "general", "text": "Helder stuk, dank."}
    )
    assert response["Location"] == _read_url(review_round) + "#general"
    page = client.get(_read_url(review_round))
    assert [c.text for c in page.context["comments"].general_mine] == ["Helder stuk, dank."]


def test_an_empty_section_comment_is_shown_again_with_the_error(
    client, review_round, contact_official
):
    client.force_login(contact_official)
    response = client.post(
        _add_url(review_round),
        {"anchor": "section", "section": CoverNoteSection.INTRODUCTION, "text": " "},
    )
    assert response.status_code == 200
    (intro,) = [s for s in response.context["sections"] if s.value == CoverNoteSection.INTRODUCTION]
    assert intro.form.is_bound
    assert intro.form.errors["text"] == ["Schrijf uw opmerking."]
    html = response.content.decode()
    assert 'id="id_introduction_text_error"' in html
    assert not ReviewComment.objects.exists()


def test_comment_text_is_escaped(client, review_round, contact_official):
    client.force_login(contact_official)
    client.post(_add_url(review_round), {"anchor": "general", "text": "<script>alert(1)</script>"})
    html = client.get(_read_url(review_round)).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


# --- colleagues and other municipalities -----------------------------------------------


def test_a_colleague_sees_and_edits_the_draft(
    client, review_round, contact_official, leiden_colleague
):
    comment = svc.review_comment_add(
        actor=contact_official, review_round=review_round, text="Eerste versie."
    )
    client.force_login(leiden_colleague)
    page = client.get(_read_url(review_round))
    assert page.context["comments"].general_mine == [comment]
    edit_url = reverse("governance:review-comment-edit", args=[comment.pk])
    assert edit_url in page.content.decode()
    assert client.get(edit_url).status_code == 200
    response = client.post(edit_url, {"text": "Aangevulde versie."})
    assert response["Location"] == _read_url(review_round) + "#general"
    comment.refresh_from_db()
    assert comment.text == "Aangevulde versie."
    assert comment.history.first().history_user == leiden_colleague


def test_a_colleague_withdraws_the_draft(client, review_round, contact_official, leiden_colleague):
    comment = svc.review_comment_add(
        actor=contact_official, review_round=review_round, text="Toch niet."
    )
    client.force_login(leiden_colleague)
    url = reverse("governance:review-comment-withdraw", args=[comment.pk])
    assert client.post(url).status_code == 302
    comment.refresh_from_db()
    assert comment.is_withdrawn
    page = client.get(_read_url(review_round))
    assert page.context["live_count"] == 0
    # Still on the municipality's own list, marked, without edit links.
    assert "Toch niet." in page.content.decode()
    assert reverse("governance:review-comment-edit", args=[comment.pk]) not in (
        page.content.decode()
    )


def _everything_gouda_reads(client, review_round) -> str:
    version = _version(review_round)
    pages = [
        client.get(reverse("governance:review-todo")),
        client.get(_read_url(review_round)),
        client.get(_document_url(review_round, version)),
        client.get(reverse("governance:review-finish", args=[review_round.pk])),
    ]
    assert {page.status_code for page in pages} == {200}
    return "".join(page.content.decode() for page in pages)


LEIDEN_TEXTS = (
    "Leiden over de risicoparagraaf.",
    "Leiden over pagina één.",
    "Leiden in het algemeen.",
)


def _leiden_comments(review_round, official):
    version = _version(review_round)
    svc.review_comment_add(
        actor=official,
        review_round=review_round,
        anchor=ReviewComment.Anchor.SECTION,
        section=CoverNoteSection.RISKS,
        text=LEIDEN_TEXTS[0],
        suggestion="Leidens tekstvoorstel.",
    )
    svc.review_comment_add(
        actor=official,
        review_round=review_round,
        anchor=ReviewComment.Anchor.PAGE,
        version=version,
        page=1,
        quote="Leidens citaat",
        text=LEIDEN_TEXTS[1],
    )
    svc.review_comment_add(actor=official, review_round=review_round, text=LEIDEN_TEXTS[2])


def test_gouda_never_sees_leidens_comments_in_a_closed_round(
    client, review_round, contact_official, gouda_official
):
    _leiden_comments(review_round, contact_official)
    client.force_login(gouda_official)
    for finished in (False, True):
        if finished:
            svc.review_finish(
                actor=contact_official,
                review_round=review_round,
                outcome=ReviewInvitation.Outcome.REMARKS,
            )
        html = _everything_gouda_reads(client, review_round)
        for text in (*LEIDEN_TEXTS, "Leidens tekstvoorstel.", "Leidens citaat"):
            assert text not in html, (finished, text)
    leiden_comment = ReviewComment.objects.first()
    for name in ("governance:review-comment-edit", "governance:review-comment-withdraw"):
        url = reverse(name, args=[leiden_comment.pk])
        assert client.post(url, {"text": "Overgenomen door Gouda"}).status_code == 404


def test_gouda_sees_leidens_comments_in_an_open_round_once_submitted(
    client, secretary, leiden, gouda, contact_official, gouda_official
):
    review_round = _open_round(secretary, [leiden, gouda], visibility=ReviewRound.Visibility.OPEN)
    _leiden_comments(review_round, contact_official)
    client.force_login(gouda_official)
    html = _everything_gouda_reads(client, review_round)
    for text in LEIDEN_TEXTS:
        assert text not in html  # drafts stay Leiden's
    svc.review_finish(
        actor=contact_official, review_round=review_round, outcome=ReviewInvitation.Outcome.REMARKS
    )
    page = client.get(_read_url(review_round))
    (risks,) = [s for s in page.context["sections"] if s.value == CoverNoteSection.RISKS]
    assert [c.text for c in risks.others] == [LEIDEN_TEXTS[0]]
    assert risks.mine == []
    assert [c.text for c in page.context["comments"].general_others] == [LEIDEN_TEXTS[2]]
    html = page.content.decode()
    assert LEIDEN_TEXTS[0] in html and "Leidens tekstvoorstel." in html
    assert leiden.name in html
    # Gouda cannot change Leiden's comments.
    assert reverse("governance:review-comment-edit", args=[risks.others[0].pk]) not in html
    document = client.get(_document_url(review_round, _version(review_round)))
    ((page_number, lists),) = document.context["pages"]
    assert page_number == 1 and [c.text for c in lists["others"]] == [LEIDEN_TEXTS[1]]
    assert "Leidens citaat" in document.content.decode()


# --- finishing ------------------------------------------------------------------------


def test_the_finish_page_shows_what_will_be_submitted(client, review_round, contact_official):
    _leiden_comments(review_round, contact_official)
    client.force_login(contact_official)
    page = client.get(reverse("governance:review-finish", args=[review_round.pk]))
    assert page.status_code == 200
    assert page.context["live_count"] == 3
    assert [count for _label, count in page.context["groups"]] == [1, 1, 1]
    html = page.content.decode()
    assert 'value="remarks"' in html and 'value="no_remarks"' in html


def test_no_remarks_is_refused_while_comments_exist(client, review_round, contact_official):
    svc.review_comment_add(actor=contact_official, review_round=review_round, text="Een punt.")
    client.force_login(contact_official)
    url = reverse("governance:review-finish", args=[review_round.pk])
    response = client.post(url, {"outcome": ReviewInvitation.Outcome.NO_REMARKS})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "1" in response.context["form"].non_field_errors()[0]
    invitation = review_round.invitations.get(municipality=contact_official.municipality)
    assert not invitation.is_finished


def test_after_finishing_no_more_comments(client, review_round, contact_official):
    comment = svc.review_comment_add(
        actor=contact_official, review_round=review_round, text="Laatste punt."
    )
    client.force_login(contact_official)
    url = reverse("governance:review-finish", args=[review_round.pk])
    response = client.post(url, {"outcome": ReviewInvitation.Outcome.REMARKS})
    assert response["Location"] == _read_url(review_round)
    invitation = review_round.invitations.get(municipality=contact_official.municipality)
    assert invitation.outcome == ReviewInvitation.Outcome.REMARKS
    assert invitation.finished_by == contact_official
    assert client.post(_add_url(review_round), {"text": "Nog eentje"}).status_code == 403
    edit = reverse("governance:review-comment-edit", args=[comment.pk])
    assert client.get(edit).status_code == 403
    assert client.post(edit, {"text": "Gewijzigd"}).status_code == 403
    withdraw = reverse("governance:review-comment-withdraw", args=[comment.pk])
    assert client.post(withdraw).status_code == 403
    assert client.get(url).status_code == 403
    page = client.get(_read_url(review_round))
    assert page.status_code == 200
    assert page.context["may_write"] is False
    assert page.context["sections"][0].form is None
    assert edit not in page.content.decode()
    assert 'hecht-badge--complete">ingediend<' in page.content.decode()
    assert ReviewComment.objects.count() == 1


def test_a_closed_round_takes_no_more_comments(client, review_round, contact_official, secretary):
    svc.review_round_close(actor=secretary, review_round=review_round)
    client.force_login(contact_official)
    assert client.post(_add_url(review_round), {"text": "Te laat"}).status_code == 403
    assert client.get(_read_url(review_round)).context["general_form"] is None


# --- Te lezen -------------------------------------------------------------------------


def test_te_lezen_lists_open_and_finished_rounds(
    client, secretary, leiden, gouda, contact_official
):
    open_round = _open_round(secretary, [leiden])
    finished_round = _open_round(secretary, [leiden])
    other = _open_round(secretary, [gouda])
    svc.review_finish(
        actor=contact_official,
        review_round=finished_round,
        outcome=ReviewInvitation.Outcome.NO_REMARKS,
    )
    svc.review_comment_add(actor=contact_official, review_round=open_round, text="Eén.")
    client.force_login(contact_official)
    response = client.get(reverse("governance:review-todo"))
    assert [row.round for row in response.context["to_read"]] == [open_round]
    assert [row.round for row in response.context["done"]] == [finished_round]
    (row,) = response.context["to_read"]
    assert row.item.comment_count == 1 and row.days_left == 10
    html = response.content.decode()
    assert _read_url(open_round) in html and _read_url(other) not in html
    # The menu offers "Te lezen" to a reader.
    assert f'href="{reverse("governance:review-todo")}"' in html


def test_te_lezen_for_an_author_is_the_empty_state(client, review_round, secretary):
    client.force_login(secretary)
    response = client.get(reverse("governance:review-todo"))
    assert response.status_code == 200
    assert response.context["to_read"] == [] and response.context["done"] == []
    assert 'class="utrecht-paragraph hecht-empty"' in response.content.decode()
    # Not a reader: no "Te lezen" in the menu.
    assert f'href="{reverse("governance:review-todo")}"' not in client.get("/").content.decode()


def test_an_author_reading_a_round_is_sent_on(client, review_round, secretary):
    client.force_login(secretary)
    response = client.get(_read_url(review_round))
    assert response.status_code == 302
    assert response["Location"] != _read_url(review_round)


def test_te_lezen_query_count_is_constant(client, secretary, leiden, gouda, contact_official):
    client.force_login(contact_official)
    url = reverse("governance:review-todo")
    first = _open_round(secretary, [leiden, gouda])
    svc.review_comment_add(actor=contact_official, review_round=first, text="Punt.")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert len(client.get(url).context["to_read"]) == 1
    for _ in range(4):
        extra = _open_round(secretary, [leiden, gouda])
        svc.review_comment_add(actor=contact_official, review_round=extra, text="Punt.")
    finished = _open_round(secretary, [leiden])
    svc.review_finish(
        actor=contact_official, review_round=finished, outcome=ReviewInvitation.Outcome.NO_REMARKS
    )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert len(response.context["to_read"]) == 5 and len(response.context["done"]) == 1
    assert len(many.captured_queries) == len(few.captured_queries)


def test_round_page_query_count_is_constant(client, secretary, contact_official, leiden):
    few_towns = [leiden, *(MunicipalityFactory() for _ in range(2))]
    many_towns = [*few_towns, *(MunicipalityFactory() for _ in range(10))]

    def measure(towns, comments_each) -> int:
        review_round = _open_round(secretary, towns, visibility=ReviewRound.Visibility.OPEN)
        version = _version(review_round)
        for town in towns:
            official = (
                contact_official
                if town == leiden
                else UserFactory(roles=[CONTACT_OFFICIAL], municipality=town)
            )
            for index in range(comments_each):
                svc.review_comment_add(
                    actor=official,
                    review_round=review_round,
                    anchor=ReviewComment.Anchor.SECTION,
                    section=CoverNoteSection.values[index % len(CoverNoteSection.values)],
                    text=f"Opmerking {index}",
                    suggestion="Nieuwe tekst" if index % 2 else "",
                )
                svc.review_comment_add(
                    actor=official,
                    review_round=review_round,
                    anchor=ReviewComment.Anchor.PAGE,
                    version=version,
                    page=1,
                    text=f"Pagina {index}",
                )
            if town != leiden:
                svc.review_finish(
                    actor=official,
                    review_round=review_round,
                    outcome=ReviewInvitation.Outcome.REMARKS,
                )
        client.force_login(contact_official)
        counts = []
        for url in (_read_url(review_round), _document_url(review_round, version)):
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured.captured_queries))
        return counts

    assert measure(few_towns, 1) == measure(many_towns, 6)


# --- the log of document views --------------------------------------------------------


@pytest.fixture
def confidential_round(secretary, leiden):
    proposal = ProposalFactory(
        title="Grondpositie",
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.ECONOMIC,
    )
    CoverNoteFactory(proposal=proposal)
    document = DocumentFactory(proposal=proposal, title="Taxatie", is_confidential=True)
    return svc.review_round_open(
        actor=secretary,
        proposal=proposal,
        working_days=5,
        municipalities=[leiden],
        versions=[document.current_version],
    )


def test_views_of_a_confidential_document_in_a_round_are_logged(
    client, confidential_round, contact_official
):
    version = _version(confidential_round)
    client.force_login(contact_official)
    assert client.get(_document_url(confidential_round, version)).status_code == 200
    read = reverse("governance:document-read", args=[version.document_id])
    assert client.get(read).status_code == 200
    download = reverse("governance:document-version-download", args=[version.pk])
    response = client.get(download)
    assert response.status_code == 200
    b"".join(response.streaming_content)
    logged = list(DocumentView.objects.order_by("at", "pk").values_list("user", "version", "kind"))
    assert logged == [
        (contact_official.pk, version.pk, DocumentView.Kind.READ),
        (contact_official.pk, version.pk, DocumentView.Kind.READ),
        (contact_official.pk, version.pk, DocumentView.Kind.DOWNLOAD),
    ]


def test_views_of_a_public_document_are_not_logged(client, review_round, contact_official):
    version = _version(review_round)
    client.force_login(contact_official)
    assert client.get(_document_url(review_round, version)).status_code == 200
    assert not DocumentView.objects.exists()


def test_a_version_outside_the_round_is_404(client, review_round, contact_official):
    other = DocumentFactory(proposal=review_round.proposal, title="Bijlage").current_version
    client.force_login(contact_official)
    assert client.get(_document_url(review_round, other)).status_code == 404
    assert not DocumentView.objects.exists()


def test_a_withdrawn_comment_is_not_edited(client, review_round, contact_official):
    comment = svc.review_comment_add(
        actor=contact_official, review_round=review_round, text="Ingetrokken punt."
    )
    svc.review_comment_withdraw(actor=contact_official, comment=comment)
    client.force_login(contact_official)
    assert (
        client.get(reverse("governance:review-comment-edit", args=[comment.pk])).status_code == 403
    )


def test_a_page_comment_on_a_document_outside_the_round_is_404(
    client, review_round, contact_official
):
    other = DocumentFactory(proposal=review_round.proposal, title="Bijlage").current_version
    client.force_login(contact_official)
    response = client.post(
        _add_url(review_round),
        {"anchor": "page", "version": other.pk, "page": "1", "text": "Buiten de ronde"},
    )
    assert response.status_code == 404
    assert not ReviewComment.objects.exists()


def test_the_finish_choices_are_described(client, review_round, contact_official):
    client.force_login(contact_official)
    url = reverse("governance:review-finish", args=[review_round.pk])
    response = client.post(url, {"outcome": ReviewInvitation.Outcome.REMARKS})
    assert response.status_code == 200  # nothing to submit yet
    html = response.content.decode()
    assert 'aria-describedby="id_outcome_0_helptext"' in html
    assert 'id="id_outcome_0_helptext"' in html
    assert 'value="remarks" id="id_outcome_0" aria-describedby="id_outcome_0_helptext" checked' in (
        html
    )
