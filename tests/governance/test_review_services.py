"""Co-reading services: open a round, comment, finish, answer, adopt a suggestion."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from governance.models import CoverNoteSection, ReviewComment, ReviewInvitation
from governance.services import review as svc


def test_a_round_invites_the_chosen_municipalities(review_round, leiden, gouda):
    assert review_round.number == 1
    assert set(review_round.invitations.values_list("municipality", flat=True)) == {
        leiden.pk,
        gouda.pk,
    }
    assert review_round.history.get().history_change_reason == "Meeleesronde geopend"


def test_a_contact_official_comments_on_a_section_and_finishes(
    review_round, contact_official, leiden
):
    comment = svc.review_comment_add(
        actor=contact_official,
        review_round=review_round,
        anchor=ReviewComment.Anchor.SECTION,
        section=CoverNoteSection.RISKS,
        text="Noem het risico van de indexatie.",
        suggestion="Het risico van een hogere indexatie is €50.000.",
    )
    assert comment.municipality == leiden
    invitation = svc.review_finish(
        actor=contact_official,
        review_round=review_round,
        outcome=ReviewInvitation.Outcome.REMARKS,
    )
    assert invitation.is_finished
    with pytest.raises(PermissionDenied):
        svc.review_comment_add(actor=contact_official, review_round=review_round, text="Nog een")
