"""Co-reading, the author's side: opening a round, the overview of open rounds, the
status at a glance on the proposal and the meeting, the consolidated comments page,
answering (adopting a suggestion), closing, the response note (HTML, PDF, attached to
the proposal and in the agenda pack) and a new version in answer to a round."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from pypdf import PdfReader

from governance.models import (
    CoverNote,
    CoverNoteSection,
    Document,
    Municipality,
    ReviewComment,
    ReviewInvitation,
    ReviewRound,
)
from governance.packs.content import gather
from governance.queries.review import proposal_round_glances
from governance.roles import CONTACT_OFFICIAL
from governance.services import review as svc
from tests.factories import (
    AgendaItemFactory,
    CoverNoteFactory,
    DocumentFactory,
    MunicipalityFactory,
    ProposalFactory,
    RouteStepFactory,
    UserFactory,
    pdf_bytes,
)

SCRIPT = "<script>alert('x')</script>"


@pytest.fixture
def english(client):
    """Pages and messages in English, so the assertions do not depend on the catalogue."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield client


def _official(municipality: Municipality):
    return UserFactory(
        username=f"ca-{municipality.cbs_code}", roles=[CONTACT_OFFICIAL], municipality=municipality
    )


def _submit(official, review_round, *texts: str, **anchor) -> list[ReviewComment]:
    comments = [
        svc.review_comment_add(actor=official, review_round=review_round, text=text, **anchor)
        for text in texts
    ]
    svc.review_finish(
        actor=official, review_round=review_round, outcome=ReviewInvitation.Outcome.REMARKS
    )
    return comments


def _no_remarks(official, review_round) -> None:
    svc.review_finish(
        actor=official, review_round=review_round, outcome=ReviewInvitation.Outcome.NO_REMARKS
    )


def _section_comment(official, review_round, *, suggestion: str = "") -> ReviewComment:
    return svc.review_comment_add(
        actor=official,
        review_round=review_round,
        anchor=ReviewComment.Anchor.SECTION,
        section=CoverNoteSection.RISKS,
        text="Noem het risico van de indexatie.",
        suggestion=suggestion,
    )


# --- opening a round -----------------------------------------------------------------------


def test_open_form_offers_documents_steps_and_the_default_deadline(
    english, secretary, review_proposal, ab, leiden, gouda
):
    step = RouteStepFactory(proposal=review_proposal, body=ab)
    english.force_login(secretary)
    response = english.get(reverse("governance:review-open", args=[review_proposal.pk]))
    assert response.status_code == 200
    form = response.context["form"]
    version = review_proposal.documents.get().current_version
    assert list(form.fields["versions"].queryset) == [version]
    assert list(form.fields["before_step"].queryset) == [step]
    assert set(form.fields["municipalities"].initial) == {leiden.pk, gouda.pk}
    assert form.fields["working_days"].initial == 10
    deadline = svc.review_deadline(timezone.localdate(), 10)
    assert date_format(deadline, "l j F Y") in response.content.decode()
    assert 'type="radio" name="visibility" value="closed"' in response.content.decode()


def test_opening_a_round_through_the_form(english, secretary, review_proposal, ab, leiden, gouda):
    step = RouteStepFactory(proposal=review_proposal, body=ab)
    version = review_proposal.documents.get().current_version
    english.force_login(secretary)
    response = english.post(
        reverse("governance:review-open", args=[review_proposal.pk]),
        {
            "question": "Kijk vooral naar de financiën.",
            "versions": [version.pk],
            "municipalities": [leiden.pk],
            "includes_bao": "on",
            "visibility": "open",
            "working_days": "5",
            "before_step": step.pk,
        },
    )
    assert response.status_code == 302
    review_round = ReviewRound.objects.get(proposal=review_proposal)
    assert review_round.number == 1
    assert review_round.question == "Kijk vooral naar de financiën."
    assert not review_round.includes_cover_note
    assert list(review_round.versions.all()) == [version]
    assert review_round.includes_bao
    assert review_round.visibility == ReviewRound.Visibility.OPEN
    assert review_round.before_step == step
    assert review_round.deadline == svc.review_deadline(timezone.localdate(), 5)
    assert list(review_round.invitations.values_list("municipality", flat=True)) == [leiden.pk]


def test_open_form_shows_the_service_refusal_and_the_deadline_of_the_period_given(
    english, secretary, review_proposal, leiden
):
    english.force_login(secretary)
    response = english.post(
        reverse("governance:review-open", args=[review_proposal.pk]),
        {"municipalities": [leiden.pk], "visibility": "closed", "working_days": "3"},
    )
    assert response.status_code == 200
    assert not ReviewRound.objects.exists()
    assert "Choose what is read" in response.content.decode()
    deadline = svc.review_deadline(timezone.localdate(), 3)
    assert date_format(deadline, "l j F Y") in response.context["form"]["working_days"].help_text


# --- the proposal page ---------------------------------------------------------------------


def test_proposal_page_lists_rounds_with_status_and_the_open_button(
    english, secretary, review_round, contact_official
):
    _submit(contact_official, review_round, "Graag meer toelichting.")
    english.force_login(secretary)
    proposal = review_round.proposal
    # The deadline has passed: Gouda, which did not finish, is late.
    ReviewRound.objects.filter(pk=review_round.pk).update(
        deadline=timezone.localdate() - dt.timedelta(days=1)
    )
    html = english.get(reverse("governance:proposal-detail", args=[proposal.pk])).content.decode()
    assert "Round 1" in html
    assert "Responded: 1" in html
    assert "Late: 1" in html
    assert "Late:</strong> Gouda" in html
    assert reverse("governance:review-comments", args=[review_round.pk]) in html
    assert reverse("governance:review-open", args=[proposal.pk]) in html


def test_proposal_page_hides_rounds_from_readers(english, contact_official, review_round):
    english.force_login(contact_official)
    html = english.get(
        reverse("governance:proposal-detail", args=[review_round.proposal.pk])
    ).content.decode()
    assert reverse("governance:review-comments", args=[review_round.pk]) not in html
    assert reverse("governance:review-open", args=[review_round.proposal.pk]) not in html


def test_a_round_before_a_step_shows_on_the_route(english, secretary, review_proposal, ab, leiden):
    step = RouteStepFactory(proposal=review_proposal, body=ab)
    svc.review_round_open(
        actor=secretary,
        proposal=review_proposal,
        working_days=10,
        municipalities=[leiden],
        before_step=step,
    )
    english.force_login(secretary)
    html = english.get(
        reverse("governance:proposal-detail", args=[review_proposal.pk])
    ).content.decode()
    assert "Review round 1 (before AB)" in html


# --- the overview of open rounds -----------------------------------------------------------


def _rounds(secretary, count: int, municipalities: list[Municipality]) -> list[ReviewRound]:
    rounds = []
    for _ in range(count):
        proposal = ProposalFactory()
        CoverNoteFactory(proposal=proposal)
        rounds.append(
            svc.review_round_open(
                actor=secretary,
                proposal=proposal,
                working_days=10,
                municipalities=municipalities,
            )
        )
    return rounds


def _queries(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries), response


def test_overview_lists_open_rounds_with_four_counts(
    english, manager, secretary, review_round, contact_official, gouda_official
):
    _submit(contact_official, review_round, "Een opmerking.")
    closed = _rounds(secretary, 1, [Municipality.objects.get(name="Leiden")])[0]
    svc.review_round_close(actor=secretary, review_round=closed)
    english.force_login(manager)
    html = english.get(reverse("governance:review-overview")).content.decode()
    assert review_round.proposal.reference in html
    assert closed.proposal.reference not in html
    for text in ("Responded: 1", "No remarks: 0", "Late: 0", "Outstanding: 1"):
        assert text in html
    assert reverse("governance:review-comments", args=[review_round.pk]) in html


def test_overview_query_count_is_constant(client, secretary, leiden, gouda):
    client.force_login(secretary)
    url = reverse("governance:review-overview")
    _rounds(secretary, 2, [leiden])
    few, response = _queries(client, url)
    assert len(response.context["rows"]) == 2
    others = [MunicipalityFactory() for _ in range(16)]
    _rounds(secretary, 8, [leiden, gouda, *others])
    many, response = _queries(client, url)
    assert len(response.context["rows"]) == 10
    assert many == few


# --- the meeting's document status ---------------------------------------------------------


def _meeting_with_rounds(meeting, secretary, leiden, count: int) -> None:
    for index in range(count):
        proposal = ProposalFactory()
        CoverNoteFactory(proposal=proposal)
        step = RouteStepFactory(proposal=proposal, body=meeting.body, meeting=meeting)
        AgendaItemFactory(meeting=meeting, route_step=step, order=10 + index)
        svc.review_round_open(
            actor=secretary, proposal=proposal, working_days=10, municipalities=[leiden]
        )


def test_meeting_document_status_shows_review_counts_in_one_query(
    english, secretary, public_ab_meeting, leiden
):
    english.force_login(secretary)
    url = reverse("governance:meeting-detail", args=[public_ab_meeting.pk])
    plain_item = AgendaItemFactory(
        meeting=public_ab_meeting,
        order=1,
        route_step=RouteStepFactory(
            proposal=ProposalFactory(), body=public_ab_meeting.body, meeting=public_ab_meeting
        ),
    )
    without, _response = _queries(english, url)
    _meeting_with_rounds(public_ab_meeting, secretary, leiden, 1)
    one, response = _queries(english, url)
    html = response.content.decode()
    assert "Review round 1" in html
    assert "Outstanding: 1" in html
    _meeting_with_rounds(public_ab_meeting, secretary, leiden, 4)
    five, _response = _queries(english, url)
    assert one == five == without
    assert plain_item.pk


def test_the_review_counts_of_a_whole_meeting_are_one_query(
    django_assert_num_queries, secretary, public_ab_meeting, leiden
):
    _meeting_with_rounds(public_ab_meeting, secretary, leiden, 3)
    proposal_ids = ReviewRound.objects.values_list("proposal_id", flat=True)
    ids = list(proposal_ids)
    with django_assert_num_queries(1):
        result = proposal_round_glances(ids)
    assert sorted(result) == sorted(ids)
    assert all(len(rounds) == 1 and rounds[0].glance.total == 1 for rounds in result.values())


def test_builder_shows_review_counts_too(english, secretary, public_ab_meeting, leiden):
    _meeting_with_rounds(public_ab_meeting, secretary, leiden, 1)
    english.force_login(secretary)
    html = english.get(
        reverse("governance:agenda-builder", args=[public_ab_meeting.pk])
    ).content.decode()
    assert "Outstanding: 1" in html


def test_meeting_document_status_hides_review_counts_from_members(
    english, ab_member, secretary, public_ab_meeting, leiden
):
    _meeting_with_rounds(public_ab_meeting, secretary, leiden, 1)
    english.force_login(ab_member)
    html = english.get(
        reverse("governance:meeting-detail", args=[public_ab_meeting.pk])
    ).content.decode()
    assert "Review round 1" not in html


# --- the consolidated comments page ----------------------------------------------------------


def test_comments_page_groups_by_place_and_municipality(
    english, secretary, review_round, contact_official, gouda_official
):
    version = review_round.versions.get()
    _section_comment(contact_official, review_round, suggestion="Het risico is €50.000.")
    svc.review_comment_add(
        actor=contact_official,
        review_round=review_round,
        anchor=ReviewComment.Anchor.PAGE,
        version=version,
        page=1,
        quote="de gezondheid van inwoners",
        text="Welke inwoners?",
    )
    svc.review_finish(
        actor=contact_official,
        review_round=review_round,
        outcome=ReviewInvitation.Outcome.REMARKS,
    )
    draft = svc.review_comment_add(
        actor=gouda_official, review_round=review_round, text="Nog een concept."
    )
    english.force_login(secretary)
    response = english.get(reverse("governance:review-comments", args=[review_round.pk]))
    html = response.content.decode()
    labels = [group.label for group in response.context["groups"]]
    assert labels == ["Risks", "Beleidsnota gezondheid, page 1"]
    assert "Suggested text" in html and "Het risico is €50.000." in html
    assert "de gezondheid van inwoners" in html
    assert draft.text not in html  # a draft never reaches the authors
    states = {row.name: row.state for row in response.context["states"]}
    assert states == {"Gouda": "outstanding", "Leiden": "responded"}
    assert reverse("governance:review-close", args=[review_round.pk]) in html


def test_comments_page_filters_the_unanswered(english, secretary, review_round, contact_official):
    answered, open_one = _submit(contact_official, review_round, "Eerste.", "Tweede.")
    svc.review_comment_answer(actor=secretary, comment=answered, answer="adopted")
    english.force_login(secretary)
    url = reverse("governance:review-comments", args=[review_round.pk])
    html = english.get(url).content.decode()
    assert "Eerste." in html and "Tweede." in html
    html = english.get(url, {"onbeantwoord": "1"}).content.decode()
    assert "Eerste." not in html and "Tweede." in html


def test_comments_page_escapes_comment_text(english, secretary, review_round, contact_official):
    _submit(contact_official, review_round, SCRIPT)
    english.force_login(secretary)
    html = english.get(reverse("governance:review-comments", args=[review_round.pk])).content
    assert SCRIPT.encode() not in html
    assert b"&lt;script&gt;" in html


def _round_with_comments(secretary, review_proposal, municipalities: int, per: int):
    chosen = list(Municipality.objects.order_by("name")[:municipalities])
    review_round = svc.review_round_open(
        actor=secretary,
        proposal=review_proposal,
        working_days=10,
        municipalities=chosen,
        versions=[review_proposal.documents.get().current_version],
    )
    version = review_round.versions.get()
    for index, municipality in enumerate(chosen):
        official = _official(municipality)
        for number in range(per):
            kind = (index + number) % 3
            anchor = (
                {"anchor": "section", "section": CoverNoteSection.RISKS, "suggestion": "Nieuw."}
                if kind == 0
                else {"anchor": "page", "version": version, "page": 1, "quote": "citaat"}
                if kind == 1
                else {}
            )
            svc.review_comment_add(
                actor=official, review_round=review_round, text=f"Opmerking {number}", **anchor
            )
        svc.review_finish(
            actor=official, review_round=review_round, outcome=ReviewInvitation.Outcome.REMARKS
        )
    comments = ReviewComment.objects.filter(round=review_round)
    for comment in comments[: len(comments) // 2]:
        svc.review_comment_answer(
            actor=secretary, comment=comment, answer="not_adopted", reason="Past niet."
        )
    return review_round


def test_comments_page_query_count_is_constant(client, secretary, review_proposal):
    for _ in range(18):
        MunicipalityFactory()
    few_round = _round_with_comments(secretary, review_proposal, 2, 1)
    many_round = _round_with_comments(secretary, review_proposal, 18, 5)
    client.force_login(secretary)
    few, response = _queries(client, reverse("governance:review-comments", args=[few_round.pk]))
    assert sum(group.count for group in response.context["groups"]) == 2
    many, response = _queries(client, reverse("governance:review-comments", args=[many_round.pk]))
    assert sum(group.count for group in response.context["groups"]) == 90
    assert len(response.context["states"]) == 18
    assert many == few


# --- answering ---------------------------------------------------------------------------


def test_answer_page_shows_current_and_suggested_text(
    english, secretary, review_round, contact_official
):
    comment = _section_comment(contact_official, review_round, suggestion="Het risico is groot.")
    _no_comments_left = svc.review_finish(
        actor=contact_official,
        review_round=review_round,
        outcome=ReviewInvitation.Outcome.REMARKS,
    )
    assert _no_comments_left.is_finished
    english.force_login(secretary)
    response = english.get(reverse("governance:review-comment-answer", args=[comment.pk]))
    html = response.content.decode()
    assert "Geen bijzondere risico" in html  # the section's current text
    assert "Het risico is groot." in html
    assert "adopt_suggestion" in response.context["form"].fields


def test_answer_page_offers_no_adoption_without_a_suggestion(
    english, secretary, review_round, contact_official
):
    (comment,) = _submit(contact_official, review_round, "Algemeen.")
    english.force_login(secretary)
    response = english.get(reverse("governance:review-comment-answer", args=[comment.pk]))
    assert "adopt_suggestion" not in response.context["form"].fields


def test_adopting_a_suggestion_changes_the_cover_note_with_a_dutch_history_reason(
    client, secretary, review_round, contact_official
):
    comment = _section_comment(contact_official, review_round, suggestion="Het risico is groot.")
    svc.review_finish(
        actor=contact_official,
        review_round=review_round,
        outcome=ReviewInvitation.Outcome.REMARKS,
    )
    client.force_login(secretary)
    response = client.post(
        reverse("governance:review-comment-answer", args=[comment.pk]),
        {"answer": "adopted", "answer_reason": "", "adopt_suggestion": "on"},
    )
    expected = reverse("governance:review-comments", args=[review_round.pk])
    assert response["Location"] == f"{expected}#comment-{comment.pk}"
    note = CoverNote.objects.get(proposal=review_round.proposal)
    assert note.risks == "Het risico is groot."
    assert note.history.first().history_change_reason == (
        "Suggestie van Leiden overgenomen (ronde 1)"
    )
    comment.refresh_from_db()
    assert comment.answer == ReviewComment.Answer.ADOPTED
    assert comment.answered_by == secretary


def test_partly_adopted_needs_a_reason(english, secretary, review_round, contact_official):
    (comment,) = _submit(contact_official, review_round, "Algemeen.")
    english.force_login(secretary)
    url = reverse("governance:review-comment-answer", args=[comment.pk])
    response = english.post(url, {"answer": "partly", "answer_reason": ""})
    assert response.status_code == 200
    assert "Give the reason" in response.content.decode()
    comment.refresh_from_db()
    assert not comment.is_answered
    response = english.post(url, {"answer": "partly", "answer_reason": "Deels verwerkt."})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert (comment.answer, comment.answer_reason) == ("partly", "Deels verwerkt.")


# --- closing --------------------------------------------------------------------------------


def test_closing_a_round(english, manager, review_round):
    english.force_login(manager)
    response = english.post(reverse("governance:review-close", args=[review_round.pk]))
    assert response.status_code == 302
    review_round.refresh_from_db()
    assert not review_round.is_open
    html = english.get(reverse("governance:review-comments", args=[review_round.pk])).content
    assert reverse("governance:review-close", args=[review_round.pk]).encode() not in html


# --- the response note ------------------------------------------------------------------------


@pytest.fixture
def answered_round(review_round, secretary, contact_official, gouda, leiden):
    """Leiden submitted two comments (one with a suggestion, one with script text), both
    answered; Gouda did not respond; a third municipality had no remarks. Closed."""
    delft = MunicipalityFactory(name="Delft")
    extra = svc.review_round_open(
        actor=secretary,
        proposal=review_round.proposal,
        working_days=10,
        municipalities=[leiden, gouda, delft],
        versions=list(review_round.versions.all()),
    )
    section = _section_comment(contact_official, extra, suggestion="Het risico is groot.")
    general = svc.review_comment_add(actor=contact_official, review_round=extra, text=SCRIPT)
    svc.review_finish(
        actor=contact_official, review_round=extra, outcome=ReviewInvitation.Outcome.REMARKS
    )
    _no_remarks(_official(delft), extra)
    svc.review_comment_answer(
        actor=secretary, comment=section, answer="adopted", adopt_suggestion=True
    )
    svc.review_comment_answer(
        actor=secretary, comment=general, answer="not_adopted", reason="Geen tekst gevonden."
    )
    return svc.review_round_close(actor=secretary, review_round=extra)


def test_response_note_page_lists_every_municipality_and_escapes_comments(
    client, secretary, answered_round
):
    client.force_login(secretary)
    response = client.get(reverse("governance:review-response-note", args=[answered_round.pk]))
    html = response.content.decode()
    assert [row.municipality.name for row in response.context["rows"]] == [
        "Delft",
        "Gouda",
        "Leiden",
    ]
    assert "Geen opmerkingen" in html
    assert "Niet gereageerd" in html
    assert "Noem het risico van de indexatie." in html
    assert "Het risico is groot." in html
    assert "Geen tekst gevonden." in html
    assert SCRIPT not in html
    assert "&lt;script&gt;" in html


def _pdf_text(data: bytes) -> str:
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def test_response_note_pdf_holds_each_comment_and_its_answer(client, secretary, answered_round):
    client.force_login(secretary)
    response = client.get(reverse("governance:review-response-note-pdf", args=[answered_round.pk]))
    assert response["Content-Type"] == "application/pdf"
    data = response.content
    text = _pdf_text(data)
    for expected in (
        "Noem het risico van de indexatie.",
        "Het risico is groot.",
        "Overgenomen",
        SCRIPT,
        "Niet overgenomen",
        "Geen tekst gevonden.",
        "Geen opmerkingen",
        "Niet gereageerd",
    ):
        assert expected in text, expected
    reader = PdfReader(io.BytesIO(data))
    assert reader.trailer["/Root"]["/Lang"] == "nl"
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_readers_see_the_response_note_only_once_attached(
    client, contact_official, secretary, answered_round
):
    client.force_login(contact_official)
    url = reverse("governance:review-response-note", args=[answered_round.pk])
    assert client.get(url).status_code == 403
    svc.response_note_attach(actor=secretary, review_round=answered_round, pdf=pdf_bytes())
    assert client.get(url).status_code == 200


def test_attaching_is_refused_while_the_round_is_open(english, secretary, review_round):
    english.force_login(secretary)
    response = english.post(
        reverse("governance:review-response-note-attach", args=[review_round.pk]), follow=True
    )
    assert "Close the round first" in response.content.decode()
    assert not Document.objects.filter(kind=Document.Kind.RESPONSE_NOTE).exists()


def test_attached_response_note_travels_into_the_members_pack(
    client, secretary, answered_round, public_ab_meeting
):
    proposal = answered_round.proposal
    step = RouteStepFactory(
        proposal=proposal, body=public_ab_meeting.body, meeting=public_ab_meeting
    )
    AgendaItemFactory(meeting=public_ab_meeting, route_step=step, title=proposal.title)
    public_ab_meeting.agenda_published_at = timezone.now()
    public_ab_meeting.save()
    client.force_login(secretary)
    response = client.post(
        reverse("governance:review-response-note-attach", args=[answered_round.pk])
    )
    document = Document.objects.get(kind=Document.Kind.RESPONSE_NOTE)
    assert response["Location"] == reverse("governance:document-detail", args=[document.pk])
    assert document.proposal == proposal
    version = document.current_version
    assert version.answers_round == answered_round
    with version.file.open("rb") as stored:
        text = _pdf_text(stored.read())
    assert "Noem het risico van de indexatie." in text and "Geen tekst gevonden." in text
    with translation.override("nl"):
        pack = gather(public_ab_meeting)["members"]
    merged = [d.pk for item in pack.items for d in item.documents]
    assert document.pk in merged


# --- a new version in answer to a round -------------------------------------------------------


def test_a_new_version_answers_a_round(english, manager, review_round):
    document = review_round.versions.get().document
    english.force_login(manager)
    url = reverse("governance:document-version-upload", args=[document.pk])
    form = english.get(reverse("governance:document-detail", args=[document.pk])).context[
        "version_form"
    ]
    assert list(form.fields["answers_round"].queryset) == [review_round]
    response = english.post(
        url,
        {
            "file": SimpleUploadedFile("v2.pdf", pdf_bytes(), content_type="application/pdf"),
            "note": "Verwerkt",
            "answers_round": review_round.pk,
        },
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.current_version.answers_round == review_round
    html = english.get(reverse("governance:document-detail", args=[document.pk])).content
    assert b"in answer to review round 1" in html


def test_version_form_has_no_round_choice_without_rounds(english, manager):
    document = DocumentFactory(proposal=ProposalFactory())
    english.force_login(manager)
    form = english.get(reverse("governance:document-detail", args=[document.pk])).context[
        "version_form"
    ]
    assert "answers_round" not in form.fields


def test_a_draft_comment_cannot_be_answered(client, secretary, review_round, contact_official):
    draft = svc.review_comment_add(
        actor=contact_official, review_round=review_round, text="Nog niet ingediend."
    )
    client.force_login(secretary)
    url = reverse("governance:review-comment-answer", args=[draft.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "adopted"}).status_code == 404
    draft.refresh_from_db()
    assert not draft.is_answered


def test_the_round_page_of_a_reader_links_the_attached_response_note(
    client, contact_official, secretary, answered_round
):
    client.force_login(contact_official)
    url = reverse("governance:review-read", args=[answered_round.pk])
    note_url = reverse("governance:review-response-note", args=[answered_round.pk])
    assert note_url not in client.get(url).content.decode()
    svc.response_note_attach(actor=secretary, review_round=answered_round, pdf=pdf_bytes())
    assert note_url in client.get(url).content.decode()
