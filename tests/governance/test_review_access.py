"""Who sees which round, comment and document in co-reading (``governance.access``).

The rule: the secretariat and the directie see every round and every *submitted* comment;
a reader sees the rounds of their municipality, all of their municipality's comments
(drafts included) and — only in an open round — the other municipalities' submitted
comments. Nobody sees another municipality's draft. A contact official sees documents
placed in a round for their municipality, and no other non-public document.
"""

from __future__ import annotations

import pytest

from governance import access
from governance.models import (
    Confidentiality,
    CoverNoteSection,
    Membership,
    ReviewComment,
    ReviewRound,
    WooGround,
)
from governance.roles import BOARD_MEMBER
from governance.services import review as svc
from tests.factories import BodyFactory, DocumentFactory, MembershipFactory, UserFactory

REMARKS = "remarks"


def comment(actor, review_round, text):
    return svc.review_comment_add(
        actor=actor,
        review_round=review_round,
        anchor=ReviewComment.Anchor.SECTION,
        section=CoverNoteSection.INTRODUCTION,
        text=text,
    )


def visible_texts(user, review_round):
    return set(
        access.review_comment_scope(user).filter(round=review_round).values_list("text", flat=True)
    )


@pytest.fixture
def both_commented(review_round, contact_official, gouda_official):
    comment(contact_official, review_round, "LEIDEN-MARKER")
    comment(gouda_official, review_round, "GOUDA-MARKER")
    return review_round


def test_drafts_stay_within_the_municipality(both_commented, contact_official, gouda_official):
    assert visible_texts(contact_official, both_commented) == {"LEIDEN-MARKER"}
    assert visible_texts(gouda_official, both_commented) == {"GOUDA-MARKER"}


def test_authors_see_only_submitted_comments(both_commented, secretary, manager, gouda_official):
    assert visible_texts(secretary, both_commented) == set()
    svc.review_finish(actor=gouda_official, review_round=both_commented, outcome=REMARKS)
    assert visible_texts(secretary, both_commented) == {"GOUDA-MARKER"}
    assert visible_texts(manager, both_commented) == {"GOUDA-MARKER"}


def test_in_a_closed_round_leiden_never_reads_gouda(
    both_commented, contact_official, gouda_official
):
    svc.review_finish(actor=gouda_official, review_round=both_commented, outcome=REMARKS)
    assert visible_texts(contact_official, both_commented) == {"LEIDEN-MARKER"}
    gouda_comment = ReviewComment.objects.get(text="GOUDA-MARKER")
    with pytest.raises(access.Http404):
        access.access_review_comment(contact_official, gouda_comment.pk)


def test_in_an_open_round_submitted_comments_are_shared(
    both_commented, contact_official, gouda_official
):
    ReviewRound.objects.filter(pk=both_commented.pk).update(visibility="open")
    assert visible_texts(contact_official, both_commented) == {"LEIDEN-MARKER"}  # Gouda's draft
    svc.review_finish(actor=gouda_official, review_round=both_commented, outcome=REMARKS)
    assert visible_texts(contact_official, both_commented) == {"LEIDEN-MARKER", "GOUDA-MARKER"}
    # Reading is not writing: Leiden cannot change Gouda's comment.
    gouda_comment = ReviewComment.objects.get(text="GOUDA-MARKER")
    with pytest.raises(access.PermissionDenied):
        access.access_review_comment(contact_official, gouda_comment.pk, edit=True)


def test_others_see_no_round_and_no_comment(both_commented, ab_member, outsider):
    from django.contrib.auth.models import AnonymousUser

    for user in (ab_member, outsider, AnonymousUser()):
        assert not access.review_round_scope(user).exists()
        assert not access.review_comment_scope(user).exists()
        with pytest.raises(access.Http404):
            access.access_review_round(user, both_commented.pk)


def test_a_round_for_gouda_only_is_invisible_to_leiden(
    review_proposal, secretary, gouda, contact_official
):
    gouda_only = svc.review_round_open(
        actor=secretary, proposal=review_proposal, working_days=10, municipalities=[gouda]
    )
    with pytest.raises(access.Http404):
        access.access_review_round(contact_official, gouda_only.pk)
    assert access.reader_invitation(contact_official, gouda_only) is None


def test_bao_members_read_along_only_when_the_round_includes_the_bao(
    review_proposal, secretary, leiden
):
    bao = BodyFactory(code="BAO", name="Bestuurlijk Ambtelijk Overleg", kind="officials")
    member = UserFactory(username="bao-leiden", roles=[BOARD_MEMBER], municipality=leiden)
    MembershipFactory(user=member, body=bao, municipality=leiden, role=Membership.Role.MEMBER)
    without = svc.review_round_open(
        actor=secretary, proposal=review_proposal, working_days=10, municipalities=[leiden]
    )
    with_bao = svc.review_round_open(
        actor=secretary,
        proposal=review_proposal,
        working_days=10,
        municipalities=[leiden],
        includes_bao=True,
    )
    assert list(access.review_round_scope(member)) == [with_bao]
    assert without not in access.review_round_scope(member)
    assert comment(member, with_bao, "BAO-opmerking").municipality == leiden


# --- documents ---------------------------------------------------------------------------


@pytest.fixture
def confidential_proposal(review_proposal):
    review_proposal.confidentiality = Confidentiality.CONFIDENTIAL
    review_proposal.woo_ground = WooGround.ECONOMIC
    review_proposal.save()
    return review_proposal


def test_a_contact_official_reads_documents_in_their_rounds_only(
    confidential_proposal, secretary, leiden, gouda, contact_official, gouda_official
):
    in_round = confidential_proposal.documents.get()
    outside = DocumentFactory(proposal=confidential_proposal, title="Niet in de ronde")
    assert not access.document_scope(contact_official).filter(pk=in_round.pk).exists()
    svc.review_round_open(
        actor=secretary,
        proposal=confidential_proposal,
        working_days=10,
        municipalities=[leiden],
        versions=[in_round.current_version],
    )
    documents = set(access.document_scope(contact_official))
    assert in_round in documents and outside not in documents
    assert access.access_document_version(contact_official, in_round.current_version_id)
    with pytest.raises(access.Http404):
        access.access_document(contact_official, outside.pk)
    # Gouda was not invited: it sees neither the document nor the proposal.
    assert not access.document_scope(gouda_official).filter(pk=in_round.pk).exists()
    assert not access.proposal_scope(gouda_official).filter(pk=confidential_proposal.pk).exists()
    # The reader sees the proposal and, the cover note being read, its cover note.
    assert access.may_see_confidential_of(contact_official, confidential_proposal)
    assert not access.may_see_confidential_of(gouda_official, confidential_proposal)


def test_documents_only_round_does_not_open_the_cover_note(
    confidential_proposal, secretary, leiden, contact_official
):
    version = confidential_proposal.documents.get().current_version
    svc.review_round_open(
        actor=secretary,
        proposal=confidential_proposal,
        working_days=10,
        municipalities=[leiden],
        includes_cover_note=False,
        versions=[version],
    )
    assert not access.may_see_confidential_of(contact_official, confidential_proposal)


def test_views_of_confidential_round_documents_are_logged(
    confidential_proposal, secretary, leiden, contact_official
):
    from governance.models import DocumentView

    version = confidential_proposal.documents.get().current_version
    svc.log_document_view(user=contact_official, version=version, kind="read")
    assert not DocumentView.objects.exists()  # not in a round yet
    svc.review_round_open(
        actor=secretary,
        proposal=confidential_proposal,
        working_days=10,
        municipalities=[leiden],
        versions=[version],
    )
    svc.log_document_view(user=contact_official, version=version, kind="download")
    (view,) = DocumentView.objects.all()
    assert (view.user, view.version, view.kind) == (contact_official, version, "download")


def test_views_of_public_round_documents_are_not_logged(review_round, contact_official):
    from governance.models import DocumentView

    svc.log_document_view(user=contact_official, version=review_round.versions.get(), kind="read")
    assert not DocumentView.objects.exists()


def test_the_admin_lists_submitted_comments_only(client, both_commented, gouda_official):
    from django.urls import reverse

    superuser = UserFactory(username="beheer", is_staff=True, is_superuser=True)
    svc.review_finish(actor=gouda_official, review_round=both_commented, outcome=REMARKS)
    client.force_login(superuser)
    page = client.get(reverse("admin:governance_reviewcomment_changelist")).content.decode()
    assert "GOUDA-MARKER" in page and "LEIDEN-MARKER" not in page
    draft = ReviewComment.objects.get(text="LEIDEN-MARKER")
    response = client.get(reverse("admin:governance_reviewcomment_change", args=[draft.pk]))
    assert response.status_code in (302, 404)  # the admin's "does not exist" redirect
    for view in ("history", "simple_history"):
        args = [draft.pk] if view == "history" else [draft.pk, draft.history.get().pk]
        url = reverse(f"admin:governance_reviewcomment_{view}", args=args)
        page = client.get(url)
        assert page.status_code == 404 and b"LEIDEN-MARKER" not in page.content
