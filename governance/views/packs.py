"""Agenda packs and decision lists as PDF: downloads, build status and rebuild.

Who gets which pack: those entitled to the meeting's confidential items (secretariat,
management, members of the meeting's body) get the members' pack stamped for them;
others who can see the meeting get the public pack once the agenda is published; the
public portal serves the public pack of a published agenda without login. A pack that is
not ready sends the user back to the meeting with what ``packs.shown_pack`` says of it
(being built, not published, failed, none).
"""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from governance import packs, publication
from governance.access import access_meeting, is_insider_of
from governance.models import AgendaPack, Meeting
from governance.queries import public as queries_public
from governance.queries.decisions import decision_list
from governance.services.packs import packs_rebuild
from governance.views._files import LazyFile
from governance.views._http import AuthenticatedRequest
from hecht import pdf


def _file_name(meeting: Meeting, what: str) -> str:
    day = timezone.localtime(meeting.starts_at).date().isoformat()
    return f"{what}-{slugify(meeting.body.code)}-{day}.pdf"


def _pdf_response(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _ready_pack(meeting: Meeting, variant: str) -> tuple[AgendaPack, Path] | str:
    """The meeting's ready pack of ``variant`` and its file, or what to tell the user
    instead (``governance.packs.shown_pack``)."""
    shown = packs.shown_pack(meeting, variant)
    path = packs.pack_path(shown.pack) if shown.ready and shown.pack is not None else None
    if shown.pack is None or path is None or not path.exists():
        return shown.message or str(packs.MESSAGES[packs.PackState.NONE])
    return shown.pack, path


def _not_ready(request: HttpRequest, message: str, target: str, pk: int) -> HttpResponse:
    messages.info(request, message)
    return redirect(target, pk=pk)


@login_required
@require_GET
def pack_download(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The agenda pack of a meeting for the logged-in user: the members' pack stamped
    for them, or the public pack; 404 when neither applies."""
    meeting = access_meeting(request.user, pk)
    members = is_insider_of(request.user, meeting)
    if not members and meeting.agenda_published_at is None:
        raise Http404
    variant = AgendaPack.Variant.MEMBERS if members else AgendaPack.Variant.PUBLIC
    ready = _ready_pack(meeting, variant)
    if isinstance(ready, str):
        return _not_ready(request, ready, "governance:meeting-detail", meeting.pk)
    pack, path = ready
    data = packs.members_pack_for(pack, request.user) if members else path.read_bytes()
    return _pdf_response(data, _file_name(meeting, "vergaderboek"))


@require_GET
def public_pack_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The public pack of a meeting whose agenda is published (no login)."""
    meeting = Meeting.objects.filter(pk=pk, agenda_published_at__isnull=False).first()
    if meeting is None:
        raise Http404
    ready = _ready_pack(meeting, AgendaPack.Variant.PUBLIC)
    if isinstance(ready, str):
        return _not_ready(request, ready, "governance:public-meeting", meeting.pk)
    _pack, path = ready
    response = FileResponse(
        LazyFile.at(path),
        as_attachment=True,
        filename=_file_name(meeting, "vergaderboek"),
        content_type="application/pdf",
    )
    return publication.cache_publicly(response)


def _decision_rows(rows) -> list[dict]:
    out = []
    for row in rows:
        decision, result = row.decision, row.summary.result if row.summary else None
        votes = ""
        if result is not None:
            votes = _("%(for)s for, %(against)s against, %(abstain)s abstaining") % {
                "for": floatformat(result.weight_for, "-3g"),
                "against": floatformat(result.weight_against, "-3g"),
                "abstain": floatformat(result.weight_abstain, "-3g"),
            }
            votes += ". " + row.summary.quorum_text
        out.append(
            {
                "number": row.item.number,
                "title": row.item.title,
                "confidential": row.item.is_confidential,
                "outcome": decision.outcome_label if decision else "",
                "text": decision.text if decision else "",
                "votes": votes,
            }
        )
    return out


def _public_decision_rows(rows) -> list[dict]:
    return [
        {
            "number": row.number,
            "placeholder": row.is_placeholder,
            "woo_ground": getattr(row, "woo_ground", ""),
            "title": getattr(row, "title", ""),
            "outcome": getattr(row, "outcome_label", ""),
            "text": getattr(row, "text", ""),
        }
        for row in rows
    ]


def _decision_pdf(meeting: Meeting, rows: list[dict], *, public: bool) -> HttpResponse:
    day = date_format(timezone.localtime(meeting.starts_at), "l j F Y")
    title = _("Decision list %(meeting)s") % {"meeting": meeting.display_title}
    data = pdf.render_pdf(
        "pdf/decision_list.html",
        {
            "meeting": meeting,
            "rows": rows,
            "public": public,
            "date": day,
            "generated_at": date_format(timezone.localtime(), "j F Y H:i"),
            "pdf_title": title,
        },
        title=title,
    )
    return _pdf_response(data, _file_name(meeting, "besluitenlijst"))


@login_required
@require_GET
def decision_list_pdf(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The decision list as PDF, with what the user may see of it (404 for someone who is
    not an insider of the meeting while the list is not published)."""
    meeting = access_meeting(request.user, pk)
    insider = is_insider_of(request.user, meeting)
    if not insider and meeting.decisions_published_at is None:
        raise Http404
    rows = decision_list(meeting, request.user, insider=insider)
    with translation.override("nl"):
        return _decision_pdf(meeting, _decision_rows(rows), public=False)


@require_GET
def public_decision_list_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The published decision list as PDF (no login); confidential decisions appear as
    a placeholder with their Woo ground."""
    meeting = (
        Meeting.objects.select_related("body")
        .filter(pk=pk, decisions_published_at__isnull=False)
        .first()
    )
    if meeting is None:
        raise Http404
    with translation.override("nl"):
        rows = _public_decision_rows(queries_public.meeting_decisions(meeting))
        response = _decision_pdf(meeting, rows, public=True)
    return publication.cache_publicly(response)


def _status(request: HttpRequest, meeting: Meeting, notice: str = "") -> HttpResponse:
    return render(
        request,
        "governance/pack_status.html",
        {
            "meeting": meeting,
            "packs": packs.pack_rows(meeting),
            "can_rebuild": request.user.has_perm("governance.publish_meeting"),
            "notice": notice,
        },
    )


@login_required
@require_GET
def pack_status(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The build status of both packs (an htmx partial that polls itself while a build
    is queued or running)."""
    meeting = access_meeting(request.user, pk, packs_status=True)
    return _status(request, meeting)


@login_required
@require_POST
def pack_rebuild(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Rebuild both packs now (secretariat)."""
    meeting = access_meeting(request.user, pk, publish=True)
    try:
        packs_rebuild(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        level, notice = messages.ERROR, " ".join(exc.messages)
    else:
        level, notice = messages.SUCCESS, _("The agenda packs are being rebuilt.")
    if request.htmx:
        # The partial replaces itself and shows the outcome; no message is queued for
        # a later page.
        return _status(request, meeting, notice)
    messages.add_message(request, level, notice)
    return redirect("governance:meeting-publication", pk=meeting.pk)
