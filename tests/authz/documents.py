"""Documents, their versions and cover notes.

- "document-proposal-public": a public proposal routed to the public AB meeting, with a
  cover note; every logged-in user sees it (public work on a public meeting);
- "document-proposal-confidential": a confidential proposal routed via the AB (no
  meeting yet), with a cover note: the AB members, management and the secretariat;
- "document-item-public" / "document-item-closed": agenda items of the public and the
  closed AB meeting;
- "document-public" / "document-confidential": a document (one PDF version) of those
  proposals; "document-version-public" / "-confidential": their current versions.

Uploading needs ``governance.add_document(version)`` (management, secretariat);
writing a cover note ``governance.add/change_covernote`` (the same two).
"""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from governance.models import Confidentiality, Document, WooGround
from tests.authz import row
from tests.factories import (
    AgendaItemFactory,
    CoverNoteFactory,
    DocumentFactory,
    ProposalFactory,
    RouteStepFactory,
    pdf_bytes,
)

_LOGIN = "login"
_ALL_405 = row(_LOGIN, 405, 405, 405, 405, 405, 405)
_SEEN_BY_ALL = row(_LOGIN, 200, 200, 200, 200, 200, 200)
_CONFIDENTIAL_SEEN = row(_LOGIN, 404, 404, 200, 404, 200, 200)
_WRITE_PUBLIC_GET = row(_LOGIN, 403, 403, 403, 403, 200, 200)
_WRITE_PUBLIC_POST = row(_LOGIN, 403, 403, 403, 403, 302, 302)
_WRITE_CONFIDENTIAL_GET = row(_LOGIN, 404, 404, 403, 404, 200, 200)
_WRITE_CONFIDENTIAL_POST = row(_LOGIN, 404, 404, 403, 404, 302, 302)

MATRIX = {
    # proposal-document-upload
    ("governance:proposal-document-upload", "GET", "document-proposal-public"): _WRITE_PUBLIC_GET,
    ("governance:proposal-document-upload", "POST", "document-proposal-public"): (
        _WRITE_PUBLIC_POST
    ),
    ("governance:proposal-document-upload", "GET", "document-proposal-confidential"): (
        _WRITE_CONFIDENTIAL_GET
    ),
    ("governance:proposal-document-upload", "POST", "document-proposal-confidential"): (
        _WRITE_CONFIDENTIAL_POST
    ),
    # item-document-upload
    ("governance:item-document-upload", "GET", "document-item-public"): _WRITE_PUBLIC_GET,
    ("governance:item-document-upload", "POST", "document-item-public"): _WRITE_PUBLIC_POST,
    ("governance:item-document-upload", "GET", "document-item-closed"): _WRITE_CONFIDENTIAL_GET,
    ("governance:item-document-upload", "POST", "document-item-closed"): (_WRITE_CONFIDENTIAL_POST),
    # document-detail
    ("governance:document-detail", "GET", "document-public"): _SEEN_BY_ALL,
    ("governance:document-detail", "GET", "document-confidential"): _CONFIDENTIAL_SEEN,
    ("governance:document-detail", "POST", "document-public"): _ALL_405,
    # document-read (the viewer): visible exactly when document-detail is
    ("governance:document-read", "GET", "document-public"): _SEEN_BY_ALL,
    ("governance:document-read", "GET", "document-confidential"): _CONFIDENTIAL_SEEN,
    ("governance:document-read", "POST", "document-public"): _ALL_405,
    # document-version-upload
    ("governance:document-version-upload", "GET", "document-public"): _WRITE_PUBLIC_GET,
    ("governance:document-version-upload", "POST", "document-public"): _WRITE_PUBLIC_POST,
    ("governance:document-version-upload", "GET", "document-confidential"): (
        _WRITE_CONFIDENTIAL_GET
    ),
    ("governance:document-version-upload", "POST", "document-confidential"): (
        _WRITE_CONFIDENTIAL_POST
    ),
    # document-version-download
    ("governance:document-version-download", "GET", "document-version-public"): _SEEN_BY_ALL,
    ("governance:document-version-download", "GET", "document-version-confidential"): (
        _CONFIDENTIAL_SEEN
    ),
    ("governance:document-version-download", "POST", "document-version-public"): _ALL_405,
    # covernote-detail; complete and reopen (those who may change cover notes)
    ("governance:covernote-detail", "GET", "document-proposal-public"): _SEEN_BY_ALL,
    ("governance:covernote-detail", "GET", "document-proposal-confidential"): _CONFIDENTIAL_SEEN,
    ("governance:covernote-detail", "POST", "document-proposal-public"): _ALL_405,
    ("governance:covernote-complete", "GET", "document-proposal-public"): _ALL_405,
    ("governance:covernote-complete", "POST", "document-proposal-public"): _WRITE_PUBLIC_POST,
    ("governance:covernote-complete", "POST", "document-proposal-confidential"): (
        _WRITE_CONFIDENTIAL_POST
    ),
    ("governance:covernote-reopen", "GET", "document-proposal-public"): _ALL_405,
    ("governance:covernote-reopen", "POST", "document-proposal-public"): _WRITE_PUBLIC_POST,
    ("governance:covernote-reopen", "POST", "document-proposal-confidential"): (
        _WRITE_CONFIDENTIAL_POST
    ),
    # covernote-versions: read-only, seen as the cover note itself
    ("governance:covernote-versions", "GET", "document-proposal-public"): _SEEN_BY_ALL,
    ("governance:covernote-versions", "GET", "document-proposal-confidential"): (
        _CONFIDENTIAL_SEEN
    ),
    ("governance:covernote-versions", "POST", "document-proposal-public"): _ALL_405,
    ("governance:covernote-versions", "POST", "document-proposal-confidential"): _ALL_405,
    # covernote-edit
    ("governance:covernote-edit", "GET", "document-proposal-public"): _WRITE_PUBLIC_GET,
    ("governance:covernote-edit", "POST", "document-proposal-public"): _WRITE_PUBLIC_POST,
    ("governance:covernote-edit", "GET", "document-proposal-confidential"): (
        _WRITE_CONFIDENTIAL_GET
    ),
    ("governance:covernote-edit", "POST", "document-proposal-confidential"): (
        _WRITE_CONFIDENTIAL_POST
    ),
}


def _public_proposal(world):
    proposal = ProposalFactory(title="Jaarverslag")
    step = RouteStepFactory(proposal=proposal, body=world.ab, meeting=world.public_ab_meeting)
    # Scheduling puts the step on the agenda: outsiders reach the proposal through its item.
    AgendaItemFactory(meeting=step.meeting, route_step=step, title=proposal.title)
    CoverNoteFactory(proposal=proposal)
    return proposal


def _confidential_proposal(world):
    proposal = ProposalFactory(
        title="Grondaankoop",
        confidentiality=Confidentiality.CONFIDENTIAL,
        woo_ground=WooGround.ECONOMIC,
    )
    RouteStepFactory(proposal=proposal, body=world.ab)
    CoverNoteFactory(proposal=proposal)
    return proposal


def _public_document(world):
    return DocumentFactory(proposal=_public_proposal(world), title="Jaarverslag 2025")


def _confidential_document(world):
    return DocumentFactory(
        proposal=_confidential_proposal(world), title="Taxatierapport", is_confidential=True
    )


OBJECTS = {
    "document-proposal-public": _public_proposal,
    "document-proposal-confidential": _confidential_proposal,
    "document-item-public": lambda world: AgendaItemFactory(meeting=world.public_ab_meeting),
    "document-item-closed": lambda world: AgendaItemFactory(meeting=world.closed_ab_meeting),
    "document-public": _public_document,
    "document-confidential": _confidential_document,
    "document-version-public": lambda world: _public_document(world).current_version,
    "document-version-confidential": lambda world: _confidential_document(world).current_version,
}


def _document_post(parent, world) -> dict:
    return {
        "kind": Document.Kind.PROPOSAL,
        "title": "Voorstel",
        "file": SimpleUploadedFile("voorstel.pdf", pdf_bytes(), content_type="application/pdf"),
        "note": "",
    }


def _version_post(document, world) -> dict:
    return {
        "file": SimpleUploadedFile("versie.pdf", pdf_bytes(), content_type="application/pdf"),
        "note": "Correctie",
    }


def _cover_note_post(proposal, world) -> dict:
    return {
        "decision_points": "Kennis te nemen.",
        "financial": "none",
        "no_financial_reason": "Alleen ter kennisname.",
        "distribution": "none",
    }


PAYLOADS = {
    "governance:proposal-document-upload": _document_post,
    "governance:item-document-upload": _document_post,
    "governance:document-version-upload": _version_post,
    # A refused completion (the note is incomplete) also redirects back, with the reason.
    "governance:covernote-complete": lambda proposal, world: {},
    "governance:covernote-reopen": lambda proposal, world: {},
    "governance:covernote-edit": _cover_note_post,
}
