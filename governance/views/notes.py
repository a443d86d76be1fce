"""Private notes of board members: the pack in the browser with the notes panel, adding,
changing and deleting a note, and the notes per meeting.

A note is its owner's alone (``governance.access.access_private_note``): anyone else,
the secretariat included, meets a 404. The panel on the document's reading page is
filled by ``governance.views.documents.document_read``.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance import packs
from governance.access import (
    access_document_version,
    access_meeting,
    access_private_note,
    is_insider_of,
    pack_scope,
)
from governance.forms.notes import NoteForm
from governance.models import AgendaPack, DocumentVersion, Meeting, PrivateNote
from governance.queries import notes as queries
from governance.services.notes import note_add, note_delete, note_update
from governance.views._http import AuthenticatedRequest, add_service_errors

PANEL = "#mijn-notities"


def _version_url(version: DocumentVersion) -> str:
    url = reverse("governance:document-read", kwargs={"pk": version.document_id})
    if version.pk != version.document.current_version_id:
        url += f"?versie={version.number}"
    return url + PANEL


def _return_url(note: PrivateNote) -> str:
    """Where the note is read: the document's reading page (the version it was written
    on when that is not the current one) or the pack's."""
    if note.version is not None:
        return _version_url(note.version)
    assert note.pack is not None  # noqa: S101  (a note is on a version or on a pack)
    return reverse("governance:pack-read", kwargs={"pk": note.pack.meeting_id}) + PANEL


def _readable_pack(request: AuthenticatedRequest, meeting: Meeting) -> AgendaPack | None:
    return pack_scope(request.user).filter(meeting=meeting).first()


@login_required
@require_GET
def pack_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The meeting's agenda pack in the browser — the pack the user downloads
    (``views.packs.pack_download``: the members' pack stamped for them, or the public
    one) — with their private notes on it. A pack that is not ready sends the user back
    to the meeting with the reason, as the download does."""
    meeting = access_meeting(request.user, pk)
    pack = _readable_pack(request, meeting)
    if pack is None:
        members = is_insider_of(request.user, meeting)
        if not members and meeting.agenda_published_at is None:
            raise Http404
        variant = AgendaPack.Variant.MEMBERS if members else AgendaPack.Variant.PUBLIC
        message = packs.shown_pack(meeting, variant).message
        messages.info(request, message or str(packs.MESSAGES[packs.PackState.NONE]))
        return redirect("governance:meeting-detail", pk=meeting.pk)
    return render(
        request,
        "governance/notes_pack_read.html",
        {
            "meeting": meeting,
            "pack": pack,
            "notes": queries.pack_notes(request.user, pack),
            "note_form": NoteForm(),
            "note_add_url": reverse("governance:note-add-pack", kwargs={"pk": meeting.pk}),
            "page_numbers": range(1, (pack.page_count or 0) + 1),
        },
    )


def _add(request: AuthenticatedRequest, back: str, **target) -> HttpResponse:
    form = NoteForm(request.POST)
    if form.is_valid():
        try:
            note_add(actor=request.user, **target, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your note has been saved."))
            return redirect(back)
    return render(request, "governance/notes_form.html", {"form": form, "back": back})


@login_required
@require_POST
def note_add_version(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add a note on a document version the user may read (404 otherwise)."""
    version = access_document_version(request.user, pk)
    return _add(request, _version_url(version), version=version)


@login_required
@require_POST
def note_add_pack(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add a note on the pack of meeting ``pk`` that the user reads (404 when none)."""
    meeting = access_meeting(request.user, pk)
    pack = _readable_pack(request, meeting)
    if pack is None:
        raise Http404
    back = reverse("governance:pack-read", kwargs={"pk": meeting.pk}) + PANEL
    return _add(request, back, pack=pack)


@login_required
@require_http_methods(["GET", "POST"])
def note_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Change one's own note (404 for anyone else)."""
    note = access_private_note(request.user, pk)
    back = _return_url(note)
    initial = {"page": note.page, "quote": note.quote, "text": note.text}
    form = NoteForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            note_update(actor=request.user, note=note, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Your note has been changed."))
            return redirect(back)
    return render(request, "governance/notes_form.html", {"form": form, "note": note, "back": back})


@login_required
@require_POST
def note_delete_view(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Delete one's own note (404 for anyone else)."""
    note = access_private_note(request.user, pk)
    back = _return_url(note)
    note_delete(actor=request.user, note=note)
    messages.success(request, _("Your note has been deleted."))
    return redirect(back)


@login_required
@require_GET
def notes_overview(request: AuthenticatedRequest) -> HttpResponse:
    """The meetings the user has notes on, with how many."""
    return render(
        request,
        "governance/notes_overview.html",
        {"overview": queries.notes_overview(request.user)},
    )


@login_required
@require_GET
def notes_meeting(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The user's notes on one meeting: on its pack and per agenda item on its documents."""
    meeting = access_meeting(request.user, pk)
    return render(
        request,
        "governance/notes_meeting.html",
        {
            "meeting": meeting,
            "notes": queries.meeting_notes(request.user, meeting),
            "pack_readable": _readable_pack(request, meeting) is not None,
        },
    )
