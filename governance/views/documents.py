"""Documents (upload, versions, download) and cover notes (opleggers)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance import services
from governance.access import (
    access_agenda_item,
    access_document,
    access_document_version,
    access_proposal,
    may_see_confidential_of,
    require,
)
from governance.forms.documents import CoverNoteForm, DocumentUploadForm, DocumentVersionForm
from governance.forms.notes import NoteForm
from governance.models import Confidentiality, CoverNote, DocumentView, Proposal
from governance.queries import documents as queries
from governance.queries import notes as queries_notes
from governance.queries.cover_notes import version_count
from governance.services.review import log_document_view
from governance.views._files import LazyFile
from governance.views._http import AuthenticatedRequest, add_service_errors


def _upload(request: AuthenticatedRequest, *, proposal=None, agenda_item=None) -> HttpResponse:
    require(request.user, "governance.add_document")
    parent = proposal or agenda_item
    forced = parent.confidentiality == Confidentiality.CONFIDENTIAL
    form = DocumentUploadForm(
        request.POST or None, request.FILES or None, confidential_forced=forced
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.document_upload(
                actor=request.user,
                proposal=proposal,
                agenda_item=agenda_item,
                **form.service_kwargs(),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The document has been uploaded."))
            return redirect("governance:document-detail", pk=document.pk)
    return render(
        request,
        "governance/document_upload.html",
        {"form": form, "proposal": proposal, "agenda_item": agenda_item},
    )


@login_required
@require_http_methods(["GET", "POST"])
def proposal_document_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add a document to a proposal (it travels the whole route)."""
    proposal = access_proposal(request.user, pk)
    return _upload(request, proposal=proposal)


@login_required
@require_http_methods(["GET", "POST"])
def item_document_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Add a document to one agenda item (e.g. the minutes)."""
    item = access_agenda_item(request.user, pk)
    return _upload(request, agenda_item=item)


def _detail(request: HttpRequest, document, version_form=None, status: int = 200):
    can_upload = request.user.has_perm("governance.add_documentversion")
    if can_upload and version_form is None:
        version_form = DocumentVersionForm(document=document)
    return render(
        request,
        "governance/document_detail.html",
        {
            "document": queries.document_detail(document),
            "can_upload": can_upload,
            "version_form": version_form,
        },
        status=status,
    )


@login_required
@require_GET
def document_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    document = access_document(request.user, pk)
    return _detail(request, document)


@login_required
@require_GET
def document_read(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The document in the browser: a PDF version shown page by page with pdf.js (a
    selectable text layer, so text can be quoted). Visible exactly when the document
    page is; ``?versie=<number>`` picks an older version. Without JavaScript the page
    lists the pages, each a link into the download."""
    document = access_document(request.user, pk)
    version = queries.version_to_read(document, request.GET.get("versie"))
    page_numbers = range(1, (version.page_count or 0) + 1) if version else range(0)
    if version is not None:
        log_document_view(user=request.user, version=version, kind=DocumentView.Kind.READ)
    return render(
        request,
        "governance/document_read.html",
        {
            "document": document,
            "version": version,
            "is_pdf": bool(version and queries.is_pdf(version)),
            "page_numbers": page_numbers,
            # The reader's own private notes (views/notes.py adds, changes, deletes them).
            "notes": queries_notes.document_notes(request.user, version) if version else None,
            "note_form": NoteForm(),
            "note_add_url": reverse("governance:note-add-version", kwargs={"pk": version.pk})
            if version
            else "",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def document_version_upload(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A new version of a document; a GET shows the document page with the form."""
    document = access_document(request.user, pk, write=True)
    form = DocumentVersionForm(request.POST or None, request.FILES or None, document=document)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.document_version_upload(
                actor=request.user, document=document, **form.cleaned_data
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Version %(number)s has been uploaded.") % {"number": version.number},
            )
            return redirect("governance:document-detail", pk=document.pk)
    return _detail(request, document, version_form=form)


@login_required
@require_GET
def document_version_download(request: AuthenticatedRequest, pk: int) -> FileResponse:
    """The stored file, only through the access check; always as a download, so a
    browser never renders an uploaded file inside our origin."""
    version = access_document_version(request.user, pk)
    if not version.file.name or not version.file.storage.exists(version.file.name):
        raise Http404
    log_document_view(user=request.user, version=version, kind=DocumentView.Kind.DOWNLOAD)
    response = FileResponse(
        LazyFile.stored(version.file),
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )
    response["Content-Length"] = str(version.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


# --- Cover notes --------------------------------------------------------------------


def _cover_note_proposal(request: HttpRequest, pk: int) -> Proposal:
    """A cover note is part of its proposal: visible to whom the proposal is, and
    for a confidential proposal only to those entitled to its confidential parts."""
    proposal = access_proposal(request.user, pk)
    if proposal.confidentiality == Confidentiality.CONFIDENTIAL and not may_see_confidential_of(
        request.user, proposal
    ):
        raise Http404
    return proposal


def _cover_note_context(request: HttpRequest, proposal: Proposal, cover_note, **extra) -> dict:
    user = request.user
    return {
        "proposal": proposal,
        "cover_note": cover_note,
        "body_name": queries.last_route_body_name(proposal),
        "distribution": queries.distribution_rows(cover_note) if cover_note else None,
        "missing": services.cover_notes.missing_for_completion(cover_note) if cover_note else [],
        "can_change": user.has_perm("governance.change_covernote"),
        "can_add": user.has_perm("governance.add_covernote"),
        **extra,
    }


@login_required
@require_GET
def covernote_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The cover note rendered as an oplegger."""
    proposal = _cover_note_proposal(request, pk)
    cover_note = queries.cover_note_of(proposal)
    versions = version_count(cover_note) if cover_note else 0
    return render(
        request,
        "governance/covernote_detail.html",
        _cover_note_context(request, proposal, cover_note, version_count=versions),
    )


def _cover_note_act(request: HttpRequest, pk: int, service, done: str) -> HttpResponse:
    """Mark the cover note complete or reopen it; a refusal is shown on the note."""
    proposal = _cover_note_proposal(request, pk)
    require(request.user, "governance.change_covernote")  # what both services require
    cover_note = queries.cover_note_of(proposal)
    if cover_note is None:
        raise Http404
    try:
        service(actor=request.user, cover_note=cover_note)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, done)
    return redirect("governance:covernote-detail", pk=proposal.pk)


@login_required
@require_POST
def covernote_complete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _cover_note_act(
        request, pk, services.cover_note_mark_complete, _("The cover note is marked complete.")
    )


@login_required
@require_POST
def covernote_reopen(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _cover_note_act(
        request, pk, services.cover_note_reopen, _("The cover note has been reopened.")
    )


@login_required
@require_http_methods(["GET", "POST"])
def covernote_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = _cover_note_proposal(request, pk)
    cover_note = queries.cover_note_of(proposal)
    # The permission services.cover_note_save asks for: add the note, or change it.
    require(
        request.user, "governance.change_covernote" if cover_note else "governance.add_covernote"
    )
    form = CoverNoteForm(request.POST or None, instance=cover_note or CoverNote())
    if request.method == "POST" and form.is_valid():
        try:
            services.cover_note_save(actor=request.user, proposal=proposal, **form.service_kwargs())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The cover note has been saved."))
            return redirect("governance:covernote-detail", pk=proposal.pk)
    return render(
        request,
        "governance/covernote_form.html",
        {"form": form, "proposal": proposal, "cover_note": cover_note},
    )
