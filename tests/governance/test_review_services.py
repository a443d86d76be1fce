"""Co-reading services: open a round, comment, finish, answer, adopt a suggestion; every
refusal leaves nothing half-saved."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from governance.models import (
    ClosingDay,
    CoverNote,
    CoverNoteSection,
    Proposal,
    ReviewComment,
    ReviewInvitation,
    ReviewRound,
)
from governance.roles import CONTACT_OFFICIAL
from governance.services import review as svc
from tests.factories import TZ, DocumentFactory, ProposalFactory, UserFactory

REMARKS = ReviewInvitation.Outcome.REMARKS
NO_REMARKS = ReviewInvitation.Outcome.NO_REMARKS


def section_comment(actor, review_round, **extra):
    fields = {
        "anchor": ReviewComment.Anchor.SECTION,
        "section": CoverNoteSection.RISKS,
        "text": "Noem het risico van de indexatie.",
    }
    return svc.review_comment_add(actor=actor, review_round=review_round, **{**fields, **extra})


# --- opening ---------------------------------------------------------------------------------


def test_a_round_invites_the_chosen_municipalities(review_round, leiden, gouda):
    assert review_round.number == 1
    assert set(review_round.invitations.values_list("municipality", flat=True)) == {
        leiden.pk,
        gouda.pk,
    }
    assert review_round.history.get().history_change_reason == "Meeleesronde geopend"
    assert review_round.visibility == ReviewRound.Visibility.CLOSED


def test_without_a_choice_every_municipality_is_invited(review_proposal, secretary, leiden, gouda):
    review_round = svc.review_round_open(actor=secretary, proposal=review_proposal, working_days=5)
    assert review_round.invitations.count() == 2


def test_the_second_round_is_numbered_two(review_round, review_proposal, secretary, leiden):
    again = svc.review_round_open(
        actor=secretary, proposal=review_proposal, working_days=5, municipalities=[leiden]
    )
    assert again.number == 2


@time_machine.travel(dt.datetime(2026, 12, 18, 9, tzinfo=TZ), tick=False)
def test_the_deadline_counts_working_days_past_christmas_and_closing_days(
    review_proposal, secretary, leiden
):
    # From Friday 18 December: 21, 22, 23, 24 (4), Christmas 25/26 skipped, weekend,
    # 28, 29 (6); 30 December is a closing day; 31 December is the 7th working day.
    ClosingDay.objects.create(date=dt.date(2026, 12, 30), name="Tussen kerst en oud en nieuw")
    review_round = svc.review_round_open(
        actor=secretary, proposal=review_proposal, working_days=7, municipalities=[leiden]
    )
    assert review_round.deadline == dt.date(2026, 12, 31)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"working_days": 0}, "working_days"),
        ({"working_days": 61}, "working_days"),
        ({"municipalities": []}, "municipalities"),
        ({"includes_cover_note": False}, "versions"),
        ({"visibility": "everyone"}, "visibility"),
    ],
)
def test_opening_refuses_bad_input_and_writes_nothing(
    review_proposal, secretary, leiden, changes, field
):
    arguments = {"working_days": 10, "municipalities": [leiden], **changes}
    with pytest.raises(ValidationError) as refused:
        svc.review_round_open(actor=secretary, proposal=review_proposal, **arguments)
    assert field in refused.value.error_dict
    assert not ReviewRound.objects.exists()


def test_a_round_reads_only_documents_of_its_own_proposal(review_proposal, secretary, leiden):
    other = DocumentFactory(proposal=ProposalFactory())
    with pytest.raises(ValidationError) as refused:
        svc.review_round_open(
            actor=secretary,
            proposal=review_proposal,
            working_days=10,
            municipalities=[leiden],
            versions=[other.current_version],
        )
    assert "versions" in refused.value.error_dict


def test_a_cover_note_round_needs_a_cover_note(secretary, leiden):
    proposal = ProposalFactory(status=Proposal.Status.IN_ROUTE)
    with pytest.raises(ValidationError) as refused:
        svc.review_round_open(
            actor=secretary, proposal=proposal, working_days=10, municipalities=[leiden]
        )
    assert "includes_cover_note" in refused.value.error_dict


def test_a_closed_proposal_is_not_read_along(review_proposal, secretary, leiden):
    Proposal.objects.filter(pk=review_proposal.pk).update(status=Proposal.Status.DECIDED)
    review_proposal.refresh_from_db()
    with pytest.raises(ValidationError):
        svc.review_round_open(
            actor=secretary, proposal=review_proposal, working_days=10, municipalities=[leiden]
        )


def test_only_the_secretariat_and_the_directie_open_rounds(
    review_proposal, manager, contact_official, ab_member, leiden
):
    assert svc.review_round_open(
        actor=manager, proposal=review_proposal, working_days=10, municipalities=[leiden]
    )
    for actor in (contact_official, ab_member):
        with pytest.raises(PermissionDenied):
            svc.review_round_open(
                actor=actor, proposal=review_proposal, working_days=10, municipalities=[leiden]
            )


# --- commenting ------------------------------------------------------------------------------


def test_a_contact_official_comments_for_their_municipality(review_round, contact_official, leiden):
    comment = section_comment(
        contact_official,
        review_round,
        suggestion="Het risico van een hogere indexatie is € 50.000.",
    )
    assert comment.municipality == leiden and comment.author == contact_official
    assert comment.history.get().history_change_reason == "Opmerking geschreven"


def test_a_page_comment_keeps_page_and_quote(review_round, contact_official):
    version = review_round.versions.get()
    comment = svc.review_comment_add(
        actor=contact_official,
        review_round=review_round,
        anchor=ReviewComment.Anchor.PAGE,
        version=version,
        page=1,
        quote="  de   gemeentelijke\nbijdrage ",
        text="Welke bijdrage is bedoeld?",
    )
    assert (comment.version, comment.page) == (version, 1)
    assert comment.quote == "de gemeentelijke bijdrage"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"anchor": "section", "section": "appendix"}, "section"),
        ({"anchor": "page", "page": 1}, "version"),
        ({"anchor": "page", "page": 2, "use_version": True}, "page"),
        ({"anchor": "page", "page": 0, "use_version": True}, "page"),
        ({"anchor": "general", "suggestion": "Andere tekst"}, "suggestion"),
        ({"anchor": "margin"}, "anchor"),
        ({"anchor": "general", "text": "   "}, "text"),
    ],
)
def test_comments_refuse_bad_anchors_and_write_nothing(
    review_round, contact_official, fields, field
):
    fields = dict(fields)
    if fields.pop("use_version", False):
        fields["version"] = review_round.versions.get()  # one page
    fields.setdefault("text", "Opmerking")
    with pytest.raises(ValidationError) as refused:
        svc.review_comment_add(actor=contact_official, review_round=review_round, **fields)
    assert field in refused.value.error_dict
    assert not ReviewComment.objects.exists()


def test_a_section_comment_needs_the_cover_note_in_the_round(
    review_proposal, secretary, contact_official, leiden
):
    version = review_proposal.documents.get().current_version
    documents_only = svc.review_round_open(
        actor=secretary,
        proposal=review_proposal,
        working_days=10,
        municipalities=[leiden],
        includes_cover_note=False,
        versions=[version],
    )
    with pytest.raises(ValidationError):
        section_comment(contact_official, documents_only)


def test_who_may_not_comment(review_round, secretary, ab_member, outsider, gouda_official):
    for actor in (secretary, ab_member, outsider):
        with pytest.raises(PermissionDenied):
            section_comment(actor, review_round)
    # Gouda is invited: its official comments for Gouda, never for Leiden.
    assert section_comment(gouda_official, review_round).municipality.name == "Gouda"


def test_a_municipality_not_invited_cannot_comment(
    review_proposal, secretary, leiden, gouda_official
):
    leiden_only = svc.review_round_open(
        actor=secretary, proposal=review_proposal, working_days=10, municipalities=[leiden]
    )
    with pytest.raises(PermissionDenied):
        section_comment(gouda_official, leiden_only)


def test_colleagues_continue_each_others_draft(review_round, contact_official, leiden):
    colleague = UserFactory(username="ca-leiden-2", roles=[CONTACT_OFFICIAL], municipality=leiden)
    comment = section_comment(contact_official, review_round)
    changed = svc.review_comment_update(
        actor=colleague, comment=comment, text="Aangevuld door een collega.", suggestion="Tekst"
    )
    assert changed.text == "Aangevuld door een collega."
    history = list(changed.history.order_by("history_date"))
    assert [h.history_user for h in history] == [contact_official, colleague]


def test_another_municipality_cannot_change_a_draft(review_round, contact_official, gouda_official):
    comment = section_comment(contact_official, review_round)
    with pytest.raises(PermissionDenied):
        svc.review_comment_update(actor=gouda_official, comment=comment, text="Overschreven")
    with pytest.raises(PermissionDenied):
        svc.review_comment_withdraw(actor=gouda_official, comment=comment)


def test_a_withdrawn_comment_stays_in_history(review_round, contact_official):
    comment = section_comment(contact_official, review_round)
    svc.review_comment_withdraw(actor=contact_official, comment=comment)
    comment.refresh_from_db()
    assert comment.is_withdrawn
    assert [h.history_change_reason for h in comment.history.order_by("history_date")] == [
        "Opmerking geschreven",
        "Opmerking ingetrokken",
    ]
    with pytest.raises(PermissionDenied):
        svc.review_comment_update(actor=contact_official, comment=comment, text="Terug")


# --- finishing -------------------------------------------------------------------------------


def test_no_remarks_is_refused_while_comments_exist(review_round, contact_official):
    comment = section_comment(contact_official, review_round)
    with pytest.raises(ValidationError):
        svc.review_finish(actor=contact_official, review_round=review_round, outcome=NO_REMARKS)
    svc.review_comment_withdraw(actor=contact_official, comment=comment)
    invitation = svc.review_finish(
        actor=contact_official, review_round=review_round, outcome=NO_REMARKS
    )
    assert invitation.outcome == NO_REMARKS and invitation.finished_by == contact_official


def test_remarks_need_a_comment(review_round, contact_official):
    with pytest.raises(ValidationError):
        svc.review_finish(actor=contact_official, review_round=review_round, outcome=REMARKS)
    with pytest.raises(ValidationError):
        svc.review_finish(actor=contact_official, review_round=review_round, outcome="maybe")
    assert not ReviewInvitation.objects.exclude(outcome="").exists()


def test_after_finishing_nothing_changes(review_round, contact_official):
    comment = section_comment(contact_official, review_round)
    svc.review_finish(actor=contact_official, review_round=review_round, outcome=REMARKS)
    with pytest.raises(PermissionDenied):
        section_comment(contact_official, review_round)
    with pytest.raises(PermissionDenied):
        svc.review_comment_update(actor=contact_official, comment=comment, text="Later")
    with pytest.raises(PermissionDenied):
        svc.review_comment_withdraw(actor=contact_official, comment=comment)
    with pytest.raises(PermissionDenied):
        svc.review_finish(actor=contact_official, review_round=review_round, outcome=REMARKS)


def test_a_closed_round_takes_no_comments(review_round, secretary, contact_official):
    svc.review_round_close(actor=secretary, review_round=review_round)
    with pytest.raises(PermissionDenied):
        section_comment(contact_official, review_round)


# --- answering -------------------------------------------------------------------------------


@pytest.fixture
def submitted(review_round, contact_official):
    comment = section_comment(
        contact_official,
        review_round,
        suggestion="Het risico van een hogere indexatie bedraagt € 50.000 per jaar.",
    )
    svc.review_finish(actor=contact_official, review_round=review_round, outcome=REMARKS)
    return comment


def test_adopting_a_suggestion_changes_the_cover_note_with_history(submitted, manager):
    svc.review_comment_answer(
        actor=manager, comment=submitted, answer="adopted", adopt_suggestion=True
    )
    cover_note = CoverNote.objects.get(proposal=submitted.round.proposal)
    assert cover_note.risks == "Het risico van een hogere indexatie bedraagt € 50.000 per jaar."
    latest = cover_note.history.latest("history_date")
    assert latest.history_change_reason == "Suggestie van Leiden overgenomen (ronde 1)"
    assert latest.history_user == manager
    submitted.refresh_from_db()
    assert submitted.answer == "adopted" and submitted.answered_by == manager


@pytest.mark.parametrize("answer", ["partly", "not_adopted"])
def test_not_fully_adopting_needs_a_reason(submitted, manager, answer):
    with pytest.raises(ValidationError) as refused:
        svc.review_comment_answer(actor=manager, comment=submitted, answer=answer)
    assert "answer_reason" in refused.value.error_dict
    svc.review_comment_answer(
        actor=manager, comment=submitted, answer=answer, reason="Past niet in de begroting."
    )


def test_a_refused_adoption_leaves_the_cover_note_alone(submitted, manager):
    before = CoverNote.objects.get(proposal=submitted.round.proposal).risks
    with pytest.raises(ValidationError):
        svc.review_comment_answer(
            actor=manager,
            comment=submitted,
            answer="not_adopted",
            reason="Nee.",
            adopt_suggestion=True,
        )
    assert CoverNote.objects.get(proposal=submitted.round.proposal).risks == before
    submitted.refresh_from_db()
    assert not submitted.is_answered


def test_drafts_are_not_answered(review_round, contact_official, manager):
    draft = section_comment(contact_official, review_round)
    with pytest.raises(ValidationError):
        svc.review_comment_answer(actor=manager, comment=draft, answer="adopted")


def test_readers_do_not_answer(submitted, contact_official):
    with pytest.raises(PermissionDenied):
        svc.review_comment_answer(actor=contact_official, comment=submitted, answer="adopted")


# --- the response note -----------------------------------------------------------------------


def test_the_response_note_waits_for_closing_and_every_answer(submitted, secretary, manager):
    review_round = submitted.round
    assert "Sluit" in svc.response_note_refusal(review_round)
    svc.review_round_close(actor=secretary, review_round=review_round)
    review_round.refresh_from_db()
    assert "1" in svc.response_note_refusal(review_round)
    svc.review_comment_answer(actor=manager, comment=submitted, answer="adopted")
    assert svc.response_note_refusal(review_round) == ""


def test_the_response_note_is_a_document_of_the_proposal_answering_the_round(
    submitted, secretary, manager
):
    from tests.factories import pdf_bytes

    review_round = submitted.round
    svc.review_round_close(actor=secretary, review_round=review_round)
    svc.review_comment_answer(actor=manager, comment=submitted, answer="adopted")
    review_round.refresh_from_db()
    document = svc.response_note_attach(
        actor=secretary, review_round=review_round, pdf=pdf_bytes(1, "Reactienota")
    )
    assert document.proposal == review_round.proposal and document.kind == "response"
    assert svc.response_note_of(review_round) == document
    again = svc.response_note_attach(
        actor=secretary, review_round=review_round, pdf=pdf_bytes(2, "Reactienota")
    )
    assert again == document and document.versions.count() == 2
    assert set(document.versions.values_list("answers_round", flat=True)) == {review_round.pk}
