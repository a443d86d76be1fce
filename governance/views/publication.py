"""Publishing a meeting's agenda and decision list (the secretariat's explicit acts)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from governance import services
from governance.access import access_meeting
from governance.forms.publication import WithdrawPublicationForm
from governance.models import Decision, Meeting
from governance.packs import pack_rows
from governance.queries import publication as queries
from governance.views._http import AuthenticatedRequest

# The value the confirmation page's "Yes, publish" button sends.
CONFIRM = "yes"

# Why publishing cannot succeed now: the confirmation page then offers no button.
REFUSALS = {
    "agenda": services.agenda_publish_refusal,
    "decisions": services.decisions_publish_refusal,
}

PUBLISH_ACTS = {
    "agenda": (services.agenda_publish, _("The agenda has been published.")),
    "decisions": (services.decisions_publish, _("The decision list has been published.")),
}


def _page(request: HttpRequest, meeting: Meeting, forms=None, *, status: int = 200):
    forms = forms or {}
    context = {
        "meeting": meeting,
        "item_count": meeting.agenda_items.count(),
        "decision_count": Decision.objects.filter(agenda_item__meeting=meeting).count(),
        "agenda_form": forms.get("agenda") or WithdrawPublicationForm(prefix="agenda"),
        "decisions_form": forms.get("decisions") or WithdrawPublicationForm(prefix="decisions"),
        "log": queries.publication_log(meeting),
        "agenda_refusal": services.agenda_publish_refusal(meeting),
        "packs": pack_rows(meeting),
        "can_rebuild": request.user.has_perm("governance.publish_meeting"),
    }
    return render(request, "governance/meeting_publication.html", context, status=status)


@login_required
@require_GET
def meeting_publication(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """What is published of this meeting, the agenda packs, and the acts to change it."""
    meeting = access_meeting(request.user, pk, publish=True)
    return _page(request, meeting)


def _publish(request: AuthenticatedRequest, pk: int, what: str) -> HttpResponse:
    meeting = access_meeting(request.user, pk, publish=True)
    service, done = PUBLISH_ACTS[what]
    try:
        service(actor=request.user, meeting=meeting)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, done)
    return redirect("governance:meeting-publication", pk=meeting.pk)


def _withdraw(request: AuthenticatedRequest, pk: int, what: str) -> HttpResponse:
    meeting = access_meeting(request.user, pk, publish=True)
    form = WithdrawPublicationForm(request.POST, prefix=what)
    if form.is_valid():
        service = services.agenda_unpublish if what == "agenda" else services.decisions_unpublish
        try:
            service(actor=request.user, meeting=meeting, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request,
                _("The agenda is no longer published.")
                if what == "agenda"
                else _("The decision list is no longer published."),
            )
            return redirect("governance:meeting-publication", pk=meeting.pk)
    return _page(request, meeting, {what: form}, status=400)


def _confirm_and_publish(request: AuthenticatedRequest, pk: int, what: str) -> HttpResponse:
    """Confirm (GET) and publish (POST) the agenda or the decision list. The confirmation
    page lists what stands out (agenda: missing documents, incomplete cover notes,
    confidential documents of public items; decision list: items for decision without a
    decision); publishing with warnings is allowed, but only with the explicit
    confirmation (``confirm``) the page's button sends (WCAG 3.3.4)."""
    meeting = access_meeting(request.user, pk, publish=True)
    published = meeting.agenda_published_at if what == "agenda" else meeting.decisions_published_at
    if request.method == "GET" and published is not None:
        return redirect("governance:meeting-publication", pk=meeting.pk)
    refusal = REFUSALS[what](meeting)
    if request.method == "POST" and request.POST.get("confirm") == CONFIRM:
        return _publish(request, pk, what)
    status = 200
    if request.method == "POST":
        messages.error(
            request,
            _("Confirm that the agenda is to be published.")
            if what == "agenda"
            else _("Confirm that the decision list is to be published."),
        )
        status = 400
    if what == "agenda":
        warnings = queries.agenda_publication_warnings(meeting, request.user)
    else:
        warnings = queries.decision_publication_warnings(meeting)
    return render(
        request,
        "governance/meeting_publish_confirm.html",
        {
            "meeting": meeting,
            "what": what,
            "item_count": meeting.agenda_items.count(),
            "decision_count": Decision.objects.filter(agenda_item__meeting=meeting).count(),
            "warnings": warnings,
            "refusal": refusal,
            "confirm": CONFIRM,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def agenda_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _confirm_and_publish(request, pk, "agenda")


@login_required
@require_POST
def agenda_unpublish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _withdraw(request, pk, "agenda")


@login_required
@require_http_methods(["GET", "POST"])
def decisions_publish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _confirm_and_publish(request, pk, "decisions")


@login_required
@require_POST
def decisions_unpublish(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    return _withdraw(request, pk, "decisions")
