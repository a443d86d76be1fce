"""Co-reading, the author's side: opening a round, the overview of open rounds, the
consolidated comments page, answering, closing and the response note.

- "review-proposal": a public proposal on the public AB meeting with a cover note;
  every logged-in user sees it, only the secretariat and the directie open rounds;
- "review-round": an open, closed-visibility round on such a proposal for Leiden
  (the contact official reads it; the Gouda AB member is not invited, the BAO is not);
- "review-round-attached": a finished and closed round whose response note is attached:
  its readers may read the response note too;
- "review-comment": a comment Leiden submitted in such a round.

The author's pages need ``governance.view_reviewround`` / ``answer_reviewcomment``
(secretariat, directie): an invited contact official sees the round (403), everyone
else does not (404).
"""

from __future__ import annotations

from governance.models import ReviewInvitation
from governance.services import review as review_services
from tests.authz import row
from tests.factories import (
    AgendaItemFactory,
    CoverNoteFactory,
    ProposalFactory,
    RouteStepFactory,
    pdf_bytes,
)

_LOGIN = "login"
_ALL_405 = row(_LOGIN, 405, 405, 405, 405, 405, 405)
_AUTHORS_ON_PUBLIC_GET = row(_LOGIN, 403, 403, 403, 403, 200, 200)
_AUTHORS_ON_PUBLIC_POST = row(_LOGIN, 403, 403, 403, 403, 302, 302)
_AUTHORS_OF_ROUND_GET = row(_LOGIN, 404, 404, 404, 403, 200, 200)
_AUTHORS_OF_ROUND_POST = row(_LOGIN, 404, 404, 404, 403, 302, 302)
_READERS_TOO_GET = row(_LOGIN, 404, 404, 404, 200, 200, 200)

MATRIX = {
    # review-open
    ("governance:review-open", "GET", "review-proposal"): _AUTHORS_ON_PUBLIC_GET,
    ("governance:review-open", "POST", "review-proposal"): _AUTHORS_ON_PUBLIC_POST,
    # review-overview
    ("governance:review-overview", "GET", "-"): _AUTHORS_ON_PUBLIC_GET,
    ("governance:review-overview", "POST", "-"): _ALL_405,
    # review-comments
    ("governance:review-comments", "GET", "review-round"): _AUTHORS_OF_ROUND_GET,
    ("governance:review-comments", "POST", "review-round"): _ALL_405,
    # review-comment-answer
    ("governance:review-comment-answer", "GET", "review-comment"): _AUTHORS_OF_ROUND_GET,
    ("governance:review-comment-answer", "POST", "review-comment"): _AUTHORS_OF_ROUND_POST,
    # review-close
    ("governance:review-close", "GET", "review-round"): _ALL_405,
    ("governance:review-close", "POST", "review-round"): _AUTHORS_OF_ROUND_POST,
    # review-response-note and its PDF: the authors; the readers once it is attached
    ("governance:review-response-note", "GET", "review-round"): _AUTHORS_OF_ROUND_GET,
    ("governance:review-response-note", "GET", "review-round-attached"): _READERS_TOO_GET,
    ("governance:review-response-note", "POST", "review-round"): _ALL_405,
    ("governance:review-response-note-pdf", "GET", "review-round"): _AUTHORS_OF_ROUND_GET,
    ("governance:review-response-note-pdf", "GET", "review-round-attached"): _READERS_TOO_GET,
    ("governance:review-response-note-pdf", "POST", "review-round"): _ALL_405,
    # review-response-note-attach (a refusal also redirects back, with the reason)
    ("governance:review-response-note-attach", "GET", "review-round"): _ALL_405,
    ("governance:review-response-note-attach", "POST", "review-round"): _AUTHORS_OF_ROUND_POST,
    ("governance:review-response-note-attach", "POST", "review-round-attached"): (
        _AUTHORS_OF_ROUND_POST
    ),
}


def _proposal(world):
    proposal = ProposalFactory(title="Regionale samenwerking jeugd")
    step = RouteStepFactory(proposal=proposal, body=world.ab, meeting=world.public_ab_meeting)
    # Scheduling puts the step on the agenda: outsiders reach the proposal through its item.
    AgendaItemFactory(meeting=step.meeting, route_step=step, title=proposal.title)
    CoverNoteFactory(proposal=proposal, risks="Geen.")
    return proposal


def _round(world):
    return review_services.review_round_open(
        actor=world.actors["secretary"],
        proposal=_proposal(world),
        working_days=10,
        municipalities=[world.leiden],
    )


def _comment(world):
    review_round = _round(world)
    official = world.actors["contact_official"]
    comment = review_services.review_comment_add(
        actor=official, review_round=review_round, text="Graag een toelichting op de kosten."
    )
    review_services.review_finish(
        actor=official, review_round=review_round, outcome=ReviewInvitation.Outcome.REMARKS
    )
    return comment


def _attached_round(world):
    review_round = _round(world)
    review_services.review_finish(
        actor=world.actors["contact_official"],
        review_round=review_round,
        outcome=ReviewInvitation.Outcome.NO_REMARKS,
    )
    secretary = world.actors["secretary"]
    review_round = review_services.review_round_close(actor=secretary, review_round=review_round)
    review_services.response_note_attach(
        actor=secretary, review_round=review_round, pdf=pdf_bytes()
    )
    return review_round


OBJECTS = {
    "review-proposal": _proposal,
    "review-round": _round,
    "review-round-attached": _attached_round,
    "review-comment": _comment,
}


def _open_post(proposal, world) -> dict:
    return {
        "question": "Let op de financiële paragraaf.",
        "includes_cover_note": "on",
        "municipalities": [world.leiden.pk, world.gouda.pk],
        "visibility": "closed",
        "working_days": "10",
    }


PAYLOADS = {
    "governance:review-open": _open_post,
    "governance:review-comment-answer": lambda comment, world: {"answer": "adopted"},
    "governance:review-close": lambda review_round, world: {},
    "governance:review-response-note-attach": lambda review_round, world: {},
}
