"""Private notes: a board member's own highlights and notes on a document version or on
a meeting's agenda pack.

Only the owner writes, changes and deletes a note, and only on a target they may read
(``governance.access.document_scope`` / ``pack_scope``). A note has no change history on
purpose (``governance.models.notes``): whoever reads history would read the note, so the
services save plainly instead of through ``save_with_history``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from governance.access import access_private_note, document_scope, pack_scope
from governance.models import AgendaPack, DocumentVersion, PrivateNote, User

NOTE_FIELDS = ("page", "quote", "text")
MAX_QUOTE_LENGTH = 2000


def _page_count(note: PrivateNote) -> int | None:
    if note.version is not None:
        return note.version.page_count
    return note.pack.page_count if note.pack is not None else None


def _clean(note: PrivateNote) -> None:
    """Validate the note's content: a text, a page within the target, a quote of
    reasonable length (a selection, not the whole document)."""
    errors: dict[str, str] = {}
    note.text = (note.text or "").strip()
    note.quote = " ".join((note.quote or "").split())
    if not note.text:
        errors["text"] = _("Write a note.")
    if len(note.quote) > MAX_QUOTE_LENGTH:
        errors["quote"] = _("Quote at most %(count)s characters.") % {"count": MAX_QUOTE_LENGTH}
    pages = _page_count(note)
    if note.page < 1 or (pages is not None and note.page > pages):
        errors["page"] = (
            _("Choose a page from 1 to %(count)s.") % {"count": pages}
            if pages
            else _("Choose a page from 1.")
        )
    if errors:
        raise ValidationError(errors)
    note.full_clean()


def _may_read(owner: User, *, version: DocumentVersion | None, pack: AgendaPack | None) -> bool:
    if version is not None:
        return document_scope(owner).filter(pk=version.document_id).exists()
    return pack is not None and pack_scope(owner).filter(pk=pack.pk).exists()


@transaction.atomic(durable=True)
def note_add(
    *,
    actor: User,
    version: DocumentVersion | None = None,
    pack: AgendaPack | None = None,
    page: int,
    quote: str = "",
    text: str,
) -> PrivateNote:
    """Add a private note of ``actor`` on ``version`` or on ``pack`` (exactly one).

    Raises ``PermissionDenied`` when ``actor`` may not read the target (the views fetch
    the target through ``governance.access`` first, so a user meets a 404 there) and
    ``ValidationError`` for an empty text or a page outside the target."""
    if (version is None) == (pack is None):
        raise TypeError("note_add takes a version or a pack")
    if not _may_read(actor, version=version, pack=pack):
        raise PermissionDenied
    now = timezone.now()
    note = PrivateNote(
        owner=actor,
        version=version,
        pack=pack,
        page=page,
        quote=quote,
        text=text,
        created_at=now,
        updated_at=now,
    )
    _clean(note)
    note.save()
    return note


@transaction.atomic(durable=True)
def note_update(*, actor: User, note: PrivateNote, page: int, quote: str, text: str) -> PrivateNote:
    """Change ``actor``'s own note (its page, quote and text); the target stays.
    ``Http404`` for anyone but the owner, ``ValidationError`` as ``note_add``."""
    note = _locked(actor, note)
    note.page, note.quote, note.text = page, quote, text
    _clean(note)
    note.updated_at = timezone.now()
    note.save(update_fields=[*NOTE_FIELDS, "updated_at"])
    return note


@transaction.atomic(durable=True)
def note_delete(*, actor: User, note: PrivateNote) -> None:
    """Delete ``actor``'s own note for good (there is no history to keep it);
    ``Http404`` for anyone but the owner."""
    _locked(actor, note).delete()


def _locked(actor: User, note: PrivateNote) -> PrivateNote:
    """The note again, through the owner's scope (``Http404`` for anyone else), locked."""
    access_private_note(actor, note.pk)
    return (
        PrivateNote.objects.select_for_update(of=("self",))
        .select_related("version", "pack")
        .get(pk=note.pk)
    )
