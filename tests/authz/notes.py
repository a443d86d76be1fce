"""Private notes of board members: the pack in the browser, adding, changing and
deleting a note, and the notes per meeting.

- "-": no object (the overview of one's own notes);
- "note-member": a note of the AB member on the public document of
  ``tests/authz/documents.py``; "note-member-pack": one of theirs on the members' pack of
  the public AB meeting. A note is its owner's alone: everyone else, the secretariat
  included, gets 404 on it;
- "note-version-public" / "note-version-confidential": the current versions of the
  public and the confidential document: whoever reads the document may write a note on it;
- "notes-meeting-public" / "notes-meeting-closed": the public and the closed AB meeting
  (one's own notes per meeting: whoever sees the meeting, each reads only their own);
- "pack-public", "pack-closed", "pack-unpublished": from ``tests/authz/packs.py``; the
  pack in the browser follows the download exactly.
"""

from __future__ import annotations

from django.utils import timezone

from governance.models import AgendaPack, PrivateNote
from tests.authz import row
from tests.authz.documents import _confidential_document, _public_document
from tests.authz.packs import _ready_packs

_L = "login"
_ALL_405 = row(_L, 405, 405, 405, 405, 405, 405)
_LOGGED_IN_200 = row(_L, 200, 200, 200, 200, 200, 200)
_LOGGED_IN_302 = row(_L, 302, 302, 302, 302, 302, 302)
_BODY_200 = row(_L, 404, 404, 200, 404, 200, 200)
_BODY_302 = row(_L, 404, 404, 302, 404, 302, 302)
_OWNER_200 = row(_L, 404, 404, 200, 404, 404, 404)
_OWNER_302 = row(_L, 404, 404, 302, 404, 404, 404)

MATRIX = {
    ("governance:notes", "GET", "-"): _LOGGED_IN_200,
    ("governance:notes", "POST", "-"): _ALL_405,
    ("governance:notes-meeting", "GET", "notes-meeting-public"): _LOGGED_IN_200,
    ("governance:notes-meeting", "GET", "notes-meeting-closed"): _BODY_200,
    ("governance:notes-meeting", "POST", "notes-meeting-public"): _ALL_405,
    # Only the owner reaches a note, to change it or delete it.
    ("governance:note-edit", "GET", "note-member"): _OWNER_200,
    ("governance:note-edit", "POST", "note-member"): _OWNER_302,
    ("governance:note-edit", "GET", "note-member-pack"): _OWNER_200,
    ("governance:note-edit", "POST", "note-member-pack"): _OWNER_302,
    ("governance:note-delete", "GET", "note-member"): _ALL_405,
    ("governance:note-delete", "POST", "note-member"): _OWNER_302,
    ("governance:note-delete", "POST", "note-member-pack"): _OWNER_302,
    # A note on a document version: whoever may read the document.
    ("governance:note-add-version", "GET", "note-version-public"): _ALL_405,
    ("governance:note-add-version", "POST", "note-version-public"): _LOGGED_IN_302,
    ("governance:note-add-version", "POST", "note-version-confidential"): _BODY_302,
    # The pack in the browser and notes on it: whoever downloads that pack.
    ("governance:pack-read", "GET", "pack-public"): _LOGGED_IN_200,
    ("governance:pack-read", "GET", "pack-closed"): _BODY_200,
    # No pack built: back to the meeting with the reason, as the download does.
    ("governance:pack-read", "GET", "pack-unpublished"): row(_L, 404, 302, 404, 404, 302, 302),
    ("governance:pack-read", "POST", "pack-public"): _ALL_405,
    ("governance:note-add-pack", "GET", "pack-public"): _ALL_405,
    ("governance:note-add-pack", "POST", "pack-public"): _LOGGED_IN_302,
    ("governance:note-add-pack", "POST", "pack-closed"): _BODY_302,
    ("governance:note-add-pack", "POST", "pack-unpublished"): row(_L, 404, 404, 404, 404, 404, 404),
}


def _note(owner, **target) -> PrivateNote:
    now = timezone.now()
    return PrivateNote.objects.create(
        owner=owner,
        page=1,
        quote="",
        text="Vragen over de reserve",
        created_at=now,
        updated_at=now,
        **target,
    )


def _member_note(world) -> PrivateNote:
    version = _public_document(world).current_version
    return _note(world.actors["member"], version=version)


def _member_pack_note(world) -> PrivateNote:
    meeting = _ready_packs(world.public_ab_meeting, decisions=True)
    pack = AgendaPack.objects.get(meeting=meeting, variant=AgendaPack.Variant.MEMBERS)
    return _note(world.actors["member"], pack=pack)


OBJECTS = {
    "note-member": _member_note,
    "note-member-pack": _member_pack_note,
    "note-version-public": lambda world: _public_document(world).current_version,
    "note-version-confidential": lambda world: _confidential_document(world).current_version,
    "notes-meeting-public": lambda world: world.public_ab_meeting,
    "notes-meeting-closed": lambda world: world.closed_ab_meeting,
}

_NOTE = {"page": "1", "quote": "", "text": "Navragen bij de secretaris."}

PAYLOADS = {
    "governance:note-edit": lambda obj, world: dict(_NOTE),
    "governance:note-add-version": lambda obj, world: dict(_NOTE),
    "governance:note-add-pack": lambda obj, world: dict(_NOTE),
    "governance:note-delete": lambda obj, world: {},
}
