"""Co-reading, the reader's side: "Te lezen", a round, its documents, comments, finishing.

- "review-round-leiden": a round on a public proposal's cover note and document, for
  Leiden and Gouda (closed visibility). The contact official (Leiden) reads it; the
  authors (management, secretariat) are sent on to the round's comments; the AB member
  of Gouda is no contact official and the round does not include the BAO: 404.
- "review-round-gouda": a round for Gouda only: Leiden's official gets 404.
- "review-document-leiden" / "-gouda": the round's document version (URL kwargs).
- "review-comment-leiden": a draft of Leiden in the Leiden round (only Leiden's readers
  see drafts: the authors get 404 too); "review-comment-gouda": a draft of Gouda.

Authors do not comment or finish (403 on a round they see).
"""

from __future__ import annotations

from governance.models import ReviewComment
from governance.roles import CONTACT_OFFICIAL
from governance.services.review import review_comment_add, review_round_open
from tests.authz import row
from tests.factories import CoverNoteFactory, DocumentFactory, ProposalFactory, UserFactory

_LOGIN = "login"
_ALL_405 = row(_LOGIN, 405, 405, 405, 405, 405, 405)
_ALL_200 = row(_LOGIN, 200, 200, 200, 200, 200, 200)
_READER_GET = row(_LOGIN, 404, 404, 404, 200, 302, 302)
_NOT_LEIDEN_GET = row(_LOGIN, 404, 404, 404, 404, 302, 302)
_DOCUMENT = row(_LOGIN, 404, 404, 404, 200, 200, 200)
_DOCUMENT_NOT_LEIDEN = row(_LOGIN, 404, 404, 404, 404, 200, 200)
_WRITE_GET = row(_LOGIN, 404, 404, 404, 200, 403, 403)
_WRITE_POST = row(_LOGIN, 404, 404, 404, 302, 403, 403)
_WRITE_NOT_LEIDEN = row(_LOGIN, 404, 404, 404, 404, 403, 403)
_DRAFT_GET = row(_LOGIN, 404, 404, 404, 200, 404, 404)
_DRAFT_POST = row(_LOGIN, 404, 404, 404, 302, 404, 404)
_NOBODY = row(_LOGIN, 404, 404, 404, 404, 404, 404)

MATRIX = {
    ("governance:review-todo", "GET", "-"): _ALL_200,
    ("governance:review-todo", "POST", "-"): _ALL_405,
    ("governance:review-read", "GET", "review-round-leiden"): _READER_GET,
    ("governance:review-read", "GET", "review-round-gouda"): _NOT_LEIDEN_GET,
    ("governance:review-read", "POST", "review-round-leiden"): _ALL_405,
    ("governance:review-document", "GET", "review-document-leiden"): _DOCUMENT,
    ("governance:review-document", "GET", "review-document-gouda"): _DOCUMENT_NOT_LEIDEN,
    ("governance:review-document", "POST", "review-document-leiden"): _ALL_405,
    ("governance:review-comment-add", "GET", "review-round-leiden"): _ALL_405,
    ("governance:review-comment-add", "POST", "review-round-leiden"): _WRITE_POST,
    ("governance:review-comment-add", "POST", "review-round-gouda"): _WRITE_NOT_LEIDEN,
    ("governance:review-comment-edit", "GET", "review-comment-leiden"): _DRAFT_GET,
    ("governance:review-comment-edit", "POST", "review-comment-leiden"): _DRAFT_POST,
    ("governance:review-comment-edit", "GET", "review-comment-gouda"): _NOBODY,
    ("governance:review-comment-edit", "POST", "review-comment-gouda"): _NOBODY,
    ("governance:review-comment-withdraw", "GET", "review-comment-leiden"): _ALL_405,
    ("governance:review-comment-withdraw", "POST", "review-comment-leiden"): _DRAFT_POST,
    ("governance:review-comment-withdraw", "POST", "review-comment-gouda"): _NOBODY,
    ("governance:review-finish", "GET", "review-round-leiden"): _WRITE_GET,
    ("governance:review-finish", "POST", "review-round-leiden"): _WRITE_POST,
    ("governance:review-finish", "GET", "review-round-gouda"): _WRITE_NOT_LEIDEN,
    ("governance:review-finish", "POST", "review-round-gouda"): _WRITE_NOT_LEIDEN,
}


def _round(world, municipalities):
    proposal = ProposalFactory(title="Regionale gezondheidsagenda")
    CoverNoteFactory(proposal=proposal)
    document = DocumentFactory(proposal=proposal, title="Gezondheidsagenda 2027")
    return review_round_open(
        actor=world.actors["secretary"],
        proposal=proposal,
        working_days=10,
        municipalities=municipalities,
        versions=[document.current_version],
    )


def _leiden_round(world):
    return _round(world, [world.leiden, world.gouda])


def _gouda_round(world):
    return _round(world, [world.gouda])


def _document(review_round) -> dict:
    return {"pk": review_round.pk, "version": review_round.versions.get().pk}


def _leiden_draft(world) -> ReviewComment:
    return review_comment_add(
        actor=world.actors["contact_official"],
        review_round=_leiden_round(world),
        text="Graag een toelichting op de planning.",
    )


def _gouda_draft(world) -> ReviewComment:
    official = UserFactory(
        username="ca-gouda-matrix", roles=[CONTACT_OFFICIAL], municipality=world.gouda
    )
    return review_comment_add(
        actor=official, review_round=_gouda_round(world), text="Akkoord met de strekking."
    )


OBJECTS = {
    "review-round-leiden": _leiden_round,
    "review-round-gouda": _gouda_round,
    "review-document-leiden": lambda world: _document(_leiden_round(world)),
    "review-document-gouda": lambda world: _document(_gouda_round(world)),
    "review-comment-leiden": _leiden_draft,
    "review-comment-gouda": _gouda_draft,
}

PAYLOADS = {
    "governance:review-comment-add": lambda review_round, world: {
        "anchor": "general",
        "text": "Graag de bedragen per gemeente opnemen.",
    },
    "governance:review-comment-edit": lambda comment, world: {"text": "Aangepaste opmerking."},
    "governance:review-comment-withdraw": lambda comment, world: {},
    # The municipality has no comments in the round: it finishes without remarks.
    "governance:review-finish": lambda review_round, world: {"outcome": "no_remarks"},
}
