"""Decisions with votes, the decision list (besluitenlijst) and written procedures
(schriftelijke ronde)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from governance import services
from governance.access import (
    CLOSE_WRITTEN,
    access_agenda_item,
    access_meeting,
    is_insider_of,
    require,
)
from governance.forms.decisions import DecisionForm, WrittenResponseForm
from governance.queries import decisions as queries
from governance.services.decisions import decision_waits_for_start
from governance.services.written import responding_membership, written_close_waits
from governance.views._http import AuthenticatedRequest


@login_required
@require_http_methods(["GET", "POST"])
def decision_record(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Record or correct the decision on an item, with an optional vote table."""
    item = access_agenda_item(request.user, pk, decide=True)
    row = queries.item_decision(item, request.user)
    seats = queries.roster(item.meeting)
    form = DecisionForm(request.POST or None, instance=row.decision, seats=seats)
    # Before the meeting begins the page offers no form and says from when it can;
    # a POST still goes to the service, which refuses on the same rule.
    waits = decision_waits_for_start(item.meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_record(
                actor=request.user,
                item=item,
                outcome=form.cleaned_data["outcome"],
                text=form.cleaned_data["text"],
                votes=form.votes(),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The decision has been recorded."))
            return redirect("governance:agenda-item-detail", pk=item.pk)
    return render(
        request,
        "governance/decision_form.html",
        {
            "item": item,
            "meeting": item.meeting,
            "form": form,
            "decision": row.decision,
            "decision_waits": waits,
        },
    )


@require_GET
def decision_list(request: HttpRequest, pk: int) -> HttpResponse:
    """The besluitenlijst: for the insiders of the meeting every item with its decision
    and votes; for anyone else the published list's public decisions, or a notice that
    the list is not published."""
    meeting = access_meeting(request.user, pk)
    insider = is_insider_of(request.user, meeting)
    return render(
        request,
        "governance/decision_list.html",
        {
            "meeting": meeting,
            "rows": queries.decision_list(meeting, request.user, insider=insider),
            "unpublished": not insider and meeting.decisions_published_at is None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def written_respond(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """A member's response to one item of a written procedure."""
    item = access_agenda_item(request.user, pk)
    meeting = item.meeting
    if not meeting.is_written:
        raise Http404
    require(request.user, "governance.add_writtenresponse")  # and a seat, checked below
    if responding_membership(request.user, meeting) is None:
        raise PermissionDenied
    own = queries.own_response(item, request.user)
    form = WrittenResponseForm(request.POST or None, instance=own)
    if request.method == "POST" and form.is_valid():
        try:
            services.written_respond(
                actor=request.user,
                item=item,
                answer=form.cleaned_data["answer"],
                remarks=form.cleaned_data.get("remarks", ""),
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("Your response has been saved."))
            return redirect("governance:agenda-item-detail", pk=item.pk)
    return render(
        request,
        "governance/written_respond.html",
        {
            "item": item,
            "meeting": meeting,
            "form": form,
            "own_response": own,
            "written_open": meeting.takes_written_responses,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def written_close(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Confirm (GET) and close (POST) a written procedure."""
    meeting = access_meeting(request.user, pk)
    if not meeting.is_written:
        raise Http404
    require(request.user, *CLOSE_WRITTEN)  # what services.written_close requires
    error = None
    if request.method == "POST":
        # Even when the page offers no button (``written_close_waits``): the service
        # refuses on the same rule.
        try:
            result = services.written_close(actor=request.user, meeting=meeting)
        except ValidationError as exc:
            error = exc
        else:
            if result.already_closed:
                messages.info(request, _("This written procedure was already closed."))
            else:
                messages.success(
                    request, _("The written procedure has been closed and its decisions recorded.")
                )
            return redirect("governance:decision-list", pk=meeting.pk)
    return render(
        request,
        "governance/written_close.html",
        {
            "meeting": meeting,
            "counts": queries.meeting_response_counts(meeting),
            "seat_count": len(queries.roster(meeting).seats),
            "errors": error.messages if error else [],
            "close_waits": written_close_waits(meeting),
        },
        status=200,
    )
