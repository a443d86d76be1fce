"""The version comparison of a cover note: two versions side by side, word by word.

The other cover note pages (the oplegger, writing, completing) live in
``views/documents.py``; this page shares their access rule."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from governance.queries import cover_notes as queries
from governance.queries.documents import cover_note_of
from governance.views._http import AuthenticatedRequest
from governance.views.documents import _cover_note_proposal
from hecht import params


@login_required
@require_GET
def covernote_versions(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The versions of a proposal's cover note and the comparison of two of them:
    ``?van=`` and ``?naar=`` are history ids of this cover note (by default the previous
    and the latest version). An id of another cover note is a 404, a malformed one a 400."""
    proposal = _cover_note_proposal(request, pk)
    cover_note = cover_note_of(proposal)
    if cover_note is None:
        raise Http404
    versions = queries.cover_note_versions(cover_note)
    chosen_old = params.int_param(request.GET, "van")
    chosen_new = params.int_param(request.GET, "naar")
    known = {version.history_id for version in versions}
    if not {chosen_old, chosen_new} - {None} <= known:
        raise Http404
    comparison = None
    pair = queries.default_pair(versions)
    if pair is not None:
        comparison = queries.compare(
            versions,
            chosen_old if chosen_old is not None else pair[0],
            chosen_new if chosen_new is not None else pair[1],
        )
    return render(
        request,
        "governance/covernote_versions.html",
        {
            "proposal": proposal,
            "cover_note": cover_note,
            "versions": versions,
            "comparison": comparison,
            "sides": ("van", "naar"),
        },
    )
